/**
 * A branch switch against the running server: 1,000 playbooks change on disk at once
 * (changed, created, deleted, some changed twice, a folder the `.playbookrc.yaml` leaves
 * out), announced by a storm of file-change notifications in many small batches with
 * repeats. The diagnostics must settle to exactly the CLI's findings for the new tree:
 * every file the CLI reports has the same findings, every other file (deleted, clean,
 * excluded) has none. How fast they settle is the benchmark's to measure (`npm run bench`);
 * the wait here is only a hang guard.
 */
import * as assert from 'assert';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { createMessageConnection, MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { generatePlaybook, rng } from '../../bench/generate';

const ROOT = path.resolve(__dirname, '../../..');

interface Diagnostic {
  code: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  message: string;
}

/** A small playbook; `broken` gives it findings (an owner that does not exist, a stage outside the framework). */
function playbook(i: number, variant: number, broken: boolean): string {
  let text = generatePlaybook(4 + ((i + variant) % 5), i * 31 + variant, `programme-${i}`);
  if (broken) text = text.replace(/^( {4}owner: ).*$/m, `$1owner-gone-${variant}`).replace(/^( {4}stage: ).*$/m, '$1onboard');
  return text;
}

/** Each file's findings as `rule line:col-line:col message`, from the CLI's JSON output. */
function cliFindings(dir: string): Map<string, string[]> {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'validate', '.', '--format', 'json'], { cwd: dir, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  assert.ok(r.status === 0 || r.status === 1, `the CLI ran: exit ${r.status}\n${r.stderr}`);
  const out = new Map<string, string[]>();
  for (const f of JSON.parse(r.stdout).files as { filePath: string; findings: { ruleId: string; line: number; column: number; endLine: number; endColumn: number; message: string }[] }[]) {
    if (f.findings.length) out.set(path.resolve(dir, f.filePath), f.findings.map((x) => `${x.ruleId} ${x.line}:${x.column}-${x.endLine}:${x.endColumn} ${x.message}`).sort());
  }
  return out;
}

function lspFindings(d: Diagnostic[]): string[] {
  return d.map((x) => `${x.code} ${x.range.start.line + 1}:${x.range.start.character + 1}-${x.range.end.line + 1}:${x.range.end.character + 1} ${x.message}`).sort();
}

suite('branch switch: 1,000 files change on disk at once', () => {
  let connection: MessageConnection;
  let child: ReturnType<typeof spawn>;
  let dir: string;
  /** The last diagnostics published for each file (by path). */
  const last = new Map<string, Diagnostic[]>();

  suiteSetup(async function () {
    this.timeout(120000);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'playbook-branch-'));
    // Branch A: 1,200 playbooks in 12 folders, every 7th with findings, plus an excluded drafts folder.
    fs.writeFileSync(path.join(dir, '.playbookrc.yaml'), 'exclude:\n  - "drafts/**"\n');
    for (let i = 0; i < 1200; i++) {
      const sub = path.join(dir, `team-${i % 12}`);
      fs.mkdirSync(sub, { recursive: true });
      fs.writeFileSync(path.join(sub, `programme-${i}.playbook.yaml`), playbook(i, 0, i % 7 === 0));
    }
    fs.mkdirSync(path.join(dir, 'drafts'));
    child = spawn(process.execPath, [path.join(ROOT, 'dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
    connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: Diagnostic[] }) => {
      last.set(new URL(p.uri).pathname, p.diagnostics);
    });
    connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({ validate: { enable: true }, rules: {} })));
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onRequest('client/registerCapability', () => null);
    connection.listen();
    await connection.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(dir).toString(), workspaceFolders: [{ uri: pathToFileURL(dir).toString(), name: 'branch' }], capabilities: { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } } } });
    await connection.sendNotification('initialized', {});
    // The workspace validation of branch A has finished when this request returns.
    await connection.sendRequest('playbook/validateWorkspace');
  });

  suiteTeardown(async () => {
    await connection?.sendRequest('shutdown').catch(() => undefined);
    await connection?.sendNotification('exit').catch(() => undefined);
    connection?.dispose();
    child?.kill();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('before the switch, the diagnostics are the CLI\'s', () => {
    const expected = cliFindings(dir);
    assert.ok(expected.size > 100, `branch A has files with findings (${expected.size})`);
    for (const [file, findings] of expected) assert.deepStrictEqual(lspFindings(last.get(file) ?? []), findings, file);
  });

  test('a storm of change notifications for 1,000 files ends with exactly the CLI\'s findings, none stale', async function () {
    this.timeout(180000);
    const random = rng(20261130);
    const changes: { uri: string; type: 1 | 2 | 3 }[] = [];
    const uriOf = (f: string) => pathToFileURL(f).toString();
    // Branch B: 600 changed (findings appear, disappear or move), 200 deleted, 150 created, 50 created in drafts/.
    for (let i = 0; i < 600; i++) {
      const file = path.join(dir, `team-${i % 12}`, `programme-${i}.playbook.yaml`);
      fs.writeFileSync(file, playbook(i, 1, random() < 0.3));
      changes.push({ uri: uriOf(file), type: 2 });
    }
    for (let i = 600; i < 800; i++) {
      const file = path.join(dir, `team-${i % 12}`, `programme-${i}.playbook.yaml`);
      fs.rmSync(file);
      changes.push({ uri: uriOf(file), type: 3 });
    }
    for (let i = 1200; i < 1350; i++) {
      const file = path.join(dir, `team-${i % 12}`, `programme-${i}.playbook.yaml`);
      fs.writeFileSync(file, playbook(i, 1, i % 3 === 0));
      changes.push({ uri: uriOf(file), type: 1 });
    }
    for (let i = 0; i < 50; i++) {
      const file = path.join(dir, 'drafts', `draft-${i}.playbook.yaml`);
      fs.writeFileSync(file, playbook(i, 2, true));
      changes.push({ uri: uriOf(file), type: 1 });
    }
    // Watchers report in bursts, out of order, some files more than once (a checkout writes, then touches).
    for (let i = changes.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [changes[i], changes[j]] = [changes[j], changes[i]];
    }
    const repeats = changes.filter(() => random() < 0.2);
    const storm = [...changes, ...repeats];
    for (let k = 0; k < storm.length; k += 37) {
      void connection.sendNotification('workspace/didChangeWatchedFiles', { changes: storm.slice(k, k + 37) });
    }
    // Some files change again while the storm is being worked through (the checkout's second write).
    for (let i = 0; i < 600; i += 10) {
      const file = path.join(dir, `team-${i % 12}`, `programme-${i}.playbook.yaml`);
      fs.writeFileSync(file, playbook(i, 3, i % 20 === 0));
      void connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(file), type: 2 }] });
    }

    const expected = cliFindings(dir);
    const mismatches = () => {
      const bad: string[] = [];
      for (const [file, findings] of expected) if (JSON.stringify(lspFindings(last.get(file) ?? [])) !== JSON.stringify(findings)) bad.push(file);
      for (const [file, d] of last) if (d.length && !expected.has(file)) bad.push(`${file} (stale: ${d.length} findings)`);
      return bad;
    };
    const guard = Date.now() + 120000; // a hang guard, not a speed check
    while (mismatches().length && Date.now() < guard) await new Promise((r) => setTimeout(r, 100));
    // Settled: a quiet moment later nothing has changed it back.
    await new Promise((r) => setTimeout(r, 1000));
    const bad = mismatches();
    assert.deepStrictEqual(bad.slice(0, 10), [], `${bad.length} files differ from the CLI`);
    assert.ok(expected.size > 50, `branch B has files with findings (${expected.size})`);
    const drafts = [...last].filter(([f, d]) => f.includes('/drafts/') && d.length);
    assert.deepStrictEqual(drafts, [], 'the excluded folder has no findings');
    const deleted = [...last].filter(([f, d]) => /programme-(6\d\d|7\d\d)\./.test(f) && d.length);
    assert.deepStrictEqual(deleted, [], 'deleted files have no findings');
  });
});
