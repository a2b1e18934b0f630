/**
 * The journey map's layout, checked the way users see it: every sample in the
 * preview webview (dist/media/webview.js under the preview's CSP, with VS Code's
 * default webview styles and theme variables) and in the HTML export, at 600,
 * 1000 and 1600 px wide, in light, dark and high-contrast themes, measured in
 * headless Chromium:
 *
 *  1. no two text boxes overlap (Range.getClientRects of every visible text node);
 *  2. no text overflows its card, header/lane cell or chip (ellipsis and line
 *     clamps may clip, but their own box stays inside);
 *  3. the stage row and the lane column stay pinned when the map is scrolled to its
 *     far corner, the map's scrollbars are inside the viewport, the toolbar fits;
 *  4. a filter adds no gap (it dims, it does not move cards);
 *  5. zoom: the smallest zoom and Fit width keep text at 10 px or more, Fit follows
 *     a resize, the label tells the level, the level survives a re-render/reload;
 *  6. the findings panel lists every finding once, reveals it on click, and no
 *     full message is shown twice.
 *
 * Runtime (about 2 minutes on 2 cores): checks 1–3 run on every combination (10 samples
 * × 3 widths × 3 themes × 2 views, plus the webview's legend unfolded at 600 px, where it
 * starts folded). The heavier interactive checks run on fewer: filters in light theme at
 * 1000 px (the layout does not depend on theme or width), every option of every sample in
 * segment lanes and in all three lane modes for three samples; zoom in light theme (600 px,
 * then a resize to 1600 px) for every sample; the findings panel where it is open by default
 * (webview 1600 px, export 1000 px). One browser for the file; one page per view, reused.
 *
 * "As users see it": the webview gets VS Code's default webview stylesheet and the theme
 * variables on <html> / theme class on <body>, as VS Code's webview host sets them; the
 * export gets prefers-color-scheme (and forced colors for high contrast). Cards use
 * `content-visibility: auto`, so every card is drawn (as scrolling would) before measuring.
 *
 * Pages with a problem are saved (offending elements outlined in red) to
 * .test-artifacts/layout/. Needs the build and /usr/bin/chromium.
 */
import * as assert from 'assert';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { analyzePlaybook } from '../../server/src/core/analyze';
import { buildJourney, JourneyModel } from '../../server/src/core/journey';
import { renderHtmlExport } from '../../server/src/core/render/exports';
import { plainMessage } from '../../server/src/core/render/labels';
import { repoRoot } from '../unit/helpers';

// Page-side globals used inside `page.evaluate` callbacks (the root tsconfig has no DOM lib).
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;
declare const window: any;
declare const getComputedStyle: any;
declare const requestAnimationFrame: any;

const ROOT = repoRoot();
const MEDIA = path.join(ROOT, 'dist', 'media');
const ARTIFACTS = path.join(ROOT, '.test-artifacts', 'layout');
const LAUNCH = {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
};
const WIDTHS = [600, 1000, 1600] as const;
const HEIGHT = 900;
type Theme = 'light' | 'dark' | 'high-contrast';
const THEMES: Theme[] = ['light', 'dark', 'high-contrast'];
type View = 'webview' | 'export';
const VIEWS: View[] = ['webview', 'export'];
/** No text may be drawn smaller than this, at any zoom. */
const MIN_EFFECTIVE_PX = 10;
/** The webview's smallest zoom (MIN_ZOOM in client/webview/main.ts: 10 px over the 12 px smallest text). */
const MIN_ZOOM = 10 / 12;
/** At most this many pages with problems are saved per run. */
const MAX_SCREENSHOTS = 30;

interface Sample {
  name: string;
  file: string;
  journey: JourneyModel;
}

/**
 * Not a sample: gaps.playbook.yaml (the one sample with findings) with every name made long, with
 * an unbroken 50-letter word, and a long title. Text that does not fit must wrap or be cut with an ellipsis.
 */
function longNamesSample(): Sample {
  let text = fs.readFileSync(path.join(ROOT, 'samples', 'gaps.playbook.yaml'), 'utf8');
  text = text.replace(/^(\s+name: )(.*)$/gm, (_m, key: string, name: string) => `${key}${name} of the Northern Hemisphere Enterprise Accounts Programme SupercalifragilisticexpialidociousCustomerExperience`);
  text = text.replace(/^title: .*$/m, `title: ${'A very long playbook title that goes on and on '.repeat(4).trim()}`);
  const journey = buildJourney(analyzePlaybook(text));
  assert.ok(journey);
  return { name: 'gaps-long-names', file: '(gaps.playbook.yaml with long names)', journey: journey! };
}

function loadSamples(): Sample[] {
  const dir = path.join(ROOT, 'samples');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.playbook.yaml'))
    .sort()
    .map((f) => {
      const journey = buildJourney(analyzePlaybook(fs.readFileSync(path.join(dir, f), 'utf8')));
      assert.ok(journey, `${f} builds a journey`);
      return { name: f.replace(/\.playbook\.yaml$/, ''), file: f, journey: journey! };
    });
}

// ---------------------------------------------------------------------------
// The webview as VS Code shows it: its default webview styles (in their own
// cascade layer, as VS Code injects them), theme variables on <html> and the
// theme class on <body>, the preview's CSP, and a fake acquireVsCodeApi.
// ---------------------------------------------------------------------------

/** VS Code's default webview stylesheet (src/vs/workbench/contrib/webview/browser/pre/index.html), the parts that affect layout. */
const VSCODE_DEFAULT_CSS = `@layer vscode-default {
  html { scrollbar-color: var(--vscode-scrollbarSlider-background) var(--vscode-editor-background); }
  body { overscroll-behavior-x: none; background-color: transparent; color: var(--vscode-editor-foreground); font-family: var(--vscode-font-family); font-weight: var(--vscode-font-weight); font-size: var(--vscode-font-size); margin: 0; padding: 0 20px; }
  img, video { max-width: 100%; max-height: 100%; }
  a:focus, input:focus, select:focus, textarea:focus { outline: 1px solid -webkit-focus-ring-color; outline-offset: -1px; }
  code { font-family: var(--monaco-monospace-font); color: var(--vscode-textPreformat-foreground); background-color: var(--vscode-textPreformat-background); padding: 1px 3px; border-radius: 4px; }
  ::-webkit-scrollbar { width: 10px; height: 10px; }
  ::-webkit-scrollbar-corner { background-color: var(--vscode-editor-background); }
  ::-webkit-scrollbar-thumb { background-color: var(--vscode-scrollbarSlider-background); }
}
`;

const FONTS = {
  'font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif',
  'font-size': '13px',
  'font-weight': 'normal',
  'editor-font-family': '"Droid Sans Mono", "monospace", monospace',
  'editor-font-size': '14px',
};

/** --vscode-* values resembling Light+, Dark+ and High Contrast (dark). */
const THEME_VARS: Record<Theme, Record<string, string>> = {
  light: {
    ...FONTS,
    'editor-background': '#ffffff', 'editor-foreground': '#000000', foreground: '#616161', descriptionForeground: '#717171',
    'panel-border': 'rgba(128, 128, 128, 0.35)', 'editorGroup-border': '#e7e7e7', 'sideBar-background': '#f3f3f3',
    'editorWidget-background': '#f3f3f3', 'editorWidget-border': '#c8c8c8', focusBorder: '#0090f1',
    'editorError-foreground': '#e51400', 'editorWarning-foreground': '#bf8803', 'editorInfo-foreground': '#1a85ff',
    'charts-green': '#388a34', 'charts-orange': '#d18616', 'charts-purple': '#652d90',
    'button-background': '#007acc', 'button-foreground': '#ffffff', 'input-background': '#ffffff',
    'textCodeBlock-background': 'rgba(220, 220, 220, 0.4)', 'badge-background': '#c4c4c4', 'badge-foreground': '#333333',
    'dropdown-background': '#ffffff', 'dropdown-foreground': '#616161', 'list-hoverBackground': '#e8e8e8',
    'editorHoverWidget-background': '#f3f3f3', 'editorHoverWidget-border': '#c8c8c8', 'editorHoverWidget-foreground': '#616161',
    'textLink-foreground': '#006ab1', 'scrollbarSlider-background': 'rgba(100, 100, 100, 0.4)',
    'textPreformat-foreground': '#a31515', 'inputValidation-errorBackground': '#f2dede',
  },
  dark: {
    ...FONTS,
    'editor-background': '#1e1e1e', 'editor-foreground': '#d4d4d4', foreground: '#cccccc', descriptionForeground: 'rgba(204, 204, 204, 0.7)',
    'panel-border': 'rgba(128, 128, 128, 0.35)', 'editorGroup-border': '#444444', 'sideBar-background': '#252526',
    'editorWidget-background': '#252526', 'editorWidget-border': '#454545', focusBorder: '#007fd4',
    'editorError-foreground': '#f14c4c', 'editorWarning-foreground': '#cca700', 'editorInfo-foreground': '#3794ff',
    'charts-green': '#89d185', 'charts-orange': '#d18616', 'charts-purple': '#b180d7',
    'button-background': '#0e639c', 'button-foreground': '#ffffff', 'input-background': '#3c3c3c',
    'textCodeBlock-background': 'rgba(10, 10, 10, 0.4)', 'badge-background': '#4d4d4d', 'badge-foreground': '#ffffff',
    'dropdown-background': '#3c3c3c', 'dropdown-foreground': '#f0f0f0', 'list-hoverBackground': '#2a2d2e',
    'editorHoverWidget-background': '#252526', 'editorHoverWidget-border': '#454545', 'editorHoverWidget-foreground': '#cccccc',
    'textLink-foreground': '#3794ff', 'scrollbarSlider-background': 'rgba(121, 121, 121, 0.4)',
    'textPreformat-foreground': '#d7ba7d', 'inputValidation-errorBackground': '#5a1d1d',
  },
  'high-contrast': {
    ...FONTS,
    'editor-background': '#000000', 'editor-foreground': '#ffffff', foreground: '#ffffff', descriptionForeground: '#ffffff',
    contrastBorder: '#6fc3df', contrastActiveBorder: '#f38518',
    'panel-border': '#6fc3df', 'editorGroup-border': '#6fc3df', 'sideBar-background': '#000000',
    'editorWidget-background': '#0c141f', 'editorWidget-border': '#6fc3df', focusBorder: '#f38518',
    'editorError-foreground': '#f48771', 'editorWarning-foreground': '#ffd370', 'editorInfo-foreground': '#3794ff',
    'charts-green': '#89d185', 'charts-orange': '#d18616', 'charts-purple': '#b180d7',
    'button-background': '#000000', 'button-foreground': '#ffffff', 'button-border': '#6fc3df', 'input-background': '#000000',
    'textCodeBlock-background': '#000000', 'badge-background': '#000000', 'badge-foreground': '#ffffff',
    'dropdown-background': '#000000', 'dropdown-foreground': '#ffffff', 'list-hoverBackground': 'rgba(0, 0, 0, 0)',
    'editorHoverWidget-background': '#0c141f', 'editorHoverWidget-border': '#6fc3df', 'editorHoverWidget-foreground': '#ffffff',
    'textLink-foreground': '#21a6ff', 'scrollbarSlider-background': 'rgba(111, 195, 223, 0.6)',
    'textPreformat-foreground': '#d7ba7d', 'inputValidation-errorBackground': '#5a1d1d',
  },
};
const THEME_CLASS: Record<Theme, string> = { light: 'vscode-light', dark: 'vscode-dark', 'high-contrast': 'vscode-high-contrast' };

const URI = 'file:///work/playbooks/layout.playbook.yaml';

function shell(nonce: string, savedState: unknown): string {
  // The same policy as client/src/preview/html.ts (img-src blob: for the PNG export).
  const csp = ["default-src 'none'", `script-src 'nonce-${nonce}'`, "style-src 'self'", "img-src 'self' blob:", "font-src 'self'"].join('; ');
  const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/vscode-default.css">
<link rel="stylesheet" href="/journey.css">
<title>Journey map</title>
<script nonce="${nonce}">
  window.__posted = [];
  window.__state = ${JSON.stringify(savedState ?? null)} || undefined;
  function acquireVsCodeApi() {
    return {
      postMessage: function (m) { window.__posted.push(JSON.parse(JSON.stringify(m))); },
      getState: function () { return window.__state; },
      setState: function (s) { window.__state = JSON.parse(JSON.stringify(s)); },
    };
  }
</script>
</head>
<body data-state="${attr(JSON.stringify({ uri: URI, locked: false, lanes: 'segment', filter: '' }))}">
<main id="root" aria-live="polite"></main>
<script nonce="${nonce}" src="/webview.js"></script>
</body>
</html>`;
}

interface Server {
  origin: string;
  close(): Promise<void>;
}

function startServer(): Promise<Server> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const send = (type: string, body: string | Buffer) => {
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (url.pathname === '/' || url.pathname === '/index.html') {
      const saved = url.searchParams.get('state');
      send('text/html; charset=utf-8', shell(randomBytes(16).toString('base64'), saved ? JSON.parse(saved) : undefined));
    } else if (url.pathname === '/journey.css') send('text/css; charset=utf-8', fs.readFileSync(path.join(MEDIA, 'journey.css')));
    else if (url.pathname === '/webview.js') send('text/javascript; charset=utf-8', fs.readFileSync(path.join(MEDIA, 'webview.js')));
    else if (url.pathname === '/vscode-default.css') send('text/css; charset=utf-8', VSCODE_DEFAULT_CSS);
    else res.writeHead(404).end();
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      resolve({ origin: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

/** Page errors, console errors and CSP violations: a layout run must have none. */
interface Watch {
  errors: string[];
}

function watch(page: Page): Watch {
  const w: Watch = { errors: [] };
  page.on('pageerror', (e) => w.errors.push(`page error: ${String(e)}`));
  page.on('console', (m) => {
    if (m.type() === 'error') w.errors.push(`console error: ${m.text()}`);
  });
  return w;
}

async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(undefined)))));
}

async function renderedCount(page: Page): Promise<number> {
  return page.evaluate(() => Number(document.body.dataset.rendered ?? 0));
}

/** Posts an `update` like the extension does and waits for the re-render. */
async function update(page: Page, journey: JourneyModel, uri = URI): Promise<void> {
  const before = await renderedCount(page);
  // As client/src/preview/panel.ts sends it: the journey as JSON text.
  await page.evaluate((m) => window.postMessage(m, '*'), { type: 'update', uri, version: 1, journeyJson: JSON.stringify(journey), syntaxErrors: [], locked: false });
  await page.waitForFunction((n) => Number(document.body.dataset.rendered ?? 0) > n, before, { timeout: 5000 });
  await settle(page);
}

async function setTheme(page: Page, theme: Theme): Promise<void> {
  await page.evaluate(
    ({ vars, cls }) => {
      const s = document.documentElement.style;
      for (let i = s.length - 1; i >= 0; i--) if (s[i].startsWith('--vscode-')) s.removeProperty(s[i]);
      for (const [k, v] of Object.entries(vars)) s.setProperty(`--vscode-${k}`, v);
      document.body.classList.remove('vscode-light', 'vscode-dark', 'vscode-high-contrast');
      document.body.classList.add(cls);
      document.body.dataset.vscodeThemeKind = cls;
    },
    { vars: THEME_VARS[theme], cls: THEME_CLASS[theme] },
  );
  await settle(page);
}

/** (Re)loads the webview with a clean state (segment lanes, no filter, 100 %), sized and themed, showing `journey`. */
async function openWebview(page: Page, origin: string, journey: JourneyModel, width: number, theme: Theme, savedState?: unknown): Promise<void> {
  await page.setViewportSize({ width, height: HEIGHT });
  await page.goto(`${origin}/index.html${savedState ? `?state=${encodeURIComponent(JSON.stringify(savedState))}` : ''}`);
  await page.waitForFunction(() => Array.isArray(window.__posted) && window.__posted.some((m: any) => m.type === 'ready'), undefined, { timeout: 5000 });
  await setTheme(page, theme);
  await update(page, journey);
}

/** Resizes the viewport; the webview re-renders (findings panel) or re-zooms after a 50 ms debounce. */
async function resize(page: Page, width: number, webview: boolean): Promise<void> {
  const now = page.viewportSize();
  if (now && now.width === width && now.height === HEIGHT) return;
  await page.setViewportSize({ width, height: HEIGHT });
  if (webview) await page.waitForTimeout(120);
  await settle(page);
}

async function openExport(page: Page, journey: JourneyModel, width: number, theme: Theme): Promise<void> {
  await page.setViewportSize({ width, height: HEIGHT });
  await setExportTheme(page, theme);
  await page.setContent(renderHtmlExport(journey));
  await settle(page);
}

/**
 * Cards use `content-visibility: auto`: one that has not been on screen yet is not laid out and takes
 * its intrinsic-size placeholder. Users see every card drawn (it is laid out as it scrolls into view,
 * and keeps that size), so the measurements draw all of them first (CSSOM, allowed by the CSP).
 * Returns how many of them changed size by being drawn (layout shift while scrolling).
 */
async function drawEverything(page: Page): Promise<{ skipped: number; resized: number }> {
  const r = await page.evaluate(() => {
    const els = [...document.querySelectorAll('.journey-map *')].filter((el: any) => getComputedStyle(el).contentVisibility === 'auto');
    const before = els.map((el: any) => el.getBoundingClientRect().height);
    for (const el of els as any[]) el.style.contentVisibility = 'visible';
    const resized = els.filter((el: any, i: number) => Math.abs(el.getBoundingClientRect().height - before[i]) > 1).length;
    return { skipped: els.length, resized };
  });
  await settle(page);
  return r;
}

async function setExportTheme(page: Page, theme: Theme): Promise<void> {
  await page.emulateMedia({ colorScheme: theme === 'light' ? 'light' : 'dark', forcedColors: theme === 'high-contrast' ? 'active' : 'none' });
}

// ---------------------------------------------------------------------------
// Measurements (run in the page)
// ---------------------------------------------------------------------------

/** A problem: `key` names it without numbers (to group it over widths and themes), `detail` has the numbers. */
interface Problem {
  key: string;
  detail: string;
}

interface TextMeasure {
  /** Visible non-empty text nodes checked. */
  boxes: number;
  overlaps: Problem[];
  overflows: Problem[];
  /** Smallest effective font size (computed size × CSS zoom) and the texts under MIN_EFFECTIVE_PX. */
  minFont: number;
  smallFonts: Problem[];
}

/** Elements a text must stay inside: cards, cells, chips; the chrome blocks for text outside the table. */
const CONTAINERS = [
  '.card', 'th', 'td',
  '.kpi', '.fbadge', '.tag', '.ref', '.seg-btn', '.otype', '.engagement', '.pill', '.pill-count', '.stage-num', '.gap-label', '.fp-item', '.fp-count',
  '.jm-titlebar', '.jm-toolbar', '.jm-summary', '.jm-legend', '.banner', '.fp-head', '.fp-group', '.fp-empty', '.empty-state',
].join(', ');

/**
 * Collects the client rects of every visible, non-empty text node inside `.journey-map`
 * (at the current scroll position) and checks overlaps, overflow and effective font size.
 * Offending elements are kept in `window.__offenders` (by problem key) for `markOffenders`.
 */
function measureText(page: Page, minPx = MIN_EFFECTIVE_PX): Promise<TextMeasure> {
  return page.evaluate(
    ({ containers, minPx }) => {
      const TOL = 1;
      const root = document.querySelector('.journey-map');
      const offenders: Record<string, any[]> = {};
      window.__offenders = offenders;
      const out = { boxes: 0, overlaps: [] as { key: string; detail: string }[], overflows: [] as { key: string; detail: string }[], minFont: Infinity, smallFonts: [] as { key: string; detail: string }[] };
      if (!root) return out;
      const styles = new Map<any, any>();
      const cs = (el: any) => {
        let s = styles.get(el);
        if (!s) styles.set(el, (s = getComputedStyle(el)));
        return s;
      };
      type R = { l: number; t: number; r: number; b: number };
      const rectOf = (r: any): R => ({ l: r.left, t: r.top, r: r.right, b: r.bottom });
      const px = (n: number) => `${Math.round(n)}`;
      const short = (s: string) => {
        const t = s.replace(/\s+/g, ' ').trim();
        return t.length > 36 ? `${t.slice(0, 35)}…` : t;
      };
      const laneName = (k: string | undefined) => (k ?? '').replaceAll('\u0000', '');
      const self = (el: any) => {
        const cls = [...el.classList].filter((c: string) => !/^(dim|selected|has-|owner-|stack$|span$|active$)/.test(c)).slice(0, 2);
        return `${el.localName}${cls.map((c: string) => `.${c}`).join('')}`;
      };
      /** Where an element is: its cell (stage/lane), its card, itself. */
      const where = (el: any): string => {
        const parts: string[] = [];
        const cell = el.closest('td, th');
        if (cell) {
          const d = cell.dataset;
          const tag = cell.classList.contains('stage') ? 'th.stage' : cell.classList.contains('lane-head') ? 'th.lane-head' : self(cell);
          const at = [d.stage, d.lane !== undefined ? laneName(d.lane) : undefined].filter((x) => x !== undefined).join('/');
          parts.push(`${tag}${at ? `[${at}]` : ''}`);
        } else {
          const block = el.closest('.jm-titlebar, .jm-toolbar, .jm-summary, .jm-legend, .jm-findings, .banner');
          if (block) parts.push(`.${block.classList[0]}`);
        }
        const card = el.closest('.card');
        if (card) parts.push(`.card#${card.dataset.index}`);
        if (el !== cell && el !== card) parts.push(self(el));
        return parts.join(' ');
      };
      const note = (key: string, ...els: any[]) => (offenders[key] ??= []).push(...els);

      // Clip rects of an element: `clip` intersects its overflow-clipping ancestors that do not scroll (and
      // itself); `seen` also intersects the scroll containers, i.e. what is on screen at this scroll position.
      type Clip = { clip: R; seen: R; scroller: any };
      const NONE: R = { l: -Infinity, t: -Infinity, r: Infinity, b: Infinity };
      const meet = (a: R, r: any, x: boolean, y: boolean): R => ({ l: x ? Math.max(a.l, r.left) : a.l, r: x ? Math.min(a.r, r.right) : a.r, t: y ? Math.max(a.t, r.top) : a.t, b: y ? Math.min(a.b, r.bottom) : a.b });
      const clips = new Map<any, Clip>();
      const clipOf = (el: any): Clip => {
        if (!el || el === document.documentElement || el === document.body) return { clip: NONE, seen: NONE, scroller: null };
        const known = clips.get(el);
        if (known) return known;
        const up = clipOf(el.parentElement);
        const s = cs(el);
        const hx = s.overflowX === 'hidden' || s.overflowX === 'clip';
        const hy = s.overflowY === 'hidden' || s.overflowY === 'clip';
        const sx = s.overflowX === 'auto' || s.overflowX === 'scroll';
        const sy = s.overflowY === 'auto' || s.overflowY === 'scroll';
        let c = up;
        if (hx || hy || sx || sy) {
          const r = el.getBoundingClientRect();
          c = { clip: hx || hy ? meet(up.clip, r, hx, hy) : up.clip, seen: meet(up.seen, r, hx || sx, hy || sy), scroller: sx || sy ? el : up.scroller };
        }
        clips.set(el, c);
        return c;
      };
      const isClipper = (el: any) => {
        const s = cs(el);
        const clamp = s.getPropertyValue('-webkit-line-clamp');
        return (s.textOverflow === 'ellipsis' && s.overflowX !== 'visible') || (clamp && clamp !== 'none' && s.overflowY !== 'visible');
      };
      const hidden = (el: any) => {
        if (el.closest('title, select, option, script, style')) return true;
        for (let a = el; a && a !== root.parentElement; a = a.parentElement) {
          const p = a.parentElement;
          if (p && p.localName === 'details' && !p.open && a.localName !== 'summary') return true;
        }
        if (typeof el.checkVisibility === 'function' && !el.checkVisibility({ visibilityProperty: true })) return true;
        return cs(el).visibility !== 'visible';
      };
      const zoomOf = (el: any): number => {
        if (typeof el.currentCSSZoom === 'number') return el.currentCSSZoom;
        let z = 1;
        for (let a = el; a; a = a.parentElement) z *= Number(cs(a).zoom) || 1;
        return z;
      };

      const boxes: { id: number; el: any; text: string; raw: R[]; vis: R[]; seen: R[]; scroller: any }[] = [];
      const walker = document.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
      const range = document.createRange();
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const text: string = n.nodeValue ?? '';
        const first = text.search(/\S/);
        if (first < 0) continue;
        const el = n.parentElement;
        if (!el || hidden(el)) continue;
        const last = text.length - (text.length - text.trimEnd().length);
        range.setStart(n, first);
        range.setEnd(n, last);
        const raw = [...range.getClientRects()].map(rectOf).filter((r: R) => r.r - r.l > 0.5 && r.b - r.t > 0.5);
        if (!raw.length) continue;
        const c = clipOf(el);
        const cut = (k: R) => raw.map((r: R) => ({ l: Math.max(r.l, k.l), t: Math.max(r.t, k.t), r: Math.min(r.r, k.r), b: Math.min(r.b, k.b) })).filter((r: R) => r.r - r.l > 0.5 && r.b - r.t > 0.5);
        const vis = cut(c.clip);
        if (!vis.length) continue; // clipped away entirely (e.g. the third line of a two-line clamp)
        boxes.push({ id: boxes.length, el, text, raw, vis, seen: cut(c.seen), scroller: c.scroller });
        const size = parseFloat(cs(el).fontSize) * zoomOf(el);
        out.minFont = Math.min(out.minFont, size);
        if (size < minPx - 0.01) {
          const key = `"${short(text)}" (${where(el)}) is drawn at less than ${minPx} px`;
          out.smallFonts.push({ key, detail: `${size.toFixed(2)} px` });
          note(key, el);
        }
      }
      out.boxes = boxes.length;

      // 1. Overlaps between the rects of different text nodes (sweeps over x). Two texts in the same scroll
      // container are compared wherever they are in its content (scrolled into view or not); texts in
      // different scroll containers (the map and the findings panel...) only where both are on screen.
      const seenPairs = new Set<string>();
      for (const sameScroller of [true, false]) {
        const all: (R & { id: number })[] = [];
        for (const b of boxes) for (const r of sameScroller ? b.vis : b.seen) all.push({ ...r, id: b.id });
        all.sort((a, b) => a.l - b.l);
        for (let i = 0; i < all.length; i++) {
          const a = all[i];
          for (let j = i + 1; j < all.length && all[j].l < a.r - TOL; j++) {
            const b = all[j];
            if (b.id === a.id || (boxes[a.id].scroller === boxes[b.id].scroller) !== sameScroller) continue;
            const ox = Math.min(a.r, b.r) - Math.max(a.l, b.l);
            const oy = Math.min(a.b, b.b) - Math.max(a.t, b.t);
            if (ox <= TOL || oy <= TOL) continue;
            const [p, q] = a.id < b.id ? [boxes[a.id], boxes[b.id]] : [boxes[b.id], boxes[a.id]];
            const pair = `${p.id}:${q.id}`;
            if (seenPairs.has(pair)) continue;
            seenPairs.add(pair);
            const key = `"${short(p.text)}" (${where(p.el)}) overlaps "${short(q.text)}" (${where(q.el)})`;
            out.overlaps.push({ key, detail: `${px(ox)}×${px(oy)} px` });
            note(key, p.el, q.el);
          }
        }
      }

      // 2. Overflow: each text (or the ellipsis/clamp element clipping it) inside its nearest container.
      const checkedClippers = new Set<any>();
      for (const b of boxes) {
        const container = b.el.closest(containers);
        if (!container || !root.contains(container)) continue;
        let clipper: any = null;
        for (let a = b.el; a && a !== container.parentElement; a = a.parentElement) {
          if (isClipper(a)) {
            clipper = a;
            break;
          }
        }
        let subject: R[] = b.raw;
        let against = container;
        let what = `"${short(b.text)}" (${where(b.el)})`;
        if (clipper) {
          if (checkedClippers.has(clipper)) continue;
          checkedClippers.add(clipper);
          subject = [rectOf(clipper.getBoundingClientRect())];
          if (clipper === container) against = clipper.parentElement?.closest(containers);
          what = `${self(clipper)} "${short(clipper.textContent ?? '')}" (${where(clipper)}, clips with an ellipsis)`;
          if (!against || !root.contains(against)) continue;
        }
        const c = rectOf(against.getBoundingClientRect());
        const sides: string[] = [];
        const sideKeys: string[] = [];
        for (const r of subject) {
          const d = { left: c.l - r.l, right: r.r - c.r, top: c.t - r.t, bottom: r.b - c.b };
          for (const [side, v] of Object.entries(d)) {
            if (v > TOL && !sideKeys.includes(side)) {
              sideKeys.push(side);
              sides.push(`${side} +${px(v)} px`);
            }
          }
        }
        if (sides.length) {
          const key = `${what} sticks out of ${self(against)} (${where(against)}) at the ${sideKeys.join('/')}`;
          out.overflows.push({ key, detail: sides.join(', ') });
          note(key, clipper ?? b.el);
        }
      }
      return out;
    },
    { containers: CONTAINERS, minPx },
  );
}

/**
 * Scrolls `.jm-scroll` to its far right and bottom and checks that the stage row and the lane
 * column are still at the scroller's top and left edge and drawn on top; that the scroller (and
 * so its scrollbars) lies inside the viewport; and, for the webview, that the page itself does
 * not scroll and that every toolbar control fits the viewport's width. Scrolls back to 0,0.
 *
 * The HTML export below 900 px flows as a document (chrome, then a map at most 100vh tall, then
 * the findings): there the page is first scrolled so the map's top is at the viewport's top.
 */
function checkPinned(page: Page, view: View): Promise<Problem[]> {
  return page.evaluate(async (view) => {
    const problems: { key: string; detail: string }[] = [];
    const add = (key: string, detail = '') => problems.push({ key, detail });
    const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(undefined))));
    const sc = document.querySelector('.jm-scroll');
    if (!sc) return [{ key: 'no .jm-scroll', detail: '' }];
    const doc = document.scrollingElement;
    if (doc.scrollWidth > window.innerWidth + 1) add('the page itself scrolls horizontally', `${doc.scrollWidth} px wide in a ${window.innerWidth} px viewport`);
    if (view === 'webview' && doc.scrollHeight > window.innerHeight + 1) add('the page itself scrolls vertically', `${doc.scrollHeight} px tall in a ${window.innerHeight} px viewport`);
    if (view === 'webview') {
      const outside = (el: any, what: string) => {
        const r = el.getBoundingClientRect();
        if (r.width > 0 && (r.right > window.innerWidth + 0.5 || r.left < -0.5)) add(`${what} is outside the viewport's width`, `${Math.round(r.left)}..${Math.round(r.right)} in ${window.innerWidth}`);
      };
      const name = (el: any) => `${el.localName}${el.dataset.action ? `[${el.dataset.action}${el.value ? `=${el.value}` : ''}]` : el.className ? `.${el.classList[0]}` : ''}`;
      for (const el of document.querySelectorAll('.jm-toolbar button, .jm-toolbar select, .jm-toolbar summary, .jm-titlebar button')) if (el.checkVisibility()) outside(el, `toolbar control ${name(el)}`);
      // Menus (details) in the toolbar: open each, every item must be on screen.
      for (const menu of document.querySelectorAll('.jm-toolbar details')) {
        const summary = menu.querySelector('summary');
        if (!summary || !summary.checkVisibility()) continue;
        summary.click();
        await frame();
        for (const el of menu.querySelectorAll('button, a, [role="menuitem"]')) outside(el, `toolbar menu item ${name(el)} (menu opened)`);
        summary.click();
        await frame();
      }
    }
    if (view === 'export' && doc.scrollHeight > window.innerHeight + 1) {
      window.scrollTo(0, sc.getBoundingClientRect().top + window.scrollY);
      await frame();
    }
    sc.scrollLeft = sc.scrollWidth;
    sc.scrollTop = sc.scrollHeight;
    await frame();
    const s = sc.getBoundingClientRect();
    if (s.bottom > window.innerHeight + 0.5) add('the map scroller (and its horizontal scrollbar) ends below the viewport', `bottom ${Math.round(s.bottom)} > ${window.innerHeight}`);
    if (s.right > window.innerWidth + 0.5) add('the map scroller (and its vertical scrollbar) ends right of the viewport', `right ${Math.round(s.right)} > ${window.innerWidth}`);
    const vis = { l: s.left + sc.clientLeft, t: s.top + sc.clientTop, r: s.left + sc.clientLeft + sc.clientWidth, b: s.top + sc.clientTop + sc.clientHeight };
    const onTop = (el: any, x: number, y: number) => {
      const hit = document.elementFromPoint(x, y);
      return hit !== null && el.contains(hit);
    };
    const corner = document.querySelector('th.corner');
    const stages = [...document.querySelectorAll('thead th.stage')];
    if (corner) {
      const r = corner.getBoundingClientRect();
      if (Math.abs(r.left - vis.l) > 1.5 || Math.abs(r.top - vis.t) > 1.5) add('th.corner is not pinned to the top left corner of the scroller', `at ${Math.round(r.left - vis.l)},${Math.round(r.top - vis.t)}`);
      else if (!onTop(corner, r.left + 4, r.top + 4)) add('th.corner is covered by other content after scrolling');
    }
    const cornerRight = corner ? corner.getBoundingClientRect().right : vis.l;
    let stagesInView = 0;
    for (const th of stages) {
      const r = th.getBoundingClientRect();
      const x0 = Math.max(r.left, cornerRight, vis.l);
      const x1 = Math.min(r.right, vis.r);
      if (x1 - x0 < 4) continue;
      stagesInView++;
      if (Math.abs(r.top - vis.t) > 1.5) add(`th.stage[${th.dataset.stage}] is not pinned to the scroller's top after scrolling`, `top ${Math.round(r.top - vis.t)} px from it`);
      else if (!onTop(th, (x0 + x1) / 2, r.top + Math.min(10, r.height / 2))) add(`th.stage[${th.dataset.stage}] is covered by other content after scrolling`);
    }
    if (stages.length && !stagesInView) add('no stage header is in view after scrolling to the far right');
    const theadBottom = Math.max(corner ? corner.getBoundingClientRect().bottom : vis.t, vis.t);
    let lanesInView = 0;
    const laneHeads = [...document.querySelectorAll('th.lane-head, th.emotion-head')];
    for (const th of laneHeads) {
      const r = th.getBoundingClientRect();
      const y0 = Math.max(r.top, theadBottom, vis.t);
      const y1 = Math.min(r.bottom, vis.b);
      if (y1 - y0 < 4) continue;
      if (th.classList.contains('lane-head')) lanesInView++;
      const name = th.classList.contains('lane-head') ? `th.lane-head[${(th.dataset.lane ?? '').replaceAll('\u0000', '')}]` : 'th.emotion-head';
      if (Math.abs(r.left - vis.l) > 1.5) add(`${name} is not pinned to the scroller's left after scrolling`, `left ${Math.round(r.left - vis.l)} px from it`);
      else if (!onTop(th, r.left + Math.min(10, r.width / 2), (y0 + y1) / 2)) add(`${name} is covered by other content after scrolling`);
    }
    if (document.querySelector('th.lane-head') && !lanesInView) add('no lane header is in view after scrolling to the bottom');
    sc.scrollLeft = 0;
    sc.scrollTop = 0;
    window.scrollTo(0, 0);
    await frame();
    return problems;
  }, view);
}

/** Outlines the offenders of the given problem keys, scrolls the first into view, saves a screenshot, then undoes both. */
async function screenshotProblems(page: Page, keys: string[], file: string): Promise<void> {
  await page.evaluate((keys) => {
    const els = keys.flatMap((k) => window.__offenders?.[k] ?? []);
    window.__marked = els;
    for (const el of els) {
      el.style.outline = '2px solid red';
      el.style.outlineOffset = '0px';
    }
    els[0]?.scrollIntoView({ block: 'center', inline: 'center' });
  }, keys);
  await settle(page);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file });
  await page.evaluate(() => {
    for (const el of window.__marked ?? []) {
      el.style.outline = '';
      el.style.outlineOffset = '';
    }
    const sc = document.querySelector('.jm-scroll');
    if (sc) sc.scrollLeft = sc.scrollTop = 0;
    window.scrollTo(0, 0);
  });
  await settle(page);
}

// ---------------------------------------------------------------------------
// Problems grouped over the widths and themes where they occur
// ---------------------------------------------------------------------------

class Findings {
  private readonly byKey = new Map<string, { details: string[]; where: string[] }>();

  add(problems: Problem[], at: string): string[] {
    const fresh: string[] = [];
    for (const p of problems) {
      let g = this.byKey.get(p.key);
      if (!g) {
        this.byKey.set(p.key, (g = { details: [], where: [] }));
        fresh.push(p.key);
      }
      if (p.detail && !g.details.includes(p.detail)) g.details.push(p.detail);
      if (!g.where.includes(at)) g.where.push(at);
    }
    return fresh;
  }

  get size(): number {
    return this.byKey.size;
  }

  /** Total occurrences over all combinations. */
  get occurrences(): number {
    return [...this.byKey.values()].reduce((n, g) => n + g.where.length, 0);
  }

  report(total: number): string {
    return [...this.byKey]
      .map(([k, g]) => `  - ${k}${g.details.length ? ` [${g.details.slice(0, 3).join('; ')}${g.details.length > 3 ? '; …' : ''}]` : ''} — ${g.where.length === total ? `in all ${total} views` : `at ${g.where.join(', ')}`}`)
      .join('\n');
  }
}

interface SampleReport {
  combos: number;
  boxes: number;
  overlaps: Findings;
  overflows: Findings;
  pinned: Findings;
  errors: string[];
  /** Most cards that changed size when first drawn (content-visibility: auto), over the views. */
  resized: number;
}

let screenshots = 0;

async function measureSample(page: Page, origin: string, view: View, s: Sample, w: Watch, themes: Theme[] = THEMES): Promise<SampleReport> {
  const rep: SampleReport = { combos: 0, boxes: 0, overlaps: new Findings(), overflows: new Findings(), pinned: new Findings(), errors: [], resized: 0 };
  const errorsBefore = w.errors.length;
  const started = Date.now();
  const measureAt = async (at: string, file: string) => {
    const drawn = await drawEverything(page);
    rep.resized = Math.max(rep.resized, drawn.resized);
    const m = await measureText(page);
    const pinned = await checkPinned(page, view);
    rep.combos++;
    rep.boxes += m.boxes;
    const fresh = [...rep.overlaps.add(m.overlaps, at), ...rep.overflows.add(m.overflows, at)];
    const freshPinned = rep.pinned.add(pinned, at);
    if ((fresh.length || freshPinned.length) && screenshots < MAX_SCREENSHOTS) {
      screenshots++;
      await screenshotProblems(page, fresh, path.join(ARTIFACTS, `${view}-${s.name}-${file}.png`));
    }
  };
  for (const width of WIDTHS) {
    if (view === 'webview') await openWebview(page, origin, s.journey, width, themes[0]);
    else await openExport(page, s.journey, width, themes[0]);
    for (const theme of themes) {
      if (view === 'webview') await setTheme(page, theme);
      else {
        await setExportTheme(page, theme);
        await settle(page);
      }
      await measureAt(`${width}/${theme}`, `${width}-${theme}`);
    }
    // The webview folds the legend in narrow panels: measured unfolded too (the user may open it).
    if (view === 'webview' && (await page.evaluate(() => document.querySelector('details.jm-legend')?.open === false))) {
      await page.click('details.jm-legend > summary');
      await settle(page);
      for (const theme of themes) {
        await setTheme(page, theme);
        await measureAt(`${width}+legend/${theme}`, `${width}-legend-${theme}`);
      }
    }
  }
  rep.errors = w.errors.slice(errorsBefore);
  console.log(
    `      ${s.name} (${view}): ${rep.combos} views (${WIDTHS.join('/')} px × ${themes.join('/')}${rep.combos > 9 ? ', + legend unfolded where it starts folded' : ''}), ${rep.boxes.toLocaleString('en-US')} text boxes checked, ` +
      `${rep.overlaps.occurrences} overlaps (${rep.overlaps.size} distinct), ${rep.overflows.occurrences} overflows (${rep.overflows.size} distinct), ${rep.pinned.occurrences} pinning/scrollbar problems (${rep.pinned.size} distinct)` +
      (rep.resized ? `; up to ${rep.resized} card(s) change size when first drawn (content-visibility: auto)` : '') +
      ` [${((Date.now() - started) / 1000).toFixed(1)} s]`,
  );
  return rep;
}

// ---------------------------------------------------------------------------
// Filters, zoom, findings: helpers
// ---------------------------------------------------------------------------

interface MapState {
  lanes: string[];
  gaps: string[];
  cards: { key: string; index: number; dim: boolean }[];
  refs: { key: string; index: number; dim: boolean }[];
}

function readMapState(page: Page): Promise<MapState> {
  return page.evaluate(() => {
    const where = (el: any) => {
      const td = el.closest('td');
      return `${td?.dataset.stage}|${td?.dataset.lane}`;
    };
    return {
      lanes: [...document.querySelectorAll('th.lane-head')].map((th: any) => th.dataset.lane),
      gaps: [...document.querySelectorAll('td.gap')].map((td: any) => `${td.dataset.stage}|${td.classList.contains('stage-gap') ? '*' : td.dataset.lane}`),
      cards: [...document.querySelectorAll('.card')].map((c: any) => ({ key: `${c.dataset.index}@${where(c)}`, index: Number(c.dataset.index), dim: c.classList.contains('dim') })),
      refs: [...document.querySelectorAll('.ref')].map((c: any) => ({ key: `${c.dataset.index}@${where(c)}`, index: Number(c.dataset.index), dim: c.classList.contains('dim') })),
    };
  });
}

/** Touchpoints a filter option keeps, from the model (independent of the renderer). */
function matching(j: JourneyModel, option: string): Set<number> {
  const kind = option.slice(0, option.indexOf(':'));
  const key = option.slice(option.indexOf(':') + 1);
  const keep = new Set<number>();
  j.touchpoints.forEach((t, i) => {
    if ((kind === 'segment' && t.segments.includes(key)) || (kind === 'channel' && (t.channel ?? 'unknown') === key) || (kind === 'owner' && t.owner === key)) keep.add(i);
  });
  return keep;
}

interface ZoomInfo {
  zoom: number;
  label: string;
  fitPressed: string | null;
  /** The drawn size of a fixed-size element of the map (a stage number, 20 px at 100 %): its 100 % size times the zoom in effect. */
  drawn: number;
  /** The map's width (header row) as drawn, and the scroller's inner width. */
  mapWidth: number;
  scrollerWidth: number;
  stateZoom: unknown;
}

function zoomInfo(page: Page): Promise<ZoomInfo> {
  return page.evaluate(() => {
    const sc = document.querySelector('.jm-scroll');
    const row = document.querySelector('table.journey thead tr');
    return {
      zoom: Number(document.body.dataset.zoom),
      label: document.querySelector('.zoom-level')?.textContent ?? '',
      fitPressed: document.querySelector('[data-action="fit"]')?.getAttribute('aria-pressed') ?? null,
      drawn: document.querySelector('table.journey .stage-num')?.getBoundingClientRect().height ?? 0,
      mapWidth: row?.getBoundingClientRect().width ?? 0,
      scrollerWidth: sc?.clientWidth ?? 0,
      stateZoom: window.__state?.zoom,
    };
  });
}

async function clickAction(page: Page, action: string): Promise<void> {
  await page.click(`[data-action="${action}"]`);
  await settle(page);
}

function rangeOf(r: { start: { line: number; character: number }; end: { line: number; character: number } }): [number, number, number, number] {
  return [r.start.line, r.start.character, r.end.line, r.end.character];
}

// ---------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------

suite('browser: journey map layout as users see it', function () {
  this.timeout(120000);
  const samples = loadSamples();
  let browser: Browser;
  let server: Server;
  let webviewContext: BrowserContext;
  let exportContext: BrowserContext;
  let webview: Page;
  let exported: Page;
  let webviewWatch: Watch;
  let exportWatch: Watch;
  const longNames = longNamesSample();
  const reports = new Map<string, Promise<SampleReport>>();
  const report = (view: View, s: Sample, themes = THEMES) => {
    const k = `${view}:${s.name}`;
    let r = reports.get(k);
    if (!r) reports.set(k, (r = view === 'webview' ? measureSample(webview, server.origin, view, s, webviewWatch, themes) : measureSample(exported, server.origin, view, s, exportWatch, themes)));
    return r;
  };

  suiteSetup(async () => {
    assert.ok(fs.existsSync(LAUNCH.executablePath), 'Debian chromium is installed at /usr/bin/chromium');
    for (const f of ['webview.js', 'journey.css']) assert.ok(fs.existsSync(path.join(MEDIA, f)), `dist/media/${f} (run node scripts/build.mjs)`);
    fs.rmSync(ARTIFACTS, { recursive: true, force: true });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    browser = await chromium.launch(LAUNCH);
    server = await startServer();
    webviewContext = await browser.newContext({ viewport: { width: 1000, height: HEIGHT } });
    await webviewContext.route('**/*', (route) => (route.request().url().startsWith(`${server.origin}/`) ? route.continue() : route.abort()));
    exportContext = await browser.newContext({ viewport: { width: 1000, height: HEIGHT } });
    await exportContext.route('**/*', (route) => route.abort());
    webview = await webviewContext.newPage();
    webviewWatch = watch(webview);
    await webview.addInitScript(() => {
      window.__csp = [];
      document.addEventListener('securitypolicyviolation', (e: any) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    exported = await exportContext.newPage();
    exportWatch = watch(exported);
  });

  suiteTeardown(async () => {
    await browser?.close();
    await server?.close();
  });

  suite('the checks can fail (CSS injected into the HTML export)', () => {
    const laer = samples.find((x) => x.name === 'laer')!;
    const inject = async (css: string) => {
      // 1000 px: the map (4 stages) is wider than the space beside the findings panel, so it scrolls both ways.
      await exported.setViewportSize({ width: 1000, height: HEIGHT });
      await setExportTheme(exported, 'light');
      await exported.setContent(renderHtmlExport(laer.journey).replace('</style>', `${css}</style>`));
      await settle(exported);
      await drawEverything(exported);
    };

    test('overlap: cards pulled over each other are reported', async () => {
      await inject('');
      const clean = await measureText(exported);
      assert.deepStrictEqual(clean.overlaps, [], 'no overlap without the injection');
      await inject('.card + .card { margin-top: -40px; }');
      const m = await measureText(exported);
      assert.ok(m.overlaps.some((o) => /\.card#\d+ .*overlaps .*\.card#\d+/.test(o.key)), `card texts overlap: ${JSON.stringify(m.overlaps.slice(0, 3))}`);
    });

    test('overflow: text pushed out of its chip is reported; an ellipsis inside its box is not', async () => {
      await inject('.tag { max-width: none; overflow: visible; width: 20px; }');
      const m = await measureText(exported);
      assert.ok(m.overflows.some((o) => /sticks out of span\.tag/.test(o.key)), `a tag's text sticks out: ${JSON.stringify(m.overflows.slice(0, 3))}`);
      await inject('.tag { width: 20px; }');
      const ok = await measureText(exported);
      assert.ok(!ok.overflows.some((o) => /span\.tag/.test(o.key)), `a tag clipped with an ellipsis is fine: ${JSON.stringify(ok.overflows.filter((o) => /span\.tag/.test(o.key)).slice(0, 3))}`);
    });

    test('pinned axes: a stage row or lane column that scrolls away is reported', async () => {
      await inject('thead th, th.lane-head, th.corner, th.emotion-head { position: static !important; }');
      const problems = (await checkPinned(exported, 'export')).map((p) => p.key);
      assert.ok(problems.some((p) => /th\.stage\[.*not pinned to the scroller's top/.test(p)) || problems.includes('no stage header is in view after scrolling to the far right'), problems.join('\n'));
      assert.ok(problems.some((p) => /lane-head.*not pinned|no lane header is in view/.test(p)), problems.join('\n'));
    });

    test('font size: text under 10 px is reported', async () => {
      await inject('.card-name { font-size: 9px; }');
      const m = await measureText(exported);
      assert.ok(m.smallFonts.some((f) => /span\.card-name/.test(f.key)), JSON.stringify(m.smallFonts.slice(0, 3)));
      assert.ok(m.minFont < 10);
    });
  });

  for (const view of VIEWS) {
    suite(`${view === 'webview' ? 'preview webview' : 'HTML export'}: every sample at ${WIDTHS.join(', ')} px in light, dark and high contrast`, () => {
      for (const s of samples) {
        test(`${s.name}: no two text boxes overlap`, async () => {
          const r = await report(view, s);
          assert.ok(r.boxes > 0, 'text boxes were measured');
          assert.ok(r.overlaps.size === 0, `${s.name} (${view}): ${r.overlaps.size} overlapping text pair(s):\n${r.overlaps.report(r.combos)}`);
        });
        test(`${s.name}: no text overflows its card, cell or chip`, async () => {
          const r = await report(view, s);
          assert.ok(r.overflows.size === 0, `${s.name} (${view}): ${r.overflows.size} text(s) sticking out:\n${r.overflows.report(r.combos)}`);
        });
        test(`${s.name}: stage row and lane column pinned, scrollbars in the viewport${view === 'webview' ? ', toolbar fits' : ''}; no page error`, async () => {
          const r = await report(view, s);
          assert.ok(r.pinned.size === 0, `${s.name} (${view}):\n${r.pinned.report(r.combos)}`);
          assert.deepStrictEqual(r.errors, [], 'page/console errors');
          if (view === 'webview') assert.deepStrictEqual(await webview.evaluate(() => window.__csp), [], 'CSP violations');
        });
      }
    });
  }

  suite(`long names (${longNames.file}), light theme, ${WIDTHS.join(', ')} px`, () => {
    for (const view of VIEWS) {
      test(`${view}: no overlap, no overflow, axes pinned`, async () => {
        const r = await report(view, longNames, ['light']);
        const problems = [
          ...(r.overlaps.size ? [`${r.overlaps.size} overlapping text pair(s):\n${r.overlaps.report(r.combos)}`] : []),
          ...(r.overflows.size ? [`${r.overflows.size} text(s) sticking out:\n${r.overflows.report(r.combos)}`] : []),
          ...(r.pinned.size ? [`pinning/scrollbars:\n${r.pinned.report(r.combos)}`] : []),
          ...r.errors,
        ];
        assert.ok(problems.length === 0, `${longNames.name} (${view}):\n${problems.join('\n')}`);
      });
    }
  });

  // Every filter option of every sample in segment lanes; channel and owner lanes too for three samples
  // (the layout does not depend on the theme or width, so light at 1000 px only).
  const ALL_LANE_MODES = ['gaps', 'custom', 'seven-stage'];
  suite('webview filters: dim, never add a gap (light, 1000 px; every option)', () => {
    for (const s of samples) {
      test(`${s.name}: no filter adds a gap; cards that do not match are dimmed, not moved${ALL_LANE_MODES.includes(s.name) ? ' (segment, channel and owner lanes)' : ''}`, async () => {
        const j = s.journey;
        await openWebview(webview, server.origin, j, 1000, 'light');
        const problems: string[] = [];
        const options: string[] = await webview.evaluate(() => [...document.querySelectorAll('select[data-action="filter"] option')].map((o: any) => o.value));
        assert.ok(options.length > 1, 'the filter has options');
        let checked = 0;
        const modes = ALL_LANE_MODES.includes(s.name) ? ['segment', 'channel', 'owner'] : ['segment'];
        for (const mode of modes) {
          await webview.click(`button[data-action="lanes"][value="${mode}"]`);
          await webview.selectOption('select[data-action="filter"]', '');
          const base = await readMapState(webview);
          const baseGaps = new Set(base.gaps);
          const baseCards = base.cards.map((c) => c.key).sort();
          for (const option of options.slice(1)) {
            await webview.selectOption('select[data-action="filter"]', option);
            const now = await readMapState(webview);
            checked++;
            const kind = option.slice(0, option.indexOf(':'));
            const key = option.slice(option.indexOf(':') + 1);
            const ownDimension = kind === mode;
            const added = now.gaps.filter((g) => !baseGaps.has(g));
            if (added.length) problems.push(`${mode} lanes, filter ${option}: gap(s) not in the unfiltered map: ${added.map((g) => g.replaceAll('\u0000', '')).join(', ')}`);
            if (ownDimension) {
              if (now.lanes.length !== 1) problems.push(`${mode} lanes, filter ${option}: expected that lane only, got lanes ${now.lanes.join(', ')}`);
              continue;
            }
            const cards = now.cards.map((c) => c.key).sort();
            if (JSON.stringify(cards) !== JSON.stringify(baseCards)) problems.push(`${mode} lanes, filter ${option}: the cards moved (${cards.length} cards placed differently from the unfiltered ${baseCards.length})`);
            const keep = matching(j, option);
            const wrongDim = [...now.cards, ...now.refs].filter((c) => c.dim === keep.has(c.index));
            if (wrongDim.length) problems.push(`${mode} lanes, filter ${option} (${key}): ${wrongDim.length} card(s)/reference(s) dimmed wrongly, e.g. touchpoint ${j.touchpoints[wrongDim[0].index].id ?? wrongDim[0].index} ${wrongDim[0].dim ? 'dimmed but matches' : 'not dimmed but does not match'}`);
          }
        }
        await webview.selectOption('select[data-action="filter"]', '');
        console.log(`      ${s.name}: ${options.length - 1} filter options × ${modes.length} lane mode(s) (${modes.join(', ')}) = ${checked} filtered views compared`);
        assert.deepStrictEqual(problems, []);
      });
    }
  });

  suite('webview zoom (light): smallest zoom and Fit width at 600 px, Fit after a resize to 1600 px', () => {
    for (const s of samples) {
      test(`${s.name}: text stays ≥ ${MIN_EFFECTIVE_PX} px at the smallest zoom and at Fit width; the label tells the level; Fit follows the width`, async () => {
        await openWebview(webview, server.origin, s.journey, 600, 'light');
        const problems: string[] = [];
        const at100 = await zoomInfo(webview);
        assert.strictEqual(at100.zoom, 1);
        assert.strictEqual(at100.label, '100%');
        assert.ok(at100.drawn > 0, 'a stage number to measure the drawn zoom');
        // The map's width at 100 %, read where it overflows the scroller (so it is not stretched to fill it).
        assert.ok(at100.mapWidth > at100.scrollerWidth, `the map (${at100.mapWidth} px) is wider than the 600 px panel`);
        const natural = at100.mapWidth;
        const fitFor = (scroller: number) => Math.min(1, Math.max(MIN_ZOOM, (scroller - 2) / natural));
        const check = (z: ZoomInfo, fit: boolean, where: string) => {
          const expected = `${fit ? 'Fit ' : ''}${Math.round(z.zoom * 100)}%`;
          if (z.label !== expected) problems.push(`${where}: the zoom label says "${z.label}", the zoom is ${z.zoom} ("${expected}")`);
          const drawn = z.drawn / at100.drawn;
          if (Math.abs(drawn - z.zoom) > 0.01) problems.push(`${where}: the map is drawn at ${(drawn * 100).toFixed(1)} % but the zoom is ${(z.zoom * 100).toFixed(1)} %`);
          if (fit) {
            const want = fitFor(z.scrollerWidth);
            if (Math.abs(z.zoom - want) > 0.005) problems.push(`${where}: Fit width gives ${(z.zoom * 100).toFixed(1)} %, expected ${(want * 100).toFixed(1)} % (map ${Math.round(natural)} px at 100 % in a ${z.scrollerWidth} px scroller)`);
            if (z.zoom > MIN_ZOOM + 0.001 && z.mapWidth > z.scrollerWidth + 1) problems.push(`${where}: Fit width leaves the map ${Math.round(z.mapWidth)} px wide in a ${z.scrollerWidth} px scroller`);
          }
        };
        // Zoom out until the button stops changing the level.
        let z = at100;
        for (let i = 0; i < 12; i++) {
          await clickAction(webview, 'zoom-out');
          const next = await zoomInfo(webview);
          if (next.zoom >= z.zoom) break;
          z = next;
        }
        if (Math.abs(z.zoom - MIN_ZOOM) > 0.001) problems.push(`zoom-out stops at ${z.zoom}, not at ${MIN_ZOOM.toFixed(3)}`);
        check(z, false, 'smallest zoom');
        await drawEverything(webview);
        let m = await measureText(webview);
        for (const f of m.smallFonts) problems.push(`smallest zoom (${Math.round(z.zoom * 100)} %): ${f.key} (${f.detail})`);
        for (const o of m.overlaps) problems.push(`smallest zoom, 600 px: ${o.key} (${o.detail})`);
        for (const o of m.overflows) problems.push(`smallest zoom, 600 px: ${o.key} (${o.detail})`);
        const minAtSmallest = m.minFont;
        // Fit width at 600 px.
        await clickAction(webview, 'zoom-reset');
        await clickAction(webview, 'fit');
        const fit600 = await zoomInfo(webview);
        if (fit600.fitPressed !== 'true') problems.push('Fit width is not shown as pressed');
        check(fit600, true, 'Fit at 600 px');
        await drawEverything(webview);
        m = await measureText(webview);
        for (const f of m.smallFonts) problems.push(`Fit at 600 px (${Math.round(fit600.zoom * 100)} %): ${f.key} (${f.detail})`);
        const minAtFit = m.minFont;
        // Resize to 1600 px: Fit follows the new width.
        await resize(webview, 1600, true);
        await webview.waitForFunction((z0) => Number(document.body.dataset.zoom) !== z0, fit600.zoom, { timeout: 1000 }).catch(() => undefined);
        const fit1600 = await zoomInfo(webview);
        check(fit1600, true, 'Fit after resizing 600 → 1600 px');
        console.log(
          `      ${s.name}: smallest zoom ${Math.round(z.zoom * 100)} % (smallest text ${minAtSmallest.toFixed(2)} px); Fit ${Math.round(fit600.zoom * 100)} % at 600 px (smallest text ${minAtFit.toFixed(2)} px), ` +
            `${Math.round(fit1600.zoom * 100)} % after resizing to 1600 px (expected ${Math.round(fitFor(fit1600.scrollerWidth) * 100)} %)`,
        );
        assert.deepStrictEqual(problems, []);
      });
    }

    test('the zoom level survives a re-render and a reload (kept in the webview state)', async () => {
      const s = samples.find((x) => x.name === 'laer')!;
      await openWebview(webview, server.origin, s.journey, 1000, 'light');
      const at100 = await zoomInfo(webview);
      await clickAction(webview, 'zoom-in');
      await clickAction(webview, 'zoom-in');
      const zoomed = await zoomInfo(webview);
      assert.ok(zoomed.zoom > 1, `zoomed in (${zoomed.zoom})`);
      assert.strictEqual(zoomed.stateZoom, zoomed.zoom, 'kept in the webview state');
      assert.strictEqual(zoomed.label, `${Math.round(zoomed.zoom * 100)}%`);
      // Another update of the same file re-renders the map.
      await update(webview, s.journey);
      let after = await zoomInfo(webview);
      assert.deepStrictEqual([after.zoom, after.label], [zoomed.zoom, zoomed.label], 'same level after a re-render');
      assert.ok(Math.abs(after.drawn / at100.drawn - zoomed.zoom) < 0.01, 'and drawn at that level');
      // An update of another file keeps the level too (it is the panel's, not the file's).
      await update(webview, samples[0].journey, 'file:///other.playbook.yaml');
      after = await zoomInfo(webview);
      assert.strictEqual(after.zoom, zoomed.zoom, 'same level for another file');
      // A reload (VS Code restores the state the webview saved).
      const saved = await webview.evaluate(() => window.__state);
      await openWebview(webview, server.origin, s.journey, 1000, 'light', saved);
      after = await zoomInfo(webview);
      assert.deepStrictEqual([after.zoom, after.label], [zoomed.zoom, zoomed.label], 'same level after a reload');
      // Fit survives a re-render as Fit.
      await clickAction(webview, 'fit');
      await update(webview, s.journey);
      after = await zoomInfo(webview);
      assert.strictEqual(after.stateZoom, 'fit');
      assert.strictEqual(after.fitPressed, 'true');
      assert.match(after.label, /^Fit \d+%$/);
    });
  });

  suite('findings panel: each finding once, click reveals it, no message shown twice', () => {
    for (const view of VIEWS) {
      // Where the panel is open by default: the webview from 1100 px, the export always (beside the map from 900 px).
      const width = view === 'webview' ? 1600 : 1000;
      for (const s of [...samples, longNames]) {
        test(`${s.name} (${view}, ${width} px)`, async () => {
          const j = s.journey;
          const page = view === 'webview' ? webview : exported;
          if (view === 'webview') await openWebview(page, server.origin, j, width, 'light');
          else await openExport(page, j, width, 'light');
          await page.mouse.move(0, HEIGHT - 1);
          const items: { id: number; range: string; visible: boolean }[] = await page.evaluate(() =>
            [...document.querySelectorAll('.fp-item')].map((b: any) => ({ id: Number(b.dataset.finding), range: b.dataset.range, visible: b.checkVisibility() })),
          );
          const ids = items.map((i) => i.id).sort((a, b) => a - b);
          assert.deepStrictEqual(ids, j.allFindings.map((f) => f.id).sort((a, b) => a - b), 'every finding once in the panel');
          assert.deepStrictEqual(items.filter((i) => !i.visible).map((i) => i.id), [], 'every panel item is shown');
          for (const i of items) assert.strictEqual(i.range, rangeOf(j.allFindings[i.id].range).join(':'), `finding ${i.id}: its range`);
          // No full message shown twice (findings with the same or a containing message excepted).
          const text: string = await page.evaluate(() => document.body.innerText);
          const flat = text.replace(/\s+/g, ' ');
          const repeated: string[] = [];
          for (const f of j.allFindings) {
            const msg = plainMessage(f.message).replace(/\s+/g, ' ').trim();
            const allowed = j.allFindings.filter((g) => plainMessage(g.message).replace(/\s+/g, ' ').includes(msg)).length;
            const n = flat.split(msg).length - 1;
            if (n === 0) repeated.push(`finding ${f.id} (${f.ruleId}): its message is not shown at all`);
            else if (n > allowed) repeated.push(`finding ${f.id} (${f.ruleId}): its message is shown ${n} times: "${msg.slice(0, 80)}…"`);
          }
          assert.deepStrictEqual(repeated, []);
          if (view === 'webview') {
            const wrong: string[] = [];
            for (const i of items) {
              await page.evaluate(() => (window.__posted.length = 0));
              await page.click(`.fp-item[data-finding="${i.id}"]`);
              const posted = await page.evaluate(() => window.__posted.filter((m: any) => m.type === 'reveal'));
              const expected = [{ type: 'reveal', uri: URI, range: rangeOf(j.allFindings[i.id].range) }];
              if (JSON.stringify(posted) !== JSON.stringify(expected)) wrong.push(`finding ${i.id}: posted ${JSON.stringify(posted)}`);
            }
            assert.deepStrictEqual(wrong, [], 'a click on each panel item reveals its range');
          }
        });
      }
    }
  });
});
