/**
 * The collections the Node server asks for after a whole-text change (server/src/host/youngGeneration.ts):
 * none for small texts, one young collection for the changes of one turn, a full one once
 * the whole texts add up, and none of it leaves V8's `gc` in reach of other code.
 */
import * as assert from 'assert';
import * as vm from 'vm';
import { afterWholeText, WHOLE_TEXT_COLLECT_CHARS, wholeTextCollections } from '../../server/src/host/youngGeneration';

const turn = () => new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));
/** Whether this process offers `gc` of its own accord (`--expose-gc` on the command line or in NODE_OPTIONS), before any test asks for it. */
const globalAtStart = typeof (globalThis as { gc?: unknown }).gc;
const newContextAtStart: unknown = vm.runInNewContext('typeof gc');

suite('whole-text changes: collections afterwards', () => {
  test('a text under the threshold asks for nothing', async () => {
    const before = wholeTextCollections();
    afterWholeText(WHOLE_TEXT_COLLECT_CHARS - 1);
    await turn();
    assert.deepStrictEqual(wholeTextCollections(), before);
  });

  test('the large texts of one turn share one young collection, run after the turn', async () => {
    const before = wholeTextCollections();
    afterWholeText(WHOLE_TEXT_COLLECT_CHARS);
    afterWholeText(WHOLE_TEXT_COLLECT_CHARS * 2);
    assert.deepStrictEqual(wholeTextCollections(), before, 'nothing runs inside the change');
    await turn();
    assert.deepStrictEqual(wholeTextCollections(), { young: before.young + 1, full: before.full });
  });

  test('8 MiB of whole texts since the last full collection bring a full one instead', async () => {
    // The first full collection of this process (this file is the only one that asks for them):
    // its threshold is still 8 MiB, and the 192 KiB of the test above count toward it.
    const before = wholeTextCollections();
    assert.strictEqual(before.full, 0);
    for (let i = 0; i < 16; i++) {
      afterWholeText(512 * 1024);
      await turn();
    }
    const after = wholeTextCollections();
    assert.strictEqual(after.full, before.full + 1, JSON.stringify({ before, after }));
    assert.strictEqual(after.young, before.young + 15);
  });

  test('V8\'s gc function stays out of reach: not global, not in contexts made later', async () => {
    afterWholeText(WHOLE_TEXT_COLLECT_CHARS);
    await turn();
    assert.ok(wholeTextCollections().young > 0);
    assert.strictEqual(typeof (globalThis as { gc?: unknown }).gc, globalAtStart);
    assert.strictEqual(vm.runInNewContext('typeof gc'), newContextAtStart);
  });
});
