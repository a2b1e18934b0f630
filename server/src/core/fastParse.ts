/**
 * A fast parser for the YAML that playbooks are written in: block mappings and
 * sequences, plain and quoted one-line scalars, one-line flow sequences, literal
 * and folded block scalars, comments, LF or CRLF line ends. It gives the same value and the same
 * source ranges as the `yaml` library (the differential tests in
 * test/unit/fastParse.test.ts compare both on every sample, generated playbooks
 * and random texts), about 20 times faster. Anything else (anchors, tags, flow
 * mappings, multi-line plain or quoted scalars, tabs, a lone CR, errors of any kind, comments where
 * the library's placement rules get subtle) makes it give up, and the caller
 * parses the text with the library: the result never depends on which one ran.
 */
import { ENTRY_LISTS, ListEntries, NodeIndex, NodeLocation, pointerSegment as segment } from './nodeIndex';

/** Thrown (one instance) to give up; caught in `fastParse`. */
const GIVE_UP = new Error('not in the fast subset');

/** Control characters, line and paragraph separators, byte order mark, tab, a CR not before LF: the library's business. */
// eslint-disable-next-line no-control-regex -- these characters send the text to the full parser
const UNSUPPORTED_CHARS = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufeff]/;
/** A CR not before LF (looked for only in texts with a CR: one class scans faster than an alternation). */
const LONE_CR = /\r(?!\n)/;

/** Where the first parse puts the locations inside list entries: nowhere (one object, overwritten). */
const SCRATCH: NodeLocation = { value: [0, 0], kind: null };

/** Block collections nested deeper than this are left to the library. */
const MAX_DEPTH = 200;

const SPACE = 32;
const HASH = 35;
const DASH = 45;
const COLON = 58;

/**
 * The parser. Results that several functions hand back travel in fields (`end`, `next`,
 * the key's) rather than in fresh objects: a 2,000-touchpoint playbook has some 60,000
 * nodes, and the garbage collector was most of the time.
 */
class Parser {
  private readonly len: number;
  /** Per line: start offset, end offset (its line break, CR or LF, or the text's end), indentation, kind. */
  readonly starts: Uint32Array;
  private readonly ends: Uint32Array;
  private readonly indents: Uint32Array;
  /** 0 blank, 1 comment only, 2 content. */
  private readonly kinds: Uint8Array;
  private readonly count: number;

  /** Locations outside top-level list entries. */
  readonly root = new Map<string, NodeLocation>();
  /** Each top-level list's entries: base offsets and locations relative to them. */
  readonly lists = new Map<string, ListEntries>();
  /** Whether a top-level list entry is being parsed, from which offset (its locations are relative to it)... */
  private inEntry = false;
  private base = 0;
  /** ...and where its locations go: nowhere in the first parse, a map when an entry's are asked for. */
  private entry: Map<string, NodeLocation> | undefined;

  /** What the last node parsed ends at (the library's `range[2]`: its line break, comments it takes in)... */
  private end = 0;
  /** ...and the next content line after it (or the line count). */
  private next = 0;
  /**
   * Comment lines after the last value that it did not take in: the deepest indentation among
   * them (-1 when none) and where the next content starts. The innermost collection ending
   * there keeps them (its end moves there) when it is indented and one of them is at least as
   * indented as it; otherwise they pass to its parent, which applies the same test.
   */
  private pendingIndent = -1;
  private pendingEnd = 0;
  /** How many block collections deep the parse is. */
  private depth = 0;
  /** The last scalar's value end (within its line). */
  private valueEnd = 0;
  /** The last key: its name, range and the offset after its `:`. */
  private keyName = '';
  private keyStart = 0;
  private keyEnd = 0;
  private keyAfter = 0;

  constructor(private readonly text: string) {
    this.len = text.length;
    // Typed tables, sized by a first count of the line breaks (native `indexOf`).
    let count = 1;
    for (let lf = text.indexOf('\n'); lf >= 0; lf = text.indexOf('\n', lf + 1)) count++;
    const starts = (this.starts = new Uint32Array(count));
    const ends = (this.ends = new Uint32Array(count));
    const indents = (this.indents = new Uint32Array(count));
    const kinds = (this.kinds = new Uint8Array(count));
    this.count = count;
    let line = 0;
    let start = 0;
    for (;;) {
      const lf = text.indexOf('\n', start);
      // A line's content ends before its line break (LF or CRLF).
      const end = lf < 0 ? this.len : lf > start && text.charCodeAt(lf - 1) === 13 ? lf - 1 : lf;
      // The indentation in native code (a loop here runs in the interpreter for most of a large file).
      INDENT.lastIndex = start;
      INDENT.test(text);
      const i = INDENT.lastIndex < end ? INDENT.lastIndex : end;
      const c = i < end ? text.charCodeAt(i) : -1;
      const kind = c < 0 ? 0 : c === HASH ? 1 : 2;
      if (kind === 2 && i === start) {
        // Directives and document markers are the library's.
        if (c === 37 /* % */ || ((c === DASH || c === 46) /* . */ && /^(?:---|\.\.\.)(?:[ ]|$)/.test(text.slice(i, Math.min(end, i + 4))))) throw GIVE_UP;
      }
      starts[line] = start;
      ends[line] = end;
      indents[line] = i - start;
      kinds[line] = kind;
      line++;
      if (lf < 0) break;
      start = lf + 1;
    }
  }

  parseDocument(): unknown {
    const first = this.nextContent(0);
    if (first >= this.count) throw GIVE_UP;
    const value = this.block(first, '', -1);
    if (this.next < this.count) throw GIVE_UP;
    return value;
  }

  /** The first content line at or after `line`, or the line count. */
  private nextContent(line: number): number {
    let l = line;
    while (l < this.count && this.kinds[l] !== 2) l++;
    return l;
  }

  /** Whether any comment line lies in [from, to). */
  private commentBetween(from: number, to: number): boolean {
    for (let l = from; l < to; l++) if (this.kinds[l] === 1) return true;
    return false;
  }

  /** Notes the comment lines in [from, next) as pending (see `pendingIndent`). */
  private trailing(from: number, next: number): void {
    let deepest = -1;
    for (let k = from; k < next; k++) if (this.kinds[k] === 1 && this.indents[k] > deepest) deepest = this.indents[k];
    this.pendingIndent = deepest;
    this.pendingEnd = next < this.count ? this.starts[next] + this.indents[next] : this.len;
  }

  /** A collection at column `col` ends: it keeps the pending comments or passes them on. */
  private closeCollection(col: number): void {
    if (this.pendingIndent >= 0 && col > 0 && this.pendingIndent >= col) {
      this.end = this.pendingEnd;
      this.pendingIndent = -1;
    }
  }

  /** The offset that follows line `l` (its line break included). */
  private afterLine(l: number): number {
    return l + 1 < this.count ? this.starts[l + 1] : this.len;
  }

  /** Whether locations are being recorded: always outside list entries, inside one only when its are asked for. */
  private recording(): boolean {
    return !this.inEntry || this.entry !== undefined;
  }

  /** Whether `pointer` is a top-level list's (`/touchpoints`...), outside any entry. */
  private atEntryList(pointer: string): boolean {
    return !this.inEntry && ENTRY_LISTS.has(pointer.slice(1));
  }

  /** Whether the `:` at `i` ends a mapping key (a space or the line's end follows). */
  private isValueIndicator(i: number, lineEnd: number): boolean {
    return this.text.charCodeAt(i) === COLON && (i + 1 === lineEnd || this.text.charCodeAt(i + 1) === SPACE);
  }

  /** Whether a plain scalar cannot start at `q` (an indicator; `-`, `?` or `:` before a space or the line's end). */
  private cannotStartPlain(q: number, lineEnd: number): boolean {
    const c = this.text.charCodeAt(q);
    return isIndicator(c) || ((c === DASH || c === 63 || c === COLON) && (q + 1 === lineEnd || this.text.charCodeAt(q + 1) === SPACE));
  }

  private isDashAt(pos: number, lineEnd: number): boolean {
    return this.text.charCodeAt(pos) === DASH && (pos + 1 === lineEnd || this.text.charCodeAt(pos + 1) === SPACE);
  }

  /**
   * Records a location (absolute offsets [start, end), the key's at `key` when `key >= 0`) in
   * the current scope, relative to the entry when inside one. The object is returned so that a
   * collection's end can be filled in after its items.
   */
  private emit(pointer: string, kind: NodeLocation['kind'], start: number, end: number, key: number): NodeLocation {
    if (!this.recording()) return SCRATCH;
    const b = this.inEntry ? this.base : 0;
    const loc: NodeLocation = key >= 0 ? { value: [start - b, end - b], key: [key - b, this.keyEnd - b], kind } : { value: [start - b, end - b], kind };
    (this.entry ?? this.root).set(pointer, loc);
    return loc;
  }

  /** A block collection starting at the content of line `l`; `key` is the start of its key (or -1). */
  private block(l: number, pointer: string, key: number): unknown {
    // Deep nesting: the library's own limits (and this parser's stack) are the library's business.
    if (++this.depth > MAX_DEPTH) throw GIVE_UP;
    try {
      return this.blockAt(l, pointer, key);
    } finally {
      this.depth--;
    }
  }

  private blockAt(l: number, pointer: string, key: number): unknown {
    const pos = this.starts[l] + this.indents[l];
    if (this.isDashAt(pos, this.ends[l])) return this.sequence(l, this.indents[l], pointer, key);
    return this.mapping(l, this.indents[l], pointer, key);
  }

  /** A block mapping whose first key is at column `col` of line `l` (its other keys start lines at that indentation). */
  private mapping(line: number, col: number, pointer: string, key: number): unknown {
    if (this.atEntryList(pointer)) throw GIVE_UP; // a top-level list's key holding a mapping
    const start = this.starts[line] + col;
    const loc = this.emit(pointer, 'map', start, start, key);
    const base = this.inEntry ? this.base : 0;
    const obj: Record<string, unknown> = {};
    // The loops below are what every line goes through: small helpers are written out in them
    // (a file is parsed once, mostly before the engine has optimised anything, where calls cost).
    const { text, starts, ends, indents } = this;
    const recording = this.recording(); // the same for every key: entries nested in a mapping restore it
    let count = 0;
    let l = line;
    for (;;) {
      this.key(l, starts[l] + col);
      const name = this.keyName;
      // `<<` merges (with the library's `merge` option), quoted or not it is not indexed; `__proto__` is no plain key.
      // A repeated key is found by the count below (a test here, per key, costs more).
      if (name === '__proto__' || name === '<<') throw GIVE_UP;
      obj[name] = this.value(l, col, recording ? childPointer(pointer, name) : '');
      count++;
      const next = this.next;
      if (next >= this.count) break;
      const indent = indents[next];
      if (indent < col) break;
      if (indent > col) throw GIVE_UP;
      const dash = starts[next] + col;
      if (text.charCodeAt(dash) === DASH && (dash + 1 === ends[next] || text.charCodeAt(dash + 1) === SPACE)) throw GIVE_UP;
      this.pendingIndent = -1;
      l = next;
    }
    // A key given twice left fewer properties than keys read.
    if (Object.keys(obj).length !== count) throw GIVE_UP;
    loc.value[1] = this.end - base;
    loc.count = count;
    this.closeCollection(col);
    return obj;
  }

  /** A block sequence whose dashes are at column `col`, the first on line `l`. */
  private sequence(line: number, col: number, pointer: string, key: number): unknown {
    const start = this.starts[line] + col;
    const loc = this.emit(pointer, 'seq', start, start, key);
    const base = this.inEntry ? this.base : 0;
    // The items of a top-level list are entries: each one's locations are kept apart, relative to
    // it, and built only when asked for (the loader parses that entry again, recording them).
    let entries: ListEntries | undefined;
    let onStart: ((start: number) => void) | undefined;
    let l = line;
    if (this.atEntryList(pointer)) {
      const list: ListEntries = { bases: [], locs: [] };
      const firstLines: number[] = [];
      const origin: number[] = [];
      list.load = (index) => this.loadEntry(firstLines[index], col, origin[index]);
      onStart = (itemStart) => {
        this.inEntry = true;
        this.base = itemStart;
        list.bases.push(itemStart);
        list.locs.push(undefined);
        firstLines.push(l);
        origin.push(itemStart);
      };
      entries = list;
      this.lists.set(pointer.slice(1), list);
    }
    const items: unknown[] = [];
    for (;;) {
      items.push(this.item(l, col, !entries && this.recording() ? childPointer(pointer, items.length) : '', onStart));
      if (entries) this.inEntry = false;
      const next = this.next;
      if (next >= this.count || this.indents[next] < col) break;
      if (this.indents[next] > col) throw GIVE_UP;
      // A key at the sequence's own indentation: the sequence was a mapping's value, the mapping goes on.
      if (!this.isDashAt(this.starts[next] + col, this.ends[next])) break;
      this.pendingIndent = -1;
      l = next;
    }
    loc.value[1] = this.end - base;
    loc.count = items.length;
    this.closeCollection(col);
    return items;
  }

  /** The item of a sequence at column `col` whose dash is on line `l`; `onStart` learns where it starts. */
  private item(l: number, col: number, pointer: string, onStart: ((start: number) => void) | undefined): unknown {
    const lineEnd = this.ends[l];
    let q = this.starts[l] + col + 1;
    while (q < lineEnd && this.text.charCodeAt(q) === SPACE) q++;
    if (q === lineEnd || this.text.charCodeAt(q) === HASH) {
      if (q < lineEnd) throw GIVE_UP; // a comment after an empty dash
      const after = this.nextContent(l + 1);
      if (after < this.count && this.indents[after] > col) {
        onStart?.(this.starts[after] + this.indents[after]);
        return this.block(after, pointer, -1);
      }
      if (this.commentBetween(l + 1, after)) throw GIVE_UP;
      // Comment lines just before an empty item become part of it in the library's ranges.
      for (let k = l - 1; k >= 0 && this.kinds[k] !== 2; k--) if (this.kinds[k] === 1) throw GIVE_UP;
      onStart?.(q);
      this.emit(pointer, 'scalar', q, q, -1);
      this.end = q;
      this.next = after;
      this.pendingIndent = -1;
      return null;
    }
    if (this.isDashAt(q, lineEnd)) throw GIVE_UP;
    onStart?.(q);
    if (this.hasKey(q, lineEnd)) return this.mapping(l, q - this.starts[l], pointer, -1);
    return this.inline(l, q, col, pointer, -1);
  }

  /** The locations of an entry (relative to its start) parsed before without them: it is parsed again, recording. */
  private loadEntry(line: number, col: number, start: number): Map<string, NodeLocation> {
    const locs = new Map<string, NodeLocation>();
    this.inEntry = true;
    this.base = start;
    this.entry = locs;
    try {
      this.item(line, col, '', undefined);
    } finally {
      this.inEntry = false;
      this.entry = undefined;
    }
    return locs;
  }

  /** The value after the key just read (on line `l`), in a mapping at column `col`. */
  private value(l: number, col: number, pointer: string): unknown {
    const key = this.keyStart;
    const lineEnd = this.ends[l];
    let q = this.keyAfter;
    while (q < lineEnd && this.text.charCodeAt(q) === SPACE) q++;
    if (q < lineEnd && this.text.charCodeAt(q) !== HASH) return this.inline(l, q, col, pointer, key);
    // Nothing (or a comment) after the key: a nested block, or an empty value.
    const next = this.nextContent(l + 1);
    if (next < this.count) {
      const ind = this.indents[next];
      if (ind > col || (ind === col && this.isDashAt(this.starts[next] + ind, this.ends[next]))) return this.block(next, pointer, key);
    }
    if (q < lineEnd || this.commentBetween(l + 1, next)) throw GIVE_UP;
    this.emit(pointer, 'scalar', q, q, key);
    this.end = q;
    this.next = next;
    this.pendingIndent = -1;
    return null;
  }

  /** A value that starts at `q` on line `l` (a scalar, a flow sequence, `{}`, a block scalar), in a collection at column `col`. */
  private inline(l: number, q: number, col: number, pointer: string, key: number): unknown {
    const text = this.text;
    const lineEnd = this.ends[l];
    const c = text.charCodeAt(q);
    if (c === 124 /* | */ || c === 62 /* > */) return this.blockScalar(l, q, col, pointer, key);
    let value: unknown;
    let end: number;
    if (c === 91 /* [ */) {
      if (this.atEntryList(pointer)) throw GIVE_UP; // a top-level list written as a flow sequence
      const loc = this.emit(pointer, 'seq', q, q, key);
      const items = this.flowSequence(q, lineEnd, pointer);
      value = items;
      end = this.valueEnd;
      loc.value[1] = end - (this.inEntry ? this.base : 0);
      loc.count = items.length;
    } else if (c === 123 /* { */) {
      let i = q + 1;
      while (i < lineEnd && text.charCodeAt(i) === SPACE) i++;
      if (text.charCodeAt(i) !== 125 /* } */) throw GIVE_UP;
      value = {};
      end = i + 1;
      this.emit(pointer, 'map', q, end, key).count = 0;
    } else {
      value = c === 34 /* " */ || c === 39 /* ' */ ? this.quoted(q, lineEnd) : this.plain(q, lineEnd);
      end = this.valueEnd;
      if (!this.inEntry || this.entry !== undefined) this.emit(pointer, 'scalar', q, end, key);
    }
    // Only white space and a comment may follow on the line.
    let i = end;
    while (i < lineEnd && text.charCodeAt(i) === SPACE) i++;
    if (i < lineEnd && (text.charCodeAt(i) !== HASH || i === end)) throw GIVE_UP;
    // Most often the next line has content: the node ends at its line break, nothing is pending
    // (what `trailing` and the loop below make of it, written out).
    const following = l + 1;
    if (following < this.count && this.kinds[following] === 2) {
      if (this.indents[following] > col) throw GIVE_UP; // a continuation line, or an error
      this.pendingIndent = -1;
      this.pendingEnd = this.starts[following] + this.indents[following];
      this.end = this.starts[following];
      this.next = following;
      return value;
    }
    // The node takes in its line break, and comment lines after it indented more than its collection.
    let nodeEnd = this.afterLine(l);
    let m = l + 1;
    while (m < this.count && this.kinds[m] !== 2) {
      if (this.kinds[m] === 1) {
        if (this.indents[m] <= col) break;
        nodeEnd = this.afterLine(m);
      }
      m++;
    }
    const next = this.nextContent(m);
    if (next < this.count && this.indents[next] > col) throw GIVE_UP; // a continuation line, or an error
    this.trailing(m, next);
    this.end = nodeEnd;
    this.next = next;
    return value;
  }

  /** A literal or folded block scalar whose header is at `q` on line `l`, in a collection at column `col`. */
  private blockScalar(l: number, q: number, col: number, pointer: string, key: number): unknown {
    const text = this.text;
    const folded = text.charCodeAt(q) === 62;
    let i = q + 1;
    let strip = false;
    if (text.charCodeAt(i) === DASH) {
      strip = true;
      i++;
    }
    const lineEnd = this.ends[l];
    const headerEnd = i;
    while (i < lineEnd && text.charCodeAt(i) === SPACE) i++;
    if (i < lineEnd && (text.charCodeAt(i) !== HASH || i === headerEnd)) throw GIVE_UP; // `|+`, `|2`, anything else
    // The content indentation is that of the first line with something on it.
    let first = l + 1;
    while (first < this.count && this.starts[first] + this.indents[first] === this.ends[first]) first++;
    if (first >= this.count) throw GIVE_UP;
    const indent = this.indents[first];
    if (indent <= col) throw GIVE_UP;
    for (let m = l + 1; m < first; m++) if (this.ends[m] - this.starts[m] > indent) throw GIVE_UP;
    let last = first;
    for (let m = first; m < this.count; m++) {
      if (this.starts[m] + this.indents[m] === this.ends[m]) {
        // A blank line; one with more spaces than the indentation holds them.
        if (this.ends[m] - this.starts[m] > indent) {
          if (folded) throw GIVE_UP;
          last = m;
        }
        continue;
      }
      if (this.indents[m] < indent) break;
      if (folded && this.indents[m] > indent) throw GIVE_UP; // more-indented lines keep their breaks
      last = m;
    }
    const lines: string[] = [];
    for (let k = l + 1; k <= last; k++) {
      const s = this.starts[k] + indent;
      lines.push(s < this.ends[k] ? text.slice(s, this.ends[k]) : '');
    }
    let value: string;
    if (!folded) value = lines.join('\n');
    else {
      value = '';
      let empty = 0;
      let started = false;
      for (const line of lines) {
        if (line === '') {
          empty++;
          continue;
        }
        value += started ? (empty ? '\n'.repeat(empty) : ' ') : '\n'.repeat(empty);
        value += line;
        started = true;
        empty = 0;
      }
    }
    if (!strip) value += '\n';
    const end = this.afterLine(last);
    this.emit(pointer, 'scalar', q, end, key);
    // A block scalar takes in no comment line after it: they are all pending.
    const next = this.nextContent(last + 1);
    if (next < this.count && this.indents[next] > col) throw GIVE_UP;
    this.trailing(last + 1, next);
    this.end = end;
    this.next = next;
    return value;
  }

  /** A one-line flow sequence of scalars starting at `q` (the `[`); its end goes to `valueEnd`. */
  private flowSequence(q: number, lineEnd: number, pointer: string): unknown[] {
    const text = this.text;
    // The items gather in a scratch list that keeps its room (flow sequences do not nest here) and
    // are copied out at the `]` into a list of their size: one grown by pushes would get room for
    // 17 items, and most have one to three. (Setting a list's length to 0 would drop its room.)
    const items = FLOW_ITEMS;
    let n = 0;
    let i = q + 1;
    while (i < lineEnd && text.charCodeAt(i) === SPACE) i++;
    if (text.charCodeAt(i) === 93 /* ] */) {
      this.valueEnd = i + 1;
      return [];
    }
    for (;;) {
      while (i < lineEnd && text.charCodeAt(i) === SPACE) i++;
      if (i >= lineEnd) throw GIVE_UP;
      const c = text.charCodeAt(i);
      let value: unknown;
      let end: number;
      if (c === 34 || c === 39) {
        value = this.quoted(i, lineEnd);
        end = this.valueEnd;
      } else {
        if (isIndicator(c)) throw GIVE_UP;
        if (c === DASH || c === 63 || c === COLON) {
          // `-`, `?` or `:` alone (before a space, `,`, `]` or the line's end) are indicators in a flow sequence.
          const d = text.charCodeAt(i + 1);
          if (i + 1 >= lineEnd || d === SPACE || d === 44 || d === 93) throw GIVE_UP;
        }
        let j = i;
        for (; j < lineEnd; j++) {
          const d = text.charCodeAt(j);
          if (d === 44 /* , */ || d === 93 /* ] */) break;
          if (d === 91 || d === 123 || d === 125 || d === COLON || d === HASH) throw GIVE_UP;
        }
        end = j;
        while (end > i && text.charCodeAt(end - 1) === SPACE) end--;
        value = resolvePlain(text.slice(i, end));
      }
      if (this.recording()) this.emit(childPointer(pointer, n), 'scalar', i, end, -1);
      items[n++] = value;
      i = end;
      while (i < lineEnd && text.charCodeAt(i) === SPACE) i++;
      const d = text.charCodeAt(i);
      if (d === 93 && i < lineEnd) {
        this.valueEnd = i + 1;
        const out = items.slice(0, n);
        // Holds nothing of this text afterwards; a list grown past a line's worth is let go.
        if (items.length > FLOW_ITEMS_KEPT) items.length = 0;
        else items.fill(undefined, 0, n);
        return out;
      }
      if (d !== 44 || i >= lineEnd) throw GIVE_UP;
      i++;
      while (i < lineEnd && text.charCodeAt(i) === SPACE) i++;
      if (text.charCodeAt(i) === 93 || text.charCodeAt(i) === 44) throw GIVE_UP; // trailing or doubled comma
    }
  }

  /** A one-line quoted scalar at `q`; its end goes to `valueEnd`. */
  private quoted(q: number, lineEnd: number): string {
    const text = this.text;
    if (text.charCodeAt(q) === 39) {
      let out = '';
      let from = q + 1;
      for (;;) {
        const close = text.indexOf("'", from);
        if (close < 0 || close >= lineEnd) throw GIVE_UP;
        out += text.slice(from, close);
        if (text.charCodeAt(close + 1) === 39) {
          out += "'";
          from = close + 2;
          continue;
        }
        this.valueEnd = close + 1;
        return out;
      }
    }
    let out = '';
    let i = q + 1;
    let from = i;
    for (; i < lineEnd; i++) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        this.valueEnd = i + 1;
        return out + text.slice(from, i);
      }
      if (c !== 92 /* \ */) continue;
      out += text.slice(from, i);
      const e = text[i + 1];
      const simple = ESCAPES[e];
      if (simple !== undefined) {
        out += simple;
        i++;
      } else if (e === 'u' || e === 'x') {
        const n = e === 'u' ? 4 : 2;
        const hex = text.slice(i + 2, i + 2 + n);
        if (hex.length !== n || !/^[0-9a-fA-F]+$/.test(hex)) throw GIVE_UP;
        out += String.fromCharCode(parseInt(hex, 16));
        i += 1 + n;
      } else throw GIVE_UP;
      from = i + 1;
    }
    throw GIVE_UP;
  }

  /** A plain scalar in block context at `q` (up to a comment or the line's end); its end goes to `valueEnd`. */
  private plain(q: number, lineEnd: number): unknown {
    const text = this.text;
    const c = text.charCodeAt(q);
    // An ASCII letter (most values) may start a plain scalar whatever follows (written out: a call per value costs before optimisation).
    if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) && this.cannotStartPlain(q, lineEnd)) throw GIVE_UP;
    let end = lineEnd;
    // The common case in native code: no `#` or `:` up to the line's end.
    PLAIN_RUN.lastIndex = q + 1;
    PLAIN_RUN.test(text);
    for (let i = PLAIN_RUN.lastIndex; i < lineEnd; i++) {
      const d = text.charCodeAt(i);
      if (d === HASH && text.charCodeAt(i - 1) === SPACE) {
        end = i;
        break;
      }
      // A mapping where none may start.
      if (d === COLON && (i + 1 === lineEnd || text.charCodeAt(i + 1) === SPACE)) throw GIVE_UP;
    }
    while (end > q && text.charCodeAt(end - 1) === SPACE) end--;
    this.valueEnd = end;
    return resolvePlain(text.slice(q, end));
  }

  /** Whether an implicit key (`key:` followed by a space or the line's end) starts at `q`. */
  private hasKey(q: number, lineEnd: number): boolean {
    const text = this.text;
    const c = text.charCodeAt(q);
    if (c === 34 || c === 39) {
      // A quoted key: find its closing quote on this line, then `:`.
      let i = q + 1;
      for (; i < lineEnd; i++) {
        const d = text.charCodeAt(i);
        if (c === 34 && d === 92) i++;
        else if (d === c) {
          if (c === 39 && text.charCodeAt(i + 1) === 39) i++;
          else break;
        }
      }
      i++;
      while (i < lineEnd && text.charCodeAt(i) === SPACE) i++;
      return this.isValueIndicator(i, lineEnd);
    }
    if (c === 91 || c === 123) return false;
    for (let i = q; i < lineEnd; i++) {
      const d = text.charCodeAt(i);
      if (d === HASH && i > q && text.charCodeAt(i - 1) === SPACE) return false;
      if (this.isValueIndicator(i, lineEnd)) return true;
    }
    return false;
  }

  /** Reads the implicit key at `q` on line `l` into the key fields; gives up unless it is a plain or quoted string key. */
  private key(l: number, q: number): void {
    const text = this.text;
    const lineEnd = this.ends[l];
    const c = text.charCodeAt(q);
    let name: string;
    let end: number;
    if (c === 34 || c === 39) {
      name = this.quoted(q, lineEnd);
      end = this.valueEnd;
    } else {
      const letter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90); // an ASCII letter: a key may start with it, whatever follows
      if (!letter && this.cannotStartPlain(q, lineEnd)) throw GIVE_UP;
      // Up to the first character that can end or spoil a key, in native code; then one by one.
      KEY_RUN.lastIndex = q;
      KEY_RUN.test(text);
      let i = KEY_RUN.lastIndex;
      for (; i < lineEnd; i++) {
        const d = text.charCodeAt(i);
        if (d === COLON && (i + 1 === lineEnd || text.charCodeAt(i + 1) === SPACE)) break;
        if (d === HASH || d === 91 || d === 93 || d === 123 || d === 125 || d === 44 || d === 34 || d === 39) throw GIVE_UP;
      }
      if (i >= lineEnd) throw GIVE_UP;
      end = i;
      while (end > q && text.charCodeAt(end - 1) === SPACE) end--;
      name = text.slice(q, end);
      // A key that reads as null, a boolean or a number is the library's (only such can start with these letters).
      if (!letter || c === 110 || c === 78 || c === 116 || c === 84 || c === 102 || c === 70) {
        if (typeof resolvePlain(name) !== 'string') throw GIVE_UP;
      }
    }
    let i = end;
    while (i < lineEnd && text.charCodeAt(i) === SPACE) i++;
    if (text.charCodeAt(i) !== COLON || (i + 1 !== lineEnd && text.charCodeAt(i + 1) !== SPACE)) throw GIVE_UP;
    // The library counts a long key's length from further back in some places: leave long keys to it.
    if (i - q > 1000) throw GIVE_UP;
    this.keyName = name;
    this.keyStart = q;
    this.keyEnd = end;
    this.keyAfter = i + 1;
  }
}

/**
 * Child pointers, made once and shared: every touchpoint has a `/name`, and a string that is
 * the same object each time is hashed once (the index is keyed by pointers). Bounded.
 */
const POINTERS = new Map<string, Map<string | number, string>>();
let pointerCount = 0;

function childPointer(parent: string, key: string | number): string {
  let children = POINTERS.get(parent);
  if (!children) {
    if (pointerCount > 50_000) {
      POINTERS.clear();
      pointerCount = 0;
    }
    children = new Map();
    POINTERS.set(parent, children);
  }
  let out = children.get(key);
  if (out === undefined) {
    out = `${parent}/${typeof key === 'number' ? key : segment(key)}`;
    children.set(key, out);
    pointerCount++;
  }
  return out;
}

/** The items of the flow sequence being read (see `flowSequence`), and the most it keeps room for. */
const FLOW_ITEMS: unknown[] = [];
const FLOW_ITEMS_KEPT = 256;
/** A line's indentation: its spaces (sticky: from `lastIndex`). */
const INDENT = / */y;
/** A run of characters that cannot end a plain scalar on its line (sticky: from `lastIndex`). */
const PLAIN_RUN = /[^\r\n#:]*/y;
/** A run of characters that cannot end or spoil a plain key. */
const KEY_RUN = /[^\r\n#:[\]{},"']*/y;

/** Characters that cannot start a plain scalar (`-`, `?` and `:` are checked with what follows them). */
function isIndicator(c: number): boolean {
  switch (c) {
    case 44: // ,
    case 91: // [
    case 93: // ]
    case 123: // {
    case 125: // }
    case HASH:
    case 38: // &
    case 42: // *
    case 33: // !
    case 124: // |
    case 62: // >
    case 39: // '
    case 34: // "
    case 37: // %
    case 64: // @
    case 96: // `
      return true;
    default:
      return false;
  }
}

const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};

const INT_OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** A plain scalar's value under the YAML 1.2 core schema, tested in the library's order. */
export function resolvePlain(s: string): unknown {
  const c = s.charCodeAt(0);
  switch (c) {
    case 110: // n
    case 78: // N
      return s === 'null' || s === 'Null' || s === 'NULL' ? null : s;
    case 116: // t
    case 84: // T
      return s === 'true' || s === 'True' || s === 'TRUE' ? true : s;
    case 102: // f
    case 70: // F
      return s === 'false' || s === 'False' || s === 'FALSE' ? false : s;
    case 126: // ~
      return s === '~' ? null : s;
    default:
      // Only digits, signs and dots can start a number; everything else (most scalars) is a string.
      if (!((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46)) return s.length === 0 ? null : s;
  }
  if (INT_OCT.test(s)) return parseInt(s.substring(2), 8);
  if (INT.test(s)) return parseInt(s, 10);
  if (INT_HEX.test(s)) return parseInt(s.substring(2), 16);
  if (FLOAT_NAN.test(s)) return s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (FLOAT_EXP.test(s) || FLOAT.test(s)) return parseFloat(s);
  return s;
}

/**
 * The value of `text`, the index of its nodes (as the library's parse would index them) and its
 * line starts (LF or CRLF breaks, as `LineIndex` counts them), or undefined when the text is
 * outside the fast subset.
 */
export function fastParse(text: string): { value: unknown; nodes: NodeIndex; lineStarts: Uint32Array } | undefined {
  if (UNSUPPORTED_CHARS.test(text) || (text.includes('\r') && LONE_CR.test(text))) return undefined;
  try {
    const parser = new Parser(text);
    const value = parser.parseDocument();
    return { value, nodes: NodeIndex.fromParts(parser.root, parser.lists), lineStarts: parser.starts };
  } catch (err) {
    FLOW_ITEMS.length = 0;
    if (err === GIVE_UP) return undefined;
    throw err;
  }
}
