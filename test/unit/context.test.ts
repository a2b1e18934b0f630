/**
 * The cursor context replays only the lines still open above the cursor (so completion
 * stays fast deep in a large file); it must equal replaying every line, at every offset.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { generatePlaybook } from '../../bench/generate';
import { cursorContext } from '../../server/src/core/context';
import { testStride } from './helpers';
import { LineIndex } from '../../server/src/core/text';

const ROOT = path.resolve(__dirname, '../../..');

suite('cursor context', () => {
  test('replaying the open lines equals replaying every line, at every offset (samples, fuzz inputs, odd indentation, CRLF, tabs)', function () {
    this.timeout(120000);
    const texts: string[] = [];
    for (const dir of ['samples', 'test/fixtures/fuzz']) {
      for (const f of fs.readdirSync(path.join(ROOT, dir))) if (f.endsWith('.yaml')) texts.push(fs.readFileSync(path.join(ROOT, dir, f), 'utf8'));
    }
    texts.push(generatePlaybook(8, 3));
    texts.push('a:\n- x: 1\n  y:\n  - z\n  -  q: 2\n     r: 3\nb:\n\t- c\n  d: e\n# c\n  \n- f\n');
    texts.push('key:\n  - a\n  -\n    b: c\n\n    d:\n      - e: f\n        g\n   h: i\n');
    let offsets = 0;
    // Every offset at full counts, every 31st at a tenth (replaying every line is quadratic).
    const stride = testStride();
    for (const base of texts) {
      for (const text of [base, base.replace(/\n/g, '\r\n'), base.replace(/ {2}/g, '\t'), base.replace(/- /g, '-   ')]) {
        // One line index per text, as the server keeps one per document version.
        const lines = new LineIndex(text);
        for (let o = 0; o <= text.length; o += stride) {
          offsets++;
          const fast = cursorContext(text, o, lines);
          const plain = cursorContext(text, o, lines, { replayEveryLine: true });
          if (JSON.stringify(fast) !== JSON.stringify(plain)) assert.deepStrictEqual(fast, plain, `offset ${o} after ${JSON.stringify(text.slice(Math.max(0, o - 80), o))}`);
        }
      }
    }
    assert.ok(offsets > 100000 / stride, `${offsets} offsets`);
  });
});
