/** What the CLI formats print: one entry per file checked. */
import type { Finding, Severity } from '../core/types';

export interface FileReport {
  /** Path as shown to the user (relative to the current folder, `/` separators), or `<stdin>`. */
  path: string;
  findings: Finding[];
}

export interface FormatOptions {
  color: boolean;
  /** Severity at which the run fails (for JUnit failures). */
  failSeverity: Severity;
  toolVersion: string;
}

export type Formatter = (reports: FileReport[], options: FormatOptions) => string;

/** Counts of findings by severity. */
export function countBySeverity(findings: Finding[]): Record<Severity, number> {
  const c: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) c[f.severity]++;
  return c;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
