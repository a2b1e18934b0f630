/**
 * Rules own their behaviour: a rule module holds its check, its quick fixes and its place on
 * the journey map, so the shared files that apply them (fixes.ts, journey.ts) name no rule.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ALL_RULES, getRuleBehaviour, SEMANTIC_RULES } from '../../server/src/core/rules';
import { EXPORT_THEME_CSS, JOURNEY_CSS } from '../../server/src/core/render/style';
import { repoRoot } from './helpers';

const source = (file: string) => fs.readFileSync(path.join(repoRoot(), 'server/src/core', file), 'utf8');

suite('rule modules', () => {
  for (const file of ['fixes.ts', 'journey.ts']) {
    test(`${file} names no rule id (each rule module says how it is fixed and drawn)`, () => {
      const text = source(file);
      const named = ALL_RULES.map((r) => r.id).filter((id) => new RegExp(`['"\`]${id}['"\`]`).test(text));
      assert.deepStrictEqual(named, []);
    });
  }

  test('every semantic rule, the schema check and unused-suppression have a module the fixes and the map ask', () => {
    const ids = [...SEMANTIC_RULES.map((r) => r.id), 'schema', 'unused-suppression'];
    assert.deepStrictEqual(ids.filter((id) => !getRuleBehaviour(id)), []);
    assert.strictEqual(getRuleBehaviour('syntax'), undefined);
    assert.strictEqual(getRuleBehaviour('internal-error'), undefined);
  });

  test('ALL_RULES holds metadata only, in the order `playbook rules --format json` prints its keys', () => {
    for (const r of ALL_RULES) assert.deepStrictEqual(Object.keys(r), ['id', 'defaultSeverity', 'description', 'configurable'], r.id);
  });
});

suite('stylesheets', () => {
  for (const [file, shipped] of [['journey.css', JOURNEY_CSS], ['journey-export.css', EXPORT_THEME_CSS]]) {
    test(`render/${file} is shipped without its leading comment, and nothing else changed`, () => {
      const text = source(`render/${file}`);
      const header = /^\/\*[\s\S]*?\*\//.exec(text);
      assert.ok(header, `${file} starts with a comment`);
      assert.strictEqual(shipped, text.slice(header[0].length));
      assert.ok(!shipped.includes('gen-styles.mjs'), 'the header comment is not shipped');
    });
  }
});
