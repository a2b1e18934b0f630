/**
 * The executables' code cache (server/src/host/codeCache.ts): each run is a fresh Node process,
 * since V8 reads a cache only when it compiles a script. A small bundle started through the
 * launcher checks the mechanism (written, read back, refused when corrupt, private, pruned); the
 * real CLI and language server check that a start with the cache answers exactly as one without.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { LspClient } from '../../bench/lspClient';
import { codeCacheFolder, usableFolder } from '../../server/src/host/codeCache';
import { SERVER_V8_FLAGS } from '../../server/src/host/v8Tuning';

const ROOT = path.resolve(__dirname, '../../..');
const CODE_CACHE = path.join(ROOT, 'out/server/src/host/codeCache.js');

/** A bundle with some functions to compile; it prints what the launcher tells it, then maybe throws at line 9. */
const BUNDLE = `// a bundle
function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
function words(s) { return s.split(/\\s+/).filter(Boolean).map((w) => w.toUpperCase()); }
const cache = globalThis[Symbol.for('engagement-playbooks.codeCache')];
const out = { state: cache.state, main: require.main === module, file: __filename, dir: __dirname, fib: fib(15), words: words(' a b  c ') };
process.stdout.write(JSON.stringify(out));
if (process.env.THROW) {
  // the next line throws
  throw new Error('thrown at line 9');
}
`;

suite('code cache (server/src/host/codeCache.ts)', function () {
  this.timeout(120000);
  let dir: string;
  let cache: string;

  setup(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'playbook-code-cache-'));
    cache = path.join(dir, 'cache', 'nested');
    fs.writeFileSync(path.join(dir, 'bundle.js'), BUNDLE);
    fs.writeFileSync(path.join(dir, 'launch.js'), `require(${JSON.stringify(CODE_CACHE)}).runWithCodeCache(__filename, require('path').join(__dirname, 'bundle.js'), 'demo', { saveAtExit: true });\n`);
  });
  teardown(() => fs.rmSync(dir, { recursive: true, force: true }));

  const run = (env: NodeJS.ProcessEnv = {}) => {
    const r = spawnSync(process.execPath, [path.join(dir, 'launch.js')], { encoding: 'utf8', env: { ...process.env, PLAYBOOK_CODE_CACHE: cache, ...env } });
    return { ...r, out: r.stdout ? (JSON.parse(r.stdout) as { state: string; main: boolean; file: string; dir: string; fib: number; words: string[] }) : undefined };
  };
  const files = () => (fs.existsSync(cache) ? fs.readdirSync(cache).sort() : []);

  test('the first run writes the cache (private folder and file), the next reads it; the bundle runs as the main module either way', () => {
    const first = run();
    assert.strictEqual(first.status, 0, first.stderr);
    assert.deepStrictEqual(first.out, { state: 'absent', main: true, file: path.join(dir, 'bundle.js'), dir, fib: 610, words: ['A', 'B', 'C'] });
    const [file] = files();
    assert.match(file, /^demo-[0-9a-f]{32}\.cache$/);
    if (process.platform !== 'win32') {
      assert.strictEqual(fs.statSync(cache).mode & 0o777, 0o700);
      assert.strictEqual(fs.statSync(path.join(cache, file)).mode & 0o777, 0o600);
    }
    const written = fs.readFileSync(path.join(cache, file));
    const second = run();
    assert.strictEqual(second.status, 0, second.stderr);
    assert.deepStrictEqual({ ...second.out, state: undefined }, { ...first.out, state: undefined });
    assert.strictEqual(second.out!.state, 'loaded');
    assert.deepStrictEqual(fs.readFileSync(path.join(cache, file)), written, 'a loaded cache that did not grow is not written again');
  });

  test('a corrupt or truncated cache file is refused (the bundle still runs) and written anew', () => {
    run();
    const file = path.join(cache, files()[0]);
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 10] ^= 0xff;
    fs.writeFileSync(file, bytes);
    const corrupt = run();
    assert.strictEqual(corrupt.status, 0, corrupt.stderr);
    assert.strictEqual(corrupt.out!.state, 'rejected');
    assert.strictEqual(run().out!.state, 'loaded');
    fs.writeFileSync(file, bytes.subarray(0, 20));
    assert.strictEqual(run().out!.state, 'rejected');
    assert.strictEqual(run().out!.state, 'loaded');
  });

  test('a changed bundle never reads the old cache; a few builds are kept, older ones removed', () => {
    run();
    for (let i = 1; i <= 5; i++) {
      fs.appendFileSync(path.join(dir, 'bundle.js'), `// build ${i}\n`);
      assert.strictEqual(run().out!.state, 'absent', `build ${i}`);
      assert.strictEqual(run().out!.state, 'loaded', `build ${i}, second run`);
    }
    assert.strictEqual(files().length, 4, files().join(', '));
  });

  test('stack traces point at the bundle\'s own lines', () => {
    const r = run({ THROW: '1' });
    assert.notStrictEqual(r.status, 0);
    assert.match(r.stderr, new RegExp(`${path.join(dir, 'bundle.js').replace(/[.\\\\/]/g, '\\$&')}:9\\b`));
  });

  test('off: no folder is made; a folder others may write to, or a path through a file, is not used', () => {
    for (const off of ['off', '0', 'false', '']) {
      const r = run({ PLAYBOOK_CODE_CACHE: off });
      assert.strictEqual(r.out!.state, 'off', off);
    }
    assert.ok(!fs.existsSync(path.join(dir, 'cache')));
    const blocker = path.join(dir, 'a-file');
    fs.writeFileSync(blocker, '');
    const through = run({ PLAYBOOK_CODE_CACHE: path.join(blocker, 'cache') });
    assert.strictEqual(through.status, 0, through.stderr);
    assert.strictEqual(through.out!.state, 'unusable');
    if (process.platform === 'win32') return;
    const open = path.join(dir, 'shared');
    fs.mkdirSync(open);
    fs.chmodSync(open, 0o777);
    const shared = run({ PLAYBOOK_CODE_CACHE: open });
    assert.strictEqual(shared.out!.state, 'unusable');
    assert.deepStrictEqual(fs.readdirSync(open), [], 'nothing is written into a folder others may write to');
    if (process.getuid?.() === 0) {
      const theirs = path.join(dir, 'theirs');
      fs.mkdirSync(theirs, { mode: 0o700 });
      fs.chownSync(theirs, 65534, 65534);
      assert.strictEqual(run({ PLAYBOOK_CODE_CACHE: theirs }).out!.state, 'unusable', 'a folder of another user');
    }
  });

  test('a cache file another user owns is not read; folders deeper than the last two are not made; stale temporary files go', () => {
    run();
    const file = path.join(cache, files()[0]);
    if (process.getuid?.() === 0) {
      fs.chownSync(file, 65534, 65534);
      assert.strictEqual(run().out!.state, 'rejected', 'a file of another user');
      assert.strictEqual(fs.statSync(file).uid, 0, 'written anew, as this user');
      assert.strictEqual(run().out!.state, 'loaded');
    }
    const stale = `${file}.999999.tmp`;
    const fresh = `${file}.999998.tmp`;
    fs.writeFileSync(stale, 'left by a process that stopped');
    fs.writeFileSync(fresh, 'being written by another process');
    const hourAgo = new Date(Date.now() - 2 * 3_600_000);
    fs.utimesSync(stale, hourAgo, hourAgo);
    fs.appendFileSync(path.join(dir, 'bundle.js'), '// another build\n');
    run();
    assert.ok(!fs.existsSync(stale), 'a temporary file two hours old is removed');
    assert.ok(fs.existsSync(fresh), 'a recent one is left alone');
    const deep = path.join(dir, 'no', 'such', 'cache');
    const r = run({ PLAYBOOK_CODE_CACHE: deep });
    assert.strictEqual(r.status, 0, r.stderr);
    assert.strictEqual(r.out!.state, 'absent');
    assert.ok(!fs.existsSync(path.join(dir, 'no')), 'no folder made above the last two');
  });

  test('a missing bundle: one line and exit 2, no stack trace', () => {
    fs.rmSync(path.join(dir, 'bundle.js'));
    const r = run();
    assert.strictEqual(r.status, 2);
    assert.match(r.stderr, /^demo: cannot start, .*bundle\.js cannot be read \(.*\); reinstall the package\.\n$/);
  });

  test('where the cache goes by default', () => {
    assert.strictEqual(codeCacheFolder({ PLAYBOOK_CODE_CACHE: 'off' }, 'linux', '/home/u'), undefined);
    assert.strictEqual(codeCacheFolder({ PLAYBOOK_CODE_CACHE: ' OFF ' }, 'linux', '/home/u'), undefined);
    assert.strictEqual(codeCacheFolder({ PLAYBOOK_CODE_CACHE: '/x/y' }, 'linux', '/home/u'), path.resolve('/x/y'));
    assert.strictEqual(codeCacheFolder({}, 'linux', '/home/u'), path.join('/home/u', '.cache', 'engagement-playbooks', 'code-cache'));
    assert.strictEqual(codeCacheFolder({ XDG_CACHE_HOME: '/xdg' }, 'linux', '/home/u'), path.join('/xdg', 'engagement-playbooks', 'code-cache'));
    assert.strictEqual(codeCacheFolder({ XDG_CACHE_HOME: 'relative' }, 'linux', '/home/u'), path.join('/home/u', '.cache', 'engagement-playbooks', 'code-cache'), 'a relative XDG_CACHE_HOME is ignored, as the spec says');
    assert.strictEqual(codeCacheFolder({}, 'darwin', '/Users/u'), path.join('/Users/u', 'Library', 'Caches', 'engagement-playbooks', 'code-cache'));
    assert.strictEqual(codeCacheFolder({}, 'linux', ''), undefined, 'no home folder: no cache');
    assert.ok(usableFolder(path.join(dir, 'not-yet')), 'a folder still to be made');
  });

  test('the CLI: a run through the cache prints exactly what a run without it prints', () => {
    const cli = path.join(ROOT, 'dist/cli.js');
    const args = [cli, 'validate', path.join(ROOT, 'samples'), '--format', 'json'];
    const strip = (s: string) => s.replace(/"(durationMs|ms)": [\d.]+/g, '"$1": 0');
    const plain = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, PLAYBOOK_CODE_CACHE: 'off' } });
    const env = { ...process.env, PLAYBOOK_CODE_CACHE: cache };
    const writing = spawnSync(process.execPath, args, { encoding: 'utf8', env });
    assert.match(files().join(','), /^cli-[0-9a-f]{32}\.cache$/);
    const reading = spawnSync(process.execPath, args, { encoding: 'utf8', env });
    assert.strictEqual(plain.status, 1, plain.stderr);
    for (const r of [writing, reading]) {
      assert.strictEqual(r.status, plain.status, r.stderr);
      assert.strictEqual(strip(r.stdout), strip(plain.stdout));
      assert.strictEqual(r.stderr, plain.stderr);
    }
  });

  test('the language server: writes the cache after its first document, and a start that reads it publishes the same diagnostics; its V8 flags are part of the key', async () => {
    const file = path.join(ROOT, 'samples', fs.readdirSync(path.join(ROOT, 'samples')).find((f) => f.endsWith('.playbook.yaml'))!);
    const uri = pathToFileURL(file).toString();
    const settings = { validate: { enable: true }, rules: {} };
    const session = async (env: NodeJS.ProcessEnv = {}) => {
      const client = new LspClient(process.execPath, [path.join(ROOT, 'dist/server.js'), '--stdio'], settings, { ...process.env, PLAYBOOK_V8_TUNING: '', ...env, PLAYBOOK_CODE_CACHE: cache });
      try {
        await client.initialize(pathToFileURL(path.dirname(file)).toString());
        const published = new Promise<unknown[]>((resolve) => client.connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: unknown[] }) => p.uri === uri && resolve(p.diagnostics)));
        client.open(uri, 'playbook', fs.readFileSync(file, 'utf8'));
        const diagnostics = await published;
        let info = await client.request<{ codeCache?: { state: string; saved: boolean }; v8Flags?: string }>('playbook/serverInfo', undefined);
        const started = info.codeCache?.state;
        for (let waited = 0; started !== 'loaded' && !info.codeCache?.saved && waited < 10000; waited += 200) {
          await new Promise((r) => setTimeout(r, 200));
          info = await client.request('playbook/serverInfo', undefined);
        }
        return { diagnostics, started, saved: info.codeCache?.saved, v8Flags: info.v8Flags };
      } finally {
        await client.shutdown();
      }
    };
    const first = await session();
    assert.deepStrictEqual({ started: first.started, saved: first.saved, v8Flags: first.v8Flags }, { started: 'absent', saved: true, v8Flags: SERVER_V8_FLAGS });
    assert.match(files().join(','), /^language-server-[0-9a-f]{32}\.cache$/);
    const second = await session();
    assert.deepStrictEqual({ started: second.started, saved: second.saved }, { started: 'loaded', saved: false });
    assert.deepStrictEqual(second.diagnostics, first.diagnostics);
    // Without the server's V8 flags, V8 would refuse that cache: another file, the same diagnostics.
    const untuned = await session({ PLAYBOOK_V8_TUNING: 'off' });
    assert.deepStrictEqual({ started: untuned.started, saved: untuned.saved, v8Flags: untuned.v8Flags }, { started: 'absent', saved: true, v8Flags: '' });
    assert.strictEqual(files().length, 2, files().join(', '));
    assert.deepStrictEqual(untuned.diagnostics, first.diagnostics);
    assert.strictEqual((await session({ PLAYBOOK_V8_TUNING: 'off' })).started, 'loaded');
    assert.strictEqual((await session()).started, 'loaded');
  });
});
