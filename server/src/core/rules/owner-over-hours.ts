import { insertKey, singleEditFix, Fix } from '../edits';
import { code } from '../text';
import { ownerWorkloads, round2, shown } from '../workload';
import type { Rule } from './rule';

/** The owner's id and figures (hours a month), as the fixes need them. */
export type OwnerOverHoursData = { owner: string | undefined; workload: number; available: number };

/** The three touchpoints that cost most, for a message: "`qbr` (120 h), `check-in` (96 h)". */
export function costliest(costs: { touchpoint: { id?: string; index: number }; hours: number }[], n = 3): string {
  return costs
    .slice(0, n)
    .map((c) => `${code(c.touchpoint.id ?? `#${c.touchpoint.index + 1}`)} (${shown(c.hours, 0)} h)`)
    .join(', ');
}

/** An owner whose touchpoints ask more hours a month than its people give (format v1.1). */
export const ownerOverHours: Rule<OwnerOverHoursData> = {
  id: 'owner-over-hours',
  defaultSeverity: 'warning',
  description: 'The monthly hours an owner\'s touchpoints take (effort × occurrences) exceed hoursPerWeek × headcount × 52 ÷ 12.',
  reads: ['owner.id', 'owner.type', 'owner.hoursPerWeek', 'owner.headcount', 'touchpoint.id', 'touchpoint.owner', 'touchpoint.effort', 'touchpoint.cadence', 'touchpoint.trigger', 'touchpoint.segments', 'segment.id', 'segment.size', 'segment.newPerMonth', 'trigger.id', 'trigger.type', 'trigger.fields'],
  check({ model, report }) {
    for (const w of ownerWorkloads(model)) {
      if (w.available === undefined || round2(w.workload) <= round2(w.available)) continue;
      const o = w.owner;
      report({
        pointer: `${o.pointer}/hoursPerWeek`,
        message: `Owner ${code(o.id ?? `#${o.index + 1}`)} has ${shown(w.workload, 0)} hours of work a month in this playbook but ${shown(w.available, 0)} available (hoursPerWeek ${o.hoursPerWeek} × headcount ${o.headcount} × 52 ÷ 12). Costliest: ${costliest(w.costs)}. Raise hoursPerWeek or headcount, lower an effort or a cadence, or move touchpoints to another owner.`,
        data: { owner: o.id, workload: w.workload, available: w.available },
      });
    }
  },
  fixes({ parsed, model }, finding) {
    const owner = model.owners.find((x) => x.id === finding.data.owner);
    if (!owner?.hoursPerWeek) return [];
    const fixes: Fix[] = [];
    const needHours = hoursPerWeekNeeded(finding.data.workload, owner.headcount);
    const hours = parsed.nodes.get(`${owner.pointer}/hoursPerWeek`);
    if (hours?.kind) fixes.push(...singleEditFix(finding, `Set hoursPerWeek to ${needHours}`, { offsets: hours.value, newText: String(needHours) }));
    const needPeople = Math.ceil(finding.data.workload / ((owner.hoursPerWeek * 52) / 12) - 1e-9);
    const headcount = parsed.nodes.get(`${owner.pointer}/headcount`);
    const edit = headcount?.kind ? { offsets: headcount.value, newText: String(needPeople) } : insertKey(parsed, owner.pointer, 'headcount', String(needPeople));
    fixes.push(...singleEditFix(finding, `Set headcount to ${needPeople}`, edit));
    return fixes;
  },
};

/** The whole hours a week per person that cover a workload (hours a month). */
export function hoursPerWeekNeeded(workload: number, headcount: number): number {
  return Math.max(1, Math.ceil((workload * 12) / 52 / headcount - 1e-9));
}
