/**
 * The playbook model: every well-formed field of every entry, with the JSON
 * pointer it came from. Rules, completion, navigation and the journey model
 * read this, never the raw YAML. A field that is malformed is left out; the
 * rest of its entry still takes part (FORMAT.md, "Findings").
 */
import { FrameworkInfo, getFramework } from './frameworks';
import type { SeveritySetting } from './types';

export type Kind = 'stage' | 'owner' | 'segment' | 'trigger' | 'touchpoint' | 'kpi';
export type Engagement = 'high-touch' | 'low-touch' | 'no-touch' | 'hybrid';
export type OwnerType = 'human' | 'team' | 'automation';

/** The top-level key of each kind's list. */
export const LIST_KEY: Record<Kind, string> = {
  stage: 'stages',
  owner: 'owners',
  segment: 'segments',
  trigger: 'triggers',
  touchpoint: 'touchpoints',
  kpi: 'kpis',
};

export const KINDS: readonly Kind[] = ['stage', 'owner', 'segment', 'trigger', 'touchpoint', 'kpi'];
export const ENGAGEMENTS: readonly Engagement[] = ['high-touch', 'low-touch', 'no-touch', 'hybrid'];
export const OWNER_TYPES: readonly OwnerType[] = ['human', 'team', 'automation'];

export interface BaseEntry {
  kind: Kind;
  index: number;
  /** Pointer of the entry itself, e.g. `/touchpoints/3`. */
  pointer: string;
  id?: string;
  name?: string;
  description?: string;
}

export interface StageEntry extends BaseEntry {
  kind: 'stage';
  goal?: string;
  exitCriteria?: string;
  /** A `stages` entry that is not a stage of the named built-in framework: ignored by every rule. */
  notInFramework: boolean;
}

export interface OwnerEntry extends BaseEntry {
  kind: 'owner';
  type?: OwnerType;
  capacity?: number;
  headcount: number;
  contact?: string;
  /** Hours one person in this role gives to this playbook's touchpoints each week (v1.1). */
  hoursPerWeek?: number;
}

export interface SegmentEntry extends BaseEntry {
  kind: 'segment';
  criteria?: string;
  /** Own engagement, else the top-level one. */
  engagement?: Engagement;
  owner?: string;
  size?: number;
  /** Accounts that join the segment each month (v1.1; default 0). */
  newPerMonth?: number;
  /** The most recurring touches an account should get in a month (v1.1). */
  maxTouchesPerMonth?: number;
}

export interface TriggerEntry extends BaseEntry {
  kind: 'trigger';
  type?: string;
  /** The type-specific fields that are present (event, every, after, metric, below, above, field, offset). */
  fields: Record<string, string | number>;
  reentry?: string;
}

export interface IdRef {
  id: string;
  readonly pointer: string;
}

export interface TouchpointEntry extends BaseEntry {
  kind: 'touchpoint';
  stage?: string;
  /** Named segments; undefined when the touchpoint reaches every segment. */
  segments?: IdRef[];
  channel?: string;
  owner?: string;
  trigger?: string;
  within?: string;
  kpis: IdRef[];
  escalatesTo?: string;
  emotion?: number;
  /** Person-time per account each time, as written (`45min`, `2h`; v1.1). */
  effort?: string;
  /** How often one account goes through it: a duration or `once` (v1.1). */
  cadence?: string;
}

export interface KpiEntry extends BaseEntry {
  kind: 'kpi';
  metric?: string;
  unit?: string;
  direction?: 'increase' | 'decrease';
  target?: number;
  /** A `target` key with a value, even a malformed one (then the schema reports it, not kpi-without-target). */
  hasTarget: boolean;
  baseline?: number;
  stage?: string;
  owner?: string;
}

export type Entry = StageEntry | OwnerEntry | SegmentEntry | TriggerEntry | TouchpointEntry | KpiEntry;

/** A lifecycle stage as the playbook uses it: built in, refined, or custom. */
export interface EffectiveStage {
  id: string;
  /** Position in the lifecycle, 0-based. */
  order: number;
  builtIn: boolean;
  /** The first `stages` entry with this id, when there is one. */
  entry?: StageEntry;
}

/** One place where the playbook names an id. */
export interface Reference {
  /** The kind of thing named. */
  target: Kind;
  id: string;
  /** Pointer of the reference value. */
  readonly pointer: string;
  /** The entry holding the reference. */
  from: Entry;
  /** The key it sits under (`stage`, `segments`, `owner`, ...). */
  field: string;
}

export interface PlaybookModel {
  root: Record<string, unknown> | undefined;
  playbookId?: string;
  title?: string;
  description?: string;
  version?: number;
  /** The built-in framework named by `framework` (including `custom`). */
  framework?: FrameworkInfo;
  engagement?: Engagement;
  stageEntries: StageEntry[];
  /** Stages in lifecycle order, one per id. */
  stages: EffectiveStage[];
  owners: OwnerEntry[];
  segments: SegmentEntry[];
  triggers: TriggerEntry[];
  touchpoints: TouchpointEntry[];
  kpis: KpiEntry[];
  /** False when a kind's list is malformed or missing, so references to it cannot be checked. */
  resolvable: Record<Kind, boolean>;
  references: Reference[];
  /** Id -> first entry with that id, per kind (stages: the effective stage). */
  stageById: Map<string, EffectiveStage>;
  byId: { [K in Exclude<Kind, 'stage'>]: ReadonlyMap<string, Extract<Entry, { kind: K }>> };
  /** Severity overrides from the playbook's own `rules:` (well-formed entries only). */
  rules: Record<string, SeveritySetting>;
  /** Results derived from this model, computed when first asked for (see `Derived`). */
  derived: Derived;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function str(o: Record<string, unknown>, key: string): string | undefined {
  const v = o[key];
  return typeof v === 'string' ? v : undefined;
}

function num(o: Record<string, unknown>, key: string): number | undefined {
  const v = o[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** A number above 0; anything else is malformed. */
function positive(o: Record<string, unknown>, key: string): number | undefined {
  const v = num(o, key);
  return v !== undefined && v > 0 ? v : undefined;
}

/** `effort`: an integer and `min` or `h`. */
export const EFFORT = /^[0-9]+(min|h)$/;
/** `cadence`: a duration or `once`. */
export const CADENCE = /^([0-9]+(h|d|w|mo|q|y)|once)$/;

/** A whole number at or above `min`, as the schema requires for counts; anything else is malformed. */
function count(o: Record<string, unknown>, key: string, min: number): number | undefined {
  const v = o[key];
  return typeof v === 'number' && Number.isInteger(v) && v >= min ? v : undefined;
}

function oneOf<T extends string>(v: unknown, allowed: readonly T[]): T | undefined {
  return typeof v === 'string' && (allowed as readonly string[]).includes(v) ? (v as T) : undefined;
}

/** A list of ids; a lone id where a list belongs is read as a list of one (the schema still reports it). */
/** An id in a list field; its pointer is built only when asked for (most never are). */
class ListIdRef implements IdRef {
  constructor(
    readonly id: string,
    private readonly entryPointer: string,
    private readonly key: string,
    private readonly position: number,
  ) {}

  get pointer(): string {
    return this.position < 0 ? `${this.entryPointer}/${this.key}` : `${this.entryPointer}/${this.key}/${this.position}`;
  }
}

function idList(o: Record<string, unknown>, key: string, pointer: string): IdRef[] | undefined {
  const v = o[key];
  if (typeof v === 'string') return [new ListIdRef(v, pointer, key, -1)];
  if (!Array.isArray(v)) return undefined;
  // Sized up front: a first push would give each short list room for 17.
  const out: IdRef[] = new Array(v.length);
  let n = 0;
  for (let i = 0; i < v.length; i++) if (typeof v[i] === 'string') out[n++] = new ListIdRef(v[i] as string, pointer, key, i);
  out.length = n;
  return out;
}

/** `emotion` within its -2..+2 scale; outside it the value is malformed. */
function emotion(o: Record<string, unknown>): number | undefined {
  const v = num(o, 'emotion');
  return v !== undefined && v >= -2 && v <= 2 ? v : undefined;
}

const TRIGGER_FIELDS = ['event', 'every', 'after', 'metric', 'below', 'above', 'field', 'offset'];
const SEVERITY_SETTINGS = ['error', 'warning', 'info', 'off'];

/**
 * Builds the model of a parsed playbook value. Never throws. With `prev` (the model of the text
 * before an edit, whose incremental parse shares the items the edit left alone), the entry of an
 * item that is the same object at the same place is taken from `prev`, with its references.
 */
export function buildModel(value: unknown, prev?: PlaybookModel): PlaybookModel {
  const root = isRecord(value) ? value : undefined;
  const r = root ?? {};
  const model: PlaybookModel = {
    root,
    playbookId: str(r, 'playbook'),
    title: str(r, 'title'),
    description: str(r, 'description'),
    version: count(r, 'version', 1),
    framework: getFramework(r.framework),
    engagement: oneOf(r.engagement, ENGAGEMENTS),
    stageEntries: [],
    stages: [],
    owners: [],
    segments: [],
    triggers: [],
    touchpoints: [],
    kpis: [],
    resolvable: { stage: false, owner: false, segment: false, trigger: false, touchpoint: false, kpi: false },
    references: [],
    stageById: new Map(),
    byId: { owner: new Map(), segment: new Map(), trigger: new Map(), touchpoint: new Map(), kpi: new Map() },
    rules: {},
    derived: {},
  };

  const builtIn = model.framework && model.framework.id !== 'custom' ? model.framework : undefined;
  const before = prev?.root;
  /** The entries of list `key`; `reusable`: the context an entry depends on (framework, engagement) is `prev`'s. */
  const each = <E extends Entry>(key: string, context: string, reusable: boolean, make: Maker<E>, into: E[]) => {
    const list = r[key];
    if (!Array.isArray(list)) return;
    const old = reusable && before ? before[key] : undefined;
    const oldEntries = Array.isArray(old) ? (entriesOf(prev!, KIND_OF_LIST[key]) as E[]) : undefined;
    let at = 0; // in oldEntries, which are in index order
    for (let index = 0; index < list.length; index++) {
      const o = list[index];
      if (!isRecord(o)) continue;
      let entry: E | undefined;
      if (oldEntries && (old as unknown[])[index] === o) {
        while (at < oldEntries.length && oldEntries[at].index < index) at++;
        if (at < oldEntries.length && oldEntries[at].index === index) entry = oldEntries[at];
      }
      into.push(entry ?? make(o, index, `/${key}/${index}`, context));
    }
  };

  each('stages', builtIn?.id ?? '', prev?.framework === model.framework, makeStage, model.stageEntries);
  if (builtIn) {
    builtIn.stages.forEach((id, order) => {
      model.stages.push({ id, order, builtIn: true, entry: model.stageEntries.find((s) => s.id === id) });
    });
    model.resolvable.stage = true;
  } else if (Array.isArray(r.stages)) {
    for (const e of model.stageEntries) {
      if (e.id === undefined || model.stageById.has(e.id)) continue;
      const stage: EffectiveStage = { id: e.id, order: model.stages.length, builtIn: false, entry: e };
      model.stages.push(stage);
      model.stageById.set(e.id, stage);
    }
    model.resolvable.stage = true;
  }
  for (const s of model.stages) model.stageById.set(s.id, s);
  each('owners', '', true, makeOwner, model.owners);
  each('segments', model.engagement ?? '', prev?.engagement === model.engagement, makeSegment, model.segments);
  each('triggers', '', true, makeTrigger, model.triggers);
  each('touchpoints', '', true, makeTouchpoint, model.touchpoints);
  each('kpis', '', true, makeKpi, model.kpis);

  // Required lists that are missing make their references uncheckable (the schema reports the list).
  model.resolvable.owner = Array.isArray(r.owners);
  model.resolvable.segment = Array.isArray(r.segments);
  model.resolvable.touchpoint = Array.isArray(r.touchpoints);
  model.resolvable.trigger = Array.isArray(r.triggers) || r.triggers === undefined;
  model.resolvable.kpi = Array.isArray(r.kpis) || r.kpis === undefined;

  const lists = [model.owners, model.segments, model.triggers, model.touchpoints, model.kpis] as Entry[][];
  for (let k = 0; k < lists.length; k++) {
    const list = lists[k];
    if (!list.length) continue;
    const map = model.byId[list[0].kind as Exclude<Kind, 'stage'>] as Map<string, Entry>;
    for (let i = 0; i < list.length; i++) {
      const e = list[i];
      if (e.id !== undefined && !map.has(e.id)) map.set(e.id, e);
    }
  }

  collectReferences(model, prev);

  if (isRecord(r.rules)) {
    for (const [k, v] of Object.entries(r.rules)) if (typeof v === 'string' && SEVERITY_SETTINGS.includes(v)) model.rules[k] = v as SeveritySetting;
  }
  return model;
}

/** Makes the entry of a list item: it depends only on the item, its place and `context` (the framework, the engagement). */
type Maker<E extends Entry> = (o: Record<string, unknown>, index: number, pointer: string, context: string) => E;

function makeStage(o: Record<string, unknown>, index: number, pointer: string, framework: string): StageEntry {
  const id = str(o, 'id');
  const fw = getFramework(framework);
  return {
    kind: 'stage', index, pointer, id, name: str(o, 'name'), description: str(o, 'description'),
    goal: str(o, 'goal'), exitCriteria: str(o, 'exitCriteria'),
    notInFramework: Boolean(fw && fw.id !== 'custom' && id !== undefined && !fw.stages.includes(id)),
  };
}

function makeOwner(o: Record<string, unknown>, index: number, pointer: string): OwnerEntry {
  return {
    kind: 'owner', index, pointer, id: str(o, 'id'), name: str(o, 'name'), description: str(o, 'description'),
    type: oneOf(o.type, OWNER_TYPES), capacity: count(o, 'capacity', 0), headcount: count(o, 'headcount', 1) ?? 1, contact: str(o, 'contact'),
    hoursPerWeek: positive(o, 'hoursPerWeek'),
  };
}

function makeSegment(o: Record<string, unknown>, index: number, pointer: string, topEngagement: string): SegmentEntry {
  return {
    kind: 'segment', index, pointer, id: str(o, 'id'), name: str(o, 'name'), description: str(o, 'description'),
    criteria: str(o, 'criteria'),
    engagement: oneOf(o.engagement, ENGAGEMENTS) ?? (o.engagement === undefined ? oneOf(topEngagement, ENGAGEMENTS) : undefined),
    owner: str(o, 'owner'), size: count(o, 'size', 0),
    newPerMonth: count(o, 'newPerMonth', 0), maxTouchesPerMonth: positive(o, 'maxTouchesPerMonth'),
  };
}

function makeTrigger(o: Record<string, unknown>, index: number, pointer: string): TriggerEntry {
  const fields: Record<string, string | number> = {};
  for (const f of TRIGGER_FIELDS) {
    const v = o[f];
    if (typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) fields[f] = v;
  }
  return { kind: 'trigger', index, pointer, id: str(o, 'id'), name: str(o, 'name'), description: str(o, 'description'), type: str(o, 'type'), fields, reentry: str(o, 'reentry') };
}

function makeTouchpoint(o: Record<string, unknown>, index: number, pointer: string): TouchpointEntry {
  // Named reads (not `str(o, key)`): every touchpoint of a large playbook passes here on its first
  // analysis, before the engine has optimised anything, where a read by a variable key is slow.
  const { id, name, description, stage, segments, channel, owner, trigger, within, kpis, escalatesTo, effort, cadence } = o;
  return {
    kind: 'touchpoint', index, pointer,
    id: typeof id === 'string' ? id : undefined,
    name: typeof name === 'string' ? name : undefined,
    description: typeof description === 'string' ? description : undefined,
    stage: typeof stage === 'string' ? stage : undefined,
    segments: segments === undefined ? undefined : idList(o, 'segments', pointer) ?? undefined,
    channel: typeof channel === 'string' ? channel : undefined,
    owner: typeof owner === 'string' ? owner : undefined,
    trigger: typeof trigger === 'string' ? trigger : undefined,
    within: typeof within === 'string' ? within : undefined,
    kpis: kpis === undefined ? [] : idList(o, 'kpis', pointer) ?? [],
    escalatesTo: typeof escalatesTo === 'string' ? escalatesTo : undefined,
    emotion: emotion(o),
    // `effort` and `cadence` of the shape the schema requires; anything else is malformed.
    effort: typeof effort === 'string' && EFFORT.test(effort) ? effort : undefined,
    cadence: typeof cadence === 'string' && CADENCE.test(cadence) ? cadence : undefined,
  };
}

function makeKpi(o: Record<string, unknown>, index: number, pointer: string): KpiEntry {
  return {
    kind: 'kpi', index, pointer, id: str(o, 'id'), name: str(o, 'name'), description: str(o, 'description'),
    metric: str(o, 'metric'), unit: str(o, 'unit'), direction: oneOf(o.direction, DIRECTIONS),
    target: num(o, 'target'), hasTarget: o.target !== undefined && o.target !== null, baseline: num(o, 'baseline'),
    stage: str(o, 'stage'), owner: str(o, 'owner'),
  };
}

const DIRECTIONS = ['increase', 'decrease'] as const;

/** A reference whose pointer is built only when asked for. */
class FieldReference implements Reference {
  constructor(
    readonly target: Kind,
    readonly id: string,
    readonly from: Entry,
    readonly field: string,
    private readonly item: IdRef | undefined,
  ) {}

  get pointer(): string {
    return this.item ? this.item.pointer : `${this.from.pointer}/${this.field}`;
  }
}

/** The references an entry makes, in `model.references` order (made anew: `model.references` holds each entry's own). */
export function referencesOf(e: Entry): Reference[] {
  return pushReferences(e, []);
}

/** Appends the references entry `e` makes to `refs` (the model's own list on a first build: no array per entry). */
function pushReferences(e: Entry, refs: Reference[]): Reference[] {
  // Written out (no helper closure, no iterators): every entry of a large playbook passes here on its first analysis.
  if (e.kind === 'segment') {
    if (e.owner !== undefined) refs.push(new FieldReference('owner', e.owner, e, 'owner', undefined));
  } else if (e.kind === 'touchpoint') {
    if (e.stage !== undefined) refs.push(new FieldReference('stage', e.stage, e, 'stage', undefined));
    const segments = e.segments;
    if (segments) for (let i = 0; i < segments.length; i++) refs.push(new FieldReference('segment', segments[i].id, e, 'segments', segments[i]));
    if (e.owner !== undefined) refs.push(new FieldReference('owner', e.owner, e, 'owner', undefined));
    if (e.trigger !== undefined) refs.push(new FieldReference('trigger', e.trigger, e, 'trigger', undefined));
    const kpis = e.kpis;
    for (let i = 0; i < kpis.length; i++) refs.push(new FieldReference('kpi', kpis[i].id, e, 'kpis', kpis[i]));
    if (e.escalatesTo !== undefined) refs.push(new FieldReference('touchpoint', e.escalatesTo, e, 'escalatesTo', undefined));
  } else if (e.kind === 'kpi') {
    if (e.stage !== undefined) refs.push(new FieldReference('stage', e.stage, e, 'stage', undefined));
    if (e.owner !== undefined) refs.push(new FieldReference('owner', e.owner, e, 'owner', undefined));
  }
  return refs;
}

/** The kinds whose entries make references, in the order `model.references` lists them (segments' owners, touchpoints, KPIs). */
const REFERENCE_KINDS: readonly Kind[] = ['segment', 'touchpoint', 'kpi'];

/** Fills `model.references`; an entry taken from `prev` brings the references it has there. */
function collectReferences(model: PlaybookModel, prev: PlaybookModel | undefined): void {
  const out = model.references;
  for (let k = 0; k < REFERENCE_KINDS.length; k++) {
    const entries = entriesOf(model, REFERENCE_KINDS[k]);
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      // No tuple without `prev` (the first analysis of a file, which runs before anything is optimised).
      if (prev) {
        const [at, count] = referenceSlot(prev, e);
        if (count) {
          for (let j = at; j < at + count; j++) out.push(prev.references[j]);
          continue;
        }
      }
      pushReferences(e, out);
    }
  }
}

/** Fields every entry has by its place in the file; an edit inside one entry never changes them. */
export const PLACE_FIELDS: ReadonlySet<string> = new Set(['kind', 'index', 'pointer']);

/** The fields (as `kind.field`) in which two entries made from the same list item differ. */
export function changedFields(before: Entry, after: Entry): Set<string> {
  const out = new Set<string>();
  const b = before as unknown as Record<string, unknown>;
  const a = after as unknown as Record<string, unknown>;
  for (const k of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (PLACE_FIELDS.has(k)) continue;
    const x = b[k];
    const y = a[k];
    if (x !== y && (typeof x !== 'object' || typeof y !== 'object' || JSON.stringify(x) !== JSON.stringify(y))) out.add(`${after.kind}.${k}`);
  }
  return out;
}

/**
 * A read-only map equal to `base` with the values of some of its keys replaced: the id
 * table after an edit, without copying thousands of ids. Keys and their order are `base`'s.
 */
class PatchedMap<K, V> implements ReadonlyMap<K, V> {
  constructor(
    readonly base: ReadonlyMap<K, V>,
    readonly patch: ReadonlyMap<K, V>,
  ) {}

  get size(): number {
    return this.base.size;
  }

  get(key: K): V | undefined {
    return this.patch.has(key) ? this.patch.get(key) : this.base.get(key);
  }

  has(key: K): boolean {
    return this.base.has(key);
  }

  *entries(): MapIterator<[K, V]> {
    for (const [k, v] of this.base) yield [k, this.patch.has(k) ? (this.patch.get(k) as V) : v];
  }

  keys(): MapIterator<K> {
    return this.base.keys();
  }

  *values(): MapIterator<V> {
    for (const [, v] of this.entries()) yield v;
  }

  forEach(callback: (value: V, key: K, map: ReadonlyMap<K, V>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) callback.call(thisArg, v, k, this);
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }
}

/** `map` with the value of an existing key replaced; patches pile up to 64 keys before a plain copy is made. */
function withValue<K, V>(map: ReadonlyMap<K, V>, key: K, value: V): ReadonlyMap<K, V> {
  if (!(map instanceof PatchedMap)) return new PatchedMap(map, new Map([[key, value]]));
  const patched = map as PatchedMap<K, V>;
  if (patched.patch.size < 64) return new PatchedMap(patched.base, new Map(patched.patch).set(key, value));
  return new Map(patched).set(key, value);
}

/** The list key -> kind. */
export const KIND_OF_LIST: Record<string, Kind> = Object.fromEntries(KINDS.map((k) => [LIST_KEY[k], k]));

const MAKERS: { [K in Kind]: Maker<Extract<Entry, { kind: K }>> } = {
  stage: makeStage,
  owner: makeOwner,
  segment: makeSegment,
  trigger: makeTrigger,
  touchpoint: makeTouchpoint,
  kpi: makeKpi,
};

/** The entry made from item `index` of a kind's list, if that item is a mapping (binary search: entries are in index order). */
export function entryAtIndex(model: PlaybookModel, kind: Kind, index: number): Entry | undefined {
  const entries = entriesOf(model, kind);
  const at = positionOfIndex(entries, index);
  return at < 0 ? undefined : entries[at];
}

/** Where the entry made from list item `index` sits in `entries` (-1: none, the item is not a mapping). */
function positionOfIndex(entries: readonly Entry[], index: number): number {
  let lo = 0;
  let hi = entries.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const i = entries[mid].index;
    if (i === index) return mid;
    if (i < index) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * Where the references entry `e` makes sit in `model.references`: [start, count]; count 0 when
 * `e` (this very entry) has none there, start then where they would go. References are ordered
 * by list, then entry: a binary search for the first of `e`'s place.
 */
function referenceSlot(model: PlaybookModel, e: Entry): [number, number] {
  const rank = REFERENCE_KINDS.indexOf(e.kind);
  if (rank < 0) return [-1, 0];
  const refs = model.references;
  let lo = 0;
  let hi = refs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const from = refs[mid].from;
    const r = REFERENCE_KINDS.indexOf(from.kind);
    if (r < rank || (r === rank && from.index < e.index)) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  while (end < refs.length && refs[end].from === e) end++;
  return [lo, end - lo];
}

/**
 * The model of `value`, made from `prev` (the model of the value before an edit) when
 * only item `index` of top-level list `list` changed, it is a mapping before and after,
 * and its id is the same: the entry and its references are replaced, nothing else is
 * rebuilt. Undefined when that does not apply (then build the model in full).
 */
export function modelWithEntryReplaced(prev: PlaybookModel, value: unknown, list: string, index: number): PlaybookModel | undefined {
  const kind = KIND_OF_LIST[list];
  // Stages feed the effective lifecycle; their lists are short: rebuild.
  if (!kind || kind === 'stage' || !prev.root || !isRecord(value)) return undefined;
  const before = prev.root;
  const keys = Object.keys(value);
  if (keys.length !== Object.keys(before).length) return undefined;
  for (const k of keys) if (k !== list && value[k] !== before[k]) return undefined;
  const oldItems = before[list];
  const newItems = value[list];
  if (!Array.isArray(oldItems) || !Array.isArray(newItems) || oldItems.length !== newItems.length) return undefined;
  const item = newItems[index];
  const oldEntry = entryAtIndex(prev, kind, index);
  if (!oldEntry || !isRecord(item)) return undefined;
  const newEntry = (MAKERS[kind] as Maker<Entry>)(item, index, `/${list}/${index}`, kind === 'segment' ? (prev.engagement ?? '') : '');
  if (oldEntry.id !== newEntry.id) return undefined;

  const model: PlaybookModel = { ...prev, root: value, derived: {} };
  const reached = prev.derived.reached;
  if (kind !== 'segment' && reached) {
    reached.delete(oldEntry as TouchpointEntry);
    model.derived.reached = reached;
  }
  const entries = (entriesOf(prev, kind) as Entry[]).slice();
  entries[positionOfIndex(entries, index)] = newEntry;
  (model as unknown as Record<string, Entry[]>)[list] = entries;
  const table = prev.byId[kind as Exclude<Kind, 'stage'>] as ReadonlyMap<string, Entry>;
  if (newEntry.id !== undefined && table.get(newEntry.id) === oldEntry) model.byId = { ...prev.byId, [kind]: withValue(table, newEntry.id, newEntry) };
  const newRefs = referencesOf(newEntry);
  const [at, count] = referenceSlot(prev, oldEntry);
  if (count || newRefs.length) {
    model.references = prev.references.slice();
    model.references.splice(at, count, ...newRefs);
  }
  return model;
}

/** The entry a reference resolves to (the first with that id), if any. */
export function resolveReference(model: PlaybookModel, target: Kind, id: string): Entry | EffectiveStage | undefined {
  if (target === 'stage') return model.stageById.get(id);
  return model.byId[target].get(id);
}

/**
 * Results derived from one model, kept on the model itself rather than in weak maps keyed by
 * it: a weak map's values outlive a short-lived key in the young generation (the scavenger
 * keeps them, then promotes them), and the CLI makes a model per file, so such caches filled
 * the old generation and made every scavenge slow (a third of the CLI's garbage-collection
 * time). A model made from another (`modelWithEntryReplaced`) starts with an empty one.
 */
export interface Derived {
  /**
   * The segments each touchpoint entry reaches. A model made by an edit of anything but a
   * segment shares its predecessor's (the segment table is the same; the edited entry's is dropped).
   */
  reached?: Map<TouchpointEntry, SegmentEntry[]>;
  /** The touchpoints each owner entry owns (workload.ts). */
  owned?: Map<OwnerEntry, TouchpointEntry[]>;
}

/** The segments an owner is accountable for: those whose `owner` resolves to it (the first entry with that id). */
export function accountableSegments(model: PlaybookModel, owner: OwnerEntry): SegmentEntry[] {
  return model.segments.filter((s) => s.owner !== undefined && model.byId.owner.get(s.owner) === owner);
}

/** The accounts an owner is accountable for: the summed `size` of its segments (a segment without size counts 0). */
export function accountsOf(model: PlaybookModel, owner: OwnerEntry): number {
  return accountableSegments(model, owner).reduce((n, s) => n + (s.size ?? 0), 0);
}

/**
 * The segments a touchpoint reaches: named ones that exist (first entry per id), or every
 * segment. Kept on the model (`derived.reached`).
 */
export function reachedSegments(model: PlaybookModel, t: TouchpointEntry): SegmentEntry[] {
  const refs = t.segments;
  if (refs === undefined) return model.segments;
  const reached = (model.derived.reached ??= new Map());
  const known = reached.get(t);
  if (known) return known;
  const table = model.byId.segment;
  const out: SegmentEntry[] = [];
  for (let i = 0; i < refs.length; i++) {
    const s = table.get(refs[i].id);
    if (s && !out.includes(s)) out.push(s);
  }
  reached.set(t, out);
  return out;
}

/** All entries of a kind, in file order. */
export function entriesOf(model: PlaybookModel, kind: Kind): Entry[] {
  switch (kind) {
    case 'stage':
      return model.stageEntries;
    case 'owner':
      return model.owners;
    case 'segment':
      return model.segments;
    case 'trigger':
      return model.triggers;
    case 'touchpoint':
      return model.touchpoints;
    case 'kpi':
      return model.kpis;
  }
}
