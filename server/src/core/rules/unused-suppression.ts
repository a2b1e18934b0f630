import { deleteComment, Fix } from '../edits';
import type { Suppression } from '../suppressions';
import { code, listWords } from '../text';
import type { ModelAnalysis, RuleFinding, RuleModule } from './rule';

/** The ids in the comment that silenced nothing (none when the comment names no rule). */
export type UnusedSuppressionData = { ids: string[] };

/**
 * Reported by the analysis itself once suppressions are applied (see `findStaleSuppressions`),
 * so it has no check of its own; it is configurable like the semantic rules.
 */
export const unusedSuppression: RuleModule<UnusedSuppressionData> = {
  id: 'unused-suppression',
  defaultSeverity: 'info',
  description: 'A `# playbook-disable-next-line` comment that silences nothing.',
  configurable: true,
  // Suppressions apply before stale ones are found: a comment cannot silence this finding.
  silencedByComment: false,
  fixes: removeStaleIds,
};

/** Removes the stale ids from the comment, or the whole comment when none of its ids is used. */
function removeStaleIds(analysis: ModelAnalysis, finding: RuleFinding<UnusedSuppressionData>): Fix[] {
  const stale = finding.data.ids;
  const suppression = analysis.suppressions.find((x) => x.offsets[0] === finding.offsets[0]);
  const kept = suppression ? suppression.rules.filter((r) => !stale.includes(r.id)) : [];
  if (suppression && kept.length && stale.length) {
    // Only some ids are stale: keep the comment with the others (and its reason).
    const first = suppression.rules[0].offsets[0];
    const last = suppression.rules[suppression.rules.length - 1].offsets[1];
    const title = `Remove ${stale.map((x) => `\`${x}\``).join(', ')} from the suppression`;
    const edit = { offsets: [first, last] as [number, number], newText: kept.map((r) => r.id).join(', ') };
    return [{ title, ruleId: finding.ruleId, preferred: true, edits: [edit] }];
  }
  const edit = deleteComment(analysis.parsed, finding.offsets);
  return [{ title: 'Remove the unused suppression', ruleId: finding.ruleId, edits: [edit], preferred: true }];
}

/** A stale suppression: the ids in it that silenced nothing, and why. */
export interface StaleSuppression {
  suppression: Suppression;
  message: string;
  ids: string[];
}

/**
 * Suppressions that silenced nothing, one per comment, naming the ids in it that
 * did not silence a finding (unknown ids and ids that cannot be turned off included).
 */
export function findStaleSuppressions(
  suppressions: Suppression[],
  used: Set<string>,
  isSuppressible: (id: string) => 'ok' | 'unknown' | 'fixed',
): StaleSuppression[] {
  const out: StaleSuppression[] = [];
  for (const s of suppressions) {
    if (!s.rules.length) {
      out.push({ suppression: s, ids: [], message: 'This suppression names no rule. Write `# playbook-disable-next-line <rule-id> -- <reason>`, or remove it.' });
      continue;
    }
    const stale = s.rules.filter((r) => !used.has(`${s.line}:${r.id}`));
    if (!stale.length) continue;
    const notes = stale.map((r) => {
      const kind = isSuppressible(r.id);
      if (kind === 'unknown') return `${code(r.id)} is not a rule id`;
      if (kind === 'fixed') return `${code(r.id)} cannot be turned off`;
      return `${code(r.id)} reports nothing on the next line`;
    });
    out.push({
      suppression: s,
      ids: stale.map((r) => r.id),
      message: `Unused suppression: ${listWords(notes)}. Remove ${stale.length === s.rules.length ? 'the comment' : 'those ids from the comment'}.`,
    });
  }
  return out;
}
