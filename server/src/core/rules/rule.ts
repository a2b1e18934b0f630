/**
 * The shape of a rule module (ESLint / Spectral style): its metadata, its check, the quick
 * fixes of its findings and where they go on the journey map, all in the rule's own file.
 */
import type { Analysis } from '../analyze';
import type { Fix } from '../edits';
import type { EffectiveStage, Entry, PlaybookModel } from '../model';
import type { Finding, Severity } from '../types';

/** The facts a rule attaches to its findings (plain JSON: LSP diagnostics and the preview carry them). */
export type FindingData = Record<string, unknown>;

/** What a rule reports: a message on a value of the playbook, addressed by JSON pointer. */
export interface RuleReport<Data extends FindingData = FindingData> {
  /** JSON pointer of the value the finding sits on. */
  pointer: string;
  message: string;
  /** `value` (default): the value's range; `key`: the key's range; `firstLine`: the first line of the mapping. */
  on?: 'value' | 'key' | 'firstLine';
  related?: { pointer: string; message: string }[];
  data?: Data;
}

export interface RuleContext<Data extends FindingData = FindingData> {
  model: PlaybookModel;
  /** Reports a finding; a rule's findings always carry its data (its fixes and placement read it). */
  report(report: RuleReport<Data> & { data: Data }): void;
}

/** A finding of one rule, with the data that rule attaches typed as the rule declares it. */
export type RuleFinding<Data extends FindingData> = Omit<Finding, 'data'> & { data: Data };

/** The analysis of a text that parsed: every finding a rule can fix comes with a model. */
export type ModelAnalysis = Analysis & { model: PlaybookModel };

/** Where a finding goes on the journey map besides (or instead of) the entry it sits in. */
export interface MapPlacement {
  /** Also on these stage × segment cells (the segment by its id). */
  cells?: { stage: string; segment: string | undefined }[];
  /**
   * On this stage's column instead of the entry the finding sits in. A stage takes one finding
   * of each rule; the rule's other findings about it stay on their entries.
   */
  stage?: string;
}

/** What every rule id has: listed by `playbook rules`, in SARIF and in hovers. */
export interface RuleMeta {
  id: string;
  defaultSeverity: Severity;
  /** One line for `playbook rules`, SARIF and hovers. */
  description: string;
  /** Whether `rules:` and suppression comments may change it. */
  configurable: boolean;
}

/** What a rule module owns besides its check: how its findings are fixed and drawn. */
export interface RuleBehaviour<Data extends FindingData = FindingData> {
  /** The quick fixes of one finding ("Disable for this line" is added for every configurable rule). */
  fixes?(analysis: ModelAnalysis, finding: RuleFinding<Data>): Fix[];
  /** Where a finding goes on the journey map; without this, on the entry it sits in. */
  placeOnMap?(finding: RuleFinding<Data>): MapPlacement;
  /** False when a `# playbook-disable-next-line` comment cannot silence the rule (no "Disable for this line" fix). */
  silencedByComment?: boolean;
}

/** A rule id that is not a semantic rule (the schema check, unused suppressions), with its behaviour. */
export interface RuleModule<Data extends FindingData = FindingData> extends RuleMeta, RuleBehaviour<Data> {}

/** A semantic rule over the playbook model; `Data` is what its reports attach. */
export interface Rule<Data extends FindingData = FindingData> extends Omit<RuleMeta, 'configurable'>, RuleBehaviour<Data> {
  /**
   * Every entry field the rule reads, as `kind.field` (`touchpoint.owner`), besides an
   * entry's kind, index and pointer. After an edit inside one entry, a rule whose reads
   * do not include a changed field keeps its reports. Unit tests watch each rule's
   * actual reads and fail when one is missing here.
   */
  reads: readonly string[];
  check(context: RuleContext<Data>): void;
  /**
   * For a rule whose every report is about one entry (its pointer is inside it) and depends
   * only on that entry and the model's ids: the reports about `entry`. After an edit inside
   * an entry that keeps every id, the other entries' reports are kept and only this runs.
   */
  checkEntry?(context: RuleContext<Data>, entry: Entry): void;
}

/** Every entry field that names another entry. */
export const REFERENCE_FIELDS = [
  'segment.owner',
  'touchpoint.stage',
  'touchpoint.segments',
  'touchpoint.owner',
  'touchpoint.trigger',
  'touchpoint.kpis',
  'touchpoint.escalatesTo',
  'kpi.stage',
  'kpi.owner',
] as const;

/** The `id` of every kind of entry (ids fill the model's tables). */
export const ID_FIELDS = ['stage.id', 'owner.id', 'segment.id', 'trigger.id', 'touchpoint.id', 'kpi.id'] as const;

/** An entry's id for messages (`` `welcome-call` ``), or its position (`#3`) when it has no id. */
export function entryName(e: Entry): string {
  return e.id !== undefined ? `\`${e.id}\`` : `#${e.index + 1}`;
}

/** Where findings about an entry go: its `id` value, or the entry's first line when it has no id. */
export function atEntry(e: Entry): Pick<RuleReport, 'pointer' | 'on'> {
  return e.id !== undefined ? { pointer: `${e.pointer}/id`, on: 'value' } : { pointer: e.pointer, on: 'firstLine' };
}

/** A stage's display label for messages. */
export function stageLabel(s: EffectiveStage): string {
  return `\`${s.id}\``;
}
