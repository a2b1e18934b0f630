/**
 * The journey model the preview draws and the exporters render: stages in
 * lifecycle order, segment lanes with effective engagement, touchpoints placed
 * in stage × segment cells, KPIs per stage, and findings attached to the
 * elements they are about. Plain JSON, no positions other than LSP ranges.
 */
import type { Analysis } from './analyze';
import { humanizeId } from './frameworks';
import type { EffectiveStage, Entry, KpiEntry, OwnerEntry, OwnerType, PlaybookModel, SegmentEntry, StageEntry, TouchpointEntry, TriggerEntry } from './model';
import { accountsOf, reachedSegments } from './model';
import { locate } from './parse';
import { asRuleFinding, getRuleBehaviour } from './rules';
import type { Finding, Range, Severity } from './types';
import { OwnerWorkload, ownerWorkloads, round2, segmentTouches } from './workload';

export interface JourneyFinding {
  /** Position in `JourneyModel.allFindings` (the same finding attached in two places keeps one id). */
  id: number;
  ruleId: string;
  severity: Severity;
  message: string;
  range: Range;
  /** Rule-specific facts (plain JSON), used for short labels on the map. */
  data?: Record<string, unknown>;
}

interface Located {
  /** Range of the whole source entry (for selection on click). */
  range?: Range;
  /** Range of the entry's id value (or first line). */
  idRange?: Range;
  findings: JourneyFinding[];
}

export interface JourneyStage extends Located {
  id: string;
  name: string;
  goal?: string;
  exitCriteria?: string;
  order: number;
  touchpointCount: number;
  /** Average `emotion` of the stage's touchpoints; null when none has one. */
  emotion: number | null;
  kpis: string[];
}

export interface JourneySegment extends Located {
  key: string;
  id?: string;
  name: string;
  criteria?: string;
  engagement?: string;
  size?: number;
  owner?: string;
  /** Recurring touches a month for one account (format v1.1), when any touchpoint reaching it recurs or it has a maximum. */
  touchesPerMonth?: number;
  maxTouchesPerMonth?: number;
}

export interface JourneyOwner extends Located {
  key: string;
  id?: string;
  name: string;
  type?: OwnerType;
  capacity?: number;
  headcount: number;
  /** Summed size of the segments the owner is accountable for. */
  load: number;
  /** Hours a month its touchpoints take (format v1.1; `human` and `team` owners with an effort somewhere). */
  workload?: number;
  /** Hours a month it has: hoursPerWeek × headcount × 52 ÷ 12. */
  available?: number;
}

export interface JourneyTrigger extends Located {
  key: string;
  id?: string;
  name: string;
  type?: string;
  /** "event contract.signed", "every 7d", "health below 60", "renewal_date -90d"... */
  summary: string;
  reentry?: string;
}

export interface JourneyTouchpoint extends Located {
  /** Index in `touchpoints`. */
  index: number;
  id?: string;
  name: string;
  description?: string;
  stage?: string;
  /** Keys of the segments reached. */
  segments: string[];
  allSegments: boolean;
  channel?: string;
  owner?: string;
  ownerName?: string;
  ownerType?: OwnerType;
  trigger?: string;
  triggerSummary?: string;
  within?: string;
  kpis: string[];
  escalatesTo?: string;
  /** Index of the touchpoint escalated to. */
  escalatesToIndex?: number;
  emotion?: number;
  /** What it costs its owner a month, in hours (format v1.1: an effort, and an owner that is a person or a team). */
  monthlyHours?: number;
}

export interface JourneyKpi extends Located {
  key: string;
  id?: string;
  name: string;
  metric?: string;
  unit?: string;
  direction?: 'increase' | 'decrease';
  target?: number;
  baseline?: number;
  stage?: string;
  owner?: string;
}

export interface JourneyCell {
  stage: string;
  segment: string;
  /** Indexes into `touchpoints`. */
  touchpoints: number[];
  /** Findings naming this cell (coverage gaps). */
  findings: JourneyFinding[];
}

export interface JourneyModel {
  playbook: {
    id?: string;
    title?: string;
    description?: string;
    version?: number;
    framework?: { id: string; name: string };
    engagement?: string;
  };
  stages: JourneyStage[];
  segments: JourneySegment[];
  owners: JourneyOwner[];
  triggers: JourneyTrigger[];
  touchpoints: JourneyTouchpoint[];
  kpis: JourneyKpi[];
  cells: JourneyCell[];
  summary: {
    touchpoints: number;
    /** Share of touchpoints owned by automation, 0..1 (0 when there are none). */
    automatedShare: number;
    byChannel: Record<string, number>;
    byOwnerType: Record<string, number>;
    findings: Record<Severity, number>;
    /** Hours a month the playbook asks of people (format v1.1: the workload of every human and team owner). */
    personHours: number;
  };
  /** Findings not attached to any element (e.g. schema errors at the top level). */
  findings: JourneyFinding[];
  /** Every finding once, in the analysis' order (the findings panel lists these). */
  allFindings: JourneyFinding[];
}

/** Builds the journey model from an analysis; undefined when the text has syntax errors. */
export function buildJourney(analysis: Analysis): JourneyModel | undefined {
  const { model } = analysis;
  if (!model) return undefined;
  const at = locator(analysis, model);
  const workloads = new Map(ownerWorkloads(model).map((w) => [w.owner, w]));
  const costs = new Map<TouchpointEntry, number>();
  for (const w of workloads.values()) for (const c of w.costs) costs.set(c.touchpoint, c.hours);
  const touches = new Map(segmentTouches(model).map((st) => [st.segment, st.touches]));
  const segments = model.segments.map((s) => ({ ...journeySegment(s, at), ...touchesOf(s, touches.get(s) ?? 0) }));
  const owners = model.owners.map((o) => ({ ...journeyOwner(o, model, at), ...hoursOf(workloads.get(o)) }));
  const triggers = model.triggers.map((t) => journeyTrigger(t, at));
  const kpis = model.kpis.map((k) => journeyKpi(k, model, at));
  const touchpoints = journeyTouchpoints(model, segments, at).map((t, i) => {
    const hours = costs.get(model.touchpoints[i]);
    return hours === undefined ? t : { ...t, monthlyHours: round2(hours) };
  });
  const stages = model.stages.map((s) => journeyStage(s, touchpoints, kpis, at));
  const grid = cellGrid(stages, segments, touchpoints);
  const elements = { stages, segments, owners, triggers, touchpoints, kpis };
  const { allFindings, unattached, counts } = attachFindings(analysis, model, elements, grid);
  return {
    playbook: playbookHeader(model),
    ...elements,
    cells: grid.cells,
    summary: { ...summarize(touchpoints, counts), personHours: round2([...workloads.values()].reduce((n, w) => n + w.workload, 0)) },
    findings: unattached,
    allFindings,
  };
}

/** How entries become map elements: their source ranges, and a key unique in their list. */
interface Locator {
  rangeOf(pointer: string): Range;
  located(e: Entry): Located;
  /** Keys are unique per list: a repeated id gets `id#n` (n = its position), since references resolve to the first. */
  keyOf(e: Entry): string;
}

function locator({ parsed }: Analysis, model: PlaybookModel): Locator {
  const rangeOf = (pointer: string): Range => {
    const v = locate(parsed, pointer).value;
    return parsed.lines.range(v[0], v[1]);
  };
  return {
    rangeOf,
    located: (e) => ({
      range: rangeOf(e.pointer),
      idRange: e.id !== undefined ? rangeOf(`${e.pointer}/id`) : rangeOf(e.pointer),
      findings: [],
    }),
    keyOf: (e) => {
      const first = e.id === undefined || e.kind === 'stage' ? undefined : (model.byId[e.kind] as Map<string, Entry>).get(e.id);
      return e.id !== undefined && first === e ? e.id : `${e.id ?? ''}#${e.index + 1}`;
    },
  };
}

function journeySegment(s: SegmentEntry, at: Locator): JourneySegment {
  return {
    key: at.keyOf(s),
    id: s.id,
    name: s.name ?? s.id ?? `Segment ${s.index + 1}`,
    criteria: s.criteria,
    engagement: s.engagement,
    size: s.size,
    owner: s.owner,
    ...at.located(s),
  };
}

/** A segment's touches a month, when it has any or a maximum. */
function touchesOf(s: SegmentEntry, touches: number): Pick<JourneySegment, 'touchesPerMonth' | 'maxTouchesPerMonth'> {
  if (touches <= 0 && s.maxTouchesPerMonth === undefined) return {};
  return { touchesPerMonth: round2(touches), ...(s.maxTouchesPerMonth !== undefined ? { maxTouchesPerMonth: s.maxTouchesPerMonth } : {}) };
}

/** An owner's hours a month of work and available, when it has either. */
function hoursOf(w: OwnerWorkload | undefined): Pick<JourneyOwner, 'workload' | 'available'> {
  if (!w || (!w.costs.length && w.available === undefined)) return {};
  return { workload: round2(w.workload), ...(w.available !== undefined ? { available: round2(w.available) } : {}) };
}

function journeyOwner(o: OwnerEntry, model: PlaybookModel, at: Locator): JourneyOwner {
  return {
    key: at.keyOf(o),
    id: o.id,
    name: o.name ?? o.id ?? `Owner ${o.index + 1}`,
    type: o.type,
    capacity: o.capacity,
    headcount: o.headcount,
    load: accountsOf(model, o),
    ...at.located(o),
  };
}

function journeyTrigger(t: TriggerEntry, at: Locator): JourneyTrigger {
  return {
    key: at.keyOf(t),
    id: t.id,
    name: t.name ?? t.id ?? `Trigger ${t.index + 1}`,
    type: t.type,
    summary: summarizeTrigger(t.type, t.fields),
    reentry: t.reentry,
    ...at.located(t),
  };
}

function journeyKpi(k: KpiEntry, model: PlaybookModel, at: Locator): JourneyKpi {
  return {
    key: at.keyOf(k),
    id: k.id,
    name: k.name ?? k.id ?? `KPI ${k.index + 1}`,
    metric: k.metric,
    unit: k.unit,
    direction: k.direction,
    target: k.target,
    baseline: k.baseline,
    stage: k.stage !== undefined && model.stageById.has(k.stage) ? k.stage : undefined,
    owner: k.owner,
    ...at.located(k),
  };
}

function journeyTouchpoints(model: PlaybookModel, segments: JourneySegment[], at: Locator): JourneyTouchpoint[] {
  const segmentKey = new Map(model.segments.map((s, i) => [s, segments[i].key]));
  const position = new Map(model.touchpoints.map((t, i) => [t, i]));
  return model.touchpoints.map((t) => {
    const owner = t.owner !== undefined ? model.byId.owner.get(t.owner) : undefined;
    const trigger = t.trigger !== undefined ? model.byId.trigger.get(t.trigger) : undefined;
    const target = t.escalatesTo !== undefined ? model.byId.touchpoint.get(t.escalatesTo) : undefined;
    return {
      index: t.index,
      id: t.id,
      name: t.name ?? t.id ?? `Touchpoint ${t.index + 1}`,
      description: t.description,
      stage: t.stage !== undefined && model.stageById.has(t.stage) ? t.stage : undefined,
      segments: reachedSegments(model, t).map((s) => segmentKey.get(s)!),
      allSegments: t.segments === undefined,
      channel: t.channel,
      owner: t.owner,
      ownerName: owner?.name ?? owner?.id,
      ownerType: owner?.type,
      trigger: t.trigger,
      triggerSummary: trigger ? summarizeTrigger(trigger.type, trigger.fields) : undefined,
      within: t.within,
      kpis: t.kpis.map((k) => k.id),
      escalatesTo: t.escalatesTo,
      escalatesToIndex: target ? position.get(target) : undefined,
      emotion: t.emotion,
      ...at.located(t),
    };
  });
}

/** A stage column: its touchpoints' count and average emotion, and its KPIs (own stage, else listed by its touchpoints). */
function journeyStage(s: EffectiveStage, touchpoints: JourneyTouchpoint[], kpis: JourneyKpi[], at: Locator): JourneyStage {
  const here = touchpoints.filter((t) => t.stage === s.id);
  const emotions = here.map((t) => t.emotion).filter((e): e is number => e !== undefined);
  const listedHere = (k: JourneyKpi) => k.stage === undefined && k.id !== undefined && here.some((t) => t.kpis.includes(k.id!));
  const stageKpis = kpis.filter((k) => k.stage === s.id || listedHere(k));
  const e = s.entry;
  // A built-in stage not listed under `stages` is located at the `framework` value.
  const place = e ? at.located(e) : { range: at.rangeOf('/framework'), idRange: at.rangeOf('/framework'), findings: [] };
  return {
    id: s.id,
    name: e?.name ?? humanizeId(s.id),
    goal: e?.goal,
    exitCriteria: e?.exitCriteria,
    order: s.order,
    touchpointCount: here.length,
    emotion: emotions.length ? emotions.reduce((a, b) => a + b, 0) / emotions.length : null,
    kpis: stageKpis.map((k) => k.key),
    ...place,
  };
}

/** Every stage × segment cell with the touchpoints in it, and a lookup by stage id and segment key. */
interface CellGrid {
  cells: JourneyCell[];
  cell(stage: string, segmentKey: string): JourneyCell | undefined;
}

function cellGrid(stages: JourneyStage[], segments: JourneySegment[], touchpoints: JourneyTouchpoint[]): CellGrid {
  const cells: JourneyCell[] = [];
  const index = new Map<string, JourneyCell>();
  for (const st of stages) {
    for (const sg of segments) {
      const cell: JourneyCell = { stage: st.id, segment: sg.key, touchpoints: [], findings: [] };
      cells.push(cell);
      index.set(`${st.id}\u0000${sg.key}`, cell);
    }
  }
  const cell = (stage: string, segmentKey: string) => index.get(`${stage}\u0000${segmentKey}`);
  touchpoints.forEach((t, i) => {
    if (t.stage === undefined) return;
    for (const sg of t.segments) cell(t.stage, sg)?.touchpoints.push(i);
  });
  return { cells, cell };
}

type JourneyElements = Pick<JourneyModel, 'stages' | 'segments' | 'owners' | 'triggers' | 'touchpoints' | 'kpis'>;

/** A map element with the offsets of the source entry it was made from. */
interface EntryHolder {
  offsets: [number, number];
  target: Located;
}

/** Every element made from a list entry, sorted by the entry's start (for `innermost`). */
function entryHolders(analysis: Analysis, model: PlaybookModel, el: JourneyElements): EntryHolder[] {
  // A stage entry holds findings only when it is the stage's own (the first with its id, in the framework).
  const stageOf = (e: StageEntry) => el.stages.find((s) => s.id === e.id && e === model.stageById.get(e.id)?.entry);
  const made: { entry: Entry; target: Located | undefined }[] = [
    ...model.stageEntries.map((entry) => ({ entry, target: stageOf(entry) })),
    ...model.segments.map((entry, i) => ({ entry, target: el.segments[i] })),
    ...model.owners.map((entry, i) => ({ entry, target: el.owners[i] })),
    ...model.triggers.map((entry, i) => ({ entry, target: el.triggers[i] })),
    ...model.touchpoints.map((entry, i) => ({ entry, target: el.touchpoints[i] })),
    ...model.kpis.map((entry, i) => ({ entry, target: el.kpis[i] })),
  ];
  const holders: EntryHolder[] = [];
  for (const { entry, target } of made) if (target) holders.push({ offsets: locate(analysis.parsed, entry.pointer).value, target });
  return holders.sort((a, b) => a.offsets[0] - b.offsets[0]);
}

/** Every finding of the analysis once, the ones on no element, and the counts by severity. */
interface AttachedFindings {
  allFindings: JourneyFinding[];
  unattached: JourneyFinding[];
  counts: Record<Severity, number>;
}

/**
 * Attaches every finding where it belongs: where its rule places it on the map (`placeOnMap`
 * in the rule's module), else on the innermost entry containing it, else to the journey itself.
 */
function attachFindings(analysis: Analysis, model: PlaybookModel, el: JourneyElements, grid: CellGrid): AttachedFindings {
  const holders = entryHolders(analysis, model, el);
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const allFindings: JourneyFinding[] = [];
  const unattached: JourneyFinding[] = [];
  for (const f of analysis.findings) {
    counts[f.severity]++;
    const jf = journeyFinding(f, allFindings.length);
    allFindings.push(jf);
    if (placeByRule(f, jf, el.stages, grid)) continue;
    const holder = innermost(holders, f.offsets[0]);
    if (holder) holder.target.findings.push(jf);
    else unattached.push(jf);
  }
  return { allFindings, unattached, counts };
}

function journeyFinding(f: Finding, id: number): JourneyFinding {
  return { id, ruleId: f.ruleId, severity: f.severity, message: f.message, range: f.range, ...(f.data ? { data: plainData(f.data) } : {}) };
}

/** Places a finding where its rule says; true when that replaces its place on the entry it sits in. */
function placeByRule(f: Finding, jf: JourneyFinding, stages: JourneyStage[], grid: CellGrid): boolean {
  const placement = getRuleBehaviour(f.ruleId)?.placeOnMap?.(asRuleFinding(f));
  if (!placement) return false;
  // The segment by its id: its key when it is the first segment with that id. A segment without
  // an id has no cell a finding can name (its finding stays on its lane), not the lane of a
  // segment whose id is the word "undefined".
  for (const c of placement.cells ?? []) if (c.segment !== undefined) grid.cell(c.stage, String(c.segment))?.findings.push(jf);
  if (placement.stage === undefined) return false;
  const stage = stages.find((s) => s.id === placement.stage);
  if (!stage || stage.findings.some((x) => x.ruleId === f.ruleId)) return false;
  stage.findings.push(jf);
  return true;
}

function playbookHeader(model: PlaybookModel): JourneyModel['playbook'] {
  return {
    id: model.playbookId,
    title: model.title,
    description: model.description,
    version: model.version,
    framework: model.framework ? { id: model.framework.id, name: model.framework.name } : undefined,
    engagement: model.engagement,
  };
}

function summarize(touchpoints: JourneyTouchpoint[], counts: Record<Severity, number>): Omit<JourneyModel['summary'], 'personHours'> {
  const byChannel: Record<string, number> = {};
  const byOwnerType: Record<string, number> = {};
  for (const t of touchpoints) {
    const ch = t.channel ?? 'unknown';
    byChannel[ch] = (byChannel[ch] ?? 0) + 1;
    const ot = t.ownerType ?? 'unknown';
    byOwnerType[ot] = (byOwnerType[ot] ?? 0) + 1;
  }
  return {
    touchpoints: touchpoints.length,
    automatedShare: touchpoints.length ? (byOwnerType.automation ?? 0) / touchpoints.length : 0,
    byChannel,
    byOwnerType,
    findings: counts,
  };
}

/** Rule facts as plain JSON (strings, numbers, booleans and arrays of them), safe to send to the webview. */
function plainData(d: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(d)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
    else if (Array.isArray(v)) out[k] = v.filter((x) => typeof x === 'string' || typeof x === 'number');
  }
  return out;
}

/**
 * The innermost entry containing an offset. Entries are sorted by start and do not
 * partially overlap, so the last entry starting at or before the offset is the candidate.
 */
function innermost<T extends { offsets: [number, number] }>(items: T[], offset: number): T | undefined {
  let lo = 0;
  let hi = items.length - 1;
  let at = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid].offsets[0] <= offset) {
      at = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  for (let i = at; i >= 0; i--) {
    const it = items[i];
    if (offset < Math.max(it.offsets[1], it.offsets[0] + 1)) return it;
  }
  return undefined;
}

/** A short human summary of what starts a trigger. */
export function summarizeTrigger(type: string | undefined, f: Record<string, string | number>): string {
  switch (type) {
    case 'event':
      return f.event !== undefined ? `on ${f.event}` : 'on an event';
    case 'schedule':
      return f.every !== undefined ? `every ${f.every}` : 'on a schedule';
    case 'inactivity':
      return f.after !== undefined ? `inactive ${f.after}` : 'after inactivity';
    case 'score': {
      const parts = [f.below !== undefined ? `< ${f.below}` : '', f.above !== undefined ? `> ${f.above}` : ''].filter(Boolean);
      return `${f.metric ?? 'score'} ${parts.join(' or ')}`.trim();
    }
    case 'date':
      return `${f.field ?? 'date'} ${f.offset ?? '0d'}`;
    case 'manual':
      return 'manual';
    default:
      return type ?? 'trigger';
  }
}
