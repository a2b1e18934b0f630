import type { Suppression } from '../suppressions';
import { code, listWords } from '../text';
import type { RuleMeta } from './rule';

export const unusedSuppressionMeta: RuleMeta = {
  id: 'unused-suppression',
  defaultSeverity: 'info',
  description: 'A `# playbook-disable-next-line` comment that silences nothing.',
  configurable: true,
};

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
