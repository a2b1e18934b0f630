/**
 * The GitHub Action (action.yml + action/run.mjs): its validate step is run as the runner would
 * run it (the step's env built from action.yml's own mapping of inputs), with the built CLI, a
 * fake GITHUB_STEP_SUMMARY and GITHUB_OUTPUT; annotations, SARIF, outputs and the job summary
 * are checked.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist/cli.js');

interface ActionYml {
  inputs: Record<string, { default?: string; description: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: { id?: string; name: string; env?: Record<string, string>; run?: string; uses?: string; with?: Record<string, string>; if?: string }[] };
}

const action = parse(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as ActionYml;
const step = action.runs.steps.find((s) => s.id === 'validate')!;

/** Runs the validate step with these inputs (the others at their defaults), in `cwd`. */
function runStep(inputs: Record<string, string>, cwd: string, github: Record<string, string> = {}): { status: number | null; stdout: string; summary: string; outputs: Record<string, string>; review?: string } {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'playbook-action-'));
  const summaryFile = path.join(tmp, 'summary.md');
  const outputFile = path.join(tmp, 'output.txt');
  fs.writeFileSync(summaryFile, '');
  fs.writeFileSync(outputFile, '');
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', PLAYBOOK_CLI: CLI, GITHUB_STEP_SUMMARY: summaryFile, GITHUB_OUTPUT: outputFile, GITHUB_ACTION_PATH: ROOT, RUNNER_TEMP: tmp, ...github };
  for (const [name, expr] of Object.entries(step.env ?? {})) {
    const m = /^\$\{\{ inputs\.([\w-]+) \}\}$/.exec(expr);
    assert.ok(m && action.inputs[m[1]], `${name} maps a declared input: ${expr}`);
    env[name] = inputs[m[1]] ?? action.inputs[m[1]].default ?? '';
  }
  const script = /node "\$GITHUB_ACTION_PATH\/(.+?)"/.exec(step.run ?? '')?.[1];
  assert.ok(script, `the step runs a script of the action: ${step.run}`);
  const r = spawnSync(process.execPath, [path.join(ROOT, script)], { cwd, env, encoding: 'utf8' });
  const outputs = Object.fromEntries(fs.readFileSync(outputFile, 'utf8').split('\n').filter(Boolean).map((l) => l.split('=', 2) as [string, string]));
  const summary = fs.readFileSync(summaryFile, 'utf8');
  const review = outputs.review ? fs.readFileSync(outputs.review, 'utf8') : undefined;
  fs.rmSync(tmp, { recursive: true, force: true });
  return { status: r.status, stdout: r.stdout + r.stderr, summary, outputs, review };
}

suite('GitHub Action', () => {
  suiteSetup(() => assert.ok(fs.existsSync(CLI), `${CLI} is missing: run \`node scripts/build.mjs\` first`));

  test('action.yml: a composite action with inputs for paths, format, fail severity, max warnings and SARIF', () => {
    assert.strictEqual(action.runs.using, 'composite');
    for (const input of ['paths', 'format', 'fail-severity', 'max-warnings', 'sarif', 'sarif-category', 'version']) assert.ok(action.inputs[input]?.description, input);
    const upload = action.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    assert.ok(upload, 'a SARIF upload step');
    assert.match(upload.if ?? '', /inputs\.sarif != ''/);
    assert.strictEqual(upload.with?.category, '${{ inputs.sarif-category }}');
    for (const out of ['files', 'errors', 'warnings']) assert.match(action.outputs[out].value, new RegExp(`steps\\.validate\\.outputs\\.${out}`));
  });

  test('samples with findings: annotations, exit 1, outputs, SARIF, and a job summary with counts by rule and the errors', () => {
    const sarif = path.join(os.tmpdir(), `playbook-action-${process.pid}.sarif`);
    try {
      const r = runStep({ paths: 'samples', sarif }, ROOT);
      assert.strictEqual(r.status, 1, r.stdout);
      assert.match(r.stdout, /^::error file=samples\/gaps\.playbook\.yaml,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=playbook\(unknown-reference\)::/m);
      assert.ok(Number(r.outputs.files) >= 10 && Number(r.outputs.errors) > 0, JSON.stringify(r.outputs));
      assert.strictEqual(r.outputs.sarif, sarif);
      const log = JSON.parse(fs.readFileSync(sarif, 'utf8')) as { version: string; runs: { results: unknown[] }[] };
      assert.strictEqual(log.version, '2.1.0');
      assert.strictEqual(log.runs[0].results.length, Number(r.outputs.errors) + Number(r.outputs.warnings) + Number(r.outputs.infos));
      // The summary.
      assert.match(r.summary, /^## Playbook validation\n\n:x: \d+ errors?, \d+ warnings?, \d+ infos? in 1 of \d+ playbooks\.\n/);
      assert.match(r.summary, /### Findings by rule\n\n\| rule \| errors \| warnings \| infos \|\n\|---\|--:\|--:\|--:\|\n/);
      assert.match(r.summary, /\| \[unknown-reference\]\(https?:\/\/[^)]+\/unknown-reference\.md\) \| [1-9]\d* \| 0 \| 0 \|/);
      assert.match(r.summary, /### Errors\n\n\| file \| line \| rule \| message \|\n/);
      const errorRows = r.summary.split('\n').filter((l) => l.startsWith('| `samples/gaps.playbook.yaml` |'));
      assert.strictEqual(errorRows.length, Number(r.outputs.errors), 'one row per error');
      // The counts by rule add up to the totals.
      const byRule = r.summary.split('### Findings by rule')[1].split('###')[0].split('\n').filter((l) => /^\| \[/.test(l)).map((l) => l.split('|').slice(2, 5).map((c) => Number(c.trim())));
      assert.strictEqual(byRule.reduce((n, c) => n + c[0], 0), Number(r.outputs.errors));
      assert.strictEqual(byRule.reduce((n, c) => n + c[1], 0), Number(r.outputs.warnings));
      console.log(`      job summary:\n${r.summary.split('\n').slice(0, 14).map((l) => `        ${l}`).join('\n')}`);
    } finally {
      fs.rmSync(sarif, { force: true });
    }
  });

  test('one run of the CLI writes every report the step needs (annotations, stylish, JSON, SARIF)', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'playbook-action-count-'));
    try {
      const calls = path.join(tmp, 'calls.txt');
      const wrapper = path.join(tmp, 'cli.js');
      fs.writeFileSync(
        wrapper,
        `const { spawnSync } = require('child_process');\nrequire('fs').appendFileSync(${JSON.stringify(calls)}, process.argv.slice(2).join(' ') + '\\n');\nprocess.exit(spawnSync(process.execPath, [${JSON.stringify(CLI)}, ...process.argv.slice(2)], { stdio: 'inherit' }).status ?? 2);\n`,
      );
      const sarif = path.join(tmp, 'out', 'r.sarif');
      const r = runStep({ paths: 'samples', format: 'stylish', sarif }, ROOT, { PLAYBOOK_CLI: wrapper });
      assert.strictEqual(r.status, 1, r.stdout);
      const runs = fs.readFileSync(calls, 'utf8').trim().split('\n');
      assert.deepStrictEqual(runs.map((l) => l.split(' ')[0]), ['validate'], runs.join('\n'));
      assert.match(r.stdout, /problems? \(\d+ errors?/, 'the readable report');
      assert.match(r.stdout, /^::error file=samples\/gaps\.playbook\.yaml,/m, 'the annotations');
      assert.ok(r.stdout.indexOf('::error file=') > r.stdout.search(/problems? \(/), 'the readable report first, then the annotations');
      assert.ok(Number(r.outputs.errors) > 0 && r.summary.includes('### Errors'));
      assert.strictEqual((JSON.parse(fs.readFileSync(sarif, 'utf8')) as { version: string }).version, '2.1.0');
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  test('clean playbooks: exit 0, a one-line summary; stylish adds the readable report', () => {
    const r = runStep({ paths: 'samples/race.playbook.yaml samples/laer.playbook.yaml', format: 'stylish' }, ROOT);
    assert.strictEqual(r.status, 0, r.stdout);
    assert.match(r.stdout, /2 playbooks checked, no problems/);
    assert.doesNotMatch(r.stdout, /^::/m);
    assert.strictEqual(r.summary, '## Playbook validation\n\n:white_check_mark: 2 playbooks checked, no problems.\n\n');
    assert.deepStrictEqual(r.outputs, { files: '2', errors: '0', warnings: '0', infos: '0' });
  });

  test('paths one per line may hold spaces; a SARIF file goes into a folder made for it; file names show as written', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'playbook-action-paths-'));
    try {
      fs.mkdirSync(path.join(dir, 'R&D plays'));
      fs.copyFileSync(path.join(ROOT, 'samples/gaps.playbook.yaml'), path.join(dir, 'R&D plays', 'gaps <draft>.playbook.yaml'));
      fs.copyFileSync(path.join(ROOT, 'samples/race.playbook.yaml'), path.join(dir, 'race.playbook.yaml'));
      const r = runStep({ paths: 'R&D plays\nrace.playbook.yaml\n', sarif: 'reports/out/playbooks.sarif' }, dir);
      assert.strictEqual(r.status, 1, r.stdout);
      assert.strictEqual(r.outputs.files, '2');
      assert.ok(fs.existsSync(path.join(dir, 'reports/out/playbooks.sarif')), 'the SARIF folder was made');
      assert.ok(r.summary.includes('| `R&D plays/gaps <draft>.playbook.yaml` |'), r.summary.split('\n').find((l) => l.includes('gaps')) ?? r.summary);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('fail severity and max warnings gate the step as they gate the CLI', () => {
    // A folder whose only findings are warnings: gaps, with its error rules turned to warnings.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'playbook-action-ws-'));
    try {
      fs.copyFileSync(path.join(ROOT, 'samples/gaps.playbook.yaml'), path.join(dir, 'gaps.playbook.yaml'));
      const errorRules = ['escalation-cycle', 'duplicate-id', 'stage-not-in-framework', 'unknown-reference', 'coverage-gap', 'owner-over-capacity'];
      fs.writeFileSync(path.join(dir, '.playbookrc.yaml'), `rules:\n${errorRules.map((r) => `  ${r}: warning`).join('\n')}\n`);
      const passes = runStep({ paths: '.' }, dir);
      assert.strictEqual(passes.status, 0, passes.stdout);
      assert.strictEqual(passes.outputs.errors, '0');
      assert.ok(Number(passes.outputs.warnings) > 0);
      assert.match(passes.summary, /:white_check_mark: 0 errors, \d+ warnings, \d+ infos? in 1 of 1 playbook \(below the fail severity\)\./);
      assert.match(passes.stdout, /^::warning file=gaps\.playbook\.yaml,/m);
      assert.strictEqual(runStep({ paths: '.', 'fail-severity': 'warning' }, dir).status, 1);
      assert.strictEqual(runStep({ paths: '.', 'max-warnings': '0' }, dir).status, 1);
      assert.strictEqual(runStep({ paths: '.', 'max-warnings': passes.outputs.warnings }, dir).status, 0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const bad = runStep({ paths: 'samples', 'fail-severity': 'fatal' }, ROOT);
    assert.strictEqual(bad.status, 2);
    assert.match(bad.stdout, /::error title=playbook::fail-severity must be error, warning or info/);
    assert.match(bad.summary, /:x: fail-severity must be/);
    const missing = runStep({ paths: 'no-such-folder' }, ROOT);
    assert.strictEqual(missing.status, 2, missing.stdout);
    assert.match(missing.stdout, /no such file or directory: no-such-folder/);
  });

  test('on a pull request: the review of the change in the job summary and a file; fail-on-new gates it; a shallow checkout gets a warning', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'playbook-action-pr-'));
    const git = (cwd: string, ...args: string[]) => {
      const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
      assert.strictEqual(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
    };
    try {
      const origin = path.join(tmp, 'origin');
      fs.mkdirSync(origin);
      git(origin, 'init', '-q', '-b', 'main');
      git(origin, 'config', 'user.email', 'a@example.com');
      git(origin, 'config', 'user.name', 'a');
      const base = fs.readFileSync(path.join(ROOT, 'test/fixtures/diff/base.playbook.yaml'), 'utf8');
      fs.writeFileSync(path.join(origin, 'cs.playbook.yaml'), base);
      git(origin, 'add', '.');
      git(origin, 'commit', '-q', '-m', 'base');
      const work = path.join(tmp, 'work');
      git(tmp, 'clone', '-q', `file://${origin}`, work);
      git(work, 'config', 'user.email', 'b@example.com');
      git(work, 'config', 'user.name', 'b');
      git(work, 'checkout', '-q', '-b', 'feature');
      fs.writeFileSync(path.join(work, 'cs.playbook.yaml'), base.replace('size: 80', 'size: 140'));
      git(work, 'commit', '-q', '-am', 'more enterprise accounts');
      const pr = { GITHUB_EVENT_NAME: 'pull_request', GITHUB_BASE_REF: 'main' };

      const r = runStep({ paths: '.' }, work, pr);
      assert.strictEqual(r.status, 0, r.stdout);
      assert.match(r.summary, /## Playbook validation[\s\S]*### Playbook review: 1 playbook changed · 1 new warning/);
      assert.match(r.summary, /\| `csm` CSM team \| 80 of 100 \| 140 of 100 \(over by 40\) \|/);
      assert.ok(r.review?.startsWith('### Playbook review:'), 'the review file, for a comment action');
      assert.match(r.stdout, /Playbook review against origin\/main: Playbook review: 1 playbook changed/);
      assert.strictEqual(runStep({ paths: '.', 'fail-on-new': 'warning' }, work, pr).status, 1, 'a new warning fails when asked');
      assert.strictEqual(runStep({ paths: '.', 'fail-on-new': 'error' }, work, pr).status, 0, 'no new error');
      assert.doesNotMatch(runStep({ paths: '.' }, work, {}).summary, /Playbook review/, 'not a pull request: no review');
      assert.doesNotMatch(runStep({ paths: '.', review: 'false' }, work, pr).summary, /Playbook review/);

      const shallow = path.join(tmp, 'shallow');
      git(tmp, 'clone', '-q', '--depth', '1', '--branch', 'feature', `file://${work}`, shallow);
      const s = runStep({ paths: '.' }, shallow, pr);
      assert.strictEqual(s.status, 0, 'the validation passed; the review could not run, and says why');
      assert.match(s.stdout, /::warning title=playbook review::playbook: unknown git ref "origin\/main": this is a shallow clone/);
      assert.match(s.summary, /:warning: The change could not be compared with `origin\/main`.*fetch-depth: 0/);
      assert.strictEqual(runStep({ paths: '.', 'fail-on-new': 'error' }, shallow, pr).status, 2, 'asked to gate on new findings, it cannot: the step fails');
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
