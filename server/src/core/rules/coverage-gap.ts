import { addTouchpointFix } from '../edits';
import { reachedSegments, SegmentEntry } from '../model';
import { code, listWords } from '../text';
import { atEntry, entryName, Rule } from './rule';

/** The segment's id (undefined when it has none) and the ids of the stages it is missing from. */
export type CoverageGapData = { segment: string | undefined; stages: string[] };

/** A segment left out of a stage that other segments are engaged in. */
export const coverageGap: Rule<CoverageGapData> = {
  id: 'coverage-gap',
  defaultSeverity: 'info',
  description: 'A segment has no touchpoint in a stage where another segment has one.',
  reads: ['segment.id', 'touchpoint.segments', 'touchpoint.stage'],
  check({ model, report }) {
    if (!model.resolvable.touchpoint || !model.resolvable.stage) return;
    // stage id -> segments with a touchpoint there
    const covered = new Map<string, Set<SegmentEntry>>();
    const allPairs = model.stages.length * model.segments.length;
    let pairs = 0;
    const touchpoints = model.touchpoints;
    for (let i = 0; i < touchpoints.length; i++) {
      const t = touchpoints[i];
      if (t.stage === undefined || !model.stageById.has(t.stage)) continue;
      let set = covered.get(t.stage);
      if (!set) {
        set = new Set<SegmentEntry>();
        covered.set(t.stage, set);
      }
      const reached = reachedSegments(model, t);
      for (let k = 0; k < reached.length; k++) {
        const s = reached[k];
        if (set.has(s)) continue;
        set.add(s);
        pairs++;
      }
      if (pairs === allPairs) return; // every segment has a touchpoint in every stage
    }
    for (const seg of model.segments) {
      const missing = model.stages.filter((st) => {
        const set = covered.get(st.id);
        return set !== undefined && set.size > 0 && !set.has(seg);
      });
      if (!missing.length) continue;
      const names = missing.map((st) => code(st.id));
      report({
        ...atEntry(seg),
        message: `Segment ${entryName(seg)} has no touchpoint in ${missing.length === 1 ? 'stage' : 'stages'} ${listWords(names)}, where other segments have one. Add a touchpoint for it there, or confirm the gap is intended.`,
        data: { segment: seg.id, stages: missing.map((st) => st.id) },
      });
    }
  },
  fixes(analysis, finding) {
    const { segment, stages } = finding.data;
    if (segment === undefined || !stages.length) return [];
    return addTouchpointFix(analysis, finding, { stage: stages[0], segment });
  },
  // Also on the empty cells it names, besides the segment's lane.
  placeOnMap: ({ data }) => ({ cells: data.stages.map((stage) => ({ stage, segment: data.segment })) }),
};
