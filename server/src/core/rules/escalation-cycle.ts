import { deleteKeyLines, singleEditFix } from '../edits';
import type { TouchpointEntry } from '../model';
import { code } from '../text';
import type { Rule } from './rule';

/** The ids of the touchpoints in the loop, in escalation order. */
export type EscalationCycleData = { cycle: (string | undefined)[] };

/** `escalatesTo` links that loop hand a failing interaction around forever. */
export const escalationCycle: Rule<EscalationCycleData> = {
  id: 'escalation-cycle',
  defaultSeverity: 'error',
  description: '`escalatesTo` links form a cycle.',
  reads: ['touchpoint.id', 'touchpoint.escalatesTo'],
  check({ model, report }) {
    const next = (t: TouchpointEntry) => (t.escalatesTo !== undefined ? model.byId.touchpoint.get(t.escalatesTo) : undefined);
    // Each touchpoint has at most one escalatesTo: follow chains, colouring nodes (0 new, 1 on path, 2 done).
    const state = new Map<TouchpointEntry, number>();
    const touchpoints = model.touchpoints;
    for (let i = 0; i < touchpoints.length; i++) {
      const startNode = touchpoints[i];
      // One that escalates nowhere is in no loop and leads to none (most touchpoints of a large playbook).
      if (startNode.escalatesTo === undefined) continue;
      const path: TouchpointEntry[] = [];
      let t: TouchpointEntry | undefined = startNode;
      while (t && !state.has(t)) {
        state.set(t, 1);
        path.push(t);
        t = next(t);
      }
      if (t && state.get(t) === 1) {
        const cycle = path.slice(path.indexOf(t));
        const names = [...cycle, cycle[0]].map((c) => code(c.id ?? `#${c.index + 1}`)).join(' → ');
        for (const c of cycle) {
          report({
            pointer: `${c.pointer}/escalatesTo`,
            message: `Escalation loop: ${names}. A failing interaction would be handed around forever; make one of these touchpoints escalate outside the loop, or remove its \`escalatesTo\`.`,
            data: { cycle: cycle.map((x) => x.id) },
          });
        }
      }
      for (const p of path) state.set(p, 2);
    }
  },
  fixes({ parsed }, finding) {
    return singleEditFix(finding, 'Remove this `escalatesTo` to break the loop', deleteKeyLines(parsed, finding.offsets));
  },
};
