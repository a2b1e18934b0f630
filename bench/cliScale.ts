/**
 * The CLI at monorepo scale: trees of 1,000 / 20,000 / 100,000 small generated playbooks
 * (the workspace playbooks of `generate.ts`, 100 per folder), each checked by
 * `node dist/cli.js validate <dir> --format json|sarif > /dev/null` for wall time and peak
 * RSS (`/usr/bin/time -f %M`, or a preload that records `process.resourceUsage().maxRSS`),
 * and ajv-cli (schema only, the invocation of `run.ts`) on the 1,000-file tree in the same
 * run, interleaved with ours. Prints a Markdown table with the settings.
 *   node out/bench/cliScale.js [--quick] [--sizes 1000,20000] [--runs 5] [--dir DIR]
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generatePlaybook } from './generate';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli.js');
const AJV = path.join(ROOT, 'node_modules/ajv-cli/dist/index.js');
const SCHEMA = path.join(ROOT, 'schemas/playbook.schema.json');
const MiB = 1024 * 1024;

export interface CliScaleOptions {
  /** Tree sizes (default 1,000, 20,000 and 100,000 playbooks). */
  sizes?: number[];
  /** Runs of each command on the 1,000-file tree (with ajv-cli), interleaved; the median is reported (default 5). */
  runs?: number;
  /** Formats to run (default json and sarif). */
  formats?: string[];
  /** Where the trees go (default: a new folder in the system's temporary folder, removed afterwards). */
  dir?: string;
}

export interface CliScaleRow {
  files: number;
  command: string;
  runs: number;
  wallMs: number;
  peakRssMiB: number;
  exitCode: number | null;
}

export interface CliScaleResult {
  machine: { cores: number; cpu: string; node: string; platform: string; memoryMiB: number };
  rssMethod: string;
  rows: CliScaleRow[];
  /** ajv-cli's median time over ours (json) on the 1,000-file tree: above 1 means ours is faster. */
  speedupOverAjv: number;
  table: string;
}

/** Writes `n` workspace playbooks under `dir` (100 per folder); skipped when the tree is already there. */
export function writeTree(dir: string, n: number): void {
  const stamp = path.join(dir, '.complete');
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === String(n)) return;
  fs.rmSync(dir, { recursive: true, force: true });
  for (let i = 0; i < n; i++) {
    const sub = path.join(dir, `team-${Math.floor(i / 100)}`);
    if (i % 100 === 0) fs.mkdirSync(sub, { recursive: true });
    fs.writeFileSync(path.join(sub, `programme-${i}.playbook.yaml`), generatePlaybook(8 + (i % 24), i + 7, `programme-${i}`));
  }
  fs.writeFileSync(stamp, String(n));
}

const TIME_BIN = (() => {
  if (process.platform !== 'linux' || !fs.existsSync('/usr/bin/time')) return undefined;
  const probe = spawnSync('/usr/bin/time', ['-f', '%M', 'true'], { encoding: 'utf8' });
  return probe.status === 0 && /^\d+\s*$/.test(probe.stderr) ? '/usr/bin/time' : undefined;
})();

/** Runs a command with stdout to the null device; wall time and peak RSS of the process (threads included). */
function measure(args: string[], work: string): { wallMs: number; peakRssMiB: number; exitCode: number | null } {
  const out = path.join(work, `rss-${process.pid}-${Math.random().toString(36).slice(2)}.txt`);
  const preload = path.join(work, 'max-rss-preload.js');
  if (!TIME_BIN && !fs.existsSync(preload)) {
    fs.writeFileSync(preload, "process.on('exit', () => require('fs').writeFileSync(process.env.CLI_SCALE_RSS_OUT, String(process.resourceUsage().maxRSS)));\n");
  }
  const node = TIME_BIN ? [process.execPath, ...args] : [process.execPath, '--require', preload, ...args];
  const argv = TIME_BIN ? [TIME_BIN, '-f', '%M', '-o', out, ...node] : node;
  const devNull = fs.openSync(os.devNull, 'w');
  const env: NodeJS.ProcessEnv = { ...process.env, CLI_SCALE_RSS_OUT: out };
  delete env.NODE_OPTIONS;
  try {
    const t = performance.now();
    const r = spawnSync(argv[0], argv.slice(1), { cwd: ROOT, env, stdio: ['ignore', devNull, 'pipe'], maxBuffer: 64 * MiB });
    const wallMs = performance.now() - t;
    let kib = NaN;
    try {
      kib = Number(/(\d+)\s*$/.exec(fs.readFileSync(out, 'utf8'))?.[1]);
    } catch {
      // not measured
    }
    return { wallMs, peakRssMiB: kib / 1024, exitCode: r.status };
  } finally {
    fs.closeSync(devNull);
    fs.rmSync(out, { force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const round = (n: number) => Math.round(n * 10) / 10;

/** Measures the CLI on trees of generated playbooks; `log` gets progress and the table. */
export async function cliScale(log: (line: string) => void, options: CliScaleOptions = {}): Promise<CliScaleResult> {
  const sizes = [...(options.sizes ?? [1000, 20000, 100000])].sort((a, b) => a - b);
  const runs = Math.max(1, options.runs ?? 5);
  const formats = options.formats ?? ['json', 'sarif'];
  const base = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'playbook-cli-scale-'));
  fs.mkdirSync(base, { recursive: true });
  const rows: CliScaleRow[] = [];
  // ajv-cli runs on the 1,000-file tree (the smallest when there is none), interleaved with ours.
  const compared = sizes.includes(1000) ? 1000 : sizes[0];
  try {
    for (const size of sizes) {
      const dir = path.join(base, `tree-${size}`);
      const t = performance.now();
      writeTree(dir, size);
      log(`  tree of ${size} playbooks ready in ${Math.round(performance.now() - t)} ms`);
      const commands = formats.map((format) => ({ command: `playbook validate --format ${format}`, args: [CLI, 'validate', dir, '--format', format] }));
      const withAjv = size === compared;
      if (withAjv) commands.push({ command: 'ajv-cli (schema only)', args: [AJV, 'validate', '-s', SCHEMA, '-d', `${dir}/**/*.playbook.yaml`, '--spec=draft7', '--strict=false', '--all-errors'] });
      const n = withAjv ? runs : 1;
      const samples = commands.map(() => [] as ReturnType<typeof measure>[]);
      for (let i = 0; i < n; i++) commands.forEach((c, k) => samples[k].push(measure(c.args, base)));
      commands.forEach((c, k) => {
        const s = samples[k];
        const row = { files: size, command: c.command, runs: n, wallMs: round(median(s.map((x) => x.wallMs))), peakRssMiB: round(Math.max(...s.map((x) => x.peakRssMiB))), exitCode: s.find((x) => x.exitCode !== 0)?.exitCode ?? 0 };
        rows.push(row);
        log(`  ${size} files, ${c.command}: ${row.wallMs} ms, peak RSS ${row.peakRssMiB} MiB${row.exitCode ? ` (exit ${row.exitCode})` : ''}`);
      });
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    if (!options.dir) fs.rmSync(base, { recursive: true, force: true });
  }
  const ours = rows.find((r) => r.files === compared && r.command.endsWith('--format json')) ?? rows[0];
  const ajv = rows.find((r) => r.command.startsWith('ajv-cli'));
  const speedupOverAjv = ajv && ours ? Math.round((ajv.wallMs / ours.wallMs) * 100) / 100 : NaN;
  const machine = { cores: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', node: process.version, platform: `${process.platform}-${process.arch}`, memoryMiB: Math.round(os.totalmem() / MiB) };
  const rssMethod = TIME_BIN ? '/usr/bin/time -f %M' : 'process.resourceUsage().maxRSS (preload)';
  const table = [
    `\nCLI at scale (machine: ${machine.cores} cores, ${machine.cpu}, ${machine.memoryMiB} MiB; Node ${machine.node}; default --jobs; output to /dev/null; peak RSS by ${rssMethod}; median of ${runs} interleaved runs on ${compared} files, one run on the others)`,
    '| playbooks | command | wall time | peak RSS | exit |',
    '|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.files} | ${r.command} | ${r.wallMs} ms | ${r.peakRssMiB} MiB | ${r.exitCode} |`),
    `\nThroughput on ${compared} playbooks: ${speedupOverAjv}× ajv-cli's (ajv-cli time / playbook time, json format)`,
  ].join('\n');
  log(table);
  return { machine, rssMethod, rows, speedupOverAjv, table };
}

if (require.main === module) {
  const arg = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
  const quick = process.argv.includes('--quick');
  const sizes = arg('--sizes')?.split(',').map(Number) ?? (quick ? [200, 1000] : undefined);
  cliScale((line) => console.log(line), { sizes, runs: arg('--runs') ? Number(arg('--runs')) : quick ? 1 : undefined, dir: arg('--dir') }).catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
