/**
 * The analysis: parse once, check the schema, run every semantic rule on the
 * well-formed parts, apply severities and suppressions. One entry point for
 * the language server, the CLI, the preview and the tests.
 */
import { PendingReport, sortFindings, toFindings } from './findings';
import { buildModel, PlaybookModel } from './model';
import { parsePlaybook, ParsedPlaybook } from './parse';
import { CONFIGURABLE_RULE_IDS, getRuleMeta, SEMANTIC_RULES } from './rules';
import { findStaleSuppressions } from './rules/unused-suppression';
import { checkSchema } from './schema';
import { EditRegion, reparseIncrementally } from './incremental';
import { findSuppressions, Suppression } from './suppressions';
import type { Finding, Severity, SeveritySetting } from './types';

export interface AnalyzeOptions {
  /** Severity overrides from outside the file (`.playbookrc.yaml`, editor settings); the playbook's own `rules:` win. */
  rules?: Record<string, SeveritySetting>;
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
  const parsed = (region && reparseIncrementally(prev.parsed, text, region)) || parsePlaybook(text);
  return analyzeParsed(parsed, options);
}

/** The analysis of an already parsed text. */
export function analyzeParsed(parsed: ParsedPlaybook, options: AnalyzeOptions = {}): Analysis {
  if (parsed.syntax.some((s) => s.severity !== 'warning')) {
    return { parsed, model: undefined, findings: sortFindings(toFindings(parsed, parsed.syntax, {})), suppressions: [], severities: {} };
  }
  const model = buildModel(parsed.value);
  const severities = effectiveSeverities(options.rules, model.rules);
  const pending: PendingReport[] = checkSchema(parsed.value).map((r) => ({ ...r, ruleId: 'schema' }));
  for (const rule of SEMANTIC_RULES) {
    if (severities[rule.id] === 'off') continue;
    try {
      rule.check({ model, report: (r) => pending.push({ ...r, ruleId: rule.id }) });
    } catch (err) {
      pending.push({
        ruleId: 'internal-error',
        pointer: '',
        on: 'firstLine',
        message: `Rule \`${rule.id}\` failed on this playbook (${err instanceof Error ? err.message : String(err)}); its findings are missing. Other rules still ran. Please report this with the file.`,
        data: { rule: rule.id },
      });
    }
  }
  const active = severities as Record<string, Severity>;
  let findings = toFindings(parsed, [...parsed.syntax, ...pending], active);

  const suppressions = findSuppressions(parsed);
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
  return { parsed, model, findings: sortFindings(findings), suppressions, severities };
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
