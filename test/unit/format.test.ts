/**
 * The document formatter (server/src/core/format.ts).
 *
 * For every input that is formatted (`checkFormatted`), the result:
 *  - parses (with the `yaml` library, not the product's parser) to the same value up to key
 *    order inside mappings;
 *  - holds the same comments (multiset of the lexer's comment tokens);
 *  - holds the same lines once their indentation (and a leading `- `) is set aside, so no
 *    scalar, key or comment text changed and no line appeared or disappeared;
 *  - keeps LF or CRLF, the final newline or its absence, and the top-level key order;
 *  - is formatted already (formatting it again gives the same text);
 *  - is indented with 2 spaces per level, sequences one level under their key;
 *  - has the keys of every entry of a top-level list in the schema's order, `id` first, unknown
 *    keys after the known ones in their written order (the order is read from the schema file
 *    here, independently of the formatter), and every other mapping in its written order;
 *  - gets the same findings from `analyzePlaybook` (rule id, severity and message).
 * Inputs: the samples (as they are, in CRLF, re-indented with 4 spaces, with their entries'
 * keys shuffled), playbooks from a seeded generator below (comments, blank lines, block
 * scalars, multi-line scalars and flow sequences, unknown and quoted keys, 2/3/4-space
 * indentation, CRLF), mutations of those and of the samples (usually refused as syntax errors,
 * never a throw), the fuzz regression fixtures, and hand-written cases with their expected text.
 * The fuzz suite's generators are not exported, so the generator here is a small one of its own.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { CST, isMap, isScalar, isSeq, Lexer, Node as YamlNode, parseDocument, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { generatePlaybook as benchPlaybook, rng } from '../../bench/generate';
import { analyzePlaybook } from '../../server/src/core/analyze';
import { formatPlaybook, FormatResult, sameContent } from '../../server/src/core/format';
import { dedent, editorLineStarts, repoRoot, samples, testRuns } from './helpers';

const KEEP = /a \|\+ or >\+ block scalar would end above a blank line/;

// ---------------------------------------------------------------------------
// The schema's key order, read from the schema file

interface SchemaJson {
  properties?: Record<string, SchemaJson>;
  items?: SchemaJson;
  $ref?: string;
  allOf?: SchemaJson[];
  definitions?: Record<string, SchemaJson>;
}

const SCHEMA = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'schemas', 'playbook.schema.json'), 'utf8')) as SchemaJson;

function resolved(node: SchemaJson | undefined): SchemaJson | undefined {
  const ref = node?.$ref ? /^#\/definitions\/(.+)$/.exec(node.$ref) : null;
  return ref ? resolved(SCHEMA.definitions?.[ref[1]]) : node;
}

/** Each top-level list of mappings and the keys its entries may have, in schema order. */
const ENTRY_KEYS = new Map<string, string[]>();
for (const [key, prop] of Object.entries(SCHEMA.properties ?? {})) {
  const items = resolved(resolved(prop)?.items);
  if (items?.properties) ENTRY_KEYS.set(key, Object.keys(items.properties));
}

/** The order the formatter must give an entry's keys: `id`, the known ones in schema order, the unknown ones as written. */
function expectedOrder(known: string[], keys: string[]): string[] {
  const rank = (k: string) => (k === 'id' ? -1 : known.includes(k) ? known.indexOf(k) : known.length);
  return keys.map((k, i) => ({ k, i })).sort((a, b) => rank(a.k) - rank(b.k) || a.i - b.i).map((x) => x.k);
}

// ---------------------------------------------------------------------------
// Oracles

function yamlDoc(text: string) {
  return parseDocument(text, { uniqueKeys: true });
}

/** Plain data with the keys of every object sorted, to compare values up to key order. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) Object.defineProperty(out, k, { value: canonical((v as Record<string, unknown>)[k]), enumerable: true });
    return out;
  }
  return v;
}

function valueOf(text: string): unknown {
  const doc = yamlDoc(text);
  assert.deepStrictEqual(doc.errors.map((e) => e.message), [], 'parses');
  return canonical(doc.toJS());
}

function commentsOf(text: string): string[] {
  const out: string[] = [];
  for (const token of new Lexer().lex(text)) if (CST.tokenType(token) === 'comment') out.push(token);
  return out.sort();
}

/** Every line without its indentation and leading dashes: what must survive formatting, as a sorted list. */
function lineBodies(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.replace(/^[ \t]*(?:-(?:[ \t]+|$))*/, ''))
    .sort();
}

function findingsOf(text: string): string[] {
  return analyzePlaybook(text).findings.map((f) => `${f.ruleId} | ${f.severity} | ${f.message}`).sort();
}

function topKeys(text: string): string[] {
  const root = yamlDoc(text).contents;
  return isMap(root) ? root.items.map((p) => String((p.key as Scalar).value)) : [];
}

function isBlockCollection(node: unknown): node is YAMLMap | YAMLSeq {
  return (isMap(node) || isSeq(node)) && !node.flow;
}

/** Asserts `indent` spaces per level: keys of a mapping at one column, values' collections one level deeper, item content after `- `. */
function assertIndentation(withBom: string, indent: number): void {
  const text = withBom.replace(/^\ufeff/, '');
  const starts = editorLineStarts(text);
  const col = (offset: number) => {
    let line = 0;
    while (line + 1 < starts.length && starts[line + 1] <= offset) line++;
    return offset - starts[line];
  };
  const walk = (node: unknown, expected: number, where: string): void => {
    if (isMap(node) && !node.flow) {
      for (const pair of node.items) {
        const key = pair.key as YamlNode;
        const at = col(key.range![0]);
        assert.strictEqual(at, expected, `${where}: key ${String((key as Scalar).value)} at column ${at}, expected ${expected}`);
        if (isBlockCollection(pair.value)) walk(pair.value, expected + indent, `${where}/${String((key as Scalar).value)}`);
      }
    } else if (isSeq(node) && !node.flow) {
      const at = col(node.range![0]);
      assert.strictEqual(at, expected, `${where}: dash at column ${at}, expected ${expected}`);
      node.items.forEach((item, i) => {
        if (isBlockCollection(item)) walk(item, expected + 2, `${where}/${i}`);
      });
    }
  };
  walk(yamlDoc(text).contents, 0, '');
}

const keysOf = (m: YAMLMap) => m.items.map((p) => (isScalar(p.key) ? String(p.key.value) : '?'));

/**
 * Asserts that every block-mapping entry of a top-level list has its keys in the expected
 * order, that a mapping nested in an entry is in its schema's order when the schema defines
 * its properties, and that every other mapping (top level, `rules`, unknown keys' values)
 * keeps the order it was written in.
 */
function assertKeyOrder(input: string, output: string): void {
  const walk = (a: unknown, b: unknown, schema: SchemaJson | undefined, inEntry: boolean, where: string): void => {
    if (isMap(a) && isMap(b)) {
      const props = resolved(schema)?.properties;
      const expected = inEntry && props && !b.flow ? expectedOrder(Object.keys(props), keysOf(a)) : keysOf(a);
      assert.deepStrictEqual(keysOf(b), expected, `keys of ${where || 'the top level'}`);
      for (const pair of a.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : '?';
        const child = props && Object.prototype.hasOwnProperty.call(props, key) ? props[key] : undefined;
        walk(pair.value, b.get(pair.key, true), child, inEntry, `${where}/${key}`);
      }
    } else if (isSeq(a) && isSeq(b)) {
      const items = resolved(resolved(schema)?.items);
      const entries = inEntry || (where.lastIndexOf('/') === 0 && ENTRY_KEYS.has(where.slice(1)));
      a.items.forEach((item, i) => walk(item, b.items[i], items, entries, `${where}/${i}`));
    }
  };
  walk(yamlDoc(input).contents, yamlDoc(output).contents, SCHEMA, false, '');
}

const counts = { formatted: 0, refused: 0 };

/** Formats `input` and checks every property of the module comment; returns the result. */
function checkFormatted(input: string, label: string, mustFormat = false): FormatResult {
  let result: FormatResult;
  try {
    result = formatPlaybook(input);
  } catch (err) {
    assert.fail(`${label}: formatPlaybook threw ${(err as Error)?.stack ?? String(err)}`);
  }
  if ('refused' in result) {
    counts.refused++;
    assert.ok(result.refused.length > 0 && !/[\r\n]/.test(result.refused), `${label}: a refusal is one line`);
    assert.ok(!mustFormat, `${label}: refused (${result.refused})\n${input}`);
    return result;
  }
  counts.formatted++;
  const out = result.text;
  try {
    assertSameContent(input, out);
    assert.deepStrictEqual(formatPlaybook(out), { text: out }, 'formatting again changes nothing');
    assertIndentation(out, 2);
    assertKeyOrder(input, out);
    assert.deepStrictEqual(findingsOf(out), findingsOf(input), 'same findings');
  } catch (err) {
    (err as Error).message = `${label}: ${(err as Error).message}\n--- input\n${input}\n--- output\n${out}`;
    throw err;
  }
  return result;
}

function assertSameContent(input: string, out: string): void {
  assert.deepStrictEqual(valueOf(out), valueOf(input), 'same value up to key order');
  assert.deepStrictEqual(commentsOf(out), commentsOf(input), 'same comments');
  assert.deepStrictEqual(lineBodies(out), lineBodies(input), 'same lines apart from indentation');
  assert.deepStrictEqual(topKeys(out), topKeys(input), 'top-level key order');
  assert.strictEqual(out.includes('\r\n'), input.includes('\r\n'), 'line ending');
  assert.strictEqual(out.endsWith('\n'), input.endsWith('\n'), 'final newline');
}

// ---------------------------------------------------------------------------
// Variants of the samples

const crlf = (text: string) => text.replace(/\n/g, '\r\n');

/**
 * A sample re-indented with 4 spaces per level: `  - key` becomes `    -   key` (keys aligned
 * 4 deeper than the dash); block scalar content moves with its key.
 */
function reindent4(text: string): string {
  let block: { keyCol: number; shift: number } | undefined;
  return text
    .split('\n')
    .map((line) => {
      const n = /^ */.exec(line)![0].length;
      if (block && (line.trim() === '' || n > block.keyCol)) return line === '' ? line : ' '.repeat(block.shift) + line;
      block = undefined;
      const dash = /^ *- (.*)$/.exec(line);
      const out = dash ? `${' '.repeat(2 * n)}-   ${dash[1]}` : ' '.repeat(2 * n) + line.slice(n);
      if (/:[ \t]*[|>][-+0-9]*[ \t]*(#.*)?$/.test(line)) {
        const keyCol = dash ? n + 2 : n;
        block = { keyCol, shift: (dash ? 2 * n + 4 : 2 * n) - keyCol };
      }
      return out;
    })
    .join('\n');
}

/**
 * The sample with the keys of each list entry shuffled (seeded), `id` kept first. A key takes
 * its own comment lines above it and its deeper lines (block scalar content) along.
 */
function shuffleEntries(text: string, seed: number): string {
  const r = rng(seed);
  const lines = text.split('\n');
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    if (!/^ {2}- /.test(lines[i])) {
      out.push(lines[i++]);
      continue;
    }
    let end = i + 1;
    while (end < lines.length && (lines[end].trim() === '' || /^ {3}/.test(lines[end]))) end++;
    while (end > i + 1 && lines[end - 1].trim() === '') end--;
    out.push(...shuffledEntry(lines.slice(i, end), r));
    i = end;
  }
  return out.join('\n');
}

function shuffledEntry(entry: string[], r: () => number): string[] {
  const groups: string[][] = [];
  let pending: string[] = [];
  entry.forEach((line, i) => {
    if (i > 0 && /^ {4}#/.test(line)) pending.push(line);
    else if (i === 0 || /^ {4}[^ ]/.test(line)) {
      groups.push([...pending, i === 0 ? `    ${line.slice(4)}` : line]);
      pending = [];
    } else groups[groups.length - 1].push(line);
  });
  const [first, ...rest] = groups;
  const order = [first, ...shuffle(rest, r)];
  const flat = order.flat();
  flat[0] = `  - ${flat[0].slice(4)}`;
  return [...flat, ...pending];
}

function shuffle<T>(items: T[], r: () => number): T[] {
  const a = items.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

// ---------------------------------------------------------------------------
// A seeded generator of playbooks, in many styles

type Rand = () => number;
const pick = <T>(r: Rand, items: readonly T[]): T => items[Math.floor(r() * items.length)];
const chance = (r: Rand, p: number) => r() < p;

interface Style {
  ind: number;
  /** Column of a list's dashes under its key: 0 or `ind`. */
  listOffset: number;
  /** What follows the dash of an entry: `- ` or, aligned, `-` and `ind - 1` spaces. */
  dash: string;
  comments: number;
}

const SCALARS = [
  'plain words here',
  "'single ''quoted'' # not a comment'",
  '"double \\"escaped\\" \\t caf\\u00e9 # no"',
  '42',
  '-3.50',
  '1e3',
  '0x1F',
  'true',
  'null',
  '~',
  '""',
  "''",
  '"a: b"',
  'with-dash',
  '2024-01-01',
  '"two\\nlines"',
  'ünïcödé 中文 👋',
];

/** A value for a key at column `col`: the text after `key:` and the lines below it. */
function valueLines(r: Rand, s: Style, col: number, key: string): { head: string; more: string[] } {
  const pad = ' '.repeat(col + s.ind);
  const eolComment = () => (chance(r, s.comments) ? `   # on ${key}` : '');
  switch (pick(r, ['scalar', 'scalar', 'scalar', 'flow', 'flowMulti', 'seq', 'block', 'plainMulti', 'quotedMulti', 'map'] as const)) {
    case 'scalar':
      return { head: ` ${pick(r, SCALARS)}${eolComment()}`, more: [] };
    case 'flow':
      return { head: ` [a, "b c", 'd']${eolComment()}`, more: [] };
    case 'flowMulti':
      return { head: ' [one,', more: [`${pad}two, "three"]${eolComment()}`] };
    case 'seq': {
      const dashPad = ' '.repeat(col + s.listOffset);
      const items = [`${dashPad}- first${eolComment()}`, `${dashPad}- "second"`];
      if (chance(r, s.comments)) items.push(`${dashPad}  # closing ${key}`);
      return { head: eolComment(), more: items };
    }
    case 'block': {
      const header = chance(r, 0.15) ? pick(r, ['|+', '>+']) : pick(r, ['|', '|-', '>', '>-']);
      return { head: ` ${header}${eolComment()}`, more: [`${pad}first line`, `${pad}  inner: indented`, '', `${pad}# not a comment`, `${pad}last`] };
    }
    case 'plainMulti':
      return { head: ' plain text that', more: [`${pad}goes on here${eolComment()}`] };
    case 'quotedMulti':
      return { head: ' "quoted text that', more: [`${pad}goes on"${eolComment()}`] };
    case 'map':
      return { head: '', more: [`${pad}alpha: 1`, ...(chance(r, s.comments) ? [`${pad}# about beta`] : []), `${pad}beta: two${eolComment()}`] };
  }
}

const ID_KEYS = ['stage', 'owner', 'trigger', 'escalatesTo'];

function entryLines(r: Rand, s: Style, list: string, n: number, dashCol: number): string[] {
  const known = ENTRY_KEYS.get(list)!.filter((k) => k !== 'id');
  let keys = ['id', ...shuffle(known, r).slice(0, 1 + Math.floor(r() * known.length))];
  if (chance(r, 0.2)) keys.push(pick(r, ['notes', 'x-extra', 'zz-custom']));
  const idFirst = chance(r, 0.6);
  keys = idFirst ? [keys[0], ...shuffle(keys.slice(1), r)] : shuffle(keys, r);
  const keyCol = dashCol + s.dash.length;
  const out: string[] = [];
  if (chance(r, s.comments)) out.push(`${' '.repeat(dashCol)}# before ${list} ${n}`);
  if (idFirst && chance(r, s.comments / 2)) out.push(`${' '.repeat(dashCol)}# playbook-disable-next-line coverage-gap -- fuzz`);
  keys.forEach((key, i) => {
    if (i > 0 && chance(r, 0.05)) out.push('');
    if (i > 0 && chance(r, s.comments)) out.push(`${' '.repeat(chance(r, 0.8) ? keyCol : Math.floor(r() * keyCol))}# about ${key}`);
    const written = key === 'name' && chance(r, 0.2) ? '"name"' : key;
    const v = key === 'id' ? { head: ` ${list}-${n}`, more: [] } : ID_KEYS.includes(key) ? { head: ` ref-${Math.floor(r() * 3)}`, more: [] } : valueLines(r, s, keyCol, key);
    out.push(`${i === 0 ? ' '.repeat(dashCol) + s.dash : ' '.repeat(keyCol)}${written}:${v.head}`, ...v.more);
  });
  if (chance(r, s.comments / 2)) out.push(`${' '.repeat(keyCol)}# end of ${list} ${n}`);
  return out;
}

/** A playbook text from a seed: valid YAML in one of many styles. */
function generatePlaybook(seed: number): string {
  const r = rng(seed);
  const ind = pick(r, [2, 2, 3, 4]);
  const s: Style = { ind, listOffset: chance(r, 0.7) ? ind : 0, dash: chance(r, 0.5) ? `-${' '.repeat(ind - 1)}` : '- ', comments: pick(r, [0, 0.1, 0.3]) };
  const blocks: string[][] = [[`playbook: pb-${seed}`], ['title: "Generated"   # a title'], [`framework: ${pick(r, ['laer', 'aida', 'custom'])}`]];
  if (chance(r, 0.5)) blocks.push(['description: |', `${' '.repeat(ind)}Some **text**.`, `${' '.repeat(ind * 2)}indented`]);
  for (const list of ENTRY_KEYS.keys()) {
    if (!chance(r, 0.8)) continue;
    const lines = [`${list}:${chance(r, s.comments) ? ' # the list' : ''}`];
    const count = 1 + Math.floor(r() * 4);
    for (let n = 0; n < count; n++) {
      if (n > 0 && chance(r, 0.3)) lines.push('');
      lines.push(...entryLines(r, s, list, n, s.listOffset));
    }
    blocks.push(lines);
  }
  if (chance(r, 0.3)) blocks.push(['rules:', `${' '.repeat(ind)}kpi-unmeasured: off`, `${' '.repeat(ind)}coverage-gap: info`]);
  const lines: string[] = chance(r, 0.5) ? ['# A generated playbook', '# with a header'] : [];
  if (chance(r, 0.2)) lines.push('---');
  for (const block of chance(r, 0.3) ? shuffle(blocks, r) : blocks) {
    if (chance(r, 0.3)) lines.push('');
    if (chance(r, s.comments)) lines.push(pick(r, ['# section', '  # indented section comment']));
    lines.push(...block);
  }
  const eol = chance(r, 0.2) ? '\r\n' : '\n';
  return lines.join(eol) + (chance(r, 0.85) ? eol : '');
}

const TOKENS = ['&a ', '*a', '!tag ', ': ', '- ', '[', '{', '"', "'", '#', ' # c', '\t', '<<: ', '? ', '|', '\r', '\n', '  '];

/** A random edit: most make a syntax error or change the structure. */
function mutate(text: string, r: Rand): string {
  const lines = text.split('\n');
  const at = Math.floor(r() * lines.length);
  switch (pick(r, ['delete', 'duplicate', 'swap', 'indent', 'insert', 'truncate', 'crlf'] as const)) {
    case 'delete':
      lines.splice(at, 1);
      break;
    case 'duplicate':
      lines.splice(at, 0, lines[at]);
      break;
    case 'swap':
      if (at + 1 < lines.length) [lines[at], lines[at + 1]] = [lines[at + 1], lines[at]];
      break;
    case 'indent':
      lines[at] = chance(r, 0.5) ? ' '.repeat(1 + Math.floor(r() * 4)) + lines[at] : lines[at].replace(/^ {1,3}/, '');
      break;
    case 'insert': {
      const pos = Math.floor(r() * text.length);
      return text.slice(0, pos) + pick(r, TOKENS) + text.slice(pos);
    }
    case 'truncate':
      return text.slice(0, Math.floor(r() * text.length));
    case 'crlf':
      lines[at] += '\r';
      break;
  }
  return lines.join('\n');
}

/** The fuzz suite's saved inputs (UTF-8, or UTF-16LE behind an FF FE mark). */
function fuzzFixtures(): { name: string; text: string }[] {
  const dir = path.join(repoRoot(), 'test', 'fixtures', 'fuzz');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => {
      const bytes = fs.readFileSync(path.join(dir, f));
      const text = bytes[0] === 0xff && bytes[1] === 0xfe ? bytes.subarray(2).toString('utf16le') : bytes.toString('utf8');
      return { name: f, text };
    });
}

// ---------------------------------------------------------------------------
// Suites

suite('format: samples', function () {
  this.timeout(600_000);
  for (const sample of samples()) {
    test(`${sample.name}: as it is, in CRLF, re-indented with 4 spaces, with shuffled keys`, () => {
      const formatted = checkFormatted(sample.text, sample.name, true) as { text: string };
      assert.notStrictEqual(formatted.text, '', 'something came back');
      const windows = checkFormatted(crlf(sample.text), `${sample.name} (CRLF)`, true) as { text: string };
      assert.strictEqual(windows.text, crlf(formatted.text), 'CRLF: the same text with CRLF');

      const wide = reindent4(sample.text);
      assert.notStrictEqual(wide, sample.text);
      assert.deepStrictEqual(valueOf(wide), valueOf(sample.text), 'the 4-space variant means the same (test precondition)');
      assert.strictEqual((checkFormatted(wide, `${sample.name} (4 spaces)`, true) as { text: string }).text, formatted.text, 'back to the 2-space text');

      const shuffled = shuffleEntries(sample.text, sample.name.length * 7919);
      assert.notStrictEqual(shuffled, sample.text);
      assert.deepStrictEqual(valueOf(shuffled), valueOf(sample.text), 'the shuffled variant means the same (test precondition)');
      assert.strictEqual((checkFormatted(shuffled, `${sample.name} (shuffled)`, true) as { text: string }).text, formatted.text, 'the same order as the original gets');

      const both = reindent4(shuffleEntries(sample.text, sample.name.length * 104729));
      assert.strictEqual((checkFormatted(both, `${sample.name} (4 spaces, shuffled)`, true) as { text: string }).text, formatted.text);
    });
  }

  test('a sample moves only keys that are out of schema order: every other line stays where it is', () => {
    const laer = samples().find((s) => s.name === 'laer.playbook.yaml')!;
    const out = (formatPlaybook(laer.text) as { text: string }).text;
    const a = laer.text.split('\n');
    const b = out.split('\n');
    assert.strictEqual(b.length, a.length);
    const moved = a.filter((line, i) => line !== b[i]);
    assert.ok(moved.length > 0 && moved.every((l) => /^ {4}(baseline|target|emotion|escalatesTo|kpis|within|trigger|segments|description): /.test(l)), moved.join('\n'));
  });
});

suite('format: generated and mutated playbooks', function () {
  this.timeout(600_000);
  const generated = testRuns(300);
  const mutated = testRuns(300);

  test(`${generated} generated playbooks (2/3/4 spaces, comments, block and multi-line scalars, CRLF) are formatted`, () => {
    let refused = 0;
    for (let seed = 1; seed <= generated; seed++) {
      const text = generatePlaybook(seed);
      assert.deepStrictEqual(yamlDoc(text).errors.map((e) => e.message), [], `generator seed ${seed} makes valid YAML:\n${text}`);
      // The one refusal allowed: a keep-chomping block scalar moved above a blank line (see the case below).
      const keep = /: [|>]\+/.test(text);
      const result = checkFormatted(text, `generated seed ${seed}`, !keep);
      if ('refused' in result) {
        assert.match(result.refused, KEEP, `seed ${seed}: ${result.refused}\n${text}`);
        refused++;
      }
    }
    assert.ok(refused <= Math.max(2, generated / 10), `${refused} of ${generated} refused`);
  });

  test(`${mutated} mutated generated playbooks and samples: formatted or refused, never a throw`, () => {
    const base = samples();
    const r = rng(424242);
    const before = { ...counts };
    for (let i = 0; i < mutated; i++) {
      let text = i % 2 ? generatePlaybook(10_000 + i) : base[i % base.length].text;
      const edits = 1 + Math.floor(r() * 3);
      for (let e = 0; e < edits; e++) text = mutate(text, r);
      checkFormatted(text, `mutation ${i}`);
    }
    // Both outcomes occur: the mutations are neither all fatal nor all harmless.
    assert.ok(counts.formatted > before.formatted && counts.refused > before.refused, JSON.stringify(counts));
  });

  test('the fuzz regression fixtures and random bytes: formatted or refused, never a throw', () => {
    for (const f of fuzzFixtures()) checkFormatted(f.text, f.name);
    const r = rng(7);
    const alphabet = ['a', ':', ' ', '-', '\n', '#', '"', "'", '[', ']', '{', '}', '|', '>', '\t', '\r', '&', '*', '!', '?', 'id', '\ufeff', '\u2028', 'é'];
    for (let i = 0; i < testRuns(200); i++) {
      let text = '';
      const length = Math.floor(r() * 60);
      for (let c = 0; c < length; c++) text += pick(r, alphabet);
      checkFormatted(text, `random text ${JSON.stringify(text)}`);
    }
  });

  test('a 500 KB playbook is formatted, the same as its 2-space original (a hang guard, not a timing: speed belongs to the benchmark)', () => {
    const original = benchPlaybook(2000);
    const wide = reindent4(original);
    const shuffled = wide.replace(/^( *)- {3}id: (\S+)\n( *)name: (.*)$/gm, (_all, dash: string, id: string, pad: string, name: string) => `${dash}-   name: ${name}\n${pad}id: ${id}`);
    assert.ok(shuffled.length > 500_000, `${shuffled.length} characters`);
    formatPlaybook(original.slice(0, 5000)); // warm up the code paths once
    const started = performance.now();
    const result = formatPlaybook(shuffled);
    const ms = performance.now() - started;
    assert.ok('text' in result, JSON.stringify(result));
    assert.strictEqual(result.text, (formatPlaybook(original) as { text: string }).text);
    assert.ok(ms < 60_000, `hang guard: took ${ms.toFixed(0)} ms`);
    console.log(`      500 KB playbook formatted in ${ms.toFixed(0)} ms; inputs formatted ${counts.formatted}, refused ${counts.refused}`);
  });
});

/** Formats a dedented snippet, asserts the properties, and compares with the expected text. */
function expectFormat(input: string, expected: string, options?: { indent?: number }): void {
  const result = options ? formatPlaybook(input, options) : checkFormatted(input, 'case', true);
  assert.deepStrictEqual(result, { text: expected });
}

function expectRefused(input: string, reason: RegExp): void {
  const result = checkFormatted(input, 'case');
  assert.ok('refused' in result, `not refused: ${JSON.stringify(result)}`);
  assert.match(result.refused, reason);
}

suite('format: cases', () => {
  test('a comment above a key moves with the key', () => {
    expectFormat(
      dedent(`
        touchpoints:
          - id: a
            owner: csm
            # why this stage
            stage: land
      `),
      dedent(`
        touchpoints:
          - id: a
            # why this stage
            stage: land
            owner: csm
      `),
    );
  });

  test('a comment above a key that becomes the first one goes above the dash', () => {
    expectFormat('touchpoints:\n  - stage: s\n    # the id\n    id: a\n', 'touchpoints:\n  # the id\n  - id: a\n    stage: s\n');
  });

  test('end-of-line comments stay after the same content', () => {
    expectFormat('owners:\n  - type: team # a team\n    id: cs   # the id\n', 'owners:\n  - id: cs   # the id\n    type: team # a team\n');
  });

  test('comments at the end of an entry and between entries stay where they are', () => {
    expectFormat(
      dedent(`
        segments:
          - id: a
            owner: o
            name: A
            # end of a
          # between a and b

          - id: b
      `),
      dedent(`
        segments:
          - id: a
            name: A
            owner: o
            # end of a
          # between a and b

          - id: b
      `),
    );
  });

  test('a blank line between two keys moves with the key below it', () => {
    expectFormat('owners:\n  - id: a\n    contact: x\n\n    name: N\n', 'owners:\n  - id: a\n\n    name: N\n    contact: x\n');
  });

  test('a block scalar moves as a whole: inner indentation, `|-` and comment-like lines kept', () => {
    const input = ['stages:', '    -   goal: |-', '            first', '              inner', '', '            # not a comment', '        id: land', ''].join('\n');
    const expected = ['stages:', '  - id: land', '    goal: |-', '        first', '          inner', '', '        # not a comment', ''].join('\n');
    expectFormat(input, expected);
    assert.strictEqual((yamlDoc(expected).toJS() as { stages: { goal: string }[] }).stages[0].goal, 'first\n  inner\n\n# not a comment');
  });

  test('flow sequences, quoted keys and unknown keys are kept as written; unknown keys go last', () => {
    expectFormat(
      'touchpoints:\n  - "segments": [a,   "b"]   # flow\n    custom-note: keep me\n    id: t\n    stage: s\n',
      'touchpoints:\n  - id: t\n    stage: s\n    "segments": [a,   "b"]   # flow\n    custom-note: keep me\n',
    );
  });

  test('multi-line flow sequences and quoted or plain scalars move with their key', () => {
    expectFormat(
      'touchpoints:\n    - kpis: [a,\n        b]\n      name: "one\n        two"\n      description: three\n        four\n      id: t\n',
      'touchpoints:\n  - id: t\n    name: "one\n      two"\n    kpis: [a,\n      b]\n    description: three\n      four\n',
    );
  });

  test('top-level keys and the rules map keep their order; nested sequences are indented one level', () => {
    expectFormat(
      'title: T\nplaybook: p\nrules:\n    zeta-rule: off\n    coverage-gap: info\ntouchpoints:\n- segments:\n  - x\n  id: a\n',
      'title: T\nplaybook: p\nrules:\n  zeta-rule: off\n  coverage-gap: info\ntouchpoints:\n  - id: a\n    segments:\n      - x\n',
    );
  });

  test('CRLF and a missing final newline are kept', () => {
    expectFormat('kpis:\r\n    - metric: nps\r\n      id: k', 'kpis:\r\n  - id: k\r\n    metric: nps');
  });

  test('the header, document markers and a comment after the end are kept', () => {
    expectFormat('# header\n%YAML 1.2\n---\nkpis:\n    - metric: nps\n      id: k\n...\n# after\n', '# header\n%YAML 1.2\n---\nkpis:\n  - id: k\n    metric: nps\n...\n# after\n');
  });

  test('a suppression comment above a key keeps silencing its finding', () => {
    const input = dedent(`
      playbook: p
      title: T
      framework: laer
      owners:
        - id: bot
          type: automation
      segments:
        - id: vip
          engagement: no-touch
      touchpoints:
        - owner: csm
          # playbook-disable-next-line unknown-reference -- pending
          stage: land
          id: t
          channel: email
    `);
    checkFormatted(input, 'suppression', true);
  });

  test('indent 4: each level 4 spaces; back to 2 with the default', () => {
    const input = 'touchpoints:\n  - id: a\n    segments:\n      - x\n';
    const wide = 'touchpoints:\n    - id: a\n      segments:\n          - x\n';
    expectFormat(input, wide, { indent: 4 });
    expectFormat(wide, input);
    assert.ok('refused' in formatPlaybook(input, { indent: 0 }));
    assert.ok('refused' in formatPlaybook(input, { indent: 2.5 }));
  });

  test('a file with a syntax error is refused', () => {
    expectRefused('touchpoints:\n  - id: a\n    stage: [x\n', /syntax errors/);
    expectRefused('a: 1\na: 2\n', /syntax errors/);
    expectRefused('a: 1\n---\nb: 2\n', /syntax errors/);
  });

  test('anchors, aliases, merge keys and tags are refused', () => {
    expectRefused('owners:\n  - &o\n    id: a\n  - id: b\n', /anchors/);
    expectRefused('a: &x 1\nb: *x\n', /anchors/);
    expectRefused('a:\n  <<: {b: 1}\n', /anchors|merge/);
    expectRefused('a: !!str 1\n', /tags/);
  });

  test('mixed line endings and complex keys are refused', () => {
    expectRefused('a: 1\r\nb: 2\n', /line endings/);
    expectRefused('a: 1\rb: 2\n', /line endings/);
    expectRefused('? a\n: b\n', /complex keys/);
  });

  test('a `|+` block scalar that would take in a blank line is refused', () => {
    const input = 'stages:\n  - exitCriteria: |+\n      text\n    id: a\n\n  - id: b\n';
    assert.strictEqual((yamlDoc(input).toJS() as { stages: { exitCriteria: string }[] }).stages[0].exitCriteria, 'text\n');
    // Moved below `id`, the scalar would end right above the blank line and keep it: "text\n\n".
    expectRefused(input, KEEP);
    expectRefused(input.replace('|+', '>+'), KEEP);
    // Without the blank line it moves.
    expectFormat('stages:\n  - exitCriteria: |+\n      text\n    id: a\n  - id: b\n', 'stages:\n  - id: a\n    exitCriteria: |+\n      text\n  - id: b\n');
  });

  test('the safety net compares values up to key order, and comments', () => {
    const before = 'a: 1 # one\nb: [x, y]\nc: {d: 1, e: 2}\n';
    assert.ok(sameContent(before, 'b: [x, y]\na: 1 # one\nc: {e: 2, d: 1}\n'), 'keys reordered');
    assert.ok(sameContent(before, 'a: 1\n# one\nb: [x, y]\nc: {d: 1, e: 2}\n'), 'a comment on its own line');
    assert.ok(!sameContent(before, 'a: 1 # two\nb: [x, y]\nc: {d: 1, e: 2}\n'), 'a comment changed');
    assert.ok(!sameContent(before, 'a: 1\nb: [x, y]\nc: {d: 1, e: 2}\n'), 'a comment lost');
    assert.ok(!sameContent(before, 'a: 1 # one\nb: [y, x]\nc: {d: 1, e: 2}\n'), 'a list reordered');
    assert.ok(!sameContent(before, 'a: "1" # one\nb: [x, y]\nc: {d: 1, e: 2}\n'), 'a number became a string');
    assert.ok(!sameContent(before, 'a: 1 # one\nb: [x, y\nc: {d: 1, e: 2}\n'), 'a syntax error');
  });

  test('an empty file, a file of comments, a scalar: nothing to change', () => {
    for (const text of ['', '\n', '# only\n# comments', '  # indented\r\n', 'just a scalar\n', '\ufeffa: 1\n']) expectFormat(text, text);
  });

  test('a byte order mark is kept', () => {
    expectFormat('\ufeffkpis:\n    - metric: nps\n      id: k\n', '\ufeffkpis:\n  - id: k\n    metric: nps\n');
  });

  test('never throws, whatever the input', () => {
    for (const text of ['- '.repeat(2000) + 'a', '['.repeat(2000), '\u0000', 'a:\n\t- b', '\r', '-\n-\n', ': x', '"', 'a: |\n  x\n b']) {
      const result = formatPlaybook(text);
      assert.ok('text' in result || 'refused' in result);
    }
    assert.ok('refused' in formatPlaybook(undefined as unknown as string));
  });
});

suite('formatting keeps what suppression comments apply to', () => {
  const head = 'playbook: p\ntitle: P\nframework: laer\nowners:\n  - id: csm\n    name: CSM\n    type: team\nsegments:\n  - id: ent\n    name: Ent\n    engagement: no-touch\n';
  test('a suppression above an entry whose first key would move: refused, nothing changed', () => {
    const text = `${head}touchpoints:\n  # playbook-disable-next-line touch-mismatch -- agreed with the team\n  - owner: csm\n    id: t1\n    name: T1\n    stage: land\n    channel: email\n    segments: [ent]\n`;
    const r = formatPlaybook(text);
    assert.ok('refused' in r, JSON.stringify(r));
    assert.match(r.refused, /playbook-disable-next-line/);
  });
  test('a suppression above a key inside an entry moves with its key: formatted, the same findings', () => {
    const text = `${head}touchpoints:\n  - name: T1\n    id: t1\n    stage: land\n    channel: email\n    segments: [ent]\n    # playbook-disable-next-line touch-mismatch -- agreed with the team\n    owner: csm\n`;
    const r = formatPlaybook(text);
    assert.ok('text' in r, JSON.stringify(r));
    assert.match(r.text, /- id: t1/);
    const brief = (t: string) => analyzePlaybook(t).findings.map((f) => `${f.ruleId}: ${f.message}`).sort();
    assert.deepStrictEqual(brief(r.text), brief(text));
    assert.ok(!brief(text).some((m) => m.startsWith('touch-mismatch')), 'the suppression works before');
  });
});
