/**
 * `playbook validate`: list the inputs, check the configurations, then check the files as a
 * stream, handing each file's report on in input order as soon as it and every file before
 * it are done. Only the findings of files not yet handed on are held.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { SeveritySetting } from '../core/types';
import { currentCodeCache } from '../host/codeCache';
import { ConfigCache, ConfigFile, ioMessage, resolveInputs, UsageError } from '../host/files';
import { checkFiles, FileJob, findingsOfBytes } from './analyzeMany';
import type { FileReport } from './report';
import { inShard, Shard } from './shard';

export interface ValidateInput {
  paths: string[];
  cwd: string;
  configFile?: string;
  readStdin?: () => Promise<Buffer>;
  stdinFilename?: string;
  /** Worker threads for the analysis (1 = in this thread). */
  jobs?: number;
  /** Check only the files of this shard (by the hash of their reported path). */
  shard?: Shard;
}

/**
 * Checks playbooks, calling `onReport` for each file in input order (it may return a promise
 * to hold the run while output drains). Throws UsageError (exit 2) for usage and config
 * problems before the first report, and for a file that cannot be read when its turn comes.
 */
export async function validatePlaybooks(input: ValidateInput, onReport: (report: FileReport) => void | Promise<void>): Promise<void> {
  const configs = new ConfigCache();
  const forced = input.configFile ? configs.load(path.resolve(input.cwd, input.configFile)) : undefined;
  const fileArgs = input.paths.filter((p) => p !== '-');
  const useStdin = input.paths.includes('-');
  let files = fileArgs.length || !useStdin ? resolveInputs(fileArgs, configs, input.cwd, forced) : [];
  if (input.shard) {
    const shard = input.shard;
    files = files.filter((f) => inShard(displayPath(f, input.cwd), shard));
  }

  let stdin: { path: string; bytes: Buffer; config?: ConfigFile } | undefined;
  if (useStdin) {
    const shown = input.stdinFilename ?? '<stdin>';
    // Placed as a file of that name would be: its path relative to the working folder, with `/`.
    const placed = input.stdinFilename ? displayPath(path.resolve(input.cwd, input.stdinFilename), input.cwd) : shown;
    if (!input.shard || inShard(placed, input.shard)) {
      if (!input.readStdin) throw new UsageError('cannot read standard input');
      const bytes = await input.readStdin();
      const virtualPath = path.resolve(input.cwd, input.stdinFilename ?? 'stdin.playbook.yaml');
      stdin = { path: shown, bytes, config: forced ?? configs.forPlaybook(virtualPath) };
    }
  }

  // Every configuration in use must be valid before anything is reported.
  const checked = new Set<ConfigFile>();
  const checkConfig = (config: ConfigFile | undefined): Record<string, SeveritySetting> | undefined => {
    if (!config) return undefined;
    if (!checked.has(config)) {
      const bad = config.findings.find((f) => f.severity === 'error');
      if (bad) throw new UsageError(`invalid configuration ${displayPath(config.file, input.cwd)}:${bad.range.start.line + 1}:${bad.range.start.character + 1}: ${bad.message}`);
      checked.add(config);
    }
    return config.config.rules;
  };
  // A file that cannot be read (permissions, a link gone) stops the run before any output,
  // as when every file was read first. A file that fails only when read (EIO, or removed
  // during the run) still stops the run, after the reports of the files before it.
  for (const file of files) {
    try {
      fs.accessSync(file, fs.constants.R_OK);
    } catch (err) {
      throw new UsageError(ioMessage(err, displayPath(file, input.cwd)));
    }
  }
  const stdinRules = stdin && checkConfig(stdin.config);
  const jobs: FileJob[] = files.map((file) => ({ file, rules: checkConfig(forced ?? configs.forPlaybook(file)) }));
  files = [];

  if (stdin) {
    const started = performance.now();
    const findings = findingsOfBytes(stdin.bytes, stdinRules);
    await onReport({ path: stdin.path, findings, ms: performance.now() - started });
  }
  stdin = undefined;

  // Outcomes arrive in any order; each is handed on once every earlier one has been.
  const pending = new Map<number, FileReport | { error: string }>();
  let nextOut = 0;
  // Workers start from the launcher when there is one (they then load through the code cache).
  await checkFiles(jobs, input.jobs ?? 1, currentCodeCache()?.launcher ?? __filename, (index, outcome) => {
    const shown = displayPath(jobs[index].file, input.cwd);
    pending.set(index, 'error' in outcome ? { error: ioMessage(outcome.error, shown) } : { path: shown, findings: outcome.findings, ms: outcome.ms });
    return flush();
  });

  function flush(): void | Promise<void> {
    let waits: Promise<void>[] | undefined;
    for (let r = pending.get(nextOut); r; r = pending.get(nextOut)) {
      pending.delete(nextOut++);
      if ('error' in r) throw new UsageError(r.error);
      const p = onReport(r);
      if (p) (waits ??= []).push(p);
    }
    return waits && Promise.all(waits).then(() => undefined);
  }
}

/** Paths relative to the current folder when inside it, with `/` separators. */
export function displayPath(file: string, cwd: string): string {
  // The common case, a file under the current folder, without the cost of `path.relative`.
  const base = cwd.endsWith(path.sep) ? cwd : cwd + path.sep;
  if (file.startsWith(base) && path.isAbsolute(cwd) && !file.includes(`${path.sep}.`) && !file.includes(path.sep + path.sep)) {
    const rel = file.slice(base.length);
    return path.sep === '/' ? rel : rel.split(path.sep).join('/');
  }
  const rel = path.relative(cwd, file);
  return (rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file).split(path.sep).join('/');
}
