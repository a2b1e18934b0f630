/**
 * Incremental analysis equals a fresh analysis: random edit sequences on generated
 * playbooks, compared after every edit (findings with ranges, data, positions, journey).
 */
import * as assert from 'assert';
import fc from 'fast-check';
import { generatePlaybook } from '../../bench/generate';
import { analysisPath, analyzePlaybook, reanalyzePlaybook, Analysis } from '../../server/src/core/analyze';
import { buildModel, type Entry, type PlaybookModel } from '../../server/src/core/model';
import { SEMANTIC_RULES } from '../../server/src/core/rules';
import { diffRegions, EditAccumulator, reparseIncrementally } from '../../server/src/core/incremental';
import { buildJourney } from '../../server/src/core/journey';
import { nodeReader } from '../../server/src/host/files';
import { PlaybookConfigs } from '../../server/src/lsp/configs';
import { AnalysisCache, documentSync } from '../../server/src/lsp/documents';
import { DEFAULT_SETTINGS } from '../../server/src/protocol';
import { testRuns } from './helpers';

interface Edit {
  /** Where, as a fraction of the text (biased to values inside entries by the generator). */
  at: number;
  kind: 'replace-value' | 'insert' | 'delete' | 'type' | 'new-line' | 'delete-line';
  text: string;
  length: number;
}

/** Applies an edit; returns the new text and the LSP-style change (offsets in the old text). */
function apply(text: string, e: Edit): { text: string; start: number; end: number; inserted: string } {
  let start = Math.min(text.length, Math.floor(e.at * text.length));
  let end = start;
  let inserted = e.text;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  let lineEnd = text.indexOf('\n', start);
  if (lineEnd < 0) lineEnd = text.length;
  switch (e.kind) {
    case 'replace-value': {
      const colon = text.indexOf(': ', lineStart);
      if (colon >= 0 && colon < lineEnd) {
        start = colon + 2;
        end = lineEnd;
      }
      break;
    }
    case 'delete':
      end = Math.min(text.length, start + e.length);
      inserted = '';
      break;
    case 'new-line': {
      const indent = /^ */.exec(text.slice(lineStart, lineEnd))![0];
      start = end = lineEnd;
      inserted = `\n${indent}${e.text}`;
      break;
    }
    case 'delete-line':
      start = lineStart;
      end = Math.min(text.length, lineEnd + 1);
      inserted = '';
      break;
    default:
      break;
  }
  return { text: text.slice(0, start) + inserted + text.slice(end), start, end, inserted };
}

/** The model as plain data: entries by value, tables and references by the pointers they lead to. */
function plainModel(m: PlaybookModel | undefined) {
  if (!m) return m;
  const tables = Object.fromEntries(Object.entries(m.byId).map(([k, t]) => [k, [...(t as ReadonlyMap<string, Entry>).entries()].map(([id, e]) => [id, e.pointer, e])]));
  return {
    ...m,
    framework: m.framework?.id,
    stages: m.stages.map((s) => ({ ...s, entry: s.entry?.pointer })),
    stageById: [...m.stageById.keys()],
    byId: tables,
    references: m.references.map((r) => ({ target: r.target, id: r.id, pointer: r.pointer, field: r.field, from: r.from })),
  };
}

function comparable(a: Analysis) {
  return {
    model: plainModel(a.model),
    lines: Array.from(a.parsed.lines.lineStarts),
    findings: a.findings.map((f) => ({ ruleId: f.ruleId, severity: f.severity, message: f.message, range: f.range, offsets: f.offsets, data: f.data, related: f.related })),
    value: a.parsed.value,
    nodes: [...a.parsed.nodes.entries()].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0)),
    journey: buildJourney(a),
  };
}

const editArb: fc.Arbitrary<Edit> = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  kind: fc.constantFrom<Edit['kind']>('replace-value', 'replace-value', 'insert', 'delete', 'type', 'new-line', 'delete-line'),
  text: fc.oneof(
    fc.constantFrom('email', 'phone', '3d', 'csm', 'land', 'segment-1', 'owner-2', '[segment-0, segment-2]', 'touchpoint-3', 'kpi-0', '42', '-1', 'true', '"quoted: text"', '', 'x', 'name: Added', 'emotion: 2', 'within: 2w', '- id: new-one', '#', ':', '  ', 'stage: nowhere'),
    fc.string({ maxLength: 6 }),
  ),
  length: fc.integer({ min: 1, max: 40 }),
});

/** What people type: a value replaced, or a new key on its own line inside an entry. */
const typedEditArb: fc.Arbitrary<Edit> = fc.record({
  at: fc.double({ min: 0.25, max: 0.98, noNaN: true }),
  kind: fc.constantFrom<Edit['kind']>('replace-value', 'new-line'),
  text: fc.constantFrom('email', '3d', 'land', 'segment-1', 'owner-2', '[segment-0, segment-2]', '[kpi-0]', '42', 'nowhere', 'name: Added', 'emotion: 2', 'within: 2w', 'unknown: key'),
  length: fc.constant(0),
});

suite('incremental analysis', () => {
  test('random edit sequences: every step equals a fresh analysis', function () {
    this.timeout(120000);
    let steps = 0;
    let incrementalSteps = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), fc.array(editArb, { minLength: 1, maxLength: 12 }), (seed, edits) => {
        let text = generatePlaybook(6 + seed * 3, seed + 1);
        let prev = analyzePlaybook(text);
        for (const e of edits) {
          const change = apply(text, e);
          const acc = new EditAccumulator();
          acc.add(change.start, change.end, change.inserted.length);
          const region = acc.take()!;
          if (reparseIncrementally(prev.parsed, change.text, region)) incrementalSteps++;
          const next = reanalyzePlaybook(prev, change.text, region);
          const fresh = analyzePlaybook(change.text);
          assert.deepStrictEqual(comparable(next), comparable(fresh));
          steps++;
          prev = next;
          text = change.text;
        }
      }),
      { numRuns: testRuns(300), seed: 20261125 },
    );
    console.log(`      ${steps} random edits compared, ${incrementalSteps} of them re-parsed incrementally`);
  });

  test('value edits and new keys inside entries (what people type): mostly incremental, always equal', function () {
    this.timeout(120000);
    const VALUES = ['email', 'phone', '3d', '2w', 'land', 'adopt', 'renew', 'segment-1', 'owner-2', 'owner-0', '[segment-0, segment-2]', 'touchpoint-3', '[kpi-0]', '42', '-1', '1', 'nowhere', 'Renamed thing'];
    const KEYS = ['name: Added', 'emotion: 2', 'within: 2w', 'description: More words', 'escalatesTo: touchpoint-1', 'unknown: key'];
    let steps = 0;
    let incrementalSteps = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5 }),
        fc.array(fc.tuple(fc.double({ min: 0.25, max: 0.98, noNaN: true }), fc.boolean(), fc.nat()), { minLength: 1, maxLength: 15 }),
        (seed, edits) => {
          let text = generatePlaybook(12 + seed * 4, seed + 5);
          let prev = analyzePlaybook(text);
          for (const [at, newKey, pick] of edits) {
            const change = newKey
              ? apply(text, { at, kind: 'new-line', text: KEYS[pick % KEYS.length], length: 0 })
              : apply(text, { at, kind: 'replace-value', text: VALUES[pick % VALUES.length], length: 0 });
            const region = { start: change.start, oldEnd: change.end, newEnd: change.start + change.inserted.length };
            if (reparseIncrementally(prev.parsed, change.text, region)) incrementalSteps++;
            const next = reanalyzePlaybook(prev, change.text, region);
            assert.deepStrictEqual(comparable(next), comparable(analyzePlaybook(change.text)));
            steps++;
            prev = next;
            text = change.text;
          }
        },
      ),
      { numRuns: testRuns(200), seed: 42 },
    );
    console.log(`      ${steps} typed edits compared, ${incrementalSteps} re-parsed incrementally`);
    // Edits on top-level lines, after a syntax error or across entries take the full path: enough must not.
    assert.ok(incrementalSteps >= steps / 5, `only ${incrementalSteps} of ${steps} edits took the incremental path`);
  });

  test('random edit sequences sent as the whole text (full-text sync): the server finds the changed region, every analysis equals a fresh one', function () {
    this.timeout(120000);
    let steps = 0;
    let incrementalSteps = 0;
    let analyses = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), fc.array(fc.tuple(fc.oneof(typedEditArb, editArb), fc.boolean()), { minLength: 1, maxLength: 12 }), (seed, edits) => {
        const cache = new AnalysisCache(() => DEFAULT_SETTINGS, new PlaybookConfigs(nodeReader));
        const sync = documentSync(cache);
        let doc = sync.create('file:///nowhere/full.playbook.yaml', 'playbook', 1, generatePlaybook(6 + seed * 3, seed + 1));
        cache.get(doc);
        for (const [e, analyseNow] of edits) {
          const change = apply(doc.getText(), e);
          // The client sends only the new text: no range, as a full-sync client does.
          doc = sync.update(doc, [{ text: change.text }], doc.version + 1);
          assert.strictEqual(doc.getText(), change.text);
          steps++;
          // Sometimes several changes arrive before the next analysis (as within the debounce).
          if (!analyseNow && steps % 3 !== 0) continue;
          const next = cache.get(doc);
          analyses++;
          if (analysisPath(next)?.path === 'entry') incrementalSteps++;
          assert.deepStrictEqual(comparable(next), comparable(analyzePlaybook(change.text)));
        }
        const last = cache.get(doc);
        assert.deepStrictEqual(comparable(last), comparable(analyzePlaybook(doc.getText())));
      }),
      { numRuns: testRuns(200), seed: 20261130 },
    );
    console.log(`      ${steps} full-text changes, ${analyses} analyses compared, ${incrementalSteps} of them re-parsed incrementally`);
    assert.ok(incrementalSteps > 0, 'no full-text change took the incremental path');
  });

  test('a typed edit sent as the whole text takes the incremental path whenever the same edit sent as a range does', function () {
    this.timeout(120000);
    let ranged = 0;
    let full = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), fc.array(typedEditArb, { minLength: 1, maxLength: 10 }), (seed, edits) => {
        const rangedCache = new AnalysisCache(() => DEFAULT_SETTINGS, new PlaybookConfigs(nodeReader));
        const fullCache = new AnalysisCache(() => DEFAULT_SETTINGS, new PlaybookConfigs(nodeReader));
        const rSync = documentSync(rangedCache);
        const fSync = documentSync(fullCache);
        const start = generatePlaybook(12 + seed * 4, seed + 5);
        let rDoc = rSync.create('file:///nowhere/r.playbook.yaml', 'playbook', 1, start);
        let fDoc = fSync.create('file:///nowhere/f.playbook.yaml', 'playbook', 1, start);
        rangedCache.get(rDoc);
        fullCache.get(fDoc);
        for (const e of edits) {
          const before = rDoc.getText();
          const change = apply(before, e);
          rDoc = rSync.update(rDoc, [{ range: { start: rDoc.positionAt(change.start), end: rDoc.positionAt(change.end) }, text: change.inserted }], rDoc.version + 1);
          fDoc = fSync.update(fDoc, [{ text: change.text }], fDoc.version + 1);
          const r = analysisPath(rangedCache.get(rDoc))?.path;
          const f = analysisPath(fullCache.get(fDoc))?.path;
          if (r === 'entry') ranged++;
          if (f === 'entry') full++;
          // An edit that leaves the text as it was needs no analysis at all on the full-text side.
          if (r === 'entry' && change.text !== before) assert.strictEqual(f, 'entry', 'the ranged edit was incremental, the same edit as full text was not');
        }
      }),
      { numRuns: testRuns(150), seed: 1130 },
    );
    console.log(`      incremental: ${ranged} edits sent as ranges, ${full} sent as full text`);
    assert.ok(ranged >= testRuns(150) / 4, `only ${ranged} typed edits took the incremental path`);
    assert.ok(full >= ranged);
  });

  test('the changed region of a whole-text change: common prefix and suffix, never overlapping', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.string({ maxLength: 30 }), (a, b) => {
        const r = diffRegions(a, b)[0];
        if (a === b) return assert.strictEqual(r, undefined);
        assert.ok(r && r.start <= r.oldEnd && r.start <= r.newEnd);
        assert.strictEqual(a.slice(0, r.start), b.slice(0, r.start));
        assert.strictEqual(a.slice(r.oldEnd), b.slice(r.newEnd));
        assert.strictEqual(a.slice(0, r.start) + b.slice(r.start, r.newEnd) + a.slice(r.oldEnd), b);
      }),
      { numRuns: testRuns(2000), seed: 3 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.string({ maxLength: 30 }), (a, b) => {
        for (const r of diffRegions(a, b)) {
          assert.strictEqual(a.slice(0, r.start) + b.slice(r.start, r.newEnd) + a.slice(r.oldEnd), b);
          assert.strictEqual(r.oldEnd - r.start - (r.newEnd - r.start), a.length - b.length);
        }
        assert.strictEqual(diffRegions(a, b).length === 0, a === b);
      }),
      { numRuns: testRuns(2000), seed: 4 },
    );
    assert.deepStrictEqual(diffRegions('aaa', 'aaaa')[0], { start: 3, oldEnd: 3, newEnd: 4 });
    // A line typed above one that starts the same way: after the prefix, at the line start, before the suffix.
    assert.deepStrictEqual(diffRegions('x\n  a\n', 'x\n  b\n  a\n'), [{ start: 4, oldEnd: 4, newEnd: 8 }, { start: 2, oldEnd: 2, newEnd: 6 }, { start: 1, oldEnd: 1, newEnd: 5 }]);
    assert.deepStrictEqual(diffRegions('abc', 'axc')[0], { start: 1, oldEnd: 2, newEnd: 2 });
  });

  test('several edits merged into one region (as between two debounced analyses) equal a fresh analysis', () => {
    let merged = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 }), fc.array(editArb, { minLength: 2, maxLength: 6 }), (seed, edits) => {
        const base = generatePlaybook(8, seed + 11);
        const prev = analyzePlaybook(base);
        const acc = new EditAccumulator();
        let text = base;
        for (const e of edits) {
          const change = apply(text, e);
          acc.add(change.start, change.end, change.inserted.length);
          text = change.text;
        }
        const region = acc.take()!;
        if (reparseIncrementally(prev.parsed, text, region)) merged++;
        assert.deepStrictEqual(comparable(reanalyzePlaybook(prev, text, region)), comparable(analyzePlaybook(text)));
        // The merged region really covers every change: outside it the texts agree.
        assert.strictEqual(base.slice(0, region.start), text.slice(0, region.start));
        assert.strictEqual(base.slice(region.oldEnd), text.slice(region.newEnd));
      }),
      { numRuns: testRuns(300), seed: 7 },
    );
    console.log(`      ${merged} merged edit sequences re-parsed incrementally`);
  });

  test('value edits on every kind of entry (fields rules read, fields they do not, ids): equal to a fresh analysis, rules rerun only when needed', function () {
    this.timeout(120000);
    const VALUES = [
      'email', 'carrier-pigeon', '3d', '9x', 'land', 'adopt', 'nowhere', 'owner-0', 'owner-2', 'ghost', 'segment-1', '[segment-0, segment-2]', '[]', '[ghost]',
      '[kpi-0, kpi-2]', 'kpi-1', 'trigger-1', 'touchpoint-1', 'touchpoint-0', 'human', 'automation', 'robot', 'high-touch', 'no-touch', '0', '1', '100000', '-1', '2', '-3',
      '42', 'increase', 'decrease', 'nps', 'Renamed', '"quoted: text"', 'fresh-id', '',
    ];
    const counts = { full: 0, allRules: 0, someRules: 0, noRule: 0 };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 }), fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 20 }), (seed, edits) => {
        let text = generatePlaybook(10 + seed * 5, seed + 21);
        let prev = analyzePlaybook(text);
        for (const [linePick, valuePick] of edits) {
          // A `key: value` line inside a list entry (`    key: value` or `  - id: value`), of any list.
          const candidates: number[] = [];
          for (let i = text.indexOf('\n  '); i >= 0; i = text.indexOf('\n  ', i + 1)) if (/^(?: {4}| {2}- )[a-zA-Z]+: /.test(text.slice(i + 1, i + 40))) candidates.push(i + 1);
          const lineStart = candidates[linePick % candidates.length];
          const colon = text.indexOf(': ', lineStart) + 2;
          const lineEnd = text.indexOf('\n', colon);
          const value = VALUES[valuePick % VALUES.length];
          const next = text.slice(0, colon) + value + text.slice(lineEnd);
          const region = { start: colon, oldEnd: lineEnd, newEnd: colon + value.length };
          const incremental = reanalyzePlaybook(prev, next, region);
          const how = analysisPath(incremental);
          if (how?.path !== 'entry') counts.full++;
          else if (how.rulesRun === SEMANTIC_RULES.length) counts.allRules++;
          else if (how.rulesRun > 0) counts.someRules++;
          else counts.noRule++;
          assert.deepStrictEqual(comparable(incremental), comparable(analyzePlaybook(next)), `after setting ${JSON.stringify(text.slice(lineStart, colon))} to ${JSON.stringify(value)}`);
          prev = incremental;
          text = next;
        }
      }),
      { numRuns: testRuns(150), seed: 1125 },
    );
    console.log(`      value edits: ${counts.full} parsed in full; one entry re-parsed and all rules run: ${counts.allRules}, some rules run: ${counts.someRules}, no rule run: ${counts.noRule}`);
    assert.ok(counts.allRules > 0 && counts.someRules > 0 && counts.noRule > 0 && counts.allRules + counts.someRules + counts.noRule > counts.full * 10, `every incremental path is exercised: ${JSON.stringify(counts)}`);
  });

  test('edits whose effect reaches past the edited entry or region equal a fresh analysis (review cases)', () => {
    const check = (text: string, from: string, to: string, what: string, at = text.indexOf(from)) => {
      assert.ok(at >= 0, `${what}: ${from} is in the text`);
      const next = text.slice(0, at) + to + text.slice(at + from.length);
      const prev = analyzePlaybook(text);
      const incremental = reanalyzePlaybook(prev, next, { start: at, oldEnd: at + from.length, newEnd: at + to.length });
      const fresh = analyzePlaybook(next);
      assert.deepStrictEqual(comparable(incremental), comparable(fresh), what);
      return fresh;
    };
    // A suppression comment inside a block scalar becomes a comment when the scalar stops being one, 70 characters away.
    const suppressed = [
      'playbook: p',
      'title: T',
      'framework: laer',
      'owners:',
      '  - id: o',
      'segments:',
      '  - id: s',
      'touchpoints:',
      '  - id: a',
      '    stage: land',
      '    description: |',
      '      Some words that make this line long enough to push it away from the edit.',
      '      # playbook-disable-next-line unknown-reference',
      '    owner: nobody',
      '',
    ].join('\n');
    const fresh = check(suppressed, 'description: |', 'description: x', 'suppression made live by an edit away from it');
    assert.strictEqual(fresh.suppressions.length, 1, 'the fresh analysis sees the suppression');
    assert.ok(!fresh.findings.some((f) => f.ruleId === 'unknown-reference'), 'and it silences the finding');
    // Block scalars on an entry's last line take in what follows the entry: blank lines, more indented comments.
    const generated = generatePlaybook(6, 1);
    const lastEmotion = generated.slice(0, generated.indexOf('\nkpis:')).lastIndexOf('emotion: ');
    const tail = generated.slice(lastEmotion, generated.indexOf('\n', lastEmotion));
    for (const header of ['|+', '|', '>-', '|2+']) check(generated, tail, `emotion: ${header}`, `block scalar ${header} on the last line of the last touchpoint`, lastEmotion);
    const commented = suppressed.replace('    owner: nobody\n', '    owner: o\n      # a note, more indented\n  - id: b\n    stage: adopt\n');
    check(commented, 'owner: o', 'owner: |', 'block scalar followed by a more indented comment');
    check(commented, 'owner: o', 'owner: >+', 'folded keep block scalar followed by a more indented comment');
  });

  test('an edit inside one touchpoint of a large playbook is re-parsed incrementally', () => {
    const text = generatePlaybook(400, 3);
    const prev = analyzePlaybook(text);
    const at = text.indexOf('within: ', text.indexOf('  - id: touchpoint-200')) + 'within: '.length;
    const next = `${text.slice(0, at)}9d${text.slice(text.indexOf('\n', at))}`;
    const region = { start: at, oldEnd: text.indexOf('\n', at), newEnd: at + 2 };
    assert.ok(reparseIncrementally(prev.parsed, next, region), 'took the incremental path');
    assert.deepStrictEqual(comparable(reanalyzePlaybook(prev, next, region)), comparable(analyzePlaybook(next)));
  });

  test('an edit that rebuilds the model (an id changed) takes the untouched entries and their references from the previous model', () => {
    const text = generatePlaybook(400, 3);
    const prev = analyzePlaybook(text);
    const from = '  - id: touchpoint-200\n';
    const at = text.indexOf(from) + '  - id: '.length;
    const next = `${text.slice(0, at)}renamed-200${text.slice(at + 'touchpoint-200'.length)}`;
    const region = { start: at, oldEnd: at + 'touchpoint-200'.length, newEnd: at + 'renamed-200'.length };
    const after = reanalyzePlaybook(prev, next, region);
    assert.deepStrictEqual(comparable(after), comparable(analyzePlaybook(next)));
    const [before, now] = [prev.model!, after.model!];
    assert.notStrictEqual(now, before);
    const edited = now.touchpoints.findIndex((t) => t.id === 'renamed-200');
    assert.ok(edited > 0);
    now.touchpoints.forEach((t, i) => (i === edited ? assert.notStrictEqual(t, before.touchpoints[i]) : assert.strictEqual(t, before.touchpoints[i], `touchpoint ${i}`)));
    now.owners.forEach((o, i) => assert.strictEqual(o, before.owners[i]));
    const kept = now.references.filter((r) => r.from !== now.touchpoints[edited]);
    assert.ok(kept.length > 1000 && kept.every((r) => before.references.includes(r)), 'the other entries\' references are the same objects');
    assert.ok(now.references.filter((r) => r.from === now.touchpoints[edited]).every((r) => !before.references.includes(r)));
  });

  test('a changed engagement or framework: the entries that depend on it follow (equal to a fresh analysis)', () => {
    // Segments without their own `engagement` take the playbook's; stages are checked against the framework.
    const text = generatePlaybook(50, 3).replace(/^ {4}engagement: [a-z-]+\n/gm, '');
    const edit = (t: string, from: string, to: string) => {
      const at = t.indexOf(from);
      return { text: `${t.slice(0, at)}${to}${t.slice(at + from.length)}`, region: { start: at, oldEnd: at + from.length, newEnd: at + to.length } };
    };
    const prev = analyzePlaybook(text);
    assert.ok(prev.model!.segments.every((s) => s.engagement === 'hybrid'));
    const e = edit(text, 'engagement: hybrid', 'engagement: no-touch');
    const after = reanalyzePlaybook(prev, e.text, e.region);
    assert.deepStrictEqual(comparable(after), comparable(analyzePlaybook(e.text)));
    assert.ok(after.model!.segments.every((s) => s.engagement === 'no-touch'));
    const f = edit(e.text, 'framework: laer', 'framework: aarrr');
    const reframed = reanalyzePlaybook(after, f.text, f.region);
    assert.deepStrictEqual(comparable(reframed), comparable(analyzePlaybook(f.text)));
    // The model built from the previous one directly: items shared, the context changed.
    const value = after.parsed.value as Record<string, unknown>;
    const stages = [{ id: 'acquisition' }]; // a stage of aarrr, not of laer
    const prevModel = buildModel({ ...value, engagement: 'hybrid', framework: 'aarrr', stages });
    assert.ok(!prevModel.stageEntries[0].notInFramework);
    const rebuilt = buildModel({ ...value, stages }, prevModel);
    assert.ok(rebuilt.segments.every((s, i) => s !== prevModel.segments[i] && s.engagement === 'no-touch'), 'segments follow the engagement');
    assert.ok(rebuilt.stageEntries.every((s, i) => s !== prevModel.stageEntries[i] && s.notInFramework), 'stage entries follow the framework');
    assert.ok(rebuilt.touchpoints.every((t, i) => t === prevModel.touchpoints[i]), 'entries that do not depend on them are kept');
  });
});
