/**
 * The semantic diff (core/diff.ts): a table of changes to one playbook and what each must report,
 * and the property that a playbook compared with itself, however it is formatted, has no change.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { generatePlaybook } from '../../bench/generate';
import { analyzePlaybook } from '../../server/src/core/analyze';
import { diffPlaybooks, isEmptyDiff, PlaybookDiff, RENAME_SIMILARITY, similarity } from '../../server/src/core/diff';
import { formatPlaybook } from '../../server/src/core/format';
import { testRuns } from './helpers';

const ROOT = path.resolve(__dirname, '../../..');
const BASE = fs.readFileSync(path.join(ROOT, 'test/fixtures/diff/base.playbook.yaml'), 'utf8');

/** Replaces one exact text (it must be there). */
function edit(text: string, from: string, to: string): string {
  assert.ok(text.includes(from), `the fixture has ${JSON.stringify(from)}`);
  return text.replace(from, to);
}

/** The touchpoint entry with this id, as written in the fixture (up to the next entry). */
function touchpointBlock(text: string, id: string): string {
  const start = text.indexOf(`  - id: ${id}\n`);
  assert.ok(start >= 0, id);
  const next = text.slice(start + 1).search(/\n {2}- id: |\nkpis:/);
  return text.slice(start, start + 1 + next + 1);
}

const diffOf = (before: string | undefined, after: string | undefined): PlaybookDiff => diffPlaybooks(before === undefined ? undefined : analyzePlaybook(before), after === undefined ? undefined : analyzePlaybook(after));

/** The diff in short lines, for comparing with a table's expectation. */
function summary(d: PlaybookDiff): string[] {
  const out: string[] = [];
  for (const f of d.playbook) out.push(`playbook ${f.field}: ${JSON.stringify(f.before)} -> ${JSON.stringify(f.after)}`);
  for (const e of d.entries) {
    const head = e.change === 'renamed' ? `${e.kind} ${e.previousId} renamed ${e.id}` : `${e.kind} ${e.id} ${e.change}`;
    out.push(e.fields.length ? `${head}: ${e.fields.map((f) => `${f.field} ${JSON.stringify(f.before)} -> ${JSON.stringify(f.after)}`).join('; ')}` : head);
  }
  for (const c of d.coverage) out.push(`coverage ${c.stage}/${c.segment} ${c.change}`);
  for (const o of d.owners) out.push(`owner ${o.owner} ${o.before ? `${o.before.accounts}/${o.before.limit}` : '-'} -> ${o.after ? `${o.after.accounts}/${o.after.limit}` : '-'}`);
  for (const k of d.kpis) out.push(`kpi ${k.kpi} ${k.field} ${k.before} -> ${k.after}`);
  for (const f of d.findings.introduced) out.push(`introduced ${f.ruleId} ${f.severity}`);
  for (const f of d.findings.resolved) out.push(`resolved ${f.ruleId} ${f.severity}`);
  return out;
}

suite('core/diff: the semantic diff of two versions of a playbook', () => {
  test('the fixture is clean (every finding in the table comes from the change)', () => {
    assert.deepStrictEqual(analyzePlaybook(BASE).findings.map((f) => f.message), []);
  });

  const cases: { name: string; change: (t: string) => string; expect: string[] }[] = [
    { name: 'nothing changed', change: (t) => t, expect: [] },
    {
      name: 'comments, blank lines, indentation, flow lists and key order do not count',
      change: (t) => edit(edit(edit(t, '    segments: [enterprise]\n    channel: meeting\n    owner: csm\n    trigger: signed', '    # the first meeting\n    trigger: signed\n    owner: csm\n\n    channel: meeting\n    segments:\n      - enterprise'), 'title: Diff base', '# a comment\ntitle: "Diff base"'), 'capacity: 50', 'capacity: 50   # per person'),
      expect: [],
    },
    {
      name: 'an owner renamed everywhere is one rename, and its references follow it',
      change: (t) => t.replace(/\bcsm\b/g, 'customer-success'),
      expect: ['owner csm renamed customer-success'],
    },
    {
      name: 'a touchpoint renamed and moved to another channel: renamed, with the field that changed',
      change: (t) => edit(edit(t, '  - id: qbr\n', '  - id: business-review\n'), '    name: Quarterly business review\n    stage: expand\n    segments: [enterprise]\n    channel: meeting', '    name: Quarterly business review\n    stage: expand\n    segments: [enterprise]\n    channel: video-call'),
      expect: ['touchpoint qbr renamed business-review: channel "meeting" -> "video-call"'],
    },
    {
      name: 'an id replaced by an entry with little in common is a removal and an addition',
      change: (t) => edit(t, touchpointBlock(t, 'qbr'), '  - id: roadmap-preview\n    name: Roadmap preview\n    stage: expand\n    segments: [starter]\n    channel: in-app\n    owner: bot\n'),
      expect: ['touchpoint roadmap-preview added', 'touchpoint qbr removed', 'coverage expand/enterprise lost', 'introduced coverage-gap info'],
    },
    {
      name: 'a segment loses its only touchpoint in Renew: the cell is lost and a coverage gap comes in',
      change: (t) => edit(t, touchpointBlock(t, 'renewal-call'), ''),
      expect: ['touchpoint renewal-call removed', 'coverage renew/enterprise lost', 'introduced coverage-gap info'],
    },
    {
      name: 'a touchpoint for every segment in a stage already covered gains no cell',
      change: (t) => edit(t, 'kpis:\n  - id: churn', '  - id: community\n    name: Community forum\n    stage: adopt\n    channel: community\n    owner: bot\nkpis:\n  - id: churn'),
      expect: ['touchpoint community added'],
    },
    {
      name: 'a touchpoint moved to another stage: the field, a cell gained and a cell lost',
      change: (t) => edit(t, '    name: Health review\n    stage: adopt', '    name: Health review\n    stage: expand'),
      expect: ['touchpoint health-review changed: stage "adopt" -> "expand"', 'coverage adopt/enterprise lost', 'introduced coverage-gap info'],
    },
    {
      name: 'the CSM team now carries more accounts than it can: owner load, and the capacity finding',
      change: (t) => edit(t, 'size: 80', 'size: 140'),
      expect: ['segment enterprise changed: size 80 -> 140', 'owner csm 80/100 -> 140/100', 'introduced owner-over-capacity warning'],
    },
    {
      name: 'the churn target went from 5 % to 8 %',
      change: (t) => edit(t, 'target: 5', 'target: 8'),
      expect: ['kpi churn changed: target 5 -> 8', 'kpi churn target 5 -> 8', 'introduced target-direction warning'],
    },
    {
      name: 'a baseline removed',
      change: (t) => edit(t, '    baseline: 7\n', ''),
      expect: ['kpi churn changed: baseline 7 -> undefined', 'kpi churn baseline 7 -> undefined'],
    },
    {
      name: 'top-level fields',
      change: (t) => edit(edit(t, 'title: Diff base', 'title: Diff base, revised'), 'playbook: diff-base\n', 'playbook: diff-base\nengagement: low-touch\n'),
      expect: ['playbook title: "Diff base" -> "Diff base, revised"', 'playbook engagement: undefined -> "low-touch"'],
    },
    {
      name: 'a broken reference introduced is an error; fixing it resolves it',
      change: (t) => edit(t, '    channel: phone\n    owner: csm', '    channel: phone\n    owner: csmm'),
      expect: ['touchpoint renewal-call changed: owner "csm" -> "csmm"', 'introduced unknown-reference error'],
    },
  ];

  for (const c of cases) {
    test(c.name, () => {
      assert.deepStrictEqual(summary(diffOf(BASE, c.change(BASE))), c.expect);
    });
  }

  test('the reverse of each change reports the opposite (resolved for introduced, lost for gained)', () => {
    const d = diffOf(edit(BASE, 'size: 80', 'size: 140'), BASE);
    assert.deepStrictEqual(summary(d), ['segment enterprise changed: size 140 -> 80', 'owner csm 140/100 -> 80/100', 'resolved owner-over-capacity warning']);
  });

  test('a touchpoint that fills a gap gains its cell and resolves the coverage gap', () => {
    const gap = edit(BASE, touchpointBlock(BASE, 'renewal-call'), '');
    assert.deepStrictEqual(summary(diffOf(gap, BASE)), ['touchpoint renewal-call added', 'coverage renew/enterprise gained', 'resolved coverage-gap info']);
  });

  test('workload per owner (format v1.1): hours of work a month against hours available, before and after', () => {
    const withHours = edit(edit(BASE, '    capacity: 50\n    headcount: 2', '    capacity: 50\n    headcount: 2\n    hoursPerWeek: 10'), '    name: Quarterly business review\n    stage: expand\n    segments: [enterprise]\n    channel: meeting\n    owner: csm', '    name: Quarterly business review\n    stage: expand\n    segments: [enterprise]\n    channel: meeting\n    owner: csm\n    cadence: 1q\n    effort: 3h');
    const d = diffOf(withHours, edit(withHours, 'effort: 3h', 'effort: 4h'));
    // 80 accounts × 3 h ÷ 3 months = 80 h, then × 4 h = 106.67 h; available 10 × 2 × 52 ÷ 12 = 86.67 h.
    assert.deepStrictEqual(d.owners, [{ owner: 'csm', name: 'CSM team', before: { accounts: 80, limit: 100, workload: 80, available: 86.67 }, after: { accounts: 80, limit: 100, workload: 106.67, available: 86.67 } }]);
    assert.deepStrictEqual(d.findings.introduced.map((f) => f.ruleId), ['owner-over-hours']);
  });

  test('a finding that stays with other figures is neither introduced nor resolved (over capacity by 40, then by 60)', () => {
    const d = diffOf(edit(BASE, 'size: 80', 'size: 140'), edit(BASE, 'size: 80', 'size: 160'));
    assert.deepStrictEqual(d.findings.introduced, []);
    assert.deepStrictEqual(d.findings.resolved, []);
    assert.strictEqual(d.findings.unchanged, 1);
  });

  test('findings are matched by subject, not by line: an unchanged finding that moved is not new', () => {
    const broken = edit(BASE, '    channel: phone\n    owner: csm', '    channel: phone\n    owner: csmm');
    const moved = edit(broken, '# Base playbook for the semantic diff tests.\n', '# Base playbook for the semantic diff tests.\n#\n# Three more lines\n# of comments.\n');
    const d = diffOf(broken, moved);
    assert.ok(isEmptyDiff(d), JSON.stringify(summary(d)));
    assert.strictEqual(d.findings.unchanged, 1);
  });

  test('two findings of one rule on two subjects: fixing one resolves that one only', () => {
    const two = edit(edit(BASE, '    channel: phone\n    owner: csm', '    channel: phone\n    owner: csmm'), '    channel: in-app\n    owner: bot\n  - id: renewal-call', '    channel: in-app\n    owner: bott\n  - id: renewal-call');
    const one = edit(BASE, '    channel: phone\n    owner: csm', '    channel: phone\n    owner: csmm');
    const d = diffOf(two, one);
    assert.deepStrictEqual(d.findings.resolved.map((f) => [f.ruleId, f.message.includes('bott')]), [['unknown-reference', true]]);
    assert.deepStrictEqual(d.findings.introduced, []);
  });

  test('a file added: every entry added, every finding introduced; deleted: the reverse', () => {
    const added = diffOf(undefined, BASE);
    assert.strictEqual(added.entries.filter((e) => e.change === 'added').length, 2 + 2 + 1 + 8 + 1 + 0);
    assert.ok(added.playbook.some((f) => f.field === 'playbook' && f.after === 'diff-base'));
    const deleted = diffOf(BASE, undefined);
    assert.strictEqual(deleted.entries.filter((e) => e.change === 'removed').length, 14);
    const gaps = fs.readFileSync(path.join(ROOT, 'samples/gaps.playbook.yaml'), 'utf8');
    assert.strictEqual(diffOf(undefined, gaps).findings.introduced.length, analyzePlaybook(gaps).findings.length);
    assert.strictEqual(diffOf(gaps, undefined).findings.resolved.length, analyzePlaybook(gaps).findings.length);
  });

  test('a version that does not parse: only findings are compared', () => {
    const d = diffOf(BASE, `${BASE}\n  bad: [\n`);
    assert.strictEqual(d.comparable, false);
    assert.deepStrictEqual(d.entries, []);
    assert.ok(d.findings.introduced.some((f) => f.ruleId === 'syntax'));
  });

  test('similarity: shared field values over all (id left out); the threshold is documented', () => {
    assert.strictEqual(similarity({ id: 'a', x: 1, y: 2 }, { id: 'b', x: 1, y: 2 }), 1);
    assert.strictEqual(similarity({ x: 1, y: 2 }, { x: 1, y: 3 }), 1 / 3);
    assert.strictEqual(similarity({ x: [1, 2] }, { x: [2, 1] }), 0, 'list order counts');
    assert.strictEqual(similarity({ x: { a: 1, b: 2 } }, { x: { b: 2, a: 1 } }), 1, 'key order does not');
    assert.ok(RENAME_SIMILARITY > 0 && RENAME_SIMILARITY < 1);
  });

  test('property: any playbook compared with itself reformatted (formatter, comments, quoting, flow lists) has no change', () => {
    const samples = fs.readdirSync(path.join(ROOT, 'samples')).filter((f) => f.endsWith('.playbook.yaml')).map((f) => fs.readFileSync(path.join(ROOT, 'samples', f), 'utf8'));
    const texts = [...samples, BASE, generatePlaybook(60, 7)];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: texts.length - 1 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.boolean(), fc.boolean(), (which, seed, indent4, flow) => {
        const text = texts[which];
        let variant = text;
        // Comments on random lines (not inside block scalars: only after a line that ends a plain mapping value).
        const lines = variant.split('\n');
        let s = seed;
        variant = lines.map((l) => ((s = (s * 1103515245 + 12345) % 2 ** 31) % 7 === 0 && /^\s*[\w-]+: [\w-]+$/.test(l) ? `${l}  # note ${s % 100}` : l)).join('\n');
        if (flow) variant = variant.replace(/^(\s+segments:) \[([\w-]+)\]$/gm, (_m, key: string, id: string) => `${key}\n${' '.repeat(key.search(/\S/) + 2)}- ${id}`);
        const formatted = formatPlaybook(variant, { indent: indent4 ? 4 : 2 });
        if ('text' in formatted) variant = formatted.text;
        const d = diffPlaybooks(analyzePlaybook(text), analyzePlaybook(variant));
        return isEmptyDiff(d) || assert.fail(JSON.stringify(summary(d)));
      }),
      { numRuns: testRuns(300), seed: 42 },
    );
  });
});
