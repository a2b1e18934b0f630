/**
 * Each rule's declared `reads` cover what it really reads: the incremental analysis reuses
 * a rule's reports when an edit changed none of them, so a missing field would leave stale
 * findings. Watched over the samples, the fuzz regression inputs and generated playbooks
 * (every rule table case checks the same, see helpers.ts).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { generatePlaybook } from '../../bench/generate';
import { assertDeclaredReads, undeclaredReads } from './ruleReads';
import { SEMANTIC_RULES } from '../../server/src/core/rules';
import { REFERENCE_FIELDS } from '../../server/src/core/rules/rule';

const ROOT = path.resolve(__dirname, '../../..');

function playbooksIn(dir: string): [string, string][] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.playbook.yaml'))
    .map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]);
}

suite('rule reads', () => {
  test('every rule declares the fields it reads (samples, fuzz regressions, generated playbooks)', () => {
    const inputs = [...playbooksIn(path.join(ROOT, 'samples')), ...playbooksIn(path.join(ROOT, 'test/fixtures/fuzz'))];
    for (let i = 0; i < 6; i++) inputs.push([`generated ${i}`, generatePlaybook(5 + i * 7, i + 1)]);
    for (const [name, text] of inputs) assertDeclaredReads(text, name);
  });

  test('the watch sees a read that is not declared (the check can fail)', () => {
    const text = fs.readFileSync(path.join(ROOT, 'samples/gaps.playbook.yaml'), 'utf8');
    const touchMismatch = SEMANTIC_RULES.find((r) => r.id === 'touch-mismatch')!;
    const narrowed = { ...touchMismatch, reads: touchMismatch.reads.filter((f) => f !== 'owner.type') };
    assert.deepStrictEqual(undeclaredReads(text, [narrowed]), [['touch-mismatch', ['owner.type']]]);
  });

  test('declared reads name real fields', () => {
    const fields = new Set<string>();
    const text = fs.readFileSync(path.join(ROOT, 'samples/gaps.playbook.yaml'), 'utf8');
    for (const [, read] of undeclaredReads(text, SEMANTIC_RULES.map((r) => ({ ...r, reads: [] })))) for (const f of read) fields.add(f);
    for (const rule of SEMANTIC_RULES) {
      for (const f of rule.reads) {
        // Reference fields a rule reads through model.references may be absent from one sample.
        if ((REFERENCE_FIELDS as readonly string[]).includes(f)) continue;
        assert.ok(fields.has(f) || /\.id$/.test(f), `${rule.id} declares ${f}, which no rule was seen reading on gaps.playbook.yaml`);
      }
    }
  });
});
