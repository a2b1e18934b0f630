/**
 * Edit storms against the running server: 1,000 rapid edits (typing, undo-like back and
 * forth, edits while an analysis runs) end with exactly the CLI's findings for the final
 * text, and diagnostics are never published for an older version than one already published.
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

interface Published {
  version?: number;
  diagnostics: { code: string; range: { start: { line: number; character: number } }; message: string }[];
}

suite('edit storm against the running server', () => {
  let connection: MessageConnection;
  let child: ReturnType<typeof spawn>;
  let dir: string;
  const published: Published[] = [];

  suiteSetup(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'playbook-storm-'));
    child = spawn(process.execPath, [path.join(ROOT, 'dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
    connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    connection.onNotification('textDocument/publishDiagnostics', (p: Published & { uri: string }) => {
      if (p.uri.endsWith('storm.playbook.yaml')) published.push(p);
    });
    connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({ validate: { enable: true }, rules: {}, debounceMs: 5 })));
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onRequest('client/registerCapability', () => null);
    connection.listen();
    await connection.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(dir).toString(), capabilities: { workspace: { configuration: true } } });
    await connection.sendNotification('initialized', {});
  });

  suiteTeardown(async () => {
    await connection.sendRequest('shutdown').catch(() => undefined);
    await connection.sendNotification('exit').catch(() => undefined);
    connection.dispose();
    child.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('1,000 rapid edits end with the CLI\'s findings; versions never go back', async function () {
    this.timeout(120000);
    const file = path.join(dir, 'storm.playbook.yaml');
    const uri = pathToFileURL(file).toString();
    let text = generatePlaybook(120, 9);
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'playbook', version: 1, text } });
    const random = rng(2026);
    const offsetToPos = (t: string, offset: number) => {
      const before = t.slice(0, offset);
      const line = before.split('\n').length - 1;
      return { line, character: offset - (before.lastIndexOf('\n') + 1) };
    };
    const undo: { start: number; removed: string; inserted: string }[] = [];
    let version = 1;
    for (let i = 0; i < 1000; i++) {
      let start: number;
      let end: number;
      let inserted: string;
      const r = random();
      if (r < 0.3 && undo.length) {
        // Undo-like: revert the last edit exactly.
        const last = undo.pop()!;
        start = last.start;
        end = last.start + last.inserted.length;
        inserted = last.removed;
      } else if (r < 0.7) {
        // Typing a character somewhere inside a value.
        start = end = Math.floor(random() * text.length);
        inserted = 'abcdefgh -:[]#'[Math.floor(random() * 14)];
        undo.push({ start, removed: '', inserted });
      } else {
        // Replacing a value, or deleting a few characters.
        start = Math.floor(random() * text.length);
        end = Math.min(text.length, start + Math.floor(random() * 8));
        inserted = random() < 0.5 ? '' : ['email', 'land', 'segment-2', 'owner-1', '3d', 'x: y'][Math.floor(random() * 6)];
        undo.push({ start, removed: text.slice(start, end), inserted });
      }
      const range = { start: offsetToPos(text, start), end: offsetToPos(text, end) };
      text = text.slice(0, start) + inserted + text.slice(end);
      version++;
      void connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text: inserted }] });
      // Every so often let an analysis start before the next edit arrives.
      if (i % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 8));
    }
    // Wait for the diagnostics of the final version (debounced, so they come once typing stops).
    const deadline = Date.now() + 60000;
    while (!published.some((p) => p.version === version)) {
      if (Date.now() > deadline) throw new Error(`no diagnostics for version ${version}; last published ${published[published.length - 1]?.version}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // Versions never go back.
    const versions = published.map((p) => p.version ?? 0);
    for (let i = 1; i < versions.length; i++) assert.ok(versions[i] >= versions[i - 1], `published version ${versions[i]} after ${versions[i - 1]}`);
    // The final diagnostics are exactly the CLI's findings on the final text.
    fs.writeFileSync(file, text);
    const cli = spawnSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'validate', file, '--format', 'json'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    const expected = JSON.parse(cli.stdout).files[0].findings.map((f: { ruleId: string; line: number; column: number; message: string }) => `${f.ruleId}@${f.line}:${f.column} ${f.message}`);
    const final = published.filter((p) => p.version === version).pop()!;
    const actual = final.diagnostics.map((d) => `${d.code}@${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`);
    assert.deepStrictEqual(actual, expected);
    console.log(`      1000 edits sent, ${published.length} publications, final version ${version}, ${actual.length} findings (same as the CLI)`);
  });
});
