/**
 * Parsing: one `yaml` parse per text, keeping every node's source range, and
 * one index from JSON pointer to the exact range of each key and value.
 */
import type { Document, Node } from 'yaml';
import { yamlLibrary } from './yamlLibrary';
import { fastParse } from './fastParse';
import { NodeIndex, NodeLocation, pointerSegment } from './nodeIndex';
import { LineIndex } from './text';

export type { NodeLocation } from './nodeIndex';
export { pointerSegment } from './nodeIndex';

/** A problem found while parsing, before severities are applied. */
export interface RawFinding {
  ruleId: string;
  message: string;
  offsets: [number, number];
  /** Override of the rule's severity (the parser's warnings are warnings). */
  severity?: 'error' | 'warning' | 'info';
  related?: { offsets: [number, number]; message: string }[];
  data?: Record<string, unknown>;
}

export interface ParsedPlaybook {
  text: string;
  lines: LineIndex;
  /** The document as plain data (undefined when the text could not be turned into data). */
  value: unknown;
  /** `syntax` findings. When there are errors among them, nothing else is analysed. */
  syntax: RawFinding[];
  /** JSON pointer (as ajv's `instancePath`, '' for the root) to source location. */
  nodes: NodeIndex;
}

/** Aliases may be used, but not to blow up a small file into a huge value. */
const MAX_ALIAS_COUNT = 10_000;

/**
 * Parses a playbook text. Never throws on any input. Most playbooks take the fast
 * parser; whatever it leaves (and every text with an error) goes to the `yaml` library.
 */
export function parsePlaybook(text: string): ParsedPlaybook {
  const fast = fastParse(text);
  if (fast) return { text, lines: new LineIndex(text, fast.lineStarts), value: fast.value, syntax: [], nodes: fast.nodes };
  return parseWithLibrary(text);
}

/**
 * The library's parse, with the options every caller uses. Its errors are Error objects, and a
 * broken text (half-typed YAML) can make hundreds: capturing a stack trace for each was most of
 * the time of such a parse, and nobody reads those stacks.
 */
export function parseWithoutStacks(source: string): Document.Parsed[] {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    const docs = yamlLibrary().parseAllDocuments(source, { prettyErrors: false, uniqueKeys: true, merge: true, logLevel: 'error' });
    return Array.isArray(docs) ? docs : [];
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** Parses a playbook text with the `yaml` library (exported for the tests that compare both parsers). */
export function parseWithLibrary(text: string): ParsedPlaybook {
  const lines = new LineIndex(text);
  const syntax: RawFinding[] = [];
  const nodes = new NodeIndex();
  // YAML counts a lone CR as a line break, as editors do; the parser does not. Same length, same offsets.
  const source = text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
  const list = parseWithoutStacks(source);
  const doc = list[0];
  if (!doc) return { text, lines, value: null, syntax, nodes };

  if (list.length > 1) {
    const start = list[1].range[0];
    syntax.push({
      ruleId: 'syntax',
      message: `A playbook file holds one YAML document, but this file has ${list.length}; the second one starts here. Move it to its own *.playbook.yaml file.`,
      offsets: [start, Math.max(start, lines.lineContentEnd(lines.positionAt(start).line))],
    });
  }
  for (const d of list.slice(0, 1)) {
    const repeats = d.errors.some((e) => e.code === 'DUPLICATE_KEY') ? repeatedKeys(d.contents) : [];
    for (const e of d.errors) {
      // The parser may point at the first copy's (empty) value: report each repeated key itself.
      const repeat = e.code === 'DUPLICATE_KEY' ? repeats.shift() : undefined;
      syntax.push(repeat ? yamlProblem(e.code, e.message, repeat, text) : yamlProblem(e.code, e.message, e.pos, text));
    }
    for (const w of d.warnings) syntax.push({ ...yamlProblem(w.code, w.message, w.pos, text), severity: 'warning' });
  }

  let value: unknown = null;
  if (!syntax.some((s) => s.severity !== 'warning')) {
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (err) {
      const alias = firstAlias(doc.contents);
      const at: [number, number] = alias?.range ? [alias.range[0], alias.range[1]] : [0, 0];
      const msg = err instanceof Error ? err.message : String(err);
      syntax.push({
        ruleId: 'syntax',
        message: /Excessive alias/.test(msg)
          ? 'YAML aliases here expand into an excessively large document (an "alias bomb"). Write the values out or use fewer nested aliases.'
          : `YAML alias cannot be resolved: ${msg}. Define the anchor (&name) before using *name.`,
        offsets: at,
      });
      value = null;
    }
    if (doc.contents) indexNode(doc.contents, '', undefined, nodes, value);
  }
  return { text, lines, value, syntax: distinct(syntax), nodes };
}

/** Each problem once: the parser can report the same error twice at one place (the editor would list it twice). */
function distinct(problems: RawFinding[]): RawFinding[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.offsets[0]}:${p.offsets[1]}:${p.severity ?? ''}:${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function yamlProblem(codeName: string, message: string, pos: [number, number], text: string): RawFinding {
  const start = Math.max(0, Math.min(pos[0], text.length));
  let end = Math.max(start, Math.min(pos[1], text.length));
  if (codeName === 'DUPLICATE_KEY') {
    // The parser points at the key's first character: cover the whole key.
    const key = /^("(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*'|[^\s:#][^:\n#]*?)(?=\s*:)/.exec(text.slice(start, start + 1000));
    if (key) end = start + key[1].length;
  }
  return { ruleId: 'syntax', message: explainYamlError(codeName, message, text.slice(start, end)), offsets: [start, end] };
}

/** The parser's messages, rephrased where a playbook author needs more help. */
function explainYamlError(codeName: string, message: string, excerpt: string): string {
  switch (codeName) {
    case 'DUPLICATE_KEY':
      return `Key ${excerpt ? `\`${excerpt}\` ` : ''}appears twice in the same mapping; YAML keeps only one of them. Remove or rename one.`;
    case 'TAB_AS_INDENT':
      return 'Tabs cannot be used for indentation in YAML. Indent with spaces.';
    case 'MULTIPLE_DOCS':
      return 'A playbook file holds one YAML document. Move the others to their own *.playbook.yaml files.';
    default:
      return `YAML syntax error: ${message.replace(/\s+at line \d+, column \d+.*$/s, '')}`;
  }
}

/** Ranges of keys that repeat an earlier key of the same mapping, in document order. */
function repeatedKeys(node: unknown, out: [number, number][] = []): [number, number][] {
  if (yamlLibrary().isMap(node)) {
    const seen = new Set<string>();
    for (const pair of node.items) {
      const k = yamlLibrary().isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (k !== undefined && yamlLibrary().isScalar(pair.key) && pair.key.range) {
        if (seen.has(k)) out.push([pair.key.range[0], pair.key.range[1]]);
        seen.add(k);
      }
      repeatedKeys(pair.value, out);
    }
  } else if (yamlLibrary().isSeq(node)) for (const item of node.items) repeatedKeys(item, out);
  return out;
}

function firstAlias(node: unknown): Node | undefined {
  if (yamlLibrary().isAlias(node)) return node;
  if (yamlLibrary().isMap(node) || yamlLibrary().isSeq(node)) {
    for (const item of node.items) {
      const found = yamlLibrary().isPair(item) ? firstAlias(item.key) ?? firstAlias(item.value) : firstAlias(item);
      if (found) return found;
    }
  }
  return undefined;
}

/** Mapping keys as plain data uses them (scalars only; other keys are not addressable). */
export function keyString(key: unknown): string | undefined {
  if (yamlLibrary().isScalar(key)) return key.value === null ? '' : String(key.value);
  return undefined;
}

function kindOf(node: Node): NodeLocation['kind'] {
  return yamlLibrary().isMap(node) ? 'map' : yamlLibrary().isSeq(node) ? 'seq' : yamlLibrary().isAlias(node) ? 'alias' : 'scalar';
}

/** Indexes a node and its children under `pointer` (the first location of a pointer wins). */
export function indexNode(node: Node, pointer: string, key: [number, number] | undefined, nodes: { set(p: string, l: NodeLocation): void }, js?: unknown): void {
  const r = node.range ?? [0, 0, 0];
  const loc: NodeLocation = { value: [r[0], r[1]], kind: kindOf(node) };
  if (key) loc.key = key;
  if (yamlLibrary().isMap(node) || yamlLibrary().isSeq(node)) loc.count = node.items.length;
  nodes.set(pointer, loc);
  if (yamlLibrary().isMap(node)) {
    // A key that is a collection becomes, as plain data, the text yaml gives it: take it from the data.
    const jsKeys = js !== null && typeof js === 'object' && !Array.isArray(js) ? Object.keys(js) : undefined;
    node.items.forEach((pair, i) => {
      const k = keyString(pair.key) ?? (jsKeys && jsKeys.length === node.items.length ? jsKeys[i] : undefined);
      if (k === undefined || k === '<<') return;
      const keyNode = pair.key as Node | null;
      const keyRange: [number, number] | undefined = keyNode && isNodeLike(keyNode) && keyNode.range ? [keyNode.range[0], keyNode.range[1]] : undefined;
      const p = `${pointer}/${pointerSegment(k)}`;
      const child = jsKeys ? (js as Record<string, unknown>)[k] : undefined;
      if (pair.value && isNodeLike(pair.value)) indexNode(pair.value, p, keyRange, nodes, child);
      else if (keyRange) nodes.set(p, { value: [keyRange[1], keyRange[1]], key: keyRange, kind: null });
    });
  } else if (yamlLibrary().isSeq(node)) {
    node.items.forEach((item, i) => {
      if (isNodeLike(item)) indexNode(item, `${pointer}/${i}`, undefined, nodes, Array.isArray(js) ? js[i] : undefined);
    });
  }
}

function isNodeLike(v: unknown): v is Node {
  return yamlLibrary().isScalar(v) || yamlLibrary().isMap(v) || yamlLibrary().isSeq(v) || yamlLibrary().isAlias(v);
}

/**
 * The source location of a JSON pointer; for a pointer inside an alias or a
 * merged mapping, the location of the nearest ancestor that is in the source.
 */
export function locate(parsed: ParsedPlaybook, pointer: string): NodeLocation {
  let p = pointer;
  for (;;) {
    const hit = parsed.nodes.get(p);
    if (hit) return hit;
    if (p === '') return { value: [0, 0], kind: null };
    p = p.slice(0, p.lastIndexOf('/'));
  }
}

/** The first line of the mapping or value at `pointer`: where a missing key is reported. */
export function firstLineOf(parsed: ParsedPlaybook, pointer: string): [number, number] {
  const loc = locate(parsed, pointer);
  const start = loc.kind ? loc.value[0] : loc.key?.[0] ?? loc.value[0];
  const line = parsed.lines.positionAt(start).line;
  let end = parsed.lines.lineContentEnd(line);
  const lineText = parsed.text.slice(start, end);
  const comment = lineText.search(/\s#/);
  if (comment >= 0) end = start + comment;
  while (end > start && /\s/.test(parsed.text[end - 1])) end--;
  return [start, Math.max(start, end)];
}
