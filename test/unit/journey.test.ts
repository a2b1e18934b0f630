/**
 * The journey model (`buildJourney`): stages in lifecycle order, segment lanes,
 * touchpoints in stage × segment cells, KPIs per stage, findings attached to
 * the elements they are about, and the summary.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzePlaybook } from '../../server/src/core/analyze';
import { buildJourney, JourneyModel } from '../../server/src/core/journey';
import { isRecord } from '../../server/src/core/model';
import { dedent, repoRoot } from './helpers';


function journeyOf(yaml: string): JourneyModel {
  const j = buildJourney(analyzePlaybook(dedent(yaml)));
  assert.ok(j, 'journey built');
  return j!;
}

/** Touchpoint ids in a cell. */
function cell(j: JourneyModel, stage: string, segment: string): string[] {
  const c = j.cells.find((x) => x.stage === stage && x.segment === segment);
  assert.ok(c, `cell ${stage} × ${segment} exists`);
  return c!.touchpoints.map((i) => j.touchpoints[i].id ?? `#${i}`);
}

const PLAYBOOK = `
  playbook: demo
  title: Demo journey
  framework: laer
  engagement: high-touch
  stages:
    - id: renew
      name: Renewal
      goal: Renew on time
    - id: adopt
  owners:
    - id: csm
      name: Customer success
      type: human
      capacity: 50
    - id: bot
      type: automation
    - id: support
      type: team
  segments:
    - id: enterprise
      name: Enterprise
      owner: csm
      size: 30
    - id: smb
      engagement: no-touch
      owner: csm
      size: 15
    - id: trial
      engagement: low-touch
      owner: support
      size: 200
  touchpoints:
    - id: welcome
      stage: land
      channel: email
      owner: bot
      kpis: [activation]
      emotion: 1
    - id: kickoff
      name: Kickoff call
      stage: land
      segments: [enterprise]
      channel: meeting
      owner: csm
      emotion: 2
    - id: tour
      stage: adopt
      segments: [enterprise, smb]
      channel: in-app
      owner: bot
      kpis: [activation, nps]
      emotion: -1
    - id: renewal-call
      stage: renew
      segments: [smb]
      channel: email
      owner: csm
      within: 3days
  kpis:
    - id: activation
      metric: activation-rate
      target: 40
    - id: nps
      metric: nps
      stage: renew
      target: 50
    - id: csat
      metric: csat
      target: 4
`;

suite('journey model', () => {
  const j = () => journeyOf(PLAYBOOK);

  test('reference findings of the playbook (what the attachments below rely on)', () => {
    const findings = analyzePlaybook(dedent(PLAYBOOK)).findings.map((f) => `${f.ruleId}@${f.range.start.line + 1}`);
    assert.deepStrictEqual(findings, [
      'stage-without-touchpoint@3',
      'coverage-gap@20',
      'touch-mismatch@20',
      'coverage-gap@28',
      'touch-mismatch@57',
      'schema@58',
      'kpi-unmeasured@67',
    ]);
  });

  test('playbook header', () => {
    const p = j().playbook;
    assert.strictEqual(p.id, 'demo');
    assert.strictEqual(p.title, 'Demo journey');
    assert.deepStrictEqual(p.framework, { id: 'laer', name: 'LAER' });
    assert.strictEqual(p.engagement, 'high-touch');
  });

  test('stages in framework order, not in `stages` list order', () => {
    assert.deepStrictEqual(
      j().stages.map((s) => `${s.order}:${s.id}`),
      ['0:land', '1:adopt', '2:expand', '3:renew'],
    );
  });

  test('stage names: given, else humanized from the id', () => {
    assert.deepStrictEqual(
      j().stages.map((s) => s.name),
      ['Land', 'Adopt', 'Expand', 'Renewal'],
    );
    assert.strictEqual(j().stages[3].goal, 'Renew on time');
  });

  test('custom framework: stages in list order, names humanized', () => {
    const c = journeyOf(`
      playbook: custom
      title: Custom
      framework: custom
      stages:
        - id: first-contact
        - id: trial
          name: Free trial
        - id: paid-onboarding
      owners:
        - id: bot
          type: automation
      segments:
        - id: all
      touchpoints:
        - id: hello
          stage: paid-onboarding
          channel: email
          owner: bot
    `);
    assert.deepStrictEqual(
      c.stages.map((s) => `${s.order}:${s.id}:${s.name}`),
      ['0:first-contact:First contact', '1:trial:Free trial', '2:paid-onboarding:Paid onboarding'],
    );
    assert.deepStrictEqual(cell(c, 'paid-onboarding', 'all'), ['hello']);
    assert.deepStrictEqual(c.playbook.framework, { id: 'custom', name: 'Custom' });
  });

  test('stages without a framework: list order', () => {
    const c = journeyOf(`
      playbook: custom
      title: Custom
      stages:
        - id: zeta
        - id: alpha
        - id: mid
      owners: []
      segments: []
      touchpoints: []
    `);
    assert.deepStrictEqual(c.stages.map((s) => s.id), ['zeta', 'alpha', 'mid']);
    assert.deepStrictEqual(c.cells, []);
  });

  test('a stage not in the framework is not a stage of the journey', () => {
    const c = journeyOf(`
      playbook: demo
      title: Demo
      framework: aida
      stages:
        - id: onboarding
      owners: []
      segments: []
      touchpoints: []
    `);
    assert.deepStrictEqual(c.stages.map((s) => s.id), ['awareness', 'interest', 'desire', 'action']);
  });

  test('segments with effective engagement (own, else top-level)', () => {
    assert.deepStrictEqual(
      j().segments.map((s) => `${s.key}:${s.engagement}`),
      ['enterprise:high-touch', 'smb:no-touch', 'trial:low-touch'],
    );
    assert.strictEqual(j().segments[0].name, 'Enterprise');
    assert.strictEqual(j().segments[0].size, 30);
  });

  test('segments without any engagement: undefined', () => {
    const c = journeyOf(`
      playbook: demo
      title: Demo
      framework: aida
      owners: []
      segments:
        - id: a
        - id: b
          engagement: hybrid
      touchpoints: []
    `);
    assert.deepStrictEqual(c.segments.map((s) => s.engagement), [undefined, 'hybrid']);
  });

  test('touchpoints placed in the right cells; omitted segments = every segment', () => {
    const m = j();
    assert.deepStrictEqual(cell(m, 'land', 'enterprise'), ['welcome', 'kickoff']);
    assert.deepStrictEqual(cell(m, 'land', 'smb'), ['welcome']);
    assert.deepStrictEqual(cell(m, 'land', 'trial'), ['welcome']);
    assert.deepStrictEqual(cell(m, 'adopt', 'enterprise'), ['tour']);
    assert.deepStrictEqual(cell(m, 'adopt', 'smb'), ['tour']);
    assert.deepStrictEqual(cell(m, 'renew', 'smb'), ['renewal-call']);
    const welcome = m.touchpoints.find((t) => t.id === 'welcome')!;
    assert.strictEqual(welcome.allSegments, true);
    assert.deepStrictEqual(welcome.segments, ['enterprise', 'smb', 'trial']);
    const kickoff = m.touchpoints.find((t) => t.id === 'kickoff')!;
    assert.strictEqual(kickoff.allSegments, false);
    assert.strictEqual(kickoff.name, 'Kickoff call');
    assert.strictEqual(kickoff.ownerName, 'Customer success');
    assert.strictEqual(kickoff.ownerType, 'human');
  });

  test('a cell for every stage × segment pair, empty ones included', () => {
    const m = j();
    assert.strictEqual(m.cells.length, 4 * 3);
    assert.deepStrictEqual(
      m.cells.map((c) => `${c.stage}/${c.segment}`),
      m.stages.flatMap((s) => m.segments.map((g) => `${s.id}/${g.key}`)),
    );
    assert.deepStrictEqual(cell(m, 'expand', 'enterprise'), []);
    assert.deepStrictEqual(cell(m, 'expand', 'smb'), []);
    assert.deepStrictEqual(cell(m, 'expand', 'trial'), []);
    assert.deepStrictEqual(cell(m, 'adopt', 'trial'), []);
    assert.deepStrictEqual(cell(m, 'renew', 'enterprise'), []);
  });

  test('a touchpoint with an unknown stage or unknown segments lands in no cell', () => {
    const c = journeyOf(`
      playbook: demo
      title: Demo
      framework: aida
      owners:
        - id: bot
          type: automation
      segments:
        - id: smb
      touchpoints:
        - id: lost
          stage: nowhere
          channel: email
          owner: bot
        - id: ghost
          stage: awareness
          segments: [nobody]
          channel: email
          owner: bot
    `);
    assert.strictEqual(c.touchpoints[0].stage, undefined);
    assert.deepStrictEqual(c.touchpoints[1].segments, []);
    assert.ok(c.cells.every((x) => x.touchpoints.length === 0), JSON.stringify(c.cells));
  });

  test('stage touchpoint counts', () => {
    assert.deepStrictEqual(
      j().stages.map((s) => `${s.id}:${s.touchpointCount}`),
      ['land:2', 'adopt:1', 'expand:0', 'renew:1'],
    );
  });

  test('KPIs per stage: the KPI\'s own stage, else the stages of touchpoints listing it', () => {
    const m = j();
    const kpis = Object.fromEntries(m.stages.map((s) => [s.id, [...s.kpis].sort()]));
    assert.deepStrictEqual(kpis, {
      land: ['activation'],
      adopt: ['activation'],
      expand: [],
      renew: ['nps'],
    });
  });

  test('emotion: average per stage, null for a stage without touchpoints or emotions', () => {
    const m = j();
    assert.deepStrictEqual(
      m.stages.map((s) => s.emotion),
      [1.5, -1, null, null],
    );
  });

  test('owner load = summed size of the segments the owner is accountable for', () => {
    const m = j();
    assert.deepStrictEqual(
      m.owners.map((o) => `${o.key}:${o.load}`),
      ['csm:45', 'bot:0', 'support:200'],
    );
    assert.strictEqual(m.owners[0].headcount, 1);
    assert.strictEqual(m.owners[0].capacity, 50);
  });

  test('stage-without-touchpoint is attached to the stage (also a built-in stage not listed)', () => {
    const m = j();
    const expand = m.stages.find((s) => s.id === 'expand')!;
    assert.deepStrictEqual(expand.findings.map((f) => f.ruleId), ['stage-without-touchpoint']);
    for (const s of m.stages.filter((x) => x.id !== 'expand')) assert.deepStrictEqual(s.findings, [], s.id);
  });

  test('stage-without-touchpoint on a listed stage is attached to that stage', () => {
    const c = journeyOf(`
      playbook: demo
      title: Demo
      framework: custom
      stages:
        - id: one
        - id: two
      owners:
        - id: bot
          type: automation
      segments:
        - id: all
      touchpoints:
        - id: hello
          stage: one
          channel: email
          owner: bot
    `);
    assert.deepStrictEqual(c.stages.map((s) => `${s.id}:${s.findings.map((f) => f.ruleId).join(',')}`), ['one:', 'two:stage-without-touchpoint']);
  });

  test('coverage-gap is attached to the cells it names (and to the segment lane)', () => {
    const m = j();
    const gapCells = m.cells.filter((c) => c.findings.some((f) => f.ruleId === 'coverage-gap')).map((c) => `${c.stage}/${c.segment}`);
    assert.deepStrictEqual(gapCells.sort(), ['adopt/trial', 'renew/enterprise', 'renew/trial']);
    const trial = m.segments.find((s) => s.key === 'trial')!;
    assert.deepStrictEqual(trial.findings.map((f) => f.ruleId), ['coverage-gap']);
  });

  test('coverage-gap of a segment without an id: on its lane, never on the cells of a segment whose id is `undefined`', () => {
    const m = journeyOf(`
      playbook: p
      title: P
      framework: laer
      owners:
        - id: csm
          type: human
      segments:
        - id: undefined
          owner: csm
        - name: No id yet
          owner: csm
      touchpoints:
        - id: t
          stage: land
          channel: email
          owner: csm
          segments: [undefined]
    `);
    const gap = m.findings.find((f) => f.ruleId === 'coverage-gap');
    assert.strictEqual(gap, undefined, 'not left unattached');
    assert.deepStrictEqual(m.cells.filter((c) => c.findings.some((f) => f.ruleId === 'coverage-gap')), []);
    const lane = m.segments.find((s) => s.name === 'No id yet')!;
    assert.deepStrictEqual(lane.findings.map((f) => f.ruleId).filter((r) => r === 'coverage-gap'), ['coverage-gap']);
  });

  test('touch-mismatch (high-touch automated) is attached to the segment lane', () => {
    const m = j();
    const enterprise = m.segments.find((s) => s.key === 'enterprise')!;
    assert.deepStrictEqual(enterprise.findings.map((f) => f.ruleId).sort(), ['coverage-gap', 'touch-mismatch']);
    const tm = enterprise.findings.find((f) => f.ruleId === 'touch-mismatch')!;
    assert.strictEqual(tm.severity, 'warning');
    assert.ok(tm.message.includes('`adopt`'), tm.message);
  });

  test('a touchpoint\'s own findings (schema error, no-touch mismatch) are on its card', () => {
    const m = j();
    const call = m.touchpoints.find((t) => t.id === 'renewal-call')!;
    assert.deepStrictEqual(call.findings.map((f) => f.ruleId).sort(), ['schema', 'touch-mismatch']);
    const schema = call.findings.find((f) => f.ruleId === 'schema')!;
    assert.strictEqual(schema.severity, 'error');
    assert.strictEqual(schema.range.start.line + 1, 58);
    for (const t of m.touchpoints.filter((x) => x.id !== 'renewal-call')) assert.deepStrictEqual(t.findings, [], t.id);
  });

  test('KPI findings on the KPI; nothing left unattached', () => {
    const m = j();
    assert.deepStrictEqual(m.kpis.map((k) => `${k.key}:${k.findings.map((f) => f.ruleId).join(',')}`), ['activation:', 'nps:', 'csat:kpi-unmeasured']);
    assert.deepStrictEqual(m.findings, []);
  });

  test('every finding of the analysis is attached somewhere', () => {
    const analysis = analyzePlaybook(dedent(PLAYBOOK));
    const m = buildJourney(analysis)!;
    const attached = [
      ...m.findings,
      ...m.stages.flatMap((x) => x.findings),
      ...m.segments.flatMap((x) => x.findings),
      ...m.owners.flatMap((x) => x.findings),
      ...m.triggers.flatMap((x) => x.findings),
      ...m.touchpoints.flatMap((x) => x.findings),
      ...m.kpis.flatMap((x) => x.findings),
    ];
    for (const f of analysis.findings) {
      assert.ok(
        attached.some((a) => a.ruleId === f.ruleId && a.message === f.message),
        `${f.ruleId}: ${f.message}`,
      );
    }
  });

  test('top-level schema errors stay in the journey\'s own findings', () => {
    const c = journeyOf(`
      playbook: demo
      title: Demo
      framework: aida
      version: 0
      owners: []
      segments: []
      touchpoints: []
    `);
    assert.ok(c.findings.some((f) => f.ruleId === 'schema' && f.message.includes('`version`')), JSON.stringify(c.findings));
  });

  test('summary: touchpoint count, automated share, channel counts, findings by severity', () => {
    const m = j();
    assert.strictEqual(m.summary.touchpoints, 4);
    assert.strictEqual(m.summary.automatedShare, 0.5);
    assert.deepStrictEqual(m.summary.byChannel, { email: 2, meeting: 1, 'in-app': 1 });
    assert.deepStrictEqual(m.summary.byOwnerType, { automation: 2, human: 2 });
    assert.deepStrictEqual(m.summary.findings, { error: 1, warning: 3, info: 3 });
  });

  test('summary of an empty journey', () => {
    const c = journeyOf(`
      playbook: demo
      title: Demo
      framework: aida
      owners: []
      segments: []
      touchpoints: []
    `);
    assert.strictEqual(c.summary.touchpoints, 0);
    assert.strictEqual(c.summary.automatedShare, 0);
    assert.deepStrictEqual(c.summary.byChannel, {});
    assert.deepStrictEqual(c.summary.findings, { error: 0, warning: 4, info: 0 });
  });

  test('triggers: summary and reentry', () => {
    const c = journeyOf(`
      playbook: demo
      title: Demo
      framework: aida
      owners:
        - id: bot
          type: automation
      segments: []
      triggers:
        - id: signed
          type: event
          event: contract.signed
          reentry: always
      touchpoints:
        - id: hello
          stage: awareness
          channel: email
          owner: bot
          trigger: signed
    `);
    assert.strictEqual(c.triggers[0].reentry, 'always');
    assert.ok(c.triggers[0].summary.includes('contract.signed'), c.triggers[0].summary);
    assert.strictEqual(c.touchpoints[0].triggerSummary, c.triggers[0].summary);
  });

  test('escalation target index', () => {
    const c = journeyOf(`
      playbook: demo
      title: Demo
      framework: aida
      owners:
        - id: bot
          type: automation
      segments: []
      touchpoints:
        - id: first
          stage: awareness
          channel: email
          owner: bot
          escalatesTo: second
        - id: second
          stage: interest
          channel: email
          owner: bot
    `);
    assert.strictEqual(c.touchpoints[0].escalatesToIndex, 1);
    assert.strictEqual(c.touchpoints[1].escalatesToIndex, undefined);
  });

  test('ranges point at the source entries', () => {
    const m = j();
    const kickoff = m.touchpoints.find((t) => t.id === 'kickoff')!;
    assert.strictEqual(kickoff.idRange!.start.line + 1, 39);
    assert.strictEqual(kickoff.range!.start.line + 1, 39);
    const renew = m.stages.find((s) => s.id === 'renew')!;
    assert.strictEqual(renew.idRange!.start.line + 1, 6);
  });

  test('undefined for a file with syntax errors', () => {
    assert.strictEqual(buildJourney(analyzePlaybook('playbook: demo\ntitle: [unclosed\n')), undefined);
    assert.strictEqual(buildJourney(analyzePlaybook('playbook: a\n---\nplaybook: b\n')), undefined);
    assert.strictEqual(buildJourney(analyzePlaybook('a: 1\na: 2\n')), undefined);
  });

  test('a journey is still built for a file that is not a mapping (empty model)', () => {
    const c = buildJourney(analyzePlaybook('- just\n- a list\n'));
    assert.ok(c);
    assert.deepStrictEqual(c!.stages, []);
    assert.deepStrictEqual(c!.cells, []);
    assert.strictEqual(c!.summary.findings.error, 1);
  });

  test('a segment without an id gets a positional key and its own lane', () => {
    const c = journeyOf(`
      playbook: demo
      title: Demo
      framework: aida
      owners:
        - id: bot
          type: automation
      segments:
        - id: smb
        - name: Partners
      touchpoints:
        - id: all
          stage: awareness
          channel: email
          owner: bot
    `);
    assert.deepStrictEqual(c.segments.map((x) => `${x.key}:${x.name}`), ['smb:smb', '#2:Partners']);
    assert.deepStrictEqual(cell(c, 'awareness', 'smb'), ['all']);
    assert.deepStrictEqual(cell(c, 'awareness', '#2'), ['all']);
    assert.ok(c.segments[1].findings.some((f) => f.ruleId === 'schema'), 'missing id on the lane');
  });
});

suite('journey of every sample', () => {
  const dir = path.join(repoRoot(), 'samples');
  const files = fs
    .readdirSync(dir)
    .filter((f) => /\.playbook\.ya?ml$/.test(f))
    .sort();

  for (const file of files) {
    test(`${file}: each touchpoint with a known stage sits in exactly the cells of its reached segments`, () => {
      const analysis = analyzePlaybook(fs.readFileSync(path.join(dir, file), 'utf8'));
      const m = buildJourney(analysis);
      assert.ok(m, 'journey built');
      const root = analysis.model!.root!;
      const rawSegments = (Array.isArray(root.segments) ? root.segments : []).filter(isRecord);
      const segmentIds: string[] = [];
      for (const s of rawSegments) if (typeof s.id === 'string' && !segmentIds.includes(s.id)) segmentIds.push(s.id);
      const stageIds = new Set(m!.stages.map((s) => s.id));
      assert.strictEqual(m!.cells.length, m!.stages.length * m!.segments.length);
      const raw = (Array.isArray(root.touchpoints) ? root.touchpoints : []) as unknown[];
      assert.strictEqual(m!.touchpoints.length, raw.length);
      let placed = 0;
      raw.forEach((t, i) => {
        assert.ok(isRecord(t));
        const stage = typeof t.stage === 'string' ? t.stage : undefined;
        const where = m!.cells.filter((c) => c.touchpoints.includes(i)).map((c) => `${c.stage}/${c.segment}`);
        if (stage === undefined || !stageIds.has(stage)) {
          assert.deepStrictEqual(where, [], `touchpoint #${i + 1} has no known stage`);
          return;
        }
        const reached = Array.isArray(t.segments) ? segmentIds.filter((id) => (t.segments as unknown[]).includes(id)) : segmentIds;
        assert.deepStrictEqual(where.sort(), reached.map((id) => `${stage}/${id}`).sort(), `touchpoint ${String(t.id)} (#${i + 1})`);
        placed++;
      });
      assert.ok(placed > 0, 'some touchpoints placed');
      for (const c of m!.cells) assert.strictEqual(new Set(c.touchpoints).size, c.touchpoints.length, `no repeats in ${c.stage}/${c.segment}`);
      const counts = { error: 0, warning: 0, info: 0 };
      for (const f of analysis.findings) counts[f.severity]++;
      assert.deepStrictEqual(m!.summary.findings, counts);
      assert.strictEqual(m!.summary.touchpoints, raw.length);
    });
  }

  test('gaps.playbook.yaml: the duplicated touchpoint still takes its cell', () => {
    const m = buildJourney(analyzePlaybook(fs.readFileSync(path.join(dir, 'gaps.playbook.yaml'), 'utf8')))!;
    const dupes = m.touchpoints.filter((t) => t.id === 'renewal-reminder').map((t) => t.index);
    assert.strictEqual(dupes.length, 2);
    assert.ok(m.cells.find((c) => c.stage === 'renew' && c.segment === 'self-serve')!.touchpoints.includes(dupes[1]));
    assert.deepStrictEqual(m.stages.map((s) => s.id), ['land', 'adopt', 'expand', 'renew']);
    const gapCells = m.cells.filter((c) => c.findings.some((f) => f.ruleId === 'coverage-gap')).map((c) => `${c.stage}/${c.segment}`);
    assert.ok(gapCells.includes('renew/mid-market'), gapCells.join(', '));
  });
});
