/**
 * The journey map in compare mode: what the semantic diff (diff.ts) of another version against
 * this one means on the map. Touchpoints added and changed are marked on their cards, removed
 * ones are drawn as ghosts in the cells they had, coverage cells gained and lost are marked, and
 * a summary sits at the top. Plain data (it travels from the server to the preview).
 */
import type { PlaybookDiff } from './diff';
import type { JourneyModel } from './journey';
import type { PlaybookModel } from './model';

export interface RemovedTouchpoint {
  id: string;
  name: string;
  stage: string;
  /** Segment ids reached; empty when it reached every segment. */
  segments: string[];
  channel?: string;
  owner?: string;
}

export interface JourneyCompare {
  /** What the map is compared with, as the user chose it ("HEAD", "main", "v1.2"). */
  label: string;
  /** Touchpoints (indexes in the journey) that are new. */
  added: number[];
  /** Touchpoints changed (renamed ones too): their index and what changed, one line per field. */
  changed: { index: number; fields: string[] }[];
  removed: RemovedTouchpoint[];
  cells: { stage: string; segment: string; change: 'gained' | 'lost' }[];
  summary: {
    touchpoints: { added: number; removed: number; changed: number };
    /** Other entries (stages, owners, segments, triggers, KPIs) added, removed, renamed or changed. */
    otherEntries: number;
    cellsGained: number;
    cellsLost: number;
    findingsIntroduced: number;
    findingsResolved: number;
    /** Owners over what they can carry after the change, that were not before. */
    ownersOverCapacity: string[];
    /** The version compared with could not be read as a playbook (syntax errors there). */
    incomparable: boolean;
  };
}

function valueText(v: unknown): string {
  if (v === undefined) return '(none)';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** The compare overlay for the map of `after`, from the diff of `before` (its model) against it. */
export function journeyCompare(diff: PlaybookDiff, before: PlaybookModel | undefined, after: JourneyModel, label: string): JourneyCompare {
  const indexOf = new Map<string, number>();
  after.touchpoints.forEach((t, i) => {
    if (t.id !== undefined && !indexOf.has(t.id)) indexOf.set(t.id, i);
  });
  const added: number[] = [];
  const changed: JourneyCompare['changed'] = [];
  const removed: RemovedTouchpoint[] = [];
  let otherEntries = 0;
  for (const e of diff.entries) {
    if (e.kind !== 'touchpoint') {
      otherEntries++;
      continue;
    }
    const index = indexOf.get(e.id);
    if (e.change === 'added' && index !== undefined) added.push(index);
    else if ((e.change === 'changed' || e.change === 'renamed') && index !== undefined) {
      const fields = e.fields.map((f) => `${f.field}: ${valueText(f.before)} → ${valueText(f.after)}`);
      if (e.change === 'renamed') fields.unshift(`id: ${e.previousId} → ${e.id}`);
      changed.push({ index, fields });
    } else if (e.change === 'removed') {
      const t = before?.touchpoints.find((x) => x.id === e.id);
      if (t?.stage !== undefined) removed.push({ id: e.id, name: t.name ?? e.id, stage: t.stage, segments: t.segments?.map((r) => r.id) ?? [], channel: t.channel, owner: t.owner });
    }
  }
  const over = (l: { accounts: number; limit?: number } | undefined) => l !== undefined && l.limit !== undefined && l.accounts > l.limit;
  return {
    label,
    added,
    changed,
    removed,
    cells: diff.coverage.map((c) => ({ stage: c.stage, segment: c.segment, change: c.change })),
    summary: {
      touchpoints: { added: added.length, removed: diff.entries.filter((e) => e.kind === 'touchpoint' && e.change === 'removed').length, changed: changed.length },
      otherEntries,
      cellsGained: diff.coverage.filter((c) => c.change === 'gained').length,
      cellsLost: diff.coverage.filter((c) => c.change === 'lost').length,
      findingsIntroduced: diff.findings.introduced.length,
      findingsResolved: diff.findings.resolved.length,
      ownersOverCapacity: diff.owners.filter((o) => over(o.after) && !over(o.before)).map((o) => o.owner),
      incomparable: !diff.comparable,
    },
  };
}
