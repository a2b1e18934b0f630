import { addTouchpointFix, replaceValueFix } from '../edits';
import { OwnerEntry, reachedSegments, SegmentEntry, TouchpointEntry } from '../model';
import { code, listWords } from '../text';
import { atEntry, entryName, Rule } from './rule';

/**
 * Either a high-touch segment (its id) and the stages where only automation reaches it,
 * or a touchpoint (its id) given to people and the no-touch segments it reaches.
 */
export type TouchMismatchData =
  | { segment: string | undefined; stages: string[] }
  | { touchpoint: string | undefined; segments: (string | undefined)[] };

/**
 * The engagement model of a segment and the owners who reach it disagree:
 * high-touch accounts left to automation only, or no-touch accounts given to people.
 */
export const touchMismatch: Rule<TouchMismatchData> = {
  id: 'touch-mismatch',
  defaultSeverity: 'warning',
  description: 'A high-touch segment is served only by automation in a stage, or a no-touch segment by people.',
  reads: ['owner.id', 'owner.type', 'segment.id', 'segment.engagement', 'touchpoint.id', 'touchpoint.stage', 'touchpoint.segments', 'touchpoint.owner'],
  check({ model, report }) {
    const ownerOf = (t: TouchpointEntry): OwnerEntry | undefined => (t.owner !== undefined ? model.byId.owner.get(t.owner) : undefined);

    // Per high-touch segment and stage: whether every touchpoint reaching it there is automated
    // (absent: none reaches it there). One pass over the touchpoints.
    const onlyAutomated = new Map<SegmentEntry, Map<string, boolean>>();
    for (const seg of model.segments) if (seg.engagement === 'high-touch') onlyAutomated.set(seg, new Map());
    if (onlyAutomated.size) {
      const touchpoints = model.touchpoints;
      for (let i = 0; i < touchpoints.length; i++) {
        const t = touchpoints[i];
        if (t.stage === undefined || !model.stageById.has(t.stage)) continue;
        const automated = ownerOf(t)?.type === 'automation';
        const reached = reachedSegments(model, t);
        for (let k = 0; k < reached.length; k++) {
          const stages = onlyAutomated.get(reached[k]);
          if (stages) stages.set(t.stage, (stages.get(t.stage) ?? true) && automated);
        }
      }
    }
    for (const seg of model.segments) {
      const stages = onlyAutomated.get(seg);
      if (!stages) continue;
      const automatedOnly = model.stages.filter((st) => stages.get(st.id) === true);
      if (!automatedOnly.length) continue;
      report({
        ...atEntry(seg),
        message: `High-touch segment ${entryName(seg)} is reached only by automation in ${automatedOnly.length === 1 ? 'stage' : 'stages'} ${listWords(automatedOnly.map((s) => code(s.id)))}. Add a touchpoint owned by a person or team there, or change the segment's engagement.`,
        data: { segment: seg.id, stages: automatedOnly.map((s) => s.id) },
      });
    }

    for (const t of model.touchpoints) {
      const owner = ownerOf(t);
      if (!owner || (owner.type !== 'human' && owner.type !== 'team')) continue;
      const noTouch = reachedSegments(model, t).filter((s) => s.engagement === 'no-touch');
      if (!noTouch.length) continue;
      report({
        pointer: `${t.pointer}/owner`,
        message: `Touchpoint ${entryName(t)} gives no-touch ${noTouch.length === 1 ? 'segment' : 'segments'} ${listWords(noTouch.map(entryName))} to ${owner.type === 'human' ? 'a person' : 'a team'} (${code(owner.id ?? '')}). Use an automation owner, limit the touchpoint's \`segments\`, or change the segment's engagement.`,
        data: { touchpoint: t.id, segments: noTouch.map((s) => s.id) },
      });
    }
  },
  fixes(analysis, finding) {
    const { data } = finding;
    if ('stages' in data) {
      // High-touch accounts left to automation: a touchpoint run by a person in the first such stage.
      if (data.segment === undefined || !data.stages.length) return [];
      return addTouchpointFix(analysis, finding, { stage: data.stages[0], segment: data.segment, prefer: 'person' });
    }
    // No-touch accounts given to people: hand the touchpoint to an automation owner.
    const bot = analysis.model.owners.find((o) => o.type === 'automation' && o.id);
    if (data.touchpoint === undefined || !bot) return [];
    return [replaceValueFix(analysis, finding, `Give it to automation owner \`${bot.id}\``, bot.id!)];
  },
};
