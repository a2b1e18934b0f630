import { code } from '../text';
import { round2, segmentTouches, shown } from '../workload';
import type { Rule } from './rule';

export type ContactFatigueData = { segment: string | undefined };

/** An account of a segment contacted more often a month than the segment allows (format v1.1). */
export const contactFatigue: Rule<ContactFatigueData> = {
  id: 'contact-fatigue',
  defaultSeverity: 'warning',
  description: 'The recurring touches an account of a segment gets a month exceed its maxTouchesPerMonth.',
  reads: ['segment.id', 'segment.maxTouchesPerMonth', 'touchpoint.id', 'touchpoint.segments', 'touchpoint.cadence', 'touchpoint.trigger', 'trigger.id', 'trigger.type', 'trigger.fields'],
  check({ model, report }) {
    for (const st of segmentTouches(model)) {
      const s = st.segment;
      if (s.maxTouchesPerMonth === undefined || round2(st.touches) <= round2(s.maxTouchesPerMonth)) continue;
      const LIST = 5;
      const by = st.by.slice(0, LIST).map((b) => `${code(b.touchpoint.id ?? `#${b.touchpoint.index + 1}`)} (${shown(b.perMonth, 1)} a month)`).join(', ') + (st.by.length > LIST ? ` and ${st.by.length - LIST} more` : '');
      report({
        pointer: `${s.pointer}/maxTouchesPerMonth`,
        message: `Segment ${code(s.id ?? `#${s.index + 1}`)} gets ${shown(st.touches, 1)} touches a month per account, more than its maxTouchesPerMonth of ${shown(s.maxTouchesPerMonth, 2)}: ${by}. Lower a cadence, or send fewer of these to this segment.`,
        data: { segment: s.id },
      });
    }
  },
};
