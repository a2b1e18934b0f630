/**
 * Positions and text helpers. Offsets are UTF-16 code-unit offsets into the
 * analysed string, which is what LSP positions count as well.
 */
import type { Position, Range } from './types';

/** Start offsets of every line of a text, for offset <-> position conversion. */
export class LineIndex {
  /** Offset of the first character of each line. */
  readonly lineStarts: Uint32Array;

  constructor(
    readonly text: string,
    precomputed?: Uint32Array,
  ) {
    this.lineStarts = precomputed ?? lineStartsOf(text);
  }

  /**
   * The index of `text`, made from the index of the text before one edit (`[start, oldEnd)` of
   * the old text became `[start, newEnd)`): only the edited part is scanned, the rest is copied
   * and shifted. For texts with LF line breaks only.
   */
  static afterEdit(prev: LineIndex, text: string, start: number, oldEnd: number, newEnd: number): LineIndex {
    const old = prev.lineStarts;
    const keep = firstGreater(old, start);
    const from = firstGreater(old, oldEnd);
    const added: number[] = [];
    for (let i = text.indexOf('\n', start); i >= 0 && i < newEnd; i = text.indexOf('\n', i + 1)) added.push(i + 1);
    const starts = new Uint32Array(keep + added.length + old.length - from);
    starts.set(old.subarray(0, keep));
    starts.set(added, keep);
    const tail = starts.subarray(keep + added.length);
    tail.set(old.subarray(from));
    const delta = newEnd - oldEnd;
    if (delta !== 0) for (let i = 0; i < tail.length; i++) tail[i] += delta;
    return new LineIndex(text, starts);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** The position of an offset (clamped to the text). */
  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    // An offset inside a CRLF line break counts as the end of its line.
    return { line: lo, character: Math.min(o, this.lineContentEnd(lo)) - this.lineStarts[lo] };
  }

  /** The offset of a position (clamped to its line). */
  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[position.line];
    return Math.min(start + Math.max(0, position.character), this.lineContentEnd(position.line));
  }

  /** Offset just past the last character of a line, excluding its line break. */
  lineContentEnd(line: number): number {
    const next = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.text.length;
    let end = next;
    while (end > this.lineStarts[line] && (this.text.charCodeAt(end - 1) === 10 || this.text.charCodeAt(end - 1) === 13)) end--;
    return end;
  }

  range(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(Math.max(start, end)) };
  }

  /** The text of one line without its line break. */
  lineText(line: number): string {
    return this.text.slice(this.lineStarts[line], this.lineContentEnd(line));
  }
}

/** Line start offsets: after each LF, after each CR not followed by an LF. */
function lineStartsOf(text: string): Uint32Array {
  const starts = [0];
  if (!text.includes('\r')) {
    // The common case, at memchr speed.
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return Uint32Array.from(starts);
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 /* \n */) {
      starts.push(i + 1);
    } else if (c === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return Uint32Array.from(starts);
}

/** The first index of a sorted array whose value is greater than `x` (the length when none is). */
function firstGreater(sorted: Uint32Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Outcome of turning the bytes of a file into text. */
export type DecodedText = { ok: true; text: string } | { ok: false; message: string; text: string; offset: number };

/**
 * Decodes file bytes the way an editor would: UTF-8 (BOM dropped), or UTF-16
 * when a UTF-16 BOM is present. Bytes that are not text are reported with the
 * position of the first bad byte, never thrown.
 */
export function decodeBytes(bytes: Uint8Array): DecodedText {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    const encoding = bytes[0] === 0xff ? 'utf-16le' : 'utf-16be';
    try {
      return checkBinary(new TextDecoder(encoding, { fatal: true }).decode(bytes.subarray(2)));
    } catch {
      const text = new TextDecoder(encoding).decode(bytes.subarray(2));
      const bad = text.indexOf('\ufffd');
      return { ok: false, text, offset: Math.max(0, bad), message: `The file starts with a ${encoding.toUpperCase()} byte-order mark but is not valid ${encoding.toUpperCase()} text. Save the playbook as UTF-8.` };
    }
  }
  const body = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return checkBinary(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body));
  } catch {
    const bad = firstInvalidUtf8(body);
    const before = new TextDecoder('utf-8').decode(body.subarray(0, bad));
    return {
      ok: false,
      text: before,
      offset: before.length,
      message: `The file is not valid UTF-8 text (byte ${bad + 1} cannot be decoded). Save the playbook as UTF-8.`,
    };
  }
}

/** Text with NUL bytes is binary data, not a playbook. */
function checkBinary(text: string): DecodedText {
  const nul = text.indexOf('\u0000');
  if (nul < 0) return { ok: true, text };
  return {
    ok: false,
    text,
    offset: nul,
    message: 'The file contains NUL bytes: it looks like binary data, not a YAML playbook.',
  };
}

function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    let n = 0;
    if (c < 0x80) n = 0;
    else if (c >= 0xc2 && c <= 0xdf) n = 1;
    else if (c >= 0xe0 && c <= 0xef) n = 2;
    else if (c >= 0xf0 && c <= 0xf4) n = 3;
    else return i;
    if (i + n >= b.length && n > 0) return i;
    for (let k = 1; k <= n; k++) if ((b[i + k] & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return b.length;
}

/** Position-independent check that a string is a valid id. */
export const ID_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  return boundedEditDistance(a, b, Infinity);
}

/**
 * Levenshtein distance when it is at most `limit`; otherwise some number above `limit`. The
 * computation stops as soon as that is certain: from the lengths alone; for words of up to 32
 * characters, when what is left of `b` could not bring the distance back down to `limit`; for
 * longer or empty words, when every cell of a row of the table exceeds it.
 */
export function boundedEditDistance(a: string, b: string, limit: number): number {
  return distanceFrom(a)(b, limit);
}

/** One row of the distance table, reused (suggestions run in a loop over many candidates). */
let row = new Int32Array(64);

/** The distance table, one row at a time: for words too long for one mask. */
function tableDistance(a: string, b: string, limit: number): number {
  if (a === b) return 0;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > limit) return Math.abs(la - lb);
  if (row.length <= lb) row = new Int32Array(lb * 2 + 1);
  const prev = row;
  for (let j = 0; j <= lb; j++) prev[j] = j;
  for (let i = 1; i <= la; i++) {
    let diag = prev[0];
    prev[0] = i;
    let least = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const up = prev[j];
      let v = diag + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      if (up + 1 < v) v = up + 1;
      if (prev[j - 1] + 1 < v) v = prev[j - 1] + 1;
      prev[j] = v;
      diag = up;
      if (v < least) least = v;
    }
    if (least > limit) return least;
  }
  return prev[lb];
}

/** Words up to this long are compared with one 32-bit mask per character. */
const BIT_WORD_MAX = 32;

/**
 * The distance from one word to many others. A word of up to 32 characters is compared with
 * the bit-vector method of Myers (1999), in Hyyrö's form for the edit distance: one pass
 * over the other string, a few integer operations per character, where the table takes a row
 * of the word's length per character. The first analysis of a playbook with unknown ids runs
 * this cold, for every id against every candidate (2,000 touchpoints with 28 unknown ids: 8 ms
 * with the table). Longer words use the table.
 */
function distanceFrom(word: string): (other: string, limit: number) => number {
  const m = word.length;
  if (m === 0 || m > BIT_WORD_MAX) return (other, limit) => tableDistance(word, other, limit);
  // Where each character occurs in the word, as a mask (bit i: position i).
  const ascii = new Int32Array(128);
  let other: Map<number, number> | undefined;
  for (let i = 0; i < m; i++) {
    const c = word.charCodeAt(i);
    if (c < 128) ascii[c] |= 1 << i;
    else (other ??= new Map()).set(c, (other.get(c) ?? 0) | (1 << i));
  }
  const last = 1 << (m - 1);
  const all = m === 32 ? -1 : ((1 << m) - 1) | 0;
  return (text, limit) => {
    const n = text.length;
    if (Math.abs(m - n) > limit) return Math.abs(m - n);
    // Vertical deltas of the current column: +1 (pv) or -1 (mv) per row; score: the last row's value.
    let pv = all;
    let mv = 0;
    let score = m;
    for (let j = 0; j < n; j++) {
      const c = text.charCodeAt(j);
      const eq = c < 128 ? ascii[c] : (other?.get(c) ?? 0);
      const xv = eq | mv;
      const xh = ((((eq & pv) + pv) | 0) ^ pv) | eq;
      let ph = mv | ~(xh | pv);
      let mh = pv & xh;
      if (ph & last) score++;
      else if (mh & last) score--;
      // Each further character lowers the distance by at most one.
      if (score - (n - j - 1) > limit) return score - (n - j - 1);
      ph = (ph << 1) | 1;
      mh <<= 1;
      pv = mh | ~(xv | ph);
      mv = ph & xv;
    }
    return score;
  };
}

/**
 * How near the closest candidate must be to be offered as what was meant, by what the
 * suggestion is for (distances are case-insensitive edit distances):
 * - `reference`: an id written in a reference; a prefix either way counts (`onboard` for `onboarding`);
 * - `key`: a mapping key (a near miss also hides the "missing key" error of the key it means);
 * - `value`: an allowed value (enum); values are short words, so half their length may differ;
 * - `autoFix`: safe for "fix all" to apply unseen: a word of 3 or more characters and at most
 *   2 edits (1 for words of up to 4 characters).
 */
const NEAR_ENOUGH = {
  reference: (word: string, candidate: string, distance: number) =>
    distance <= Math.max(2, Math.floor(word.length / 3)) || candidate.startsWith(word) || word.startsWith(candidate),
  key: (word: string, _candidate: string, distance: number) => distance <= Math.max(2, Math.floor(word.length / 3)),
  value: (word: string, _candidate: string, distance: number) => distance <= Math.max(2, Math.floor(word.length / 2)),
  autoFix: (word: string, _candidate: string, distance: number) => word.length >= 3 && distance <= Math.min(2, Math.ceil(word.length / 4)),
} as const;

/** What a suggestion is for (see `NEAR_ENOUGH`). */
export type SuggestionUse = keyof typeof NEAR_ENOUGH;

/** A "did you mean": the candidate closest to a word, and whether it is near enough for its use. */
export interface Suggestion {
  candidate: string;
  near: boolean;
}

/**
 * The "did you mean" of every message and fix: the candidate closest to `word` (case-insensitive
 * edit distance, a prefix either way counting half an edit less; ties: first listed), and whether
 * it is near enough for `use`. Undefined when there is no candidate.
 */
export function suggest(word: string, candidates: Iterable<string>, use: SuggestionUse): Suggestion | undefined {
  const w = word.toLowerCase();
  const distance = distanceFrom(w);
  let best: string | undefined;
  let bestDistance = 0;
  let bestScore = Infinity;
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    // Only a distance below bestScore + 0.5 can score below bestScore (a prefix takes 0.5 off).
    const limit = Math.ceil(bestScore + 0.5) - 1;
    const d = distance(c, limit);
    if (d > limit) continue;
    const score = c.startsWith(w) || w.startsWith(c) ? d - 0.5 : d;
    if (best === undefined || score < bestScore) {
      best = candidate;
      bestDistance = d;
      bestScore = score;
    }
  }
  return best === undefined ? undefined : { candidate: best, near: NEAR_ENOUGH[use](word, best, bestDistance) };
}

/** Turns free text into a kebab-case id (`Enterprise Accounts` -> `enterprise-accounts`). */
export function toKebabId(text: string): string {
  const s = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '');
  return s || 'item';
}

/** `a`, `a and b`, `a, b and c`. */
export function listWords(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Wraps an id or key for messages as a Markdown code span (a longer fence when the value holds backticks). */
export function code(s: string | number): string {
  const text = String(s);
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  if (!longest) return `\`${text}\``;
  const fence = '`'.repeat(longest + 1);
  return `${fence} ${text} ${fence}`;
}

const MARKUP_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for HTML or XML, in element content and in quoted attribute values alike.
 * Characters XML cannot hold (controls other than tab, LF and CR, U+FFFE, U+FFFF, lone
 * surrogates) become U+FFFD, so the result is well-formed in both.
 */
export function escapeXml(s: string): string {
  return s
    .replace(/[&<>"']/g, (c) => MARKUP_ESCAPES[c])
    // eslint-disable-next-line no-control-regex -- control characters other than tab/LF/CR are not allowed in XML
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}
