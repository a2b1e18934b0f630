/** Pins the findings of every bundled sample: the clean ones stay clean, gaps shows the rules firing. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzePlaybook } from '../../server/src/core/analyze';
import { ALL_RULES } from '../../server/src/core/rules';
import { brief } from './helpers';

const SAMPLES = path.resolve(__dirname, '../../../samples');

const CLEAN = ['aida', 'aidae', 'race', 'aarrr', 'laer', 'mckinsey-cdj', 'four-stage', 'seven-stage', 'custom'];

/** What gaps.playbook.yaml must report, `rule@line`, in file order. */
const GAPS = [
  'stage-not-in-framework@21',
  'stage-without-touchpoint@23',
  'owner-over-capacity@30',
  'owner-over-hours@32',
  'effort-without-hours@33',
  'unused-definition@41',
  'touch-mismatch@46',
  'coverage-gap@51',
  'contact-fatigue@57',
  'coverage-gap@71',
  'segment-without-touchpoint@71',
  'unused-definition@95',
  'touch-mismatch@166',
  'duplicate-id@177',
  'unknown-reference@189',
  'cadence-shorter-than-sla@191',
  'unused-suppression@198',
  'escalation-cycle@202',
  'escalation-cycle@212',
  'kpi-direction@227',
  'target-direction@235',
  'kpi-without-target@236',
  'kpi-unmeasured@242',
];

function analyzeSample(name: string) {
  return analyzePlaybook(fs.readFileSync(path.join(SAMPLES, `${name}.playbook.yaml`), 'utf8'));
}

suite('samples', () => {
  test('there is one sample per built-in framework, a custom one and gaps', () => {
    const files = fs.readdirSync(SAMPLES).filter((f) => f.endsWith('.playbook.yaml')).sort();
    assert.deepStrictEqual(files, [...CLEAN, 'gaps'].map((n) => `${n}.playbook.yaml`).sort());
  });

  for (const name of CLEAN) {
    test(`${name} is clean and uses framework ${name}`, () => {
      const a = analyzeSample(name);
      assert.deepStrictEqual(a.findings.map((f) => `${brief(f)} ${f.message}`), []);
      assert.strictEqual(a.model?.framework?.id, name);
    });
  }

  test('gaps reports exactly the pinned findings', () => {
    assert.deepStrictEqual(analyzeSample('gaps').findings.map(brief), GAPS);
  });

  test('gaps shows every semantic rule, and no syntax or schema finding', () => {
    const fired = new Set(analyzeSample('gaps').findings.map((f) => f.ruleId));
    const semantic = ALL_RULES.filter((r) => r.configurable).map((r) => r.id);
    assert.deepStrictEqual(semantic.filter((id) => !fired.has(id)), []);
    assert.ok(!fired.has('syntax') && !fired.has('schema'));
  });

  test("gaps' own `# <- rule-id` annotations agree with the findings", () => {
    const text = fs.readFileSync(path.join(SAMPLES, 'gaps.playbook.yaml'), 'utf8');
    const findings = analyzeSample('gaps').findings;
    const ids = ALL_RULES.map((r) => r.id);
    let annotated = 0;
    text.split('\n').forEach((line, i) => {
      const m = /# <- (.*)$/.exec(line);
      if (!m || /^\s*#/.test(line)) return;
      annotated++;
      const expected = ids.filter((id) => new RegExp(`(^|[^a-z-])${id}([^a-z-]|$)`).test(m[1]));
      const actual = findings.filter((f) => f.range.start.line === i).map((f) => f.ruleId);
      for (const id of expected) assert.ok(actual.includes(id), `line ${i + 1} is annotated ${id} but reports ${actual.join(', ') || 'nothing'}`);
    });
    assert.ok(annotated >= 15, `only ${annotated} annotations`);
  });
});
