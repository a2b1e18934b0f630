/**
 * The journey map as a standalone SVG (for slides and documents), drawn from the same
 * layout as the preview: stage columns with KPI chips, the emotion curve, lanes with
 * their meters, cards, references, hatched gaps, finding badges, the legend and the
 * findings list. An SVG has no text layout, so text is measured here with Arial-like
 * advance widths plus a safety margin (the font stack is set on the root); a line
 * that does not fit is cut with an ellipsis and kept whole in a <title>.
 */
import type { JourneyFinding, JourneyKpi, JourneyModel, JourneyStage } from '../journey';
import type { Severity } from '../types';
import { channelIcon, icon } from './icons';
import { cardWords, fmt, fmtNumber, humanize, SEVERITY_ORDER } from './journeyMap';
import { findingLabel, plainMessage } from './labels';
import { LaneMode, layoutMap, LayoutItem, LayoutLane, MapFilter, matchingSummary } from './layout';
import { Child, h, toMarkup, VNode } from './tree';

export const SVG_FONT_STACK = '"Segoe UI", "Helvetica Neue", Helvetica, Arial, "Liberation Sans", sans-serif';

const C = {
  bg: '#ffffff',
  sticky: '#f7f7f8',
  fg: '#1f1f1f',
  strong: '#111111',
  muted: '#5f6368',
  border: '#d0d7de',
  grid: '#e4e7eb',
  card: '#ffffff',
  chip: '#f0f2f4',
  hatch: '#c9ced4',
  error: '#c72e2e',
  warning: '#9a6700',
  info: '#1a6fc8',
  human: '#1f883d',
  team: '#bc4c00',
  automation: '#8250df',
  unknown: '#8c959f',
  link: '#0969da',
} as const;
const SEV_COLOR: Record<Severity, string> = { error: C.error, warning: C.warning, info: C.info };
const OWNER_COLOR: Record<string, string> = { human: C.human, team: C.team, automation: C.automation, unknown: C.unknown };

// Advance widths (1/1000 em) of Arial for printable ASCII from space (32) to tilde (126).
const ARIAL = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722,
  667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];
/** Other fonts in the stack run up to ~10 % wider than Arial; bold adds ~8 %. */
const SAFETY = 1.12;

/** Estimated width of a line of text in px. */
export function textWidth(s: string, size: number, bold = false): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c >= 32 && c <= 126) w += ARIAL[c - 32];
    else if (c >= 0x2e80 || (c >= 0x1f000 && c <= 0x1faff)) w += 1000;
    else if (c === 0x2026 || c === 0x2192 || c === 0x2014) w += 1000;
    else w += 640;
  }
  return (w / 1000) * size * SAFETY * (bold ? 1.08 : 1);
}

/** Cuts a line to fit `width` px, ending it with an ellipsis. */
function fit(s: string, size: number, width: number, bold = false): string {
  if (textWidth(s, size, bold) <= width) return s;
  const chars = Array.from(s);
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (textWidth(`${chars.slice(0, mid).join('').trimEnd()}…`, size, bold) <= width) lo = mid;
    else hi = mid - 1;
  }
  return `${chars.slice(0, lo).join('').trimEnd()}…`;
}

/** Word-wraps into at most `maxLines` lines of `width` px (the last one cut with an ellipsis). */
function wrap(s: string, size: number, width: number, maxLines: number, bold = false): string[] {
  const words = s.replace(/\s+/g, ' ').trim().split(' ');
  const lines: string[] = [];
  let line = '';
  for (let i = 0; i < words.length; i++) {
    const next = line ? `${line} ${words[i]}` : words[i];
    if (textWidth(next, size, bold) <= width || !line) {
      line = next;
      continue;
    }
    lines.push(line);
    line = words[i];
    if (lines.length === maxLines) {
      line = '';
      lines[maxLines - 1] = fit(`${lines[maxLines - 1]} ${words.slice(i).join(' ')}`, size, width, bold);
      break;
    }
  }
  if (line) lines.push(line);
  return lines.map((l) => fit(l, size, width, bold));
}

/** A text element; when the shown text was shortened, the whole text is in its <title>. */
function text(x: number, y: number, shown: string, full: string, size: number, color: string, opts: { bold?: boolean; anchor?: 'start' | 'middle' | 'end'; cls?: string } = {}): VNode {
  return h(
    'text',
    { x: r(x), y: r(y), 'font-size': size, 'font-weight': opts.bold ? 600 : undefined, fill: color, 'text-anchor': opts.anchor && opts.anchor !== 'start' ? opts.anchor : undefined, class: opts.cls },
    shown !== full ? h('title', {}, full) : undefined,
    shown,
  );
}

function r(n: number): string {
  return String(Math.round(n * 10) / 10);
}

/** A box: a group whose first child is its rectangle (the browser tests check every text stays inside it). */
function box(cls: string, x: number, y: number, w: number, hgt: number, style: { fill: string; stroke?: string; rx?: number; dash?: string }, children: (Child | undefined)[]): VNode {
  return h(
    'g',
    { class: cls },
    h('rect', { class: 'box', x: r(x), y: r(y), width: r(w), height: r(hgt), rx: style.rx, fill: style.fill, stroke: style.stroke, 'stroke-dasharray': style.dash }),
    children.filter((c): c is Child => c !== undefined),
  );
}

interface Drawn {
  height: number;
  draw: (x: number, y: number) => VNode[];
}

const BADGE_H = 20;

/** Finding badges flowed in rows within `width`. */
function badgeFlow(findings: JourneyFinding[], j: JourneyModel, width: number): Drawn {
  const sorted = [...findings].sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity));
  const items = sorted.map((f) => {
    const label = findingLabel(f, j);
    const shown = fit(label, 11, width - 30);
    return { f, label, shown, w: Math.min(width, textWidth(shown, 11) + 30) };
  });
  return flow(items, width, BADGE_H, 4, (it, x, y) => [
    box(`badge ${it.f.severity}`, x, y, it.w, BADGE_H, { fill: C.bg, stroke: SEV_COLOR[it.f.severity], rx: 10 }, [
      h('title', {}, `${plainMessage(it.f.message)} (${it.f.ruleId}, line ${it.f.range.start.line + 1})`),
      icon(it.f.severity, 'icon', { x: x + 6, y: y + 4, size: 12, color: SEV_COLOR[it.f.severity] }),
      text(x + 22, y + 14, it.shown, it.label, 11, SEV_COLOR[it.f.severity]),
    ]),
  ]);
}

/** Lays out chips left to right, wrapping to new rows. */
function flow<T extends { w: number }>(items: T[], width: number, rowH: number, gap: number, draw: (it: T, x: number, y: number) => VNode[]): Drawn {
  const pos: { it: T; dx: number; dy: number }[] = [];
  let dx = 0;
  let dy = 0;
  for (const it of items) {
    if (dx > 0 && dx + it.w > width) {
      dx = 0;
      dy += rowH + gap;
    }
    pos.push({ it, dx, dy });
    dx += it.w + gap;
  }
  return { height: items.length ? dy + rowH : 0, draw: (x, y) => pos.flatMap((p) => draw(p.it, x + p.dx, y + p.dy)) };
}

function kpiFlow(kpis: JourneyKpi[], width: number): Drawn {
  const items = kpis.map((k) => {
    const values = `${fmt(k.baseline, k.unit)} → ${k.target === undefined ? 'no target' : fmt(k.target, k.unit)}${k.direction === 'increase' ? ' ▲' : k.direction === 'decrease' ? ' ▼' : ''}`;
    const valuesW = textWidth(values, 11, true);
    const name = fit(k.name, 11, Math.max(30, width - valuesW - 26));
    const w = Math.min(width, textWidth(name, 11) + valuesW + 24);
    return { k, name, values, valuesW, w };
  });
  return flow(items, width, 20, 4, (it, x, y) => {
    const bad = it.k.target === undefined || it.k.findings.length > 0;
    const color = it.k.findings.some((f) => f.severity === 'error') ? C.error : bad ? C.warning : C.border;
    return [
      box('kpi', x, y, it.w, 20, { fill: C.card, stroke: color, rx: 3 }, [
        it.k.findings.length ? h('title', {}, it.k.findings.map((f) => plainMessage(f.message)).join('\n')) : undefined,
        text(x + 7, y + 14, it.name, it.k.name, 11, C.muted),
        text(x + it.w - 7, y + 14, it.values, it.values, 11, it.k.target === undefined ? C.warning : C.strong, { bold: true, anchor: 'end' }),
      ]),
    ];
  });
}

const PAD = 10;

function stageHeader(j: JourneyModel, s: JourneyStage, i: number, width: number): Drawn {
  const inner = width - 2 * PAD;
  const count = `${s.touchpointCount} touchpoint${s.touchpointCount === 1 ? '' : 's'}`;
  const countW = textWidth(count, 11);
  const name = fit(s.name, 14, inner - 28 - countW - 8, true);
  const goal = s.goal ? wrap(s.goal, 12, inner - 18, 2) : [];
  const kpis = kpiFlow(s.kpis.map((k) => j.kpis.find((x) => x.key === k)).filter((k): k is JourneyKpi => k !== undefined), inner);
  const badges = badgeFlow(s.findings.filter((f) => !(s.touchpointCount === 0 && f.ruleId === 'stage-without-touchpoint')), j, inner);
  let height = PAD + 22;
  const goalY = height;
  height += goal.length * 16;
  const kpiY = height + (kpis.height ? 6 : 0);
  height = kpiY + kpis.height;
  const badgeY = height + (badges.height ? 6 : 0);
  height = badgeY + badges.height + PAD;
  return {
    height,
    draw: (x, y) => [
      h('circle', { cx: r(x + PAD + 10), cy: r(y + PAD + 9), r: 9.5, fill: 'none', stroke: C.muted }),
      text(x + PAD + 10, y + PAD + 13, String(i + 1), String(i + 1), 11, C.muted, { anchor: 'middle' }),
      text(x + PAD + 28, y + PAD + 14, name, s.name, 14, C.strong, { bold: true }),
      text(x + width - PAD, y + PAD + 13, count, count, 11, C.muted, { anchor: 'end' }),
      ...goal.map((l, k) => text(x + PAD + 18, y + goalY + 12 + k * 16, l, s.goal!, 12, C.muted)),
      ...(goal.length ? [icon('target', 'icon', { x: x + PAD, y: y + goalY + 1, size: 12, color: C.muted })] : []),
      ...kpis.draw(x + PAD, y + kpiY),
      ...badges.draw(x + PAD, y + badgeY),
    ],
  };
}

function laneHeader(j: JourneyModel, lane: LayoutLane, width: number): Drawn {
  const inner = width - 2 * PAD;
  const lines: { t: string; full: string; color: string; bold?: boolean; size: number }[] = [];
  const label = lane.kind === 'channel' ? humanize(lane.label) : lane.label;
  const nameLines = wrap(label, 13, inner, 2, true);
  const tag = lane.engagement ?? (lane.kind === 'owner' ? lane.ownerType : undefined);
  if (lane.accounts !== undefined) lines.push({ t: `${fmtNumber(lane.accounts)} accounts`, full: '', color: C.muted, size: 12 });
  if (lane.owner) lines.push({ t: `Owner ${lane.owner.name}`, full: '', color: C.muted, size: 12 });
  if (lane.touchpoints !== undefined) lines.push({ t: `${lane.touchpoints} touchpoint${lane.touchpoints === 1 ? '' : 's'}`, full: '', color: C.muted, size: 12 });
  const badges = badgeFlow(lane.findings, j, inner);
  let height = PAD + nameLines.length * 17;
  const tagY = height;
  if (tag) height += 22;
  const linesY = height;
  height += lines.length * 17;
  const meterY = height;
  if (lane.meter) height += 30;
  const badgeY = height + (badges.height ? 4 : 0);
  height = badgeY + badges.height + PAD;
  return {
    height,
    draw: (x, y) => {
      const out: VNode[] = nameLines.map((l, k) => text(x + PAD, y + PAD + 13 + k * 17, l, label, 13, C.strong, { bold: true }));
      if (tag) {
        const tw = Math.min(inner, textWidth(tag, 11) + 14);
        out.push(box('tag', x + PAD, y + tagY + 2, tw, 18, { fill: C.bg, stroke: C.border, rx: 9 }, [text(x + PAD + 7, y + tagY + 15, fit(tag, 11, tw - 14), tag, 11, C.muted)]));
      }
      lines.forEach((l, k) => out.push(text(x + PAD, y + linesY + 13 + k * 17, fit(l.t, l.size, inner), l.t, l.size, l.color)));
      if (lane.meter) {
        const m = lane.meter;
        const over = m.used > m.limit;
        const scale = Math.max(m.used, m.limit, 1);
        const value = `${fmtNumber(m.used)} / ${fmtNumber(m.limit)}`;
        out.push(text(x + PAD, y + meterY + 12, 'Capacity', 'Capacity', 11, C.muted));
        out.push(text(x + width - PAD, y + meterY + 12, fit(value, 11, inner - 60, true), value, 11, over ? C.warning : C.strong, { bold: true, anchor: 'end' }));
        out.push(h('rect', { x: r(x + PAD), y: r(y + meterY + 18), width: r(inner), height: 5, rx: 2, fill: C.chip }));
        out.push(h('rect', { x: r(x + PAD), y: r(y + meterY + 18), width: r((inner * Math.min(m.used, m.limit)) / scale), height: 5, fill: C.human }));
        if (over) out.push(h('rect', { x: r(x + PAD + (inner * m.limit) / scale), y: r(y + meterY + 18), width: r((inner * (m.used - m.limit)) / scale), height: 5, fill: C.warning }));
      }
      out.push(...badges.draw(x + PAD, y + badgeY));
      return out;
    },
  };
}

function cardDrawn(j: JourneyModel, i: number, elsewhere: string[], spanLanes: number, mode: LaneMode, width: number): Drawn {
  const t = j.touchpoints[i];
  const inner = width - PAD - 12;
  const ownerType = t.ownerType ?? 'unknown';
  const { owner, when, typeLabel } = cardWords(t);
  const typeW = textWidth(typeLabel, 11) + 12;
  const nameLines = wrap(t.name, 13, inner - typeW - 6, 2, true);
  const channelLine = `${humanize(t.channel ?? 'no channel')} · ${owner}`;
  const tags = t.kpis.map((id) => j.kpis.find((k) => k.id === id)?.name ?? id);
  if (spanLanes > 1) tags.push(`${spanLanes} ${mode === 'segment' ? 'segments' : 'lanes'}`);
  const tagItems = tags.map((tg) => {
    const shown = fit(tg, 11, inner - 10);
    return { tg, shown, w: Math.min(inner, textWidth(shown, 11) + 10) };
  });
  const tagFlow = flow(tagItems, inner, 18, 4, (it, x, y) => [box('tag', x, y, it.w, 18, { fill: C.chip, rx: 3 }, [text(x + 5, y + 13, it.shown, it.tg, 11, C.muted)])]);
  const target = t.escalatesToIndex !== undefined ? j.touchpoints[t.escalatesToIndex].name : t.escalatesTo;
  const extra: { t: string; color: string }[] = [];
  if (elsewhere.length) extra.push({ t: `Also in ${elsewhere.join(', ')}`, color: C.muted });
  if (target) extra.push({ t: `↗ Escalates to ${target}`, color: C.link });
  const badges = badgeFlow(t.findings, j, inner);
  let height = 8 + nameLines.length * 17 + 2;
  const channelY = height;
  height += 17;
  const whenY = height;
  if (when) height += 16;
  const tagY = height + (tagFlow.height ? 4 : 0);
  height = tagY + tagFlow.height;
  const extraY = height + (extra.length ? 2 : 0);
  height = extraY + extra.length * 16;
  const badgeY = height + (badges.height ? 5 : 0);
  height = badgeY + badges.height + 9;
  return {
    height,
    draw: (x, y) => {
      const tx = x + 12;
      const col = OWNER_COLOR[ownerType];
      return [
        h('title', {}, [`${t.name}${t.id !== undefined && t.id !== t.name ? ` (${t.id})` : ''}`, channelLine, when, t.description ?? ''].filter(Boolean).join('\n')),
        h('rect', { x: r(x), y: r(y), width: 4, height: r(height), fill: col }),
        ...nameLines.map((l, k) => text(tx, y + 8 + 13 + k * 17, l, t.name, 13, C.strong, { bold: true })),
        box('otype', x + width - 8 - typeW, y + 7, typeW, 17, { fill: C.bg, stroke: col, rx: 3 }, [text(x + width - 8 - typeW / 2, y + 19, typeLabel, typeLabel, 11, col, { anchor: 'middle' })]),
        icon(channelIcon(t.channel), 'icon', { x: tx, y: y + channelY + 2, size: 12, color: C.fg }),
        text(tx + 17, y + channelY + 13, fit(channelLine, 12, inner - 17), channelLine, 12, C.fg),
        ...(when ? [text(tx, y + whenY + 12, fit(when, 12, inner), when, 12, C.muted)] : []),
        ...tagFlow.draw(tx, y + tagY),
        ...extra.map((e, k) => text(tx, y + extraY + 12 + k * 16, fit(e.t, 12, inner), e.t, 12, e.color)),
        ...badges.draw(tx, y + badgeY),
      ];
    },
  };
}

function refsDrawn(j: JourneyModel, item: LayoutItem, width: number): Drawn {
  const inner = width - 16;
  const byLane = new Map<string, number[]>();
  for (const e of item.entries) byLane.set(e.elsewhere[0] ?? '', [...(byLane.get(e.elsewhere[0] ?? '') ?? []), e.touchpoint]);
  const rows: { kind: 'head' | 'ref'; t: string }[] = [];
  for (const [where, list] of byLane) {
    rows.push({ kind: 'head', t: `↳ Also here, card in ${where}:` });
    for (const i of list) rows.push({ kind: 'ref', t: j.touchpoints[i].name });
  }
  const height = 6 + rows.reduce((n, row) => n + (row.kind === 'head' ? 18 : 24), 0);
  return {
    height,
    draw: (x, y) => {
      const out: VNode[] = [];
      let cy = y + 6;
      for (const row of rows) {
        if (row.kind === 'head') {
          out.push(text(x, cy + 12, fit(row.t, 12, inner), row.t, 12, C.muted));
          cy += 18;
        } else {
          const shown = fit(row.t, 12, inner - 14);
          out.push(box('ref', x, cy, Math.min(inner, textWidth(shown, 12) + 14), 20, { fill: C.bg, stroke: C.border, rx: 3, dash: '3 2' }, [text(x + 7, cy + 14, shown, row.t, 12, C.fg)]));
          cy += 24;
        }
      }
      return out;
    },
  };
}

export interface SvgOptions {
  lanes?: LaneMode;
  filter?: MapFilter;
}

/** The whole map as SVG markup (with the XML declaration). */
export function renderSvgExport(j: JourneyModel, options: SvgOptions = {}): string {
  const mode = options.lanes ?? 'segment';
  const layout = layoutMap(j, mode, options.filter);
  const LW = 210;
  const CW = 260;
  const n = j.stages.length;
  const width = Math.max(900, LW + n * CW);
  const parts: VNode[] = [];
  const title = j.playbook.title ?? j.playbook.id ?? 'Journey map';
  let y = 16;
  parts.push(text(16, y + 18, fit(title, 20, width - 32, true), title, 20, C.strong, { bold: true }));
  y += 28;
  const meta = [`Framework ${j.playbook.framework?.name ?? 'none'}`, j.playbook.engagement ? `Default engagement ${j.playbook.engagement}` : '', j.playbook.version !== undefined ? `Version ${j.playbook.version}` : ''].filter(Boolean).join('  ·  ');
  parts.push(text(16, y + 14, fit(meta, 12, width - 32), meta, 12, C.muted));
  y += 24;

  // Summary strip.
  const { shown, total, automatedPercent, channels } = matchingSummary(j, layout);
  const summaryItems = [
    `${layout.filtered ? `${shown} of ${total}` : total} touchpoints`,
    `${automatedPercent}% automated`,
    ...channels.map(([c, k]) => `${humanize(c)} ${k}`),
    ...SEVERITY_ORDER.map((s) => `${j.summary.findings[s]} ${s === 'info' ? 'infos' : `${s}s`}`),
  ].map((t) => ({ t, w: textWidth(t, 12) + 18 }));
  const sum = flow(summaryItems, width - 32, 16, 2, (it, x, yy) => [text(x, yy + 12, it.t, it.t, 12, C.fg)]);
  parts.push(...sum.draw(16, y));
  y += sum.height + 10;

  // Legend (at the top, as in the preview).
  const legendItems: { t: string; w: number; draw: (x: number, yy: number) => VNode[] }[] = [
    ...(['human', 'team', 'automation'] as const).map((k) => ({ t: humanize(k), w: textWidth(humanize(k), 12) + 30, draw: (x: number, yy: number) => [h('rect', { x: r(x), y: r(yy + 2), width: 4, height: 12, fill: OWNER_COLOR[k] }), text(x + 10, yy + 12, humanize(k), humanize(k), 12, C.muted)] })),
    { t: 'No touchpoint', w: textWidth('No touchpoint', 12) + 36, draw: (x: number, yy: number) => [h('rect', { x: r(x), y: r(yy + 1), width: 16, height: 13, fill: 'url(#jm-hatch)', stroke: C.border }), text(x + 22, yy + 12, 'No touchpoint', 'No touchpoint', 12, C.muted)] },
    { t: 'Card in another lane', w: textWidth('↳ Card in another lane', 12) + 20, draw: (x: number, yy: number) => [text(x, yy + 12, '↳ Card in another lane', '↳ Card in another lane', 12, C.muted)] },
    ...SEVERITY_ORDER.map((s) => ({ t: s, w: textWidth(humanize(s), 12) + 34, draw: (x: number, yy: number) => [icon(s, 'icon', { x, y: yy + 1, size: 13, color: SEV_COLOR[s] }), text(x + 18, yy + 12, humanize(s), humanize(s), 12, SEV_COLOR[s])] })),
    { t: 'KPI', w: textWidth('KPI baseline → target ▲ raise ▼ lower', 12) + 20, draw: (x: number, yy: number) => [text(x, yy + 12, 'KPI baseline → target ▲ raise ▼ lower', 'KPI baseline → target ▲ raise ▼ lower', 12, C.muted)] },
  ];
  const leg = flow(legendItems, width - 32, 16, 6, (it, x, yy) => it.draw(x, yy));
  parts.push(box('legend', 8, y - 4, width - 16, leg.height + 12, { fill: C.sticky, stroke: C.grid, rx: 4 }, leg.draw(16, y + 2)));
  y += leg.height + 18;

  // Header row.
  const heads = j.stages.map((s, i) => stageHeader(j, s, i, CW));
  const headH = Math.max(60, ...heads.map((d) => d.height));
  const gridTop = y;
  parts.push(box('corner', 0, y, LW, headH, { fill: C.sticky, stroke: C.border }, [text(LW - PAD, y + 20, 'STAGE →', 'STAGE →', 11, C.muted, { anchor: 'end', bold: true }), text(PAD, y + headH - 12, `${mode.toUpperCase()} ↓`, `${mode.toUpperCase()} ↓`, 11, C.muted, { bold: true })]));
  j.stages.forEach((s, i) => {
    const x = LW + i * CW;
    parts.push(box(`stage${s.touchpointCount ? '' : ' gap'}`, x, y, CW, headH, { fill: s.touchpointCount ? C.sticky : 'url(#jm-hatch-bg)', stroke: C.border }, heads[i].draw(x, y)));
  });
  y += headH;

  // Emotion row.
  const EH = 90;
  const ey = (e: number) => y + 45 - e * 16;
  const emo: VNode[] = [box('emotion-head', 0, y, LW, EH, { fill: C.sticky, stroke: C.border }, [text(PAD, y + 20, 'Emotion', 'Emotion', 13, C.strong, { bold: true }), text(PAD, y + 36, 'avg. per stage', 'avg. per stage', 11, C.muted), text(LW - PAD, ey(2) + 4, '+2 ☺', '+2 ☺', 11, C.muted, { anchor: 'end' }), text(LW - PAD, ey(0) + 4, '0', '0', 11, C.muted, { anchor: 'end' }), text(LW - PAD, ey(-2) + 4, '−2 ☹', '−2 ☹', 11, C.muted, { anchor: 'end' })])];
  emo.push(h('rect', { x: LW, y: r(y), width: r(n * CW), height: EH, fill: C.bg, stroke: C.border }));
  for (const v of [2, 0, -2]) emo.push(h('line', { x1: LW, x2: r(LW + n * CW), y1: r(ey(v)), y2: r(ey(v)), stroke: v === 0 ? C.border : C.grid, 'stroke-dasharray': v === 0 ? undefined : '2 4' }));
  const known = j.stages.map((s, i) => ({ i, e: s.emotion })).filter((p): p is { i: number; e: number } => p.e !== null);
  const cx = (i: number) => LW + i * CW + CW / 2;
  for (let k = 1; k < known.length; k++) {
    const a = known[k - 1];
    const b = known[k];
    emo.push(h('line', { x1: r(cx(a.i)), y1: r(ey(a.e)), x2: r(cx(b.i)), y2: r(ey(b.e)), stroke: C.fg, 'stroke-width': 1.6, 'stroke-dasharray': b.i - a.i > 1 ? '4 4' : undefined, opacity: 0.7 }));
  }
  j.stages.forEach((s, i) => {
    if (s.emotion === null) emo.push(text(cx(i), ey(0) + 18, s.touchpointCount ? 'no emotion set' : 'no touchpoints', '', 11, C.muted, { anchor: 'middle' }));
  });
  for (const p of known) {
    const v = `${p.e > 0 ? '+' : p.e < 0 ? '−' : ''}${Math.abs(p.e).toFixed(1)}`;
    const color = p.e > 0.25 ? C.human : p.e < -0.25 ? C.error : C.muted;
    emo.push(h('circle', { cx: r(cx(p.i)), cy: r(ey(p.e)), r: 4.5, fill: C.bg, stroke: color, 'stroke-width': 2 }, h('title', {}, `${j.stages[p.i].name}: expected emotion ${v}`)));
    emo.push(text(cx(p.i) + 8, ey(p.e) - 8, v, v, 11, C.strong, { bold: true }));
  }
  parts.push(h('g', { class: 'emotion' }, emo));
  y += EH;

  // Body: track heights from what the cells hold.
  const laneHeads = layout.lanes.map((l) => laneHeader(j, l, LW));
  const cellW = CW - 16;
  const content = layout.columns.map((col) =>
    col.items.map((it) => {
      if (it.kind === 'refs') return { it, parts: [refsDrawn(j, it, cellW)] };
      return { it, parts: it.entries.map((e) => cardDrawn(j, e.touchpoint, e.elsewhere, it.laneEnd - it.laneStart + 1, mode, cellW)) };
    }),
  );
  const heights = Array.from({ length: layout.rows }, () => 28);
  const need: { row: number; span: number; h: number }[] = [];
  layout.lanes.forEach((l, k) => need.push({ row: l.firstRow, span: l.tracks, h: laneHeads[k].height }));
  layout.columns.forEach((col, c) => {
    content[c].forEach(({ it, parts: ps }) => need.push({ row: it.row, span: it.rowSpan, h: 12 + ps.reduce((a, d) => a + d.height, 0) + 6 * (ps.length - 1) + (it.laneEnd > it.laneStart && ps.length > 1 ? 20 : 0) }));
    col.gaps.forEach((g) => need.push({ row: g.row, span: g.rowSpan, h: g.findings.length ? 36 : 28 }));
  });
  need.sort((a, b) => a.span - b.span);
  for (const nd of need) {
    const have = heights.slice(nd.row, nd.row + nd.span).reduce((a, b) => a + b, 0);
    if (have < nd.h) heights[nd.row + nd.span - 1] += nd.h - have;
  }
  const rowY: number[] = [];
  let acc = y;
  for (const hgt of heights) {
    rowY.push(acc);
    acc += hgt;
  }
  const bottom = acc;
  const span = (row: number, count: number) => heights.slice(row, row + count).reduce((a, b) => a + b, 0);

  layout.lanes.forEach((l, k) => {
    const ly = rowY[l.firstRow];
    parts.push(box('lane-head', 0, ly, LW, span(l.firstRow, l.tracks), { fill: C.sticky, stroke: C.border }, laneHeads[k].draw(0, ly)));
    parts.push(h('line', { x1: LW, x2: r(LW + n * CW), y1: r(ly), y2: r(ly), stroke: C.grid }));
  });
  layout.columns.forEach((col, c) => {
    const x = LW + c * CW;
    parts.push(h('line', { x1: r(x + CW), x2: r(x + CW), y1: r(y), y2: r(bottom), stroke: C.grid }));
    if (col.empty) {
      const label = `No touchpoint in ${col.stage.name}`;
      const f = col.stage.findings.find((x2) => x2.ruleId === 'stage-without-touchpoint');
      const shown = fit(label, 12, CW - 40);
      parts.push(
        box('gap stage-gap', x, y, CW, bottom - y, { fill: 'url(#jm-hatch)' }, [
          box('gap-label', x + 8, y + 8, CW - 16, 28, { fill: C.bg, stroke: C.warning, rx: 4, dash: '4 3' }, [
            f ? h('title', {}, plainMessage(f.message)) : undefined,
            icon('warning', 'icon', { x: x + 16, y: y + 15, size: 13, color: C.warning }),
            text(x + 34, y + 26, shown, label, 12, C.warning),
          ]),
        ]),
      );
      return;
    }
    for (const g of col.gaps) {
      const gy = rowY[g.row];
      const badges = badgeFlow(g.findings, j, CW - 16);
      parts.push(box('gap', x, gy, CW, span(g.row, g.rowSpan), { fill: 'url(#jm-hatch)' }, badges.draw(x + 8, gy + 8)));
    }
    for (const { it, parts: ps } of content[c]) {
      const cy0 = rowY[it.row];
      const cellH = span(it.row, it.rowSpan);
      const group: VNode[] = [];
      const isSpan = it.laneEnd > it.laneStart;
      let cy = cy0 + 6;
      if (it.kind === 'refs') group.push(...ps[0].draw(x + 8, cy0));
      else {
        if (isSpan && ps.length > 1) group.push(h('rect', { x: r(x + 4), y: r(cy0 + 3), width: r(CW - 8), height: r(cellH - 6), rx: 6, fill: 'none', stroke: C.border, 'stroke-dasharray': '4 3' }));
        ps.forEach((d, k) => {
          const e = it.entries[k];
          const hgt = isSpan && ps.length === 1 ? Math.max(d.height, cellH - 12) : d.height;
          const dim = !layout.matching.has(e.touchpoint);
          group.push(h('g', { class: 'card', opacity: dim ? 0.35 : undefined }, h('rect', { class: 'box', x: r(x + 8), y: r(cy), width: r(cellW), height: r(hgt), rx: 4, fill: C.card, stroke: C.border }), d.draw(x + 8, cy)));
          cy += d.height + 6;
        });
        if (isSpan && ps.length > 1) {
          const lanes = layout.lanes.slice(it.laneStart, it.laneEnd + 1).map((l) => l.label);
          const note = `↕ Each reaches ${lanes.length} ${mode === 'segment' ? 'segments' : 'lanes'}: ${lanes[0]} to ${lanes[lanes.length - 1]}`;
          group.push(text(x + 12, cy0 + cellH - 10, fit(note, 11, cellW - 8), note, 11, C.muted));
        }
      }
      parts.push(h('g', { class: `cell ${it.kind}` }, group));
    }
  });
  parts.push(h('rect', { x: 0, y: r(gridTop), width: r(LW + n * CW), height: r(bottom - gridTop), fill: 'none', stroke: C.border }));

  // Findings list under the map: every message once, wrapped.
  let fy = bottom + 24;
  if (j.allFindings.length) {
    parts.push(text(16, fy + 14, `Findings (${j.allFindings.length})`, `Findings (${j.allFindings.length})`, 14, C.strong, { bold: true }));
    fy += 26;
    for (const f of [...j.allFindings].sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity))) {
      const head = `${findingLabel(f, j)} · ${f.ruleId} · line ${f.range.start.line + 1}`;
      const msg = wrap(plainMessage(f.message), 12, width - 60, 4);
      const fh = 20 + msg.length * 16 + 6;
      parts.push(
        box(`finding ${f.severity}`, 16, fy, width - 32, fh, { fill: C.bg }, [
          icon(f.severity, 'icon', { x: 20, y: fy + 3, size: 13, color: SEV_COLOR[f.severity] }),
          text(40, fy + 14, fit(head, 12, width - 80, true), head, 12, C.strong, { bold: true }),
          ...msg.map((l, k) => text(40, fy + 32 + k * 16, l, plainMessage(f.message), 12, C.fg)),
        ]),
      );
      fy += fh + 4;
    }
  }
  const height = Math.ceil(fy + 16);
  const defs = h(
    'defs',
    {},
    h('pattern', { id: 'jm-hatch', width: 9, height: 9, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' }, h('rect', { width: 9, height: 9, fill: C.bg }), h('rect', { width: 2.5, height: 9, fill: C.hatch, opacity: 0.6 })),
    h('pattern', { id: 'jm-hatch-bg', width: 9, height: 9, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' }, h('rect', { width: 9, height: 9, fill: C.sticky }), h('rect', { width: 2.5, height: 9, fill: C.hatch, opacity: 0.6 })),
  );
  const svg = h(
    'svg',
    { xmlns: 'http://www.w3.org/2000/svg', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': `Journey map of ${title}`, 'font-family': SVG_FONT_STACK },
    h('title', {}, `${title}: journey map`),
    defs,
    h('rect', { x: 0, y: 0, width, height, fill: C.bg }),
    parts,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n${toMarkup(svg, true)}\n`;
}
