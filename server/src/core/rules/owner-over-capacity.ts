import { code } from '../text';
import type { Rule } from './rule';

/** More accounts assigned to an owner than its people can carry. */
export const ownerOverCapacity: Rule = {
  id: 'owner-over-capacity',
  defaultSeverity: 'warning',
  description: 'The summed size of the segments an owner is accountable for exceeds capacity × headcount.',
  reads: ['owner.id', 'owner.capacity', 'owner.headcount', 'segment.id', 'segment.owner', 'segment.size'],
  check({ model, report }) {
    for (const o of model.owners) {
      if (o.capacity === undefined) continue;
      const segs = model.segments.filter((s) => s.owner !== undefined && model.byId.owner.get(s.owner) === o);
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
};
