/**
 * The collections the Node server asks for after a whole-text change (server/src/host/youngGeneration.ts):
 * none for small texts, one young collection for the changes of one turn, a full one once
 * the whole texts add up, and none of it leaves V8's `gc` in reach of other code.
 */
import * as assert from 'assert';
import * as vm from 'vm';
import { afterWholeText, WHOLE_TEXT_COLLECT_BYTES, wholeTextCollections } from '../../server/src/host/youngGeneration';

const turn = () => new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));

suite('whole-text changes: collections afterwards', () => {
  test('a text under the threshold asks for nothing', async () => {
    const before = wholeTextCollections();
    afterWholeText(WHOLE_TEXT_COLLECT_BYTES - 1);
    await turn();
    assert.deepStrictEqual(wholeTextCollections(), before);
  });

  test('several large texts in one turn share one young collection, run after the turn', async () => {
    const before = wholeTextCollections();
    afterWholeText(WHOLE_TEXT_COLLECT_BYTES);
    afterWholeText(WHOLE_TEXT_COLLECT_BYTES * 2);
    assert.deepStrictEqual(wholeTextCollections(), before, 'nothing runs inside the change');
    await turn();
    assert.deepStrictEqual(wholeTextCollections(), { young: before.young + 1, full: before.full });
  });

  test('8 MiB of whole texts since the last full collection bring a full one instead', async () => {
    const before = wholeTextCollections();
    for (let i = 0; i < 16; i++) {
      afterWholeText(512 * 1024);
      await turn();
    }
    const after = wholeTextCollections();
    assert.strictEqual(after.full, before.full + 1, JSON.stringify({ before, after }));
    assert.strictEqual(after.young, before.young + 15);
  });

  test('V8\'s gc function stays out of reach: not global, not in contexts made later', async () => {
    afterWholeText(WHOLE_TEXT_COLLECT_BYTES);
    await turn();
    const exposed = process.execArgv.includes('--expose-gc');
    assert.strictEqual(typeof (globalThis as { gc?: unknown }).gc, exposed ? 'function' : 'undefined');
    assert.strictEqual(vm.runInNewContext('typeof gc'), exposed ? 'function' : 'undefined');
  });
});
