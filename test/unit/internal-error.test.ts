/** A rule that throws is contained: an `internal-error` finding names it, the other rules still report. */
import * as assert from 'assert';
import { analyzePlaybook } from '../../server/src/core/analyze';
import { SEMANTIC_RULES } from '../../server/src/core/rules';
import { dedent } from './helpers';

suite('internal-error', () => {
  test('a throwing rule becomes one finding; other rules are unaffected', () => {
    const rule = SEMANTIC_RULES.find((r) => r.id === 'coverage-gap')!;
    const original = rule.check;
    rule.check = () => {
      throw new Error('boom');
    };
    try {
      const text = dedent(`
        playbook: demo
        title: Demo
        framework: aida
        owners:
          - id: bot
            type: automation
        segments:
          - id: all
        touchpoints:
          - id: ad
            stage: awarenes
            channel: social
            owner: bot
      `);
      const findings = analyzePlaybook(text).findings;
      const internal = findings.filter((f) => f.ruleId === 'internal-error');
      assert.strictEqual(internal.length, 1);
      assert.match(internal[0].message, /coverage-gap/);
      assert.match(internal[0].message, /boom/);
      assert.strictEqual(internal[0].severity, 'error');
      assert.ok(findings.some((f) => f.ruleId === 'unknown-reference'), 'other rules still report');
      assert.ok(findings.some((f) => f.ruleId === 'stage-without-touchpoint'));
    } finally {
      rule.check = original;
    }
  });
});
