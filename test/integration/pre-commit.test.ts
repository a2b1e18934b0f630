/**
 * The pre-commit hook (.pre-commit-hooks.yaml): its entry, run the way the pre-commit framework
 * runs it (the package's `playbook` bin, the hook's args, then the staged files its `files`
 * pattern selects), on playbooks staged in a real git repository.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '../../..');

interface Hook {
  id: string;
  entry: string;
  language: string;
  files: string;
  args?: string[];
  pass_filenames?: boolean;
}

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], { cwd, encoding: 'utf8' });
  assert.strictEqual(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** Runs the hook on what is staged in `repo`, as pre-commit would: `entry` + `args` + the staged files that match `files`. */
function runHook(hook: Hook, repo: string): { status: number | null; out: string; files: string[] } {
  const staged = git(repo, 'diff', '--cached', '--name-only', '--diff-filter=ACMR').split('\n').filter(Boolean);
  const files = staged.filter((f) => new RegExp(hook.files).test(f));
  const [bin, ...entryArgs] = hook.entry.split(/\s+/);
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  assert.ok(pkg.bin[bin], `the package has a "${bin}" bin for the hook's entry`);
  const r = spawnSync(process.execPath, [path.join(ROOT, pkg.bin[bin]), ...entryArgs, ...(hook.args ?? []), ...files], { cwd: repo, encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr, files };
}

suite('pre-commit hook', () => {
  let hook: Hook;
  let repo: string;

  suiteSetup(() => {
    const hooks = parse(fs.readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
    hook = hooks.find((h) => h.id === 'playbook-validate')!;
    assert.ok(hook, 'a playbook-validate hook');
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'playbook-pre-commit-'));
    git(repo, 'init', '-q');
    fs.mkdirSync(path.join(repo, 'playbooks'));
    for (const f of ['race.playbook.yaml', 'laer.playbook.yaml', 'gaps.playbook.yaml']) fs.copyFileSync(path.join(ROOT, 'samples', f), path.join(repo, 'playbooks', f));
    fs.writeFileSync(path.join(repo, 'README.md'), '# notes\n');
    fs.writeFileSync(path.join(repo, 'other.yaml'), 'not: [a playbook\n');
  });

  suiteTeardown(() => fs.rmSync(repo, { recursive: true, force: true }));

  test('the hook is a node hook for *.playbook.yaml / *.playbook.yml that gets the file names', () => {
    assert.strictEqual(hook.language, 'node');
    assert.notStrictEqual(hook.pass_filenames, false);
    const re = new RegExp(hook.files);
    for (const f of ['a.playbook.yaml', 'dir/b.playbook.yml']) assert.ok(re.test(f), f);
    for (const f of ['a.yaml', 'playbook.yaml.bak', '.playbookrc.yaml', 'a.playbook.yaml.orig']) assert.ok(!re.test(f), f);
  });

  test('clean playbooks staged: the hook passes, and only playbooks are passed to it', () => {
    git(repo, 'add', 'README.md', 'other.yaml', 'playbooks/race.playbook.yaml', 'playbooks/laer.playbook.yaml');
    const r = runHook(hook, repo);
    assert.deepStrictEqual(r.files.sort(), ['playbooks/laer.playbook.yaml', 'playbooks/race.playbook.yaml']);
    assert.strictEqual(r.status, 0, r.out);
  });

  test('a playbook with findings staged: the hook fails and names the file and the rules', () => {
    git(repo, 'add', 'playbooks/gaps.playbook.yaml');
    const r = runHook(hook, repo);
    assert.ok(r.files.includes('playbooks/gaps.playbook.yaml'));
    assert.strictEqual(r.status, 1, r.out);
    assert.match(r.out, /playbooks\/gaps\.playbook\.yaml/);
    assert.match(r.out, /unknown-reference/);
  });

  test('a .playbookrc.yaml in the repository applies to the hook as in CI', () => {
    fs.writeFileSync(path.join(repo, '.playbookrc.yaml'), 'rules:\n  unknown-reference: off\n');
    try {
      const r = runHook(hook, repo);
      assert.strictEqual(r.status, 1, r.out);
      assert.match(r.out, /duplicate-id/, 'the other rules still run');
      assert.doesNotMatch(r.out, /unknown-reference/, 'the rule turned off in .playbookrc.yaml');
    } finally {
      fs.rmSync(path.join(repo, '.playbookrc.yaml'));
    }
  });
});
