/** The `playbook` command line: wiring of arguments to the validator and formats. */
import { parseArgs } from 'util';
import pkg from '../../../package.json';
import { ALL_RULES } from '../core/rules';
import { SEVERITY_RANK, Severity } from '../core/types';
import { UsageError } from '../host/files';
import { githubWriter } from './formats/github';
import { jsonWriter } from './formats/json';
import { junitWriter } from './formats/junit';
import { sarifWriter } from './formats/sarif';
import { stylishWriter } from './formats/stylish';
import type { WriterFactory } from './report';
import { defaultJobs, isAnalysisWorker } from './analyzeMany';
import { capacityCommand } from './capacity';
import { diffCommand } from './diff';
import { renderCommand } from './render';
import { ReportFiles } from './reportFiles';
import { parseShard, Shard } from './shard';
import { validatePlaybooks } from './validate';

export interface CliIO {
  argv: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdoutIsTTY: boolean;
  /** Writes to standard output; `false` asks the caller to wait for `drain` before writing more. */
  write(text: string): boolean | void;
  /** Resolves when standard output can take more (after `write` returned false). */
  drain?(): Promise<void>;
  error(text: string): void;
  readStdin(): Promise<Buffer>;
}

const FORMATS: Record<string, WriterFactory> = { stylish: stylishWriter, json: jsonWriter, sarif: sarifWriter, junit: junitWriter, github: githubWriter };
/** Output to a file or pipe is gathered up to this many characters between writes (fewer system calls), and written whenever the run waits on the analysis. */
const WRITE_BATCH = 64 * 1024;

const HELP = `Usage: playbook <command> [options]

Commands:
  validate [paths or globs...]   Check playbooks (default: every *.playbook.yaml|yml under
                                 the current folder, skipping node_modules and .git).
                                 "-" reads one playbook from standard input.
  rules                          List the rules with their default severities.
  render FILE                    Draw the journey map of a playbook (default format: html).
  capacity FILE                  The hours the playbook asks of each owner a month (effort ×
                                 occurrences) against their hours, and the touches a month each
                                 segment's accounts get (format v1.1).
  diff [BASE] [HEAD] [paths...]  What a change does to the playbooks: entries added, removed,
                                 renamed or changed, coverage, owner load, KPI targets,
                                 findings introduced and resolved. BASE and HEAD are git refs
                                 (default: HEAD and the working tree); BASE's side is where
                                 the two meet (their merge base), as in a pull request.

Options for validate:
  -f, --format <name>        stylish (default), json, sarif, junit, github
      --report <fmt>=<file>  also write the report in that format to a file, from the same run
                             (repeatable: --report json=report.json --report sarif=out.sarif)
      --fail-severity <s>    error (default), warning or info: the lowest severity that fails the run
      --max-warnings <n>     also fail when there are more than n warnings
  -q, --quiet                report only findings at or above the fail severity
  -c, --config <file>        use this .playbookrc.yaml instead of the nearest one
      --stdin-filename <p>   path to report (and to find the config from) for "-"
  -j, --jobs <n>             worker threads for large runs (default: one per core)
      --shard <i/n>          check only shard i of n (1 <= i <= n): a file belongs to shard
                             (FNV-1a 32-bit hash of its path relative to the current folder,
                             with / separators) mod n + 1, so n CI jobs check every file once
      --color / --no-color   force colours on or off (default: on for a terminal)
Options for capacity:
  -f, --format <name>        table (default), json, markdown
      --fail-severity <s>    exit 1 when the playbook has findings at or above it (default: error)
Options for diff:
  -f, --format <name>        stylish (default), markdown (pull request comment, job summary), json
      --fail-on-new <s>      error, warning or info: exit 1 when the change introduces a finding
                             at or above it (findings already there never fail)
      --base-file <file>     compare two files instead of git versions (with --head-file)
      --head-file <file>
Options for render:
  -f, --format <name>        html (self-contained page), svg, mermaid (journey diagram), json (journey model);
                             PNG is drawn by the editor (Playbook: Export Journey Map as PNG)
  -o, --output <file>        write to a file instead of standard output

  -h, --help                 show this help
  -v, --version              show the version

Exit codes: 0 nothing at or above the fail severity, 1 findings at or above it
(or too many warnings; for diff: new findings at or above --fail-on-new), 2 usage, I/O or
git problem (not a repository, an unknown ref, a shallow clone without the base).
Docs: https://github.com/engagement-playbooks/engagement-playbooks#cli
`;

/** Runs the CLI; resolves to the exit code. Never throws. */
export async function runCli(io: CliIO): Promise<number> {
  try {
    return await run(io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.error(`playbook: ${err.message}\n`);
      return 2;
    }
    const msg = err instanceof Error ? err.message : String(err);
    io.error(`playbook: internal error: ${msg.split('\n')[0]} (please report this)\n`);
    return 2;
  }
}

async function run(io: CliIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: io.argv,
      allowPositionals: true,
      tokens: true,
      options: {
        format: { type: 'string', short: 'f' },
        'fail-severity': { type: 'string' },
        'max-warnings': { type: 'string' },
        quiet: { type: 'boolean', short: 'q' },
        config: { type: 'string', short: 'c' },
        output: { type: 'string', short: 'o' },
        report: { type: 'string', multiple: true },
        jobs: { type: 'string', short: 'j' },
        shard: { type: 'string' },
        'stdin-filename': { type: 'string' },
        'fail-on-new': { type: 'string' },
        'base-file': { type: 'string' },
        'head-file': { type: 'string' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (err) {
    throw new UsageError(`${(err as Error).message.split('\n')[0]} (see playbook --help)`);
  }
  const { values, positionals, tokens } = parsed;
  /** Positionals written after `--` (for diff: paths, never refs). */
  const terminator = tokens.findIndex((t) => t.kind === 'option-terminator');
  const afterTerminator = terminator < 0 ? 0 : tokens.slice(terminator + 1).filter((t) => t.kind === 'positional').length;
  if (values.help) {
    io.write(HELP);
    return 0;
  }
  if (values.version) {
    io.write(`${pkg.version}\n`);
    return 0;
  }
  const [command, ...rest] = positionals;
  if (!command) throw new UsageError('missing command: use "playbook validate [paths...]" or "playbook rules" (see --help)');

  if (command === 'render') return renderCommand(io, rest, values.format ?? 'html', values.output, values.config);
  if (command === 'capacity') {
    const failSeverity = (values['fail-severity'] ?? 'error') as Severity;
    if (!(failSeverity in SEVERITY_RANK)) throw new UsageError(`--fail-severity must be error, warning or info, not "${values['fail-severity']}"`);
    return capacityCommand(io, rest, values.format ?? 'table', failSeverity, values.config);
  }
  const color =
    values['no-color'] || 'NO_COLOR' in io.env ? false : values.color || (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') ? true : io.stdoutIsTTY;
  if (command === 'diff') {
    return diffCommand(io, rest, { pathsOnlyFrom: rest.length - afterTerminator, format: values.format ?? 'stylish', failOnNew: values['fail-on-new'], baseFile: values['base-file'], headFile: values['head-file'], color, version: pkg.version });
  }

  const format = values.format ?? 'stylish';
  if (!(format in FORMATS)) throw new UsageError(`unknown format "${format}": use stylish, json, sarif, junit or github`);

  if (command === 'rules') {
    if (rest.length) throw new UsageError('"playbook rules" takes no arguments');
    if (format === 'json') io.write(`${JSON.stringify(ALL_RULES, null, 2)}\n`);
    else {
      const w = Math.max(...ALL_RULES.map((r) => r.id.length));
      for (const r of ALL_RULES) io.write(`${r.id.padEnd(w)}  ${r.defaultSeverity.padEnd(7)}  ${r.configurable ? '' : '(always on) '}${r.description}\n`);
    }
    return 0;
  }
  if (command !== 'validate') throw new UsageError(`unknown command "${command}": use "validate", "rules", "render", "capacity" or "diff" (see --help)`);

  const failSeverity = (values['fail-severity'] ?? 'error') as Severity;
  if (!(failSeverity in SEVERITY_RANK)) throw new UsageError(`--fail-severity must be error, warning or info, not "${values['fail-severity']}"`);
  let maxWarnings: number | undefined;
  if (values['max-warnings'] !== undefined) {
    maxWarnings = /^\d+$/.test(values['max-warnings']) ? Number(values['max-warnings']) : NaN;
    if (!Number.isInteger(maxWarnings) || maxWarnings < 0) throw new UsageError(`--max-warnings must be a whole number >= 0, not "${values['max-warnings']}"`);
  }
  let jobs = defaultJobs();
  if (values.jobs !== undefined) {
    jobs = /^\d+$/.test(values.jobs) ? Number(values.jobs) : NaN;
    if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError(`--jobs must be a whole number >= 1, not "${values.jobs}"`);
  }
  const shard: Shard | undefined = values.shard === undefined ? undefined : parseShard(values.shard);
  // The files of --report: opened (and their folders made) before any playbook is checked.
  const files = new ReportFiles(values.report ?? [], FORMATS, io.cwd, (factory) => factory({ color: false, failSeverity, toolVersion: pkg.version }));

  // Each file's part of the report is written as soon as it and every file before it are
  // done; the header only with the first file, so a run that stops early prints nothing.
  const writer = FORMATS[format]({ color, failSeverity, toolVersion: pkg.version });
  const failRank = SEVERITY_RANK[failSeverity];
  let failing = 0;
  let warnings = 0;
  let started = false;
  let buffered = '';
  /** Set while standard output is full: nothing is written, and the run waits, until it drains. */
  let draining: Promise<void> | undefined;
  const flush = (): void | Promise<void> => {
    if (draining) return draining;
    if (!buffered) return;
    const text = buffered;
    buffered = '';
    if (io.write(text) === false && io.drain) {
      draining = io.drain().then(() => {
        draining = undefined;
      });
      return draining;
    }
  };
  let scheduled = false;
  const emit = (text: string): void | Promise<void> => {
    buffered += text;
    // Output full: the caller waits (no more work is handed out); the part stays buffered.
    if (draining) return draining;
    // On a terminal each file's part shows at once.
    if (buffered.length >= (io.stdoutIsTTY ? 0 : WRITE_BATCH)) return flush();
    // Whatever is ready is written before the next wait for the analysis.
    if (!scheduled && buffered) {
      scheduled = true;
      setImmediate(() => {
        scheduled = false;
        void flush();
      });
    }
  };
  try {
    await validatePlaybooks(
      {
        paths: rest,
        cwd: io.cwd,
        configFile: values.config,
        readStdin: io.readStdin,
        stdinFilename: values['stdin-filename'],
        jobs,
        shard,
      },
      (report) => {
        let shown = report.findings;
        for (const f of report.findings) {
          if (SEVERITY_RANK[f.severity] >= failRank) failing++;
          if (f.severity === 'warning') warnings++;
        }
        if (values.quiet) shown = shown.filter((f) => SEVERITY_RANK[f.severity] >= failRank);
        const part = shown === report.findings ? report : { path: report.path, findings: shown };
        const text = writer.file(part);
        if (!started) {
          started = true;
          files.begin();
          files.file(part);
          return emit(writer.begin() + text);
        }
        files.file(part);
        return emit(text);
      },
    );
  } catch (err) {
    buffered = ''; // a run that stops (a file that cannot be read) writes no more
    files.abandon();
    throw err;
  }
  if (!started) {
    buffered += writer.begin();
    files.begin();
  }
  buffered += writer.end();
  files.finish();
  await draining;
  await flush();
  await draining;
  if (maxWarnings !== undefined && warnings > maxWarnings) {
    io.error(`playbook: too many warnings (${warnings}, maximum allowed: ${maxWarnings})\n`);
    return 1;
  }
  return failing ? 1 : 0;
}

if (require.main === module && !isAnalysisWorker) {
  const chunks: Buffer[] = [];
  void runCli({
    argv: process.argv.slice(2),
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    write: (t) => process.stdout.write(t),
    drain: () => new Promise<void>((resolve) => process.stdout.once('drain', resolve)),
    error: (t) => process.stderr.write(t),
    readStdin: () =>
      new Promise((resolve, reject) => {
        process.stdin.on('data', (c: Buffer) => chunks.push(c));
        process.stdin.on('end', () => resolve(Buffer.concat(chunks)));
        process.stdin.on('error', reject);
      }),
  }).then((code) => {
    process.exitCode = code;
  });
}
