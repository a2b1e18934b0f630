/** Exports of the journey map: a self-contained HTML page, an SVG and a Mermaid `journey` diagram. */
import type { JourneyModel } from '../journey';
import { renderJourneyMap } from './journeyMap';
import { EXPORT_THEME_CSS, JOURNEY_CSS } from './style';
import { escapeXml, h, toMarkup, VNode } from './tree';

/** Every export format with its renderer (the CLI's `render` and the editor's export commands). */
export const EXPORT_RENDERERS = {
  html: (j: JourneyModel) => renderHtmlExport(j),
  svg: (j: JourneyModel) => renderSvgExport(j),
  mermaid: (j: JourneyModel) => renderMermaidExport(j),
} as const;

/** A standalone HTML page (no scripts, no remote resources) that opens offline in any browser. */
export function renderHtmlExport(j: JourneyModel): string {
  const title = j.playbook.title ?? j.playbook.id ?? 'Journey map';
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeXml(title)} — journey map</title>`,
    `<style>${JOURNEY_CSS}${EXPORT_THEME_CSS}</style>`,
    '</head>',
    '<body>',
    toMarkup(renderJourneyMap(j, { lanes: 'segment', findingsOpen: true, legendOpen: true })),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

const COL = 220;
const HEAD = 170;
const CARD_H = 46;

/** An SVG drawing of the map: stage columns, segment lanes, cards coloured by owner type, gaps hatched. */
export function renderSvgExport(j: JourneyModel): string {
  const colors = { human: '#1a73c8', team: '#2e8b57', automation: '#8a4fc4', unknown: '#888888' } as const;
  const laneHeights = j.segments.map((s) => {
    const max = Math.max(1, ...j.stages.map((st) => j.cells.find((c) => c.stage === st.id && c.segment === s.key)?.touchpoints.length ?? 0));
    return 16 + max * (CARD_H + 6);
  });
  const top = 90;
  const width = HEAD + j.stages.length * COL + 20;
  const height = top + laneHeights.reduce((a, b) => a + b, 0) + 30;
  const parts: VNode[] = [];
  parts.push(
    h('defs', {}, h('pattern', { id: 'hatch', width: 8, height: 8, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' }, h('rect', { width: 4, height: 8, fill: '#cccccc', opacity: 0.35 }))),
    h('rect', { x: 0, y: 0, width, height, fill: '#ffffff' }),
    h('text', { x: 10, y: 24, 'font-size': 18, 'font-weight': 'bold', fill: '#1f1f1f' }, j.playbook.title ?? j.playbook.id ?? 'Journey map'),
    h('text', { x: 10, y: 44, 'font-size': 12, fill: '#616161' }, `${j.playbook.framework?.name ?? ''} · ${j.summary.touchpoints} touchpoints · ${Math.round(j.summary.automatedShare * 100)}% automated`),
  );
  j.stages.forEach((st, i) => {
    const x = HEAD + i * COL;
    parts.push(h('rect', { x, y: 56, width: COL, height: height - 66, fill: st.touchpointCount ? 'none' : 'url(#hatch)', stroke: '#d4d4d4' }));
    parts.push(h('text', { x: x + 8, y: 76, 'font-size': 12, 'font-weight': 'bold', fill: '#1f1f1f' }, st.name.toUpperCase()));
  });
  let y = top;
  j.segments.forEach((s, li) => {
    const lh = laneHeights[li];
    parts.push(h('line', { x1: 0, y1: y, x2: width, y2: y, stroke: '#d4d4d4' }));
    parts.push(h('text', { x: 10, y: y + 18, 'font-size': 12, 'font-weight': 'bold', fill: '#1f1f1f' }, s.name));
    if (s.engagement) parts.push(h('text', { x: 10, y: y + 34, 'font-size': 11, fill: '#616161' }, s.engagement));
    j.stages.forEach((st, i) => {
      const cell = j.cells.find((c) => c.stage === st.id && c.segment === s.key);
      const x = HEAD + i * COL;
      if (!cell?.touchpoints.length) {
        parts.push(h('rect', { x: x + 1, y: y + 1, width: COL - 2, height: lh - 2, fill: 'url(#hatch)' }));
        return;
      }
      cell.touchpoints.forEach((ti, k) => {
        const t = j.touchpoints[ti];
        const cy = y + 8 + k * (CARD_H + 6);
        parts.push(h('rect', { x: x + 6, y: cy, width: COL - 12, height: CARD_H, rx: 3, fill: '#f6f6f6', stroke: colors[t.ownerType ?? 'unknown'] }));
        parts.push(h('rect', { x: x + 6, y: cy, width: 4, height: CARD_H, fill: colors[t.ownerType ?? 'unknown'] }));
        parts.push(h('text', { x: x + 16, y: cy + 18, 'font-size': 12, 'font-weight': 'bold', fill: '#1f1f1f' }, truncate(t.name, 28)));
        parts.push(h('text', { x: x + 16, y: cy + 35, 'font-size': 10, fill: '#616161' }, truncate([t.channel, t.ownerName ?? t.owner, t.within ? `within ${t.within}` : ''].filter(Boolean).join(' · '), 36)));
      });
    });
    y += lh;
  });
  const svg = h('svg', { xmlns: 'http://www.w3.org/2000/svg', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': `Journey map of ${j.playbook.title ?? j.playbook.id ?? 'a playbook'}` }, parts);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${toMarkup(svg, true)}\n`;
}

/** Shortens to `n` characters (whole code points, so no emoji is cut in half). */
function truncate(s: string, n: number): string {
  const chars = Array.from(s);
  return chars.length > n ? `${chars.slice(0, n - 1).join('')}…` : s;
}

/**
 * A Mermaid `journey` diagram: one section per stage, one task per touchpoint,
 * scored 1–5 from its emotion (-2..+2; 3 when none), actors = owner and segments.
 */
export function renderMermaidExport(j: JourneyModel): string {
  // Mermaid reads `:` `;` `#` `%` and braces as syntax, and some leading words as keywords: neutralise both.
  const clean = (s: string) => s.replace(/[:;#%{}\r\n]/g, ' ').replace(/\s+/g, ' ').trim() || '-';
  const line = (s: string) => {
    const t = clean(s);
    return /^(journey|section|title|accdescr|acctitle)\b/i.test(t) ? `› ${t}` : t;
  };
  const lines = ['journey', `  title ${clean(j.playbook.title ?? j.playbook.id ?? 'Journey map')}`];
  for (const st of j.stages) {
    lines.push(`  section ${line(st.name)}`);
    const here = j.touchpoints.filter((t) => t.stage === st.id);
    if (!here.length) lines.push('    No touchpoint (gap): 1: nobody');
    for (const t of here) {
      const score = t.emotion === undefined ? 3 : Math.min(5, Math.max(1, Math.round(t.emotion + 3)));
      const actors = [t.ownerName ?? t.owner ?? 'unowned', ...(t.allSegments ? [] : t.segments.map((k) => j.segments.find((s) => s.key === k)?.name ?? k))].map((a) => clean(a).replace(/,/g, ' '));
      lines.push(`    ${line(t.name)}: ${score}: ${actors.join(', ')}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
