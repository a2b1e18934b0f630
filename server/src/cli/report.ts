/** What the CLI formats print: one entry per file checked, written as each file is done. */
import type { Finding, Severity } from '../core/types';

export interface FileReport {
  /** Path as shown to the user (relative to the current folder, `/` separators), or `<stdin>`. */
  path: string;
  findings: Finding[];
  /** How long reading and checking the file took (JUnit's per-test `time`), when measured. */
  ms?: number;
}

export interface FormatOptions {
  color: boolean;
  /** Severity at which the run fails (for JUnit failures). */
  failSeverity: Severity;
  toolVersion: string;
  /** The folder report paths are relative to (default: the current folder). */
  cwd?: string;
  /** SARIF: the folder that file locations are relative to (default: the repository root, else `cwd`). */
  sourceRoot?: string;
  /** JUnit: the machine's name and the run's start and clock (defaults: os.hostname(), now, performance.now). */
  hostname?: string;
  startedAt?: Date;
  clock?: () => number;
}

/**
 * A format as a stream: `begin()`, then `file()` once per file in order, then `end()`; the
 * concatenation is the whole report. A writer keeps only counts and, where the format puts
 * totals before the files (JUnit), a small rendered summary of each file; never the findings
 * of files already written.
 */
export interface ReportWriter {
  begin(): string;
  file(report: FileReport): string;
  end(): string;
}

export type WriterFactory = (options: FormatOptions) => ReportWriter;

export type Formatter = (reports: FileReport[], options: FormatOptions) => string;

/** The whole report at once, from a streaming writer (for callers that have every report in hand). */
export function formatAll(factory: WriterFactory, reports: FileReport[], options: FormatOptions): string {
  const w = factory(options);
  let out = w.begin();
  for (const r of reports) out += w.file(r);
  return out + w.end();
}

/** Counts of findings by severity. */
export function countBySeverity(findings: Finding[]): Record<Severity, number> {
  const c: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) c[f.severity]++;
  return c;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * `JSON.stringify(value, null, 2)` as it reads nested `depth` levels deep in a document
 * printed the same way: every line after the first indented by `2 * depth` spaces (JSON
 * strings hold no raw line breaks, so splitting at them is safe).
 */
export function nestedJson(value: unknown, depth: number): string {
  const text = JSON.stringify(value, null, 2);
  return text.includes('\n') ? text.replace(/\n/g, `\n${'  '.repeat(depth)}`) : text;
}
