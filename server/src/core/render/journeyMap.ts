/**
 * The journey map as an element tree, for the preview webview and the HTML export:
 * a title bar, the toolbar (preview only), the summary strip and legend, then one
 * table whose header row (stages) and first column (lanes) stay pinned while the
 * map scrolls, an emotion row, touchpoint cards, hatched gaps, short finding badges,
 * and a findings panel with every message once. Every element that comes from the
 * file carries its source range (`data-range`) so a click can reveal it.
 */
import type { JourneyCompare, RemovedTouchpoint } from '../compare';
import type { JourneyFinding, JourneyKpi, JourneyModel, JourneyStage, JourneyTouchpoint } from '../journey';
import type { Severity } from '../types';
import { channelIcon, icon, iconSprite } from './icons';
import { findingLabel, messageNodes, plainMessage } from './labels';
import { LaneMode, layoutMap, LayoutColumn, LayoutEntry, LayoutItem, LayoutLane, MapFilter, MapLayout, matchingSummary, validFilter } from './layout';
import { Child, h, VNode } from './tree';

export type { LaneMode, MapFilter } from './layout';
export type Density = 'comfortable' | 'compact';

export interface MapOptions {
  lanes: LaneMode;
  /** Touchpoints that do not match are dimmed; a filter on the lanes' own dimension shows that lane only. */
  filter?: MapFilter;
  /** Index of the touchpoint under the editor cursor. */
  selected?: number;
  /** Controls (lanes, filter, density, zoom, export) are drawn only where they work (the preview). */
  interactive?: boolean;
  /** Syntax errors shown in a banner above the last good map. */
  syntaxErrors?: { message: string; line: number; character: number }[];
  density?: Density;
  /** Legend open (default) or folded. */
  legendOpen?: boolean;
  /** Findings panel shown (default) or hidden. */
  findingsOpen?: boolean;
  /** The file name shown in the title bar. */
  fileName?: string;
  /**
   * Cards drawn by the previous render, by what they show: an unchanged card is the same
   * element again, so the preview's DOM patch skips it. Entries not used by this render are dropped.
   */
  memo?: Map<string, VNode>;
  /** Compare mode: the changes from another version (cards marked, removed ones as ghosts, coverage cells marked, a summary). */
  compare?: JourneyCompare;
}

/** A touchpoint's compare mark: new, or changed with the fields that changed. */
function compareMark(options: MapOptions, index: number): { added: true } | { fields: string[] } | undefined {
  const c = options.compare;
  if (!c) return undefined;
  if (c.added.includes(index)) return { added: true };
  const changed = c.changed.find((x) => x.index === index);
  return changed ? { fields: changed.fields } : undefined;
}

export const SEVERITY_ORDER: Severity[] = ['error', 'warning', 'info'];
const SEVERITY_WORD: Record<Severity, [string, string]> = { error: ['error', 'errors'], warning: ['warning', 'warnings'], info: ['info', 'infos'] };
const ENGAGEMENT_DOTS: Record<string, string> = { 'high-touch': '●●●', hybrid: '●●○', 'low-touch': '●○○', 'no-touch': '○○○' };

/** `start.line:start.character:end.line:end.character`, read by the webview on click. */
export function rangeAttr(r: { start: { line: number; character: number }; end: { line: number; character: number } } | undefined): string | undefined {
  return r ? `${r.start.line}:${r.start.character}:${r.end.line}:${r.end.character}` : undefined;
}

/** "video-call" -> "Video call". */
export function humanize(s: string): string {
  const t = s.replace(/-/g, ' ');
  return t.length <= 3 ? t.toUpperCase() : t.charAt(0).toUpperCase() + t.slice(1);
}

export function fmtNumber(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString('en-US') : n.toFixed(2).replace(/\.?0+$/, '');
}

/** A KPI value with its unit ("45 days", "35%"), or — when there is none. */
export function fmt(n: number | undefined, unit?: string): string {
  if (n === undefined) return '—';
  const s = fmtNumber(n);
  if (!unit) return s;
  return unit === '%' ? `${s}%` : unit.length <= 4 ? `${s} ${unit}` : s;
}

function worst(findings: JourneyFinding[]): Severity | undefined {
  return SEVERITY_ORDER.find((s) => findings.some((f) => f.severity === s));
}

/** A short finding badge: severity icon and label; the message is in the popover, the tooltip and the panel. */
export function badge(f: JourneyFinding, j: JourneyModel, where = ''): VNode {
  return h(
    'button',
    {
      type: 'button',
      class: `fbadge ${f.severity}`,
      'data-finding': f.id,
      'data-range': rangeAttr(f.range),
      'data-severity': f.severity,
      title: `${plainMessage(f.message)} (${f.ruleId}, line ${f.range.start.line + 1})`,
      'aria-label': `${f.severity}${where ? ` on ${where}` : ''}: ${plainMessage(f.message)}`,
    },
    icon(f.severity),
    h('span', { class: 'fbadge-label' }, findingLabel(f, j)),
  );
}

function badges(findings: JourneyFinding[], j: JourneyModel, where: string): VNode | undefined {
  if (!findings.length) return undefined;
  const sorted = [...findings].sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity));
  return h('span', { class: 'badges' }, sorted.map((f) => badge(f, j, where)));
}

function kpiChip(k: JourneyKpi): VNode {
  const arrow = k.direction === 'increase' ? '▲' : k.direction === 'decrease' ? '▼' : '';
  const noTarget = k.target === undefined;
  const w = worst(k.findings);
  return h(
    'button',
    {
      type: 'button',
      class: `kpi${noTarget ? ' no-target' : ''}${w ? ` has-${w}` : ''}`,
      'data-range': rangeAttr(k.idRange),
      'data-finding': k.findings[0]?.id,
      title: [`KPI ${k.name}${k.metric ? ` (${k.metric})` : ''}`, ...k.findings.map((f) => plainMessage(f.message))].join('\n'),
      'aria-label': `KPI ${k.name}: baseline ${fmt(k.baseline, k.unit)}, target ${noTarget ? 'none' : fmt(k.target, k.unit)}${k.direction ? `, ${k.direction}` : ''}${k.findings.length ? `, ${k.findings.length} finding(s)` : ''}`,
    },
    h('span', { class: 'kpi-name' }, k.name),
    h('span', { class: 'kpi-values' }, `${fmt(k.baseline, k.unit)} → `, noTarget ? h('strong', { class: 'no-target-mark' }, 'no target') : h('strong', {}, fmt(k.target, k.unit))),
    arrow ? h('span', { class: `kpi-arrow ${k.direction}`, 'aria-hidden': 'true' }, arrow) : undefined,
    w ? icon(w, `icon sev ${w}`) : undefined,
  );
}

function stageHead(j: JourneyModel, s: JourneyStage, index: number, hasRows: boolean): VNode {
  const kpis = s.kpis.map((key) => j.kpis.find((k) => k.key === key)).filter((k): k is JourneyKpi => k !== undefined);
  // An empty stage's own finding is the label of its hatched column (when the map has rows to draw it in).
  const stageFindings = s.findings.filter((f) => !(hasRows && s.touchpointCount === 0 && f.ruleId === 'stage-without-touchpoint'));
  return h(
    'th',
    { scope: 'col', class: `stage${s.touchpointCount === 0 ? ' gap' : ''}`, 'data-stage': s.id, 'data-range': rangeAttr(s.idRange), tabindex: 0, 'aria-label': `Stage ${index + 1}, ${s.name}: ${s.touchpointCount} touchpoint${s.touchpointCount === 1 ? '' : 's'}` },
    h(
      'span',
      { class: 'stage-top' },
      h('span', { class: 'stage-num' }, String(index + 1)),
      h('span', { class: 'stage-name' }, s.name),
      h('span', { class: 'stage-count' }, `${s.touchpointCount} touchpoint${s.touchpointCount === 1 ? '' : 's'}`),
    ),
    s.goal ? h('span', { class: 'stage-goal', title: s.goal }, icon('target'), h('span', { class: 'clip2' }, s.goal)) : undefined,
    kpis.length ? h('span', { class: 'stage-kpis' }, kpis.map((k) => kpiChip(k))) : undefined,
    badges(stageFindings, j, `stage ${s.name}`),
  );
}

/** How a meter reads: its label, its figures and its tooltip. */
interface MeterWords {
  label: string;
  figures: (used: number, limit: number) => string;
  title: (used: number, limit: number) => string;
}

const CAPACITY_METER: MeterWords = {
  label: 'Capacity',
  figures: (used, limit) => `${fmtNumber(used)} / ${fmtNumber(limit)}`,
  title: (used, limit) => `${fmtNumber(used)} accounts against a capacity of ${fmtNumber(limit)}`,
};

const HOURS_METER: MeterWords = {
  label: 'Hours / month',
  figures: (used, limit) => `${fmtNumber(Math.round(used))} / ${fmtNumber(Math.round(limit))} h`,
  title: (used, limit) => `${fmtNumber(Math.round(used))} hours of work a month against ${fmtNumber(Math.round(limit))} available (${Math.round((used / Math.max(limit, 1e-9)) * 100)} %)${used > limit ? ': over' : ''}`,
};

function meter(m: { used: number; limit: number }, words: MeterWords = CAPACITY_METER): VNode {
  const over = m.used > m.limit;
  const scale = Math.max(m.used, m.limit, 1);
  const used = (Math.min(m.used, m.limit) / scale) * 100;
  const excess = over ? ((m.used - m.limit) / scale) * 100 : 0;
  const limitX = (m.limit / scale) * 100;
  return h(
    'span',
    { class: `meter${over ? ' over' : ''}${words === HOURS_METER ? ' hours' : ''}`, title: words.title(m.used, m.limit) },
    h('span', { class: 'meter-text' }, h('span', {}, words.label), h('strong', {}, words.figures(m.used, m.limit))),
    h(
      'svg',
      { class: 'meter-bar', viewBox: '0 0 100 6', preserveAspectRatio: 'none', 'aria-hidden': 'true' },
      h('rect', { class: 'meter-track', x: 0, y: 0, width: 100, height: 6, rx: 1 }),
      h('rect', { class: 'meter-fill', x: 0, y: 0, width: used.toFixed(2), height: 6 }),
      excess ? h('rect', { class: 'meter-excess', x: used.toFixed(2), y: 0, width: excess.toFixed(2), height: 6 }) : undefined,
      h('rect', { class: 'meter-limit', x: Math.max(0, limitX - 0.8).toFixed(2), y: 0, width: 0.8, height: 6 }),
    ),
  );
}

function laneHead(j: JourneyModel, lane: LayoutLane): VNode {
  const ownerType = lane.kind === 'owner' ? lane.ownerType : undefined;
  return h(
    'th',
    {
      scope: 'rowgroup',
      rowspan: lane.tracks,
      class: `lane-head lane-${lane.kind}`,
      'data-lane': lane.key,
      'data-range': rangeAttr(lane.range),
      tabindex: lane.range ? 0 : undefined,
      'aria-label': `${lane.kind} ${lane.label}${lane.engagement ? `, ${lane.engagement}` : ''}`,
    },
    h(
      'span',
      { class: 'lane-top' },
      lane.kind === 'channel' ? icon(channelIcon(lane.key)) : undefined,
      h('span', { class: 'lane-name', title: lane.label }, lane.kind === 'channel' ? humanize(lane.label) : lane.label),
      lane.engagement ? h('span', { class: `engagement ${lane.engagement}`, title: `${lane.engagement} engagement` }, h('span', { class: 'dots', 'aria-hidden': 'true' }, ENGAGEMENT_DOTS[lane.engagement] ?? ''), lane.engagement) : undefined,
      ownerType ? h('span', { class: `otype owner-${ownerType}` }, icon(ownerType), ownerType === 'automation' ? 'auto' : ownerType) : undefined,
    ),
    lane.accounts !== undefined ? h('span', { class: 'lane-line' }, icon('accounts'), h('strong', {}, fmtNumber(lane.accounts)), ' accounts') : undefined,
    lane.owner ? h('span', { class: 'lane-line', title: `Owner ${lane.owner.name}` }, icon(lane.owner.type ?? 'human'), 'Owner ', h('strong', { class: 'clip' }, lane.owner.name)) : undefined,
    lane.touchpoints !== undefined ? h('span', { class: 'lane-line' }, `${lane.touchpoints} touchpoint${lane.touchpoints === 1 ? '' : 's'}`) : undefined,
    lane.meter ? meter(lane.meter) : undefined,
    lane.hours
      ? lane.hours.limit !== undefined
        ? meter({ used: lane.hours.used, limit: lane.hours.limit }, HOURS_METER)
        : h('span', { class: 'lane-line hours', title: 'No hoursPerWeek: the workload cannot be compared with its hours' }, h('strong', {}, `≈ ${fmtNumber(Math.round(lane.hours.used))} h`), ' of work a month')
      : undefined,
    lane.touches
      ? h(
          'span',
          { class: `lane-line touches${lane.touches.max !== undefined && lane.touches.perMonth > lane.touches.max ? ' over' : ''}`, title: `Recurring touches a month for one account${lane.touches.max !== undefined ? `, against a maximum of ${lane.touches.max}` : ''}` },
          h('strong', {}, lane.touches.max !== undefined ? `${lane.touches.perMonth.toFixed(1)} / ${lane.touches.max}` : lane.touches.perMonth.toFixed(1)),
          ' touches / month',
        )
      : undefined,
    badges(lane.findings, j, `lane ${lane.label}`),
  );
}

/** The references in one lane to cards drawn in another lane: one compact line, each name a link to its card. */
function refs(j: JourneyModel, layout: MapLayout, item: LayoutItem, options: MapOptions): VNode {
  const byLane = new Map<string, LayoutEntry[]>();
  for (const e of item.entries) {
    const where = e.elsewhere[0] ?? '';
    byLane.set(where, [...(byLane.get(where) ?? []), e]);
  }
  return h(
    'div',
    { class: 'refs' },
    [...byLane].map(([where, entries]) =>
      h(
        'span',
        { class: 'ref-group' },
        icon('ref'),
        h('span', { class: 'ref-where' }, `Also here, card in ${where}:`),
        entries.map((e) => {
          const t = j.touchpoints[e.touchpoint];
          const dim = !layout.matching.has(e.touchpoint);
          const selected = options.selected === e.touchpoint;
          return h(
            'button',
            { type: 'button', class: `ref${dim ? ' dim' : ''}${selected ? ' selected' : ''}`, 'data-kind': 'ref', 'data-index': e.touchpoint, 'data-range': rangeAttr(t.idRange), title: `${t.name}: its card is in ${where}`, 'aria-label': `${t.name}, also reaches this lane; its card is in ${where}` },
            t.name,
          );
        }),
      ),
    ),
  );
}

function card(j: JourneyModel, layout: MapLayout, item: LayoutItem, entry: LayoutEntry, options: MapOptions, used?: Set<string>): VNode {
  if (!options.memo) return drawCard(j, layout, item, entry, options);
  const t = j.touchpoints[entry.touchpoint];
  const target = t.escalatesToIndex !== undefined ? j.touchpoints[t.escalatesToIndex]?.name : undefined;
  const key = JSON.stringify([t, entry.elsewhere, item.laneEnd - item.laneStart, layout.mode, layout.matching.has(entry.touchpoint), options.selected === entry.touchpoint, target, t.kpis.map((id) => j.kpis.find((k) => k.id === id)?.name), compareMark(options, entry.touchpoint), options.compare?.label]);
  used?.add(key);
  let node = options.memo.get(key);
  if (!node) options.memo.set(key, (node = drawCard(j, layout, item, entry, options)));
  return node;
}

function drawCard(j: JourneyModel, layout: MapLayout, item: LayoutItem, entry: LayoutEntry, options: MapOptions): VNode {
  const t: JourneyTouchpoint = j.touchpoints[entry.touchpoint];
  const i = entry.touchpoint;
  const dim = !layout.matching.has(i);
  const selected = options.selected === i;
  const ownerType = t.ownerType ?? 'unknown';
  const { owner, when, typeLabel } = cardWords(t);
  const span = item.laneEnd - item.laneStart + 1;
  const target = t.escalatesToIndex !== undefined ? j.touchpoints[t.escalatesToIndex] : undefined;
  const kpiNames = t.kpis.map((id) => j.kpis.find((k) => k.id === id)?.name ?? id);
  const w = worst(t.findings);
  const est = estimateCardHeight(t.name, when, t.description, kpiNames.length + (span > 1 ? 1 : 0), entry.elsewhere.length > 0, Boolean(target || t.escalatesTo), t.findings.length);
  const mark = compareMark(options, i);
  const since = options.compare ? ` since ${options.compare.label}` : '';
  const markText = !mark ? '' : 'added' in mark ? `New${since}` : `Changed${since}:\n${mark.fields.map((f) => `  ${f}`).join('\n')}`;
  const cost = t.monthlyHours !== undefined ? `≈ ${fmtNumber(Math.round(t.monthlyHours))} h a month for ${owner}` : '';
  const tooltip = [`${t.name}${t.id !== undefined && t.id !== t.name ? ` (${t.id})` : ''}`, `${humanize(t.channel ?? 'no channel')} · ${owner}${t.ownerType ? ` (${t.ownerType})` : ''}`, when, cost, t.description, entry.elsewhere.length ? `Also in ${entry.elsewhere.join(', ')}` : '', markText].filter(Boolean).join('\n');
  return h(
    'div',
    {
      class: `card owner-${ownerType} est-${est}${span > 1 ? ' span' : ''}${dim ? ' dim' : ''}${selected ? ' selected' : ''}${w ? ` has-${w}` : ''}${mark ? ('added' in mark ? ' cmp-added' : ' cmp-changed') : ''}`,
      'data-compare': mark ? ('added' in mark ? 'added' : 'changed') : undefined,
      role: 'group',
      tabindex: 0,
      'data-kind': 'touchpoint',
      'data-index': i,
      'data-range': rangeAttr(t.idRange),
      'data-line': t.range?.start.line,
      'data-end-line': t.range?.end.line,
      'aria-current': selected ? 'true' : undefined,
      'aria-label': `Touchpoint ${t.name}: ${humanize(t.channel ?? 'no channel')}, ${owner}${when ? `, ${when}` : ''}${t.findings.length ? `, ${t.findings.length} finding${t.findings.length === 1 ? '' : 's'}` : ''}${dim ? ', does not match the filter' : ''}`,
      title: tooltip,
    },
    mark ? h('span', { class: `cmp-tag ${'added' in mark ? 'added' : 'changed'}` }, 'added' in mark ? 'New' : `Changed: ${mark.fields.map((f) => f.split(':')[0]).join(', ')}`) : undefined,
    h('span', { class: 'card-head' }, h('span', { class: 'card-name' }, t.name), h('span', { class: `otype owner-${ownerType}` }, icon(ownerType), typeLabel)),
    h('span', { class: 'card-line' }, icon(channelIcon(t.channel)), h('span', { class: 'clip' }, `${humanize(t.channel ?? 'no channel')} · ${owner}`)),
    when ? h('span', { class: 'card-when clip' }, when) : undefined,
    t.description ? h('span', { class: 'card-desc clip2' }, t.description) : undefined,
    kpiNames.length || span > 1
      ? h('span', { class: 'card-tags' }, kpiNames.map((k) => h('span', { class: 'tag' }, k)), span > 1 ? h('span', { class: 'tag span-tag' }, icon('span'), `${span} ${layout.mode === 'segment' ? 'segments' : 'lanes'}`) : undefined)
      : undefined,
    entry.elsewhere.length ? h('span', { class: 'card-also clip' }, `Also in ${entry.elsewhere.join(', ')}`) : undefined,
    target || t.escalatesTo
      ? h('span', { class: 'card-esc clip', 'data-escalates': t.escalatesToIndex }, icon('escalation'), `Escalates to ${target ? target.name : t.escalatesTo}`)
      : undefined,
    badges(t.findings, j, `touchpoint ${t.name}`),
  );
}

/**
 * A card's likely height in tens of px (comfortable density, 250 px column), as a class: the
 * stylesheet gives off-screen cards that size until they are drawn, so the browser lays out
 * only what is on screen (first paint of a 2,000-touchpoint map) and rows barely move when
 * the rest comes into view.
 */
function estimateCardHeight(name: string, when: string, description: string | undefined, tags: number, also: boolean, escalates: boolean, findings: number): number {
  const lines = (text: string, perLine: number) => Math.max(1, Math.ceil(text.length / perLine));
  let px = 17 + lines(name, 22) * 18 + 20;
  if (when) px += 19;
  if (description) px += Math.min(2, lines(description, 36)) * 17 + 3;
  if (tags) px += Math.ceil(tags / 2) * 20 + 3;
  if (also) px += 19;
  if (escalates) px += 19;
  if (findings) px += Math.ceil(findings / 2) * 27 + 5;
  return Math.min(40, Math.max(5, Math.round(px / 10)));
}

/** What a card says about a touchpoint in words (the preview's card and the SVG's). */
export function cardWords(t: JourneyTouchpoint): { owner: string; when: string; typeLabel: string } {
  const trigger = t.triggerSummary ? t.triggerSummary.charAt(0).toUpperCase() + t.triggerSummary.slice(1) : undefined;
  const ownerType = t.ownerType ?? 'unknown';
  return {
    owner: t.ownerName ?? t.owner ?? 'no owner',
    when: [trigger, t.within ? `within ${t.within}` : undefined].filter(Boolean).join(' · '),
    typeLabel: ownerType === 'automation' ? 'auto' : ownerType === 'unknown' ? '?' : ownerType,
  };
}

function emotionRow(stages: JourneyStage[]): VNode {
  const n = stages.length;
  const x = (i: number) => `${(((i + 0.5) / n) * 100).toFixed(3)}%`;
  const y = (e: number) => 40 - e * 15; // +2 -> 10, -2 -> 70
  const parts: VNode[] = [
    h('line', { class: 'emo-grid', x1: '0', x2: '100%', y1: y(2), y2: y(2) }),
    h('line', { class: 'emo-zero', x1: '0', x2: '100%', y1: y(0), y2: y(0) }),
    h('line', { class: 'emo-grid', x1: '0', x2: '100%', y1: y(-2), y2: y(-2) }),
  ];
  const known = stages.map((s, i) => ({ i, e: s.emotion })).filter((p): p is { i: number; e: number } => p.e !== null);
  for (let k = 1; k < known.length; k++) {
    const a = known[k - 1];
    const b = known[k];
    const broken = b.i - a.i > 1;
    parts.push(h('line', { class: broken ? 'emo-line broken' : 'emo-line', x1: x(a.i), y1: y(a.e).toFixed(1), x2: x(b.i), y2: y(b.e).toFixed(1) }));
  }
  stages.forEach((s, i) => {
    if (s.emotion !== null) return;
    parts.push(h('text', { class: 'emo-none', x: x(i), y: y(0) + 16, 'text-anchor': 'middle' }, s.touchpointCount ? 'no emotion set' : 'no touchpoints'));
  });
  for (const p of known) {
    const v = `${p.e > 0 ? '+' : p.e < 0 ? '−' : ''}${Math.abs(p.e).toFixed(1)}`;
    parts.push(
      h('circle', { class: `emo-dot ${p.e > 0.25 ? 'positive' : p.e < -0.25 ? 'negative' : 'neutral'}`, cx: x(p.i), cy: y(p.e).toFixed(1), r: 4.5 }, h('title', {}, `${stages[p.i].name}: expected emotion ${v}`)),
      h('text', { class: 'emo-value', x: x(p.i), y: (y(p.e) - 8).toFixed(1), 'text-anchor': 'middle', dx: 14 }, v),
    );
  }
  const label = known.length ? `Expected emotion per stage: ${known.map((p) => `${stages[p.i].name} ${p.e.toFixed(1)}`).join(', ')}` : 'No expected emotion set';
  return h(
    'tr',
    { class: 'emotion-row' },
    h(
      'th',
      { scope: 'row', class: 'emotion-head' },
      h('span', { class: 'emo-title' }, 'Emotion'),
      h('span', { class: 'emo-sub' }, 'avg. per stage'),
      h('span', { class: 'emo-axis', 'aria-hidden': 'true' }, h('span', { class: 'emo-tick top' }, '+2 ☺'), h('span', { class: 'emo-tick mid' }, '0 ·'), h('span', { class: 'emo-tick bottom' }, '−2 ☹')),
    ),
    h('td', { class: 'emotion-plot', colspan: n, role: 'img', 'aria-label': label }, h('svg', { class: 'emo-svg', width: '100%', height: 80, 'aria-hidden': 'true' }, parts)),
  );
}

function gapCell(j: JourneyModel, label: string, rowSpan: number, stage: JourneyStage, lane: LayoutLane | undefined, findings: JourneyFinding[], whole: boolean, extra: { cls: string; children: Child[] } = { cls: '', children: [] }): VNode {
  const empty = whole ? stage.findings.find((f) => f.ruleId === 'stage-without-touchpoint') : undefined;
  return h(
    'td',
    { class: `cell gap${whole ? ' stage-gap' : ''}${extra.cls}`, rowspan: rowSpan, 'data-stage': stage.id, 'data-lane': lane?.key, 'aria-label': whole ? `${stage.name}: no touchpoint in this stage` : `${lane?.label} in ${stage.name}: no touchpoint` },
    whole
      ? h('span', { class: 'gap-label' }, ...(empty ? [badge(empty, j, `stage ${stage.name}`)] : [icon('warning'), label]))
      : findings.length
        ? badges(findings, j, `${lane?.label} in ${stage.name}`)
        : undefined,
    extra.children,
  );
}

/** A touchpoint removed since the compared version, drawn where it was. */
function ghostCard(g: RemovedTouchpoint, label: string, allSegments: boolean): VNode {
  const where = `${humanize(g.channel ?? 'no channel')}${g.owner ? ` · ${g.owner}` : ''}`;
  return h(
    'div',
    { class: 'card ghost', 'data-compare': 'removed', 'data-id': g.id, title: `Removed since ${label}: ${g.name} (${g.id})\n${where}${allSegments ? '\nReached every segment' : ''}`, 'aria-label': `Removed since ${label}: touchpoint ${g.name}` },
    h('span', { class: 'cmp-tag removed' }, 'Removed'),
    h('span', { class: 'card-head' }, h('span', { class: 'card-name' }, g.name)),
    h('span', { class: 'card-line clip' }, where),
  );
}

/** Where compare mode draws on the table: ghosts per stage and lane index, coverage marks per stage and lane key. */
interface CompareCells {
  ghosts: Map<string, { ghost: RemovedTouchpoint; all: boolean }[]>;
  marks: Map<string, 'gained' | 'lost'>;
}

function compareCells(layout: MapLayout, compare: JourneyCompare | undefined): CompareCells {
  const out: CompareCells = { ghosts: new Map(), marks: new Map() };
  if (!compare) return out;
  const laneIndex = new Map(layout.lanes.map((l, i) => [l.key, i]));
  for (const g of compare.removed) {
    const keys = layout.mode === 'segment' ? (g.segments.length ? g.segments : layout.lanes.slice(0, 1).map((l) => l.key)) : layout.mode === 'channel' ? [g.channel ?? ''] : [g.owner ?? ''];
    for (const key of keys) {
      const lane = laneIndex.get(key);
      if (lane === undefined) continue;
      const at = `${g.stage}\u0000${lane}`;
      out.ghosts.set(at, [...(out.ghosts.get(at) ?? []), { ghost: g, all: layout.mode === 'segment' && !g.segments.length }]);
    }
  }
  if (layout.mode === 'segment') for (const c of compare.cells) out.marks.set(`${c.stage}\u0000${c.segment}`, c.change);
  return out;
}

/** The ghosts for the lanes a cell covers (each drawn once), and its coverage mark. */
function compareExtras(cc: CompareCells, layout: MapLayout, stage: string, laneStart: number, laneEnd: number, label: string): { cls: string; children: Child[] } {
  const children: Child[] = [];
  let cls = '';
  for (let lane = laneStart; lane <= laneEnd; lane++) {
    const at = `${stage}\u0000${lane}`;
    for (const { ghost, all } of cc.ghosts.get(at) ?? []) children.push(ghostCard(ghost, label, all));
    cc.ghosts.delete(at);
    const mark = cc.marks.get(`${stage}\u0000${layout.lanes[lane]?.key}`);
    if (mark && !cls) cls = ` cov-${mark}`;
  }
  return { cls, children };
}

function tableRows(j: JourneyModel, layout: MapLayout, options: MapOptions, used: Set<string>): VNode[] {
  const rows: Child[][] = Array.from({ length: layout.rows }, () => []);
  for (const lane of layout.lanes) rows[lane.firstRow].push(laneHead(j, lane));
  const cc = compareCells(layout, options.compare);
  const label = options.compare?.label ?? '';
  layout.columns.forEach((col: LayoutColumn) => {
    if (col.empty) {
      if (layout.rows) rows[0].push(gapCell(j, `No touchpoint in ${col.stage.name}`, layout.rows, col.stage, undefined, [], true, compareExtras(cc, layout, col.stage.id, 0, layout.lanes.length - 1, label)));
      return;
    }
    const starts: { row: number; node: VNode }[] = [];
    for (const it of col.items) {
      const lane = layout.lanes[it.laneStart];
      const span = it.laneEnd > it.laneStart;
      const spanned = layout.lanes.slice(it.laneStart, it.laneEnd + 1).map((l) => l.label);
      const extra = compareExtras(cc, layout, col.stage.id, it.laneStart, it.laneEnd, label);
      starts.push({
        row: it.row,
        node: h(
          'td',
          { class: `cell has-${it.kind}${span ? ' span-cell' : ''}${it.entries.length > 1 ? ' stack' : ''}${extra.cls}`, rowspan: it.rowSpan, 'data-stage': col.stage.id, 'data-lane': lane.key, 'data-lanes': span ? layout.lanes.slice(it.laneStart, it.laneEnd + 1).map((l) => l.key).join(' ') : undefined },
          it.kind === 'refs'
            ? refs(j, layout, it, options)
            : h(
                'div',
                { class: 'cards' },
                it.entries.map((e) => card(j, layout, it, e, options, used)),
                extra.children,
                span && it.entries.length > 1 ? h('span', { class: 'span-note', title: spanned.join(', ') }, icon('span'), `Each reaches ${spanned.length === layout.lanes.length ? `all ${spanned.length}` : spanned.length} ${layout.mode === 'segment' ? 'segments' : 'lanes'}: ${spanned[0]} to ${spanned[spanned.length - 1]}`) : undefined,
              ),
        ),
      });
    }
    for (const g of col.gaps) starts.push({ row: g.row, node: gapCell(j, 'No touchpoint', g.rowSpan, col.stage, layout.lanes[g.lane], g.findings, false, compareExtras(cc, layout, col.stage.id, g.lane, g.lane, label)) });
    starts.sort((a, b) => a.row - b.row);
    for (const s of starts) rows[s.row].push(s.node);
  });
  return layout.lanes.flatMap((lane) =>
    rows.slice(lane.firstRow, lane.firstRow + lane.tracks).map((cells, k) => h('tr', { class: `track${k === 0 ? ' lane-start' : ''}`, 'data-lane': lane.key }, cells)),
  );
}

/**
 * The finding counts the map shows: the file's, as the Problems panel and the status bar count
 * them. While the text does not parse, those are its syntax errors (the map below is the last
 * version that parsed, but its findings are no longer what the editor reports).
 */
function shownCounts(j: JourneyModel, options: MapOptions): Record<Severity, number> {
  const syntax = options.syntaxErrors?.length ?? 0;
  return syntax ? { error: syntax, warning: 0, info: 0 } : j.summary.findings;
}

function summaryStrip(j: JourneyModel, layout: MapLayout, counts: Record<Severity, number>): VNode {
  const { shown, total, byOwnerType: byType, automatedPercent: automated, channels } = matchingSummary(j, layout);
  const mix = ['human', 'team', 'automation'] as const;
  let x = 0;
  const bars = mix.map((k) => {
    const w = shown ? (byType[k] / shown) * 100 : 0;
    const r = h('rect', { class: `mix-${k}`, x: x.toFixed(2), y: 0, width: w.toFixed(2), height: 6 });
    x += w;
    return r;
  });
  // The five most used channels, then "+N" (all of them in its tooltip), so the strip stays one or two lines.
  const rest = channels.slice(5);
  return h(
    'section',
    { class: 'jm-summary', 'aria-label': 'Summary' },
    h('span', { class: 'sum-item sum-count' }, h('strong', {}, layout.filtered ? `${shown} of ${total}` : String(total)), ` touchpoint${total === 1 ? '' : 's'}`),
    h(
      'span',
      { class: 'sum-item', title: mix.map((k) => `${k} ${byType[k]}`).join(' · ') },
      h('strong', {}, `${automated}%`),
      ' automated',
      h('svg', { class: 'mixbar', viewBox: '0 0 100 6', preserveAspectRatio: 'none', 'aria-hidden': 'true' }, bars),
      h('span', { class: 'muted' }, `${byType.automation} of ${shown}`),
    ),
    channels.length
      ? h('span', { class: 'sum-item channels', 'aria-label': `Channels: ${channels.map(([c, n]) => `${humanize(c)} ${n}`).join(', ')}` }, channels.slice(0, 5).map(([c, n]) => h('span', { class: 'chan', title: humanize(c) }, icon(channelIcon(c)), h('span', { class: 'chan-name' }, humanize(c)), h('strong', {}, String(n)))), rest.length ? h('span', { class: 'chan more', title: rest.map(([c, n]) => `${humanize(c)} ${n}`).join(', ') }, `+${rest.length} more`) : undefined)
      : undefined,
    j.summary.personHours > 0 ? h('span', { class: 'sum-item person-hours', title: 'Hours a month the playbook asks of people: effort × occurrences over every human and team owner' }, h('strong', {}, fmtNumber(Math.round(j.summary.personHours))), ' person-hours / month') : undefined,
    h(
      'span',
      { class: 'sum-item counts' },
      SEVERITY_ORDER.map((s) => h('span', { class: `count ${s}`, 'data-severity': s }, h('strong', {}, String(counts[s])), ` ${SEVERITY_WORD[s][counts[s] === 1 ? 0 : 1]}`)),
    ),
  );
}

function legend(options: MapOptions): VNode {
  const item = (cls: string, text: string, extra?: Child) => h('span', { class: `key ${cls}` }, extra ?? h('span', { class: 'swatch', 'aria-hidden': 'true' }), text);
  return h(
    'details',
    { class: 'jm-legend', open: options.legendOpen !== false },
    h('summary', {}, 'Legend'),
    h(
      'div',
      { class: 'legend-body' },
      h('span', { class: 'key-group' }, h('span', { class: 'key-title' }, 'Owner'), item('owner-human', 'Human'), item('owner-team', 'Team'), item('owner-automation', 'Automation')),
      h(
        'span',
        { class: 'key-group' },
        h('span', { class: 'key-title' }, 'Cells'),
        item('gap-key', 'No touchpoint'),
        item('span-key', 'Spans lanes', icon('span')),
        item('ref-key', 'Card in another lane', icon('ref')),
        options.interactive ? item('cursor-key', 'At editor cursor') : undefined,
      ),
      h('span', { class: 'key-group' }, h('span', { class: 'key-title' }, 'Findings'), SEVERITY_ORDER.map((s) => item(`sev-key ${s}`, SEVERITY_WORD[s][0].replace(/^./, (c) => c.toUpperCase()), icon(s)))),
      h('span', { class: 'key-group' }, h('span', { class: 'key-title' }, 'KPI'), h('span', { class: 'key' }, 'baseline → target'), h('span', { class: 'key' }, h('span', { class: 'kpi-arrow increase' }, '▲'), ' raise'), h('span', { class: 'key' }, h('span', { class: 'kpi-arrow decrease' }, '▼'), ' lower')),
      options.interactive ? h('span', { class: 'key hint' }, 'Click a card, lane, stage or badge to go to its line.') : undefined,
    ),
  );
}

function findingsPanel(j: JourneyModel): VNode {
  const total = j.allFindings.length;
  return h(
    'aside',
    { class: 'jm-findings', 'aria-label': 'Findings' },
    h('div', { class: 'fp-head' }, h('span', { class: 'fp-title' }, 'Findings'), h('span', { class: 'fp-count' }, String(total)), h('button', { type: 'button', class: 'fp-close', 'data-action': 'findings', 'aria-label': 'Hide the findings panel' }, '×')),
    total === 0 ? h('p', { class: 'fp-empty' }, 'No findings: the playbook passes every rule.') : undefined,
    SEVERITY_ORDER.filter((s) => j.allFindings.some((f) => f.severity === s)).map((s) => {
      const list = j.allFindings.filter((f) => f.severity === s);
      return h(
        'details',
        { class: `fp-group ${s}`, open: true },
        h('summary', {}, icon(s), h('span', { class: 'fp-group-name' }, SEVERITY_WORD[s][1].toUpperCase()), h('span', { class: 'fp-group-count' }, String(list.length))),
        h(
          'ul',
          {},
          list.map((f) =>
            h(
              'li',
              {},
              h(
                'button',
                { type: 'button', class: `fp-item ${s}`, 'data-finding': f.id, 'data-range': rangeAttr(f.range), 'data-severity': s },
                icon(s),
                h('span', { class: 'fp-text' }, h('span', { class: 'fp-label' }, findingLabel(f, j)), h('span', { class: 'fp-msg' }, messageNodes(f.message)), h('span', { class: 'fp-rule' }, f.ruleId)),
                h('span', { class: 'fp-line' }, `L${f.range.start.line + 1}`),
              ),
            ),
          ),
        ),
      );
    }),
  );
}

function controls(j: JourneyModel, options: MapOptions): VNode {
  const pressed = (on: boolean) => (on ? 'true' : 'false');
  const laneButton = (mode: LaneMode, label: string) => h('button', { type: 'button', class: 'seg-btn', 'data-action': 'lanes', value: mode, 'aria-pressed': pressed(options.lanes === mode) }, label);
  const densityButton = (d: Density, label: string) => h('button', { type: 'button', class: 'seg-btn', 'data-action': 'density', value: d, 'aria-pressed': pressed((options.density ?? 'comfortable') === d) }, label);
  const opt = (value: string, label: string, selected: boolean) => h('option', { value, selected }, label);
  const f = validFilter(j, options.filter) ?? {};
  const current = f.segment ? `segment:${f.segment}` : f.channel ? `channel:${f.channel}` : f.owner ? `owner:${f.owner}` : '';
  return h(
    'nav',
    { class: 'jm-toolbar', 'aria-label': 'Map controls' },
    h('span', { class: 'tgroup', role: 'group', 'aria-label': 'Lanes' }, h('span', { class: 'tlabel' }, 'Lanes'), h('span', { class: 'seg' }, laneButton('segment', 'Segment'), laneButton('channel', 'Channel'), laneButton('owner', 'Owner'))),
    h(
      'select',
      { class: 'tselect', 'data-action': 'filter', 'aria-label': 'Filter touchpoints' },
      opt('', 'Filter: all', current === ''),
      j.segments.map((s) => opt(`segment:${s.key}`, `Segment: ${s.name}`, current === `segment:${s.key}`)),
      Object.keys(j.summary.byChannel).sort().map((c) => opt(`channel:${c}`, `Channel: ${humanize(c)}`, current === `channel:${c}`)),
      j.owners.filter((o) => o.id !== undefined).map((o) => opt(`owner:${o.id}`, `Owner: ${o.name}`, current === `owner:${o.id}`)),
    ),
    h('span', { class: 'tgroup seg', role: 'group', 'aria-label': 'Density' }, densityButton('comfortable', 'Comfortable'), densityButton('compact', 'Compact')),
    h(
      'span',
      { class: 'tgroup seg zoom', role: 'group', 'aria-label': 'Zoom' },
      h('button', { type: 'button', class: 'seg-btn', 'data-action': 'zoom-out', 'aria-label': 'Zoom out', title: 'Zoom out' }, '−'),
      h('button', { type: 'button', class: 'seg-btn zoom-level', 'data-action': 'zoom-reset', 'aria-label': 'Zoom level; click for 100 %', title: 'Back to 100 %' }),
      h('button', { type: 'button', class: 'seg-btn', 'data-action': 'zoom-in', 'aria-label': 'Zoom in', title: 'Zoom in' }, '+'),
      h('button', { type: 'button', class: 'seg-btn', 'data-action': 'fit', 'aria-pressed': 'false', title: 'Fit the map to the panel width (text stays at 10 px or more)' }, 'Fit width'),
    ),
    h(
      'details',
      { class: 'tmenu' },
      h('summary', { class: 'tmenu-button', 'aria-label': 'Export the journey map' }, 'Export'),
      h(
        'span',
        { class: 'tmenu-list', role: 'group', 'aria-label': 'Export formats' },
        ...(
          [
            ['html', 'HTML page (offline, printable)'],
            ['svg', 'SVG image'],
            ['png', 'PNG image for slides (2×)'],
            ['mermaid', 'Mermaid journey diagram'],
          ] as const
        ).map(([fmtName, label]) => h('button', { type: 'button', class: 'tmenu-item', 'data-action': 'export', value: fmtName }, label)),
      ),
    ),
  );
}

/** The whole journey map. */
export function renderJourneyMap(j: JourneyModel, options: MapOptions): VNode {
  const layout = layoutMap(j, options.lanes, options.filter);
  const p = j.playbook;
  const meta: Child[] = [];
  const metaItem = (label: string, value: string) => h('span', { class: 'meta-item' }, `${label} `, h('strong', {}, value));
  meta.push(metaItem('Framework', p.framework ? p.framework.name : 'none'));
  if (p.engagement) meta.push(metaItem('Default engagement', p.engagement));
  if (p.version !== undefined) meta.push(metaItem('Version', String(p.version)));
  if (options.fileName) meta.push(h('span', { class: 'meta-item file', title: options.fileName }, options.fileName));
  const counts = shownCounts(j, options);
  const errors = counts.error + counts.warning + counts.info;
  const titleBar = h(
    'div',
    { class: 'jm-titlebar' },
    h('h1', { class: 'map-title' }, p.title ?? p.id ?? 'Untitled playbook'),
    h('span', { class: 'map-meta' }, meta),
    options.interactive
      ? h(
          'span',
          { class: 'title-actions' },
          h('button', { type: 'button', class: 'pill', 'data-action': 'findings', 'aria-pressed': options.findingsOpen !== false ? 'true' : 'false' }, 'Findings ', h('span', { class: 'pill-count' }, String(errors))),
        )
      : undefined,
  );
  const banner = options.syntaxErrors?.length ? syntaxBanner(options.syntaxErrors) : undefined;
  const head = h('thead', {}, h('tr', { class: 'stage-row' }, h('th', { class: 'corner', scope: 'col' }, h('span', { class: 'corner-stage' }, 'Stage →'), h('span', { class: 'corner-lane' }, `${options.lanes === 'segment' ? 'Segment' : options.lanes === 'channel' ? 'Channel' : 'Owner'} ↓`)), j.stages.map((s, i) => stageHead(j, s, i, layout.rows > 0))));
  const used = new Set<string>();
  const body = tableRows(j, layout, options, used);
  if (options.memo) for (const k of [...options.memo.keys()]) if (!used.has(k)) options.memo.delete(k);
  const table = h(
    'table',
    { class: 'journey', 'data-stages': j.stages.length, 'aria-label': `Journey map: ${j.stages.length} stages, ${layout.lanes.length} ${options.lanes} lanes` },
    h('colgroup', {}, h('col', { class: 'col-lane' }), j.stages.map(() => h('col', { class: 'col-stage' }))),
    head,
    h('tbody', {}, j.stages.length ? emotionRow(j.stages) : undefined, body),
  );
  const empty = !j.stages.length ? h('p', { class: 'empty-state' }, 'No stages yet: set `framework` or list `stages` to draw the map.') : undefined;
  return h(
    'div',
    {
      class: `journey-map density-${options.density ?? 'comfortable'}${options.findingsOpen !== false ? ' panel-open' : ''}${options.interactive ? ' interactive' : ' static'}`,
      'data-lanes': options.lanes,
    },
    iconSprite(),
    h('header', { class: 'jm-top' }, titleBar, options.compare ? compareBar(options.compare) : undefined, options.interactive ? controls(j, options) : undefined, summaryStrip(j, layout, counts), legend(options), banner),
    h('div', { class: 'jm-body' }, h('div', { class: 'jm-scroll', tabindex: 0, 'aria-label': 'Journey map, scrolls both ways' }, empty ?? table), findingsPanel(j)),
  );
}

/** Compare mode's summary: what changed since the compared version, in a line of chips. */
function compareBar(c: JourneyCompare): VNode {
  const s = c.summary;
  const chip = (cls: string, text: string) => h('span', { class: `cmp-chip ${cls}` }, text);
  const n = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;
  const chips: Child[] = [];
  if (s.touchpoints.added) chips.push(chip('added', `${n(s.touchpoints.added, 'touchpoint')} added`));
  if (s.touchpoints.removed) chips.push(chip('removed', `${n(s.touchpoints.removed, 'touchpoint')} removed`));
  if (s.touchpoints.changed) chips.push(chip('changed', `${n(s.touchpoints.changed, 'touchpoint')} changed`));
  if (s.otherEntries) chips.push(chip('changed', `${n(s.otherEntries, 'other entry', 'other entries')} changed`));
  if (s.cellsLost) chips.push(chip('removed', `${n(s.cellsLost, 'coverage cell')} lost`));
  if (s.cellsGained) chips.push(chip('added', `${n(s.cellsGained, 'coverage cell')} gained`));
  if (s.findingsIntroduced) chips.push(chip('removed', `${n(s.findingsIntroduced, 'new finding')}`));
  if (s.findingsResolved) chips.push(chip('added', `${n(s.findingsResolved, 'finding')} resolved`));
  for (const o of s.ownersOverCapacity) chips.push(chip('removed', `${o} now over capacity`));
  if (!chips.length) chips.push(chip('same', s.incomparable ? 'the other version does not parse' : 'no change to the model'));
  return h('div', { class: 'compare-bar', role: 'status', 'aria-label': `Compared with ${c.label}` }, h('span', { class: 'cmp-title' }, 'Compared with ', h('strong', {}, c.label)), chips);
}

function syntaxBanner(errors: { message: string; line: number; character: number }[]): VNode {
  const seen = new Set<string>();
  const unique = errors.filter((e) => {
    const k = `${e.line}:${e.character}:${e.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return h(
    'section',
    { class: 'banner', role: 'alert' },
    h('strong', {}, 'The playbook does not parse; the map shows the last version that did.'),
    h('ul', {}, unique.slice(0, 5).map((e) => h('li', { 'data-range': `${e.line}:${e.character}:${e.line}:${e.character}` }, `Line ${e.line + 1}, column ${e.character + 1}: ${e.message}`))),
    unique.length > 5 ? h('span', {}, `and ${unique.length - 5} more`) : undefined,
  );
}
