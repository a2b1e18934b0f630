import { code } from '../text';
import type { Rule } from './rule';

/** The KPI's id (undefined when it has none). */
export type TargetDirectionData = { kpi: string | undefined };

/** A target below the baseline of a KPI meant to increase (or above one meant to decrease). */
export const targetDirection: Rule<TargetDirectionData> = {
  id: 'target-direction',
  defaultSeverity: 'warning',
  description: "A KPI's `target` is on the wrong side of its `baseline` for its `direction`.",
  reads: ['kpi.id', 'kpi.direction', 'kpi.target', 'kpi.baseline'],
  check({ model, report }) {
    for (const k of model.kpis) {
      if (k.target === undefined || k.baseline === undefined || !k.direction) continue;
      const wrong = k.direction === 'increase' ? k.target < k.baseline : k.target > k.baseline;
      if (!wrong) continue;
      report({
        pointer: `${k.pointer}/target`,
        message: `KPI ${code(k.id ?? `#${k.index + 1}`)} should ${k.direction} from its baseline ${k.baseline}, but its target ${k.target} is ${k.direction === 'increase' ? 'lower' : 'higher'}. Fix the target, the baseline or the direction.`,
        data: { kpi: k.id },
      });
    }
  },
};
