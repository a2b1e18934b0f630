/**
 * Quick fixes for findings, as text edits that touch only the lines they mean
 * to change: comments and formatting elsewhere are never rewritten. Each rule
 * module says how its own findings are fixed (`fixes` in rules/<id>.ts); this
 * file adds "Disable for this line" and "fix all".
 */
import type { Analysis } from './analyze';
import { eol, Fix } from './edits';
import type { TextEdit } from './navigation';
import { asRuleFinding, getRuleBehaviour, getRuleMeta } from './rules';
import type { Finding } from './types';

export type { Fix } from './edits';

/** Every fix offered for one finding (the "disable for this line" fix included where allowed). */
export function fixesFor(analysis: Analysis, finding: Finding): Fix[] {
  return [...ruleFixes(analysis, finding), ...disableForLineFixes(analysis, finding)];
}

/** The fixes the finding's own rule offers (none for a text that did not parse). */
function ruleFixes(analysis: Analysis, finding: Finding): Fix[] {
  const behaviour = getRuleBehaviour(finding.ruleId);
  if (!behaviour?.fixes || !analysis.model) return [];
  return behaviour.fixes({ ...analysis, model: analysis.model }, asRuleFinding(finding));
}

/**
 * "Disable <rule> for this line": a suppression comment above the finding's line, or the
 * rule's id added to the suppression already there (alone or trailing a value).
 */
function disableForLineFixes(analysis: Analysis, finding: Finding): Fix[] {
  const { ruleId } = finding;
  if (!getRuleMeta(ruleId)?.configurable || getRuleBehaviour(ruleId)?.silencedByComment === false) return [];
  const { parsed } = analysis;
  const title = `Disable ${ruleId} for this line`;
  const line = finding.range.start.line;
  const existing = analysis.suppressions.find((x) => x.line === line - 1 && x.rules.length);
  if (existing) {
    const at = existing.rules[existing.rules.length - 1].offsets[1];
    return [{ title, ruleId, edits: [{ offsets: [at, at], newText: `, ${ruleId}` }] }];
  }
  const at = parsed.lines.lineStarts[line];
  const indent = /^\s*/.exec(parsed.lines.lineText(line))![0];
  const comment = `${indent}# playbook-disable-next-line ${ruleId} -- <reason>${eol(parsed.text)}`;
  return [{ title, ruleId, edits: [{ offsets: [at, at], newText: comment }] }];
}

/** The safe fixes for every finding, without overlapping edits ("fix all"). */
export function fixAll(analysis: Analysis): TextEdit[] {
  const edits: TextEdit[] = [];
  const clashes = (e: TextEdit) => edits.some((x) => (e.offsets[0] < x.offsets[1] && x.offsets[0] < e.offsets[1]) || x.offsets[0] === e.offsets[0]);
  for (const f of analysis.findings) {
    for (const fix of fixesFor(analysis, f)) {
      if (!fix.preferred) continue;
      if (fix.edits.some(clashes)) continue;
      edits.push(...fix.edits);
      break;
    }
  }
  return edits.sort((a, b) => a.offsets[0] - b.offsets[0]);
}
