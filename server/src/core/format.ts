/**
 * The document formatter: normalises the indentation of a playbook and puts the keys of each
 * list entry in the schema's order, keeping every comment, every blank line and every scalar
 * exactly as written. It returns the whole new text (the language server diffs it into edits),
 * or a one-line reason for refusing.
 *
 * How: the playbook is parsed once (the fast parser, or the `yaml` library for whatever it
 * leaves, as `parsePlaybook` does) to learn the structure and the source range of every key and
 * value. The
 * text is then rebuilt line by line: each block mapping pair and each sequence item owns its
 * lines, which move together. Nothing is re-stringified, so quoting, escapes, numbers, flow
 * collections (`[a, b]`, `{a: 1}`) and line widths stay byte for byte.
 *
 * What is normalised:
 *  - Block collections: each nesting level is `indent` spaces (default 2) deeper than its parent.
 *    A block sequence under a key sits one level under it (`key:\n  - item`); a sequence item's
 *    block mapping starts right after `- ` (one space), so with the default indent its keys are
 *    one level under the dash. A compact first key written `-   id: x` becomes `- id: x`.
 *  - Keys inside each entry of a top-level list of mappings (stages, owners, segments, triggers,
 *    touchpoints, kpis: every top-level array whose items the schema gives properties to), and
 *    inside mappings nested in such entries when the schema gives them properties: schema
 *    property order, `id` first, keys the schema does not know after the known ones in their
 *    written order. Top-level keys and every other mapping (e.g. `rules`) keep their order.
 *
 * What is kept:
 *  - Every line's text after its indentation. Lines that belong to one value (a block scalar's
 *    content, the continuation lines of a multi-line flow collection or quoted/plain scalar, and
 *    comment lines between a key and its scalar value) move rigidly with their key or dash: the
 *    block as a whole shifts, its inner relative indentation and any chomping or indentation
 *    indicator stay. The text after a sequence item's dash is kept when the item is a scalar.
 *  - Comments. An end-of-line comment stays after the same content. Own-line comments between
 *    two siblings (pairs of one mapping, or items of one sequence) are split in two: the comments
 *    indented deeper than the siblings (they close the previous sibling's value) stay after the
 *    previous sibling, keeping their indentation relative to its last line (but never as deep as
 *    the content of a block scalar right above them, which would take them in); the rest (from
 *    the first comment at the siblings' indentation or less) move with the next sibling and are
 *    indented like it. When a key with such comments becomes the first key of an item written
 *    `- key: ...`, its comments go above the dash line, indented like the dash. Comments after the
 *    last sibling belong to the enclosing collection's gap, so comments at the end of an entry
 *    stay at its end and comments between entries stay between them.
 *  - Blank lines, byte for byte. A blank line between two keys travels with the key below it
 *    (with the comments above that key), unless it sits among the deeper comments that close
 *    the previous value.
 *  - Everything before the first key (comment header, directives, `---`) and every line after
 *    the document's last value other than comments (`...`) is untouched; the line ending (LF
 *    or CRLF), the final newline or its absence and a byte order mark are kept.
 *
 * When it refuses (a `{ refused }` result, never an exception):
 *  - syntax errors (including repeated keys and more than one document);
 *  - anchors, aliases, merge keys (`<<`) and tags: reordering could put an alias before its
 *    anchor, and a tag changes what a value means;
 *  - mixed line endings (both CRLF and LF, or a lone CR);
 *  - complex keys (`? key`, a collection as a key) or a structure the rebuild cannot account for
 *    line by line;
 *  - a block scalar with keep chomping (`|+`, `>+`) that the new key order would put right
 *    above a blank line it did not have below it: the blank line would become part of its value
 *    (checked while writing, for a clearer message than the safety net's);
 *  - the last safety net: the rebuilt text must parse to the same value (up to key order inside
 *    mappings) and hold the same comments (the `yaml` lexer's comment tokens, as a multiset).
 * A file with nothing to format (empty, only comments, a scalar) comes back unchanged.
 *
 * Cost: linear in the text: one parse and one `yaml` lexer pass of the input and, when anything
 * changed, of the output.
 */
import { SUPPRESSION_DIRECTIVE } from './suppressions';
import { yamlLibrary } from './yamlLibrary';
import playbookSchema from '../../../schemas/playbook.schema.json';
import type { NodeLocation } from './nodeIndex';
import { fastParse } from './fastParse';
import { parsePlaybook, parseWithLibrary, pointerSegment } from './parse';
import { LineIndex } from './text';

export type FormatResult = { text: string } | { refused: string };

export interface FormatOptions {
  /** Spaces per nesting level (1 to 8); default 2. */
  indent?: number;
}

const SYNTAX = 'the file has syntax errors: fix them before formatting';
const UNSAFE = 'could not format without changing the content; nothing was changed';
const SUPPRESSION_MOVES = 'a `playbook-disable-next-line` comment would end up above another line (the key under it moves); move the comment or the keys by hand; nothing was changed';
const MIXED_EOL = 'the file mixes line endings (CRLF, LF or a lone CR): make them consistent before formatting';
const ANCHORS = 'the file uses YAML anchors, aliases or merge keys (&, *, <<), which formatting could reorder unsafely';
const TAGS = 'the file uses YAML tags (!tag), which formatting does not handle';
const COMPLEX_KEYS = 'the file uses complex keys (? key, or a list or mapping as a key), which formatting does not handle';
const KEEP = 'with its keys reordered, a |+ or >+ block scalar would end above a blank line and take it in: remove that blank line or use | or >';

/** A reason to refuse, thrown inside the formatter and turned into a `{ refused }` result. */
class Refusal extends Error {}

/**
 * Formats a playbook text (see the module comment). Never throws: every problem, even an
 * unexpected one, comes back as `{ refused }` and the caller keeps the text as it is.
 */
export function formatPlaybook(text: string, options: FormatOptions = {}): FormatResult {
  try {
    return format(text, options);
  } catch (err) {
    return { refused: err instanceof Refusal ? err.message : UNSAFE };
  }
}

function format(input: string, options: FormatOptions): FormatResult {
  if (typeof input !== 'string') throw new Refusal('there is no text to format');
  const indent = options.indent ?? 2;
  if (!Number.isInteger(indent) || indent < 1 || indent > 8) throw new Refusal('the indentation must be a whole number of spaces from 1 to 8');
  const bom = input.startsWith('\ufeff') ? '\ufeff' : '';
  const body = input.slice(bom.length);
  const eol = lineEnding(body);
  // The fast parser takes no anchor, alias, merge key or tag: only the library's texts need a look for them.
  const fast = fastParse(body);
  const parsed = fast ? { value: fast.value, nodes: fast.nodes, syntax: [], lines: new LineIndex(body, fast.lineStarts) } : parseWithLibrary(body);
  if (parsed.syntax.some((s) => s.severity !== 'warning')) throw new Refusal(SYNTAX);
  const problem = fast ? undefined : lexScan(body).problem;
  if (problem) throw new Refusal(problem);
  const root = parsed.nodes.get('');
  if (!root || parsed.value === null || typeof parsed.value !== 'object') return { text: input };

  const finalEol = body.endsWith(eol);
  const lines = (finalEol ? body.slice(0, -eol.length) : body).split(eol);
  const layout = new Layout(body, lines, parsed.lines, parsed.nodes);
  const tree = layout.build('', root, parsed.value, { schema: SCHEMA_ROOT, entry: false, level: 0 });
  if (tree.kind === 'leaf') return { text: input };
  const out = new Writer(lines, indent).writeDocument(tree);
  const text = out.join(eol) + (finalEol ? eol : '');
  if (text === body) return { text: input };
  if (!sameContent(body, text, parsed.value)) throw new Refusal(UNSAFE);
  if (!sameSuppressedLines(body, text, eol)) throw new Refusal(SUPPRESSION_MOVES);
  return { text: bom + text };
}

/**
 * Whether every `playbook-disable-next-line` comment still sits above the same line: a key
 * moved under a suppression would silence another finding, or bring back the one it silenced.
 */
function sameSuppressedLines(before: string, after: string, eol: string): boolean {
  const pairs = (t: string) => {
    const lines = t.split(eol);
    const out: string[] = [];
    lines.forEach((l, i) => {
      // Compared without indentation and with runs of spaces as one (`-   id:` becomes `- id:`).
      if (l.includes(SUPPRESSION_DIRECTIVE)) out.push(`${squeeze(l)}\u0000${squeeze(lines[i + 1] ?? '')}`);
    });
    return out.sort().join('\u0001');
  };
  return !before.includes(SUPPRESSION_DIRECTIVE) || pairs(before) === pairs(after);
}

function squeeze(line: string): string {
  return line.trim().replace(/ {2,}/g, ' ');
}

/** The text's line break; mixed ones are refused. */
function lineEnding(text: string): string {
  if (!text.includes('\r')) return '\n';
  if (/\r(?!\n)/.test(text) || /(^|[^\r])\n/.test(text)) throw new Refusal(MIXED_EOL);
  return '\r\n';
}

/** The comments of a text (as a multiset), and why to refuse it if it has anchors, aliases, merge keys or tags. */
function lexScan(text: string): { comments: Map<string, number>; problem?: string } {
  const comments = new Map<string, number>();
  let problem: string | undefined;
  let previous = '';
  const { CST, Lexer } = yamlLibrary();
  for (const token of new Lexer().lex(text)) {
    const type = CST.tokenType(token);
    if (type === 'comment') comments.set(token, (comments.get(token) ?? 0) + 1);
    else if (type === 'anchor' || type === 'alias' || (token === '<<' && previous === CST.SCALAR)) problem ??= ANCHORS;
    else if (type === 'tag') problem ??= TAGS;
    previous = token;
  }
  return { comments, problem };
}

/**
 * The safety net: whether `after` parses without errors to the value of `before` (up to the
 * order of keys inside mappings) and holds the same comments. `beforeValue`, when known, saves
 * parsing `before` again. Exported for the tests.
 */
export function sameContent(before: string, after: string, beforeValue: unknown = parsePlaybook(before).value): boolean {
  const again = parsePlaybook(after);
  if (again.syntax.some((s) => s.severity !== 'warning') || !sameValue(again.value, beforeValue)) return false;
  const comments = lexScan(before).comments;
  const found = lexScan(after).comments;
  return found.size === comments.size && [...comments].every(([c, n]) => found.get(c) === n);
}

/** Deep equality of plain data, ignoring the order of keys inside objects (arrays keep their order). */
function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => sameValue(x, b[i]));
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return Object.is(a, b);
}

// ---------------------------------------------------------------------------
// The schema's key order

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  allOf?: SchemaNode[];
  $ref?: string;
}

const SCHEMA_ROOT = playbookSchema as SchemaNode & { definitions?: Record<string, SchemaNode> };

const own = (o: object | undefined, k: string): boolean => o !== undefined && Object.prototype.hasOwnProperty.call(o, k);

/** A schema node and the nodes it is made of (`$ref` targets, `allOf` parts), own first. */
function schemaParts(node: SchemaNode | undefined, depth = 0): SchemaNode[] {
  if (!node || typeof node !== 'object' || depth > 8) return [];
  const out = [node];
  const ref = typeof node.$ref === 'string' ? /^#\/definitions\/(.+)$/.exec(node.$ref) : null;
  if (ref && own(SCHEMA_ROOT.definitions, ref[1])) out.push(...schemaParts(SCHEMA_ROOT.definitions![ref[1]], depth + 1));
  for (const part of Array.isArray(node.allOf) ? node.allOf : []) out.push(...schemaParts(part, depth + 1));
  return out;
}

function schemaProperty(node: SchemaNode | undefined, key: string): SchemaNode | undefined {
  return schemaParts(node).find((p) => own(p.properties, key))?.properties?.[key];
}

function schemaItems(node: SchemaNode | undefined): SchemaNode | undefined {
  return schemaParts(node).find((p) => p.items && typeof p.items === 'object')?.items;
}

const RANKS = new WeakMap<SchemaNode, Map<string, number> | null>();

/** Rank of each property the schema node defines (`id` first), or undefined when it defines none. */
function propertyRanks(node: SchemaNode | undefined): Map<string, number> | undefined {
  if (!node) return undefined;
  let ranks = RANKS.get(node);
  if (ranks === undefined) {
    const names: string[] = [];
    for (const part of schemaParts(node)) if (part.properties && typeof part.properties === 'object') names.push(...Object.keys(part.properties));
    ranks = names.length ? new Map() : null;
    for (const name of names) if (!ranks!.has(name)) ranks!.set(name, name === 'id' ? -1 : ranks!.size);
    RANKS.set(node, ranks);
  }
  return ranks ?? undefined;
}

// ---------------------------------------------------------------------------
// The layout: which lines each pair and item owns

/** A scalar, a flow collection or a null: lines that move rigidly. */
interface Leaf {
  kind: 'leaf';
  first: number;
  last: number;
  /** A block scalar (`|`, `>`): it takes in the lines right below it that are indented like its content. */
  block: boolean;
  /** A block scalar with keep chomping (`|+`, `>+`): it also takes in the blank lines right below it. */
  keep: boolean;
}
interface BlockMap {
  kind: 'map';
  col: number;
  first: number;
  last: number;
  pairs: Pair[];
  /** Key ranks when the keys are put in schema order. */
  ranks?: Map<string, number>;
}
interface BlockSeq {
  kind: 'seq';
  col: number;
  first: number;
  last: number;
  items: Item[];
}
type Tree = Leaf | BlockMap | BlockSeq;
/** A mapping pair: its key's line and column, its value, and its last line. */
interface Pair {
  name: string;
  line: number;
  col: number;
  value: Tree;
  last: number;
}
/** A sequence item: its dash's line and column, its value, and its last line. */
interface Item {
  line: number;
  col: number;
  value: Tree;
  last: number;
}

/** Where a node sits for key ordering: its schema, whether it is inside a top-level list entry, its depth. */
interface Context {
  schema: SchemaNode | undefined;
  entry: boolean;
  level: number;
}

class Layout {
  private readonly starts: Uint32Array;

  constructor(
    private readonly text: string,
    private readonly lines: string[],
    private readonly index: LineIndex,
    private readonly nodes: { get(pointer: string): NodeLocation | undefined },
  ) {
    this.starts = index.lineStarts;
  }

  /** The line holding an offset (a line break belongs to the line it ends). */
  lineOf(offset: number): number {
    return Math.min(this.index.positionAt(offset).line, this.lines.length - 1);
  }

  build(pointer: string, loc: NodeLocation, value: unknown, ctx: Context): Tree {
    if (loc.kind === 'alias') throw new Refusal(ANCHORS);
    const opener = this.text[loc.value[0]];
    const block = opener !== '[' && opener !== '{';
    if (block && loc.kind === 'map') {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Refusal(UNSAFE);
      return this.buildMap(pointer, loc, value as Record<string, unknown>, ctx);
    }
    if (block && loc.kind === 'seq') {
      if (!Array.isArray(value)) throw new Refusal(UNSAFE);
      return this.buildSeq(pointer, loc, value, ctx);
    }
    const first = this.lineOf(loc.value[0]);
    const last = loc.value[1] > loc.value[0] ? this.lineOf(loc.value[1] - 1) : first;
    const header = this.text.slice(loc.value[0], loc.value[0] + 3);
    return { kind: 'leaf', first, last, block: /^[|>]/.test(header), keep: /^[|>](?:[1-9]?\+|\+[1-9])/.test(header) };
  }

  private buildMap(pointer: string, loc: NodeLocation, value: Record<string, unknown>, ctx: Context): BlockMap {
    const names = Object.keys(value);
    if (names.length !== loc.count) throw new Refusal(COMPLEX_KEYS);
    const located = names.map((name) => ({ name, loc: this.nodes.get(`${pointer}/${pointerSegment(name)}`) }));
    located.sort((a, b) => (a.loc?.key?.[0] ?? -1) - (b.loc?.key?.[0] ?? -1));
    const pairs: Pair[] = [];
    for (const { name, loc: child } of located) {
      if (name === '<<') throw new Refusal(ANCHORS);
      if (!child?.key) throw new Refusal(COMPLEX_KEYS);
      const line = this.lineOf(child.key[0]);
      const col = child.key[0] - this.starts[line];
      const prev = pairs[pairs.length - 1];
      if (prev && (col !== prev.col || line <= prev.last)) throw new Refusal(UNSAFE);
      if (!(prev ? /^ *$/ : /^[ \t-]*$/).test(this.lines[line].slice(0, col))) throw new Refusal(COMPLEX_KEYS);
      const childCtx: Context = { schema: schemaProperty(ctx.schema, name), entry: ctx.entry, level: ctx.level + 1 };
      const tree = this.build(`${pointer}/${pointerSegment(name)}`, child, value[name], childCtx);
      if (tree.kind !== 'leaf' && tree.first <= line) throw new Refusal(UNSAFE);
      pairs.push({ name, line, col, value: tree, last: Math.max(line, tree.last) });
    }
    if (!pairs.length) throw new Refusal(UNSAFE);
    const ranks = ctx.entry ? propertyRanks(ctx.schema) : undefined;
    return { kind: 'map', col: pairs[0].col, first: pairs[0].line, last: pairs[pairs.length - 1].last, pairs, ranks };
  }

  private buildSeq(pointer: string, loc: NodeLocation, value: unknown[], ctx: Context): BlockSeq {
    const first = this.lineOf(loc.value[0]);
    const col = loc.value[0] - this.starts[first];
    const itemSchema = schemaItems(ctx.schema);
    // The entries of a top-level list of mappings are where keys get ordered.
    const entry = ctx.entry || (ctx.level === 1 && propertyRanks(itemSchema) !== undefined);
    const items: Item[] = [];
    if (loc.count !== value.length || !value.length) throw new Refusal(UNSAFE);
    for (let i = 0; i < value.length; i++) {
      const child = this.nodes.get(`${pointer}/${i}`);
      if (!child) throw new Refusal(UNSAFE);
      const lowest = i ? items[i - 1].last + 1 : first;
      const line = this.dashLine(this.lineOf(child.value[0]), lowest, col);
      const tree = this.build(`${pointer}/${i}`, child, value[i], { schema: itemSchema, entry, level: ctx.level + 1 });
      if (tree.kind !== 'leaf' && tree.col <= col) throw new Refusal(UNSAFE);
      items.push({ line, col, value: tree, last: Math.max(line, tree.last) });
    }
    return { kind: 'seq', col, first, last: items[items.length - 1].last, items };
  }

  /** The line of an item's dash: the item's own line, or the nearest line above it (only comments lie between). */
  private dashLine(from: number, lowest: number, col: number): number {
    for (let line = from; line >= lowest; line--) {
      const s = this.lines[line];
      if (s.charCodeAt(col) === 45 && /^[ \t-]*$/.test(s.slice(0, col))) return line;
    }
    throw new Refusal(UNSAFE);
  }
}

// ---------------------------------------------------------------------------
// The writer: the new text, line by line

const BLANK = /^[ \t]*$/;
const COMMENT = /^[ \t]*#/;

function indentOf(s: string): number {
  return s.length - s.replace(/^[ \t]+/, '').length;
}

class Writer {
  private readonly out: string[] = [];
  /** Per input line: the column of its first character in the output (-1 before it is written or when blank). */
  private readonly newCols: Int32Array;
  /**
   * When the last line written ends a block scalar: the column its content starts at (a line
   * indented that much would join it) and whether it keeps blank lines (a blank line may not follow).
   */
  private openScalar: { floor: number; keep: boolean } | undefined;

  constructor(
    private readonly lines: string[],
    private readonly indent: number,
  ) {
    this.newCols = new Int32Array(lines.length).fill(-1);
  }

  /** Every line of the document: the part before the root node as it is, the root, and what follows it. */
  writeDocument(root: BlockMap | BlockSeq): string[] {
    for (let l = 0; l < root.first; l++) this.emit(l, this.lines[l]);
    this.writeBlock(root, 0, undefined);
    const ref = this.lastNonBlank(root.first, root.last);
    for (let l = root.last + 1; l < this.lines.length; l++) {
      const s = this.lines[l];
      this.emit(l, COMMENT.test(s) ? this.relative(s, ref, 0) : s);
    }
    if (this.out.length !== this.lines.length) throw new Refusal(UNSAFE);
    return this.out;
  }

  private emit(line: number, s: string): void {
    const blank = BLANK.test(s);
    if (this.openScalar) {
      if (blank && this.openScalar.keep) throw new Refusal(KEEP);
      if (!blank && indentOf(s) >= this.openScalar.floor) throw new Refusal(UNSAFE);
      if (!blank) this.openScalar = undefined;
    }
    this.out.push(s);
    this.newCols[line] = blank ? -1 : indentOf(s);
  }

  private writeBlock(node: BlockMap | BlockSeq, col: number, firstPrefix: string | undefined): void {
    if (node.kind === 'map') this.writeMap(node, col, firstPrefix);
    else this.writeSeq(node, col, firstPrefix);
  }

  /**
   * A block mapping at `col`. `firstPrefix` replaces the indentation of its first line when
   * the mapping starts on a sequence item's dash line (`- key: ...`).
   */
  private writeMap(map: BlockMap, col: number, firstPrefix: string | undefined): void {
    const { pairs } = map;
    // splits[j]: where the lines between pair j and pair j+1 stop trailing j and start leading j+1.
    const splits = pairs.slice(1).map((p, j) => this.splitGap(pairs[j].last + 1, p.line, map.col));
    const order = pairs.map((_, j) => j);
    if (map.ranks) {
      const rank = (j: number) => map.ranks!.get(pairs[j].name) ?? Number.MAX_SAFE_INTEGER;
      order.sort((a, b) => rank(a) - rank(b));
    }
    order.forEach((j, k) => {
      const leadCol = k === 0 && firstPrefix !== undefined ? indentOf(firstPrefix) : col;
      if (j > 0) this.leading(splits[j - 1], pairs[j].line, leadCol);
      this.writePair(pairs[j], col, k === 0 ? firstPrefix : undefined);
      if (j < pairs.length - 1) this.trailing(pairs[j].last + 1, splits[j], col + 1, this.lastNonBlank(pairs[j].line, pairs[j].last));
    });
  }

  private writePair(pair: Pair, col: number, firstPrefix: string | undefined): void {
    const prefix = firstPrefix ?? ' '.repeat(col);
    const value = pair.value;
    if (value.kind === 'leaf') {
      this.rigid(pair.line, pair.last, prefix, pair.col, col - pair.col, value);
      return;
    }
    this.emit(pair.line, prefix + this.lines[pair.line].slice(pair.col));
    this.leading(pair.line + 1, value.first, col + this.indent);
    this.writeBlock(value, col + this.indent, undefined);
  }

  /** A block sequence with its dashes at `col`; `firstPrefix` as for `writeMap`. */
  private writeSeq(seq: BlockSeq, col: number, firstPrefix: string | undefined): void {
    seq.items.forEach((item, i) => {
      if (i > 0) {
        const prev = seq.items[i - 1];
        const split = this.splitGap(prev.last + 1, item.line, seq.col);
        this.trailing(prev.last + 1, split, col + 1, this.lastNonBlank(prev.line, prev.last));
        this.leading(split, item.line, col);
      }
      this.writeItem(item, col, i === 0 ? firstPrefix : undefined);
    });
  }

  private writeItem(item: Item, col: number, firstPrefix: string | undefined): void {
    const prefix = firstPrefix ?? ' '.repeat(col);
    const value = item.value;
    if (value.kind === 'leaf') {
      this.rigid(item.line, item.last, prefix, item.col, col - item.col, value);
    } else if (value.first === item.line) {
      // `- key: value` or `- - item`: the collection starts on the dash line, right after `- `.
      this.writeBlock(value, col + 2, `${prefix}- `);
    } else {
      this.emit(item.line, prefix + this.lines[item.line].slice(item.col));
      this.leading(item.line + 1, value.first, col + 2);
      this.writeBlock(value, col + 2, undefined);
    }
  }

  /**
   * A value's lines, which move as one: the first gets `prefix` instead of its first `fromCol`
   * characters, the others shift by `delta`. After a block scalar, notes where its content starts.
   */
  private rigid(first: number, last: number, prefix: string, fromCol: number, delta: number, leaf: Leaf): void {
    this.emit(first, prefix + this.lines[first].slice(fromCol));
    let floor = -1;
    for (let l = first + 1; l <= last; l++) {
      this.emit(l, shift(this.lines[l], delta));
      if (floor < 0 && l > leaf.first && this.newCols[l] >= 0) floor = this.newCols[l];
    }
    if (leaf.block) this.openScalar = { floor: floor >= 0 ? floor : this.newCols[leaf.first] + 1, keep: leaf.keep };
  }

  /**
   * Splits the blank and comment lines [from, to) between two siblings indented `col`: the
   * comments indented deeper that come before any other comment (and the blank lines among
   * them) trail the previous sibling; the rest lead the next one. Returns where the split is.
   */
  private splitGap(from: number, to: number, col: number): number {
    let split = from;
    let shallow = false;
    for (let l = from; l < to; l++) {
      const s = this.lines[l];
      if (BLANK.test(s)) continue;
      if (!COMMENT.test(s)) throw new Refusal(UNSAFE);
      if (!shallow && indentOf(s) > col) split = l + 1;
      else shallow = true;
    }
    return split;
  }

  /** Comment lines above a node, indented like it; blank lines as they are. */
  private leading(from: number, to: number, col: number): void {
    for (let l = from; l < to; l++) {
      const s = this.lines[l];
      if (BLANK.test(s)) this.emit(l, s);
      else if (COMMENT.test(s)) this.emit(l, this.comment(s, col, 0));
      else throw new Refusal(UNSAFE);
    }
  }

  /** Comment lines closing a value: their indentation relative to its last line `ref`, at least `minCol`. */
  private trailing(from: number, to: number, minCol: number, ref: number): void {
    for (let l = from; l < to; l++) {
      const s = this.lines[l];
      this.emit(l, BLANK.test(s) ? s : this.relative(s, ref, minCol));
    }
  }

  private relative(s: string, ref: number, minCol: number): string {
    return this.comment(s, Math.max(minCol, this.newCols[ref] + indentOf(s) - indentOf(this.lines[ref])), minCol);
  }

  /**
   * A comment line indented `col`, or less when it comes right after a block scalar whose
   * content is indented that much (it would join the scalar), but not less than `minCol`.
   */
  private comment(s: string, col: number, minCol: number): string {
    const at = this.openScalar ? Math.min(col, this.openScalar.floor - 1) : col;
    if (at < minCol) throw new Refusal(UNSAFE);
    return ' '.repeat(at) + s.replace(/^[ \t]+/, '');
  }

  /** The last line in [first, last] with something on it (a block scalar may end in blank lines). */
  private lastNonBlank(first: number, last: number): number {
    let l = last;
    while (l > first && BLANK.test(this.lines[l])) l--;
    return l;
  }
}

/** A line moved `delta` columns (leading spaces added or removed; an empty line stays empty). */
function shift(s: string, delta: number): string {
  if (delta === 0 || s === '') return s;
  if (delta > 0) return ' '.repeat(delta) + s;
  let spaces = 0;
  while (spaces < -delta && s.charCodeAt(spaces) === 32) spaces++;
  return s.slice(spaces);
}
