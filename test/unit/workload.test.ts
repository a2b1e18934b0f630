/**
 * Workload and cadence (core/workload.ts, FORMAT.md "Workload and cadence (format v1.1)"): the
 * units, the effective cadence, occurrences, workload, touches; the hover on `effort`,
 * `cadence` and `hoursPerWeek`; completion of the new keys.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analysisPath, analyzePlaybook, reanalyzePlaybook, Analysis } from '../../server/src/core/analyze';
import { completeAt } from '../../server/src/core/completion';
import { fixesFor } from '../../server/src/core/fixes';
import { hoverAt } from '../../server/src/core/hover';
import { durationHours, effectiveCadence, effortHours, ownerWorkloads, segmentTouches } from '../../server/src/core/workload';
import { repoRoot } from './helpers';

const sortedFindings = (a: Analysis) => a.findings.map((f) => `${f.ruleId} ${f.range.start.line} ${f.message}`);

const OVER = fs.readFileSync(path.join(repoRoot(), 'test/fixtures/workload/over.playbook.yaml'), 'utf8');

suite('core/workload: the arithmetic of format v1.1', () => {
  test('units: every duration in hours (mo = 730.56), effort in min ÷ 60', () => {
    assert.deepStrictEqual(['5h', '2d', '1w', '1mo', '1q', '1y', '0d', '3x', 'once'].map(durationHours), [5, 48, 168, 730.56, 3 * 730.56, 12 * 730.56, 0, undefined, undefined]);
    assert.deepStrictEqual(['45min', '2h', '0min', '1.5h', '90'].map(effortHours), [0.75, 2, 0, undefined, undefined]);
  });

  test('effective cadence: its own, else a schedule trigger\'s every, else 1y for a date trigger, else once', () => {
    const model = analyzePlaybook(OVER).model!;
    const by = (id: string) => effectiveCadence(model, model.touchpoints.find((t) => t.id === id)!);
    assert.deepStrictEqual(by('check-in'), { text: '1mo', hours: 730.56, from: 'schedule' });
    assert.deepStrictEqual(by('qbr'), { text: '1q', hours: 3 * 730.56, from: 'cadence' });
    assert.deepStrictEqual(by('kickoff'), { text: 'once', from: 'default' });
    const dated = analyzePlaybook(OVER.replace('    type: schedule\n    every: 1mo', '    type: date\n    field: renewal_date\n    offset: -30d')).model!;
    assert.deepStrictEqual(effectiveCadence(dated, dated.touchpoints[0]), { text: '1y', hours: 12 * 730.56, from: 'date' });
  });

  test('workload per owner, costliest first; automation and owners without type have none; touches per segment', () => {
    const model = analyzePlaybook(OVER).model!;
    const w = ownerWorkloads(model);
    assert.deepStrictEqual(w.map((x) => [x.owner.id, Math.round(x.workload * 100) / 100, x.available && Math.round(x.available * 100) / 100, x.costs.map((c) => c.touchpoint.id)]), [
      ['csm', 520, 260, ['check-in', 'qbr']],
      ['am', 16, undefined, ['kickoff']],
    ]);
    const t = segmentTouches(model);
    assert.deepStrictEqual(t.map((x) => [x.segment.id, Math.round(x.touches * 100) / 100, x.by.map((b) => b.touchpoint.id)]), [['enterprise', 5.68, ['digest', 'check-in', 'qbr']]]);
  });

  test('an edit that moves a touchpoint to another owner moves its hours (nothing derived from the model before the edit is reused)', () => {
    const before = analyzePlaybook(OVER);
    assert.deepStrictEqual(ownerWorkloads(before.model!).map((x) => [x.owner.id, x.costs.map((c) => c.touchpoint.id)]), [['csm', ['check-in', 'qbr']], ['am', ['kickoff']]]);
    const at = OVER.indexOf('owner: am\n    effort: 2h');
    assert.ok(at > 0);
    const text = OVER.slice(0, at) + 'owner: csm' + OVER.slice(at + 'owner: am'.length);
    const after = reanalyzePlaybook(before, text, { start: at, oldEnd: at + 'owner: am'.length, newEnd: at + 'owner: csm'.length });
    assert.strictEqual(analysisPath(after)?.path, 'entry', 'the edit was analysed incrementally');
    assert.deepStrictEqual(ownerWorkloads(after.model!).map((x) => [x.owner.id, x.costs.map((c) => c.touchpoint.id)]), [['csm', ['check-in', 'qbr', 'kickoff']], ['am', []]]);
    assert.deepStrictEqual(sortedFindings(after), sortedFindings(analyzePlaybook(text)));
  });

  test('a playbook without the new keys gets exactly the v1 findings (every sample before v1.1 stays as it was)', () => {
    for (const f of ['race', 'aida', 'custom', 'four-stage', 'mckinsey-cdj', 'seven-stage']) {
      const text = fs.readFileSync(path.join(repoRoot(), 'samples', `${f}.playbook.yaml`), 'utf8');
      assert.deepStrictEqual(analyzePlaybook(text).findings.map((x) => x.ruleId), [], f);
    }
    const ids = analyzePlaybook(OVER.replace(/^ *(hoursPerWeek|newPerMonth|maxTouchesPerMonth|effort|cadence): .*\n/gm, '')).findings.map((x) => x.ruleId);
    assert.ok(!ids.some((id) => ['owner-over-hours', 'effort-without-hours', 'contact-fatigue', 'cadence-shorter-than-sla'].includes(id)), ids.join());
  });

  test('hover on effort: what the touchpoint costs its owner a month, segment by segment; on hoursPerWeek: the hours available and used', () => {
    const a = analyzePlaybook(OVER);
    const at = (probe: string) => hoverAt(a, OVER.indexOf(probe) + probe.length - 1)?.markdown ?? '';
    assert.match(at('effort: 1h'), /^\*\*check-in\*\* — ≈ 260 h a month for `csm`, every 1mo, 1 a month \(its trigger's schedule\):\n\n- enterprise: 260 accounts × 1 h × 1 a month = 260 h/);
    assert.match(at('cadence: 1q'), /\*\*qbr\*\* — ≈ 260 h a month for `csm`, every 1q, once in 3 months:\n\n- enterprise: 260 accounts × 3 h × 0\.33 a month = 260 h/);
    assert.match(at('effort: 2h'), /\*\*kickoff\*\* — ≈ 16 h a month for `am`, once \(no cadence: once\):\n\n- enterprise: 8 new accounts a month × 2 h = 16 h/);
    assert.match(at('effort: 5min'), /owned by automation `bot`: no person's hours/);
    assert.match(at('hoursPerWeek: 20'), /hoursPerWeek 20 × headcount 3 × 52 ÷ 12 = 260 h a month available; its touchpoints take ≈ 520 h \(200 %\)/);
  });

  test('completion offers the new keys with the schema', () => {
    const text = OVER.replace('    effort: 2h\n', '    eff\n');
    const offset = text.indexOf('    eff\n') + 7;
    const labels = completeAt(text, offset, analyzePlaybook(text).model).map((c) => c.label);
    for (const key of ['effort', 'cadence']) assert.ok(labels.includes(key), `${key} in ${labels.join(', ')}`);
    const seg = OVER.replace('    newPerMonth: 8\n', '    new\n');
    const segLabels = completeAt(seg, seg.indexOf('    new\n') + 7, analyzePlaybook(seg).model).map((c) => c.label);
    for (const key of ['newPerMonth', 'maxTouchesPerMonth'].filter((k) => !seg.includes(`${k}:`))) assert.ok(segLabels.includes(key), `${key} in ${segLabels.join(', ')}`);
  });

  test('quick fixes: set hoursPerWeek or headcount to what the workload needs, add hoursPerWeek; each clears its finding', () => {
    const apply = (text: string, ruleId: string, title: RegExp) => {
      const a = analyzePlaybook(text);
      const finding = a.findings.find((f) => f.ruleId === ruleId)!;
      const fix = fixesFor(a, finding).find((f) => title.test(f.title));
      assert.ok(fix, `${ruleId}: ${fixesFor(a, finding).map((f) => f.title).join(' | ')}`);
      let out = text;
      for (const e of [...fix.edits].sort((x, y) => y.offsets[0] - x.offsets[0])) out = out.slice(0, e.offsets[0]) + e.newText + out.slice(e.offsets[1]);
      return { out, title: fix.title, left: analyzePlaybook(out).findings.filter((f) => f.ruleId === ruleId).length };
    };
    // 520 h of work for 3 people: 520 × 12 ÷ 52 ÷ 3 = 40 h a week each; or 520 ÷ (20 × 52 ÷ 12) = 6 people.
    const hours = apply(OVER, 'owner-over-hours', /hoursPerWeek/);
    assert.deepStrictEqual([hours.title, hours.left], ['Set hoursPerWeek to 40', 0]);
    assert.match(hours.out, /^ {4}hoursPerWeek: 40$/m);
    const people = apply(OVER, 'owner-over-hours', /headcount/);
    assert.deepStrictEqual([people.title, people.left], ['Set headcount to 6', 0]);
    // am: 16 h a month, one person: 16 × 12 ÷ 52 = 3.7, so 4 hours a week.
    const add = apply(OVER, 'effort-without-hours', /hoursPerWeek/);
    assert.deepStrictEqual([add.title, add.left], ['Add hoursPerWeek: 4 (what the workload needs)', 0]);
    assert.deepStrictEqual(analyzePlaybook(add.out).findings.filter((f) => f.ruleId === 'owner-over-hours').map((f) => f.message.split(' ')[1]), ['`csm`'], 'and am is not over its new hours');
  });
});
