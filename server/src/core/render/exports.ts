/** Exports of the journey map: a self-contained HTML page, an SVG and a Mermaid `journey` diagram. */
import type { JourneyModel } from '../journey';
import { escapeXml } from '../text';
import { renderJourneyMap } from './journeyMap';
import { renderMermaidExport } from './mermaid';
import { EXPORT_THEME_CSS, JOURNEY_CSS } from './style';
import { renderSvgExport } from './svg';
import { toMarkup } from './tree';

export { renderMermaidExport } from './mermaid';
export { renderSvgExport } from './svg';

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
    toMarkup(renderJourneyMap(j, { lanes: 'segment', findingsOpen: j.allFindings.length > 0, legendOpen: true })),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
