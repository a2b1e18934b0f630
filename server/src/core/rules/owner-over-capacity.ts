import { insertKey, singleEditFix } from '../edits';
import { code } from '../text';
import { accountableSegments } from '../model';
import type { Rule } from './rule';

/** The owner's id, the accounts it is accountable for and how many it can carry. */
export type OwnerOverCapacityData = { owner: string | undefined; load: number; limit: number };

/** More accounts assigned to an owner than its people can carry. */
export const ownerOverCapacity: Rule<OwnerOverCapacityData> = {
  id: 'owner-over-capacity',
  defaultSeverity: 'warning',
  description: 'The summed size of the segments an owner is accountable for exceeds capacity × headcount.',
  reads: ['owner.id', 'owner.capacity', 'owner.headcount', 'segment.id', 'segment.owner', 'segment.size'],
  check({ model, report }) {
    for (const o of model.owners) {
      if (o.capacity === undefined) continue;
      const segs = accountableSegments(model, o);
      const load = segs.reduce((sum, s) => sum + (s.size ?? 0), 0);
      const limit = o.capacity * o.headcount;
      if (load <= limit) continue;
      report({
        pointer: `${o.pointer}/capacity`,
        message: `Owner ${code(o.id ?? `#${o.index + 1}`)} is accountable for ${load} accounts (${segs.filter((s) => s.size !== undefined).map((s) => `${s.id ?? '?'}: ${s.size}`).join(', ')}) but can carry ${limit} (capacity ${o.capacity} × headcount ${o.headcount}). Add headcount, raise capacity, or move segments to another owner.`,
        data: { owner: o.id, load, limit },
      });
    }
  },
  fixes({ parsed, model }, finding) {
    const owner = model.owners.find((x) => x.id === finding.data.owner);
    if (!owner?.capacity) return [];
    const needed = Math.ceil(finding.data.load / owner.capacity);
    const existing = parsed.nodes.get(`${owner.pointer}/headcount`);
    const headcount = String(needed);
    const edit = existing?.kind ? { offsets: existing.value, newText: headcount } : insertKey(parsed, owner.pointer, 'headcount', headcount);
    return singleEditFix(finding, `Set headcount to ${needed}`, edit);
  },
};
