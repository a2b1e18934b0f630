/**
 * The analysis: parse once, check the schema, run every semantic rule on the
 * well-formed parts, apply severities and suppressions. One entry point for
 * the language server, the CLI, the preview and the tests.
 */
import { PendingReport, sortFindings, toFindings } from './findings';
import { buildModel, changedFields, Entry, entryAtIndex, KIND_OF_LIST, modelWithEntryReplaced, PlaybookModel } from './model';
import type { RuleReport } from './rules/rule';
import { parsePlaybook, ParsedPlaybook } from './parse';
import { CONFIGURABLE_RULE_IDS, getRuleMeta, SEMANTIC_RULES } from './rules';
import { findStaleSuppressions } from './rules/unused-suppression';
import type { ErrorObject } from 'ajv';
import { schemaErrors, schemaErrorsAfterEdit, schemaReports } from './schema';
import { EditRegion, reparseIncrementally } from './incremental';
import { findSuppressions, Suppression, SUPPRESSION_DIRECTIVE } from './suppressions';
import type { Finding, Severity, SeveritySetting } from './types';

export interface AnalyzeOptions {
  /** Severity overrides from outside the file (`.playbookrc.yaml`, editor settings); the playbook's own `rules:` win. */
  rules?: Record<string, SeveritySetting>;
  /**
   * Keep what a later incremental analysis of an edited text reuses (the schema errors and each
   * rule's reports, by analysis): true (the default) for the editor's documents; false for a
   * one-off analysis (the CLI, files on disk).
   */
  retain?: boolean;
}

export interface Analysis {
  parsed: ParsedPlaybook;
  /** Undefined when the text has syntax errors. */
  model: PlaybookModel | undefined;
  findings: Finding[];
  suppressions: Suppression[];
  /** Effective severity of every rule id for this file. */
  severities: Record<string, SeveritySetting>;
}

/** Analyses a playbook text. Never throws: problems (even a failing rule) come back as findings. */
export function analyzePlaybook(text: string, options: AnalyzeOptions = {}): Analysis {
  return analyzeParsed(parsePlaybook(text), options);
}

/**
 * Analyses a new version of a text from the previous analysis and the region the
 * edits changed: only the edited list entry is parsed again when that is safe.
 */
export function reanalyzePlaybook(prev: Analysis, text: string, region: EditRegion | undefined, options: AnalyzeOptions = {}): Analysis {
  const incremental = region && reparseIncrementally(prev.parsed, text, region);
  if (!incremental) return analyzeParsed(parsePlaybook(text), options);
  return analyzeParsed(incremental.parsed, options, { prev, list: incremental.list, index: incremental.index, region });
}

/** What an incremental analysis knows: the previous analysis, and the one list item that differs from it. */
interface EditHint {
  prev: Analysis;
  list: string;
  index: number;
  region: EditRegion;
}

/** What an analysis found before severities and suppressions apply, kept for reuse by the next one. */
interface Kept {
  schemaErrors: ErrorObject[];
  /** Each rule's reports, for the rules that are on, in rule order. */
  byRule: Map<string, PendingReport[]>;
  /** How the analysis was made: parsed in full, or one entry re-parsed (for tests and the benchmark). */
  path: 'full' | 'entry';
  /** How many rules ran (the others' reports were reused). */
  rulesRun: number;
  /** Whether the text holds the suppression directive's words anywhere (in a comment or not). */
  directive: boolean;
}

const KEPT = new WeakMap<Analysis, Kept>();

/** The analysis of an already parsed text. */
export function analyzeParsed(parsed: ParsedPlaybook, options: AnalyzeOptions = {}, hint?: EditHint): Analysis {
  if (parsed.syntax.some((s) => s.severity !== 'warning')) {
    return { parsed, model: undefined, findings: sortFindings(toFindings(parsed, parsed.syntax, {})), suppressions: [], severities: {} };
  }
  const prevModel = hint?.prev.model;
  const replaced = prevModel && modelWithEntryReplaced(prevModel, parsed.value, hint.list, hint.index);
  const retain = options.retain !== false;
  // Entries the edit left alone (the same item objects, at the same places) come from the previous model.
  const model = replaced || buildModel(parsed.value, prevModel);
  const severities = effectiveSeverities(options.rules, model.rules);
  const kept = hint && KEPT.get(hint.prev);
  const errors = kept ? schemaErrorsAfterEdit(parsed.value, kept.schemaErrors, hint.list, hint.index) : schemaErrors(parsed.value);
  const schemaFound: PendingReport[] = schemaReports(parsed.value, errors).map((r) => ({ ...r, ruleId: 'schema' }));
  const changed = replaced && kept && sameSeverities(hint.prev.severities, severities) ? changedByEdit(prevModel!, replaced, hint.list, hint.index) : undefined;
  const { byRule, ran } = runRules(model, severities, changed && kept ? { byRule: kept.byRule, ...changed } : undefined);
  const ruleReports = [...byRule.values()].flat();
  const active = severities as Record<string, Severity>;
  let findings = toFindings(parsed, [...parsed.syntax, ...schemaFound, ...ruleReports], active);

  // The directive's words can only appear in a new place where the text changed.
  const directive = kept ? kept.directive || mayHoldSuppression(parsed.text, hint.region) : parsed.text.includes(SUPPRESSION_DIRECTIVE);
  const suppressions = directive ? findSuppressions(parsed) : [];
  if (suppressions.length) {
    const byLine = new Map<number, Suppression[]>();
    for (const s of suppressions) byLine.set(s.line + 1, [...(byLine.get(s.line + 1) ?? []), s]);
    const used = new Set<string>();
    findings = findings.filter((f) => {
      if (!getRuleMeta(f.ruleId)?.configurable) return true;
      const hit = byLine.get(f.range.start.line)?.find((s) => s.rules.some((r) => r.id === f.ruleId));
      if (!hit) return true;
      used.add(`${hit.line}:${f.ruleId}`);
      return false;
    });
    if (severities['unused-suppression'] !== 'off') {
      const stale = findStaleSuppressions(suppressions, used, (id) => {
        const meta = getRuleMeta(id);
        return !meta ? 'unknown' : meta.configurable ? 'ok' : 'fixed';
      });
      findings.push(
        ...toFindings(
          parsed,
          stale.map((s) => ({ ruleId: 'unused-suppression', message: s.message, offsets: s.suppression.offsets, data: { ids: s.ids } })),
          active,
        ),
      );
    }
  }
  const analysis: Analysis = { parsed, model, findings: sortFindings(findings), suppressions, severities };
  if (retain) KEPT.set(analysis, { schemaErrors: errors, byRule, directive, path: hint ? 'entry' : 'full', rulesRun: ran });
  return analysis;
}

/** How an analysis was made (for tests and the benchmark): parsed in full or one entry again, and how many rules ran. */
export function analysisPath(a: Analysis): { path: Kept['path']; rulesRun: number } | undefined {
  const kept = KEPT.get(a);
  return kept && { path: kept.path, rulesRun: kept.rulesRun };
}

/**
 * The semantic rules that are on, over the model; a failing rule becomes an `internal-error`
 * report. With `reuse`, a rule that reads none of the `changed` fields keeps its reports.
 */
function runRules(
  model: PlaybookModel,
  severities: Record<string, SeveritySetting>,
  reuse?: { byRule: Map<string, PendingReport[]>; changed: Set<string>; entry: Entry },
): { byRule: Map<string, PendingReport[]>; ran: number } {
  const byRule = new Map<string, PendingReport[]>();
  let ran = 0;
  for (const rule of SEMANTIC_RULES) {
    if (severities[rule.id] === 'off') continue;
    const before = reuse?.byRule.get(rule.id);
    if (before && !rule.reads.some((field) => reuse!.changed.has(field))) {
      byRule.set(rule.id, before);
      continue;
    }
    ran++;
    let pending: PendingReport[] = [];
    const report = (r: RuleReport) => pending.push({ ...r, ruleId: rule.id });
    try {
      if (before && reuse && rule.checkEntry) {
        // Only the edited entry's reports can differ: keep the others', check this entry again.
        const at = reuse.entry.pointer;
        pending = before.filter((r) => r.pointer !== at && !r.pointer.startsWith(`${at}/`));
        rule.checkEntry({ model, report }, reuse.entry);
      } else rule.check({ model, report });
    } catch (err) {
      pending.push({
        ruleId: 'internal-error',
        pointer: '',
        on: 'firstLine',
        message: `Rule \`${rule.id}\` failed on this playbook (${err instanceof Error ? err.message : String(err)}); its findings are missing. Other rules still ran. Please report this with the file.`,
        data: { rule: rule.id },
      });
    }
    byRule.set(rule.id, pending);
  }
  return { byRule, ran };
}

/**
 * The entry fields (`kind.field`) the edit of item `index` of `list` changed, and the new
 * entry, for a model made from `prev` by `modelWithEntryReplaced` (every other entry and
 * table shared).
 */
function changedByEdit(prev: PlaybookModel, next: PlaybookModel, list: string, index: number): { changed: Set<string>; entry: Entry } | undefined {
  const kind = KIND_OF_LIST[list];
  const before = entryAtIndex(prev, kind, index);
  const after = entryAtIndex(next, kind, index);
  return before && after ? { changed: changedFields(before, after), entry: after } : undefined;
}

/** Whether the edited region (or what it joined) holds the suppression directive's words. */
function mayHoldSuppression(text: string, region: EditRegion): boolean {
  const reach = SUPPRESSION_DIRECTIVE.length;
  return text.slice(Math.max(0, region.start - reach), region.newEnd + reach).includes(SUPPRESSION_DIRECTIVE);
}

function sameSeverities(a: Record<string, SeveritySetting>, b: Record<string, SeveritySetting>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

/** Each configurable rule's severity: default, then outside overrides, then the playbook's own `rules:`. */
export function effectiveSeverities(...layers: (Record<string, SeveritySetting> | undefined)[]): Record<string, SeveritySetting> {
  const out: Record<string, SeveritySetting> = {};
  for (const id of CONFIGURABLE_RULE_IDS) out[id] = getRuleMeta(id)!.defaultSeverity;
  for (const layer of layers) {
    if (!layer) continue;
    for (const [id, s] of Object.entries(layer)) if (id in out) out[id] = s;
  }
  return out;
}
