/**
 * Incremental re-parsing: when an edit stays inside one entry of a top-level
 * list (a touchpoint, a segment...), only that entry's text is parsed again; its
 * value and positions are spliced into the previous parse and every later
 * position moves by the edit's length. Anything less simple is parsed in full,
 * so the result always equals a fresh parse (a property test checks this).
 */
import { yamlLibrary } from './yamlLibrary';
import { ENTRY_LISTS, NodeLocation } from './nodeIndex';
import { indexNode, ParsedPlaybook, parseWithoutStacks } from './parse';
import { LineIndex } from './text';

/** A changed region: `[start, oldEnd)` of the old text became `[start, newEnd)` of the new one. */
export interface EditRegion {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/** Merges a sequence of LSP-style edits (each in the coordinates of the text before it) into one region. */
export class EditAccumulator {
  private region: EditRegion | undefined;

  add(start: number, end: number, insertedLength: number): void {
    const r = this.region;
    if (!r) {
      this.region = { start, oldEnd: end, newEnd: start + insertedLength };
      return;
    }
    // The union of the changed region (current coordinates [r.start, r.newEnd)) and this edit.
    const unionStart = Math.min(r.start, start);
    const unionEndCurrent = Math.max(r.newEnd, end);
    const oldEnd = r.oldEnd + Math.max(0, end - r.newEnd);
    const newEnd = unionEndCurrent - (end - start) + insertedLength;
    this.region = { start: unionStart, oldEnd, newEnd };
  }

  /** The merged region so far, left in place. */
  peek(): EditRegion | undefined {
    return this.region;
  }

  take(): EditRegion | undefined {
    const r = this.region;
    this.region = undefined;
    return r;
  }
}

/** Blocks compared natively before the last one is walked character by character (a 3 MB text in about 1 ms). */
const BLOCK = 2048;

/** The length of the longest common prefix of `a` and `b`, at most `max`. */
function commonPrefix(a: string, b: string, max: number): number {
  let i = 0;
  while (i + BLOCK <= max && a.slice(i, i + BLOCK) === b.slice(i, i + BLOCK)) i += BLOCK;
  while (i < max && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** The length of the longest common suffix of `a` and `b`, at most `max`. */
function commonSuffix(a: string, b: string, max: number): number {
  let n = 0;
  while (n + BLOCK <= max && a.slice(a.length - n - BLOCK, a.length - n) === b.slice(b.length - n - BLOCK, b.length - n)) n += BLOCK;
  while (n < max && a.charCodeAt(a.length - 1 - n) === b.charCodeAt(b.length - 1 - n)) n++;
  return n;
}

/**
 * The ways to place a whole-text change's region (what lies between the common prefix
 * and suffix of the two texts, which the LSP lets a client send whole): the longest
 * common prefix first, and the longest common suffix first, which differs when the
 * inserted or deleted text repeats what is beside it (then also the placement in
 * between that starts a line). Empty when the texts are equal.
 */
export function diffRegions(before: string, after: string): EditRegion[] {
  if (before === after) return [];
  const max = Math.min(before.length, after.length);
  const prefix = commonPrefix(before, after, max);
  const suffix = commonSuffix(before, after, max);
  // Prefix first: the suffix may not overlap it; suffix first: the other way round.
  const firstSuffix = Math.min(suffix, max - prefix);
  const first = { start: prefix, oldEnd: before.length - firstSuffix, newEnd: after.length - firstSuffix };
  const secondStart = Math.min(prefix, max - suffix);
  const second = { start: secondStart, oldEnd: before.length - suffix, newEnd: after.length - suffix };
  if (second.start === first.start && second.oldEnd === first.oldEnd) return [first];
  const out = [first];
  // A pure insertion or deletion can sit anywhere between the two: try the place that starts a line.
  const removed = first.oldEnd - first.start;
  const added = first.newEnd - first.start;
  if (removed === 0 || added === 0) {
    for (let p = first.start - 1; p > second.start; p--) {
      if (before.charCodeAt(p - 1) === 10) {
        out.push({ start: p, oldEnd: p + removed, newEnd: p + added });
        break;
      }
    }
  }
  out.push(second);
  return out;
}

/** `|`, `>`, `|+`, `>2-`... ending a line (after an optional comment): a block scalar starts there. */
const BLOCK_SCALAR_HEADER = /[|>][0-9+-]*[ \t]*(?:#[^\n]*)?$/m;

/** Whether the line starting at `at` is the end of the text, or a non-comment line indented at most `column`. */
function startsEntryOrKey(text: string, at: number, column: number): boolean {
  if (at >= text.length) return true;
  let i = at;
  while (text.charCodeAt(i) === 32) i++;
  const c = text[i];
  return i - at <= column && c !== undefined && c !== '\n' && c !== '#' && c !== '\t';
}

const ALIAS_OR_ANCHOR = /(^|[\s[{,:-])[&*!][^\s]|<</m;

/** A parse made from the previous one by replacing one entry of a top-level list. */
export interface IncrementalParse {
  parsed: ParsedPlaybook;
  /** The top-level list (`touchpoints`, ...) and the index of the entry that was parsed again; every other item is the previous object. */
  list: string;
  index: number;
}

/** The parse of `text` reusing `prev` for everything outside the edited entry; undefined when that is not safe. */
export function reparseIncrementally(prev: ParsedPlaybook, text: string, region: EditRegion): IncrementalParse | undefined {
  if (prev.syntax.length || !prev.value || typeof prev.value !== 'object' || Array.isArray(prev.value)) return undefined;
  // Only the edited region can bring a CR in (the rest is the previous text, known to have none).
  if (!withoutCR(prev) || text.slice(region.start, region.newEnd).includes('\r')) return undefined;
  const delta = region.newEnd - region.oldEnd;
  if (text.length !== prev.text.length + delta) return undefined;

  const entry = findEntry(prev, region);
  if (!entry) return undefined;
  const { list, index, spanStart, spanEnd, itemOffset } = entry;
  const newSpanEnd = spanEnd + delta;
  // The entry's node ends after its last line break, as in a full parse.
  const regionText = text.slice(spanStart, newSpanEnd + 1);
  // Anchors, aliases, tags and merge keys tie an entry to the rest of the document.
  if (ALIAS_OR_ANCHOR.test(regionText) || ALIAS_OR_ANCHOR.test(prev.text.slice(spanStart, spanEnd))) return undefined;
  // What follows the entry must still start on a new line.
  if (newSpanEnd < text.length && text[newSpanEnd] !== '\n') return undefined;
  // A comment on the entry's last line (`emotion: # later`) can make a full parse end the entry
  // after the next line's indentation, which the entry's text alone does not show.
  if (text.slice(text.lastIndexOf('\n', newSpanEnd - 1) + 1, newSpanEnd).includes('#')) return undefined;
  // A block scalar can take in the lines after the entry (blank ones, more indented comments),
  // which the entry's text alone does not have: then only a new entry or key may follow.
  if (BLOCK_SCALAR_HEADER.test(regionText) && !startsEntryOrKey(text, newSpanEnd + 1, text.indexOf('-', spanStart) - spanStart)) return undefined;

  const docs = parseWithoutStacks(regionText);
  if (docs.length !== 1) return undefined;
  const doc = docs[0];
  if (doc.errors.length || doc.warnings.length || !yamlLibrary().isSeq(doc.contents) || doc.contents.items.length !== 1) return undefined;
  const item = doc.contents.items[0] as Parameters<typeof indexNode>[0];
  if (!item?.range || item.range[0] !== itemOffset - spanStart || item.range[1] !== regionText.length) return undefined;
  let itemValue: unknown;
  try {
    itemValue = (doc.toJS({ maxAliasCount: 0 }) as unknown[])[0];
  } catch {
    return undefined;
  }

  const base = spanStart + item.range[0];
  const fresh = new Map<string, NodeLocation>();
  indexNode(item, '', undefined, {
    set(p, loc) {
      if (fresh.has(p)) return;
      const rel: NodeLocation = { value: [loc.value[0] - item.range![0], loc.value[1] - item.range![0]], kind: loc.kind };
      if (loc.key) rel.key = [loc.key[0] - item.range![0], loc.key[1] - item.range![0]];
      if (loc.count !== undefined) rel.count = loc.count;
      fresh.set(p, rel);
    },
  }, itemValue);
  const root = prev.value as Record<string, unknown>;
  const newList = (root[list] as unknown[]).slice();
  newList[index] = itemValue;
  const value = { ...root, [list]: newList };
  const nodes = prev.nodes.withEntryReplaced(`/${list}/${index}`, fresh, base, spanEnd, delta);
  const lines = LineIndex.afterEdit(prev.lines, text, region.start, region.oldEnd, region.newEnd);
  const parsed: ParsedPlaybook = { text, lines, value, syntax: [], nodes };
  NO_CR.add(parsed);
  return { parsed, list, index };
}

/** Parses whose text holds no carriage return (scanning a large text on every edit costs milliseconds). */
const NO_CR = new WeakSet<ParsedPlaybook>();

function withoutCR(parsed: ParsedPlaybook): boolean {
  if (NO_CR.has(parsed)) return true;
  if (parsed.text.includes('\r')) return false;
  NO_CR.add(parsed);
  return true;
}

/**
 * Whether an edit of `region` is likely to take the incremental path: the cheap
 * checks only (the previous parse is clean, the edit lies inside one entry), no parse.
 */
export function likelyIncremental(prev: ParsedPlaybook, region: EditRegion): boolean {
  if (prev.syntax.length || !prev.value || typeof prev.value !== 'object' || Array.isArray(prev.value)) return false;
  return findEntry(prev, region) !== undefined;
}

/** The top-level list entry whose lines contain the whole edit (not its `- ` marker). */
function findEntry(prev: ParsedPlaybook, region: EditRegion): { list: string; index: number; spanStart: number; spanEnd: number; itemOffset: number } | undefined {
  const root = prev.value as Record<string, unknown>;
  for (const list of ENTRY_LISTS) {
    const listLoc = prev.nodes.get(`/${list}`);
    if (listLoc?.kind !== 'seq' || !Array.isArray(root[list])) continue;
    if (region.start < listLoc.value[0] || region.start > listLoc.value[1]) continue;
    const count = listLoc.count ?? 0;
    // Entries are in file order: binary search the last one starting at or before the edit.
    let lo = 0;
    let hi = count - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const base = prev.nodes.entryBase(`/${list}/${mid}`);
      if (base === undefined) return undefined;
      if (base <= region.start) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) return undefined;
    const loc = prev.nodes.get(`/${list}/${found}`);
    if (!loc || loc.kind === 'alias') return undefined;
    const firstLine = prev.lines.positionAt(loc.value[0]).line;
    const lineStart = prev.lines.lineStarts[firstLine];
    if (!/^[ ]*-[ ]+$/.test(prev.text.slice(lineStart, loc.value[0]))) return undefined; // block list entries only
    let end = loc.value[1];
    while (end > loc.value[0] && /\s/.test(prev.text[end - 1])) end--;
    const lastLine = prev.lines.positionAt(end).line;
    const spanEnd = prev.lines.lineContentEnd(lastLine);
    if (region.start < loc.value[0] || region.oldEnd > spanEnd) return undefined;
    // Only entries whose node ends right after their last line (no trailing comments or blank lines inside it).
    if (loc.value[1] !== spanEnd + 1 || prev.text[spanEnd] !== '\n') return undefined;
    // The next entry must begin after this one's last line (no shared lines).
    const next = prev.nodes.entryBase(`/${list}/${found + 1}`);
    if (next !== undefined && next <= spanEnd) return undefined;
    return { list, index: found, spanStart: lineStart, spanEnd, itemOffset: loc.value[0] };
  }
  return undefined;
}
