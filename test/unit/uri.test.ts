/**
 * The language server's URI <-> path keys (server/src/lsp/uri.ts) and the maps that use them:
 * one file reached under several spellings of its URI (`file:///c%3A/...` from VS Code,
 * `file:///C:/...` from other clients, percent-encoding or not, in either case) is one key,
 * one configuration lookup and one set of diagnostics, published under the client's spelling.
 *
 * The Windows spellings are checked here, where they mean something on any platform: a Linux
 * machine has no C: drive to put a playbook on (test/integration/lsp.test.ts covers the
 * spellings a Linux file system can hold, end to end).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Connection, PublishDiagnosticsParams } from 'vscode-languageserver';
import { nodeReader } from '../../server/src/host/files';
import { PlaybookConfigs } from '../../server/src/lsp/configs';
import { DiagnosticsSink } from '../../server/src/lsp/diagnostics';
import { AnalysisCache } from '../../server/src/lsp/documents';
import { ClientUris, fileKey, pathKey, pathToUri, uriToPath } from '../../server/src/lsp/uri';
import { DEFAULT_SETTINGS } from '../../server/src/protocol';

const onWindows = process.platform === 'win32';
/** The same file on a Windows machine, as the server's file walk gives it. */
const WIN_PATH = 'C:\\Users\\Ann Lee\\cs\\renewals.playbook.yaml';
/** ...and as clients spell its URI. */
const WIN_URIS = [
  'file:///c%3A/Users/Ann%20Lee/cs/renewals.playbook.yaml', // VS Code
  'file:///C:/Users/Ann%20Lee/cs/renewals.playbook.yaml', // most other clients
  'file:///c:/Users/Ann%20Lee/cs/renewals.playbook.yaml',
  'file:///C%3a/Users/Ann%20Lee/cs/renewals.playbook.yaml', // lower-case hex
];
const POSIX_URIS = [
  'file:///srv/cs/team+ops%20(eu)/renewals.playbook.yaml', // Node's pathToFileURL
  'file:///srv/cs/team%2Bops%20%28eu%29/renewals.playbook.yaml', // vscode-uri
  'file:///srv/cs/team%2bops%20%28eu%29/renewals.playbook.yaml',
];

suite('lsp/uri: keys of files, whatever the URI spelling', () => {
  test('every Windows spelling names one path (drive letter in lower case) and has one key, that of the path the file walk gives', () => {
    const paths = new Set(WIN_URIS.map(uriToPath));
    assert.strictEqual(paths.size, 1, [...paths].join(' | '));
    const [p] = paths;
    assert.ok(p && /^c:[\\/]Users[\\/]Ann Lee[\\/]cs[\\/]renewals\.playbook\.yaml$/.test(p), p);
    const keys = new Set([...WIN_URIS.map(fileKey), pathKey(WIN_PATH), pathKey('c:/Users/Ann Lee/cs/renewals.playbook.yaml'), pathKey(p!)]);
    assert.strictEqual(keys.size, 1, [...keys].join(' | '));
  });

  test("the server's own URI for a Windows path is VS Code's spelling", () => {
    assert.strictEqual(pathToUri(WIN_PATH), WIN_URIS[0]);
    assert.strictEqual(pathToUri('c:/Users/Ann Lee/cs/renewals.playbook.yaml'), WIN_URIS[0]);
    assert.strictEqual(fileKey(pathToUri(WIN_PATH)), pathKey(WIN_PATH));
  });

  test('percent-encoding variants name one path and have one key', () => {
    assert.deepStrictEqual([...new Set(POSIX_URIS.map(uriToPath))], [onWindows ? '\\srv\\cs\\team+ops (eu)\\renewals.playbook.yaml' : '/srv/cs/team+ops (eu)/renewals.playbook.yaml']);
    assert.strictEqual(new Set(POSIX_URIS.map(fileKey)).size, 1);
  });

  test('paths are otherwise kept as they are: case beyond the drive letter, and a backslash in a POSIX file name', () => {
    assert.notStrictEqual(pathKey('/srv/CS/a.playbook.yaml'), pathKey('/srv/cs/a.playbook.yaml'));
    if (!onWindows) assert.notStrictEqual(pathKey('/srv/a\\b.playbook.yaml'), pathKey('/srv/a/b.playbook.yaml'));
  });

  test('a URI that names no file is its own key and has no path', () => {
    assert.strictEqual(uriToPath('untitled:Untitled-1'), undefined);
    assert.strictEqual(fileKey('untitled:Untitled-1'), 'untitled:Untitled-1');
    assert.notStrictEqual(fileKey('untitled:Untitled-1'), fileKey('untitled:Untitled-2'));
  });
});

suite('lsp/uri: ClientUris, the client\'s spelling of each file', () => {
  test('an open document is found from the path the file walk gives, under the client\'s URI, and keeps that spelling once closed', () => {
    const uris = new ClientUris();
    assert.strictEqual(uris.uriOf(WIN_PATH), WIN_URIS[0], "before the client names it: the server's spelling");
    uris.opened(WIN_URIS[1]);
    assert.strictEqual(uris.openUri(WIN_PATH), WIN_URIS[1]);
    assert.strictEqual(uris.openUri('c:/Users/Ann Lee/cs/renewals.playbook.yaml'), WIN_URIS[1]);
    assert.strictEqual(uris.uriOf(WIN_PATH), WIN_URIS[1]);
    uris.closed(WIN_URIS[1]);
    assert.strictEqual(uris.openUri(WIN_PATH), undefined);
    assert.strictEqual(uris.uriOf(WIN_PATH), WIN_URIS[1], 'a closed file keeps the spelling it was opened under');
  });

  test('a spelling from a notice (a watched file) is used until the client opens the file under another', () => {
    const uris = new ClientUris();
    uris.heard(WIN_URIS[2]);
    assert.strictEqual(uris.uriOf(WIN_PATH), WIN_URIS[2]);
    uris.opened(WIN_URIS[1]);
    uris.heard(WIN_URIS[3]);
    assert.strictEqual(uris.uriOf(WIN_PATH), WIN_URIS[1]);
  });

  test('closing another spelling of an open file does not close it', () => {
    const uris = new ClientUris();
    uris.opened(WIN_URIS[0]);
    uris.closed(WIN_URIS[1]);
    assert.strictEqual(uris.openUri(WIN_PATH), WIN_URIS[0]);
  });
});

suite('lsp/diagnostics: DiagnosticsSink keeps one file\'s diagnostics under one URI', () => {
  const DIAGNOSTIC = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: 'x' };
  const sinkWithLog = () => {
    const sent: PublishDiagnosticsParams[] = [];
    const connection = { sendDiagnostics: (p: PublishDiagnosticsParams) => (sent.push(p), Promise.resolve()) } as unknown as Connection;
    return { sink: new DiagnosticsSink(connection), sent, shown: (uri: string) => sent.filter((p) => p.uri === uri).at(-1)?.diagnostics };
  };

  test('publishing under another spelling clears the first one before', () => {
    const { sink, sent, shown } = sinkWithLog();
    sink.send(WIN_URIS[0], [DIAGNOSTIC]);
    sink.send(WIN_URIS[1], [DIAGNOSTIC], 1);
    assert.deepStrictEqual(
      sent.map((p) => [p.uri, p.diagnostics.length, p.version]),
      [
        [WIN_URIS[0], 1, undefined],
        [WIN_URIS[0], 0, undefined],
        [WIN_URIS[1], 1, 1],
      ],
    );
    assert.deepStrictEqual(shown(WIN_URIS[0]), []);
    // Other files are not touched; a spelling already clean is not cleared again.
    sink.send(pathToUri('C:\\Users\\Ann Lee\\cs\\other.playbook.yaml'), [DIAGNOSTIC]);
    sink.send(WIN_URIS[1], []);
    sink.send(WIN_URIS[2], [DIAGNOSTIC]);
    assert.strictEqual(sent.filter((p) => p.uri === WIN_URIS[1]).length, 2);
    assert.strictEqual(sent.filter((p) => p.uri === WIN_URIS[0]).length, 2);
    assert.ok(sent.some((p) => p.uri.endsWith('other.playbook.yaml') && p.diagnostics.length === 1));
  });
});

suite('lsp/documents: the .playbookrc.yaml lookup is keyed by the file, not by the spelling of its URI', () => {
  /** PlaybookConfigs that records the paths it is asked about. */
  class RecordingConfigs extends PlaybookConfigs {
    readonly asked: string[] = [];
    override governing(file: string) {
      this.asked.push(file);
      return super.governing(file);
    }
  }

  test('every Windows spelling asks about the same path', () => {
    const configs = new RecordingConfigs(nodeReader);
    const cache = new AnalysisCache(() => DEFAULT_SETTINGS, configs);
    for (const uri of WIN_URIS) cache.governing(uri);
    assert.strictEqual(new Set(configs.asked).size, 1, configs.asked.join(' | '));
    assert.strictEqual(pathKey(configs.asked[0]), pathKey(WIN_PATH));
  });

  test('on disk: every spelling of a playbook finds the same configuration (the same loaded file)', () => {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'playbook-uri-unit-')));
    try {
      const folder = path.join(root, 'team+ops (eu)');
      fs.mkdirSync(folder);
      fs.writeFileSync(path.join(folder, '.playbookrc.yaml'), 'rules:\n  coverage-gap: off\n');
      const file = path.join(folder, 'renewals.playbook.yaml');
      const spellings = [pathToUri(file), pathToUri(file).replace(/%2B/g, '+').replace(/%28/g, '(').replace(/%29/g, ')'), pathToUri(file).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())];
      assert.strictEqual(new Set(spellings).size, 3, spellings.join(' | '));
      const cache = new AnalysisCache(() => DEFAULT_SETTINGS, new PlaybookConfigs(nodeReader));
      const found = spellings.map((u) => cache.governing(u).config);
      assert.ok(found[0], 'the configuration is found');
      assert.deepStrictEqual(found[0]!.config.rules, { 'coverage-gap': 'off' });
      for (const c of found) assert.strictEqual(c, found[0], 'the same loaded configuration');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
