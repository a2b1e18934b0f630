/** Severity of a finding as reported to users. */
export type Severity = 'error' | 'warning' | 'info';
/** A severity as users may set it: a severity, or `off` to drop the rule. */
export type SeveritySetting = Severity | 'off';

/** Zero-based line and UTF-16 character, as in LSP. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface RelatedInformation {
  range: Range;
  message: string;
}

/** One problem found in a playbook. Errors in core are values of this type, never exceptions. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  range: Range;
  /** Offsets into the analysed text, half-open, matching `range`. */
  offsets: [number, number];
  docsUrl: string;
  related?: RelatedInformation[];
  /** Rule-specific facts for quick fixes (e.g. the suggested id). */
  data?: Record<string, unknown>;
}

export const SEVERITY_RANK: Record<Severity, number> = { info: 1, warning: 2, error: 3 };
