/**
 * The journey map as an element tree: header, summary strip, emotion curve,
 * stage columns, lanes (by segment, channel or owner) and touchpoint cards,
 * with gaps and findings drawn where they are. Shared by the preview webview
 * and the HTML export; every element that comes from the file carries its
 * source range (`data-range`) so a click can reveal it.
 */
import type { JourneyCell, JourneyFinding, JourneyModel, JourneyStage, JourneyTouchpoint } from '../journey';
import type { Range, Severity } from '../types';
import { Child, h, VNode } from './tree';

export type LaneMode = 'segment' | 'channel' | 'owner';

export interface MapOptions {
  lanes: LaneMode;
  /** Show only touchpoints matching these (cells they leave empty are drawn as gaps). */
  filter?: { segment?: string; channel?: string; owner?: string };
  /** Index of the touchpoint under the editor cursor. */
  selected?: number;
  /** Controls (lane switch, filter, fit, export) are drawn only where they work (the preview). */
  interactive?: boolean;
  /** Syntax errors shown in a banner above the last good map. */
  syntaxErrors?: { message: string; line: number; character: number }[];
}

interface Lane {
  key: string;
  label: string;
  badge?: string;
  details: string[];
  findings: JourneyFinding[];
  range?: Range;
  kind: 'segment' | 'channel' | 'owner';
}

const SEVERITY_ORDER: Severity[] = ['error', 'warning', 'info'];
const ICON: Record<Severity, string> = { error: '✖', warning: '⚠', info: 'ℹ' };

/** `start.line:start.character:end.line:end.character`, read by the webview on click. */
export function rangeAttr(r: Range | undefined): string | undefined {
  return r ? `${r.start.line}:${r.start.character}:${r.end.line}:${r.end.character}` : undefined;
}

/** The touchpoints a filter keeps. */
export function visibleTouchpoints(j: JourneyModel, filter: MapOptions['filter']): Set<number> {
  const keep = new Set<number>();
  j.touchpoints.forEach((t, i) => {
    if (filter?.segment && !t.segments.includes(filter.segment)) return;
    if (filter?.channel && t.channel !== filter.channel) return;
    if (filter?.owner && t.owner !== filter.owner) return;
    keep.add(i);
  });
  return keep;
}

function lanesOf(j: JourneyModel, mode: LaneMode): Lane[] {
  if (mode === 'segment') {
    return j.segments.map((s) => {
      const owner = j.owners.find((o) => o.id !== undefined && o.id === s.owner);
      return {
        key: s.key,
        label: s.name,
        badge: s.engagement,
        details: [s.size !== undefined ? `${s.size.toLocaleString('en-US')} accounts` : '', s.owner ? `owner ${owner?.name ?? s.owner}` : '', s.criteria ?? ''].filter(Boolean),
        findings: [...s.findings, ...(owner?.findings.filter((f) => f.ruleId === 'owner-over-capacity') ?? [])],
        range: s.idRange,
        kind: 'segment',
      };
    });
  }
  if (mode === 'owner') {
    const lanes: Lane[] = j.owners.map((o) => ({
      key: o.key,
      label: o.name,
      badge: o.type,
      details: [o.capacity !== undefined ? `${o.load.toLocaleString('en-US')} / ${(o.capacity * o.headcount).toLocaleString('en-US')} accounts` : '', o.headcount > 1 ? `${o.headcount} people` : ''].filter(Boolean),
      findings: o.findings,
      range: o.idRange,
      kind: 'owner',
    }));
    if (j.touchpoints.some((t) => !j.owners.some((o) => o.id !== undefined && o.id === t.owner))) lanes.push({ key: '\u0000none', label: 'No known owner', details: [], findings: [], kind: 'owner' });
    return lanes;
  }
  const channels = [...new Set(j.touchpoints.map((t) => t.channel ?? 'unknown'))].sort();
  return channels.map((c) => ({ key: c, label: c, details: [`${j.summary.byChannel[c] ?? 0} touchpoints`], findings: [], kind: 'channel' }));
}

function laneTouchpoints(j: JourneyModel, mode: LaneMode, lane: Lane, stage: string, visible: Set<number>, cellIndex: Map<string, JourneyCell>): number[] {
  if (mode === 'segment') return (cellIndex.get(`${stage}\u0000${lane.key}`)?.touchpoints ?? []).filter((i) => visible.has(i));
  const out: number[] = [];
  j.touchpoints.forEach((t, i) => {
    if (t.stage !== stage || !visible.has(i)) return;
    if (mode === 'channel' && (t.channel ?? 'unknown') === lane.key) out.push(i);
    if (mode === 'owner') {
      const known = j.owners.find((o) => o.id !== undefined && o.id === t.owner);
      if ((known ? known.key : '\u0000none') === lane.key) out.push(i);
    }
  });
  return out;
}

function findingList(findings: JourneyFinding[], cls = 'findings'): VNode | undefined {
  if (!findings.length) return undefined;
  return h(
    'ul',
    { class: cls },
    findings.map((f) => h('li', { class: `finding ${f.severity}`, 'data-range': rangeAttr(f.range), 'data-severity': f.severity, title: f.ruleId }, `${ICON[f.severity]} ${f.message}`)),
  );
}

function fmt(n: number | undefined, unit?: string): string {
  if (n === undefined) return '—';
  const s = Number.isInteger(n) ? n.toLocaleString('en-US') : n.toFixed(2).replace(/0+$/, '');
  return unit && unit.length <= 3 ? `${s}${unit === '%' ? '%' : ` ${unit}`}` : s;
}

function kpiChip(j: JourneyModel, key: string): VNode | undefined {
  const k = j.kpis.find((x) => x.key === key);
  if (!k) return undefined;
  const arrow = k.direction === 'increase' ? '▲' : k.direction === 'decrease' ? '▼' : '';
  const noTarget = k.target === undefined;
  const worst = SEVERITY_ORDER.find((s) => k.findings.some((f) => f.severity === s));
  return h(
    'button',
    {
      type: 'button',
      class: `kpi${noTarget ? ' no-target' : ''}${worst ? ` has-${worst}` : ''}`,
      'data-range': rangeAttr(k.idRange),
      title: k.findings.map((f) => f.message).join('\n') || undefined,
      'aria-label': `KPI ${k.name}: baseline ${fmt(k.baseline, k.unit)}, target ${noTarget ? 'none' : fmt(k.target, k.unit)}${k.direction ? `, ${k.direction}` : ''}${k.findings.length ? `, ${k.findings.length} finding(s)` : ''}`,
    },
    h('span', { class: 'kpi-name' }, k.name),
    ' ',
    h('span', { class: 'kpi-values' }, `${fmt(k.baseline, k.unit)} → `, noTarget ? h('strong', { class: 'no-target-mark' }, 'no target ⚠') : h('strong', {}, fmt(k.target, k.unit))),
    arrow ? h('span', { class: `kpi-arrow ${k.direction}` }, ` ${arrow}`) : undefined,
  );
}

function card(j: JourneyModel, t: JourneyTouchpoint, index: number, selected: boolean): VNode {
  const ownerType = t.ownerType ?? 'unknown';
  const meta = [t.channel ?? 'no channel', t.ownerName ?? t.owner ?? 'no owner', t.triggerSummary, t.within ? `within ${t.within}` : undefined].filter(Boolean).join(' · ');
  const target = t.escalatesToIndex !== undefined ? j.touchpoints[t.escalatesToIndex] : undefined;
  const worst = SEVERITY_ORDER.find((s) => t.findings.some((f) => f.severity === s));
  return h(
    'button',
    {
      type: 'button',
      class: `card owner-${ownerType}${selected ? ' selected' : ''}${worst ? ` has-${worst}` : ''}`,
      'data-kind': 'touchpoint',
      'data-index': index,
      'data-range': rangeAttr(t.idRange),
      'data-line': t.range?.start.line,
      'data-end-line': t.range?.end.line,
      'aria-current': selected ? 'true' : undefined,
      'aria-label': `Touchpoint ${t.name}: ${meta}${t.findings.length ? `, ${t.findings.length} finding(s)` : ''}`,
    },
    h('span', { class: 'card-title' }, h('span', { class: 'card-name' }, t.name), ' ', h('span', { class: `badge owner-${ownerType}` }, ownerType)),
    h('span', { class: 'card-meta' }, meta),
    t.kpis.length ? h('span', { class: 'card-kpis' }, `KPIs: ${t.kpis.join(', ')}`) : undefined,
    target ? h('span', { class: 'card-escalation' }, `escalates to ${target.name} ↗`) : t.escalatesTo ? h('span', { class: 'card-escalation' }, `escalates to ${t.escalatesTo} ↗`) : undefined,
    t.emotion !== undefined ? h('span', { class: 'card-emotion' }, `feels ${t.emotion > 0 ? '+' : ''}${t.emotion}`) : undefined,
    t.findings.map((f) => h('span', { class: `card-finding finding ${f.severity}`, 'data-severity': f.severity, title: f.ruleId }, `${ICON[f.severity]} ${f.message}`)),
  );
}

/** The emotion row: one small SVG per stage whose half-segments join the neighbours' points. */
function emotionRow(stages: JourneyStage[]): VNode {
  const y = (e: number) => 20 - e * 8; // -2..2 -> 36..4
  const cells = stages.map((s, i) => {
    const here = s.emotion;
    const prev = i > 0 ? stages[i - 1].emotion : null;
    const next = i < stages.length - 1 ? stages[i + 1].emotion : null;
    const parts: VNode[] = [h('line', { x1: 0, y1: 20, x2: 100, y2: 20, class: 'emotion-zero', 'vector-effect': 'non-scaling-stroke' })];
    if (here !== null) {
      if (prev !== null) parts.push(h('line', { x1: 0, y1: (y(prev) + y(here)) / 2, x2: 50, y2: y(here), class: 'emotion-line', 'vector-effect': 'non-scaling-stroke' }));
      if (next !== null) parts.push(h('line', { x1: 50, y1: y(here), x2: 100, y2: (y(here) + y(next)) / 2, class: 'emotion-line', 'vector-effect': 'non-scaling-stroke' }));
    }
    return h(
      'td',
      { class: 'emotion-cell', 'aria-label': here === null ? `${s.name}: no expected emotion` : `${s.name}: expected emotion ${here.toFixed(1)}` },
      h('svg', { viewBox: '0 0 100 40', preserveAspectRatio: 'none', class: 'emotion-svg', 'aria-hidden': 'true' }, parts),
      here !== null ? h('span', { class: `emotion-dot${here >= 0 ? ' positive' : ' negative'}` }, here.toFixed(1)) : h('span', { class: 'emotion-none' }, '—'),
    );
  });
  return h('tr', { class: 'emotion-row' }, h('th', { scope: 'row', class: 'emotion-label' }, 'Expected emotion'), cells);
}

/** The whole journey map. */
export function renderJourneyMap(j: JourneyModel, options: MapOptions): VNode {
  const visible = visibleTouchpoints(j, options.filter);
  const lanes = lanesOf(j, options.lanes);
  const cellIndex = new Map(j.cells.map((c) => [`${c.stage}\u0000${c.segment}`, c]));
  const p = j.playbook;
  const automated = Math.round(j.summary.automatedShare * 100);
  const channelMix = Object.entries(j.summary.byChannel)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([c, n]) => `${c} ${n}`)
    .join(' · ');

  const header = h(
    'header',
    { class: 'map-header' },
    h('h1', { class: 'map-title', 'data-range': rangeAttr(undefined) }, p.title ?? p.id ?? 'Untitled playbook'),
    h('span', { class: 'map-subtitle' }, [p.framework ? `framework: ${p.framework.name}` : 'no framework', p.engagement ?? '', p.version !== undefined ? `v${p.version}` : ''].filter(Boolean).join(' · ')),
    options.interactive ? controls(j, options) : undefined,
  );

  const summary = h(
    'section',
    { class: 'summary', 'aria-label': 'Summary' },
    h('span', {}, h('strong', {}, String(j.summary.touchpoints)), ' touchpoints'),
    h('span', {}, h('strong', {}, `${automated}%`), ' automated'),
    channelMix ? h('span', { class: 'channel-mix' }, channelMix) : undefined,
    ...SEVERITY_ORDER.map((s) => h('span', { class: `count ${s}`, 'data-severity': s }, h('strong', {}, String(j.summary.findings[s])), ` ${s === 'info' ? 'infos' : `${s}s`}`)),
  );

  const banner = options.syntaxErrors?.length
    ? h(
        'section',
        { class: 'banner', role: 'alert' },
        h('strong', {}, 'The playbook does not parse; showing the last valid map. '),
        h('ul', {}, options.syntaxErrors.slice(0, 5).map((e) => h('li', { 'data-range': `${e.line}:${e.character}:${e.line}:${e.character}` }, `Line ${e.line + 1}: ${e.message}`))),
      )
    : undefined;

  const stageHeads = j.stages.map((s) => {
    const gap = s.touchpointCount === 0;
    return h(
      'th',
      { scope: 'col', class: `stage${gap ? ' gap' : ''}`, 'data-stage': s.id, 'data-range': rangeAttr(s.idRange), tabindex: 0, 'aria-label': `Stage ${s.name}${gap ? ', no touchpoint' : `, ${s.touchpointCount} touchpoints`}` },
      h('span', { class: 'stage-name' }, s.name),
      s.goal ? h('span', { class: 'stage-goal' }, s.goal) : undefined,
      s.kpis.length ? h('span', { class: 'stage-kpis' }, s.kpis.map((k) => kpiChip(j, k)).filter((x): x is VNode => x !== undefined)) : undefined,
      findingList(s.findings),
    );
  });

  const rows = lanes.map((lane) => {
    const laneHasFindings = lane.findings.some((f) => f.severity !== 'info');
    const cells = j.stages.map((s) => {
      const idx = laneTouchpoints(j, options.lanes, lane, s.id, visible, cellIndex);
      const cellFindings = options.lanes === 'segment' ? cellIndex.get(`${s.id}\u0000${lane.key}`)?.findings ?? [] : [];
      const empty = idx.length === 0;
      return h(
        'td',
        { class: `cell${empty ? ' gap' : ''}${s.touchpointCount === 0 ? ' stage-gap' : ''}`, 'data-stage': s.id, 'data-lane': lane.key, 'aria-label': `${lane.label} in ${s.name}: ${empty ? 'no touchpoint' : `${idx.length} touchpoint(s)`}` },
        idx.map((i) => card(j, j.touchpoints[i], i, options.selected === i)),
        findingList(cellFindings, 'findings cell-findings'),
      );
    });
    return h(
      'tr',
      { class: `lane${laneHasFindings ? ' lane-warning' : ''}`, 'data-lane': lane.key },
      h(
        'th',
        { scope: 'row', class: 'lane-head', 'data-range': rangeAttr(lane.range), tabindex: lane.range ? 0 : undefined, 'aria-label': `${lane.kind} ${lane.label}${lane.badge ? `, ${lane.badge}` : ''}` },
        h('span', { class: 'lane-name' }, lane.label),
        lane.badge ? h('span', { class: `badge engagement ${lane.badge}` }, lane.badge) : undefined,
        lane.details.length ? h('span', { class: 'lane-details' }, lane.details.join(' · ')) : undefined,
        findingList(lane.findings),
      ),
      cells,
    );
  });

  const table = h(
    'table',
    { class: 'journey', 'aria-label': `Journey map: ${j.stages.length} stages, ${lanes.length} ${options.lanes} lanes` },
    h('thead', {}, h('tr', { class: 'stage-row' }, h('th', { class: 'corner', scope: 'col' }, options.lanes === 'segment' ? 'Segment' : options.lanes === 'channel' ? 'Channel' : 'Owner'), stageHeads)),
    h('tbody', {}, j.stages.length ? emotionRow(j.stages) : undefined, rows),
  );

  // Findings about things the map has no element for in this view (KPIs, triggers, owners) are listed below it.
  const shownOnLanes = options.lanes === 'owner' ? new Set(j.owners.flatMap((o) => o.findings)) : new Set(j.owners.flatMap((o) => o.findings.filter((f) => f.ruleId === 'owner-over-capacity')));
  const elsewhere = [...j.findings, ...j.kpis.flatMap((k) => k.findings), ...j.triggers.flatMap((t) => t.findings), ...j.owners.flatMap((o) => o.findings).filter((f) => !shownOnLanes.has(f))];
  const unattached = elsewhere.length
    ? h('section', { class: 'more-findings', 'aria-label': 'Other findings' }, h('h2', { class: 'more-findings-title' }, 'Other findings'), findingList(elsewhere, 'findings general'))
    : undefined;
  const legend = h(
    'footer',
    { class: 'legend' },
    h('span', { class: 'legend-item owner-human' }, 'human'),
    h('span', { class: 'legend-item owner-team' }, 'team'),
    h('span', { class: 'legend-item owner-automation' }, 'automation'),
    h('span', { class: 'legend-item gap-swatch' }, 'gap'),
    options.interactive ? h('span', { class: 'legend-hint' }, 'Click any card, lane, stage or finding to jump to its line.') : undefined,
  );
  const children: Child[] = [header, summary];
  if (banner) children.push(banner);
  children.push(h('div', { class: 'map-scroll' }, table));
  if (unattached) children.push(unattached);
  children.push(legend);
  return h('div', { class: 'journey-map', 'data-lanes': options.lanes }, children);
}

function controls(j: JourneyModel, options: MapOptions): VNode {
  const laneButton = (mode: LaneMode, label: string) =>
    h('button', { type: 'button', class: 'control', 'data-action': 'lanes', value: mode, 'aria-pressed': options.lanes === mode ? 'true' : 'false' }, label);
  const opt = (value: string, label: string, selected: boolean) => h('option', { value, selected }, label);
  const f = options.filter ?? {};
  const current = f.segment ? `segment:${f.segment}` : f.channel ? `channel:${f.channel}` : f.owner ? `owner:${f.owner}` : '';
  return h(
    'nav',
    { class: 'controls', 'aria-label': 'Map controls' },
    h('span', { class: 'control-group', role: 'group', 'aria-label': 'Lanes' }, laneButton('segment', 'Segment'), laneButton('channel', 'Channel'), laneButton('owner', 'Owner')),
    h(
      'select',
      { class: 'control', 'data-action': 'filter', 'aria-label': 'Filter touchpoints' },
      opt('', 'All touchpoints', current === ''),
      j.segments.map((s) => opt(`segment:${s.key}`, `Segment: ${s.name}`, current === `segment:${s.key}`)),
      Object.keys(j.summary.byChannel).sort().map((c) => opt(`channel:${c}`, `Channel: ${c}`, current === `channel:${c}`)),
      j.owners.filter((o) => o.id !== undefined).map((o) => opt(`owner:${o.id}`, `Owner: ${o.name}`, current === `owner:${o.id}`)),
    ),
    h('button', { type: 'button', class: 'control', 'data-action': 'fit', 'aria-label': 'Zoom to fit' }, 'Fit'),
    h('button', { type: 'button', class: 'control', 'data-action': 'export', value: 'html' }, 'Export HTML'),
    h('button', { type: 'button', class: 'control', 'data-action': 'export', value: 'svg' }, 'SVG'),
    h('button', { type: 'button', class: 'control', 'data-action': 'export', value: 'mermaid' }, 'Mermaid'),
  );
}
