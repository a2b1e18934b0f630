/**
 * The fast parser against the `yaml` library: whenever the fast parser accepts a text, the
 * value and every node location must be exactly the library's (and the text must be one the
 * library reads without an error or a warning). Random YAML from a grammar that reaches well
 * outside the fast subset, random mutations of the samples, and the generated playbooks.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { generatePlaybook, rng, withFindings } from '../../bench/generate';
import { fastParse, resolvePlain } from '../../server/src/core/fastParse';
import { parsePlaybook, parseWithLibrary } from '../../server/src/core/parse';
import type { NodeIndex } from '../../server/src/core/nodeIndex';
import { testRuns } from './helpers';

const SAMPLES = path.join(__dirname, '../../../samples');

function sorted(nodes: NodeIndex): [string, unknown][] {
  return [...nodes.entries()].map(([p, l]) => [p, l] as [string, unknown]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** 'fast' when the fast parser took the text (and agreed with the library), 'library' when it gave up. */
function compare(text: string): 'fast' | 'library' {
  const fast = fastParse(text);
  if (!fast) return 'library';
  const lib = parseWithLibrary(text);
  assert.deepStrictEqual(lib.syntax, [], `the fast parser accepted a text the library reports on:\n${text}`);
  assert.deepStrictEqual(fast.value, lib.value, `values differ for:\n${JSON.stringify(text)}`);
  assert.deepStrictEqual(sorted(fast.nodes), sorted(lib.nodes), `locations differ for:\n${JSON.stringify(text)}`);
  assert.deepStrictEqual(fast.lineStarts, lib.lines.lineStarts, `line starts differ for:\n${JSON.stringify(text)}`);
  return 'fast';
}

/** Random YAML: nested mappings and sequences, scalars of every style, comments and blank lines anywhere. */
function randomYaml(seed: number): string {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const chance = (p: number) => r() < p;
  // Half the texts stay close to what playbooks hold; the other half go anywhere.
  const wild = chance(0.5);
  const out: string[] = [];
  const WORDS = ['alpha', 'beta', 'x', 'id', 'name', 'owner', 'a b', 'über', 'e-mail', 'k.v', 'a/b', 'a~b', '12', 'true', 'null', '~', '1.5', '0x1F', '0o17', '.inf', '-.5', '1e3', '+3', '-0', 'No', 'on', 'yes', '007', '1_000', '2026-11-30', 'http://x.y/z', 'a:b', 'a#b', 'x!', '50%', 'é'];
  const key = (): string => {
    if (chance(wild ? 0.05 : 0.01)) return pick(['"quoted key"', "'single'", '"a\\"b"', '? complex', '[k]', '&anchor k', '1', 'true', '__proto__', 'dup']);
    return pick(['id', 'name', 'stage', 'owner', 'channel', 'segments', 'sla', 'kpis', 'notes', 'k', 'key with space', 'dup', 'emotion', 'a-b', 'x_y']);
  };
  const scalar = (): string => {
    const roll = wild ? r() : r() * 0.75;
    if (roll < 0.45) return pick(WORDS);
    if (roll < 0.55) return `"${pick(WORDS)}${pick(['', '\\n', '\\t', '\\"', '\\\\', '\\u00e9', '\\x41', '\\q', "'", '#', ': '])}"`;
    if (roll < 0.62) return `'${pick(WORDS)}${pick(['', "''", '"', '#', ': ', '\\'])}'`;
    if (roll < 0.72) return `[${Array.from({ length: Math.floor(r() * 4) }, () => (chance(0.15) ? `"${pick(WORDS)}"` : pick(WORDS))).join(pick([', ', ',', ' , ']))}${pick(['', '', ' ', ',', ', '])}]`;
    if (roll < 0.75) return pick(['{}', '{ }', '{a: 1}', '[]', '[ ]', '[a, [b]]']);
    if (roll < 0.8) return pick(['&a x', '*a', '!tag x', '- x', '? x', '`x`', '@x', '%x', '|x', '>x', 'a: b', 'x #c', 'x#c', 'x  ', 'multi  space']);
    return pick(['', '', ' ']);
  };
  const comment = (indent: number) => {
    if (chance(0.15)) out.push(`${' '.repeat(Math.max(0, indent + Math.floor(r() * 5) - 2))}# ${pick(WORDS)}`);
    if (chance(0.08)) out.push(chance(0.7) ? '' : ' '.repeat(Math.floor(r() * 6)));
  };
  const blockScalar = (indent: number) => {
    const header = pick(wild ? ['|', '>', '|-', '>-', '|+', '>+', '|2', '| # c', '>  '] : ['|', '>', '|-', '>-', '| # c']);
    const inner = indent + pick([1, 2, 2, 4]);
    const lines = 1 + Math.floor(r() * 4);
    const body: string[] = [];
    for (let i = 0; i < lines; i++) {
      if (chance(0.15)) body.push(chance(0.5) ? '' : ' '.repeat(Math.floor(r() * (inner + 3))));
      body.push(`${' '.repeat(inner + (chance(0.1) ? 2 : 0))}${pick(WORDS)}${chance(0.1) ? ' # not a comment' : ''}`);
    }
    if (chance(0.2)) body.push('');
    return { header, body };
  };
  const node = (indent: number, depth: number, lead: string | undefined): void => {
    // `lead`: the text already on the line (a dash); the first entry goes on that line.
    const kind = depth > 3 ? 'scalar' : pick(['map', 'map', 'seq', 'scalar']);
    if (kind === 'scalar' && lead !== undefined) {
      const v = scalar();
      out.push(`${lead}${v}${chance(0.1) ? ' # c' : ''}`);
      return;
    }
    const n = 1 + Math.floor(r() * 4);
    for (let i = 0; i < n; i++) {
      const first = i === 0 && lead !== undefined;
      const prefix = first ? lead : ' '.repeat(Math.max(0, indent + (wild && chance(0.03) ? pick([-1, 1]) : 0)));
      if (kind === 'seq' || (kind === 'scalar' && lead === undefined)) {
        const gap = pick([' ', ' ', '  ', '   ']);
        const dashLead = `${prefix}-${gap}`;
        if (chance(0.15)) {
          out.push(`${prefix}-${chance(0.3) ? ' # c' : ''}`);
          comment(indent);
          node(indent + pick([2, 2, 4]), depth + 1, undefined);
        } else node(indent + 1 + gap.length, depth + 1, dashLead);
      } else {
        const k = key();
        const sep = pick([': ', ': ', ':  ', ' : ', ':']);
        const roll = r();
        if (roll < 0.55 && sep !== ':') out.push(`${prefix}${k}${sep}${scalar()}${chance(0.1) ? pick([' # c', '  #c', '#c']) : ''}`);
        else if (roll < 0.65) {
          const b = blockScalar(indent);
          out.push(`${prefix}${k}: ${b.header}`);
          out.push(...b.body);
        } else {
          out.push(`${prefix}${k}:${chance(0.1) ? ' # c' : ''}`);
          comment(indent);
          if (chance(0.15)) node(indent, depth + 1, undefined);
          else node(indent + pick([1, 2, 2, 4]), depth + 1, undefined);
        }
      }
      comment(indent);
    }
  };
  if (chance(0.1)) out.push(pick(wild ? ['# top', '---', '%YAML 1.2\n---', '', '  '] : ['# top', '']));
  node(0, 0, undefined);
  if (chance(0.1)) out.push(pick(wild ? ['...', '---\nb: 1', '  # trailing', '#end'] : ['  # trailing', '#end']));
  let text = out.join('\n');
  if (chance(0.7)) text += '\n';
  if (chance(0.1)) text = text.replace(/\n/g, '\r\n');
  if (wild && chance(0.03)) text = text.replace(/\n/, '\r');
  if (wild && chance(0.06)) text = text.replace(/ {2}/, '\t');
  return text;
}

/** A random small change to a text: a line dropped, repeated or re-indented, a character typed or removed. */
function mutate(text: string, seed: number): string {
  const r = rng(seed);
  const lines = text.split('\n');
  const at = Math.floor(r() * lines.length);
  const roll = r();
  if (roll < 0.2) lines.splice(at, 1);
  else if (roll < 0.35) lines.splice(at, 0, lines[at]);
  else if (roll < 0.5) lines[at] = (r() < 0.5 ? ' ' : '') + lines[at].replace(/^ /, r() < 0.5 ? '' : ' ');
  else {
    const line = lines[at];
    const col = Math.floor(r() * (line.length + 1));
    const ch = ' :-#"\'[]{},&*!|>?%@`\\\ta1'[Math.floor(r() * 27)];
    lines[at] = r() < 0.7 ? line.slice(0, col) + ch + line.slice(col) : line.slice(0, col) + line.slice(col + 1);
  }
  return lines.join('\n');
}

suite('fast parser', () => {
  test('takes every sample and the generated playbooks, with the library\'s values and locations', () => {
    for (const f of fs.readdirSync(SAMPLES).filter((n) => n.endsWith('.yaml'))) {
      const text = fs.readFileSync(path.join(SAMPLES, f), 'utf8');
      assert.strictEqual(compare(text), 'fast', f);
      // The same file saved with Windows line ends.
      assert.strictEqual(compare(text.replace(/\n/g, '\r\n')), 'fast', `${f} (CRLF)`);
    }
    for (const n of [1, 8, 40, 300]) {
      assert.strictEqual(compare(generatePlaybook(n, n + 3)), 'fast');
      assert.strictEqual(compare(withFindings(generatePlaybook(n, n + 5))), 'fast');
    }
  });

  test('random YAML: whatever it takes equals the library (and it takes a good share)', () => {
    const runs = testRuns(60000, 2000);
    let fast = 0;
    for (let seed = 1; seed <= runs; seed++) if (compare(randomYaml(seed)) === 'fast') fast++;
    // The grammar reaches far outside the subset on purpose; the subset must still be exercised.
    assert.ok(fast > runs * 0.1, `only ${fast} of ${runs} random texts took the fast path`);
    assert.ok(fast < runs, 'every random text took the fast path: the grammar no longer reaches outside it');
  });

  test('mutated samples: whatever it takes equals the library', () => {
    const texts = fs.readdirSync(SAMPLES).filter((n) => n.endsWith('.yaml')).map((f) => fs.readFileSync(path.join(SAMPLES, f), 'utf8'));
    const runs = testRuns(1500, 100);
    let fast = 0;
    for (let seed = 1; seed <= runs; seed++) {
      let text = texts[seed % texts.length];
      const steps = 1 + (seed % 3);
      for (let i = 0; i < steps; i++) text = mutate(text, seed * 31 + i);
      if (compare(text) === 'fast') fast++;
    }
    assert.ok(fast > runs * 0.3, `only ${fast} of ${runs} mutated samples took the fast path`);
  });

  test('entry locations are built on first use, and equal whichever entry is asked first', () => {
    const text = generatePlaybook(60, 9);
    const lib = parseWithLibrary(text);
    const a = parsePlaybook(text);
    // Ask from the end first, then one pointer in the middle, then everything.
    assert.deepStrictEqual(a.nodes.get('/touchpoints/59/owner'), lib.nodes.get('/touchpoints/59/owner'));
    assert.deepStrictEqual(a.nodes.get('/touchpoints/30'), lib.nodes.get('/touchpoints/30'));
    assert.strictEqual(a.nodes.entryBase('/touchpoints/10'), lib.nodes.get('/touchpoints/10')!.value[0]);
    assert.strictEqual(a.nodes.entryBase('/touchpoints/60'), undefined);
    assert.deepStrictEqual(sorted(a.nodes), sorted(lib.nodes));
  });

  test('leaves to the library what the review found it read differently', () => {
    const cases = [
      '<<: {}\n', '<<:\n  a: 1\n', '- <<: {}\n', '<<: x\n', '"<<": x\n',
      'k: [-]\n', 'k: [a, -]\n', 'k: [-, a]\n', 'k: [?]\n', 'k: [a, ?]\n', 'k: [:]\n',
      `x:\n${'k'.repeat(1024)}: v\n`, `a:\n  x:\n  ${'k'.repeat(1022)}: v\n`,
      // A key given twice (the library reports it), wherever it is and however it is written.
      'a: 1\na: 2\n', 'a: 1\nb: 2\n"a": 3\n', "k:\n  x: 1\n  'x': 1\n", 'touchpoints:\n  - id: a\n    name: n\n    id: b\n',
      'l:\n  - a: 1\n    b:\n      c: 1\n      c:\n        d: 2\n', 'constructor: 1\nconstructor: 2\n', '1a: x\n1a: y\n',
    ];
    for (const text of cases) assert.strictEqual(fastParse(text), undefined, JSON.stringify(text.slice(0, 40)));
    // Keys that are names of the object's prototype are ordinary keys, once each.
    assert.strictEqual(compare('constructor: 1\ntoString: x\nhasOwnProperty: [a]\n'), 'fast');
    for (const text of ['k: [-a, ?b, a-]\n', `${'k'.repeat(900)}: v\n`, 'a: |\r\n  x\r\n\r\n  y\r\nb: >-\r\n  p\r\n  q\r\n']) assert.strictEqual(compare(text), 'fast', text.slice(0, 40));
    // A CR that does not end a line (old Mac line ends) is the library's.
    assert.strictEqual(fastParse('a: 1\rb: 2\n'), undefined);
    // Nesting deeper than the library handles, and deep enough to overflow a recursive parser: no throw.
    const deep = Array.from({ length: 2300 }, (_, i) => `${' '.repeat(i)}-`).join('\n') + '\nv: 1\n';
    assert.strictEqual(fastParse(deep), undefined);
    assert.doesNotThrow(() => parsePlaybook(Array.from({ length: 300 }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' 1\n'));
  });

  test('plain scalars resolve as the YAML 1.2 core schema says', () => {
    const cases: [string, unknown][] = [
      ['~', null], ['null', null], ['Null', null], ['NULL', null], ['nULL', 'nULL'],
      ['true', true], ['True', true], ['FALSE', false], ['yes', 'yes'], ['on', 'on'],
      ['12', 12], ['-3', -3], ['+4', 4], ['007', 7], ['0o17', 15], ['0x1F', 31], ['1_000', '1_000'],
      ['1.5', 1.5], ['.5', 0.5], ['1.', 1], ['1e3', 1000], ['-.inf', -Infinity], ['.NaN', NaN], ['2026-11-30', '2026-11-30'],
    ];
    for (const [text, value] of cases) {
      assert.deepStrictEqual(resolvePlain(text), value, text);
      assert.deepStrictEqual(compare(`k: ${text}\n`), 'fast', text);
    }
  });
});
