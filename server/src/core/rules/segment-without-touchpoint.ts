import { addTouchpointFix } from '../edits';
import { reachedSegments, SegmentEntry } from '../model';
import { atEntry, entryName, Rule } from './rule';

/** The segment's id (undefined when it has none). */
export type SegmentWithoutTouchpointData = { segment: string | undefined };

/** A segment that no touchpoint reaches is a group of customers nobody engages. */
export const segmentWithoutTouchpoint: Rule<SegmentWithoutTouchpointData> = {
  id: 'segment-without-touchpoint',
  defaultSeverity: 'warning',
  description: 'A segment is reached by no touchpoint.',
  reads: ['segment.id', 'touchpoint.segments'],
  check({ model, report }) {
    if (!model.resolvable.touchpoint) return;
    const reached = new Set<SegmentEntry>();
    const touchpoints = model.touchpoints;
    for (let i = 0; i < touchpoints.length; i++) {
      const segments = reachedSegments(model, touchpoints[i]);
      for (let k = 0; k < segments.length; k++) reached.add(segments[k]);
      if (reached.size === model.segments.length) return; // every segment is reached
    }
    for (const s of model.segments) {
      if (reached.has(s)) continue;
      report({
        ...atEntry(s),
        message: `Segment ${entryName(s)} is reached by no touchpoint: these accounts get no planned engagement. Add it to a touchpoint's \`segments\` (or add a touchpoint for it).`,
        data: { segment: s.id },
      });
    }
  },
  fixes(analysis, finding) {
    const { segment } = finding.data;
    const first = analysis.model.stages[0];
    if (segment === undefined || !first) return [];
    return addTouchpointFix(analysis, finding, { stage: first.id, segment });
  },
};
