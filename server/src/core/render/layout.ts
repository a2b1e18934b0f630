/**
 * Where everything goes on the journey map, decided once for the HTML view and the
 * SVG export: the lanes (by segment, channel or owner), the stage columns, and each
 * touchpoint's card. A touchpoint that reaches several adjacent lanes gets one card
 * spanning them; lanes it reaches further away get a compact reference to that card.
 *
 * Rows: each lane is cut into `tracks` rows (as many as its busiest column needs);
 * an item takes one track in every lane it touches, so items of one column stack
 * top to bottom and a spanning card takes the end of its first lane, every lane in
 * between and the start of its last lane. Two spanning cards that would cross are
 * not drawn across each other: the later one falls back to a card and references.
 *
 * A filter never changes the layout: touchpoints that do not match are dimmed, so
 * a covered cell is never drawn as a gap; only a filter on the lanes' own dimension
 * (segment filter in segment lanes...) hides the other lanes.
 */
import type { JourneyCell, JourneyFinding, JourneyModel, JourneyStage } from '../journey';
import type { OwnerType } from '../model';
import type { Range } from '../types';

export type LaneMode = 'segment' | 'channel' | 'owner';
export interface MapFilter {
  segment?: string;
  channel?: string;
  owner?: string;
}

export interface LayoutLane {
  key: string;
  kind: LaneMode;
  label: string;
  engagement?: string;
  /** Owner type, for owner lanes. */
  ownerType?: OwnerType;
  accounts?: number;
  /** The owner accountable for a segment lane. */
  owner?: { name: string; type?: OwnerType };
  /** Accounts carried against capacity (owner lanes, and segment lanes whose owner has a capacity). */
  meter?: { used: number; limit: number };
  /** Owner lanes (format v1.1): hours a month of work, against the hours available when known. */
  hours?: { used: number; limit?: number };
  /** Segment lanes (format v1.1): recurring touches a month for one account, against the maximum when set. */
  touches?: { perMonth: number; max?: number };
  /** Touchpoints in this lane (channel lanes). */
  touchpoints?: number;
  range?: Range;
  findings: JourneyFinding[];
  /** Rows this lane takes, and the first of them. */
  tracks: number;
  firstRow: number;
}

/** One touchpoint in an item: for a card, the lanes where it appears only as a reference; for a reference, the lane of its card. */
export interface LayoutEntry {
  touchpoint: number;
  elsewhere: string[];
}

/**
 * What one table cell holds: the cards of the touchpoints that reach exactly the
 * lanes laneStart..laneEnd (stacked; a span when laneEnd > laneStart), or the
 * references, in one lane, to cards drawn in another lane.
 */
export interface LayoutItem {
  kind: 'cards' | 'refs';
  entries: LayoutEntry[];
  laneStart: number;
  laneEnd: number;
  row: number;
  rowSpan: number;
}

export interface LayoutGap {
  lane: number;
  row: number;
  rowSpan: number;
  findings: JourneyFinding[];
}

export interface LayoutColumn {
  stage: JourneyStage;
  /** No touchpoint in this stage at all: drawn as one hatched column. */
  empty: boolean;
  items: LayoutItem[];
  gaps: LayoutGap[];
}

export interface MapLayout {
  mode: LaneMode;
  lanes: LayoutLane[];
  columns: LayoutColumn[];
  rows: number;
  /** Touchpoints that match the filter (all when there is none). */
  matching: Set<number>;
  filtered: boolean;
}

const NO_OWNER = '\u0000none';
const ALL = '\u0000all';

/** The touchpoints a filter keeps. */
export function matchingTouchpoints(j: JourneyModel, filter: MapFilter | undefined): Set<number> {
  const keep = new Set<number>();
  j.touchpoints.forEach((t, i) => {
    if (filter?.segment && !t.segments.includes(filter.segment)) return;
    if (filter?.channel && (t.channel ?? 'unknown') !== filter.channel) return;
    if (filter?.owner && t.owner !== filter.owner) return;
    keep.add(i);
  });
  return keep;
}

function ownerKeyOf(j: JourneyModel, owner: string | undefined): string {
  const o = owner === undefined ? undefined : j.owners.find((x) => x.id === owner);
  return o ? o.key : NO_OWNER;
}

function lanesOf(j: JourneyModel, mode: LaneMode, filter: MapFilter | undefined): Omit<LayoutLane, 'tracks' | 'firstRow'>[] {
  if (mode === 'segment') {
    if (!j.segments.length) return [{ key: ALL, kind: 'segment', label: 'All accounts', findings: [] }];
    return j.segments
      .filter((s) => !filter?.segment || s.key === filter.segment)
      .map((s) => {
        const owner = s.owner !== undefined ? j.owners.find((o) => o.id === s.owner) : undefined;
        return {
          key: s.key,
          kind: 'segment' as const,
          label: s.name,
          engagement: s.engagement,
          accounts: s.size,
          owner: s.owner !== undefined ? { name: owner?.name ?? s.owner, type: owner?.type } : undefined,
          meter: owner?.capacity !== undefined ? { used: owner.load, limit: owner.capacity * owner.headcount } : undefined,
          touches: s.touchesPerMonth !== undefined ? { perMonth: s.touchesPerMonth, max: s.maxTouchesPerMonth } : undefined,
          range: s.idRange,
          findings: [...s.findings.filter((f) => f.ruleId !== 'coverage-gap'), ...(owner?.findings.filter((f) => f.ruleId === 'owner-over-capacity') ?? [])],
        };
      });
  }
  if (mode === 'owner') {
    const lanes: Omit<LayoutLane, 'tracks' | 'firstRow'>[] = j.owners
      .filter((o) => !filter?.owner || o.id === filter.owner)
      .map((o) => ({
        key: o.key,
        kind: 'owner' as const,
        label: o.name,
        ownerType: o.type,
        meter: o.capacity !== undefined ? { used: o.load, limit: o.capacity * o.headcount } : undefined,
        hours: o.workload !== undefined || o.available !== undefined ? { used: o.workload ?? 0, limit: o.available } : undefined,
        range: o.idRange,
        findings: o.findings,
      }));
    if (!filter?.owner && j.touchpoints.some((t) => ownerKeyOf(j, t.owner) === NO_OWNER)) lanes.push({ key: NO_OWNER, kind: 'owner', label: 'No known owner', findings: [] });
    return lanes;
  }
  const channels = [...new Set(j.touchpoints.map((t) => t.channel ?? 'unknown'))].sort().filter((c) => !filter?.channel || c === filter.channel);
  return channels.map((c) => ({ key: c, kind: 'channel' as const, label: c, touchpoints: j.summary.byChannel[c] ?? 0, findings: [] }));
}

/** Lane indexes a touchpoint reaches, ascending. */
function lanesReached(j: JourneyModel, mode: LaneMode, laneIndex: Map<string, number>, t: JourneyModel['touchpoints'][number]): number[] {
  const keys = mode === 'segment' ? (j.segments.length ? t.segments : [ALL]) : mode === 'channel' ? [t.channel ?? 'unknown'] : [ownerKeyOf(j, t.owner)];
  const out = new Set<number>();
  for (const k of keys) {
    const i = laneIndex.get(k);
    if (i !== undefined) out.add(i);
  }
  return [...out].sort((a, b) => a - b);
}

/** Runs of adjacent lane indexes: [0,1,3] -> [[0,1],[3]]. */
function runs(lanes: number[]): number[][] {
  const out: number[][] = [];
  for (const l of lanes) {
    const last = out[out.length - 1];
    if (last && last[last.length - 1] === l - 1) last.push(l);
    else out.push([l]);
  }
  return out;
}

type Pending = Omit<LayoutItem, 'row' | 'rowSpan'>;

function order(a: Pending, b: Pending): number {
  return a.laneStart - b.laneStart || a.laneEnd - b.laneEnd || (a.kind === b.kind ? 0 : a.kind === 'cards' ? -1 : 1);
}

/**
 * Items of one column. Touchpoints reaching the same run of adjacent lanes share one
 * item (one cell, spanning those lanes); lanes reached outside that run get references.
 * Items stack top to bottom, so a span may not cross another item: when one would, the
 * span's touchpoints fall back to a card in their first lane plus references, until
 * everything stacks.
 */
function columnItems(reached: { touchpoint: number; lanes: number[] }[], laneLabel: (i: number) => string): Pending[] {
  const plans = reached.map(({ touchpoint, lanes }) => {
    const first = runs(lanes)[0];
    return { touchpoint, lanes, start: first[0], end: first[first.length - 1] };
  });
  for (;;) {
    const cards = new Map<string, Pending>();
    const refs = new Map<number, Pending>();
    for (const p of plans) {
      const key = `${p.start}:${p.end}`;
      const away = p.lanes.filter((l) => l < p.start || l > p.end);
      let item = cards.get(key);
      if (!item) cards.set(key, (item = { kind: 'cards', entries: [], laneStart: p.start, laneEnd: p.end }));
      item.entries.push({ touchpoint: p.touchpoint, elsewhere: away.map(laneLabel) });
      for (const l of away) {
        let r = refs.get(l);
        if (!r) refs.set(l, (r = { kind: 'refs', entries: [], laneStart: l, laneEnd: l }));
        r.entries.push({ touchpoint: p.touchpoint, elsewhere: [laneLabel(p.start)] });
      }
    }
    const items = [...cards.values(), ...refs.values()].sort(order);
    let reach = -1;
    let holder: Pending | undefined;
    let crossing: Pending | undefined;
    for (const it of items) {
      if (it.laneStart < reach) {
        // The later item falls back when it is a span; a card or reference cannot, so the span above it does.
        crossing = it.laneEnd > it.laneStart ? it : holder;
        break;
      }
      if (it.laneEnd > reach) {
        reach = it.laneEnd;
        holder = it;
      }
    }
    if (!crossing) return items;
    // The span reaching past the next item's start: its touchpoints become cards in their first lane.
    const demoted = new Set(crossing.entries.map((e) => e.touchpoint));
    for (const p of plans) if (demoted.has(p.touchpoint)) p.end = p.start;
  }
}

/** The filter with values the playbook no longer has dropped (an edit may remove the filtered segment). */
export function validFilter(j: JourneyModel, filter: MapFilter | undefined): MapFilter | undefined {
  if (!filter) return undefined;
  if (filter.segment !== undefined && j.segments.some((s) => s.key === filter.segment)) return { segment: filter.segment };
  if (filter.channel !== undefined && j.touchpoints.some((t) => (t.channel ?? 'unknown') === filter.channel)) return { channel: filter.channel };
  if (filter.owner !== undefined && j.owners.some((o) => o.id === filter.owner)) return { owner: filter.owner };
  return undefined;
}

/** Lays out the map for a lane mode and filter. */
export function layoutMap(j: JourneyModel, mode: LaneMode, requested?: MapFilter): MapLayout {
  const filter = validFilter(j, requested);
  const laneDefs = lanesOf(j, mode, filter);
  const laneIndex = new Map(laneDefs.map((l, i) => [l.key, i]));
  const label = (i: number) => laneDefs[i].label;
  const cellIndex = new Map<string, JourneyCell>(j.cells.map((c) => [`${c.stage}\u0000${c.segment}`, c]));
  const byStage = new Map<string, number[]>();
  j.touchpoints.forEach((t, i) => {
    if (t.stage === undefined) return;
    const list = byStage.get(t.stage);
    if (list) list.push(i);
    else byStage.set(t.stage, [i]);
  });

  const pending = j.stages.map((stage) => {
    const reached = (byStage.get(stage.id) ?? []).map((i) => ({ touchpoint: i, lanes: lanesReached(j, mode, laneIndex, j.touchpoints[i]) })).filter((r) => r.lanes.length > 0);
    return { stage, items: columnItems(reached, label) };
  });

  // Tracks per lane: the most items touching that lane in any column.
  const tracks = laneDefs.map(() => 1);
  for (const col of pending) {
    const touching = laneDefs.map(() => 0);
    for (const it of col.items) for (let l = it.laneStart; l <= it.laneEnd; l++) touching[l]++;
    touching.forEach((n, l) => (tracks[l] = Math.max(tracks[l], n)));
  }
  const lanes: LayoutLane[] = [];
  let rows = 0;
  laneDefs.forEach((l, i) => {
    lanes.push({ ...l, tracks: tracks[i], firstRow: rows });
    rows += tracks[i];
  });

  const columns: LayoutColumn[] = pending.map(({ stage, items }) => {
    const empty = stage.touchpointCount === 0;
    const next = lanes.map(() => 0);
    const placed: LayoutItem[] = [];
    const lastInLane = new Map<number, LayoutItem>();
    for (const it of items) {
      const a = lanes[it.laneStart];
      const row = a.firstRow + next[it.laneStart];
      let end: number;
      if (it.laneStart === it.laneEnd) {
        end = row;
        next[it.laneStart]++;
      } else {
        next[it.laneStart] = a.tracks;
        for (let l = it.laneStart + 1; l < it.laneEnd; l++) next[l] = lanes[l].tracks;
        end = lanes[it.laneEnd].firstRow;
        next[it.laneEnd] = 1;
      }
      const item: LayoutItem = { ...it, row, rowSpan: end - row + 1 };
      placed.push(item);
      for (let l = it.laneStart; l <= it.laneEnd; l++) lastInLane.set(l, item);
    }
    // The last item of a lane takes the rest of it, so every cell is filled to its edges
    // (unless it is a span going on into the next lane: then it already does).
    for (const [l, item] of lastInLane) {
      if (item.laneEnd !== l) continue;
      const laneEnd = lanes[l].firstRow + lanes[l].tracks - 1;
      item.rowSpan = laneEnd - item.row + 1;
    }
    const gaps: LayoutGap[] = [];
    if (!empty) {
      lanes.forEach((lane, l) => {
        if (next[l] > 0) return;
        const cell = mode === 'segment' ? cellIndex.get(`${stage.id}\u0000${lane.key}`) : undefined;
        gaps.push({ lane: l, row: lane.firstRow, rowSpan: lane.tracks, findings: cell?.findings ?? [] });
      });
    }
    return { stage, empty, items: placed, gaps };
  });

  const matching = matchingTouchpoints(j, filter);
  return { mode, lanes, columns, rows, matching, filtered: matching.size !== j.touchpoints.length };
}

/** The summary strip's figures for the touchpoints a layout's filter matches (the preview and the SVG show the same). */
export interface MatchingSummary {
  shown: number;
  total: number;
  byOwnerType: Record<'human' | 'team' | 'automation', number>;
  /** Share of the shown touchpoints owned by automation, in whole percent. */
  automatedPercent: number;
  /** Channels with their counts, most used first (ties by name). */
  channels: [string, number][];
}

export function matchingSummary(j: JourneyModel, layout: MapLayout): MatchingSummary {
  const byOwnerType = { human: 0, team: 0, automation: 0 };
  const byChannel = new Map<string, number>();
  let shown = 0;
  j.touchpoints.forEach((t, i) => {
    if (!layout.matching.has(i)) return;
    shown++;
    if (t.ownerType) byOwnerType[t.ownerType]++;
    const c = t.channel ?? 'unknown';
    byChannel.set(c, (byChannel.get(c) ?? 0) + 1);
  });
  return {
    shown,
    total: j.touchpoints.length,
    byOwnerType,
    automatedPercent: shown ? Math.round((byOwnerType.automation / shown) * 100) : 0,
    channels: [...byChannel].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
  };
}
