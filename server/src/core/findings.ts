/** Turning rule reports and parser problems into findings with ranges and severities. */
import { firstLineOf, locate, ParsedPlaybook, RawFinding } from './parse';
import { getRuleMeta } from './rules';
import type { RuleReport } from './rules/rule';
import { ruleDocsUrl } from './docs';
import type { Finding, Severity } from './types';

/** A report of a given rule, before its range is known. */
export type PendingReport = RuleReport & { ruleId: string };

/** The source offsets a report points at. */
export function reportOffsets(parsed: ParsedPlaybook, r: RuleReport): [number, number] {
  if (r.on === 'firstLine') return firstLineOf(parsed, r.pointer);
  const loc = locate(parsed, r.pointer);
  if (r.on === 'key' && loc.key) return loc.key;
  if (loc.value[0] === loc.value[1] && loc.key) return loc.key;
  if (!loc.kind && !loc.key) return firstLineOf(parsed, r.pointer);
  return loc.value;
}

/** Findings with ranges; `severities` gives each rule's effective severity (rules without one use their default). */
export function toFindings(parsed: ParsedPlaybook, items: (PendingReport | RawFinding)[], severities: Record<string, Severity>): Finding[] {
  const text = parsed.text;
  // Never point between the CR and the LF of a line break.
  const clean = (o: number) => (o > 0 && text.charCodeAt(o - 1) === 13 && text.charCodeAt(o) === 10 ? o - 1 : o);
  return items.map((item) => {
    const raw = 'offsets' in item ? item.offsets : reportOffsets(parsed, item);
    const offsets: [number, number] = [clean(raw[0]), Math.max(clean(raw[0]), clean(raw[1]))];
    const related =
      'offsets' in item
        ? item.related?.map((x) => ({ range: parsed.lines.range(x.offsets[0], x.offsets[1]), message: x.message }))
        : item.related?.map((x) => {
            const o = reportOffsets(parsed, { pointer: x.pointer, message: x.message });
            return { range: parsed.lines.range(o[0], o[1]), message: x.message };
          });
    const severity: Severity =
      ('severity' in item && item.severity) || severities[item.ruleId] || getRuleMeta(item.ruleId)?.defaultSeverity || 'error';
    const finding: Finding = {
      ruleId: item.ruleId,
      severity,
      message: item.message,
      range: parsed.lines.range(offsets[0], offsets[1]),
      offsets,
      docsUrl: ruleDocsUrl(item.ruleId),
    };
    if (related?.length) finding.related = related;
    if (item.data) finding.data = item.data;
    return finding;
  });
}

/** Findings in file order (then by rule id), for stable output. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => a.offsets[0] - b.offsets[0] || a.offsets[1] - b.offsets[1] || a.ruleId.localeCompare(b.ruleId));
}
