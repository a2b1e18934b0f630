/**
 * The position index: JSON pointer -> source range of each key and value.
 * Nodes inside a top-level list entry (`/touchpoints/12/...`) are stored relative
 * to their entry, so an edit inside one entry re-indexes that entry only and
 * shifts the others by moving their base offsets.
 */
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

interface Segment {
  base: number;
  /** Pointer suffix after the entry's pointer ('' for the entry itself) -> location relative to `base`. */
  locs: Map<string, NodeLocation>;
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
  private readonly segments = new Map<string, Segment>();

  /** Records a location (absolute offsets). The first record of a pointer wins. */
  set(pointer: string, loc: NodeLocation): void {
    const split = splitEntryPointer(pointer);
    if (!split) {
      if (!this.root.has(pointer)) this.root.set(pointer, loc);
      return;
    }
    let seg = this.segments.get(split[0]);
    if (!seg) {
      seg = { base: loc.value[0], locs: new Map() };
      this.segments.set(split[0], seg);
    }
    if (!seg.locs.has(split[1])) seg.locs.set(split[1], shifted(loc, -seg.base));
  }

  get(pointer: string): NodeLocation | undefined {
    const split = splitEntryPointer(pointer);
    if (!split) return this.root.get(pointer);
    const seg = this.segments.get(split[0]);
    const rel = seg?.locs.get(split[1]);
    return rel && seg ? shifted(rel, seg.base) : undefined;
  }

  has(pointer: string): boolean {
    return this.get(pointer) !== undefined;
  }

  /** Every pointer and location (absolute), root first. */
  *entries(): IterableIterator<[string, NodeLocation]> {
    yield* this.root.entries();
    for (const [prefix, seg] of this.segments) for (const [suffix, loc] of seg.locs) yield [prefix + suffix, shifted(loc, seg.base)];
  }

  /**
   * The locations that can contain `offset`: those outside list entries, and those of the
   * entry starting last at or before it. Cheap, unlike `entries()` on a large file.
   */
  *entriesAround(offset: number): IterableIterator<[string, NodeLocation]> {
    yield* this.root.entries();
    let best: [string, Segment] | undefined;
    for (const [prefix, seg] of this.segments) {
      if (seg.base <= offset && (!best || seg.base >= best[1].base)) best = [prefix, seg];
    }
    if (best) for (const [suffix, loc] of best[1].locs) yield [best[0] + suffix, shifted(loc, best[1].base)];
  }

  *values(): IterableIterator<NodeLocation> {
    for (const [, loc] of this.entries()) yield loc;
  }

  /** A copy in which one entry is re-indexed from `fresh` (pointers relative to the entry) and everything after `from` moves by `delta`. */
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
    for (const [prefix, seg] of this.segments) {
      if (prefix === entryPointer) out.segments.set(prefix, { base: freshBase, locs: fresh });
      else out.segments.set(prefix, seg.base >= from ? { base: seg.base + delta, locs: seg.locs } : seg);
    }
    return out;
  }

  /** The segment (relative locations and base) of a top-level list entry. */
  segment(entryPointer: string): { base: number; locs: Map<string, NodeLocation> } | undefined {
    return this.segments.get(entryPointer);
  }
}
