/**
 * The position index: JSON pointer -> source range of each key and value.
 * Nodes inside a top-level list entry (`/touchpoints/12/...`) are stored relative
 * to their entry, so an edit inside one entry re-indexes that entry only and
 * shifts the others by moving their base offsets.
 */
/** Escapes one JSON pointer segment. */
export function pointerSegment(key: string | number): string {
  const s = String(key);
  return s.includes('~') || s.includes('/') ? s.replace(/~/g, '~0').replace(/\//g, '~1') : s;
}

export type NodeKind = 'map' | 'seq' | 'scalar' | 'alias';

/** Where a JSON pointer sits in the source. */
export interface NodeLocation {
  /** The value's range (for a key with no value: an empty range right after the key). */
  value: [number, number];
  /** The key's range when the value sits under a mapping key. */
  key?: [number, number];
  /** What the value is; null for a key with no value. */
  kind: NodeKind | null;
  /** Number of items of a map or list. */
  count?: number;
}

/** The entries of one top-level list: each entry's base offset and its locations relative to it. */
export interface ListEntries {
  bases: number[];
  locs: (Map<string, NodeLocation> | undefined)[];
  /**
   * Builds an entry's locations (relative to its base) on first use: the fast parser leaves
   * them until something asks, as most entries of a large playbook are never looked at.
   */
  load?: (index: number) => Map<string, NodeLocation>;
}

/** The top-level lists whose entries get a segment of their own. */
export const ENTRY_LISTS = new Set(['stages', 'owners', 'segments', 'triggers', 'touchpoints', 'kpis']);

/** `/touchpoints/12/stage` -> [`/touchpoints/12`, `/stage`]; undefined outside list entries. */
export function splitEntryPointer(pointer: string): [string, string] | undefined {
  const second = pointer.indexOf('/', 1);
  if (second < 0 || !ENTRY_LISTS.has(pointer.slice(1, second))) return undefined;
  let end = second + 1;
  while (end < pointer.length && pointer.charCodeAt(end) >= 48 && pointer.charCodeAt(end) <= 57) end++;
  if (end === second + 1 || (end < pointer.length && pointer[end] !== '/')) return undefined;
  return [pointer.slice(0, end), pointer.slice(end)];
}

function shifted(loc: NodeLocation, by: number): NodeLocation {
  if (by === 0) return loc;
  const out: NodeLocation = { value: [loc.value[0] + by, loc.value[1] + by], kind: loc.kind };
  if (loc.key) out.key = [loc.key[0] + by, loc.key[1] + by];
  if (loc.count !== undefined) out.count = loc.count;
  return out;
}

export class NodeIndex {
  private readonly root = new Map<string, NodeLocation>();
  private readonly lists = new Map<string, ListEntries>();

  /**
   * An index from parts already split the way it keeps them (the fast parser builds them
   * directly): locations outside list entries, and each entry's locations relative to its base.
   */
  static fromParts(root: Map<string, NodeLocation>, lists: Map<string, ListEntries>): NodeIndex {
    const out = new NodeIndex();
    for (const [p, loc] of root) out.root.set(p, loc);
    for (const [k, list] of lists) out.lists.set(k, list);
    return out;
  }

  /** Records a location (absolute offsets). The first record of a pointer wins. */
  set(pointer: string, loc: NodeLocation): void {
    const split = splitEntryPointer(pointer);
    if (!split) {
      if (!this.root.has(pointer)) this.root.set(pointer, loc);
      return;
    }
    const second = split[0].indexOf('/', 1);
    const listKey = split[0].slice(1, second);
    const index = Number(split[0].slice(second + 1));
    let list = this.lists.get(listKey);
    if (!list) {
      list = { bases: [], locs: [] };
      this.lists.set(listKey, list);
    }
    let locs = list.locs[index];
    if (!locs) {
      locs = new Map();
      list.locs[index] = locs;
      list.bases[index] = loc.value[0];
    }
    if (!locs.has(split[1])) locs.set(split[1], shifted(loc, -list.bases[index]));
  }

  get(pointer: string): NodeLocation | undefined {
    const split = splitEntryPointer(pointer);
    if (!split) return this.root.get(pointer);
    const seg = this.segment(split[0]);
    const rel = seg?.locs.get(split[1]);
    return rel && seg ? shifted(rel, seg.base) : undefined;
  }

  has(pointer: string): boolean {
    return this.get(pointer) !== undefined;
  }

  /** Every pointer and location (absolute), root first. */
  *entries(): IterableIterator<[string, NodeLocation]> {
    yield* this.root.entries();
    for (const [key, list] of this.lists) {
      const count = Math.max(list.locs.length, list.bases.length);
      for (let i = 0; i < count; i++) {
        const locs = entryLocs(list, i);
        if (!locs) continue;
        const prefix = `/${key}/${i}`;
        for (const [suffix, loc] of locs) yield [prefix + suffix, shifted(loc, list.bases[i])];
      }
    }
  }

  /**
   * The locations that can contain `offset`: those outside list entries, and those of the
   * entry starting last at or before it. Cheap (a binary search per list), unlike `entries()`.
   */
  *entriesAround(offset: number): IterableIterator<[string, NodeLocation]> {
    yield* this.root.entries();
    let best: { key: string; index: number; base: number } | undefined;
    for (const [key, list] of this.lists) {
      const i = lastAtOrBefore(list, offset);
      if (i >= 0 && (!best || list.bases[i] >= best.base)) best = { key, index: i, base: list.bases[i] };
    }
    if (!best) return;
    const prefix = `/${best.key}/${best.index}`;
    for (const [suffix, loc] of entryLocs(this.lists.get(best.key)!, best.index) ?? []) yield [prefix + suffix, shifted(loc, best.base)];
  }

  *values(): IterableIterator<NodeLocation> {
    for (const [, loc] of this.entries()) yield loc;
  }

  /**
   * A copy in which one entry is re-indexed from `fresh` (pointers relative to the entry) and
   * everything after `from` moves by `delta`. Entries are shared, not copied: only the base
   * offsets of each list are.
   */
  withEntryReplaced(entryPointer: string, fresh: Map<string, NodeLocation>, freshBase: number, from: number, delta: number): NodeIndex {
    const out = new NodeIndex();
    for (const [p, loc] of this.root) {
      if (loc.value[0] >= from) out.root.set(p, shifted(loc, delta));
      else if (loc.value[1] >= from) {
        // A node around the edit (the list, the root): its end moves.
        const grown: NodeLocation = { ...loc, value: [loc.value[0], loc.value[1] + delta] };
        out.root.set(p, grown);
      } else out.root.set(p, loc);
    }
    const [listPointer, rest] = splitEntryPointer(entryPointer) ?? ['', ''];
    if (rest !== '') throw new Error(`not an entry pointer: ${entryPointer}`);
    for (const [key, list] of this.lists) {
      const bases = list.bases.slice();
      if (delta !== 0) for (let i = 0; i < bases.length; i++) if (bases[i] >= from) bases[i] += delta;
      let locs = list.locs;
      if (listPointer.startsWith(`/${key}/`)) {
        const index = Number(listPointer.slice(key.length + 2));
        locs = locs.slice();
        locs[index] = fresh;
        bases[index] = freshBase;
      }
      out.lists.set(key, { bases, locs, load: list.load });
    }
    return out;
  }

  /** The segment (relative locations and base) of a top-level list entry. */
  segment(entryPointer: string): { base: number; locs: Map<string, NodeLocation> } | undefined {
    const second = entryPointer.indexOf('/', 1);
    const list = this.lists.get(entryPointer.slice(1, second));
    const index = Number(entryPointer.slice(second + 1));
    const locs = list && entryLocs(list, index);
    return locs && list ? { base: list.bases[index], locs } : undefined;
  }

  /** Where a top-level list entry starts (without building its locations), if it is indexed. */
  entryBase(entryPointer: string): number | undefined {
    const second = entryPointer.indexOf('/', 1);
    const list = this.lists.get(entryPointer.slice(1, second));
    const index = Number(entryPointer.slice(second + 1));
    if (!list || !(index >= 0) || !(list.locs[index] || (list.load && index < list.bases.length))) return undefined;
    return list.bases[index];
  }
}

/** An entry's locations, built on first use when the list has a loader. */
function entryLocs(list: ListEntries, index: number): Map<string, NodeLocation> | undefined {
  let locs = list.locs[index];
  if (!locs && list.load && index >= 0 && index < list.bases.length) {
    locs = list.load(index);
    list.locs[index] = locs;
  }
  return locs;
}

/** The index of the last entry of a list starting at or before `offset`, or -1. Entries are in file order. */
function lastAtOrBefore(list: ListEntries, offset: number): number {
  let lo = 0;
  let hi = list.bases.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const base = list.bases[mid];
    if (base === undefined) return linearLastAtOrBefore(list, offset);
    if (base <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function linearLastAtOrBefore(list: ListEntries, offset: number): number {
  let found = -1;
  for (let i = 0; i < list.bases.length; i++) if (list.bases[i] !== undefined && list.bases[i] <= offset && (found < 0 || list.bases[i] >= list.bases[found])) found = i;
  return found;
}
