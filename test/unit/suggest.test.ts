/** `suggest()`: the one "did you mean" of every message and fix, and how near each use asks for. */
import * as assert from 'assert';
import { suggest, SuggestionUse } from '../../server/src/core/text';

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
