import { reachedSegments, SegmentEntry } from '../model';
import { atEntry, entryName, Rule } from './rule';

/** A segment that no touchpoint reaches is a group of customers nobody engages. */
export const segmentWithoutTouchpoint: Rule = {
  id: 'segment-without-touchpoint',
  defaultSeverity: 'warning',
  description: 'A segment is reached by no touchpoint.',
  reads: ['segment.id', 'touchpoint.segments'],
  check({ model, report }) {
    if (!model.resolvable.touchpoint) return;
    const reached = new Set<SegmentEntry>();
    for (const t of model.touchpoints) {
      for (const s of reachedSegments(model, t)) reached.add(s);
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
};
