/**
 * The CLI at monorepo scale, through the BUILT CLI (dist/cli.js, run as a child process):
 *  - every format's streamed report of a generated tree equals the expected document,
 *    with one thread and with worker threads;
 *  - reports are written while the run goes on (a named pipe holds the last file back
 *    until the reports of the earlier files have arrived);
 *  - `--shard i/n` splits the files by the FNV-1a hash of their reported path: shards
 *    1..n are disjoint, together hold every file, and are the same run after run;
 *  - bad `--shard` values are usage errors (exit 2, one line, nothing on stdout);
 *  - the CLI holds no analyses: 2,000 playbooks with findings pass under a 32 MB heap,
 *    where the CLI that kept every result until the end ran out of memory.
 *
 * Build first: `npx tsc -p . && node scripts/build.mjs`.
 */
import * as assert from 'assert';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generatePlaybook } from '../../bench/generate';
import { analyzePlaybook } from '../../server/src/core/analyze';
import { decodeBytes } from '../../server/src/core/text';
import { ConfigCache } from '../../server/src/host/files';
import { checkFiles, FileOutcome, findingsOfBytes } from '../../server/src/cli/analyzeMany';
import { runCli } from '../../server/src/cli/main';
import { formatGithub } from '../../server/src/cli/formats/github';
import { formatJunit } from '../../server/src/cli/formats/junit';
import { formatSarif } from '../../server/src/cli/formats/sarif';
import { formatStylish } from '../../server/src/cli/formats/stylish';
import type { FileReport, FormatOptions } from '../../server/src/cli/report';
import { cleanEnv } from './cliEnv';

// The compiled file lands in out/test/integration/, three levels below the repository root.
const ROOT = path.resolve(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const SAMPLES = path.join(ROOT, 'samples');
const FORMATS = ['stylish', 'json', 'sarif', 'junit', 'github'] as const;
const VERSION = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], cwd: string, nodeArgs: string[] = []): RunResult {
  const r = spawnSync(process.execPath, [...nodeArgs, CLI, ...args], { cwd, env: cleanEnv(), encoding: 'utf8', input: '', timeout: 120000, maxBuffer: 512 * 1024 * 1024 });
  if (r.error) throw r.error;
  assert.strictEqual(r.signal, null, `playbook ${args.join(' ')} was killed by ${r.signal}`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function show(r: RunResult): string {
  const cut = (s: string) => (s.length > 2000 ? `${s.slice(0, 2000)}… (${s.length} chars)` : s);
  return `\n--- exit ${r.code}\n--- stdout:\n${cut(r.stdout)}\n--- stderr:\n${cut(r.stderr)}`;
}

/** FNV-1a, 32 bits, of the UTF-8 bytes: written here again, from its definition, to check the CLI's. */
function fnv1a(s: string): number {
  let h = 2166136261;
  for (const b of Buffer.from(s, 'utf8')) {
    h = (h ^ b) >>> 0;
    h = Number((BigInt(h) * 16777619n) % 4294967296n);
  }
  return h;
}

/** Every playbook under `dir` in the CLI's order: folder by folder, names sorted by UTF-16 code units. */
function walk(dir: string, rel = ''): string[] {
  const out: string[] = [];
  const names = fs.readdirSync(path.join(dir, rel)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const name of names) {
    const r = rel ? `${rel}/${name}` : name;
    const st = fs.statSync(path.join(dir, r));
    if (st.isDirectory()) out.push(...walk(dir, r));
    else if (/\.playbook\.ya?ml$/.test(name)) out.push(r);
  }
  return out;
}

/** A tree of ordinary playbooks with every kind of finding, awkward names and a folder config. */
function writeTree(dir: string, files: number): void {
  const write = (rel: string, content: string | Buffer) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  };
  for (let i = 0; i < files; i++) {
    let text = generatePlaybook(4 + (i % 9), i + 3, `programme-${i}`);
    if (i % 7 === 3) text = text.replace(/owner: owner-1$/m, 'owner: owner-404'); // unknown-reference, an error with a suggestion
    if (i % 11 === 5) text = text.replace(/within: (\d+)d$/m, 'within: $1 days'); // schema
    if (i % 13 === 6) text += 'extra: [\n'; // syntax
    if (i % 17 === 8) text = text.replace(/\n {4}target: -?\d+\n/, '\n'); // kpi-without-target, a warning
    if (i % 29 === 10) text = text.replace(/\n/g, '\r\n');
    // Folders whose names sort differently as whole paths: `a` before `a-b` before `a.c`.
    const folder = ['a', 'a-b', 'a.c', 'team-1', 'team-10', 'team-2', 'deep/er/still'][i % 7];
    write(`${folder}/programme-${String(i).padStart(4, '0')}.playbook.yaml`, text);
  }
  for (const sample of fs.readdirSync(SAMPLES).filter((f) => f.endsWith('.playbook.yaml'))) write(`samples/${sample}`, fs.readFileSync(path.join(SAMPLES, sample)));
  write('samples/we&ird <name>, x:y "q".playbook.yaml', 'playbook: x\ntitle: y\n\tbad: [\n');
  write('samples/bytes.playbook.yaml', Buffer.from([0x70, 0x3a, 0x20, 0xff, 0xfe, 0x0a]));
  write('team-2/.playbookrc.yaml', 'rules:\n  unknown-reference: warning\n  coverage-gap: off\n');
}

/** The reports the CLI must give for a tree, found here with the full analysis of each file. */
function expectedReports(dir: string): FileReport[] {
  const configs = new ConfigCache();
  return walk(dir).map((rel) => {
    const file = path.join(dir, rel);
    const bytes = fs.readFileSync(file);
    const rules = configs.forPlaybook(file)?.config.rules;
    const decoded = decodeBytes(bytes);
    const findings = decoded.ok ? analyzePlaybook(decoded.text, { rules }).findings : findingsOfBytes(bytes, rules);
    return { path: rel, findings };
  });
}

/** The JSON report as documented, built here and printed as one document. */
function expectedJson(reports: FileReport[]): string {
  const count = (fs: FileReport['findings'], s: string) => fs.filter((f) => f.severity === s).length;
  const files = reports.map((r) => ({
    filePath: r.path,
    errorCount: count(r.findings, 'error'),
    warningCount: count(r.findings, 'warning'),
    infoCount: count(r.findings, 'info'),
    findings: r.findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      line: f.range.start.line + 1,
      column: f.range.start.character + 1,
      endLine: f.range.end.line + 1,
      endColumn: f.range.end.character + 1,
      range: f.range,
      docsUrl: f.docsUrl,
      ...(f.related ? { related: f.related } : {}),
    })),
  }));
  const all = reports.flatMap((r) => r.findings);
  const summary = { files: reports.length, errors: count(all, 'error'), warnings: count(all, 'warning'), infos: count(all, 'info') };
  return `${JSON.stringify({ tool: 'playbook', version: VERSION, files, summary }, null, 2)}\n`;
}

/** JUnit with what depends on the clock and the machine (times, timestamp, host name) blanked out. */
function withoutClock(junit: string): string {
  return junit.replace(/ time="\d+\.\d{3}"/g, ' time="T"').replace(/ timestamp="[^"]*"/, ' timestamp="S"').replace(/ hostname="[^"]*"/, ' hostname="H"');
}

/** Every expected document, the SARIF one as the CLI prints it in `cwd`. */
function expectedOutputs(reports: FileReport[], cwd: string): Record<(typeof FORMATS)[number], string> {
  const options: FormatOptions = { color: false, failSeverity: 'error', toolVersion: VERSION };
  const here = process.cwd();
  process.chdir(cwd);
  try {
    return { stylish: formatStylish(reports, options), json: expectedJson(reports), sarif: formatSarif(reports, options), junit: withoutClock(formatJunit(reports, options)), github: formatGithub(reports) };
  } finally {
    process.chdir(here);
  }
}

suite('CLI at scale (dist/cli.js)', function () {
  this.timeout(300000);
  let work = '';
  let tree = '';
  let expected: FileReport[] = [];

  suiteSetup(() => {
    assert.ok(fs.existsSync(CLI), `${CLI} is missing: run "node scripts/build.mjs" first`);
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'playbook-cli-scale-'));
    tree = path.join(work, 'tree');
    writeTree(tree, 500);
    expected = expectedReports(tree);
  });
  suiteTeardown(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  suite('streamed reports', () => {
    test('the generated tree has findings of every severity, in files of every folder', () => {
      const all = expected.flatMap((r) => r.findings);
      for (const s of ['error', 'warning', 'info']) assert.ok(all.some((f) => f.severity === s), `a finding of severity ${s}`);
      assert.ok(expected.length > 500 && expected.some((r) => r.findings.length === 0));
      assert.deepStrictEqual(
        expected.slice(0, 3).map((r) => r.path),
        ['a/programme-0000.playbook.yaml', 'a/programme-0007.playbook.yaml', 'a/programme-0014.playbook.yaml'],
      );
    });

    for (const jobs of ['1', '2']) {
      test(`every format with --jobs ${jobs}: exactly the expected document, exit 1`, () => {
        const want = expectedOutputs(expected, tree);
        for (const format of FORMATS) {
          const r = run(['validate', '--format', format, '--jobs', jobs], tree);
          assert.strictEqual(r.code, 1, `${format}${show(r)}`);
          assert.strictEqual(r.stderr, '', `${format}${show(r)}`);
          const got = format === 'junit' ? withoutClock(r.stdout) : r.stdout;
          if (got !== want[format]) {
            const lines = got.split('\n');
            const wantLines = want[format].split('\n');
            const at = lines.findIndex((l, i) => l !== wantLines[i]);
            assert.fail(`${format}: first difference on line ${at + 1}:\n  got  ${lines[at]}\n  want ${wantLines[at]}`);
          }
        }
      });
    }

    test('JSON and SARIF are laid out as one document printed at once', () => {
      for (const format of ['json', 'sarif']) {
        const r = run(['validate', 'a', 'samples', '--format', format], tree);
        assert.strictEqual(r.stdout, `${JSON.stringify(JSON.parse(r.stdout), null, 2)}\n`, format);
      }
    });

    test('--quiet, --fail-severity and --max-warnings count over the whole stream', () => {
      const all = expected.flatMap((r) => r.findings);
      const warnings = all.filter((f) => f.severity === 'warning').length;
      const quiet = JSON.parse(run(['validate', '--format', 'json', '--quiet'], tree).stdout) as { files: { findings: { severity: string }[] }[]; summary: { errors: number; warnings: number } };
      assert.strictEqual(quiet.files.length, expected.length);
      assert.ok(quiet.files.every((f) => f.findings.every((x) => x.severity === 'error')));
      assert.strictEqual(quiet.summary.warnings, 0);
      const under = run(['validate', 'samples/laer.playbook.yaml', '--max-warnings', '0'], tree);
      assert.strictEqual(under.code, 0, show(under));
      const tooMany = run(['validate', '--max-warnings', String(warnings - 1), '--format', 'json'], tree);
      assert.strictEqual(tooMany.code, 1);
      assert.match(tooMany.stderr, new RegExp(`too many warnings \\(${warnings}, maximum allowed: ${warnings - 1}\\)`));
    });

    test('the pool of worker threads gives the outcome of each file, as one thread does', async () => {
      const configs = new ConfigCache();
      const files = walk(tree).map((rel) => ({ file: path.join(tree, rel), rules: configs.forPlaybook(path.join(tree, rel))?.config.rules }));
      const collect = async (threads: number, perThread?: number) => {
        const out: FileOutcome[] = new Array(files.length);
        await checkFiles(files, threads, path.join(ROOT, 'out/server/src/cli/analyzeMany.js'), (i, o) => void (out[i] = o), perThread);
        // Each outcome carries how long its check took: a time, measured, never the same twice.
        for (const o of out) if ('ms' in o) assert.ok(Number.isFinite(o.ms) && o.ms >= 0, 'a check time');
        return out.map((o) => ('ms' in o ? { ...o, ms: 0 } : o));
      };
      const one = await collect(1);
      const three = await collect(3, 1);
      assert.strictEqual(three.length, one.length);
      assert.deepStrictEqual(three, one);
      assert.deepStrictEqual(
        one.map((o) => ('findings' in o ? o.findings.length : -1)),
        expected.map((r) => r.findings.length),
      );
    });

    test('reports are written while the run goes on: a named pipe, checked last, is fed only after earlier reports arrived', async function () {
      if (process.platform === 'win32') this.skip();
      const fifo = path.join(work, 'last.playbook.yaml');
      if (spawnSync('mkfifo', [fifo]).status !== 0) this.skip();
      const child = spawn(process.execPath, [CLI, 'validate', 'a', 'team-1', fifo, '--format', 'json', '--jobs', '1'], { cwd: tree, env: cleanEnv() });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
      const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      try {
        const deadline = Date.now() + 60000;
        while (!stdout.includes('"filePath": "team-1/') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        assert.ok(stdout.includes('"filePath": "a/programme-0000.playbook.yaml"'), `no report before the last file could be read${stderr}`);
        await fs.promises.writeFile(fifo, generatePlaybook(6, 1, 'last'));
        const code = await exited;
        const failing = expected.some((r) => /^(a|team-1)\//.test(r.path) && r.findings.some((f) => f.severity === 'error'));
        assert.strictEqual(code, failing ? 1 : 0, stderr);
        assert.strictEqual(stderr, '');
        const report = JSON.parse(stdout) as { files: { filePath: string }[] };
        assert.strictEqual(report.files.at(-1)?.filePath, fifo.split(path.sep).join('/'));
        assert.strictEqual(report.files.length, walk(tree).filter((p) => /^(a|team-1)\//.test(p)).length + 1);
      } finally {
        child.kill();
        fs.rmSync(fifo, { force: true });
      }
    });
  });

  suite('--shard i/n', () => {
    const filesOf = (r: RunResult) => (JSON.parse(r.stdout) as { files: { filePath: string }[] }).files.map((f) => f.filePath);

    for (const n of [1, 2, 3, 7]) {
      test(`shards 1..${n} are disjoint, hold every file together, and follow the hash of the path`, () => {
        const all = expected.map((r) => r.path);
        const seen = new Map<string, number>();
        for (let i = 1; i <= n; i++) {
          const r = run(['validate', '--format', 'json', '--shard', `${i}/${n}`], tree);
          assert.ok(r.code === 0 || r.code === 1, show(r));
          const files = filesOf(r);
          assert.deepStrictEqual(files, all.filter((p) => files.includes(p)), 'a shard keeps the order of the whole run');
          for (const f of files) {
            assert.ok(!seen.has(f), `${f} in shards ${seen.get(f)} and ${i}`);
            seen.set(f, i);
            assert.strictEqual((fnv1a(f) % n) + 1, i, `${f} belongs to shard ${(fnv1a(f) % n) + 1} of ${n}`);
          }
        }
        assert.deepStrictEqual([...seen.keys()].sort(), [...all].sort());
        if (n > 1) assert.ok(new Set(seen.values()).size === n, 'no shard is empty on this tree');
      });
    }

    test('the same shard twice gives the same report; every format agrees on its files', () => {
      const a = run(['validate', '--format', 'sarif', '--shard', '2/3'], tree);
      const b = run(['validate', '--format', 'sarif', '--shard', '2/3'], tree);
      assert.strictEqual(a.stdout, b.stdout);
      const junit = run(['validate', '--format', 'junit', '--shard', '2/3'], tree).stdout;
      const json = filesOf(run(['validate', '--format', 'json', '--shard', '2/3'], tree));
      assert.strictEqual((junit.match(/<testcase /g) ?? []).length, json.length);
    });

    test('each shard exits by its own findings; a shard with no file is a clean run', () => {
      const clean = path.join(work, 'one-clean');
      fs.mkdirSync(clean, { recursive: true });
      fs.copyFileSync(path.join(SAMPLES, 'laer.playbook.yaml'), path.join(clean, 'laer.playbook.yaml'));
      const mine = (fnv1a('laer.playbook.yaml') % 2) + 1;
      const other = run(['validate', '--shard', `${3 - mine}/2`], clean);
      assert.strictEqual(other.code, 0, show(other));
      assert.strictEqual(other.stdout, '✔ 0 playbooks checked, no problems\n');
      const empty = run(['validate', '--shard', `${3 - mine}/2`, '--format', 'json'], clean);
      assert.deepStrictEqual(JSON.parse(empty.stdout), { tool: 'playbook', version: VERSION, files: [], summary: { files: 0, errors: 0, warnings: 0, infos: 0 } });
      const sarif = JSON.parse(run(['validate', '--shard', `${3 - mine}/2`, '--format', 'sarif'], clean).stdout) as { runs: { results: unknown[] }[] };
      assert.deepStrictEqual(sarif.runs[0].results, []);
      const junit = run(['validate', '--shard', `${3 - mine}/2`, '--format', 'junit'], clean).stdout;
      assert.match(junit, /<testsuite package="playbook" id="0" name="playbook validate" timestamp="[^"]+" hostname="[^"]+" tests="0" failures="0" errors="0" time="\d+\.\d{3}">/);
      assert.strictEqual(run(['validate', '--shard', `${mine}/2`, '--format', 'json'], clean).stdout.includes('"laer.playbook.yaml"'), true);
    });

    const bad = ['0/4', '5/4', 'x', '1/0', '0/0', '2/4/1', '1.5/4', '/4', '1/', '', ' 1/4', '1 / 4', '+1/4', '-1/4'];
    for (const value of bad) {
      test(`--shard ${JSON.stringify(value)}: exit 2, one line on stderr, nothing on stdout`, () => {
        for (const format of ['stylish', 'json', 'sarif']) {
          const r = run(['validate', `--shard=${value}`, '--format', format], tree);
          assert.strictEqual(r.code, 2, show(r));
          assert.strictEqual(r.stdout, '', show(r));
          const lines = r.stderr.replace(/\n$/, '').split('\n');
          assert.strictEqual(lines.length, 1, show(r));
          assert.match(lines[0], /^playbook: --shard must be i\/n with 1 <= i <= n, e\.g\. 2\/4, not "/, show(r));
        }
      });
    }

    test('standard input is placed by its name relative to the working folder, as that file would be', () => {
      const text = fs.readFileSync(path.join(ROOT, 'samples/aida.playbook.yaml'), 'utf8');
      const n = 3;
      const home = (fnv1a('team-x/stdin.playbook.yaml') % n) + 1;
      for (const name of ['./team-x/stdin.playbook.yaml', 'team-x/stdin.playbook.yaml', 'team-x/../team-x/stdin.playbook.yaml']) {
        for (let i = 1; i <= n; i++) {
          const r = spawnSync(process.execPath, [CLI, 'validate', '-', '--stdin-filename', name, '--format', 'json', '--shard', `${i}/${n}`], { cwd: tree, env: cleanEnv(), encoding: 'utf8', input: text, timeout: 60000 });
          assert.ok(r.status === 0 || r.status === 1, `${name} ${i}/${n}: exit ${r.status}\n${r.stderr}`);
          assert.strictEqual((JSON.parse(r.stdout) as { files: unknown[] }).files.length, i === home ? 1 : 0, `${name} in shard ${i}/${n}`);
        }
      }
    });

    test('--shard without a value: exit 2', () => {
      const r = run(['validate', '--shard'], tree);
      assert.strictEqual(r.code, 2, show(r));
      assert.strictEqual(r.stdout, '');
    });

    test('--help documents --shard', () => {
      const r = run(['--help'], tree);
      assert.match(r.stdout, /--shard <i\/n>/);
      assert.match(r.stdout, /FNV-1a/);
    });
  });

  suite('memory', () => {
    // 2,000 playbooks with 14 findings each. The CLI that kept every file's findings (and
    // text) until the end aborted here with "heap out of memory" after minutes of garbage
    // collection; a streaming CLI holds the findings of a few files at a time.
    let many = '';
    suiteSetup(() => {
      many = path.join(work, 'many');
      for (let i = 0; i < 2000; i++) {
        const sub = path.join(many, `d${Math.floor(i / 500)}`);
        if (i % 500 === 0) fs.mkdirSync(sub, { recursive: true });
        fs.writeFileSync(path.join(sub, `p-${i}.playbook.yaml`), generatePlaybook(8, i + 1, `p-${i}`).replace(/owner: owner-(\d+)$/gm, 'owner: nobody-$1'));
      }
    });

    for (const [format, jobs] of [
      ['json', '1'],
      ['sarif', '2'],
    ]) {
      test(`2,000 playbooks with findings under --max-old-space-size=32 (${format}, --jobs ${jobs})`, () => {
        const r = run(['validate', many, '--format', format, '--jobs', jobs], work, ['--max-old-space-size=32']);
        assert.strictEqual(r.code, 1, show(r));
        assert.strictEqual(r.stderr, '', show(r));
        const parsed = JSON.parse(r.stdout) as { summary?: { files: number; errors: number }; runs?: { results: unknown[] }[] };
        if (format === 'json') {
          assert.strictEqual(parsed.summary?.files, 2000);
          assert.ok((parsed.summary?.errors ?? 0) >= 2000 * 8);
        } else assert.ok((parsed.runs?.[0].results.length ?? 0) >= 2000 * 8);
      });
    }

    test('a full standard output holds the run back, with worker threads too: nothing is written until it drains', async function () {
      this.timeout(120000);
      let pending = false;
      let writes = 0;
      let writesWhilePending = 0;
      let out = '';
      const code = await runCli({
        argv: ['validate', many, '--format', 'json', '--jobs', '2'],
        cwd: work,
        env: {},
        stdoutIsTTY: false,
        write(text: string) {
          writes++;
          if (pending) writesWhilePending++;
          out += text;
          pending = true;
          return false; // always full: every write must wait for the drain
        },
        drain: () =>
          new Promise<void>((resolve) =>
            setTimeout(() => {
              pending = false;
              resolve();
            }, 2),
          ),
        error: () => undefined,
        readStdin: async () => Buffer.alloc(0),
      });
      assert.strictEqual(code, 1);
      assert.ok(writes > 5, `the report went out in ${writes} writes`);
      assert.strictEqual(writesWhilePending, 0, `${writesWhilePending} of ${writes} writes while a drain was pending`);
      assert.strictEqual((JSON.parse(out) as { summary: { files: number } }).summary.files, 2000);
    });
  });
});
