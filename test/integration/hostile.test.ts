/**
 * Hostile files through the BUILT CLI (dist/cli.js, run as a child process):
 * alias bombs, deep nesting, a 10 MB file, a 1 MB line, binary bytes, UTF-16
 * and UTF-8 byte-order marks, CRLF and lone CR line ends, NUL bytes, a symlink
 * loop, an unreadable file (run as `nobody`), a dangling symlink.
 *
 * For every run:
 *  - exit 0/1 with output whose findings have positions (inside the file), or
 *    exit 2 with exactly one line `playbook: ...` on stderr and nothing on stdout
 *    for the machine formats (json, sarif, junit);
 *  - no stack trace ("    at ...") on stdout or stderr, no Node process warning;
 *  - it finishes under a 60 s hang guard;
 *  - its peak memory is measured (`/usr/bin/time -v`, or a `--require`d preload
 *    that records `process.resourceUsage().maxRSS` when `time` is missing) and
 *    printed; the 10 MB file must stay under 1.5 GiB.
 * The CLI never writes into the user's files: every fixture's mtime and content
 * are snapshotted before and compared after all runs.
 *
 * Build first: `npx tsc -p . && node scripts/build.mjs`.
 */
import * as assert from 'assert';
import { spawnSync, SpawnSyncOptions } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { decodeBytes } from '../../server/src/core/text';
import { canSwitchToNobody, makeNobodyWorld, NobodyWorld } from './asNobody';
import { cleanEnv } from './cliEnv';

// The compiled file lands in out/test/integration/, three levels below the repository root.
const ROOT = path.resolve(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const SAMPLES = path.join(ROOT, 'samples');
const HANG_GUARD_MS = 60_000;
const MACHINE_FORMATS = ['json', 'sarif', 'junit'] as const;
const ALL_FORMATS = ['stylish', 'json', 'sarif', 'junit', 'github'] as const;
type Format = (typeof ALL_FORMATS)[number];
const MiB = 1024 * 1024;

// ---------------------------------------------------------------------------
// Running the CLI with a hang guard and a peak-memory measurement

/** `/usr/bin/time` (Debian package `time`) when it works here; else a preload script measures. */
const TIME_BIN = (() => {
  // PLAYBOOK_HOSTILE_NO_TIME=1 tries the fallback measurement on a machine that has `time`
  if (process.env.PLAYBOOK_HOSTILE_NO_TIME || !fs.existsSync('/usr/bin/time')) return undefined;
  const probe = spawnSync('/usr/bin/time', ['-v', 'true'], { encoding: 'utf8' });
  return probe.status === 0 && /Maximum resident set size/.test(probe.stderr) ? '/usr/bin/time' : undefined;
})();
const TIMEOUT_BIN = fs.existsSync('/usr/bin/timeout') ? '/usr/bin/timeout' : undefined;

interface RunResult {
  args: string[];
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** Peak resident set size of the CLI process, in MiB (undefined when it could not be measured). */
  peakMiB?: number;
}

let work = '';
/** A preload that records the peak RSS into PLAYBOOK_HOSTILE_RSS_OUT (when `time` is missing); in the work folder and a nobody world's files. */
const PRELOAD_NAME = '.maxrss-preload.cjs';
const PRELOAD_SOURCE = "process.on('exit', () => { try { require('fs').writeFileSync(process.env.PLAYBOOK_HOSTILE_RSS_OUT, String(process.resourceUsage().maxRSS)); } catch {} });\n";
const peaks: { name: string; peakMiB?: number; ms: number; code: number | null }[] = [];

/**
 * Runs `node dist/cli.js ...args`, measuring its peak memory, killed after the hang guard;
 * with a `world`, runs its copy of the CLI as `nobody` (see asNobody.ts).
 */
function runCli(name: string, args: string[], options: { cwd: string; world?: NobodyWorld }): RunResult {
  const { world } = options;
  const stamp = `${process.pid}-${peaks.length}-${Date.now()}`;
  const outDir = world ? world.tmp : os.tmpdir();
  const timeOut = path.join(outDir, `playbook-hostile-time-${stamp}.txt`);
  const rssOut = path.join(outDir, `playbook-hostile-rss-${stamp}.txt`);
  const node = [world?.node ?? process.execPath, ...(TIME_BIN ? [] : ['--require', path.join(world ? world.files : work, PRELOAD_NAME)]), world?.cli ?? CLI, ...args];
  // coreutils `timeout` kills the CLI itself (not just a wrapper) when it hangs
  const guarded = TIMEOUT_BIN ? [TIMEOUT_BIN, '-s', 'KILL', String(HANG_GUARD_MS / 1000), ...node] : node;
  const argv = TIME_BIN ? [TIME_BIN, '-v', '-o', timeOut, ...guarded] : guarded;
  const spawnOptions: SpawnSyncOptions = {
    cwd: options.cwd,
    env: { ...cleanEnv(), PLAYBOOK_HOSTILE_RSS_OUT: rssOut },
    encoding: 'utf8',
    input: '',
    timeout: HANG_GUARD_MS + 15_000,
    killSignal: 'SIGKILL',
    maxBuffer: 512 * MiB,
    ...(world ? world.ids : {}),
  };
  const t0 = Date.now();
  const r = spawnSync(argv[0], argv.slice(1), spawnOptions);
  const ms = Date.now() - t0;
  if (r.error && (r.error as NodeJS.ErrnoException).code !== 'ETIMEDOUT') throw r.error;
  let peakMiB: number | undefined;
  try {
    if (TIME_BIN) {
      const report = fs.readFileSync(timeOut, 'utf8');
      const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(report);
      if (kb) peakMiB = Number(kb[1]) / 1024;
    } else {
      peakMiB = Number(fs.readFileSync(rssOut, 'utf8')) / 1024; // maxRSS is in KiB
    }
  } catch {
    // not measured (killed before the report was written)
  }
  fs.rmSync(timeOut, { force: true });
  fs.rmSync(rssOut, { force: true });
  let code = r.status;
  let signal = r.signal;
  // `timeout -s KILL` exits 137 when it had to kill; `time` reports the child's status
  if (code === 137 || code === 124) {
    signal = 'SIGKILL';
    code = null;
  }
  const result: RunResult = { args, code, signal, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? ''), ms, peakMiB };
  peaks.push({ name, peakMiB, ms, code });
  console.log(`      ${name}: exit ${code ?? signal}, ${ms} ms, peak RSS ${peakMiB === undefined ? 'n/a' : `${peakMiB.toFixed(1)} MiB`}`);
  return result;
}

function show(r: RunResult): string {
  const cut = (s: string) => (s.length > 2000 ? `${s.slice(0, 2000)}… (${s.length} chars)` : s);
  return `\n--- playbook ${r.args.join(' ')}\n--- exit ${r.code} signal ${r.signal}\n--- stdout:\n${cut(r.stdout)}\n--- stderr:\n${cut(r.stderr)}`;
}

// ---------------------------------------------------------------------------
// The contract of every run

interface Expect {
  /** The file's text, to check that positions fall inside it (when it decodes). */
  text?: string;
  /** Exit codes allowed for this input. */
  exits?: number[];
}

function lineCountOf(text: string): number {
  return text.split(/\r\n|\r|\n/).length;
}

/** Positions (1-based line, column) reported by a format; asserts their shape. */
function positionsOf(format: Format, stdout: string, r: RunResult): { line: number; column: number; endLine?: number }[] {
  switch (format) {
    case 'json': {
      let parsed: { files: { findings: { line: number; column: number; endLine: number; endColumn: number }[] }[] };
      try {
        parsed = JSON.parse(stdout);
      } catch (err) {
        assert.fail(`JSON output does not parse: ${(err as Error).message}${show(r)}`);
      }
      return parsed.files.flatMap((f) => f.findings.map((x) => ({ line: x.line, column: x.column, endLine: x.endLine })));
    }
    case 'sarif': {
      let parsed: { runs: { results: { locations: { physicalLocation: { region: { startLine: number; startColumn: number; endLine: number } } }[] }[] }[] };
      try {
        parsed = JSON.parse(stdout);
      } catch (err) {
        assert.fail(`SARIF output does not parse: ${(err as Error).message}${show(r)}`);
      }
      return parsed.runs[0].results.map((x) => {
        const reg = x.locations[0].physicalLocation.region;
        return { line: reg.startLine, column: reg.startColumn, endLine: reg.endLine };
      });
    }
    case 'junit': {
      assert.ok(stdout.startsWith('<?xml') && stdout.trimEnd().endsWith('</testsuites>'), `JUnit output is not a complete XML document${show(r)}`);
      return [...stdout.matchAll(/:(\d+):(\d+) (?:error|warning|info) /g)].map((m) => ({ line: Number(m[1]), column: Number(m[2]) }));
    }
    case 'github':
      return [...stdout.matchAll(/^::(?:error|warning|notice) .*?line=(\d+),col=(\d+),endLine=(\d+)/gm)].map((m) => ({ line: Number(m[1]), column: Number(m[2]), endLine: Number(m[3]) }));
    case 'stylish':
      return [...stdout.matchAll(/^ {2}(\d+):(\d+) {2,}(?:error|warning|info)/gm)].map((m) => ({ line: Number(m[1]), column: Number(m[2]) }));
  }
}

/** Asserts the CLI contract for one run of `validate` in one format. */
function assertContract(r: RunResult, format: Format, expect: Expect = {}): void {
  assert.ok(r.signal === null && r.code !== null, `the CLI hung or was killed (${r.signal}) after ${r.ms} ms${show(r)}`);
  assert.ok([0, 1, 2].includes(r.code), `unexpected exit code ${r.code}${show(r)}`);
  if (expect.exits) assert.ok(expect.exits.includes(r.code), `exit ${r.code}, expected one of ${expect.exits.join('/')}${show(r)}`);
  for (const [stream, out] of [
    ['stdout', r.stdout],
    ['stderr', r.stderr],
  ] as const) {
    assert.ok(!/^\s+at .+/m.test(out), `stack trace on ${stream}${show(r)}`);
    assert.ok(!/\b(TypeError|RangeError|ReferenceError|SyntaxError): /.test(out) || stream === 'stdout', `a JavaScript error on ${stream}${show(r)}`);
  }
  if (r.code === 2) {
    const lines = r.stderr.split('\n').filter((l) => l !== '');
    assert.strictEqual(lines.length, 1, `exit 2 must print exactly one line on stderr${show(r)}`);
    assert.match(lines[0], /^playbook: \S/, `exit 2 message must start with "playbook: "${show(r)}`);
    assert.ok(!/internal error/.test(lines[0]), `exit 2 from an internal error${show(r)}`);
    if ((MACHINE_FORMATS as readonly string[]).includes(format)) assert.strictEqual(r.stdout, '', `exit 2 must print nothing on stdout for ${format}${show(r)}`);
    return;
  }
  assert.ok(!/\(node:\d+\) \w*Warning/.test(r.stderr), `a Node process warning leaks onto stderr${show(r)}`);
  assert.strictEqual(r.stderr.trim(), '', `exit ${r.code} with output on stderr${show(r)}`);
  const positions = positionsOf(format, r.stdout, r);
  if (r.code === 1) assert.ok(positions.length > 0, `exit 1 without any finding with a position in ${format} output${show(r)}`);
  const lines = expect.text !== undefined ? lineCountOf(expect.text) : undefined;
  for (const p of positions) {
    assert.ok(Number.isInteger(p.line) && p.line >= 1 && Number.isInteger(p.column) && p.column >= 1, `a finding without a valid position ${JSON.stringify(p)}${show(r)}`);
    if (lines !== undefined) {
      assert.ok(p.line <= lines, `a finding on line ${p.line}, but the file has ${lines} lines${show(r)}`);
      if (p.endLine !== undefined) assert.ok(p.endLine >= p.line && p.endLine <= lines, `a finding ending on line ${p.endLine} (file has ${lines} lines)${show(r)}`);
    }
  }
}

/** Runs `validate FILE` in every given format and checks the contract; returns the runs. */
function validateAll(name: string, file: string, formats: readonly Format[], expect: Expect = {}): RunResult[] {
  return formats.map((format) => {
    const r = runCli(`${name} [${format}]`, ['validate', path.relative(work, file) || file, '--format', format], { cwd: work });
    assertContract(r, format, expect);
    return r;
  });
}

// ---------------------------------------------------------------------------
// Fixtures

function write(rel: string, content: string | Buffer): string {
  const file = path.join(work, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

/** The text the product decodes from a file's bytes (what positions refer to). */
const decodedText = (file: string) => decodeBytes(fs.readFileSync(file)).text;

const sample = (name: string) => fs.readFileSync(path.join(SAMPLES, name), 'utf8');

function utf16be(text: string): Buffer {
  const le = Buffer.from(text, 'utf16le');
  for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1], le[i]];
  return le;
}

/** A playbook of about `bytes` bytes: the LAER sample with many more touchpoints. */
function bigPlaybook(bytes: number): { text: string; touchpoints: number } {
  const base = sample('laer.playbook.yaml');
  const at = base.indexOf('\nkpis:');
  assert.ok(at > 0, 'the LAER sample has a kpis list after its touchpoints');
  const stages = ['land', 'adopt', 'expand', 'renew'];
  const parts: string[] = [];
  let size = base.length;
  let n = 0;
  while (size < bytes) {
    const s =
      `  - id: bulk-${n}    # generated\n    name: Bulk touchpoint ${n}\n    stage: ${stages[n % 4]}\n    channel: email\n` +
      `    owner: enterprise-csm\n    emotion: ${(n % 5) - 2}\n    description: Filler text so that the file is big, with some words in it.\n`;
    parts.push(s);
    size += s.length;
    n++;
  }
  return { text: `${base.slice(0, at)}\n${parts.join('')}${base.slice(at)}`, touchpoints: n };
}

interface Snapshot {
  mtimeMs: number;
  sha: string;
  mode: number;
}

/** mtime + content hash of every file and symlink under the work folder (lstat: symlinks themselves). */
function snapshot(): Map<string, Snapshot> {
  const out = new Map<string, Snapshot>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      const st = fs.lstatSync(full);
      if (e.isDirectory()) walk(full);
      else if (e.isSymbolicLink()) out.set(full, { mtimeMs: st.mtimeMs, sha: `link:${fs.readlinkSync(full)}`, mode: st.mode });
      else out.set(full, { mtimeMs: st.mtimeMs, sha: crypto.createHash('sha256').update(fs.readFileSync(full)).digest('hex'), mode: st.mode });
    }
  };
  walk(work);
  return out;
}

// ---------------------------------------------------------------------------

suite('hostile files through the built CLI', function () {
  this.timeout(300_000);
  let before: Map<string, Snapshot>;
  const fixtures: Record<string, string> = {};

  suiteSetup(function () {
    this.timeout(120_000);
    assert.ok(fs.existsSync(CLI), `${CLI} is missing: run \`node scripts/build.mjs\` first`);
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'playbook-hostile-'));
    fs.writeFileSync(path.join(work, PRELOAD_NAME), PRELOAD_SOURCE);
    console.log(`      peak memory measured with ${TIME_BIN ? `${TIME_BIN} -v` : 'a --require preload recording process.resourceUsage().maxRSS'}; hang guard ${HANG_GUARD_MS / 1000} s`);

    // billion laughs: 9 levels of 9 aliases each (9^9 "lol"s when expanded)
    const laughs = ['lol0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
    for (let i = 1; i <= 9; i++) laughs.push(`lol${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]`);
    fixtures.laughs = write('bombs/laughs.playbook.yaml', `playbook: laughs\ntitle: Billion laughs\nframework: laer\n${laughs.join('\n')}\n`);
    // nested mapping aliases: each level a mapping of 10 aliases of the previous one
    const maps = ['m0: &m0 {k0: v, k1: v, k2: v, k3: v, k4: v, k5: v, k6: v, k7: v, k8: v, k9: v}'];
    for (let i = 1; i <= 9; i++) maps.push(`m${i}: &m${i}\n${Array.from({ length: 10 }, (_, j) => `  k${j}: *m${i - 1}`).join('\n')}`);
    fixtures.maps = write('bombs/maps.playbook.yaml', `playbook: maps\ntitle: Mapping bomb\nframework: laer\n${maps.join('\n')}\n`);
    // aliases inside the real structure: one touchpoint entry merged and repeated
    const tp = sample('laer.playbook.yaml').replace(/^(touchpoints:\n(?:\s*#.*\n)*) {2}- /m, '$1  - &tp\n    ');
    assert.ok(tp.includes('- &tp\n'), 'the first touchpoint is anchored');
    const merged = tp.replace(/^kpis:/m, `${Array.from({ length: 200 }, (_, i) => `  - <<: *tp\n    id: merged-${i}`).join('\n')}\n  - *tp\nkpis:`);
    fixtures.mergeAliases = write('bombs/merge-aliases.playbook.yaml', merged);

    // 100 levels of nesting: flow sequences, block mappings and block sequences
    fixtures.nestFlow = write('nesting/flow.playbook.yaml', `playbook: nest\ntitle: Nested\nframework: laer\nowners: ${'['.repeat(100)}${']'.repeat(100)}\nsegments: []\ntouchpoints: []\n`);
    fixtures.nestMap = write(
      'nesting/map.playbook.yaml',
      `playbook: nest\ntitle: Nested\nframework: laer\nowners:\n  - id: o\n    type: team\nsegments: []\ntouchpoints:\n  - id: t\n    stage: land\n    channel: email\n    owner: o\n    description:\n${Array.from({ length: 100 }, (_, i) => `${' '.repeat(6 + 2 * i)}k${i}:`).join('\n')} deep\n`,
    );
    fixtures.nestSeq = write('nesting/seq.playbook.yaml', `playbook: nest\ntitle: Nested\nframework: laer\nowners:\n${Array.from({ length: 100 }, (_, i) => `${' '.repeat(2 * i)}-`).join('\n')} deep\nsegments: []\ntouchpoints: []\n`);

    const big = bigPlaybook(10 * MiB);
    fixtures.big = write('big/ten-mb.playbook.yaml', big.text);
    console.log(`      10 MB fixture: ${(big.text.length / MiB).toFixed(2)} MiB, ${big.touchpoints} extra touchpoints`);
    fixtures.longLine = write('big/long-line.playbook.yaml', `playbook: long\ntitle: "${'x'.repeat(MiB)}"\nframework: laer\nowners: []\nsegments: []\ntouchpoints: []\n`);
    fixtures.longFlowLine = write(
      'big/long-flow-line.playbook.yaml',
      `playbook: long\ntitle: Long flow line\nframework: laer\nowners: [{id: o, type: team}]\nsegments: [${Array.from({ length: 60_000 }, (_, i) => `{id: s${i}}`).join(', ')}]\ntouchpoints: []\n`,
    );

    // bytes that are not (UTF-8) text
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16) & 0xff;
    fixtures.binary = write('bytes/binary.playbook.yaml', Buffer.from(Array.from({ length: 64 * 1024 }, rnd)));
    fixtures.badUtf8 = write('bytes/bad-utf8.playbook.yaml', Buffer.concat([Buffer.from('playbook: x\ntitle: caf'), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from('\nframework: laer\n')]));
    fixtures.nul = write('bytes/nul.playbook.yaml', Buffer.concat([Buffer.from('playbook: x\ntitle: y\0z\nframework: laer\n'), Buffer.from([0, 0, 0])]));
    fixtures.png = write('bytes/image.playbook.yaml', Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex'));
    fixtures.empty = write('bytes/empty.playbook.yaml', '');

    // encodings and line ends of a real sample (same findings, same positions expected)
    const gaps = sample('gaps.playbook.yaml');
    fixtures.lf = write('encodings/lf.playbook.yaml', gaps);
    fixtures.utf16le = write('encodings/utf16le.playbook.yaml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(gaps, 'utf16le')]));
    fixtures.utf16be = write('encodings/utf16be.playbook.yaml', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(gaps)]));
    fixtures.utf16leOdd = write('encodings/utf16le-odd.playbook.yaml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(gaps, 'utf16le'), Buffer.from([0x41])]));
    fixtures.utf8bom = write('encodings/utf8bom.playbook.yaml', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(gaps)]));
    fixtures.crlf = write('encodings/crlf.playbook.yaml', gaps.replace(/\n/g, '\r\n'));
    fixtures.cr = write('encodings/cr.playbook.yaml', gaps.replace(/\n/g, '\r'));
    fixtures.mixed = write('encodings/mixed.playbook.yaml', gaps
      .split('\n')
      .map((l, i) => l + ['\r\n', '\n', '\r'][i % 3]) // a lone CR is always followed by a line ending in CRLF, so it never joins an LF
      .join(''));

    // a complex mapping key (a collection as a key)
    fixtures.complexKey = write('odd/complex-key.playbook.yaml', `playbook: odd\ntitle: Complex key\nframework: laer\n? [a, b]\n: 1\nowners: []\nsegments: []\ntouchpoints: []\n`);

    // workspace with a symlink loop
    const ws = path.join(work, 'loop-ws');
    fs.mkdirSync(path.join(ws, 'sub'), { recursive: true });
    fs.writeFileSync(path.join(ws, 'sub', 'ok.playbook.yaml'), sample('laer.playbook.yaml'));
    fs.symlinkSync('..', path.join(ws, 'sub', 'up'));
    fs.symlinkSync('.', path.join(ws, 'self'));
    fs.symlinkSync('b.playbook.yaml', path.join(ws, 'a.playbook.yaml'));
    fs.symlinkSync('a.playbook.yaml', path.join(ws, 'b.playbook.yaml'));
    fixtures.loopWs = ws;
    fixtures.loopFile = path.join(ws, 'a.playbook.yaml');

    // dangling symlink, named explicitly
    fixtures.dangling = path.join(work, 'dangling.playbook.yaml');
    fs.symlinkSync(path.join(work, 'deleted-before-read.playbook.yaml'), fixtures.dangling);
    before = snapshot();
  });

  suiteTeardown(() => {
    console.log(`      peak RSS (MiB) of ${peaks.length} CLI runs: ${peaks.map((p) => `${p.name}=${p.peakMiB === undefined ? 'n/a' : p.peakMiB.toFixed(0)}`).join(', ')}`);
    if (!work) return;
    fs.rmSync(work, { recursive: true, force: true });
  });

  suite('alias bombs', () => {
    test('billion laughs (sequence aliases)', () => {
      for (const r of validateAll('billion laughs', fixtures.laughs, ALL_FORMATS, { exits: [1] })) assert.ok(r.peakMiB === undefined || r.peakMiB < 512, `peak ${r.peakMiB} MiB`);
    });
    test('nested mapping aliases', () => {
      for (const r of validateAll('mapping alias bomb', fixtures.maps, ALL_FORMATS, { exits: [1] })) assert.ok(r.peakMiB === undefined || r.peakMiB < 512, `peak ${r.peakMiB} MiB`);
    });
    test('merge keys and aliases inside the touchpoints', () => {
      validateAll('merge keys', fixtures.mergeAliases, ALL_FORMATS, { text: fs.readFileSync(fixtures.mergeAliases, 'utf8') });
    });
    test('render of an alias bomb fails cleanly', () => {
      const out = path.join(os.tmpdir(), `playbook-hostile-render-${process.pid}.html`);
      const r = runCli('render billion laughs', ['render', fixtures.laughs, '--format', 'html', '-o', out], { cwd: work });
      assert.ok(r.signal === null && (r.code === 1 || r.code === 2), `render: exit ${r.code}${show(r)}`);
      assert.ok(!/^\s+at /m.test(r.stdout + r.stderr), `stack trace${show(r)}`);
      assert.strictEqual(r.stderr.split('\n').filter(Boolean).length, 1, `one line on stderr${show(r)}`);
      fs.rmSync(out, { force: true });
    });
  });

  suite('size and nesting', () => {
    test('100 levels of flow nesting', () => {
      validateAll('100-level flow nesting', fixtures.nestFlow, ALL_FORMATS, { text: fs.readFileSync(fixtures.nestFlow, 'utf8'), exits: [1] });
    });
    test('100 levels of block mappings', () => {
      validateAll('100-level block mappings', fixtures.nestMap, ALL_FORMATS, { text: fs.readFileSync(fixtures.nestMap, 'utf8'), exits: [1] });
    });
    test('100 levels of block sequences', () => {
      validateAll('100-level block sequences', fixtures.nestSeq, ALL_FORMATS, { text: fs.readFileSync(fixtures.nestSeq, 'utf8'), exits: [1] });
    });
    test('a 10 MB playbook stays under 1.5 GiB', () => {
      const text = fs.readFileSync(fixtures.big, 'utf8');
      for (const r of validateAll('10 MB file', fixtures.big, ['json', 'sarif'], { text })) {
        assert.ok(r.peakMiB !== undefined, 'peak memory could not be measured');
        assert.ok(r.peakMiB < 1536, `peak RSS ${r.peakMiB.toFixed(0)} MiB >= 1.5 GiB`);
      }
    });
    test('a 1 MB single line', () => {
      validateAll('1 MB line', fixtures.longLine, ALL_FORMATS, { text: fs.readFileSync(fixtures.longLine, 'utf8') });
    });
    test('a 1 MB flow sequence on one line (60,000 entries)', () => {
      validateAll('1 MB flow line', fixtures.longFlowLine, ['json', 'stylish'], { text: fs.readFileSync(fixtures.longFlowLine, 'utf8') });
    });
  });

  suite('bytes that are not UTF-8 text', () => {
    test('random binary bytes', () => {
      validateAll('binary', fixtures.binary, ALL_FORMATS, { exits: [1, 2], text: decodedText(fixtures.binary) });
    });
    test('invalid UTF-8 sequences', () => {
      validateAll('invalid UTF-8', fixtures.badUtf8, ALL_FORMATS, { exits: [1, 2], text: decodedText(fixtures.badUtf8) });
    });
    test('NUL bytes', () => {
      validateAll('NUL bytes', fixtures.nul, ALL_FORMATS, { exits: [1, 2], text: decodedText(fixtures.nul) });
    });
    test('a PNG header', () => {
      validateAll('PNG bytes', fixtures.png, ALL_FORMATS, { exits: [1, 2], text: decodedText(fixtures.png) });
    });
    test('an empty file', () => {
      validateAll('empty file', fixtures.empty, ALL_FORMATS, { exits: [1], text: '' });
    });
  });

  suite('encodings and line ends (same findings at the same positions as the LF UTF-8 file)', () => {
    let reference: string;
    suiteSetup(() => {
      const r = runCli('LF reference [json]', ['validate', fixtures.lf, '--format', 'json'], { cwd: work });
      assertContract(r, 'json', { text: sample('gaps.playbook.yaml') });
      reference = JSON.stringify(positionsOf('json', r.stdout, r));
    });
    const same = (key: string, name: string) => () => {
      const runs = validateAll(name, fixtures[key], ALL_FORMATS, { exits: [1], text: sample('gaps.playbook.yaml') });
      const json = runs[1];
      assert.strictEqual(JSON.stringify(positionsOf('json', json.stdout, json)), reference, `${name}: findings differ from the LF file`);
    };
    test('UTF-16 LE with BOM', same('utf16le', 'UTF-16 LE'));
    test('UTF-16 BE with BOM', same('utf16be', 'UTF-16 BE'));
    test('UTF-8 BOM', same('utf8bom', 'UTF-8 BOM'));
    test('CRLF line ends', same('crlf', 'CRLF'));
    test('lone CR line ends', same('cr', 'lone CR'));
    test('mixed LF, CRLF and CR line ends', same('mixed', 'mixed line ends'));
    test('UTF-16 LE with an odd number of bytes', () => {
      validateAll('UTF-16 LE odd length', fixtures.utf16leOdd, ALL_FORMATS, { exits: [1, 2], text: decodedText(fixtures.utf16leOdd) });
    });
  });

  suite('odd YAML', () => {
    test('a complex (collection) mapping key: reported where it is', () => {
      const r = runCli('complex key location [json]', ['validate', fixtures.complexKey, '--format', 'json'], { cwd: work });
      assert.ok(r.code === 1, show(r));
      const findings = (JSON.parse(r.stdout) as { files: { findings: { ruleId: string; line: number; message: string }[] }[] }).files[0].findings;
      const unknownKey = findings.find((f) => f.ruleId === 'schema' && /a, b/.test(f.message));
      assert.ok(unknownKey, `no schema finding for the complex key${show(r)}`);
      // FORMAT.md: schema findings sit on the offending key or value (line 4: "? [a, b]")
      assert.strictEqual(unknownKey.line, 4, `the unknown complex key is reported on line ${unknownKey.line}, not on line 4 where it is: ${unknownKey.message}`);
    });
    test('a complex (collection) mapping key: findings, no Node warning on stderr', () => {
      validateAll('complex key', fixtures.complexKey, ALL_FORMATS, { exits: [1], text: fs.readFileSync(fixtures.complexKey, 'utf8') });
    });
  });

  suite('the file system', () => {
    test('a workspace folder with symlink loops', () => {
      for (const format of ALL_FORMATS) {
        const r = runCli(`symlink loop folder [${format}]`, ['validate', '--format', format], { cwd: fixtures.loopWs });
        assertContract(r, format);
      }
      const r = runCli('symlink loop folder named', ['validate', fixtures.loopWs, '--format', 'json'], { cwd: work });
      assertContract(r, 'json');
    });
    test('a playbook that is a symlink loop, named explicitly', () => {
      for (const format of ALL_FORMATS) {
        const r = runCli(`symlink loop file [${format}]`, ['validate', fixtures.loopFile, '--format', format], { cwd: work });
        assertContract(r, format, { exits: [2] });
        assert.match(r.stderr, /symbolic links|loop/i);
      }
    });
    test('an unreadable file (chmod 000), run as nobody', function () {
      if (!canSwitchToNobody()) this.skip(); // needs root to switch to nobody
      // `nobody` runs a copy of the CLI it can reach, beside the fixture (see asNobody.ts).
      const world = makeNobodyWorld(CLI, 'playbook-hostile-nobody-');
      try {
        world.write(PRELOAD_NAME, PRELOAD_SOURCE);
        const unreadable = world.write('locked/secret.playbook.yaml', sample('aida.playbook.yaml'), 0o000);
        for (const format of ALL_FORMATS) {
          const r = runCli(`unreadable file [${format}]`, ['validate', unreadable, '--format', format], { cwd: world.files, world });
          assertContract(r, format, { exits: [2] });
          assert.match(r.stderr, /permission denied/);
        }
        const r = runCli('unreadable file in a folder', ['validate', path.dirname(unreadable), '--format', 'json'], { cwd: world.files, world });
        assertContract(r, 'json', { exits: [2] });
      } finally {
        world.remove();
      }
    });
    test('a dangling symlink, named explicitly', () => {
      for (const format of ALL_FORMATS) {
        const r = runCli(`dangling symlink [${format}]`, ['validate', fixtures.dangling, '--format', format], { cwd: work });
        assertContract(r, format, { exits: [2] });
        assert.match(r.stderr, /no such file/);
      }
    });
  });

  // Defined last, so it runs after every other test of this file.
  suite('afterwards', () => {
    test('the CLI wrote nothing into the user files (mtime, content and mode of every fixture unchanged)', function () {
      if (!peaks.length) this.skip(); // run alone (--grep): nothing to compare
      const after = snapshot();
      const changed: string[] = [];
      for (const [file, s] of before) {
        const a = after.get(file);
        if (!a) changed.push(`${file}: deleted`);
        else if (a.sha !== s.sha || a.mtimeMs !== s.mtimeMs || a.mode !== s.mode) changed.push(`${file}: ${a.sha !== s.sha ? 'content' : a.mtimeMs !== s.mtimeMs ? 'mtime' : 'mode'} changed`);
      }
      for (const file of after.keys()) if (!before.has(file)) changed.push(`${file}: created`);
      console.log(`      ${before.size} fixture files and links snapshotted before ${peaks.length} CLI runs; ${changed.length} changed`);
      assert.deepStrictEqual(changed, [], 'the CLI wrote into the user files');
    });
  });
});
