/**
 * Workload and cadence (FORMAT.md, "Workload and cadence (format v1.1)"): the hours a playbook
 * asks of each owner a month, the hours they have, and how many recurring touches an account
 * of each segment gets a month. Exactly the definitions of the format:
 *
 * - units: h = 1 hour, d = 24, w = 168, mo = 730.56 (30.44 days), q = 3 mo, y = 12 mo;
 *   `effort` in min is ÷ 60; a cadence in months is its hours ÷ 730.56;
 * - effective cadence: the touchpoint's `cadence`; else its trigger's `every` when the trigger
 *   is a `schedule`; else `1y` when it is a `date`; else `once`;
 * - occurrences a month for a reached segment: `size` ÷ the cadence in months (no `size`: 0),
 *   or the segment's `newPerMonth` for `once`;
 * - workload: Σ effort × occurrences over the touchpoints an owner owns (`human` or `team`
 *   only); available hours: `hoursPerWeek` × `headcount` × 52 ÷ 12;
 * - touches a month: Σ 1 ÷ cadence in months over the touchpoints reaching the segment whose
 *   effective cadence is a duration.
 *
 * Decision where the format is silent: a cadence of zero length (`0d`, or a schedule trigger's
 * `every: 0d`) happens no number of times: it adds no occurrence and no touch (never infinity).
 */
import { OwnerEntry, PlaybookModel, reachedSegments, SegmentEntry, TouchpointEntry } from './model';

export const HOURS: Record<string, number> = { h: 1, d: 24, w: 168, mo: 730.56, q: 3 * 730.56, y: 12 * 730.56 };
export const HOURS_PER_MONTH = 730.56;

const DURATION = /^([0-9]+)(h|d|w|mo|q|y)$/;
/** Durations seen, in hours (NaN: not a duration); playbooks write the same few again and again. */
const DURATIONS = new Map<string, number>();

/** A duration (`7d`, `1mo`) in hours; undefined when it is not one. */
export function durationHours(d: string | undefined): number | undefined {
  if (d === undefined) return undefined;
  let hours = DURATIONS.get(d);
  if (hours === undefined) {
    const m = DURATION.exec(d);
    hours = m ? Number(m[1]) * HOURS[m[2]] : NaN;
    if (DURATIONS.size > 1000) DURATIONS.clear();
    DURATIONS.set(d, hours);
  }
  return Number.isNaN(hours) ? undefined : hours;
}

/** An `effort` (`45min`, `2h`) in hours. */
export function effortHours(e: string | undefined): number | undefined {
  const m = e === undefined ? null : /^([0-9]+)(min|h)$/.exec(e);
  return m ? (m[2] === 'min' ? Number(m[1]) / 60 : Number(m[1])) : undefined;
}

/** A touchpoint's effective cadence, and where it comes from. */
export interface Cadence {
  /** The duration as written, or `once`. */
  text: string;
  /** Hours between two rounds; undefined for `once`. */
  hours?: number;
  from: 'cadence' | 'schedule' | 'date' | 'default';
}

export function effectiveCadence(model: PlaybookModel, t: TouchpointEntry): Cadence {
  if (t.cadence !== undefined) return t.cadence === 'once' ? { text: 'once', from: 'cadence' } : { text: t.cadence, hours: durationHours(t.cadence), from: 'cadence' };
  const trigger = t.trigger !== undefined ? model.byId.trigger.get(t.trigger) : undefined;
  if (trigger?.type === 'schedule') {
    const every = trigger.fields.every;
    const hours = typeof every === 'string' ? durationHours(every) : undefined;
    if (hours !== undefined) return { text: every as string, hours, from: 'schedule' };
  }
  if (trigger?.type === 'date') return { text: '1y', hours: HOURS.y, from: 'date' };
  return { text: 'once', from: 'default' };
}

/** Occurrences a month of a touchpoint for one reached segment. */
export function occurrencesPerMonth(cadence: Cadence, segment: SegmentEntry): number {
  if (cadence.hours === undefined) return segment.newPerMonth ?? 0;
  if (cadence.hours <= 0) return 0;
  return (segment.size ?? 0) / (cadence.hours / HOURS_PER_MONTH);
}

/** What one touchpoint costs its owner a month, segment by segment. */
export interface TouchpointCost {
  touchpoint: TouchpointEntry;
  cadence: Cadence;
  effort: number;
  parts: { segment: SegmentEntry; occurrences: number; hours: number }[];
  /** Hours a month, all reached segments together. */
  hours: number;
}

export function touchpointCost(model: PlaybookModel, t: TouchpointEntry): TouchpointCost | undefined {
  const effort = effortHours(t.effort);
  if (effort === undefined) return undefined;
  const cadence = effectiveCadence(model, t);
  const parts = reachedSegments(model, t).map((segment) => {
    const occurrences = occurrencesPerMonth(cadence, segment);
    return { segment, occurrences, hours: occurrences * effort };
  });
  return { touchpoint: t, cadence, effort, parts, hours: parts.reduce((n, p) => n + p.hours, 0) };
}

/** Whether an owner carries workload: a `human` or `team` owner (automation has none; no type, none). */
export function hasWorkload(o: OwnerEntry | undefined): boolean {
  return o?.type === 'human' || o?.type === 'team';
}

export interface OwnerWorkload {
  owner: OwnerEntry;
  /** Hours a month. */
  workload: number;
  /** `hoursPerWeek` × `headcount` × 52 ÷ 12; undefined without `hoursPerWeek`. */
  available?: number;
  /** Its touchpoints with an `effort`, costliest first (then in file order). */
  costs: TouchpointCost[];
}

/** The touchpoints each owner entry owns (those whose `owner` resolves to it: the first entry per id), in file order. */
export function touchpointsByOwner(model: PlaybookModel): ReadonlyMap<OwnerEntry, readonly TouchpointEntry[]> {
  const derived = model.derived;
  let owned = derived.owned;
  if (!owned) {
    owned = new Map();
    const table = model.byId.owner;
    const touchpoints = model.touchpoints;
    for (let i = 0; i < touchpoints.length; i++) {
      const t = touchpoints[i];
      const owner = t.owner === undefined ? undefined : table.get(t.owner);
      if (!owner) continue;
      const list = owned.get(owner);
      if (list) list.push(t);
      else owned.set(owner, [t]);
    }
    derived.owned = owned;
  }
  return owned;
}

/** The workload of every `human` and `team` owner (first entry per id; entries without id too). */
export function ownerWorkloads(model: PlaybookModel): OwnerWorkload[] {
  const out: OwnerWorkload[] = [];
  const owned = touchpointsByOwner(model);
  for (const owner of model.owners) {
    if (!hasWorkload(owner)) continue;
    const costs: TouchpointCost[] = [];
    const mine = owned.get(owner) ?? [];
    for (let i = 0; i < mine.length; i++) {
      const cost = touchpointCost(model, mine[i]);
      if (cost) costs.push(cost);
    }
    costs.sort((a, b) => b.hours - a.hours || a.touchpoint.index - b.touchpoint.index);
    const workload = costs.reduce((n, c) => n + c.hours, 0);
    out.push({ owner, workload, ...(owner.hoursPerWeek !== undefined ? { available: (owner.hoursPerWeek * owner.headcount * 52) / 12 } : {}), costs });
  }
  return out;
}

export interface SegmentTouches {
  segment: SegmentEntry;
  /** Recurring touches a month for one account. */
  touches: number;
  /** The recurring touchpoints reaching it, most frequent first (then in file order). */
  by: { touchpoint: TouchpointEntry; perMonth: number; cadence: Cadence }[];
}

/** Touches a month for an account of each segment. */
export function segmentTouches(model: PlaybookModel): SegmentTouches[] {
  const bySegment = new Map<SegmentEntry, SegmentTouches>(model.segments.map((segment) => [segment, { segment, touches: 0, by: [] }]));
  const touchpoints = model.touchpoints;
  for (let i = 0; i < touchpoints.length; i++) {
    const t = touchpoints[i];
    const cadence = effectiveCadence(model, t);
    if (cadence.hours === undefined || cadence.hours <= 0) continue;
    const perMonth = HOURS_PER_MONTH / cadence.hours;
    const reached = reachedSegments(model, t);
    for (let k = 0; k < reached.length; k++) {
      const st = bySegment.get(reached[k])!;
      st.touches += perMonth;
      st.by.push({ touchpoint: t, perMonth, cadence });
    }
  }
  for (const st of bySegment.values()) st.by.sort((a, b) => b.perMonth - a.perMonth || a.touchpoint.index - b.touchpoint.index);
  return [...bySegment.values()];
}

/** Rounded to 2 decimals, as the comparisons of the format are made. */
export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** A figure as messages show it: rounded to `digits` decimals, without trailing zeros. */
export function shown(n: number, digits: number): string {
  const f = 10 ** digits;
  return String(Math.round(n * f) / f);
}
