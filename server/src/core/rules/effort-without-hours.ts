import { insertKey, singleEditFix } from '../edits';
import { code } from '../text';
import { hasWorkload, ownerWorkloads, touchpointsByOwner } from '../workload';
import { hoursPerWeekNeeded } from './owner-over-hours';
import type { Rule } from './rule';

export type EffortWithoutHoursData = { owner: string | undefined };

/** A person or team doing touchpoints with an effort, without the hours to check it against (format v1.1). */
export const effortWithoutHours: Rule<EffortWithoutHoursData> = {
  id: 'effort-without-hours',
  defaultSeverity: 'info',
  description: 'A human or team owner owns touchpoints with an effort but has no hoursPerWeek, so its workload cannot be checked.',
  reads: ['owner.id', 'owner.type', 'owner.hoursPerWeek', 'touchpoint.id', 'touchpoint.owner', 'touchpoint.effort'],
  check({ model, report }) {
    for (const o of model.owners) {
      if (!hasWorkload(o) || o.hoursPerWeek !== undefined || o.id === undefined) continue;
      // Owns nothing unless it is the first entry with its id (touchpointsByOwner resolves owners by id).
      const withEffort = (touchpointsByOwner(model).get(o) ?? []).filter((t) => t.effort !== undefined);
      if (!withEffort.length) continue;
      const named = withEffort.slice(0, 3).map((t) => code(t.id ?? `#${t.index + 1}`)).join(', ') + (withEffort.length > 3 ? ` and ${withEffort.length - 3} more` : '');
      report({
        pointer: `${o.pointer}/id`,
        message: `Owner ${code(o.id)} owns touchpoints with an effort (${named}) but has no hoursPerWeek, so its workload cannot be checked against its hours. Add hoursPerWeek: the hours one person gives to this playbook each week.`,
        data: { owner: o.id },
      });
    }
  },
  fixes({ parsed, model }, finding) {
    const w = ownerWorkloads(model).find((x) => x.owner.id === finding.data.owner);
    if (!w) return [];
    const needed = hoursPerWeekNeeded(w.workload, w.owner.headcount);
    return singleEditFix(finding, `Add hoursPerWeek: ${needed} (what the workload needs)`, insertKey(parsed, w.owner.pointer, 'hoursPerWeek', String(needed)));
  },
};
