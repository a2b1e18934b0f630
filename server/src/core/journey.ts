/**
 * The journey model the preview draws and the exporters render: stages in
 * lifecycle order, segment lanes with effective engagement, touchpoints placed
 * in stage × segment cells, KPIs per stage, and findings attached to the
 * elements they are about. Plain JSON, no positions other than LSP ranges.
 */
import type { Analysis } from './analyze';
import { humanizeId } from './frameworks';
import { Entry, isRecord, OwnerType, reachedSegments } from './model';
import { locate } from './parse';
import type { Range, Severity } from './types';

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
  };
  /** Findings not attached to any element (e.g. schema errors at the top level). */
  findings: JourneyFinding[];
  /** Every finding once, in the analysis' order (the findings panel lists these). */
  allFindings: JourneyFinding[];
}

/** Builds the journey model from an analysis; undefined when the text has syntax errors. */
export function buildJourney(analysis: Analysis): JourneyModel | undefined {
  const { model, parsed } = analysis;
  if (!model) return undefined;
  const rangeOf = (pointer: string): Range => {
    const v = locate(parsed, pointer).value;
    return parsed.lines.range(v[0], v[1]);
  };
  const located = (e: Entry): Located => ({
    range: rangeOf(e.pointer),
    idRange: e.id !== undefined ? rangeOf(`${e.pointer}/id`) : rangeOf(e.pointer),
    findings: [],
  });
  // Keys are unique per list: a repeated id gets `id#n` (n = its position), since references resolve to the first.
  const keyOf = (e: Entry) => {
    const first = e.id === undefined ? undefined : e.kind === 'stage' ? undefined : (model.byId[e.kind] as Map<string, Entry>).get(e.id);
    return e.id !== undefined && first === e ? e.id : `${e.id ?? ''}#${e.index + 1}`;
  };

  const segments: JourneySegment[] = model.segments.map((s) => ({
    key: keyOf(s),
    id: s.id,
    name: s.name ?? s.id ?? `Segment ${s.index + 1}`,
    criteria: s.criteria,
    engagement: s.engagement,
    size: s.size,
    owner: s.owner,
    ...located(s),
  }));
  const owners: JourneyOwner[] = model.owners.map((o) => ({
    key: keyOf(o),
    id: o.id,
    name: o.name ?? o.id ?? `Owner ${o.index + 1}`,
    type: o.type,
    capacity: o.capacity,
    headcount: o.headcount,
    load: model.segments.filter((s) => s.owner !== undefined && model.byId.owner.get(s.owner) === o).reduce((n, s) => n + (s.size ?? 0), 0),
    ...located(o),
  }));
  const triggers: JourneyTrigger[] = model.triggers.map((t) => ({
    key: keyOf(t),
    id: t.id,
    name: t.name ?? t.id ?? `Trigger ${t.index + 1}`,
    type: t.type,
    summary: summarizeTrigger(t.type, t.fields),
    reentry: t.reentry,
    ...located(t),
  }));
  const kpis: JourneyKpi[] = model.kpis.map((k) => ({
    key: keyOf(k),
    id: k.id,
    name: k.name ?? k.id ?? `KPI ${k.index + 1}`,
    metric: k.metric,
    unit: k.unit,
    direction: k.direction,
    target: k.target,
    baseline: k.baseline,
    stage: k.stage !== undefined && model.stageById.has(k.stage) ? k.stage : undefined,
    owner: k.owner,
    ...located(k),
  }));
  const segmentKey = new Map(model.segments.map((s, i) => [s, segments[i].key]));
  const touchpointPosition = new Map(model.touchpoints.map((t, i) => [t, i]));
  const touchpoints: JourneyTouchpoint[] = model.touchpoints.map((t) => {
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
      escalatesToIndex: target ? touchpointPosition.get(target) : undefined,
      emotion: t.emotion,
      ...located(t),
    };
  });
  const stages: JourneyStage[] = model.stages.map((s) => {
    const here = touchpoints.filter((t) => t.stage === s.id);
    const emotions = here.map((t) => t.emotion).filter((e): e is number => e !== undefined);
    const stageKpis = kpis.filter((k) => k.stage === s.id || (k.stage === undefined && k.id !== undefined && here.some((t) => t.kpis.includes(k.id!))));
    const e = s.entry;
    return {
      id: s.id,
      name: e?.name ?? humanizeId(s.id),
      goal: e?.goal,
      exitCriteria: e?.exitCriteria,
      order: s.order,
      touchpointCount: here.length,
      emotion: emotions.length ? emotions.reduce((a, b) => a + b, 0) / emotions.length : null,
      kpis: stageKpis.map((k) => k.key),
      ...(e ? located(e) : { range: rangeOf('/framework'), idRange: rangeOf('/framework'), findings: [] }),
    };
  });
  const cells: JourneyCell[] = [];
  const cellIndex = new Map<string, JourneyCell>();
  for (const st of stages) {
    for (const sg of segments) {
      const cell: JourneyCell = { stage: st.id, segment: sg.key, touchpoints: [], findings: [] };
      cells.push(cell);
      cellIndex.set(`${st.id}\u0000${sg.key}`, cell);
    }
  }
  touchpoints.forEach((t, i) => {
    if (t.stage === undefined) return;
    for (const sg of t.segments) cellIndex.get(`${t.stage}\u0000${sg}`)?.touchpoints.push(i);
  });

  // Attach findings: by rule facts where a finding names an element, else to the entry containing it.
  const unattached: JourneyFinding[] = [];
  const entryOwners = [
    ...model.stageEntries.map((e) => ({ pointerPrefix: e.pointer, target: stages.find((s) => s.id === e.id && e === model.stageById.get(e.id)?.entry) as Located | undefined })),
    ...model.segments.map((e, i) => ({ pointerPrefix: e.pointer, target: segments[i] })),
    ...model.owners.map((e, i) => ({ pointerPrefix: e.pointer, target: owners[i] })),
    ...model.triggers.map((e, i) => ({ pointerPrefix: e.pointer, target: triggers[i] })),
    ...model.touchpoints.map((e, i) => ({ pointerPrefix: e.pointer, target: touchpoints[i] })),
    ...model.kpis.map((e, i) => ({ pointerPrefix: e.pointer, target: kpis[i] })),
  ].filter((x): x is { pointerPrefix: string; target: Located } => x.target !== undefined) as { pointerPrefix: string; target: Located }[];
  const entryRanges = entryOwners.map((x) => ({ ...x, offsets: locate(parsed, x.pointerPrefix).value })).sort((a, b) => a.offsets[0] - b.offsets[0]);
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const allFindings: JourneyFinding[] = [];
  for (const f of analysis.findings) {
    counts[f.severity]++;
    const jf: JourneyFinding = { id: allFindings.length, ruleId: f.ruleId, severity: f.severity, message: f.message, range: f.range, ...(f.data ? { data: plainData(f.data) } : {}) };
    allFindings.push(jf);
    if (f.ruleId === 'coverage-gap' && isRecord(f.data) && Array.isArray(f.data.stages)) {
      for (const st of f.data.stages as string[]) cellIndex.get(`${st}\u0000${String(f.data.segment)}`)?.findings.push(jf);
    }
    if (f.ruleId === 'stage-without-touchpoint' && isRecord(f.data)) {
      const st = stages.find((s) => s.id === f.data!.stage);
      if (st && !st.findings.some((x) => x.ruleId === f.ruleId)) {
        st.findings.push(jf);
        continue;
      }
    }
    const holder = innermost(entryRanges, f.offsets[0]);
    if (holder) holder.target.findings.push(jf);
    else unattached.push(jf);
  }

  const byChannel: Record<string, number> = {};
  const byOwnerType: Record<string, number> = {};
  for (const t of touchpoints) {
    const ch = t.channel ?? 'unknown';
    byChannel[ch] = (byChannel[ch] ?? 0) + 1;
    const ot = t.ownerType ?? 'unknown';
    byOwnerType[ot] = (byOwnerType[ot] ?? 0) + 1;
  }
  return {
    playbook: {
      id: model.playbookId,
      title: model.title,
      description: model.description,
      version: model.version,
      framework: model.framework ? { id: model.framework.id, name: model.framework.name } : undefined,
      engagement: model.engagement,
    },
    stages,
    segments,
    owners,
    triggers,
    touchpoints,
    kpis,
    cells,
    summary: {
      touchpoints: touchpoints.length,
      automatedShare: touchpoints.length ? (byOwnerType.automation ?? 0) / touchpoints.length : 0,
      byChannel,
      byOwnerType,
      findings: counts,
    },
    findings: unattached,
    allFindings,
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
