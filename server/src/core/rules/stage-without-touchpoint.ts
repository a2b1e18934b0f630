import { addTouchpointFix } from '../edits';
import { code } from '../text';
import type { Rule } from './rule';

/** The stage's id. */
export type StageWithoutTouchpointData = { stage: string };

/** A lifecycle stage with no touchpoint: the journey has a hole there. */
export const stageWithoutTouchpoint: Rule<StageWithoutTouchpointData> = {
  id: 'stage-without-touchpoint',
  defaultSeverity: 'warning',
  description: 'A lifecycle stage has no touchpoint.',
  reads: ['stage.id', 'stage.notInFramework', 'touchpoint.stage'],
  check({ model, report }) {
    if (!model.resolvable.stage) return;
    const used = new Set<unknown>();
    const touchpoints = model.touchpoints;
    for (let i = 0; i < touchpoints.length; i++) {
      const t = touchpoints[i];
      const stage = t.stage !== undefined ? model.stageById.get(t.stage) : undefined;
      if (stage) used.add(stage.entry ?? stage);
    }
    const message = (id: string) =>
      `Stage ${code(id)} has no touchpoint: customers in this stage get no planned interaction. Add a touchpoint with \`stage: ${id}\`.`;
    for (const stage of model.stages) {
      if (used.has(stage.entry ?? stage)) continue;
      if (stage.entry) report({ pointer: `${stage.entry.pointer}/id`, message: message(stage.id), data: { stage: stage.id } });
      else report({ pointer: '/framework', message: message(stage.id), data: { stage: stage.id } });
    }
    // Repeated stage entries take part as entries of their own; references resolve to the first.
    for (const e of model.stageEntries) {
      if (e.id === undefined || e.notInFramework) continue;
      const stage = model.stageById.get(e.id);
      if (stage && stage.entry !== e) report({ pointer: `${e.pointer}/id`, message: message(e.id), data: { stage: e.id } });
    }
  },
  fixes(analysis, finding) {
    return addTouchpointFix(analysis, finding, { stage: finding.data.stage });
  },
  // On the stage's column (a built-in stage not listed under `stages` has no entry to sit on).
  placeOnMap: (finding) => ({ stage: finding.data.stage }),
};
