/**
 * `npm run bench`: our language server against yaml-language-server (given our schema),
 * on the same generated files, driven as a real LSP client drives them (ranged changes,
 * and ours again with a full-text client; open of a file with findings); the language
 * server on whole workspaces and a branch switch; then the CLI on a 1,000-file workspace
 * against ajv-cli (schema only) and against itself with one worker, and on trees of up to
 * 100,000 playbooks (peak RSS); then the preview's re-render in headless Chromium. Every
 * table states its settings; prints them and writes bench/results.json.
 *   node out/bench/run.js [--quick]
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { generateAll } from './generate';
import { LspClient } from './lspClient';
import { cliScale, CliScaleResult } from './cliScale';
import { measurePreviewRender } from './preview';
import { benchWorkspace, WorkspaceResult } from './workspace';

const ROOT = path.resolve(__dirname, '../..');
const QUICK = process.argv.includes('--quick');
/** Only the open → diagnostics medians (a few minutes): `npm run bench -- --opens`. */
const OPENS_ONLY = process.argv.includes('--opens');
const OUT = process.argv.includes('--out') ? path.resolve(process.argv[process.argv.indexOf('--out') + 1]) : path.join(ROOT, 'bench', 'results.json');
const GENERATED = process.argv.includes('--dir') ? path.resolve(process.argv[process.argv.indexOf('--dir') + 1]) : path.join(ROOT, 'bench', 'generated');
const SIZES = QUICK ? [200] : [200, 2000, 10000];
const EDITS = QUICK ? 5 : 50;
const SAMPLES = QUICK ? 3 : 20;
/** Fresh servers per open → diagnostics figure (the machine's speed drifts: medians of interleaved runs). */
const OPEN_RUNS = QUICK ? 1 : 7;

type Sync = 'incremental' | 'full';

interface ServerResult {
  server: string;
  /** How the client sends changes: ranges (incremental) or the whole text (full). */
  sync: Sync;
  size: number;
  lines: number;
  openMs: number;
  editMedianMs: number;
  editP95Ms: number;
  referenceEditMedianMs: number;
  referenceEditP95Ms: number;
  completionMedianMs: number;
  hoverMedianMs: number;
  peakRssMiB: number;
  diagnosticsAtOpen: number;
}

const median = (xs: number[]) => quantile(xs, 0.5);
function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * (s.length - 1) + 0.5))];
}
const round = (n: number) => Math.round(n * 10) / 10;

export async function benchServer(name: string, command: string, args: string[], settings: unknown, languageId: string, file: string, size: number, sync: Sync = 'incremental'): Promise<ServerResult> {
  const text = fs.readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const working = lines.slice(); // the client's copy of the text, for full-text changes
  const uri = pathToFileURL(file).toString();
  const client = new LspClient(command, args, settings);
  await client.initialize(pathToFileURL(path.dirname(file)).toString());
  const t0 = performance.now();
  const first = client.nextDiagnostics(uri, 300000);
  client.open(uri, languageId, text);
  const opened = await first;
  const openMs = opened.at - t0;

  // Edit a touchpoint in the middle of the file, back and forth: its `within` value (a field
  // no rule reads), then its `owner` (a reference: the rules that read owners run again).
  const idLine = lines.findIndex((l) => l === `  - id: touchpoint-${Math.floor(size / 2)}`);
  let version = 1;
  const editSeries = async (key: string, values: (current: string) => string): Promise<number[]> => {
    const line = lines.findIndex((l, i) => i > idLine && new RegExp(`^ {4}${key}: `).test(l));
    const col = lines[line].indexOf(':') + 2;
    let current = lines[line].slice(col);
    const times: number[] = [];
    for (let i = 0; i < EDITS; i++) {
      const next = values(current);
      const wait = client.nextDiagnostics(uri, 300000);
      if (sync === 'full') {
        working[line] = working[line].slice(0, col) + next;
        const whole = working.join('\n'); // joined before the clock starts, as an editor holds its text
        const t = performance.now();
        client.changeFull(uri, ++version, whole);
        const pub = await wait;
        times.push(pub.at - t);
        current = next;
        continue;
      }
      const t = performance.now();
      client.change(uri, ++version, { start: { line, character: col }, end: { line, character: col + current.length } }, next);
      const pub = await wait;
      times.push(pub.at - t);
      current = next;
    }
    return times;
  };
  const edits = await editSeries('within', (v) => (v === '3d' ? '4d' : '3d'));
  const referenceEdits = await editSeries('owner', (v) => (v === 'owner-0' ? 'owner-1' : 'owner-0'));

  // Completion and hover at an id: the middle touchpoint's `owner` value.
  const ownerLine = lines.findIndex((l, i) => i > idLine && /^ {4}owner: /.test(l));
  const pos = { line: ownerLine, character: lines[ownerLine].indexOf(':') + 2 };
  const completion: number[] = [];
  const hover: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    let t = performance.now();
    await client.request('textDocument/completion', { textDocument: { uri }, position: pos });
    completion.push(performance.now() - t);
    t = performance.now();
    await client.request('textDocument/hover', { textDocument: { uri }, position: { line: pos.line, character: pos.character + 1 } });
    hover.push(performance.now() - t);
  }
  const peak = client.samplePeak();
  await client.shutdown();
  return {
    server: name,
    sync,
    size,
    lines: lines.length,
    openMs: round(openMs),
    editMedianMs: round(median(edits)),
    editP95Ms: round(quantile(edits, 0.95)),
    referenceEditMedianMs: round(median(referenceEdits)),
    referenceEditP95Ms: round(quantile(referenceEdits, 0.95)),
    completionMedianMs: round(median(completion)),
    hoverMedianMs: round(median(hover)),
    peakRssMiB: round(peak),
    diagnosticsAtOpen: opened.count,
  };
}

/** Runs each command `runs` times, interleaved (so drift in the machine's speed hits all alike); median wall time of each. */
function timeCommands(commands: { cmd: string; args: string[] }[], runs: number): { medianMs: number; ok: boolean; output: string }[] {
  const times = commands.map(() => [] as number[]);
  const ok = commands.map(() => true);
  const output = commands.map(() => '');
  for (let i = 0; i < runs; i++) {
    commands.forEach((c, k) => {
      const t = performance.now();
      const r = spawnSync(c.cmd, c.args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
      times[k].push(performance.now() - t);
      ok[k] = ok[k] && r.status === 0;
      output[k] = (r.stderr || r.stdout || '').split('\n').slice(-3).join(' ');
    });
  }
  return commands.map((_, k) => ({ medianMs: round(median(times[k])), ok: ok[k], output: output[k] }));
}

interface ServerCommand {
  command: string;
  args: string[];
  settings: unknown;
  languageId: string;
  env?: NodeJS.ProcessEnv;
}

/** One fresh server: initialize, then open → first diagnostics; `then` runs before the server is shut down. */
async function openOnce(s: ServerCommand, file: string, then?: (client: LspClient) => Promise<void>): Promise<{ ms: number; count: number }> {
  const client = new LspClient(s.command, s.args, s.settings, s.env);
  const uri = pathToFileURL(file).toString();
  await client.initialize(pathToFileURL(path.dirname(file)).toString());
  const text = fs.readFileSync(file, 'utf8');
  const t0 = performance.now();
  const first = client.nextDiagnostics(uri, 300000);
  client.open(uri, s.languageId, text);
  const opened = await first;
  await then?.(client);
  await client.shutdown();
  return { ms: opened.at - t0, count: opened.count };
}

interface OpenFigure {
  medianMs: number;
  samplesMs: number[];
  count: number;
}

/** Open → diagnostics on one playbook: each configuration on a fresh server OPEN_RUNS times, the configurations interleaved. */
async function benchOpens(runs: { name: string; server: ServerCommand; file: string }[]): Promise<Record<string, OpenFigure>> {
  const samples: Record<string, { ms: number; count: number }[]> = {};
  for (let i = 0; i < OPEN_RUNS; i++) for (const r of runs) (samples[r.name] ??= []).push(await openOnce(r.server, r.file));
  return Object.fromEntries(
    Object.entries(samples).map(([name, xs]) => [name, { medianMs: round(median(xs.map((x) => x.ms))), samplesMs: xs.map((x) => round(x.ms)), count: xs[0].count }]),
  );
}

/**
 * Makes sure our server's code cache is there before anything is measured (as it is from the second
 * start on), and says what became of it: one start that opens a playbook and waits for the write.
 */
async function primeCodeCache(server: ServerCommand, file: string): Promise<string> {
  let info: { codeCache?: { state: string; saved: boolean } } = {};
  await openOnce(server, file, async (client) => {
    for (let waited = 0; waited < 5000; waited += 250) {
      info = await client.request('playbook/serverInfo', undefined);
      if (!info.codeCache || info.codeCache.state === 'loaded' || info.codeCache.saved || info.codeCache.state === 'off') break;
      await new Promise((r) => setTimeout(r, 250));
    }
  });
  return info.codeCache ? `${info.codeCache.state}${info.codeCache.saved ? ', written by this start' : ''}` : 'none';
}

function machine(): string {
  const cpu = os.cpus()[0]?.model?.replace(/\s+/g, ' ').trim() ?? 'unknown CPU';
  return `${os.cpus().length} cores (${cpu}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()}`;
}

async function main(): Promise<void> {
  const dir = GENERATED;
  console.log(`generating benchmark files in ${path.relative(ROOT, dir)} ...`);
  generateAll(dir, SIZES, QUICK ? 50 : 1000);
  const schemaUri = pathToFileURL(path.join(ROOT, 'schemas/playbook.schema.json')).toString();
  // Default settings, as users get them: `playbook.debounceMs` unset (adaptive), every rule on.
  const ours = { validate: { enable: true }, rules: {} };
  const yamlSettings = { yaml: { validate: true, hover: true, completion: true, schemas: { [schemaUri]: ['*.playbook.yaml'] }, schemaStore: { enable: false } }, validate: true, hover: true, completion: true, schemas: { [schemaUri]: ['*.playbook.yaml'] }, schemaStore: { enable: false } };
  const oursCmd = [process.execPath, [path.join(ROOT, 'dist/server.js'), '--stdio']] as const;
  const yamlCmd = [process.execPath, [path.join(ROOT, 'node_modules/yaml-language-server/bin/yaml-language-server'), '--stdio']] as const;
  const oursServer: ServerCommand = { command: oursCmd[0], args: [...oursCmd[1]], settings: ours, languageId: 'playbook' };
  const oursUncached: ServerCommand = { ...oursServer, env: { ...process.env, PLAYBOOK_CODE_CACHE: 'off' } };
  // The server with V8's default settings (server/src/host/v8Tuning.ts): its own code cache, primed below.
  const oursUntuned: ServerCommand = { ...oursServer, env: { ...process.env, PLAYBOOK_V8_TUNING: 'off' } };
  const yamlServer: ServerCommand = { command: yamlCmd[0], args: [...yamlCmd[1]], settings: yamlSettings, languageId: 'yaml' };
  const primer = path.join(dir, `lsp-${SIZES[0]}`, `bench-${SIZES[0]}.playbook.yaml`);
  const codeCache = await primeCodeCache(oursServer, primer);
  await primeCodeCache(oursUntuned, primer);
  console.log(`  our server's code cache: ${codeCache}`);
  const servers: ServerResult[] = [];
  const opens: OpenResult[] = [];
  for (const size of SIZES) {
    const file = path.join(dir, `lsp-${size}`, `bench-${size}.playbook.yaml`);
    if (!OPENS_ONLY) {
      servers.push(await benchServer('playbook', oursCmd[0], [...oursCmd[1]], ours, 'playbook', file, size));
      servers.push(await benchServer('playbook', oursCmd[0], [...oursCmd[1]], ours, 'playbook', file, size, 'full'));
      servers.push(await benchServer('yaml-language-server', yamlCmd[0], [...yamlCmd[1]], yamlSettings, 'yaml', file, size));
    }
    const broken = path.join(dir, `lsp-${size}-findings`, `bench-${size}.playbook.yaml`);
    const o = await benchOpens([
      { name: 'ours', server: oursServer, file },
      { name: 'yaml', server: yamlServer, file },
      { name: 'oursFindings', server: oursServer, file: broken },
      { name: 'yamlFindings', server: yamlServer, file: broken },
      { name: 'oursUncached', server: oursUncached, file },
      { name: 'oursUntuned', server: oursUntuned, file },
    ]);
    opens.push({ size, clean: { ours: o.ours, yaml: o.yaml, oursUncached: o.oursUncached, oursUntuned: o.oursUntuned }, findings: { ours: o.oursFindings, yaml: o.yamlFindings } });
    console.log(`  measured ${size} touchpoints`);
  }
  if (OPENS_ONLY) {
    console.log(`\nMachine: ${machine()}.\nOpen → diagnostics (default settings; fresh servers, ${OPEN_RUNS} of each interleaved; our code cache: ${codeCache})`);
    console.log('| touchpoints | file | playbook | yaml-language-server | ratio | playbook without code cache | playbook with V8 defaults (PLAYBOOK_V8_TUNING=off) |');
    console.log('|---|---|---|---|---|---|---|');
    for (const o of opens) {
      console.log(`| ${o.size} | clean | ${o.clean.ours.medianMs} ms | ${o.clean.yaml.medianMs} ms | 1/${round(o.clean.yaml.medianMs / o.clean.ours.medianMs)} | ${o.clean.oursUncached.medianMs} ms | ${o.clean.oursUntuned.medianMs} ms |`);
      console.log(`| ${o.size} | with findings (ours ${o.findings.ours.count}) | ${o.findings.ours.medianMs} ms | ${o.findings.yaml.medianMs} ms | 1/${round(o.findings.yaml.medianMs / o.findings.ours.medianMs)} | | |`);
    }
    fs.writeFileSync(OUT, `${JSON.stringify({ date: new Date().toISOString(), machine: machine(), openRuns: OPEN_RUNS, codeCache, opens }, null, 2)}\n`);
    return;
  }

  const workspace = await benchWorkspace(dir, path.join(ROOT, 'dist/server.js'), QUICK ? [500] : [2000, 20000]);
  console.log('  measured the workspace');

  const ws = path.join(dir, 'workspace');
  const files = fs.readdirSync(ws, { recursive: true }).filter((f) => String(f).endsWith('.playbook.yaml')).length;
  const runs = QUICK ? 1 : 7;
  const [cli, cli1, ajv] = timeCommands(
    [
      { cmd: process.execPath, args: [path.join(ROOT, 'dist/cli.js'), 'validate', ws, '--format', 'json'] },
      { cmd: process.execPath, args: [path.join(ROOT, 'dist/cli.js'), 'validate', ws, '--format', 'json', '--jobs', '1'] },
      { cmd: process.execPath, args: [path.join(ROOT, 'node_modules/ajv-cli/dist/index.js'), 'validate', '-s', path.join(ROOT, 'schemas/playbook.schema.json'), '-d', `${ws}/**/*.playbook.yaml`, '--spec=draft7', '--strict=false', '--all-errors'] },
    ],
    runs,
  );

  // The CLI on generated trees of 1,000 / 20,000 / 100,000 playbooks (peak RSS), against ajv-cli on 1,000.
  const scale = await cliScale((line) => {
    if (!line.startsWith('\n')) console.log(line); // progress; the table comes with the others
  }, QUICK ? { sizes: [200, 1000], runs: 1 } : {});

  const preview = await measurePreviewRender(path.join(dir, `lsp-${QUICK ? 200 : 2000}`, `bench-${QUICK ? 200 : 2000}.playbook.yaml`), QUICK ? 3 : 20).catch((err) => ({ error: String(err), medianMs: NaN, p95Ms: NaN, firstPaintMs: NaN, touchpoints: 0 }));

  const results = { date: new Date().toISOString(), machine: machine(), cores: os.cpus().length, node: process.version, quick: QUICK, edits: EDITS, openRuns: OPEN_RUNS, codeCache, servers, opens, workspace, scale, cli: { files, runs, jobs: os.cpus().length, playbookMs: cli.medianMs, playbookOneWorkerMs: cli1.medianMs, ajvCliMs: ajv.medianMs, ajvOk: ajv.ok, ajvOutput: ajv.output }, preview };
  fs.writeFileSync(OUT, `${JSON.stringify(results, null, 2)}\n`);
  console.log(formatTable(results));
}

interface OpenResult {
  size: number;
  clean: { ours: OpenFigure; yaml: OpenFigure; oursUncached: OpenFigure; oursUntuned: OpenFigure };
  findings: { ours: OpenFigure; yaml: OpenFigure };
}

type Results = {
  machine: string;
  openRuns: number;
  codeCache: string;
  servers: ServerResult[];
  opens: OpenResult[];
  workspace: WorkspaceResult[];
  scale: CliScaleResult;
  cli: { files: number; runs: number; jobs: number; playbookMs: number; playbookOneWorkerMs: number; ajvCliMs: number };
  preview: { medianMs: number; p95Ms: number; firstPaintMs: number; touchpoints: number };
};

function formatTable(r: Results): string {
  const out: string[] = [];
  const ratio = (x: number, y: number) => (y > 0 && x > 0 ? `1/${round(y / x)}` : '-');
  const sizes = [...new Set(r.servers.map((s) => s.size))];
  const table = (title: string, sync: Sync) => {
    out.push(`\n${title}`);
    out.push('| touchpoints (lines) | metric | playbook | yaml-language-server | ratio |');
    out.push('|---|---|---|---|---|');
    for (const size of sizes) {
      const a = r.servers.find((s) => s.size === size && s.server === 'playbook' && s.sync === sync)!;
      const b = r.servers.find((s) => s.size === size && s.server === 'yaml-language-server')!;
      const row = (label: string, x: number, y: number, unit: string) => out.push(`| ${size} (${a.lines}) | ${label} | ${x} ${unit} | ${y} ${unit} | ${unit === 'MiB' ? `${round(x / y)}×` : ratio(x, y)} |`);
      const o = r.opens.find((w) => w.size === size);
      if (sync === 'incremental' && o) {
        row(`open → diagnostics (clean file), median of ${r.openRuns}`, o.clean.ours.medianMs, o.clean.yaml.medianMs, 'ms');
        row(`open → diagnostics (file with findings: ours ${o.findings.ours.count}, theirs ${o.findings.yaml.count}), median of ${r.openRuns}`, o.findings.ours.medianMs, o.findings.yaml.medianMs, 'ms');
        row(`open → diagnostics (clean file), first start after installing (no code cache), median of ${r.openRuns}`, o.clean.oursUncached.medianMs, o.clean.yaml.medianMs, 'ms');
        row(`open → diagnostics (clean file), V8's default settings (\`PLAYBOOK_V8_TUNING=off\`), median of ${r.openRuns}`, o.clean.oursUntuned.medianMs, o.clean.yaml.medianMs, 'ms');
      }
      row('edit → diagnostics, median', a.editMedianMs, b.editMedianMs, 'ms');
      row('edit → diagnostics, p95', a.editP95Ms, b.editP95Ms, 'ms');
      row('edit of a reference (`owner`) → diagnostics, median', a.referenceEditMedianMs, b.referenceEditMedianMs, 'ms');
      row('edit of a reference (`owner`) → diagnostics, p95', a.referenceEditP95Ms, b.referenceEditP95Ms, 'ms');
      if (sync === 'incremental') {
        row('completion at an id, median', a.completionMedianMs, b.completionMedianMs, 'ms');
        row('hover, median', a.hoverMedianMs, b.hoverMedianMs, 'ms');
      }
      row('peak RSS', a.peakRssMiB, b.peakRssMiB, 'MiB');
      if (sync === 'full') {
        const inc = r.servers.find((s) => s.size === size && s.server === 'playbook' && s.sync === 'incremental')!;
        out.push(`| ${size} (${a.lines}) | peak RSS, full-text vs ranged client (ours) | ${a.peakRssMiB} MiB | ${inc.peakRssMiB} MiB (ranged) | ${round(((a.peakRssMiB - inc.peakRssMiB) / inc.peakRssMiB) * 100)} % |`);
      }
    }
  };
  out.push(`\nMachine: ${r.machine}.`);
  table(
    `Language servers, default settings (ours: every rule on, \`playbook.debounceMs\` unset = adaptive, 200 ms for new findings; client sends ranged changes; yaml-language-server with our schema; ${EDITS} edits per row; open → diagnostics on fresh servers, ${r.openRuns} of each interleaved, our code cache as from the second start on (${r.codeCache}) unless said)`,
    'incremental',
  );
  table(`Language servers, full-text client (ours: default settings, the client sends the whole text on every change; yaml-language-server: ranged changes, which it re-parses in full either way)`, 'full');
  out.push('\nLanguage server on a workspace (default settings; every playbook validated at start; then 1,000 files rewritten on disk and announced by file-change notifications in bursts of 50)');
  out.push('| playbooks | start → complete diagnostics | peak RSS | branch switch: 1,000 files → all re-published |');
  out.push('|---|---|---|---|');
  for (const w of r.workspace) out.push(`| ${w.files} | ${w.completeMs} ms | ${w.peakRssMiB} MiB | ${w.settleMs} ms |`);
  const ratio2 = (x: number) => Math.round((x / r.cli.ajvCliMs) * 100) / 100;
  out.push(`\nCLI on ${r.cli.files} playbooks (median of ${r.cli.runs} runs, the three commands interleaved; --format json)`);
  out.push('| run | time | ratio to ajv-cli |');
  out.push('|---|---|---|');
  out.push(`| playbook validate, default --jobs ${r.cli.jobs} (all rules) | ${r.cli.playbookMs} ms | ${ratio2(r.cli.playbookMs)} |`);
  out.push(`| playbook validate --jobs 1 (all rules) | ${r.cli.playbookOneWorkerMs} ms | ${ratio2(r.cli.playbookOneWorkerMs)} |`);
  out.push(`| ajv-cli (schema only) | ${r.cli.ajvCliMs} ms | 1 |`);
  out.push(r.scale.table);
  out.push(`\nPreview in headless Chromium (${r.preview.touchpoints} touchpoints, 1400 × 900, until laid out): re-render after an edit median ${r.preview.medianMs} ms, p95 ${r.preview.p95Ms} ms; first paint ${r.preview.firstPaintMs} ms`);
  return out.join('\n');
}

if (require.main === module) {
  main()
    .catch((err) => {
      console.error(err);
      process.exitCode = 1;
    })
    .then(() => {
      // Everything is printed. A full run once stayed alive afterwards (no child process left, no
      // output): if anything still holds the process a second from now, say what, and end rather
      // than hang a CI job. (An unreferenced timer: it does not itself keep the process alive.)
      setTimeout(() => {
        console.error(`bench: still open a second after the end (closed by exiting): ${process.getActiveResourcesInfo().join(', ')}`);
        process.exit();
      }, 1000).unref();
    });
}
