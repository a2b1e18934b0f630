import { replaceValueFix } from '../edits';
import { code } from '../text';
import type { Rule } from './rule';

/** The direction each metric should move in; `ces` and `custom` have none. */
export const METRIC_DIRECTION: Record<string, 'increase' | 'decrease'> = {
  'churn-rate': 'decrease',
  'time-to-value': 'decrease',
  nps: 'increase',
  csat: 'increase',
  clv: 'increase',
  'retention-rate': 'increase',
  'conversion-rate': 'increase',
  'activation-rate': 'increase',
  'engagement-score': 'increase',
  'expansion-revenue': 'increase',
  'referral-rate': 'increase',
};

/** The KPI (by id) and the direction its metric should move in. */
export type KpiDirectionData = { kpi: string | undefined; expected: 'increase' | 'decrease' };

/** A KPI set to move the wrong way for its metric (e.g. churn to increase). */
export const kpiDirection: Rule<KpiDirectionData> = {
  id: 'kpi-direction',
  defaultSeverity: 'warning',
  description: "A KPI's `direction` contradicts its metric.",
  reads: ['kpi.id', 'kpi.metric', 'kpi.direction'],
  check({ model, report }) {
    for (const k of model.kpis) {
      const expected = k.metric !== undefined ? METRIC_DIRECTION[k.metric] : undefined;
      if (!expected || !k.direction || k.direction === expected) continue;
      report({
        pointer: `${k.pointer}/direction`,
        message: `KPI ${code(k.id ?? `#${k.index + 1}`)} measures ${code(k.metric ?? '')}, which should ${expected}, but its direction is ${code(k.direction)}. Set \`direction: ${expected}\`.`,
        data: { kpi: k.id, expected },
      });
    }
  },
  fixes(analysis, finding) {
    const { expected } = finding.data;
    return [replaceValueFix(analysis, finding, `Set direction to \`${expected}\``, expected, true)];
  },
};
