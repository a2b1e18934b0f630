/**
 * `playbook diff` on real git repositories made in temporary folders: commits, a branch, a
 * rename, a deleted playbook, a configuration per side, a shallow clone; every format and exit
 * code, and the one-line errors.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { DiffReport } from '../../server/src/cli/formats/diff';
import { cleanEnv } from './cliEnv';

const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist/cli.js');
const BASE = fs.readFileSync(path.join(ROOT, 'test/fixtures/diff/base.playbook.yaml'), 'utf8');
const GAPS = fs.readFileSync(path.join(ROOT, 'samples/gaps.playbook.yaml'), 'utf8');
const AIDA = fs.readFileSync(path.join(ROOT, 'samples/aida.playbook.yaml'), 'utf8');

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...cleanEnv(), GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z' } });
  assert.strictEqual(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function diff(cwd: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'diff', ...args], { cwd, encoding: 'utf8', env: cleanEnv() });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json(cwd: string, ...args: string[]): DiffReport {
  const r = diff(cwd, '--format', 'json', ...args);
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  return JSON.parse(r.stdout) as DiffReport;
}

function write(dir: string, file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), text);
}

suite('CLI: playbook diff on git repositories', () => {
  let tmp: string;
  let repo: string;

  suiteSetup(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'playbook-diff-')));
    repo = path.join(tmp, 'repo');
    fs.mkdirSync(repo);
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'config', 'user.email', 'cs-ops@example.com');
    git(repo, 'config', 'user.name', 'CS Ops');
    write(repo, 'playbooks/enterprise.playbook.yaml', BASE);
    write(repo, 'playbooks/old-name.playbook.yaml', BASE.replace('playbook: diff-base', 'playbook: to-be-renamed'));
    write(repo, 'playbooks/retired.playbook.yaml', BASE.replace('playbook: diff-base', 'playbook: retired'));
    write(repo, 'legacy/gaps.playbook.yaml', GAPS);
    write(repo, 'README.md', '# playbooks\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'base');
    git(repo, 'tag', 'v1');
    // A feature branch: a change with new findings, a rename, a deletion, an addition, a formatting-only change.
    git(repo, 'checkout', '-q', '-b', 'feature');
    write(repo, 'playbooks/enterprise.playbook.yaml', BASE.replace('size: 80', 'size: 140').replace(/\n {2}- id: renewal-call\n(?: {4}.*\n)+/, '\n'));
    git(repo, 'mv', 'playbooks/old-name.playbook.yaml', 'playbooks/new-name.playbook.yaml');
    git(repo, 'rm', '-q', 'playbooks/retired.playbook.yaml');
    // A new playbook, with a broken reference (unlike the deleted one, so git does not take it for a rename).
    write(repo, 'playbooks/added.playbook.yaml', AIDA.replace(/^( {4}owner: )[\w-]+$/m, '$1nobody'));
    write(repo, 'legacy/gaps.playbook.yaml', `# reviewed\n${GAPS.replace(/\n\n+/g, '\n')}`);
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'feature');
    git(repo, 'checkout', '-q', 'main');
  });

  suiteTeardown(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('two refs: each playbook with its status, the rename followed, findings introduced', () => {
    const r = json(repo, 'main', 'feature');
    assert.deepStrictEqual(
      r.files.map((f) => [f.path, f.status, f.previousPath ?? '']),
      [
        ['legacy/gaps.playbook.yaml', 'modified', ''],
        ['playbooks/added.playbook.yaml', 'added', ''],
        ['playbooks/enterprise.playbook.yaml', 'modified', ''],
        ['playbooks/new-name.playbook.yaml', 'renamed', 'playbooks/old-name.playbook.yaml'],
        ['playbooks/retired.playbook.yaml', 'deleted', ''],
      ],
    );
    const byPath = new Map(r.files.map((f) => [f.path, f.diff]));
    const enterprise = byPath.get('playbooks/enterprise.playbook.yaml')!;
    assert.deepStrictEqual(enterprise.findings.introduced.map((f) => f.ruleId).sort(), ['coverage-gap', 'owner-over-capacity']);
    assert.deepStrictEqual(enterprise.coverage.map((c) => `${c.stage}/${c.segment} ${c.change}`), ['renew/enterprise lost']);
    assert.deepStrictEqual(enterprise.owners.map((o) => [o.owner, o.before?.accounts, o.after?.accounts, o.after?.limit]), [['csm', 80, 140, 100]]);
    const legacy = byPath.get('legacy/gaps.playbook.yaml')!;
    assert.deepStrictEqual([legacy.findings.introduced.length, legacy.findings.resolved.length, legacy.entries.length], [0, 0, 0], 'a formatting-only change: its old findings are not new');
    assert.ok(legacy.findings.unchanged > 5);
    assert.deepStrictEqual(byPath.get('playbooks/new-name.playbook.yaml')!.entries, [], 'renamed, same model');
    assert.ok(byPath.get('playbooks/retired.playbook.yaml')!.entries.every((e) => e.change === 'removed'));
    assert.strictEqual(r.summary.introduced.error, 1, 'the broken reference of the added playbook');
    assert.strictEqual(byPath.get('playbooks/added.playbook.yaml')!.findings.introduced.filter((f) => f.severity === 'error').map((f) => f.ruleId).join(), 'unknown-reference');
    assert.strictEqual(r.base && 'commit' in r.base && r.base.commit, git(repo, 'rev-parse', 'main').trim(), 'the merge base of main and feature is main');
  });

  test('exit codes: 0 by default; --fail-on-new fails only on what the change brings in', () => {
    assert.strictEqual(diff(repo, 'main', 'feature').status, 0);
    assert.strictEqual(diff(repo, 'main', 'feature', '--fail-on-new', 'error').status, 1, 'the added playbook has a broken reference');
    assert.strictEqual(diff(repo, 'main', 'feature', '--fail-on-new', 'warning', 'playbooks/enterprise.playbook.yaml').status, 1);
    assert.strictEqual(diff(repo, 'main', 'feature', '--fail-on-new', 'error', 'playbooks/enterprise.playbook.yaml').status, 0, 'only warnings and info are new there');
    // gaps.playbook.yaml is full of errors, but they were there before: a change that only reformats it does not fail.
    assert.strictEqual(diff(repo, 'main', 'feature', '--fail-on-new', 'info', 'legacy').status, 0);
  });

  test('markdown: a headline, the new findings first, then coverage, owners and entries', () => {
    const r = diff(repo, '--format', 'markdown', 'main', 'feature');
    assert.strictEqual(r.status, 0, r.stderr);
    const md = r.stdout;
    assert.match(md.split('\n')[0], /^### Playbook review: 4 playbooks changed · 1 new error, \d+ new warnings?, .* · 1 coverage cell lost · 1 playbook changed in form only$/);
    const section = md.slice(md.indexOf('#### `playbooks/enterprise.playbook.yaml` (modified)'));
    const order = ['**New findings**', '**Coverage**', '**Owners', '**Segments**', '**Touchpoints**'].map((h) => section.indexOf(h));
    assert.ok(order.every((i, k) => i > 0 && (k === 0 || i > order[k - 1])), `sections in order: ${order}`);
    assert.match(section, /\*\*lost\*\*: `renew` × `enterprise` \(was covered by `renewal-call`\)/);
    assert.match(section, /\| `csm` CSM team \| 80 of 100 \| 140 of 100 \(over by 40\) \|/);
    assert.match(md, /#### `playbooks\/old-name\.playbook\.yaml` → `playbooks\/new-name\.playbook\.yaml` \(renamed\)/);
    assert.match(md, /#### `legacy\/gaps\.playbook\.yaml` \(modified\)\n\nChanged in form only/);
  });

  test('stylish for a terminal', () => {
    const r = diff(repo, 'main', 'feature', 'playbooks/enterprise.playbook.yaml');
    assert.strictEqual(r.status, 0);
    assert.match(r.stdout, /^playbooks\/enterprise\.playbook\.yaml \(modified\)$/m);
    assert.match(r.stdout, /new +warning +\d+:\d+ +Owner `csm` is accountable for 140 accounts/);
    assert.match(r.stdout, /coverage lost: renew × enterprise/);
    assert.match(r.stdout, /1 playbook changed · 1 new warning, 1 info · 1 coverage cell lost$/m);
    assert.ok(!r.stdout.includes('\u001b['), 'no colour when not a terminal');
  });

  test('defaults: HEAD against the working tree, untracked playbooks included; one ref: it against the working tree', () => {
    git(repo, 'checkout', '-q', 'feature');
    try {
      assert.deepStrictEqual(json(repo).files, [], 'a clean working tree: nothing');
      write(repo, 'playbooks/enterprise.playbook.yaml', fs.readFileSync(path.join(repo, 'playbooks/enterprise.playbook.yaml'), 'utf8').replace('target: 5', 'target: 4'));
      write(repo, 'playbooks/draft.playbook.yaml', BASE.replace('playbook: diff-base', 'playbook: draft'));
      const r = json(repo);
      assert.deepStrictEqual(r.files.map((f) => [f.path, f.status]), [['playbooks/draft.playbook.yaml', 'added'], ['playbooks/enterprise.playbook.yaml', 'modified']]);
      assert.deepStrictEqual(r.files[1].diff.kpis.map((k) => [k.kpi, k.field, k.before, k.after]), [['churn', 'target', 5, 4]]);
      assert.deepStrictEqual(r.head, { ref: null, commit: null });
      const fromMain = json(repo, 'main');
      assert.strictEqual(fromMain.files.length, 6, 'the branch and the working tree changes');
      // From a subfolder, paths are the repository's; the default is that folder.
      const sub = json(path.join(repo, 'legacy'), 'main');
      assert.deepStrictEqual(sub.files.map((f) => f.path), ['legacy/gaps.playbook.yaml']);
    } finally {
      git(repo, 'checkout', '-q', '--', '.');
      fs.rmSync(path.join(repo, 'playbooks/draft.playbook.yaml'), { force: true });
      git(repo, 'checkout', '-q', 'main');
    }
  });

  test('each side is analysed with its own .playbookrc.yaml', () => {
    const dir = path.join(tmp, 'configs');
    fs.mkdirSync(dir);
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'config', 'user.email', 'x@example.com');
    git(dir, 'config', 'user.name', 'x');
    write(dir, 'a.playbook.yaml', GAPS);
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'one');
    write(dir, '.playbookrc.yaml', 'rules:\n  coverage-gap: off\n');
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'turn coverage-gap off');
    const r = json(dir, 'HEAD~1', 'HEAD');
    assert.deepStrictEqual(r.files.map((f) => f.path), [], 'the configuration is not a playbook: no file changed');
    const wide = json(dir, 'HEAD~1', 'HEAD', '--', '.');
    assert.deepStrictEqual(wide.files, []);
    // Touch the playbook so it is compared: the findings the new configuration turns off are resolved.
    write(dir, 'a.playbook.yaml', `${GAPS}\n`);
    const now = json(dir, 'HEAD~1');
    assert.strictEqual(now.files.length, 1);
    assert.ok(now.files[0].diff.findings.resolved.length > 0 && now.files[0].diff.findings.resolved.every((f) => f.ruleId === 'coverage-gap'), JSON.stringify(now.files[0].diff.findings.resolved.map((f) => f.ruleId)));
    // The playbook's own `# playbook-disable-next-line coverage-gap` now suppresses nothing: that is new.
    assert.deepStrictEqual(now.files[0].diff.findings.introduced.map((f) => f.ruleId), ['unused-suppression']);
  });

  test('--base-file and --head-file compare two files without git', () => {
    write(tmp, 'x/before.playbook.yaml', BASE);
    write(tmp, 'x/after.playbook.yaml', BASE.replace(/\bcsm\b/g, 'customer-success'));
    const r = json(path.join(tmp, 'x'), '--base-file', 'before.playbook.yaml', '--head-file', 'after.playbook.yaml');
    assert.deepStrictEqual(r.files[0].diff.entries.map((e) => [e.kind, e.change, e.previousId, e.id]), [['owner', 'renamed', 'csm', 'customer-success']]);
    assert.deepStrictEqual(r.base, { file: 'before.playbook.yaml' });
    const one = diff(path.join(tmp, 'x'), '--base-file', 'before.playbook.yaml');
    assert.strictEqual(one.status, 2);
    assert.match(one.stderr, /^playbook: --base-file and --head-file go together/);
    const missing = diff(path.join(tmp, 'x'), '--base-file', 'before.playbook.yaml', '--head-file', 'nope.playbook.yaml');
    assert.strictEqual(missing.status, 2);
    assert.strictEqual(missing.stderr, 'playbook: no such file or directory: nope.playbook.yaml\n');
  });

  test('usage and git problems: exit 2 with one line', () => {
    const outside = path.join(tmp, 'not-a-repo');
    fs.mkdirSync(outside);
    const cases: { cwd: string; args: string[]; message: RegExp }[] = [
      { cwd: outside, args: [], message: /^playbook: not a git repository: / },
      { cwd: repo, args: ['no-such-branch'], message: /^playbook: unknown git ref "no-such-branch"$/ },
      { cwd: repo, args: ['main', '--format', 'xml'], message: /^playbook: unknown diff format "xml": use markdown, json or stylish$/ },
      { cwd: repo, args: ['main', '--fail-on-new', 'fatal'], message: /^playbook: --fail-on-new must be error, warning or info, not "fatal"$/ },
    ];
    for (const c of cases) {
      const r = diff(c.cwd, ...c.args);
      assert.strictEqual(r.status, 2, `${c.args.join(' ')}: ${r.stderr}`);
      assert.strictEqual(r.stderr.split('\n').filter(Boolean).length, 1, r.stderr);
      assert.match(r.stderr.trim(), c.message);
      assert.strictEqual(r.stdout, '');
    }
  });

  test('a shallow clone without the base says so', () => {
    const shallow = path.join(tmp, 'shallow');
    git(tmp, 'clone', '-q', '--depth', '1', '--branch', 'feature', `file://${repo}`, shallow);
    const r = diff(shallow, 'origin/main');
    assert.strictEqual(r.status, 2, r.stdout);
    assert.match(r.stderr, /^playbook: unknown git ref "origin\/main": this is a shallow clone, which may not have it/);
    assert.strictEqual(r.stderr.split('\n').filter(Boolean).length, 1);
    // With the base fetched but not the history between: where they meet cannot be found.
    git(shallow, 'fetch', '-q', '--depth', '1', 'origin', 'main:refs/remotes/origin/main');
    const r2 = diff(shallow, 'origin/main');
    assert.strictEqual(r2.status, 2, r2.stdout);
    assert.match(r2.stderr, /^playbook: cannot find where [0-9a-f]{12} and [0-9a-f]{12} meet: this is a shallow clone/);
  });
});
