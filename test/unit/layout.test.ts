/**
 * The journey map's geometry (`render/layout.ts`, drawn by `render/journeyMap.ts`):
 * the table body is a grid of (stage column × track row) slots, and every slot must
 * be covered by exactly one cell, counted the way a browser lays out `rowspan`s — a
 * hole or an overlap shifts every later cell of the row into the wrong column.
 *
 * On that grid, derived from the journey model (never from `layoutMap`'s own output):
 *  - each touchpoint with a known stage that reaches a lane has exactly one card; the
 *    lanes its card's cell covers plus the lanes holding a reference to it are exactly
 *    the lanes it reaches (adjacent lanes share one spanning cell, others get a
 *    reference, never a second card);
 *  - a (stage, lane) slot is a gap exactly when no touchpoint of that stage reaches
 *    that lane; a stage without touchpoints is one hatched cell over the whole body;
 *  - filters only dim (cards that do not match get `dim`) and never turn a covered
 *    cell into a gap; a filter on the lanes' own dimension shows that lane only.
 *
 * Checked for every sample × lane mode × every filter value the toolbar offers,
 * for hand-written corner cases, and for a few hundred seeded random playbooks.
 */
import * as assert from 'assert';
import { rng } from '../../bench/generate';
import { analyzePlaybook } from '../../server/src/core/analyze';
import { buildJourney, JourneyModel, JourneyTouchpoint } from '../../server/src/core/journey';
import { renderJourneyMap } from '../../server/src/core/render/journeyMap';
import { LaneMode, layoutMap, MapFilter, matchingTouchpoints } from '../../server/src/core/render/layout';
import { VNode } from '../../server/src/core/render/tree';
import { journeyOf, samples, testRuns } from './helpers';
import { all, find, hasClass, isNode, one, text } from './tree';

// ---------------------------------------------------------------------------
// Element tree helpers
// ---------------------------------------------------------------------------

const MODES: LaneMode[] = ['segment', 'channel', 'owner'];

// ---------------------------------------------------------------------------
// The table as a browser lays it out
// ---------------------------------------------------------------------------

interface Placed {
  node: VNode;
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
}

interface Grid {
  /** Track rows (the body without the emotion row), in order. */
  tracks: VNode[];
  /** Lane key of each track row. */
  laneOfTrack: string[];
  /** Lane keys in order, and the label of each lane head. */
  lanes: string[];
  labels: Map<string, string>;
  /** Body cells with data-stage (cards, references, gaps), their position in track rows. */
  cells: Placed[];
}

function span(n: VNode, attr: 'rowspan' | 'colspan'): number {
  const v = n.attrs[attr];
  if (v === undefined) return 1;
  assert.match(v, /^[1-9][0-9]*$/, `${attr}="${v}" on <${n.tag} class="${n.attrs.class}">`);
  return Number(v);
}

/**
 * Places every cell of the table body like the HTML table algorithm (a cell takes the
 * first column not covered by a rowspan from above) and checks that each (row, column)
 * slot is covered exactly once, that no cell runs past the last column or row, that
 * each stage cell sits in its stage's column and each lane head in the first column.
 */
function tableGrid(root: VNode, j: JourneyModel): Grid {
  const table = one(root, 'table', 'journey');
  const width = 1 + j.stages.length;
  const head = one(table, 'thead');
  const headRow = one(head, 'tr', 'stage-row');
  assert.deepStrictEqual(headRow.children.filter(isNode).map((c) => c.attrs['data-stage']), [undefined, ...j.stages.map((s) => s.id)], 'header: corner, then one th per stage in order');
  const body = one(table, 'tbody');
  const rows = body.children.map((c) => {
    assert.ok(isNode(c) && c.tag === 'tr', 'tbody holds only rows');
    return c as VNode;
  });
  const cover = rows.map(() => new Array<number>(width).fill(0));
  const placed: Placed[] = [];
  rows.forEach((tr, r) => {
    let col = 0;
    for (const c of tr.children) {
      assert.ok(isNode(c) && (c.tag === 'td' || c.tag === 'th'), `row ${r} holds only cells`);
      const cell = c as VNode;
      while (col < width && cover[r][col]) col++;
      const rowSpan = span(cell, 'rowspan');
      const colSpan = span(cell, 'colspan');
      assert.ok(col + colSpan <= width, `row ${r} (${tr.attrs['data-lane'] ?? tr.attrs.class}): a cell past the last column (${cell.attrs.class} ${cell.attrs['data-stage'] ?? ''})`);
      assert.ok(r + rowSpan <= rows.length, `row ${r}: ${cell.attrs.class} ${cell.attrs['data-stage'] ?? ''} spans past the last row (${rowSpan})`);
      for (let rr = r; rr < r + rowSpan; rr++) for (let cc = col; cc < col + colSpan; cc++) cover[rr][cc]++;
      placed.push({ node: cell, row: r, col, rowSpan, colSpan });
      col += colSpan;
    }
  });
  cover.forEach((line, r) =>
    line.forEach((n, c) => assert.strictEqual(n, 1, `slot (row ${r}, column ${c}) covered by ${n} cells (${rows[r].attrs['data-lane'] ?? rows[r].attrs.class}, ${c ? j.stages[c - 1].id : 'lane column'})`)),
  );
  for (const p of placed) {
    const stage = p.node.attrs['data-stage'];
    if (stage !== undefined) assert.strictEqual(p.col, 1 + j.stages.findIndex((s) => s.id === stage), `cell of stage ${stage} in column ${p.col}`);
    if (hasClass(p.node, 'lane-head')) assert.strictEqual(p.col, 0, 'lane head in the first column');
  }

  // The emotion row first (when there are stages), then the track rows.
  let first = 0;
  if (j.stages.length) {
    assert.ok(hasClass(rows[0], 'emotion-row'), 'the emotion row comes first');
    assert.strictEqual(one(rows[0], 'td', 'emotion-plot').attrs.colspan, String(j.stages.length));
    first = 1;
  }
  const tracks = rows.slice(first);
  for (const tr of tracks) assert.ok(hasClass(tr, 'track'), `track row: ${tr.attrs.class}`);
  const laneOfTrack = tracks.map((tr) => tr.attrs['data-lane']);
  const lanes: string[] = [];
  const labels = new Map<string, string>();
  for (const p of placed) {
    if (!hasClass(p.node, 'lane-head')) continue;
    const key = p.node.attrs['data-lane'];
    const r = p.row - first;
    assert.ok(r >= 0, 'lane heads are in track rows');
    assert.ok(!lanes.includes(key), `lane ${key} once`);
    lanes.push(key);
    labels.set(key, text(one(p.node, 'span', 'lane-name')));
    assert.ok(hasClass(tracks[r], 'lane-start'), `lane ${key} starts a lane`);
    for (let k = r; k < r + p.rowSpan; k++) assert.strictEqual(laneOfTrack[k], key, `track ${k} belongs to lane ${key}`);
    assert.ok(r + p.rowSpan === tracks.length || laneOfTrack[r + p.rowSpan] !== key, `lane ${key}: its head spans all its tracks`);
  }
  assert.deepStrictEqual(lanes, [...new Set(laneOfTrack)], 'one lane head per lane, in row order');
  const cells = placed.filter((p) => p.node.attrs['data-stage'] !== undefined).map((p) => ({ ...p, row: p.row - first }));
  for (const c of cells) {
    assert.strictEqual(c.node.tag, 'td');
    assert.strictEqual(c.colSpan, 1, 'a stage cell takes one column');
  }
  return { tracks, laneOfTrack, lanes, labels, cells };
}

/** Lane keys a cell covers, in order. */
function lanesOf(g: Grid, c: Placed): string[] {
  return [...new Set(g.laneOfTrack.slice(c.row, c.row + c.rowSpan))];
}

// ---------------------------------------------------------------------------
// What the model says
// ---------------------------------------------------------------------------

function matches(t: JourneyTouchpoint, f: MapFilter): boolean {
  return (!f.segment || t.segments.includes(f.segment)) && (!f.channel || (t.channel ?? 'unknown') === f.channel) && (!f.owner || t.owner === f.owner);
}

function ownerLaneKey(j: JourneyModel, t: JourneyTouchpoint): string | undefined {
  return j.owners.find((o) => o.id !== undefined && o.id === t.owner)?.key;
}

/** The lanes a view must show, from the model (the "All accounts" / "No known owner" lanes found by their label). */
function expectedLanes(j: JourneyModel, mode: LaneMode, f: MapFilter, g: Grid): string[] {
  if (mode === 'segment') {
    if (!j.segments.length) {
      assert.strictEqual(g.lanes.length, 1, 'no segments: one lane');
      assert.strictEqual(g.labels.get(g.lanes[0]), 'All accounts');
      return g.lanes;
    }
    return j.segments.filter((s) => !f.segment || s.key === f.segment).map((s) => s.key);
  }
  if (mode === 'channel') return [...new Set(j.touchpoints.map((t) => t.channel ?? 'unknown'))].sort().filter((c) => !f.channel || c === f.channel);
  const lanes = j.owners.filter((o) => !f.owner || o.id === f.owner).map((o) => o.key);
  const unowned = j.touchpoints.some((t) => ownerLaneKey(j, t) === undefined);
  if (!f.owner && unowned) {
    const last = g.lanes[g.lanes.length - 1];
    assert.strictEqual(g.labels.get(last), 'No known owner', 'touchpoints without a known owner get the last lane');
    lanes.push(last);
  }
  return lanes;
}

/** Lanes (of those shown) a touchpoint reaches. */
function reached(j: JourneyModel, mode: LaneMode, g: Grid, t: JourneyTouchpoint): string[] {
  let keys: string[];
  if (mode === 'segment') keys = j.segments.length ? t.segments : g.lanes;
  else if (mode === 'channel') keys = [t.channel ?? 'unknown'];
  else keys = [ownerLaneKey(j, t) ?? g.lanes.find((k) => g.labels.get(k) === 'No known owner') ?? '\u0000missing'];
  return g.lanes.filter((k) => keys.includes(k));
}

/** Every filter the toolbar offers (read from an interactive view's select). */
function toolbarFilters(j: JourneyModel, root = renderJourneyMap(j, { lanes: 'segment', interactive: true })): MapFilter[] {
  const select = one(root, 'select', undefined, { 'data-action': 'filter' });
  return find(select, 'option')
    .map((o) => o.attrs.value)
    .filter((v) => v !== '')
    .map((v) => {
      const m = /^(segment|channel|owner):(.*)$/.exec(v);
      assert.ok(m, `filter option ${v}`);
      return { [m![1]]: m![2] } as MapFilter;
    });
}

interface ViewFacts {
  root: VNode;
  grid: Grid;
  /** `stage\u0001lane` of every gap slot. */
  gaps: Set<string>;
}

/**
 * Renders one view and checks it against the model: table integrity, lanes, one card per
 * touchpoint with references making up the other lanes, gaps exactly where nothing
 * reaches, `dim` exactly on what the filter does not match.
 */
function checkView(j: JourneyModel, mode: LaneMode, filter: MapFilter = {}, where = ''): ViewFacts {
  const ctx = `${where} ${mode} lanes ${JSON.stringify(filter)}`;
  const root = renderJourneyMap(j, { lanes: mode, filter, interactive: true });
  if (!j.stages.length) {
    assert.deepStrictEqual(find(root, 'table'), [], `${ctx}: no stages, no table`);
    return { root, grid: { tracks: [], laneOfTrack: [], lanes: [], labels: new Map(), cells: [] }, gaps: new Set() };
  }
  let g: Grid;
  try {
    g = tableGrid(root, j);
  } catch (e) {
    (e as Error).message = `${ctx}: ${(e as Error).message}`;
    throw e;
  }
  assert.deepStrictEqual(g.lanes, expectedLanes(j, mode, filter, g), `${ctx}: lanes`);

  // Cards and references.
  const cardCell = new Map<number, Placed>();
  const refLanes = new Map<number, string[]>();
  for (const c of g.cells) {
    const lanes = lanesOf(g, c);
    const stage = c.node.attrs['data-stage'];
    const cards = find(c.node, 'div', 'card');
    const refs = find(c.node, 'button', 'ref');
    if (hasClass(c.node, 'gap')) {
      assert.deepStrictEqual([cards.length, refs.length], [0, 0], `${ctx}: gap ${stage} × ${lanes} holds nothing`);
      continue;
    }
    assert.ok(cards.length + refs.length > 0, `${ctx}: cell ${stage} × ${lanes} is neither a gap nor holds a card or reference`);
    assert.ok(!(cards.length && refs.length), `${ctx}: cell ${stage} × ${lanes} mixes cards and references`);
    if (refs.length) assert.strictEqual(lanes.length, 1, `${ctx}: references sit in one lane`);
    assert.strictEqual(hasClass(c.node, 'span-cell'), lanes.length > 1, `${ctx}: span-cell class on ${stage} × ${lanes}`);
    assert.strictEqual(c.node.attrs['data-lanes'], lanes.length > 1 ? lanes.join(' ') : undefined, `${ctx}: data-lanes of ${stage} × ${lanes}`);
    assert.strictEqual(c.node.attrs['data-lane'], lanes[0], `${ctx}: data-lane is the first lane covered`);
    for (const n of [...cards, ...refs]) {
      const i = Number(n.attrs['data-index']);
      const t = j.touchpoints[i];
      assert.ok(t, `${ctx}: data-index ${n.attrs['data-index']}`);
      assert.strictEqual(t.stage, stage, `${ctx}: ${t.name} drawn in stage ${stage}`);
      assert.strictEqual(hasClass(n, 'dim'), !matches(t, filter), `${ctx}: ${t.name} dim iff it does not match`);
    }
    for (const n of cards) {
      const i = Number(n.attrs['data-index']);
      assert.ok(!cardCell.has(i), `${ctx}: ${j.touchpoints[i].name} has a second card`);
      cardCell.set(i, c);
    }
    for (const n of refs) {
      const i = Number(n.attrs['data-index']);
      const list = refLanes.get(i) ?? [];
      assert.ok(!list.includes(lanes[0]), `${ctx}: ${j.touchpoints[i].name} referenced twice in lane ${lanes[0]}`);
      refLanes.set(i, [...list, lanes[0]]);
    }
  }
  const everything = all(root);
  assert.strictEqual(everything.filter((n) => n.tag === 'div' && hasClass(n, 'card')).length, cardCell.size, `${ctx}: every card is in a table cell`);
  assert.strictEqual(everything.filter((n) => n.tag === 'button' && hasClass(n, 'ref')).length, [...refLanes.values()].reduce((n, l) => n + l.length, 0), `${ctx}: every reference is in a table cell`);

  j.touchpoints.forEach((t, i) => {
    const want = t.stage !== undefined ? reached(j, mode, g, t) : [];
    const cell = cardCell.get(i);
    const refs = refLanes.get(i) ?? [];
    if (!want.length) {
      assert.ok(!cell && !refs.length, `${ctx}: ${t.name} reaches no lane shown, so no card and no reference`);
      return;
    }
    assert.ok(cell, `${ctx}: ${t.name} (stage ${t.stage}, lanes ${want}) has a card`);
    const covered = lanesOf(g, cell!);
    assert.deepStrictEqual(covered.filter((l) => refs.includes(l)), [], `${ctx}: ${t.name}: a reference in its own card's lane`);
    assert.deepStrictEqual([...covered, ...refs].sort(), [...want].sort(), `${ctx}: ${t.name}: card lanes ${covered} + reference lanes ${refs} = lanes reached`);
  });

  // An adjacent run of lanes that nothing else in the stage gets in the way of is one spanning cell.
  j.touchpoints.forEach((t, i) => {
    const want = t.stage !== undefined ? reached(j, mode, g, t) : [];
    if (want.length < 2) return;
    const idx = want.map((k) => g.lanes.indexOf(k));
    if (idx[idx.length - 1] - idx[0] !== idx.length - 1) return;
    const clear = j.touchpoints.every((u) => {
      if (u === t || u.stage !== t.stage) return true;
      const other = reached(j, mode, g, u).map((k) => g.lanes.indexOf(k));
      return other.every((x) => x < idx[0] || x > idx[idx.length - 1]) || other.join() === idx.join();
    });
    if (clear) assert.deepStrictEqual(lanesOf(g, cardCell.get(i)!), want, `${ctx}: ${t.name} reaches adjacent lanes ${want}: one cell spanning them`);
  });

  // Gaps: exactly the (stage, lane) slots no touchpoint of the stage reaches.
  const gaps = new Set<string>();
  for (const c of g.cells) {
    if (!hasClass(c.node, 'gap')) continue;
    const stage = c.node.attrs['data-stage'];
    const lanes = lanesOf(g, c);
    if (hasClass(c.node, 'stage-gap')) {
      assert.deepStrictEqual([c.row, c.rowSpan], [0, g.tracks.length], `${ctx}: the stage gap of ${stage} covers the whole body`);
      assert.strictEqual(find(c.node, 'span', 'gap-label').length, 1, `${ctx}: one label on the stage gap`);
    } else {
      assert.strictEqual(lanes.length, 1, `${ctx}: a gap is one lane`);
      assert.strictEqual(c.rowSpan, g.laneOfTrack.filter((k) => k === lanes[0]).length, `${ctx}: gap ${stage} × ${lanes[0]} takes its whole lane`);
    }
    for (const l of lanes) gaps.add(`${stage}\u0001${l}`);
  }
  for (const s of j.stages) {
    const stageGaps = g.cells.filter((c) => c.node.attrs['data-stage'] === s.id && hasClass(c.node, 'stage-gap'));
    assert.strictEqual(stageGaps.length, s.touchpointCount === 0 && g.tracks.length ? 1 : 0, `${ctx}: stage ${s.id} with ${s.touchpointCount} touchpoints: stage gap`);
    for (const l of g.lanes) {
      const covered = j.touchpoints.some((t) => t.stage === s.id && reached(j, mode, g, t).includes(l));
      assert.strictEqual(gaps.has(`${s.id}\u0001${l}`), !covered, `${ctx}: ${s.id} × ${l} is ${covered ? 'covered' : 'a gap'}`);
    }
  }
  return { root, grid: g, gaps };
}

/** Every lane mode, unfiltered and with each filter: integrity, and filtered gaps ⊆ unfiltered gaps. */
function checkAllViews(j: JourneyModel, where: string, filters?: (offered: MapFilter[]) => MapFilter[], filteredModes: LaneMode[] = MODES): ViewFacts[] {
  const bases: ViewFacts[] = [];
  let chosen: MapFilter[] | undefined;
  for (const mode of MODES) {
    const base = checkView(j, mode, {}, where);
    bases.push(base);
    if (!chosen) {
      const offered = toolbarFilters(j, base.root);
      chosen = filters ? filters(offered) : offered;
    }
    if (!filteredModes.includes(mode)) continue;
    for (const f of chosen) {
      const v = checkView(j, mode, f, where);
      for (const gap of v.gaps) assert.ok(base.gaps.has(gap), `${where} ${mode} ${JSON.stringify(f)}: the filter turned ${gap.replace('\u0001', ' × ')} into a gap`);
      const dimension = Object.keys(f)[0] as LaneMode;
      if (dimension === mode) {
        const value = Object.values(f)[0] as string;
        const want = mode === 'owner' ? j.owners.filter((o) => o.id === value).map((o) => o.key) : [value];
        assert.deepStrictEqual(v.grid.lanes, want, `${where}: a ${mode} filter in ${mode} lanes shows that lane only`);
      } else assert.deepStrictEqual(v.grid.lanes, base.grid.lanes, `${where}: a ${dimension} filter keeps the ${mode} lanes`);
    }
  }
  return bases;
}

// ---------------------------------------------------------------------------
// Playbooks
// ---------------------------------------------------------------------------

/** A playbook with segments a..f (adjacent in that order) and the given touchpoints (in `land`, email, csm unless said; null leaves the key out). */
function lanesPlaybook(touchpoints: { id: string; segments?: string[]; stage?: string; owner?: string | null; channel?: string | null }[], segments = ['a', 'b', 'c', 'd', 'e', 'f']): string {
  return [
    'playbook: spans',
    'title: Spans',
    'framework: laer',
    'owners:',
    '  - id: csm',
    '    type: human',
    '  - id: bot',
    '    type: automation',
    segments.length ? 'segments:' : 'segments: []',
    ...segments.map((s) => `  - id: ${s}\n    name: Segment ${s.toUpperCase()}`),
    'touchpoints:',
    ...touchpoints.map((t) =>
      [
        `  - id: ${t.id}`,
        `    stage: ${t.stage ?? 'land'}`,
        t.segments ? `    segments: [${t.segments.join(', ')}]` : '',
        t.channel === null ? '' : `    channel: ${t.channel ?? 'email'}`,
        t.owner === null ? '' : `    owner: ${t.owner ?? 'csm'}`,
      ]
        .filter(Boolean)
        .join('\n'),
    ),
    '',
  ].join('\n');
}

/** The cell holding a touchpoint's card and the lanes of its references, in segment lanes. */
function placement(j: JourneyModel, id: string, mode: LaneMode = 'segment'): { lanes: string[]; refs: string[]; cell: VNode } {
  const root = renderJourneyMap(j, { lanes: mode });
  const g = tableGrid(root, j);
  const i = j.touchpoints.findIndex((t) => t.id === id);
  const cells = g.cells.filter((c) => find(c.node, 'div', 'card', { 'data-index': String(i) }).length);
  assert.strictEqual(cells.length, 1, `${id}: one card`);
  const refs = g.cells.filter((c) => find(c.node, 'button', 'ref', { 'data-index': String(i) }).length).map((c) => lanesOf(g, c)[0]);
  return { lanes: lanesOf(g, cells[0]), refs, cell: cells[0].node };
}

const FRAMEWORK_STAGES: Record<string, string[]> = {
  aida: ['awareness', 'interest', 'desire', 'action'],
  race: ['reach', 'act', 'convert', 'engage'],
  aarrr: ['acquisition', 'activation', 'retention', 'referral', 'revenue'],
  laer: ['land', 'adopt', 'expand', 'renew'],
  'seven-stage': ['unaware', 'discovery', 'consideration', 'acquisition', 'onboarding', 'retention', 'advocacy'],
};
const CHANNELS = ['email', 'in-app', 'chat', 'phone', 'video-call', 'meeting', 'webinar', 'qbr', 'sms'];

/**
 * A random playbook (deterministic for a seed): a framework or custom stages, 1–6 segments
 * (sometimes none), 1–4 owners, up to 14 touchpoints with a random subset of segments or
 * none, random channels and owners; now and then an unknown stage, segment or owner, a
 * missing channel or owner, or a repeated id.
 */
function randomPlaybook(seed: number): string {
  const r = rng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const frameworks = [...Object.keys(FRAMEWORK_STAGES), 'custom'];
  const framework = pick(frameworks);
  const stages = framework === 'custom' ? Array.from({ length: int(1, 6) }, (_, i) => `step-${i + 1}`) : FRAMEWORK_STAGES[framework];
  const out = [`playbook: random-${seed}`, `title: Random ${seed}`, `framework: ${framework}`];
  if (framework === 'custom') out.push('stages:', ...stages.map((s) => `  - id: ${s}`));
  const owners = Array.from({ length: int(1, 4) }, (_, i) => `owner-${i + 1}`);
  out.push('owners:');
  for (const o of owners) {
    out.push(`  - id: ${o}`, `    type: ${pick(['human', 'team', 'automation'])}`);
    if (r() < 0.3) out.push(`    capacity: ${int(1, 50)}`);
  }
  const segments = r() < 0.1 ? [] : Array.from({ length: int(1, 6) }, (_, i) => `seg-${i + 1}`);
  out.push(segments.length ? 'segments:' : 'segments: []');
  for (const s of segments) {
    out.push(`  - id: ${s}`);
    if (r() < 0.3) out.push(`    owner: ${pick(owners)}`, `    size: ${int(1, 100)}`);
  }
  out.push('touchpoints:');
  const n = int(0, 14);
  for (let i = 0; i < n; i++) {
    out.push(`  - id: tp-${i > 0 && r() < 0.05 ? i - 1 : i}`);
    if (r() < 0.5) out.push(`    name: Touchpoint ${i} of ${seed}`);
    out.push(`    stage: ${r() < 0.05 ? 'nowhere' : pick(stages)}`);
    if (r() < 0.6) {
      const subset = segments.filter(() => r() < 0.45);
      if (r() < 0.08) subset.push('ghost-segment');
      out.push(`    segments: [${subset.join(', ')}]`);
    }
    if (r() > 0.05) out.push(`    channel: ${pick(CHANNELS)}`);
    const o = r();
    if (o < 0.08) out.push('    owner: ghost-owner');
    else if (o > 0.05) out.push(`    owner: ${pick(owners)}`);
  }
  return `${out.join('\n')}\n`;
}

// ---------------------------------------------------------------------------
// Suites
// ---------------------------------------------------------------------------

suite('layout: table integrity on the samples', () => {
  for (const s of samples()) {
    test(`${s.name}: every lane mode × every toolbar filter`, () => {
      const j = journeyOf(s.text);
      checkAllViews(j, s.name, (offered) => {
        assert.ok(offered.length >= j.segments.length + 2, 'the toolbar offers filters');
        return offered;
      });
    });
  }

  test('gaps.playbook.yaml: the checks see its spans, references and gaps (so they are not vacuous)', () => {
    const j = journeyOf(samples().find((s) => s.name === 'gaps.playbook.yaml')!.text);
    const root = renderJourneyMap(j, { lanes: 'segment' });
    assert.ok(find(root, 'td', 'span-cell').length > 0, 'span cells');
    assert.ok(find(root, 'button', 'ref').length > 0, 'references');
    assert.ok(find(root, 'td', 'gap').length > 1, 'gaps');
    assert.strictEqual(find(root, 'td', 'stage-gap').length, 1, 'the expand stage gap');
    const g = tableGrid(root, j);
    assert.ok(g.tracks.length > g.lanes.length, 'some lane has more than one track');
  });
});

suite('layout: spans and references', () => {
  test('adjacent lanes: one card in one cell spanning them, no reference', () => {
    const j = journeyOf(lanesPlaybook([{ id: 'mid', segments: ['b', 'c', 'd'] }]));
    const p = placement(j, 'mid');
    assert.deepStrictEqual(p.lanes, ['b', 'c', 'd']);
    assert.deepStrictEqual(p.refs, []);
    assert.ok(hasClass(p.cell, 'span-cell'));
    assert.strictEqual(p.cell.attrs['data-lanes'], 'b c d');
    assert.strictEqual(p.cell.attrs.rowspan, '3');
    checkAllViews(j, 'adjacent');
  });

  test('segments listed out of order are still adjacent lanes', () => {
    const j = journeyOf(lanesPlaybook([{ id: 'mid', segments: ['d', 'b', 'c'] }]));
    assert.deepStrictEqual(placement(j, 'mid').lanes, ['b', 'c', 'd']);
  });

  test('non-adjacent lanes: one card, a reference in each other lane, never a second card', () => {
    const j = journeyOf(lanesPlaybook([{ id: 'split', segments: ['a', 'c', 'f'] }]));
    const p = placement(j, 'split');
    assert.deepStrictEqual([p.lanes, p.refs.sort()], [['a'], ['c', 'f']]);
    const root = renderJourneyMap(j, { lanes: 'segment' });
    assert.strictEqual(find(root, 'div', 'card').length, 1);
    const refs = find(root, 'button', 'ref');
    assert.strictEqual(refs.length, 2);
    for (const r of refs) assert.strictEqual(text(r), 'split');
    checkAllViews(j, 'non-adjacent');
  });

  test('a run plus a far lane: the run spans, the far lane gets a reference', () => {
    const j = journeyOf(lanesPlaybook([{ id: 'both', segments: ['a', 'b', 'e'] }]));
    const p = placement(j, 'both');
    assert.deepStrictEqual([p.lanes, p.refs], [['a', 'b'], ['e']]);
  });

  test('two touchpoints reaching every segment in one stage share one spanning cell', () => {
    const j = journeyOf(lanesPlaybook([{ id: 'one' }, { id: 'two', owner: 'bot' }]));
    const root = renderJourneyMap(j, { lanes: 'segment' });
    const g = tableGrid(root, j);
    const spans = g.cells.filter((c) => hasClass(c.node, 'span-cell'));
    assert.strictEqual(spans.length, 1);
    assert.deepStrictEqual(lanesOf(g, spans[0]), ['a', 'b', 'c', 'd', 'e', 'f']);
    assert.deepStrictEqual(find(spans[0].node, 'div', 'card').map((c) => c.attrs['data-index']), ['0', '1']);
    assert.strictEqual(spans[0].node.attrs['data-lanes'], 'a b c d e f');
    assert.strictEqual(find(root, 'button', 'ref').length, 0);
    checkAllViews(j, 'all segments twice');
  });

  test('crossing spans fall back to a card and references, each touchpoint still drawn once', () => {
    // [a b c] and [b c d] cannot both span: they would overlap in b and c.
    const j = journeyOf(lanesPlaybook([{ id: 'left', segments: ['a', 'b', 'c'] }, { id: 'right', segments: ['b', 'c', 'd'] }]));
    const left = placement(j, 'left');
    const right = placement(j, 'right');
    assert.deepStrictEqual([...left.lanes, ...left.refs].sort(), ['a', 'b', 'c']);
    assert.deepStrictEqual([...right.lanes, ...right.refs].sort(), ['b', 'c', 'd']);
    assert.ok(left.refs.length + right.refs.length > 0, 'one of them uses references');
    checkAllViews(j, 'crossing');
  });

  test('a span over a lane holding another touchpoint is not drawn across it', () => {
    const j = journeyOf(lanesPlaybook([{ id: 'wide', segments: ['a', 'b', 'c'] }, { id: 'inside', segments: ['b'] }]));
    // A cell is one run of rows: a span over a, b and c would take every track of b.
    const wide = placement(j, 'wide');
    assert.deepStrictEqual([wide.lanes, wide.refs.sort()], [['a'], ['b', 'c']]);
    assert.deepStrictEqual(placement(j, 'inside').lanes, ['b']);
    checkAllViews(j, 'span over a card');
  });

  test('spans meeting at a lane stack in that lane', () => {
    const j = journeyOf(lanesPlaybook([{ id: 'upper', segments: ['a', 'b'] }, { id: 'lower', segments: ['b', 'c'] }, { id: 'single', segments: ['b'] }]));
    assert.deepStrictEqual(placement(j, 'upper').lanes, ['a', 'b']);
    assert.deepStrictEqual(placement(j, 'lower').lanes, ['b', 'c']);
    assert.deepStrictEqual(placement(j, 'single').lanes, ['b']);
    checkAllViews(j, 'meeting spans');
  });

  test('many overlapping spans in one stage and across stages', () => {
    const sets = [['a', 'b'], ['b', 'c', 'd'], ['a', 'f'], ['c'], ['c', 'd', 'e', 'f'], ['a', 'c', 'e'], ['b', 'c'], ['e', 'f'], ['a', 'b', 'c', 'd', 'e', 'f'], ['d']];
    const tps = sets.flatMap((segments, i) => [{ id: `x-${i}`, segments }, { id: `y-${i}`, segments: [...segments].reverse(), stage: i % 2 ? 'adopt' : 'renew', owner: i % 3 ? 'bot' : 'csm', channel: CHANNELS[i % 4] }]);
    checkAllViews(journeyOf(lanesPlaybook(tps)), 'overlapping spans');
  });

  test('a playbook without segments has one "All accounts" lane; each touchpoint one card', () => {
    const j = journeyOf(lanesPlaybook([{ id: 'one' }, { id: 'two', stage: 'renew' }, { id: 'three', segments: [] }], []));
    const root = renderJourneyMap(j, { lanes: 'segment' });
    const g = tableGrid(root, j);
    assert.deepStrictEqual([...g.labels.values()], ['All accounts']);
    assert.deepStrictEqual(find(root, 'div', 'card').map((c) => c.attrs['data-index']), ['0', '2', '1']);
    checkAllViews(j, 'no segments');
  });

  test('a touchpoint reaching no segment that exists has no card, and its stage is not a stage gap', () => {
    const j = journeyOf(lanesPlaybook([{ id: 'lost', segments: ['nope'] }, { id: 'here', segments: ['a'], stage: 'adopt' }]));
    const root = renderJourneyMap(j, { lanes: 'segment' });
    assert.deepStrictEqual(find(root, 'div', 'card').map((c) => c.attrs['data-index']), ['1']);
    assert.deepStrictEqual(find(root, 'td', 'stage-gap').map((c) => c.attrs['data-stage']), ['expand', 'renew']);
    checkAllViews(j, 'unknown segment');
  });

  test('touchpoints with an unknown, missing or repeated owner, a missing channel or an unknown stage', () => {
    const j = journeyOf(lanesPlaybook([{ id: 'ghost', owner: 'nobody' }, { id: 'twice', segments: ['b'], channel: null }, { id: 'twice', segments: ['c'], stage: 'adopt' }, { id: 'lost', stage: 'nowhere', owner: null }]));
    assert.ok(j.touchpoints.some((t) => t.channel === undefined), 'a touchpoint without channel');
    assert.ok(j.touchpoints.some((t) => t.stage === undefined), 'a touchpoint without a known stage');
    checkAllViews(j, 'odd references');
    const owner = tableGrid(renderJourneyMap(j, { lanes: 'owner' }), j);
    assert.strictEqual([...owner.labels.values()].pop(), 'No known owner');
  });
});

suite('layout: filters', () => {
  const j = () => journeyOf(lanesPlaybook([
    { id: 'wide', segments: ['a', 'b', 'c'], channel: 'email', owner: 'bot' },
    { id: 'split', segments: ['a', 'd'], channel: 'phone' },
    { id: 'late', segments: ['f'], stage: 'renew', channel: 'email' },
  ]));

  test('a filter dims the touchpoints it does not match and keeps every cell', () => {
    const jm = j();
    for (const filter of [{ channel: 'phone' }, { owner: 'bot' }, { segment: 'd' }]) {
      const v = checkView(jm, 'segment', filter, 'filters');
      const base = checkView(jm, 'segment', {}, 'filters');
      if (!filter.segment) assert.deepStrictEqual([...v.gaps].sort(), [...base.gaps].sort(), `${JSON.stringify(filter)}: same gaps`);
    }
    const root = renderJourneyMap(jm, { lanes: 'segment', filter: { channel: 'phone' } });
    const dim = find(root, undefined, 'dim').map((n) => `${n.tag}.${n.attrs['data-kind']}:${jm.touchpoints[Number(n.attrs['data-index'])].id}`).sort();
    assert.deepStrictEqual(dim, ['div.touchpoint:late', 'div.touchpoint:wide']);
    const refs = find(root, 'button', 'ref');
    assert.ok(refs.length && refs.every((r) => !hasClass(r, 'dim')), 'the references of a matching touchpoint are not dimmed');
  });

  test('a filter naming a value the playbook does not have is dropped: every lane, nothing dimmed', () => {
    const jm = j();
    for (const filter of [{ channel: 'sms' }, { segment: 'gone' }, { owner: 'nobody' }]) {
      const root = renderJourneyMap(jm, { lanes: 'segment', filter });
      assert.deepStrictEqual(find(root, undefined, 'dim'), [], JSON.stringify(filter));
      assert.deepStrictEqual(layoutMap(jm, 'segment', filter).lanes.map((l) => l.key), layoutMap(jm, 'segment').lanes.map((l) => l.key), JSON.stringify(filter));
      assert.strictEqual(layoutMap(jm, 'segment', filter).filtered, false, JSON.stringify(filter));
    }
  });

  test('a segment filter in segment lanes shows that lane only', () => {
    const jm = j();
    const g = checkView(jm, 'segment', { segment: 'c' }, 'filters').grid;
    assert.deepStrictEqual(g.lanes, ['c']);
    const root = renderJourneyMap(jm, { lanes: 'segment', filter: { segment: 'c' } });
    assert.deepStrictEqual(find(root, 'div', 'card').map((c) => jm.touchpoints[Number(c.attrs['data-index'])].id), ['wide']);
  });

  test('a channel filter in channel lanes and an owner filter in owner lanes show that lane only', () => {
    const jm = j();
    assert.deepStrictEqual(checkView(jm, 'channel', { channel: 'phone' }, 'filters').grid.lanes, ['phone']);
    assert.deepStrictEqual(checkView(jm, 'owner', { owner: 'bot' }, 'filters').grid.lanes, ['bot']);
    assert.deepStrictEqual(checkView(jm, 'channel', { owner: 'bot' }, 'filters').grid.lanes, ['email', 'phone']);
  });

  test('matchingTouchpoints: segment, channel and owner combine; no filter keeps all', () => {
    const jm = j();
    const ids = (f?: MapFilter) => [...matchingTouchpoints(jm, f)].map((i) => jm.touchpoints[i].id).sort();
    assert.deepStrictEqual(ids(), ['late', 'split', 'wide']);
    assert.deepStrictEqual(ids({}), ['late', 'split', 'wide']);
    assert.deepStrictEqual(ids({ segment: 'a' }), ['split', 'wide']);
    assert.deepStrictEqual(ids({ segment: 'a', channel: 'email' }), ['wide']);
    assert.deepStrictEqual(ids({ owner: 'csm' }), ['late', 'split']);
    assert.deepStrictEqual(ids({ channel: 'sms' }), []);
  });
});

suite('layout: layoutMap', () => {
  test('lanes cut into tracks tile the rows; each column\'s items and gaps cover every row once', () => {
    for (const s of samples()) {
      const j = journeyOf(s.text);
      for (const mode of MODES) {
        const l = layoutMap(j, mode);
        let row = 0;
        for (const lane of l.lanes) {
          assert.strictEqual(lane.firstRow, row, `${s.name} ${mode}: ${lane.key} starts after the previous lane`);
          assert.ok(lane.tracks >= 1);
          row += lane.tracks;
        }
        assert.strictEqual(l.rows, row);
        l.columns.forEach((col) => {
          const cover = new Array<number>(l.rows).fill(0);
          for (const it of [...col.items, ...col.gaps]) for (let r = it.row; r < it.row + it.rowSpan; r++) cover[r]++;
          const want = col.empty ? 0 : 1;
          cover.forEach((n, r) => assert.strictEqual(n, want, `${s.name} ${mode} ${col.stage.id}: row ${r} covered ${n} times`));
          assert.strictEqual(col.empty, col.stage.touchpointCount === 0);
        });
        assert.strictEqual(l.filtered, false);
      }
    }
  });
});

suite('layout: random playbooks', () => {
  const SEEDS = testRuns(300, 30);
  test(`${SEEDS} seeded random playbooks: integrity, one card each, gaps, filters`, () => {
    let spans = 0;
    let refs = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const text = randomPlaybook(seed);
      const j = buildJourney(analyzePlaybook(text));
      assert.ok(j, `seed ${seed} builds a journey:\n${text}`);
      const r = rng(seed * 7919);
      let views: ViewFacts[];
      try {
        // Every lane mode unfiltered, and one filter the toolbar offers in one lane mode.
        views = checkAllViews(j!, `seed ${seed}`, (offered) => (offered.length ? [offered[Math.floor(r() * offered.length)]] : []), [MODES[Math.floor(r() * 3)]]);
      } catch (e) {
        (e as Error).message += `\n--- playbook (seed ${seed}) ---\n${text}`;
        throw e;
      }
      spans += find(views[0].root, 'td', 'span-cell').length;
      refs += find(views[0].root, 'button', 'ref').length;
    }
    assert.ok(spans > SEEDS / 6 && refs > SEEDS / 6, `the generator exercises spans (${spans}) and references (${refs})`);
  });

  test('the generator is deterministic and makes valid-enough playbooks', () => {
    assert.strictEqual(randomPlaybook(42), randomPlaybook(42));
    assert.notStrictEqual(randomPlaybook(42), randomPlaybook(43));
    const j = journeyOf(randomPlaybook(7));
    assert.ok(j.stages.length > 0);
  });
});
