/**
 * The journey map's stylesheet, shared by the preview (served as dist/media/journey.css)
 * and the HTML export (inlined). Colours come from VS Code's theme variables, so the
 * map follows light, dark and high-contrast themes; the export defines them itself.
 *
 * Layout: the map fills the panel (flex column, 100vh); the chrome (title, toolbar,
 * summary, legend) stays put and `.jm-scroll` is the one scroll container, so both of
 * its scrollbars sit at the panel's edges. Inside it the stage header row sticks to
 * the top and the lane column to the left. The smallest text is 12 px at 100 %, so
 * the webview's zoom never goes below 10/12 (MIN_ZOOM in the webview script).
 */
export const MIN_TEXT_PX = 12;

/** Off-screen cards take their estimated height (est-N: N × 10 px) until first drawn; then the browser remembers their real one. */
const CARD_ESTIMATES = Array.from({ length: 36 }, (_, k) => `.density-comfortable .card.est-${k + 5} { contain-intrinsic-size: auto ${(k + 5) * 10}px; }`).join('\n');

export const JOURNEY_CSS = `
.journey-map {
  --jm-bg: var(--vscode-editor-background, #1e1e1e);
  --jm-fg: var(--vscode-editor-foreground, #d4d4d4);
  --jm-strong: var(--vscode-foreground, var(--jm-fg));
  --jm-muted: var(--vscode-descriptionForeground, #9d9d9d);
  --jm-border: var(--vscode-panel-border, rgba(128,128,128,0.35));
  --jm-grid: var(--vscode-editorGroup-border, rgba(128,128,128,0.28));
  --jm-sticky: var(--vscode-sideBar-background, var(--jm-bg));
  --jm-card: var(--vscode-editorWidget-background, #252526);
  --jm-card-border: var(--vscode-editorWidget-border, rgba(128,128,128,0.4));
  --jm-focus: var(--vscode-focusBorder, #007fd4);
  --jm-error: var(--vscode-editorError-foreground, #f14c4c);
  --jm-warning: var(--vscode-editorWarning-foreground, #cca700);
  --jm-info: var(--vscode-editorInfo-foreground, #3794ff);
  --jm-human: var(--vscode-charts-green, #3fb950);
  --jm-team: var(--vscode-charts-orange, #d18616);
  --jm-automation: var(--vscode-charts-purple, #b180d7);
  --jm-on-bg: var(--vscode-button-background, #0e639c);
  --jm-on-fg: var(--vscode-button-foreground, #ffffff);
  --jm-input: var(--vscode-input-background, transparent);
  --jm-code-bg: var(--vscode-textCodeBlock-background, rgba(128,128,128,0.18));
  --jm-hatch: rgba(128,128,128,0.22);
  --jm-mono: var(--vscode-editor-font-family, "SF Mono", Monaco, Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace);
  --jm-lane-w: 200px;
  --jm-stage-w: 250px;
  box-sizing: border-box;
  display: flex;
  flex-direction: column;
  height: 100vh;
  color: var(--jm-fg);
  background: var(--jm-bg);
  font-family: var(--vscode-font-family, -apple-system, BlinkMacSystemFont, "Segoe UI", Ubuntu, "Liberation Sans", Arial, sans-serif);
  font-size: 13px;
  line-height: 1.4;
}
.journey-map *, .journey-map *::before, .journey-map *::after { box-sizing: border-box; }
.journey-map button, .journey-map select { font: inherit; color: inherit; }
.journey-map code { font-family: var(--jm-mono); font-size: 0.95em; background: var(--jm-code-bg); border-radius: 3px; padding: 0 3px; overflow-wrap: anywhere; }
.journey-map .icon { width: 14px; height: 14px; flex: none; stroke-linecap: round; stroke-linejoin: round; vertical-align: -2px; }
.journey-map .muted { color: var(--jm-muted); }
.density-comfortable .card { content-visibility: auto; }
${CARD_ESTIMATES}
.jm-sprite { position: absolute; width: 0; height: 0; overflow: hidden; }
.clip { min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.clip2 { min-width: 0; overflow: hidden; display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2; overflow-wrap: anywhere; }

/* chrome */
.jm-top { flex: none; }
.jm-titlebar { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 14px; padding: 8px 14px; border-bottom: 1px solid var(--jm-border); }
.map-title { margin: 0; font-size: 15px; font-weight: 600; color: var(--jm-strong); overflow-wrap: anywhere; }
.map-meta { display: flex; flex-wrap: wrap; gap: 2px 0; font-size: 12px; color: var(--jm-muted); min-width: 0; }
.meta-item { white-space: nowrap; }
.meta-item + .meta-item::before { content: "·"; margin: 0 7px; }
.meta-item strong { color: var(--jm-fg); font-weight: 600; }
.meta-item.file { font-family: var(--jm-mono); overflow: hidden; text-overflow: ellipsis; max-width: 100%; }
.title-actions { margin-left: auto; display: flex; gap: 6px; }
.pill { display: inline-flex; align-items: center; gap: 6px; height: 24px; padding: 0 10px; border: 1px solid var(--jm-border); border-radius: 12px; background: transparent; cursor: pointer; font-size: 12px; white-space: nowrap; }
.pill[aria-pressed="true"] { background: var(--jm-on-bg); color: var(--jm-on-fg); border-color: var(--jm-on-bg); }
.pill-count { display: inline-block; min-width: 18px; padding: 0 5px; border-radius: 8px; background: var(--vscode-badge-background, #4d4d4d); color: var(--vscode-badge-foreground, #fff); text-align: center; font-weight: 600; }
.jm-toolbar { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 14px; padding: 6px 14px; border-bottom: 1px solid var(--jm-border); }
.tgroup { display: inline-flex; align-items: center; gap: 6px; }
.tlabel { font-size: 12px; color: var(--jm-muted); }
.seg { display: inline-flex; gap: 1px; padding: 1px; border: 1px solid var(--jm-border); border-radius: 4px; background: var(--jm-input); }
.seg-btn { height: 22px; padding: 0 8px; border: 0; border-radius: 3px; background: transparent; color: var(--jm-muted); font-size: 12px; cursor: pointer; white-space: nowrap; }
.seg-btn:hover { color: var(--jm-fg); }
.seg-btn[aria-pressed="true"] { background: var(--jm-on-bg); color: var(--jm-on-fg); }
.zoom-level { min-width: 64px; font-variant-numeric: tabular-nums; color: var(--jm-fg); }
.tmenu { position: relative; }
.tmenu-button { list-style: none; display: inline-flex; align-items: center; gap: 4px; height: 24px; padding: 0 10px; border: 1px solid var(--jm-border); border-radius: 4px; cursor: pointer; font-size: 12px; white-space: nowrap; }
.tmenu-button::-webkit-details-marker { display: none; }
.tmenu-button::after { content: "▾"; color: var(--jm-muted); }
.tmenu-list { position: absolute; left: 0; top: 28px; z-index: 30; display: flex; flex-direction: column; min-width: 220px; padding: 4px; border: 1px solid var(--vscode-menu-border, var(--jm-border)); border-radius: 4px; background: var(--vscode-menu-background, var(--jm-card)); box-shadow: 0 4px 12px rgba(0,0,0,0.3); }
.tmenu-item { padding: 4px 10px; border: 0; border-radius: 3px; background: transparent; color: var(--vscode-menu-foreground, var(--jm-fg)); text-align: left; cursor: pointer; font-size: 12px; white-space: nowrap; }
.tmenu-item:hover, .tmenu-item:focus-visible { background: var(--vscode-menu-selectionBackground, var(--jm-on-bg)); color: var(--vscode-menu-selectionForeground, var(--jm-on-fg)); }
@media (max-width: 700px) { .journey-map { --jm-lane-w: 170px; } .tlabel { display: none; } .jm-toolbar, .jm-summary, .jm-titlebar { padding-left: 10px; padding-right: 10px; } .jm-summary { gap: 3px 14px; } .chan-name { display: none; } }
.tselect { height: 24px; max-width: 220px; padding: 0 6px; border: 1px solid var(--jm-border); border-radius: 4px; background: var(--vscode-dropdown-background, var(--jm-card)); color: var(--vscode-dropdown-foreground, var(--jm-fg)); font-size: 12px; }
.jm-summary { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 22px; padding: 6px 14px; border-bottom: 1px solid var(--jm-border); font-size: 12px; color: var(--jm-muted); }
.jm-summary strong { color: var(--jm-strong); font-weight: 600; }
.sum-item { display: inline-flex; align-items: center; gap: 5px; white-space: nowrap; }
.mixbar { width: 60px; height: 6px; border-radius: 3px; background: var(--jm-hatch); }
.mix-human { fill: var(--jm-human); } .mix-team { fill: var(--jm-team); } .mix-automation { fill: var(--jm-automation); }
.channels { flex-wrap: wrap; gap: 4px 12px; white-space: normal; }
.chan { display: inline-flex; align-items: center; gap: 4px; white-space: nowrap; }
.counts { gap: 12px; }
.count::before { content: ""; display: inline-block; width: 8px; height: 8px; border-radius: 50%; margin-right: 5px; }
.count.error::before { background: var(--jm-error); } .count.warning::before { background: var(--jm-warning); } .count.info::before { background: var(--jm-info); }
.jm-legend { border-bottom: 1px solid var(--jm-border); font-size: 12px; color: var(--jm-muted); background: var(--jm-sticky); }
.jm-legend > summary { cursor: pointer; padding: 4px 14px; color: var(--jm-fg); width: max-content; }
.legend-body { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 22px; padding: 2px 14px 7px; }
.key-group { display: inline-flex; flex-wrap: wrap; align-items: center; gap: 4px 12px; }
.key-title { font-weight: 600; text-transform: uppercase; letter-spacing: 0.04em; font-size: 12px; }
.key { display: inline-flex; align-items: center; gap: 5px; white-space: nowrap; }
.swatch { display: inline-block; width: 14px; height: 12px; border-radius: 2px; }
.key.owner-human .swatch { border-left: 4px solid var(--jm-human); }
.key.owner-team .swatch { border-left: 4px solid var(--jm-team); }
.key.owner-automation .swatch { border-left: 4px solid var(--jm-automation); }
.key.gap-key .swatch { border: 1px solid var(--jm-border); background: repeating-linear-gradient(135deg, var(--jm-hatch) 0 2px, transparent 2px 5px); }
.key.cursor-key .swatch { border: 2px solid var(--jm-focus); }
.key.sev-key.error { color: var(--jm-error); } .key.sev-key.warning { color: var(--jm-warning); } .key.sev-key.info { color: var(--jm-info); }
.banner { margin: 6px 14px; padding: 6px 10px; border: 1px solid var(--jm-error); border-left-width: 4px; background: var(--vscode-inputValidation-errorBackground, rgba(241,76,76,0.1)); font-size: 12px; }
.banner ul { margin: 4px 0 0; padding-left: 18px; }
.banner li { cursor: pointer; }

/* body: the scroll container and the findings panel */
.jm-body { flex: 1; min-height: 0; display: flex; position: relative; }
.jm-scroll { flex: 1; min-width: 0; overflow: auto; position: relative; outline: none; }
.jm-findings { display: none; flex: none; width: 320px; overflow: auto; border-left: 1px solid var(--jm-border); background: var(--jm-sticky); font-size: 12px; }
.panel-open .jm-findings { display: block; }
@media (max-width: 900px) {
  .journey-map.static { height: auto; display: block; }
  .static .jm-body { display: block; }
  .static .jm-scroll { max-height: 100vh; }
  .static .jm-findings { width: auto; border-left: 0; border-top: 1px solid var(--jm-border); }
  .interactive.panel-open .jm-findings { position: absolute; top: 0; right: 0; bottom: 0; width: min(320px, 88vw); z-index: 20; box-shadow: -4px 0 12px rgba(0,0,0,0.3); }
}

/* the table */
table.journey { border-collapse: separate; border-spacing: 0; table-layout: fixed; width: 100%; }
col.col-lane { width: var(--jm-lane-w); }
col.col-stage { width: var(--jm-stage-w); }
:where(table.journey) :where(th, td) { vertical-align: top; text-align: left; padding: 0; font-weight: normal; }
thead th { position: sticky; top: 0; z-index: 3; background: var(--jm-sticky); border-bottom: 1px solid var(--jm-border); border-right: 1px solid var(--jm-grid); }
th.corner { left: 0; z-index: 5; padding: 10px 12px; border-right: 1px solid var(--jm-border); font-size: 12px; font-weight: 600; letter-spacing: 0.04em; text-transform: uppercase; color: var(--jm-muted); }
.corner-stage { display: block; text-align: right; }
.corner-lane { display: block; margin-top: 24px; }
th.stage { padding: 9px 12px 10px; cursor: pointer; }
th.stage.gap { background: repeating-linear-gradient(135deg, var(--jm-hatch) 0 2px, transparent 2px 9px), var(--jm-sticky); }
.stage-top { display: flex; align-items: center; gap: 8px; min-width: 0; }
.stage-num { flex: none; display: inline-grid; place-items: center; width: 20px; height: 20px; border: 1px solid var(--jm-muted); border-radius: 50%; font-size: 12px; color: var(--jm-muted); }
.stage-name { flex: 1; min-width: 0; font-weight: 600; font-size: 14px; color: var(--jm-strong); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.stage-count { flex: none; font-size: 12px; color: var(--jm-muted); white-space: nowrap; }
.stage-goal { display: flex; gap: 6px; margin-top: 5px; font-size: 12px; color: var(--jm-muted); }
.stage-goal .icon { margin-top: 2px; }
.stage-kpis { display: flex; flex-wrap: wrap; gap: 4px; margin-top: 6px; }
.kpi { display: inline-flex; flex-wrap: wrap; align-items: center; gap: 0 6px; max-width: 100%; min-height: 22px; padding: 1px 7px; border: 1px solid var(--jm-card-border); border-radius: 3px; background: var(--jm-card); cursor: pointer; font-size: 12px; text-align: left; }
.kpi-name { min-width: 0; overflow-wrap: anywhere; color: var(--jm-muted); }
.kpi-values { flex: none; }
.kpi.no-target, .kpi.has-warning { border-color: var(--jm-warning); }
.kpi.has-error { border-color: var(--jm-error); }
.no-target-mark { color: var(--jm-warning); }
.kpi-arrow { font-size: 12px; }
.kpi-arrow.increase { color: var(--jm-human); } .kpi-arrow.decrease { color: var(--jm-human); }
.icon.sev.error { color: var(--jm-error); } .icon.sev.warning { color: var(--jm-warning); } .icon.sev.info { color: var(--jm-info); }

/* emotion */
.emotion-row > * { border-bottom: 1px solid var(--jm-border); }
th.emotion-head { position: sticky; left: 0; z-index: 2; background: var(--jm-sticky); border-right: 1px solid var(--jm-border); padding: 8px 12px; height: 92px; }
.emo-title { display: block; font-weight: 600; color: var(--jm-strong); }
.emo-sub { display: block; font-size: 12px; color: var(--jm-muted); }
.emo-axis { position: absolute; right: 8px; top: 6px; height: 80px; width: 40px; font-size: 12px; color: var(--jm-muted); }
.emo-tick { position: absolute; right: 0; line-height: 1; white-space: nowrap; }
.emo-tick.top { top: 4px; } .emo-tick.mid { top: 34px; } .emo-tick.bottom { top: 64px; }
td.emotion-plot { padding: 6px 0; height: 92px; }
.emo-svg { display: block; overflow: visible; }
.emo-grid { stroke: var(--jm-grid); stroke-width: 1; stroke-dasharray: 2 4; }
.emo-zero { stroke: var(--jm-border); stroke-width: 1; }
.emo-line { stroke: var(--jm-fg); stroke-width: 1.6; opacity: 0.75; }
.emo-line.broken { stroke-dasharray: 4 4; opacity: 0.55; }
.emo-dot { stroke-width: 2; fill: var(--jm-bg); }
.emo-dot.positive { stroke: var(--jm-human); } .emo-dot.negative { stroke: var(--jm-error); } .emo-dot.neutral { stroke: var(--jm-muted); }
.emo-dot:hover { r: 6px; }
.emo-value { fill: var(--jm-strong); font-size: 12px; font-weight: 600; }
.emo-none { fill: var(--jm-muted); font-size: 12px; }

/* lanes */
th.lane-head { position: sticky; left: 0; z-index: 2; background: var(--jm-sticky); border-right: 1px solid var(--jm-border); border-bottom: 1px solid var(--jm-grid); padding: 10px 12px 12px; cursor: pointer; }
.lane-top { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 8px; }
.lane-name { min-width: 0; max-width: 100%; font-weight: 600; color: var(--jm-strong); overflow-wrap: anywhere; }
.engagement { display: inline-flex; align-items: center; gap: 4px; height: 20px; padding: 0 7px; border: 1px solid var(--jm-border); border-radius: 10px; font-size: 12px; white-space: nowrap; }
.engagement .dots { letter-spacing: -1px; font-size: 12px; }
.lane-line { display: flex; align-items: center; gap: 5px; margin-top: 5px; font-size: 12px; color: var(--jm-muted); min-width: 0; }
.lane-line strong { color: var(--jm-fg); font-weight: 600; }
.meter { display: block; margin-top: 8px; font-size: 12px; color: var(--jm-muted); }
.meter-text { display: flex; justify-content: space-between; gap: 6px; }
.meter-text strong { color: var(--jm-fg); }
.meter.over .meter-text strong { color: var(--jm-warning); }
.meter-bar { display: block; width: 100%; height: 6px; margin-top: 3px; }
.meter-track { fill: var(--jm-hatch); } .meter-fill { fill: var(--jm-human); } .meter-excess { fill: var(--jm-warning); } .meter-limit { fill: var(--jm-fg); }

/* cells */
tr.track { height: 32px; }
tr.lane-start > td { border-top: 1px solid var(--jm-grid); }
tbody tr.lane-start:first-of-type > td { border-top: none; }
td.cell { border-right: 1px solid var(--jm-grid); padding: 4px 8px; overflow-wrap: anywhere; }
tr.lane-start + tr > td.cell, td.cell { background-clip: padding-box; }
td.cell.gap { background: repeating-linear-gradient(135deg, var(--jm-hatch) 0 2px, transparent 2px 9px); }
td.stage-gap { vertical-align: top; padding: 8px; }
.gap-label { display: flex; justify-content: center; align-items: center; gap: 6px; padding: 6px 8px; border: 1px dashed var(--jm-warning); border-radius: 4px; background: var(--jm-bg); color: var(--jm-warning); font-size: 12px; }
.gap-label .fbadge { border: none; background: transparent; }
td.cell.gap > .badges { margin-top: 0; }

/* cards */
.card { position: relative; flex: none; display: flex; flex-direction: column; gap: 3px; min-height: 40px; padding: 8px 10px 9px 12px; border: 1px solid var(--jm-card-border); border-left: 4px solid var(--jm-muted); border-radius: 4px; background: var(--jm-card); cursor: pointer; text-align: left; overflow: hidden; }
.card.owner-human { border-left-color: var(--jm-human); }
.card.owner-team { border-left-color: var(--jm-team); }
.card.owner-automation { border-left-color: var(--jm-automation); }
.card.selected, .ref.selected { outline: 2px solid var(--jm-focus); outline-offset: 1px; }
.card.dim, .ref.dim { opacity: 0.32; }
.card-head { display: flex; align-items: flex-start; justify-content: space-between; gap: 8px; min-width: 0; }
.card-name { min-width: 0; font-weight: 600; color: var(--jm-strong); overflow-wrap: anywhere; }
.otype { flex: none; display: inline-flex; align-items: center; gap: 3px; height: 18px; padding: 0 5px; border: 1px solid currentColor; border-radius: 3px; font-size: 12px; line-height: 1; }
.otype.owner-human { color: var(--jm-human); } .otype.owner-team { color: var(--jm-team); } .otype.owner-automation { color: var(--jm-automation); } .otype.owner-unknown { color: var(--jm-muted); }
.otype .icon { width: 12px; height: 12px; }
.card-line { display: flex; align-items: center; gap: 6px; min-width: 0; font-size: 12px; }
.card-when, .card-desc, .card-also { font-size: 12px; color: var(--jm-muted); }
.card-tags { display: flex; flex-wrap: wrap; gap: 4px; margin-top: 3px; }
.tag { display: inline-block; max-width: 100%; padding: 0 5px; border-radius: 3px; background: var(--jm-code-bg); color: var(--jm-muted); font-size: 12px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.card-esc { display: flex; align-items: center; gap: 5px; font-size: 12px; color: var(--vscode-textLink-foreground, var(--jm-info)); }
.density-compact .card-desc, .density-compact .card-tags, .density-compact .card-when { display: none; }
.density-compact .card { padding-top: 5px; padding-bottom: 6px; min-height: 0; }
.cards { display: flex; flex-direction: column; gap: 6px; height: 100%; }
.span-cell:not(.stack) .card { flex: 1; }
.span-cell.stack > .cards { padding: 5px; border: 1px dashed var(--jm-border); border-radius: 6px; }
.span-note { display: flex; align-items: center; gap: 5px; margin-top: auto; padding: 2px 4px; min-width: 0; font-size: 12px; color: var(--jm-muted); overflow-wrap: anywhere; }
.refs { display: flex; flex-direction: column; gap: 4px; padding: 2px 0; }
.ref-group { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 6px; font-size: 12px; color: var(--jm-muted); min-width: 0; }
.ref-where { min-width: 0; overflow-wrap: anywhere; }
.ref { max-width: 100%; height: 22px; padding: 0 7px; border: 1px dashed var(--jm-border); border-radius: 3px; background: transparent; color: var(--jm-fg); font-size: 12px; cursor: pointer; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.ref:hover { border-style: solid; }

/* finding badges */
.badges { display: flex; flex-wrap: wrap; gap: 4px; margin-top: 5px; }
.fbadge { display: inline-flex; align-items: center; gap: 4px; max-width: 100%; min-height: 22px; padding: 1px 8px 1px 6px; border: 1px solid currentColor; border-radius: 11px; background: transparent; font-size: 12px; cursor: pointer; text-align: left; }
.fbadge-label { min-width: 0; overflow-wrap: anywhere; }
.fbadge.error { color: var(--jm-error); } .fbadge.warning { color: var(--jm-warning); } .fbadge.info { color: var(--jm-info); }
.fbadge .icon { width: 12px; height: 12px; }

/* findings panel */
.fp-head { position: sticky; top: 0; z-index: 1; display: flex; align-items: center; gap: 8px; height: 34px; padding: 0 8px 0 14px; border-bottom: 1px solid var(--jm-border); background: var(--jm-sticky); }
.fp-title { font-weight: 600; text-transform: uppercase; letter-spacing: 0.04em; }
.fp-count { min-width: 18px; padding: 0 5px; border-radius: 8px; background: var(--vscode-badge-background, #4d4d4d); color: var(--vscode-badge-foreground, #fff); text-align: center; }
.fp-close { margin-left: auto; width: 24px; height: 24px; border: 0; background: transparent; cursor: pointer; font-size: 16px; }
.static .fp-close { display: none; }
.fp-empty { padding: 10px 14px; color: var(--jm-muted); }
.fp-group { border-bottom: 1px solid var(--jm-border); }
.fp-group > summary { display: flex; align-items: center; gap: 6px; padding: 8px 14px; cursor: pointer; font-weight: 600; letter-spacing: 0.04em; }
.fp-group.error > summary { color: var(--jm-error); } .fp-group.warning > summary { color: var(--jm-warning); } .fp-group.info > summary { color: var(--jm-info); }
.fp-group-name { flex: 1; }
.fp-group-count { color: var(--jm-muted); }
.fp-group ul { list-style: none; margin: 0; padding: 0 0 6px; }
.fp-item { display: flex; align-items: flex-start; gap: 8px; width: 100%; padding: 6px 12px 6px 14px; border: 0; border-left: 2px solid transparent; background: transparent; cursor: pointer; text-align: left; }
.fp-item:hover, .fp-item.active { background: var(--vscode-list-hoverBackground, rgba(128,128,128,0.12)); border-left-color: var(--jm-focus); }
.fp-item > .icon { margin-top: 2px; }
.fp-item.error > .icon { color: var(--jm-error); } .fp-item.warning > .icon { color: var(--jm-warning); } .fp-item.info > .icon { color: var(--jm-info); }
.fp-text { flex: 1; min-width: 0; }
.fp-label { display: block; font-weight: 600; color: var(--jm-strong); }
.fp-msg { display: block; color: var(--jm-fg); overflow-wrap: anywhere; }
.fp-rule { display: block; color: var(--jm-muted); font-family: var(--jm-mono); }
.fp-line { flex: none; color: var(--jm-muted); font-family: var(--jm-mono); }

/* popover (preview only) */
.jm-popover { position: fixed; z-index: 50; max-width: 340px; padding: 10px 12px; border: 1px solid var(--vscode-editorHoverWidget-border, var(--jm-border)); border-radius: 4px; background: var(--vscode-editorHoverWidget-background, var(--jm-card)); color: var(--vscode-editorHoverWidget-foreground, var(--jm-fg)); box-shadow: 0 4px 16px rgba(0,0,0,0.35); font-size: 13px; }
.jm-popover[hidden] { display: none; }
.pop-title { display: flex; align-items: center; gap: 6px; font-weight: 600; }
.pop-title.error .icon { color: var(--jm-error); } .pop-title.warning .icon { color: var(--jm-warning); } .pop-title.info .icon { color: var(--jm-info); }
.pop-sub { font-size: 12px; color: var(--jm-muted); margin: 2px 0 6px; }
.pop-msg { margin: 0; overflow-wrap: anywhere; }
.pop-actions { display: flex; gap: 12px; margin-top: 8px; padding-top: 6px; border-top: 1px solid var(--jm-border); }
.pop-actions button { border: 0; background: transparent; color: var(--vscode-textLink-foreground, var(--jm-info)); cursor: pointer; padding: 0; font-size: 12px; }

.journey-map :focus-visible { outline: 2px solid var(--jm-focus); outline-offset: 1px; }
.empty-state { padding: 24px; color: var(--jm-muted); }
@media (forced-colors: active) {
  .card, .kpi, .seg-btn, .fbadge, .ref { border: 1px solid CanvasText; forced-color-adjust: none; }
  .card.selected { outline: 3px solid Highlight; }
  td.cell.gap, th.stage.gap { background: repeating-linear-gradient(135deg, GrayText 0 1px, transparent 1px 8px); }
}
body.vscode-high-contrast .card, body.vscode-high-contrast .kpi, body.vscode-high-contrast .fbadge { border-color: var(--vscode-contrastBorder, #6fc3df); }
body.vscode-high-contrast td.cell, body.vscode-high-contrast th { border-color: var(--vscode-contrastBorder, #6fc3df); }
`;

/** Theme variables and print rules for the standalone export (the preview gets its colours from VS Code). */
export const EXPORT_THEME_CSS = `
:root { color-scheme: light dark; }
body { margin: 0; background: #ffffff; }
.journey-map { --vscode-editor-background: #ffffff; --vscode-sideBar-background: #f8f8f8; --vscode-editor-foreground: #1f1f1f; --vscode-foreground: #111111; --vscode-descriptionForeground: #616161; --vscode-panel-border: #d4d4d4; --vscode-editorGroup-border: #e5e5e5; --vscode-editorWidget-background: #ffffff; --vscode-editorWidget-border: #d4d4d4; --vscode-editorError-foreground: #c72e2e; --vscode-editorWarning-foreground: #9a6700; --vscode-editorInfo-foreground: #1a73c8; --vscode-charts-green: #1f883d; --vscode-charts-orange: #bc4c00; --vscode-charts-purple: #8250df; --vscode-textCodeBlock-background: #f0f0f0; --vscode-badge-background: #c4c4c4; --vscode-badge-foreground: #1f1f1f; --vscode-button-background: #005fb8; }
@media (prefers-color-scheme: dark) {
  body { background: #1e1e1e; }
  .journey-map { --vscode-editor-background: #1e1e1e; --vscode-sideBar-background: #181818; --vscode-editor-foreground: #cccccc; --vscode-foreground: #e7e7e7; --vscode-descriptionForeground: #9d9d9d; --vscode-panel-border: #3c3c3c; --vscode-editorGroup-border: #2b2b2b; --vscode-editorWidget-background: #252526; --vscode-editorWidget-border: #3c3c3c; --vscode-editorError-foreground: #f14c4c; --vscode-editorWarning-foreground: #cca700; --vscode-editorInfo-foreground: #3794ff; --vscode-charts-green: #3fb950; --vscode-charts-orange: #d18616; --vscode-charts-purple: #b180d7; --vscode-textCodeBlock-background: #2b2b2b; --vscode-badge-background: #616161; --vscode-badge-foreground: #f8f8f8; --vscode-button-background: #0078d4; }
}
@media print {
  @page { size: landscape; margin: 8mm; }
  body { background: #ffffff; }
  .journey-map { height: auto; display: block; font-size: 10pt; color-scheme: light; --jm-bg: #fff; --jm-sticky: #f8f8f8; }
  .jm-body { display: block; }
  .jm-scroll { overflow: visible; }
  table.journey { width: 100%; }
  col.col-lane { width: 16%; }
  col.col-stage { width: auto; }
  thead { display: table-header-group; }
  thead th, th.lane-head, th.emotion-head, th.corner { position: static; }
  tr { break-inside: avoid; }
  .card { break-inside: avoid; }
  .jm-findings { display: block; width: auto; border: 0; border-top: 1px solid #d4d4d4; break-before: page; }
  .jm-legend > summary { display: none; }
}
`;
