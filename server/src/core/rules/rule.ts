/** The shape of a semantic rule module (ESLint / Spectral style). */
import type { EffectiveStage, Entry, PlaybookModel } from '../model';
import type { Severity } from '../types';

/** What a rule reports: a message on a value of the playbook, addressed by JSON pointer. */
export interface RuleReport {
  /** JSON pointer of the value the finding sits on. */
  pointer: string;
  message: string;
  /** `value` (default): the value's range; `key`: the key's range; `firstLine`: the first line of the mapping. */
  on?: 'value' | 'key' | 'firstLine';
  related?: { pointer: string; message: string }[];
  data?: Record<string, unknown>;
}

export interface RuleContext {
  model: PlaybookModel;
  report(report: RuleReport): void;
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

/** A semantic rule over the playbook model. */
export interface Rule extends Omit<RuleMeta, 'configurable'> {
  /**
   * Every entry field the rule reads, as `kind.field` (`touchpoint.owner`), besides an
   * entry's kind, index and pointer. After an edit inside one entry, a rule whose reads
   * do not include a changed field keeps its reports. Unit tests watch each rule's
   * actual reads and fail when one is missing here.
   */
  reads: readonly string[];
  check(context: RuleContext): void;
  /**
   * For a rule whose every report is about one entry (its pointer is inside it) and depends
   * only on that entry and the model's ids: the reports about `entry`. After an edit inside
   * an entry that keeps every id, the other entries' reports are kept and only this runs.
   */
  checkEntry?(context: RuleContext, entry: Entry): void;
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
