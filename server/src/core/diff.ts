/**
 * The semantic diff of two versions of a playbook: what changed in the engagement model, not in
 * the text. Formatting, comments and key order never count: entries are compared as data.
 *
 * - Entries (stages, owners, segments, triggers, touchpoints, KPIs) are matched by kind and id.
 *   An entry removed and another of the same kind added are one entry **renamed** when their
 *   contents (every field but `id`, references to renamed entries followed) are similar enough:
 *   similarity = shared field values / all field values of the two (Jaccard), at least
 *   RENAME_SIMILARITY; the most similar pairs are matched first.
 * - A reference that only follows a rename (a touchpoint's `owner: csm` becoming `owner:
 *   csm-team` when that owner was renamed) is not a change of the entry holding it.
 * - Coverage: the stage × segment cells with at least one touchpoint, gained and lost, for
 *   stages and segments that exist in both versions (an added or removed one is reported as such).
 * - Owners: accounts accountable for (the summed `size` of their segments) against what they can
 *   carry (`capacity` × `headcount`), and hours a month of work against hours available
 *   (format v1.1: workload.ts), before and after, where any of them changed.
 * - KPI targets and baselines changed.
 * - Findings introduced and resolved, matched by rule and subject, not by line: the subject is the
 *   entry a finding sits in (kind and id, renames followed), the identifiers the rule records
 *   about it (a segment, a stage...; never counts), else its message with its figures left out.
 *   A finding whose subject is in both versions is neither (an owner over capacity by 40
 *   accounts, then by 60, stays one finding).
 */
import type { Analysis } from './analyze';
import { accountsOf, Entry, isRecord, KINDS, Kind, LIST_KEY, PlaybookModel } from './model';
import type { Finding, Severity } from './types';
import { ownerWorkloads, round2 } from './workload';

/** How similar a removed and an added entry must be to be one entry renamed (0..1). */
export const RENAME_SIMILARITY = 0.5;

/** Plain data as YAML gives it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface FieldChange {
  field: string;
  /** Absent when the field was added. */
  before?: Json;
  /** Absent when the field was removed. */
  after?: Json;
}

export interface EntryChange {
  kind: Kind;
  change: 'added' | 'removed' | 'renamed' | 'changed';
  /** The id after the change (before it, for a removed entry). */
  id: string;
  /** A renamed entry's id before. */
  previousId?: string;
  /** The entry's `name`, when it has one (after; before, for a removed entry). */
  name?: string;
  /** How similar a renamed entry's two versions are (see RENAME_SIMILARITY). */
  similarity?: number;
  /** The fields that differ (a renamed or changed entry), references to renamed entries followed. */
  fields: FieldChange[];
}

export interface CoverageChange {
  stage: string;
  segment: string;
  change: 'gained' | 'lost';
  /** The cell's touchpoints: after, for a cell gained; before, for a cell lost. */
  touchpoints: string[];
}

export interface OwnerLoad {
  /** Summed `size` of the segments the owner is accountable for. */
  accounts: number;
  /** `capacity` × `headcount`; absent when the owner has no `capacity`. */
  limit?: number;
  /** Hours a month its touchpoints take (format v1.1; rounded to 2 decimals); absent when none has an `effort`. */
  workload?: number;
  /** Hours a month it has (`hoursPerWeek` × `headcount` × 52 ÷ 12, rounded to 2 decimals); absent without `hoursPerWeek`. */
  available?: number;
}

export interface OwnerLoadChange {
  owner: string;
  name?: string;
  /** Absent for an owner added. */
  before?: OwnerLoad;
  /** Absent for an owner removed. */
  after?: OwnerLoad;
}

export interface KpiValueChange {
  kpi: string;
  name?: string;
  unit?: string;
  field: 'target' | 'baseline';
  before?: number;
  after?: number;
}

export interface FindingChange {
  ruleId: string;
  severity: Severity;
  message: string;
  /** 1-based, in the version the finding is in (after for introduced, before for resolved). */
  line: number;
  column: number;
  /** What the finding is matched by. */
  subject: string;
}

export interface PlaybookDiff {
  /** Whether the two versions could be compared as models (both parse). Findings are compared anyway. */
  comparable: boolean;
  /** Top-level fields (`playbook`, `title`, `framework`, `engagement`, `rules`...). */
  playbook: FieldChange[];
  entries: EntryChange[];
  coverage: CoverageChange[];
  owners: OwnerLoadChange[];
  kpis: KpiValueChange[];
  findings: { introduced: FindingChange[]; resolved: FindingChange[]; unchanged: number };
}

/** The fields of each kind that name another entry, and the kind they name. */
const REFERENCE_FIELDS: Partial<Record<Kind, Record<string, Kind>>> = {
  segment: { owner: 'owner' },
  touchpoint: { stage: 'stage', segments: 'segment', owner: 'owner', trigger: 'trigger', kpis: 'kpi', escalatesTo: 'touchpoint' },
  kpi: { stage: 'stage', owner: 'owner' },
};

/** Kinds in the order renames are found: a kind's references are to kinds before it (touchpoints' escalations aside). */
const RENAME_ORDER: readonly Kind[] = ['stage', 'owner', 'trigger', 'kpi', 'segment', 'touchpoint'];

/** Renames found so far: kind -> id before -> id after. */
type Renames = Map<Kind, Map<string, string>>;

const canonical = (v: unknown): string => JSON.stringify(sortKeys(v));

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (isRecord(v)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])]));
  return v;
}

/** One version's entry: its data and where it sits. */
interface Item {
  entry: Entry;
  data: Record<string, unknown>;
}

function itemsOf(model: PlaybookModel, kind: Kind): Item[] {
  const list = model.root?.[LIST_KEY[kind]];
  const entries: Entry[] = kind === 'stage' ? model.stageEntries : (model[`${kind}s` as 'owners'] as Entry[]);
  if (!Array.isArray(list)) return [];
  return entries.filter((e) => e.id !== undefined).map((entry) => ({ entry, data: list[entry.index] as Record<string, unknown> }));
}

/** An entry's fields with references to renamed entries written with their new ids, `id` left out. */
function followed(kind: Kind, data: Record<string, unknown>, renames: Renames): Record<string, unknown> {
  const refs = REFERENCE_FIELDS[kind] ?? {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (key === 'id') continue;
    const target = refs[key];
    const map = target && renames.get(target);
    if (!map) out[key] = value;
    else if (typeof value === 'string') out[key] = map.get(value) ?? value;
    else if (Array.isArray(value)) out[key] = value.map((x) => (typeof x === 'string' ? (map.get(x) ?? x) : x));
    else out[key] = value;
  }
  return out;
}

function fieldChanges(before: Record<string, unknown>, after: Record<string, unknown>): FieldChange[] {
  const out: FieldChange[] = [];
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  for (const field of keys) {
    if (field === 'id') continue;
    const b = field in before ? before[field] : undefined;
    const a = field in after ? after[field] : undefined;
    if (b !== undefined && a !== undefined && canonical(b) === canonical(a)) continue;
    out.push({ field, ...(b !== undefined ? { before: b as Json } : {}), ...(a !== undefined ? { after: a as Json } : {}) });
  }
  return out;
}

/** Shared field values over all field values of two entries (Jaccard), `id` left out. */
export function similarity(a: Record<string, unknown>, b: Record<string, unknown>): number {
  const pairs = (o: Record<string, unknown>) => new Set(Object.entries(o).filter(([k]) => k !== 'id').map(([k, v]) => `${k}=${canonical(v)}`));
  const pa = pairs(a);
  const pb = pairs(b);
  if (pa.size === 0 && pb.size === 0) return 1;
  let shared = 0;
  for (const p of pa) if (pb.has(p)) shared++;
  return shared / (pa.size + pb.size - shared);
}

function nameOf(data: Record<string, unknown>): string | undefined {
  return typeof data.name === 'string' ? data.name : undefined;
}

/** Matches the entries of one kind; records renames; returns the changes in the order of the version after. */
function diffKind(kind: Kind, before: Item[], after: Item[], renames: Renames): EntryChange[] {
  const byId = (items: Item[]) => {
    const m = new Map<string, Item>();
    for (const it of items) if (!m.has(it.entry.id!)) m.set(it.entry.id!, it);
    return m;
  };
  const b = byId(before);
  const a = byId(after);
  const removed = [...b.values()].filter((it) => !a.has(it.entry.id!));
  const added = [...a.values()].filter((it) => !b.has(it.entry.id!));
  const renamed = new Map<Item, { from: Item; score: number }>();
  const candidates: { from: Item; to: Item; score: number }[] = [];
  for (const from of removed) {
    const f = followed(kind, from.data, renames);
    for (const to of added) {
      const score = similarity(f, followed(kind, to.data, renames));
      if (score >= RENAME_SIMILARITY) candidates.push({ from, to, score });
    }
  }
  candidates.sort((x, y) => y.score - x.score || x.to.entry.index - y.to.entry.index || x.from.entry.index - y.from.entry.index);
  const taken = new Set<Item>();
  for (const c of candidates) {
    if (taken.has(c.from) || taken.has(c.to)) continue;
    taken.add(c.from);
    taken.add(c.to);
    renamed.set(c.to, { from: c.from, score: c.score });
  }
  if (renamed.size) {
    const map = renames.get(kind) ?? new Map<string, string>();
    for (const [to, { from }] of renamed) map.set(from.entry.id!, to.entry.id!);
    renames.set(kind, map);
  }
  const out: EntryChange[] = [];
  for (const it of after) {
    const id = it.entry.id!;
    if (a.get(id) !== it) continue;
    const old = b.get(id);
    const rename = renamed.get(it);
    if (old) {
      const before = followed(kind, old.data, renames);
      const after = followed(kind, it.data, renames);
      // Most entries are the same, keys in the same order: one comparison of the two as written first.
      if (JSON.stringify(before) === JSON.stringify(after)) continue;
      const fields = fieldChanges(before, after);
      if (fields.length) out.push({ kind, change: 'changed', id, name: nameOf(it.data), fields });
    } else if (rename) {
      const fields = fieldChanges(followed(kind, rename.from.data, renames), followed(kind, it.data, renames));
      out.push({ kind, change: 'renamed', id, previousId: rename.from.entry.id, name: nameOf(it.data), similarity: Math.round(rename.score * 100) / 100, fields });
    } else {
      out.push({ kind, change: 'added', id, name: nameOf(it.data), fields: [] });
    }
  }
  for (const it of removed) if (!taken.has(it)) out.push({ kind, change: 'removed', id: it.entry.id!, name: nameOf(it.data), fields: [] });
  return out;
}

/** The stage × segment cells that have touchpoints: key -> touchpoint ids. */
function coverageCells(model: PlaybookModel): Map<string, { stage: string; segment: string; touchpoints: string[] }> {
  const cells = new Map<string, { stage: string; segment: string; touchpoints: string[] }>();
  const segmentIds = model.segments.map((s) => s.id).filter((id): id is string => id !== undefined);
  for (const t of model.touchpoints) {
    const stage = t.stage !== undefined ? model.stageById.get(t.stage) : undefined;
    if (!stage) continue;
    const reached = t.segments ? t.segments.map((r) => r.id).filter((id) => model.byId.segment.has(id)) : segmentIds;
    for (const segment of new Set(reached)) {
      const key = `${stage.id}\u0000${segment}`;
      const cell = cells.get(key) ?? { stage: stage.id, segment, touchpoints: [] };
      cell.touchpoints.push(t.id ?? `#${t.index + 1}`);
      cells.set(key, cell);
    }
  }
  return cells;
}

function coverageChanges(before: PlaybookModel, after: PlaybookModel, renames: Renames): CoverageChange[] {
  const stageOf = (id: string) => renames.get('stage')?.get(id) ?? id;
  const segmentOf = (id: string) => renames.get('segment')?.get(id) ?? id;
  const was = new Map<string, { stage: string; segment: string; touchpoints: string[] }>();
  for (const cell of coverageCells(before).values()) {
    const stage = stageOf(cell.stage);
    const segment = segmentOf(cell.segment);
    was.set(`${stage}\u0000${segment}`, { stage, segment, touchpoints: cell.touchpoints });
  }
  const now = coverageCells(after);
  const inBoth = (stage: string, segment: string) => {
    const beforeStages = new Set(before.stages.map((s) => stageOf(s.id)));
    const beforeSegments = new Set(before.segments.map((s) => (s.id === undefined ? undefined : segmentOf(s.id))));
    return beforeStages.has(stage) && after.stageById.has(stage) && beforeSegments.has(segment) && after.byId.segment.has(segment);
  };
  const out: CoverageChange[] = [];
  const stageOrder = (id: string) => after.stageById.get(id)?.order ?? before.stageById.get(id)?.order ?? 0;
  for (const [key, cell] of now) if (!was.has(key) && inBoth(cell.stage, cell.segment)) out.push({ ...cell, change: 'gained' });
  for (const [key, cell] of was) if (!now.has(key) && inBoth(cell.stage, cell.segment)) out.push({ ...cell, change: 'lost' });
  return out.sort((x, y) => stageOrder(x.stage) - stageOrder(y.stage) || x.segment.localeCompare(y.segment) || x.change.localeCompare(y.change));
}

function ownerLoads(model: PlaybookModel): Map<string, { name?: string; load: OwnerLoad }> {
  const out = new Map<string, { name?: string; load: OwnerLoad }>();
  const workloads = new Map(ownerWorkloads(model).map((w) => [w.owner, w]));
  for (const o of model.owners) {
    if (o.id === undefined || out.has(o.id)) continue;
    const accounts = accountsOf(model, o);
    const w = workloads.get(o);
    out.set(o.id, {
      name: o.name,
      load: {
        accounts,
        ...(o.capacity !== undefined ? { limit: o.capacity * o.headcount } : {}),
        ...(w?.costs.length ? { workload: round2(w.workload) } : {}),
        ...(w?.available !== undefined ? { available: round2(w.available) } : {}),
      },
    });
  }
  return out;
}

function ownerChanges(before: PlaybookModel, after: PlaybookModel, renames: Renames): OwnerLoadChange[] {
  const was = new Map<string, OwnerLoad>();
  for (const [id, { load }] of ownerLoads(before)) was.set(renames.get('owner')?.get(id) ?? id, load);
  const now = ownerLoads(after);
  const out: OwnerLoadChange[] = [];
  const counts = (l: OwnerLoad | undefined) => l !== undefined && (l.accounts > 0 || l.limit !== undefined || l.workload !== undefined || l.available !== undefined);
  for (const [owner, { name, load }] of now) {
    const old = was.get(owner);
    if (old && old.accounts === load.accounts && old.limit === load.limit && old.workload === load.workload && old.available === load.available) continue;
    if (!counts(old) && !counts(load)) continue;
    out.push({ owner, ...(name ? { name } : {}), ...(old ? { before: old } : {}), after: load });
  }
  for (const [owner, load] of was) if (!now.has(owner) && counts(load)) out.push({ owner, before: load });
  return out;
}

function kpiChanges(before: PlaybookModel, after: PlaybookModel, renames: Renames): KpiValueChange[] {
  const was = new Map<string, PlaybookModel['kpis'][number]>();
  for (const k of before.kpis) if (k.id !== undefined) was.set(renames.get('kpi')?.get(k.id) ?? k.id, k);
  const out: KpiValueChange[] = [];
  const seen = new Set<string>();
  for (const k of after.kpis) {
    if (k.id === undefined || seen.has(k.id)) continue;
    seen.add(k.id);
    const old = was.get(k.id);
    if (!old) continue;
    for (const field of ['target', 'baseline'] as const) {
      if (old[field] === k[field]) continue;
      out.push({ kpi: k.id, ...(k.name ? { name: k.name } : {}), ...(k.unit ?? old.unit ? { unit: k.unit ?? old.unit } : {}), field, ...(old[field] !== undefined ? { before: old[field] } : {}), ...(k[field] !== undefined ? { after: k[field] } : {}) });
    }
  }
  return out;
}

/** Numbers outside `code` spans: a finding's figures, which do not make it another finding. */
function withoutFigures(message: string): string {
  return message
    .split('`')
    .map((part, i) => (i % 2 ? part : part.replace(/\d+(\.\d+)?/g, '#')))
    .join('`');
}

/** The entry a finding sits in: `kind:id`, renames followed; '' outside every entry. */
function entryAt(analysis: Analysis, offset: number, renames: Renames | undefined): string {
  const model = analysis.model;
  if (!model) return '';
  for (const kind of KINDS) {
    const entries: Entry[] = kind === 'stage' ? model.stageEntries : (model[`${kind}s` as 'owners'] as Entry[]);
    for (const e of entries) {
      const loc = analysis.parsed.nodes.get(e.pointer);
      if (!loc || offset < loc.value[0] || offset >= loc.value[1]) continue;
      const id = e.id === undefined ? `#${e.index + 1}` : (renames?.get(kind)?.get(e.id) ?? e.id);
      return `${kind}:${id}`;
    }
  }
  return '';
}

/** A finding's subject: its rule, its entry, and the identifiers its rule records (or its message without figures). */
function subjectOf(analysis: Analysis, f: Finding, renames?: Renames): string {
  const entry = entryAt(analysis, f.offsets[0], renames);
  const idKeys = Object.entries(f.data ?? {})
    .filter(([k, v]) => k !== 'suggestion' && typeof v === 'string')
    .sort(([x], [y]) => x.localeCompare(y))
    .map(([k, v]) => {
      const kind = (k === 'owner' || k === 'segment' || k === 'stage' || k === 'kpi' || k === 'touchpoint' ? k : undefined) as Kind | undefined;
      return `${k}=${kind ? (renames?.get(kind)?.get(v as string) ?? v) : v}`;
    });
  let detail = idKeys.join(',');
  if (!detail) {
    let message = f.message;
    if (renames) for (const map of renames.values()) for (const [from, to] of map) message = message.split(`\`${from}\``).join(`\`${to}\``);
    detail = withoutFigures(message);
  }
  return `${f.ruleId} ${entry} ${detail}`;
}

function findingChange(f: Finding, subject: string): FindingChange {
  return { ruleId: f.ruleId, severity: f.severity, message: f.message, line: f.range.start.line + 1, column: f.range.start.character + 1, subject };
}

function findingChanges(before: Analysis | undefined, after: Analysis | undefined, renames: Renames): PlaybookDiff['findings'] {
  const was = new Map<string, Finding[]>();
  for (const f of before?.findings ?? []) {
    const s = subjectOf(before!, f, renames);
    was.set(s, [...(was.get(s) ?? []), f]);
  }
  const introduced: FindingChange[] = [];
  let unchanged = 0;
  for (const f of after?.findings ?? []) {
    const s = subjectOf(after!, f);
    const same = was.get(s);
    if (same?.length) {
      same.shift();
      unchanged++;
    } else introduced.push(findingChange(f, s));
  }
  const resolved: FindingChange[] = [];
  for (const [s, left] of was) for (const f of left) resolved.push(findingChange(f, s));
  resolved.sort((x, y) => x.line - y.line || x.column - y.column);
  return { introduced, resolved, unchanged };
}

const TOP_LEVEL_LISTS = new Set(Object.values(LIST_KEY));

/**
 * The changes from one version of a playbook to another. `before` undefined: the file was added
 * (everything in it is new); `after` undefined: it was deleted.
 */
export function diffPlaybooks(before: Analysis | undefined, after: Analysis | undefined): PlaybookDiff {
  const renames: Renames = new Map();
  const empty: PlaybookModel | undefined = undefined;
  const b = before ? before.model : empty;
  const a = after ? after.model : empty;
  const comparable = (before === undefined || b !== undefined) && (after === undefined || a !== undefined);
  const diff: PlaybookDiff = { comparable, playbook: [], entries: [], coverage: [], owners: [], kpis: [], findings: { introduced: [], resolved: [], unchanged: 0 } };
  if (comparable && (b || a)) {
    const none = { root: {} } as PlaybookModel;
    const bm = b ?? { ...(a as PlaybookModel), ...none, stageEntries: [], stages: [], owners: [], segments: [], triggers: [], touchpoints: [], kpis: [], stageById: new Map(), byId: { owner: new Map(), segment: new Map(), trigger: new Map(), touchpoint: new Map(), kpi: new Map() } };
    const am = a ?? { ...(b as PlaybookModel), ...none, stageEntries: [], stages: [], owners: [], segments: [], triggers: [], touchpoints: [], kpis: [], stageById: new Map(), byId: { owner: new Map(), segment: new Map(), trigger: new Map(), touchpoint: new Map(), kpi: new Map() } };
    const top = (m: PlaybookModel) => Object.fromEntries(Object.entries(m.root ?? {}).filter(([k]) => !TOP_LEVEL_LISTS.has(k)));
    diff.playbook = fieldChanges(top(bm), top(am));
    for (const kind of RENAME_ORDER) diff.entries.push(...diffKind(kind, itemsOf(bm, kind), itemsOf(am, kind), renames));
    diff.entries.sort((x, y) => KINDS.indexOf(x.kind) - KINDS.indexOf(y.kind));
    diff.coverage = coverageChanges(bm, am, renames);
    diff.owners = ownerChanges(bm, am, renames);
    diff.kpis = kpiChanges(bm, am, renames);
  }
  diff.findings = findingChanges(before, after, renames);
  return diff;
}

/** Whether a diff has nothing to report. */
export function isEmptyDiff(d: PlaybookDiff): boolean {
  return d.playbook.length + d.entries.length + d.coverage.length + d.owners.length + d.kpis.length + d.findings.introduced.length + d.findings.resolved.length === 0;
}
