/**
 * `# playbook-disable-next-line <rule-id>[, <rule-id>] -- <reason>` comments
 * (FORMAT.md, "Turning findings down").
 */
import * as assert from 'assert';
import { analyzePlaybook } from '../../server/src/core/analyze';
import { parsePlaybook } from '../../server/src/core/parse';
import { findSuppressions } from '../../server/src/core/suppressions';
import type { Finding } from '../../server/src/core/types';
import { dedent } from './helpers';

/** `rule@line` (1-based) of every finding, except the noise this file does not care about. */
function lines(findings: Finding[]): string[] {
  return findings.filter((f) => f.ruleId !== 'stage-without-touchpoint').map((f) => `${f.ruleId}@${f.range.start.line + 1}`);
}

function analyze(yaml: string) {
  return analyzePlaybook(dedent(yaml));
}

// Lines 1-7; segments start on line 8.
const HEAD = `
  playbook: demo
  title: Demo
  framework: laer
  owners:
    - id: csm
      type: human
  segments:`;

// `pilot` (reached by nothing) gets segment-without-touchpoint and coverage-gap on its id.
const UNSUPPRESSED = `${HEAD}
    - id: pilot
    - id: other
  touchpoints:
    - id: a
      stage: land
      segments: [other]
      channel: email
      owner: csm
`;

suite('suppression comments', () => {
  test('baseline: the findings the suppressions below act on', () => {
    assert.deepStrictEqual(lines(analyze(UNSUPPRESSED).findings), ['coverage-gap@8', 'segment-without-touchpoint@8']);
  });

  test('silences the named rule on the next line only', () => {
    const { findings } = analyze(`${HEAD}
    # playbook-disable-next-line segment-without-touchpoint -- pilot starts in Q3
    - id: pilot
    - id: other
  touchpoints:
    - id: a
      stage: land
      segments: [other]
      channel: email
      owner: csm
`);
    assert.deepStrictEqual(lines(findings), ['coverage-gap@9']);
  });

  test('several rule ids in one comment', () => {
    const { findings } = analyze(`${HEAD}
    # playbook-disable-next-line segment-without-touchpoint, coverage-gap -- pilot starts in Q3
    - id: pilot
    - id: other
  touchpoints:
    - id: a
      stage: land
      segments: [other]
      channel: email
      owner: csm
`);
    assert.deepStrictEqual(lines(findings), []);
  });

  test('ids separated by a comma without a space, and no reason', () => {
    const { findings } = analyze(`${HEAD}
    # playbook-disable-next-line segment-without-touchpoint,coverage-gap
    - id: pilot
    - id: other
  touchpoints:
    - id: a
      stage: land
      segments: [other]
      channel: email
      owner: csm
`);
    assert.deepStrictEqual(lines(findings), []);
  });

  test('does not reach two lines below (and is then reported as unused)', () => {
    const { findings } = analyze(`${HEAD}
    # playbook-disable-next-line segment-without-touchpoint -- pilot starts in Q3

    - id: pilot
    - id: other
  touchpoints:
    - id: a
      stage: land
      segments: [other]
      channel: email
      owner: csm
`);
    assert.deepStrictEqual(lines(findings), ['unused-suppression@8', 'coverage-gap@10', 'segment-without-touchpoint@10']);
  });

  test('does not silence the same rule on the line after the next', () => {
    const { findings } = analyze(`${HEAD}
    # playbook-disable-next-line segment-without-touchpoint, coverage-gap -- both pilots
    - id: pilot
    - id: pilot-2
    - id: other
  touchpoints:
    - id: a
      stage: land
      segments: [other]
      channel: email
      owner: csm
`);
    assert.deepStrictEqual(lines(findings), ['coverage-gap@10', 'segment-without-touchpoint@10']);
  });

  test('a `#` inside a quoted string is not a suppression', () => {
    const text = `${HEAD}
    - id: pilot
      name: "Pilot # playbook-disable-next-line segment-without-touchpoint"
    - id: other
      description: 'x # playbook-disable-next-line coverage-gap'
  touchpoints:
    - id: a
      stage: land
      segments: [pilot]
      channel: email
      owner: csm
`;
    const analysis = analyze(text);
    assert.deepStrictEqual(analysis.suppressions, []);
    assert.deepStrictEqual(lines(analysis.findings), ['coverage-gap@10', 'segment-without-touchpoint@10']);
  });

  test('a directive inside a block scalar is not a suppression', () => {
    const text = `${HEAD}
    - id: pilot
      description: |
        Pilot accounts only.
        # playbook-disable-next-line coverage-gap, segment-without-touchpoint
    - id: other
  touchpoints:
    - id: a
      stage: land
      segments: [pilot]
      channel: email
      owner: csm
`;
    const analysis = analyze(text);
    assert.deepStrictEqual(analysis.suppressions, []);
    assert.deepStrictEqual(lines(analysis.findings), ['coverage-gap@12', 'segment-without-touchpoint@12']);
  });

  test('`#` glued to a plain value is not a comment', () => {
    const analysis = analyze(`${HEAD}
    - id: pilot
      name: Pilot#playbook-disable-next-line segment-without-touchpoint
    - id: other
  touchpoints:
    - id: a
      stage: land
      segments: [pilot]
      channel: email
      owner: csm
`);
    assert.deepStrictEqual(analysis.suppressions, []);
    assert.deepStrictEqual(lines(analysis.findings), ['coverage-gap@10', 'segment-without-touchpoint@10']);
  });

  test('trailing comment form silences the following line', () => {
    const { findings } = analyze(`${HEAD}
    - id: other   # playbook-disable-next-line segment-without-touchpoint, coverage-gap -- pilot in Q3
    - id: pilot
  touchpoints:
    - id: a
      stage: land
      segments: [other]
      channel: email
      owner: csm
`);
    assert.deepStrictEqual(lines(findings), []);
  });

  test('trailing comment form does not silence its own line', () => {
    const { findings } = analyze(`${HEAD}
    - id: pilot   # playbook-disable-next-line segment-without-touchpoint
    - id: other
  touchpoints:
    - id: a
      stage: land
      segments: [other]
      channel: email
      owner: csm
`);
    assert.deepStrictEqual(lines(findings), ['coverage-gap@8', 'segment-without-touchpoint@8', 'unused-suppression@8']);
  });

  test('only the named rules are silenced', () => {
    const { findings } = analyze(`${HEAD}
    # playbook-disable-next-line coverage-gap -- pilot in Q3
    - id: pilot
    - id: other
  touchpoints:
    - id: a
      stage: land
      segments: [other]
      channel: email
      owner: csm
`);
    assert.deepStrictEqual(lines(findings), ['segment-without-touchpoint@9']);
  });

  test('a stale suppression is reported as unused-suppression (info) on the comment line', () => {
    const text = dedent(`${HEAD}
    - id: pilot
  touchpoints:
    - id: a
      stage: land
      # playbook-disable-next-line unknown-reference -- old owner id
      channel: email
      owner: csm
`);
    const { findings } = analyzePlaybook(text);
    const stale = findings.filter((f) => f.ruleId === 'unused-suppression');
    assert.strictEqual(stale.length, 1);
    const f = stale[0];
    assert.strictEqual(f.severity, 'info');
    assert.strictEqual(f.range.start.line + 1, 12);
    assert.strictEqual(f.range.start.character, 4, 'starts at the `#`');
    assert.strictEqual(text.slice(f.offsets[0], f.offsets[1]), '# playbook-disable-next-line unknown-reference -- old owner id');
    assert.ok(f.message.includes('`unknown-reference`'), f.message);
    assert.ok(f.docsUrl.endsWith('/unused-suppression.md'), f.docsUrl);
  });

  test('a partly used suppression names only the ids that silenced nothing', () => {
    const { findings } = analyze(`${HEAD}
    # playbook-disable-next-line segment-without-touchpoint, kpi-unmeasured -- pilot in Q3
    - id: pilot
    - id: other
  touchpoints:
    - id: a
      stage: land
      segments: [other]
      channel: email
      owner: csm
`);
    assert.deepStrictEqual(lines(findings), ['unused-suppression@8', 'coverage-gap@9']);
    const stale = findings.find((f) => f.ruleId === 'unused-suppression')!;
    assert.ok(stale.message.includes('`kpi-unmeasured`'), stale.message);
    assert.ok(!stale.message.includes('`segment-without-touchpoint`'), stale.message);
  });

  test('an unknown rule id in a suppression is reported', () => {
    const { findings } = analyze(`${HEAD}
    # playbook-disable-next-line segment-without-touchpoints
    - id: pilot
  touchpoints: []
`);
    const stale = findings.filter((f) => f.ruleId === 'unused-suppression');
    assert.deepStrictEqual(stale.map((f) => f.range.start.line + 1), [8]);
    assert.ok(stale[0].message.includes('`segment-without-touchpoints`'), stale[0].message);
    assert.ok(findings.some((f) => f.ruleId === 'segment-without-touchpoint' && f.range.start.line + 1 === 9));
  });

  test('a suppression naming no rule is reported', () => {
    const { findings } = analyze(`${HEAD}
    # playbook-disable-next-line -- just because
    - id: pilot
  touchpoints: []
`);
    assert.deepStrictEqual(findings.filter((f) => f.ruleId === 'unused-suppression').map((f) => f.range.start.line + 1), [8]);
    assert.ok(findings.some((f) => f.ruleId === 'segment-without-touchpoint' && f.range.start.line + 1 === 9));
  });

  test('cannot silence `schema`, and says so', () => {
    const { findings } = analyze(`${HEAD}
    - id: pilot
  touchpoints:
    - id: a
      stage: land
      # playbook-disable-next-line schema -- typo is intended
      channel: emial
      owner: csm
`);
    assert.deepStrictEqual(
      findings.filter((f) => f.ruleId === 'schema' || f.ruleId === 'unused-suppression').map((f) => `${f.ruleId}@${f.range.start.line + 1}`),
      ['unused-suppression@12', 'schema@13'],
    );
    const stale = findings.find((f) => f.ruleId === 'unused-suppression')!;
    assert.ok(stale.message.includes('`schema`') && stale.message.includes('cannot be turned off'), stale.message);
  });

  test('cannot silence `schema` on a missing key either', () => {
    const { findings } = analyze(`${HEAD}
    - id: pilot
  touchpoints:
    # playbook-disable-next-line schema
    - id: a
      stage: land
      channel: email
`);
    assert.deepStrictEqual(findings.filter((f) => f.ruleId === 'schema').map((f) => f.range.start.line + 1), [11]);
  });

  test('unused-suppression itself can be turned off by `rules:`', () => {
    const { findings } = analyze(`${HEAD}
    - id: pilot
  touchpoints:
    - id: a
      stage: land
      # playbook-disable-next-line unknown-reference
      channel: email
      owner: csm
  rules:
    unused-suppression: off
`);
    assert.deepStrictEqual(findings.filter((f) => f.ruleId === 'unused-suppression'), []);
  });

  test('a rule turned off by `rules:` leaves its suppression unused', () => {
    const { findings } = analyze(`${HEAD}
    # playbook-disable-next-line segment-without-touchpoint
    - id: pilot
    - id: other
  touchpoints:
    - id: a
      stage: land
      segments: [other]
      channel: email
      owner: csm
  rules:
    segment-without-touchpoint: off
`);
    assert.deepStrictEqual(lines(findings), ['unused-suppression@8', 'coverage-gap@9']);
  });

  test('works with CRLF line endings', () => {
    const text = dedent(`${HEAD}
    # playbook-disable-next-line segment-without-touchpoint, coverage-gap -- pilot in Q3
    - id: pilot
    - id: other
  touchpoints:
    - id: a
      stage: land
      segments: [other]
      channel: email
      owner: csm
`).replace(/\n/g, '\r\n');
    assert.deepStrictEqual(lines(analyzePlaybook(text).findings), []);
  });

  test('silences a finding on a reference value (touch-mismatch on `owner`)', () => {
    const base = `${HEAD}
    - id: self-serve
      engagement: no-touch
  touchpoints:
    - id: a
      stage: land
      channel: phone
`;
    const plain = analyze(`${base}      owner: csm\n`).findings;
    assert.deepStrictEqual(plain.filter((f) => f.ruleId === 'touch-mismatch').map((f) => f.range.start.line + 1), [14]);
    const silenced = analyze(`${base}      # playbook-disable-next-line touch-mismatch -- founders call everyone\n      owner: csm\n`).findings;
    assert.deepStrictEqual(silenced.filter((f) => f.ruleId === 'touch-mismatch' || f.ruleId === 'unused-suppression'), []);
  });
});

suite('findSuppressions', () => {
  test('parses ids, their offsets, the reason and the comment range', () => {
    const text = 'a: 1\n  # playbook-disable-next-line coverage-gap, kpi-unmeasured -- pilot only, see JIRA-12  \nb: 2\n';
    const [s, ...rest] = findSuppressions(parsePlaybook(text));
    assert.deepStrictEqual(rest, []);
    assert.strictEqual(s.line, 1);
    assert.deepStrictEqual(
      s.rules.map((r) => r.id),
      ['coverage-gap', 'kpi-unmeasured'],
    );
    for (const r of s.rules) assert.strictEqual(text.slice(r.offsets[0], r.offsets[1]), r.id);
    assert.strictEqual(s.reason, 'pilot only, see JIRA-12');
    assert.strictEqual(text.slice(s.offsets[0], s.offsets[1]), '# playbook-disable-next-line coverage-gap, kpi-unmeasured -- pilot only, see JIRA-12');
  });

  test('no reason: reason is undefined', () => {
    const [s] = findSuppressions(parsePlaybook('# playbook-disable-next-line coverage-gap\na: 1\n'));
    assert.deepStrictEqual(s.rules.map((r) => r.id), ['coverage-gap']);
    assert.strictEqual(s.reason, undefined);
  });

  test('one suppression per comment, on the right lines', () => {
    const text = '# playbook-disable-next-line a\nx: 1\ny: 2 # playbook-disable-next-line b\nz: "# playbook-disable-next-line c"\n';
    assert.deepStrictEqual(
      findSuppressions(parsePlaybook(text)).map((s) => `${s.line}:${s.rules.map((r) => r.id).join(',')}`),
      ['0:a', '2:b'],
    );
  });
});
