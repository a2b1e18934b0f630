/** `suggest()`: the one "did you mean" of every message and fix, and how near each use asks for. */
import * as assert from 'assert';
import { boundedEditDistance, editDistance, suggest, SuggestionUse } from '../../server/src/core/text';

interface SuggestCase {
  name: string;
  word: string;
  candidates: string[];
  use: SuggestionUse;
  /** The candidate named and whether it is near enough; undefined when there is no candidate. */
  expected: [string, boolean] | undefined;
}

const CASES: SuggestCase[] = [
  { name: 'no candidates: nothing', word: 'kickoff', candidates: [], use: 'reference', expected: undefined },
  { name: 'a typo of two edits is near', word: 'onbaording', candidates: ['renewal', 'onboarding'], use: 'reference', expected: ['onboarding', true] },
  { name: 'case does not count', word: 'Onboarding', candidates: ['onboarding'], use: 'key', expected: ['onboarding', true] },
  { name: 'a far candidate is still named, not near', word: 'enterprise-emea', candidates: ['smb'], use: 'reference', expected: ['smb', false] },
  { name: 'ties: the first listed', word: 'ab', candidates: ['ac', 'ad'], use: 'value', expected: ['ac', true] },
  { name: 'a prefix counts half an edit less', word: 'adv', candidates: ['adz', 'adva'], use: 'reference', expected: ['adva', true] },
  { name: 'reference: a prefix is near however long the rest', word: 'on', candidates: ['onboarding'], use: 'reference', expected: ['onboarding', true] },
  { name: 'key: a prefix alone is not near', word: 'on', candidates: ['onboarding'], use: 'key', expected: ['onboarding', false] },
  { name: 'key: a third of the word may differ', word: 'descripton', candidates: ['description'], use: 'key', expected: ['description', true] },
  { name: 'value: half of the word may differ', word: 'vidcall', candidates: ['email', 'video-call'], use: 'value', expected: ['video-call', true] },
  { name: 'key: not that much', word: 'vidcall', candidates: ['email', 'video-call'], use: 'key', expected: ['video-call', false] },
  { name: 'autoFix: one edit in a 3-letter word', word: 'csn', candidates: ['csm'], use: 'autoFix', expected: ['csm', true] },
  { name: 'autoFix: never a word under 3 letters', word: 'cs', candidates: ['cx'], use: 'autoFix', expected: ['cx', false] },
  { name: 'autoFix: two edits in a word of 5 or more', word: 'onbaording', candidates: ['onboarding'], use: 'autoFix', expected: ['onboarding', true] },
  { name: 'autoFix: only one edit in a 4-letter word', word: 'abcd', candidates: ['abxy'], use: 'autoFix', expected: ['abxy', false] },
];

suite('suggest', () => {
  for (const c of CASES) {
    test(c.name, () => {
      const s = suggest(c.word, c.candidates, c.use);
      assert.deepStrictEqual(s && [s.candidate, s.near], c.expected);
    });
  }
});

/** The textbook definitions, for comparison with the pruned ones. */
function naiveDistance(a: string, b: string): number {
  const d: number[][] = [];
  for (let i = 0; i <= a.length; i++) d.push([i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}

function naiveClosest(word: string, candidates: string[]): [string, number] | undefined {
  let best: [string, number, number] | undefined;
  for (const c of candidates) {
    const distance = naiveDistance(word.toLowerCase(), c.toLowerCase());
    const w = word.toLowerCase();
    const l = c.toLowerCase();
    const score = l.startsWith(w) || w.startsWith(l) ? distance - 0.5 : distance;
    if (!best || score < best[2]) best = [c, distance, score];
  }
  return best && [best[0], best[1]];
}

suite('suggest: the pruned search equals the exhaustive one', () => {
  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const word = () => Array.from({ length: Math.floor(random() * 12) }, () => 'abcde-Z'[Math.floor(random() * 7)]).join('');
  test('edit distance, bounded or not, on 2,000 random pairs', () => {
    for (let k = 0; k < 2000; k++) {
      const a = word();
      const b = word();
      const exact = naiveDistance(a, b);
      assert.strictEqual(editDistance(a, b), exact, `${a} / ${b}`);
      const limit = Math.floor(random() * 6);
      const bounded = boundedEditDistance(a, b, limit);
      if (exact <= limit) assert.strictEqual(bounded, exact, `${a} / ${b} within ${limit}`);
      else assert.ok(bounded > limit, `${a} / ${b}: ${bounded} should exceed ${limit} (exact ${exact})`);
    }
  });
  test('edit distance at the one-mask limit: words of 0 to 40 characters (31, 32 and 33 among them), accents and other scripts', () => {
    const letters = ['a', 'b', '-', 'é', 'ж', '7'];
    const long = (n: number) => Array.from({ length: n }, () => letters[Math.floor(random() * letters.length)]).join('');
    for (const n of [0, 1, 2, 30, 31, 32, 33, 40]) {
      for (let k = 0; k < 60; k++) {
        const a = long(n);
        const b = k % 3 === 0 ? a.slice(0, Math.floor(random() * n)) + long(Math.floor(random() * 4)) + a.slice(Math.floor(random() * n)) : long(Math.floor(random() * 41));
        const exact = naiveDistance(a, b);
        assert.strictEqual(editDistance(a, b), exact, `${a} / ${b}`);
        assert.strictEqual(editDistance(b, a), exact, `${b} / ${a}`);
        const limit = Math.floor(random() * 10);
        const bounded = boundedEditDistance(a, b, limit);
        if (exact <= limit) assert.strictEqual(bounded, exact, `${a} / ${b} within ${limit}`);
        else assert.ok(bounded > limit, `${a} / ${b}: ${bounded} should exceed ${limit} (exact ${exact})`);
      }
    }
  });
  test('the closest candidate and its distance, on 500 random lists', () => {
    for (let k = 0; k < 500; k++) {
      const w = word();
      const candidates = Array.from({ length: Math.floor(random() * 30) }, word);
      const s = suggest(w, candidates, 'reference');
      const expected = naiveClosest(w, candidates);
      assert.deepStrictEqual(s?.candidate, expected?.[0], `${w} in ${candidates.join(',')}`);
      if (s && expected) assert.strictEqual(s.near, suggest(w, [expected[0]], 'reference')!.near);
    }
  });
});
