import { code } from '../text';
import { durationHours, effectiveCadence } from '../workload';
import type { Rule } from './rule';

export type CadenceShorterThanSlaData = { touchpoint: string | undefined };

const SOURCE = { cadence: 'its cadence', schedule: 'the schedule of its trigger', date: 'yearly, as its date trigger', default: '' } as const;

/** A touchpoint that comes round again before its last round is due (format v1.1). */
export const cadenceShorterThanSla: Rule<CadenceShorterThanSlaData> = {
  id: 'cadence-shorter-than-sla',
  defaultSeverity: 'warning',
  description: 'A touchpoint\'s effective cadence is shorter than its own within: the next round starts before the last one is due.',
  reads: ['touchpoint.id', 'touchpoint.within', 'touchpoint.cadence', 'touchpoint.trigger', 'trigger.id', 'trigger.type', 'trigger.fields'],
  check({ model, report }) {
    const touchpoints = model.touchpoints;
    for (let i = 0; i < touchpoints.length; i++) {
      const t = touchpoints[i];
      const within = durationHours(t.within);
      if (within === undefined) continue;
      const cadence = effectiveCadence(model, t);
      // FORMAT.md: a duration shorter than `within` fires, `0d` included (only the arithmetic of workload.ts leaves zero out).
      if (cadence.hours === undefined || cadence.hours >= within) continue;
      report({
        pointer: `${t.pointer}/within`,
        message: `Touchpoint ${code(t.id ?? `#${t.index + 1}`)} comes round every ${cadence.text} (${SOURCE[cadence.from]}) but has ${t.within} to happen: the next round starts before the last one is due. Lengthen the cadence or shorten within.`,
        data: { touchpoint: t.id },
      });
    }
  },
};
