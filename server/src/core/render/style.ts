/**
 * The journey map's stylesheet, shared by the preview (served as dist/media/journey.css)
 * and the HTML export (inlined). Colours come from VS Code's theme variables, so the
 * map follows light, dark and high-contrast themes; the export defines them itself.
 */
export const JOURNEY_CSS = `
.journey-map {
  --jm-bg: var(--vscode-editor-background, #1e1e1e);
  --jm-fg: var(--vscode-editor-foreground, #d4d4d4);
  --jm-muted: var(--vscode-descriptionForeground, #9d9d9d);
  --jm-border: var(--vscode-panel-border, rgba(128,128,128,0.35));
  --jm-card: var(--vscode-editorWidget-background, #252526);
  --jm-focus: var(--vscode-focusBorder, #007fd4);
  --jm-error: var(--vscode-editorError-foreground, #f14c4c);
  --jm-warning: var(--vscode-editorWarning-foreground, #cca700);
  --jm-info: var(--vscode-editorInfo-foreground, #3794ff);
  --jm-human: var(--vscode-charts-blue, #3794ff);
  --jm-team: var(--vscode-charts-green, #4ec9b0);
  --jm-automation: var(--vscode-charts-purple, #b180d7);
  --jm-gap: rgba(128,128,128,0.16);
  color: var(--jm-fg);
  background: var(--jm-bg);
  font-family: var(--vscode-font-family, system-ui, -apple-system, "Segoe UI", sans-serif);
  font-size: var(--vscode-font-size, 13px);
  line-height: 1.35;
  padding: 12px 16px;
  transform-origin: 0 0;
}
.journey-map button { font: inherit; color: inherit; }
.map-header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 8px 16px; padding-bottom: 8px; border-bottom: 1px solid var(--jm-border); }
.map-title { font-size: 1.3em; margin: 0; }
.map-subtitle { color: var(--jm-muted); }
.controls { margin-left: auto; display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
.control-group { display: inline-flex; gap: 4px; }
.control { background: var(--vscode-button-secondaryBackground, transparent); color: var(--vscode-button-secondaryForeground, var(--jm-fg)); border: 1px solid var(--jm-border); border-radius: 3px; padding: 3px 8px; cursor: pointer; }
select.control { background: var(--vscode-dropdown-background, var(--jm-card)); color: var(--vscode-dropdown-foreground, var(--jm-fg)); }
.control[aria-pressed="true"] { border-color: var(--jm-focus); background: var(--vscode-button-background, #0e639c); color: var(--vscode-button-foreground, #fff); }
.summary { display: flex; flex-wrap: wrap; gap: 6px 18px; padding: 8px 0; color: var(--jm-muted); border-bottom: 1px solid var(--jm-border); }
.summary strong { color: var(--jm-fg); }
.summary .count::before { content: ""; display: inline-block; width: 8px; height: 8px; border-radius: 50%; margin-right: 5px; }
.summary .count.error::before { background: var(--jm-error); }
.summary .count.warning::before { background: var(--jm-warning); }
.summary .count.info::before { background: var(--jm-info); }
.banner { margin: 8px 0; padding: 8px 12px; border: 1px solid var(--jm-error); border-left-width: 4px; background: var(--vscode-inputValidation-errorBackground, rgba(241,76,76,0.1)); }
.banner ul { margin: 4px 0 0; padding-left: 18px; }
.map-scroll { overflow: auto; margin-top: 8px; }
table.journey { border-collapse: collapse; table-layout: fixed; min-width: 100%; }
table.journey th, table.journey td { border: 1px solid var(--jm-border); vertical-align: top; padding: 8px; text-align: left; }
th.corner { width: 170px; color: var(--jm-muted); font-weight: normal; }
th.stage { min-width: 210px; }
.stage-name { display: block; text-transform: uppercase; letter-spacing: 0.04em; font-weight: 600; }
.stage-goal { display: block; color: var(--jm-muted); font-weight: normal; margin-top: 2px; }
.stage-kpis { display: flex; flex-wrap: wrap; gap: 4px; margin-top: 6px; }
.kpi { border: 1px solid var(--jm-border); border-radius: 3px; padding: 2px 6px; background: var(--jm-card); cursor: pointer; font-weight: normal; text-align: left; }
.kpi.no-target, .kpi.has-warning { border-color: var(--jm-warning); }
.kpi.has-error { border-color: var(--jm-error); }
.more-findings { margin-top: 10px; }
.more-findings-title { font-size: 1em; margin: 0 0 4px; }
.no-target-mark { color: var(--jm-warning); }
.kpi-arrow.increase { color: var(--jm-team); }
.kpi-arrow.decrease { color: var(--jm-team); }
.gap, th.stage.gap { background-image: repeating-linear-gradient(135deg, var(--jm-gap) 0 6px, transparent 6px 12px); }
th.stage.gap { outline: 1px dashed var(--jm-warning); outline-offset: -2px; }
.emotion-row td, .emotion-row th { padding: 0 8px; height: 44px; border-top: none; }
.emotion-label { color: var(--jm-muted); font-weight: normal; font-size: 0.9em; }
.emotion-cell { position: relative; }
.emotion-svg { position: absolute; inset: 2px 0; width: 100%; height: 40px; }
.emotion-line { stroke: var(--jm-team); stroke-width: 2; fill: none; }
.emotion-zero { stroke: var(--jm-border); stroke-width: 1; stroke-dasharray: 4 4; }
.emotion-dot, .emotion-none { position: absolute; left: 50%; bottom: 2px; transform: translateX(-50%); font-size: 0.8em; color: var(--jm-muted); }
.lane-head { width: 170px; }
.lane-name { display: block; font-weight: 600; }
.lane-details { display: block; color: var(--jm-muted); font-weight: normal; margin-top: 4px; }
tr.lane-warning > .lane-head { box-shadow: inset 3px 0 0 var(--jm-warning); }
.badge { display: inline-block; border: 1px solid var(--jm-border); border-radius: 8px; padding: 0 6px; font-size: 0.8em; font-weight: normal; }
.badge.engagement { margin-top: 4px; }
.card { display: block; width: 100%; text-align: left; background: var(--jm-card); border: 1px solid var(--jm-border); border-left: 4px solid var(--jm-muted); border-radius: 3px; padding: 6px 8px; margin-bottom: 6px; cursor: pointer; }
.card.owner-human { border-left-color: var(--jm-human); }
.card.owner-team { border-left-color: var(--jm-team); }
.card.owner-automation { border-left-color: var(--jm-automation); }
.card.selected { outline: 2px solid var(--jm-focus); outline-offset: 1px; }
.card.has-error { box-shadow: inset 0 -2px 0 var(--jm-error); }
.card.has-warning { box-shadow: inset 0 -2px 0 var(--jm-warning); }
.card-title { display: block; font-weight: 600; }
.card-meta, .card-kpis, .card-escalation, .card-emotion, .card-finding { display: block; color: var(--jm-muted); font-size: 0.92em; margin-top: 2px; }
.card .card-finding.error { color: var(--jm-error); }
.card .card-finding.warning { color: var(--jm-warning); }
.card .card-finding.info { color: var(--jm-info); }
.badge.owner-human { color: var(--jm-human); }
.badge.owner-team { color: var(--jm-team); }
.badge.owner-automation { color: var(--jm-automation); }
.findings { list-style: none; margin: 6px 0 0; padding: 0; font-weight: normal; }
.finding { cursor: pointer; margin-top: 2px; }
.finding.error { color: var(--jm-error); }
.finding.warning { color: var(--jm-warning); }
.finding.info { color: var(--jm-info); }
.legend { display: flex; flex-wrap: wrap; gap: 14px; margin-top: 10px; color: var(--jm-muted); }
.legend-item::before { content: ""; display: inline-block; width: 10px; height: 10px; margin-right: 5px; vertical-align: -1px; background: var(--jm-muted); }
.legend-item.owner-human::before { background: var(--jm-human); }
.legend-item.owner-team::before { background: var(--jm-team); }
.legend-item.owner-automation::before { background: var(--jm-automation); }
.legend-item.gap-swatch::before { background: repeating-linear-gradient(135deg, var(--jm-warning) 0 2px, transparent 2px 4px); }
.journey-map :focus-visible { outline: 2px solid var(--jm-focus); outline-offset: 1px; }
.empty-state { padding: 24px; color: var(--jm-muted); }
@media (forced-colors: active) { .card, .kpi, .control { border: 1px solid CanvasText; } .card.selected { outline: 3px solid Highlight; } }
`;

/** Theme variables for the standalone export (the preview gets them from VS Code). */
export const EXPORT_THEME_CSS = `
:root { color-scheme: light dark; }
body { margin: 0; background: #ffffff; }
.journey-map { --vscode-editor-background: #ffffff; --vscode-editor-foreground: #1f1f1f; --vscode-descriptionForeground: #616161; --vscode-panel-border: #d4d4d4; --vscode-editorWidget-background: #f6f6f6; --vscode-editorError-foreground: #c72e2e; --vscode-editorWarning-foreground: #a66f00; --vscode-editorInfo-foreground: #1a73c8; --vscode-charts-blue: #1a73c8; --vscode-charts-green: #2e8b57; --vscode-charts-purple: #8a4fc4; }
@media (prefers-color-scheme: dark) {
  body { background: #1e1e1e; }
  .journey-map { --vscode-editor-background: #1e1e1e; --vscode-editor-foreground: #d4d4d4; --vscode-descriptionForeground: #9d9d9d; --vscode-panel-border: #3c3c3c; --vscode-editorWidget-background: #252526; --vscode-editorError-foreground: #f14c4c; --vscode-editorWarning-foreground: #cca700; --vscode-editorInfo-foreground: #3794ff; --vscode-charts-blue: #3794ff; --vscode-charts-green: #4ec9b0; --vscode-charts-purple: #b180d7; }
}
`;
