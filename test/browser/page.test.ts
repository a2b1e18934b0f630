/**
 * The journey map in a real browser (headless Chromium through playwright-core):
 * the HTML export of every sample checked with the DOM (one card per touchpoint,
 * references to it in the other lanes it reaches, gaps, short finding badges and
 * the findings panel), screenshots in light and dark, the preview webview script
 * (dist/media/webview.js) under the preview's CSP, its keyboard and mouse
 * behaviour, popover, PNG export and re-render time, and XSS payloads in every
 * string field of a playbook, for both the export and the webview.
 *
 * Layout (overlaps, overflow, pinned axes, zoom, filters) is measured in
 * layout.test.ts. Needs the build (`npx tsc -p . && node scripts/build.mjs`) and
 * /usr/bin/chromium. Nothing is loaded from outside: the export is opened with
 * `setContent` (or as a file), the webview from a server on 127.0.0.1, and every
 * other request is aborted.
 */
import * as assert from 'assert';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { analyzePlaybook } from '../../server/src/core/analyze';
import { journeyCompare, JourneyCompare } from '../../server/src/core/compare';
import { diffPlaybooks } from '../../server/src/core/diff';
import { buildJourney, JourneyModel, JourneyTouchpoint } from '../../server/src/core/journey';
import { renderHtmlExport, renderSvgExport } from '../../server/src/core/render/exports';
import { LaneMode, renderJourneyMap } from '../../server/src/core/render/journeyMap';
import { findingLabel, plainMessage } from '../../server/src/core/render/labels';
import type { Child } from '../../server/src/core/render/tree';
import { journeyOf, repoRoot } from '../unit/helpers';
import { parseRgb, regionStats } from './pixels';

// Page-side globals used inside `page.evaluate` callbacks (the root tsconfig has no DOM lib).
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;
declare const window: any;
declare const getComputedStyle: any;
declare const MutationObserver: any;
declare const requestAnimationFrame: any;
declare const DOMParser: any;
declare const btoa: any;

// ---------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------

const ROOT = repoRoot();
const MEDIA = path.join(ROOT, 'dist', 'media');
const ARTIFACTS = path.join(ROOT, '.test-artifacts');
const LAUNCH = {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
};
/** Lane keys the layout uses when a touchpoint reaches no segment of a segment-less playbook / no known owner. */
const ALL_KEY = '\u0000all';
const NO_OWNER_KEY = '\u0000none';

interface Sample {
  name: string;
  file: string;
  text: string;
  journey: JourneyModel;
}

function loadSamples(): Sample[] {
  const dir = path.join(ROOT, 'samples');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.playbook.yaml'))
    .sort()
    .map((f) => {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      const journey = buildJourney(analyzePlaybook(text));
      assert.ok(journey, `${f} builds a journey`);
      return { name: f.replace(/\.playbook\.yaml$/, ''), file: f, text, journey: journey! };
    });
}

/** Touchpoints drawn on the map: those in a stage of the map. */
function placed(j: JourneyModel): number[] {
  return j.touchpoints.map((t, i) => (t.stage !== undefined && j.stages.some((s) => s.id === t.stage) ? i : -1)).filter((i) => i >= 0);
}

/** The lane keys of a lane mode, in order, as the model defines them (independent of the renderer). */
function laneKeys(j: JourneyModel, mode: LaneMode): string[] {
  if (mode === 'segment') return j.segments.length ? j.segments.map((s) => s.key) : [ALL_KEY];
  if (mode === 'owner') return [...j.owners.map((o) => o.key), ...(j.touchpoints.some((t) => ownerLane(j, t) === NO_OWNER_KEY) ? [NO_OWNER_KEY] : [])];
  return [...new Set(j.touchpoints.map((t) => t.channel ?? 'unknown'))].sort();
}

function ownerLane(j: JourneyModel, t: JourneyTouchpoint): string {
  const o = t.owner === undefined ? undefined : j.owners.find((x) => x.id === t.owner);
  return o ? o.key : NO_OWNER_KEY;
}

/** The lanes a touchpoint reaches in a lane mode. */
function lanesOf(j: JourneyModel, mode: LaneMode, t: JourneyTouchpoint): string[] {
  if (mode === 'segment') return j.segments.length ? t.segments : [ALL_KEY];
  if (mode === 'owner') return [ownerLane(j, t)];
  return [t.channel ?? 'unknown'];
}

/** Everything a page did that a journey map must never do. */
interface Watch {
  dialogs: string[];
  pageErrors: string[];
  consoleErrors: string[];
  requests: string[];
}

function watch(page: Page): Watch {
  const w: Watch = { dialogs: [], pageErrors: [], consoleErrors: [], requests: [] };
  page.on('dialog', (d) => {
    w.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss().catch(() => undefined);
  });
  page.on('pageerror', (e) => w.pageErrors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') w.consoleErrors.push(m.text());
  });
  page.on('request', (r) => w.requests.push(r.url()));
  return w;
}

/** Records CSP violations in the page (a blocked injection would show up here). */
async function recordCspViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e: any) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
}

async function newContext(browser: Browser, ...allowPrefixes: string[]): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  // Nothing may leave the machine: abort every request not to our own server (or our own files).
  await context.route('**/*', (route) => (allowPrefixes.some((p) => route.request().url().startsWith(p)) || route.request().url().startsWith('blob:') ? route.continue() : route.abort()));
  return context;
}

// ---------------------------------------------------------------------------
// What the DOM shows
// ---------------------------------------------------------------------------

interface Rect {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

interface DomMap {
  mode: string;
  stages: { id: string; name: string; gap: boolean; badges: number[]; rect: Rect }[];
  lanes: { key: string; label: string; badges: number[]; rect: Rect }[];
  /** Body cells: cards, references and gaps (`lanes` = the lanes a cell covers). */
  cells: { stage: string; lanes: string[]; kind: 'cards' | 'refs' | 'gap' | 'stage-gap'; cards: number[]; refs: number[]; badges: number[] }[];
  cards: { index: number; stage: string; lanes: string[]; name: string; badges: number[]; rect: Rect; selected: boolean; dim: boolean }[];
  refs: { index: number; stage: string; lane: string; selected: boolean; dim: boolean }[];
  badges: { finding: number; label: string; title: string; range: string }[];
  panel: { finding: number; range: string; text: string }[];
  summaryCount: string;
  text: string;
}

/** Reads the rendered map from the page. */
function readMap(page: Page): Promise<DomMap> {
  return page.evaluate(() => {
    const q = (root: any, sel: string): any[] => [...root.querySelectorAll(sel)];
    const rect = (el: any) => {
      const r = el.getBoundingClientRect();
      return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
    };
    const lanesOfCell = (td: any): string[] => (td.dataset.lanes ? td.dataset.lanes.split(' ') : td.dataset.lane !== undefined ? [td.dataset.lane] : []);
    const badgeIds = (el: any) => q(el, '.fbadge').map((b) => Number(b.dataset.finding));
    return {
      mode: document.querySelector('.journey-map')?.dataset.lanes ?? '',
      stages: q(document, 'th.stage').map((th) => ({
        id: th.dataset.stage,
        name: th.querySelector('.stage-name')?.textContent ?? '',
        gap: th.classList.contains('gap'),
        badges: q(th, ':scope > .badges .fbadge').map((b) => Number(b.dataset.finding)),
        rect: rect(th),
      })),
      lanes: q(document, 'th.lane-head').map((th) => ({ key: th.dataset.lane, label: th.querySelector('.lane-name')?.textContent ?? '', badges: badgeIds(th), rect: rect(th) })),
      cells: q(document, 'table.journey tbody td.cell').map((td) => ({
        stage: td.dataset.stage,
        lanes: lanesOfCell(td),
        kind: td.classList.contains('stage-gap') ? 'stage-gap' : td.classList.contains('gap') ? 'gap' : td.classList.contains('has-refs') ? 'refs' : 'cards',
        cards: q(td, '.card').map((c) => Number(c.dataset.index)),
        refs: q(td, '.ref').map((c) => Number(c.dataset.index)),
        badges: td.classList.contains('gap') ? badgeIds(td) : [],
      })),
      cards: q(document, '.card').map((c) => ({
        index: Number(c.dataset.index),
        stage: c.closest('td').dataset.stage,
        lanes: lanesOfCell(c.closest('td')),
        name: c.querySelector('.card-name')?.textContent ?? '',
        badges: badgeIds(c),
        rect: rect(c),
        selected: c.classList.contains('selected'),
        dim: c.classList.contains('dim'),
      })),
      refs: q(document, '.ref').map((r) => ({ index: Number(r.dataset.index), stage: r.closest('td').dataset.stage, lane: r.closest('td').dataset.lane, selected: r.classList.contains('selected'), dim: r.classList.contains('dim') })),
      badges: q(document, '.journey-map .fbadge').map((b) => ({ finding: Number(b.dataset.finding), label: b.querySelector('.fbadge-label')?.textContent ?? '', title: b.getAttribute('title') ?? '', range: b.dataset.range })),
      panel: q(document, '.fp-item').map((b) => ({ finding: Number(b.dataset.finding), range: b.dataset.range, text: b.textContent })),
      summaryCount: document.querySelector('.sum-count strong')?.textContent ?? '',
      text: document.body.textContent,
    };
  });
}

function rangeOf(r: { start: { line: number; character: number }; end: { line: number; character: number } } | undefined): [number, number, number, number] {
  assert.ok(r, 'range');
  return [r!.start.line, r!.start.character, r!.end.line, r!.end.character];
}

/**
 * Asserts the rendered map shows exactly the journey model in a lane mode: one card per touchpoint
 * (spanning adjacent lanes it reaches), a reference in every other lane it reaches, a gap wherever
 * a lane has nothing in a stage, one hatched column for an empty stage, and short finding badges.
 * `filter`: touchpoints that must not be dimmed (all when undefined).
 */
function assertMapMatches(dom: DomMap, j: JourneyModel, mode: LaneMode, label: string, geometry = true): void {
  assert.strictEqual(dom.mode, mode, `${label}: lane mode`);
  assert.deepStrictEqual(dom.stages.map((s) => s.id), j.stages.map((s) => s.id), `${label}: stage headers in lifecycle order`);
  assert.deepStrictEqual(dom.stages.map((s) => s.name), j.stages.map((s) => s.name), `${label}: stage names`);
  const lanes = laneKeys(j, mode);
  assert.deepStrictEqual(dom.lanes.map((l) => l.key), lanes, `${label}: lanes`);
  if (mode === 'segment' && j.segments.length) assert.deepStrictEqual(dom.lanes.map((l) => l.label), j.segments.map((s) => s.name), `${label}: lane labels`);

  // One card per touchpoint, its cell's lanes adjacent and reached; a reference in each other lane reached.
  const shown = placed(j);
  assert.deepStrictEqual(dom.cards.map((c) => c.index).sort((a, b) => a - b), shown, `${label}: one card per touchpoint in a stage`);
  for (const c of dom.cards) {
    const t = j.touchpoints[c.index];
    const reached = lanesOf(j, mode, t);
    assert.strictEqual(c.stage, t.stage, `${label}: card ${t.id} in stage ${t.stage}`);
    assert.strictEqual(c.name, t.name, `${label}: card ${c.index} name`);
    assert.ok(c.lanes.length > 0 && c.lanes.every((l) => reached.includes(l)), `${label}: card ${t.id} in lanes it reaches (${c.lanes.join(', ')} of ${reached.join(', ')})`);
    const at = c.lanes.map((l) => lanes.indexOf(l));
    assert.ok(at.every((x, k) => k === 0 || x === at[k - 1] + 1), `${label}: card ${t.id} spans adjacent lanes only (${c.lanes.join(', ')})`);
    const elsewhere = reached.filter((l) => !c.lanes.includes(l)).sort();
    const refs = dom.refs.filter((r) => r.index === c.index);
    assert.deepStrictEqual(refs.map((r) => r.lane).sort(), elsewhere, `${label}: card ${t.id}: one reference in each other lane it reaches`);
    for (const r of refs) assert.strictEqual(r.stage, t.stage, `${label}: references to ${t.id} in its stage`);
    assert.deepStrictEqual(c.badges.sort((a, b) => a - b), t.findings.map((f) => f.id).sort((a, b) => a - b), `${label}: badges on card ${t.id}`);
  }
  assert.ok(dom.refs.every((r) => shown.includes(r.index)), `${label}: references point to drawn cards`);

  // Coverage: every lane × stage is covered by a card/reference cell or is a gap, never both.
  for (const s of j.stages) {
    const here = shown.filter((i) => j.touchpoints[i].stage === s.id);
    const cells = dom.cells.filter((c) => c.stage === s.id);
    const stageGap = cells.filter((c) => c.kind === 'stage-gap');
    assert.strictEqual(dom.stages.find((x) => x.id === s.id)!.gap, s.touchpointCount === 0, `${label}: th.stage[${s.id}] hatched iff empty`);
    if (!here.length) {
      assert.strictEqual(stageGap.length, 1, `${label}: ${s.id} (no touchpoint) is one hatched column`);
      assert.strictEqual(cells.length, 1, `${label}: ${s.id} has no other cell`);
      const f = s.findings.find((x) => x.ruleId === 'stage-without-touchpoint');
      if (f) assert.deepStrictEqual(stageGap[0].badges, [f.id], `${label}: ${s.id}: the stage-without-touchpoint badge in the hatched column`);
      continue;
    }
    assert.strictEqual(stageGap.length, 0, `${label}: ${s.id} is not a hatched column`);
    for (const l of lanes) {
      const covered = here.some((i) => lanesOf(j, mode, j.touchpoints[i]).includes(l));
      const gaps = cells.filter((c) => c.kind === 'gap' && c.lanes.includes(l));
      const items = cells.filter((c) => (c.kind === 'cards' || c.kind === 'refs') && c.lanes.includes(l));
      assert.strictEqual(gaps.length, covered ? 0 : 1, `${label}: gap marker on ${s.id} × ${l.replaceAll('\u0000', '')}`);
      assert.strictEqual(items.length > 0, covered, `${label}: cards/references on ${s.id} × ${l.replaceAll('\u0000', '')}`);
      if (mode === 'segment' && gaps.length) {
        const cell = j.cells.find((x) => x.stage === s.id && x.segment === l);
        assert.deepStrictEqual(gaps[0].badges, (cell?.findings ?? []).map((f) => f.id), `${label}: coverage badges on ${s.id} × ${l}`);
      }
    }
  }

  // Stage and lane badges.
  for (const s of j.stages) {
    const expected = s.findings.filter((f) => !(s.touchpointCount === 0 && f.ruleId === 'stage-without-touchpoint')).map((f) => f.id);
    assert.deepStrictEqual(dom.stages.find((x) => x.id === s.id)!.badges.sort((a, b) => a - b), expected.sort((a, b) => a - b), `${label}: badges on stage ${s.id}`);
  }
  if (mode === 'segment') {
    for (const sg of j.segments) {
      const owner = j.owners.find((o) => o.id !== undefined && o.id === sg.owner);
      const expected = [...sg.findings.filter((f) => f.ruleId !== 'coverage-gap'), ...(owner?.findings.filter((f) => f.ruleId === 'owner-over-capacity') ?? [])].map((f) => f.id);
      assert.deepStrictEqual(dom.lanes.find((l) => l.key === sg.key)!.badges.sort((a, b) => a - b), expected.sort((a, b) => a - b), `${label}: badges on lane ${sg.key}`);
    }
  }
  if (mode === 'owner') {
    for (const o of j.owners) assert.deepStrictEqual(dom.lanes.find((l) => l.key === o.key)!.badges.sort((a, b) => a - b), o.findings.map((f) => f.id).sort((a, b) => a - b), `${label}: badges on owner lane ${o.key}`);
  }

  // Badges carry the short label; the full message is in their tooltip and, once, in the findings panel.
  for (const b of dom.badges) {
    const f = j.allFindings[b.finding];
    assert.ok(f, `${label}: badge for finding ${b.finding}`);
    assert.strictEqual(b.label, findingLabel(f, j), `${label}: badge label of ${f.ruleId}`);
    assert.ok(b.title.includes(plainMessage(f.message)), `${label}: badge tooltip of ${f.ruleId} has the message`);
    assert.strictEqual(b.range, rangeOf(f.range).join(':'), `${label}: badge range of ${f.ruleId}`);
  }
  assert.deepStrictEqual(dom.panel.map((p) => p.finding).sort((a, b) => a - b), j.allFindings.map((f) => f.id), `${label}: every finding once in the findings panel`);
  for (const p of dom.panel) {
    const f = j.allFindings[p.finding];
    assert.ok(p.text.includes(plainMessage(f.message)), `${label}: panel item ${f.ruleId} shows the message`);
    assert.strictEqual(p.range, rangeOf(f.range).join(':'), `${label}: panel item ${f.ruleId} range`);
  }

  if (!geometry) return;
  // Every card is drawn under its stage header and across its lanes' rows.
  for (const c of dom.cards) {
    const t = j.touchpoints[c.index];
    const col = dom.stages.find((s) => s.id === c.stage)!.rect;
    const first = dom.lanes.find((l) => l.key === c.lanes[0])!.rect;
    const last = dom.lanes.find((l) => l.key === c.lanes[c.lanes.length - 1])!.rect;
    const cx = (c.rect.left + c.rect.right) / 2;
    assert.ok(cx >= col.left && cx <= col.right, `${label}: card ${t.id} is drawn under its stage header (x ${cx} in ${col.left}..${col.right})`);
    assert.ok(c.rect.top >= first.top - 1 && c.rect.bottom <= last.bottom + 1, `${label}: card ${t.id} is drawn in its lanes (y ${c.rect.top}..${c.rect.bottom} in ${first.top}..${last.bottom})`);
  }
}

// ---------------------------------------------------------------------------
// A local server for the webview (the preview shell, same CSP as client/src/preview/html.ts)
// ---------------------------------------------------------------------------

const URI = 'file:///work/playbooks/test.playbook.yaml';

interface Server {
  origin: string;
  close(): Promise<void>;
}

function shell(nonce: string, state: object): string {
  // As in html.ts: img-src allows blob: (the PNG export draws the SVG through a blob URL).
  const csp = ["default-src 'none'", `script-src 'nonce-${nonce}'`, "style-src 'self'", "img-src 'self' blob:", "font-src 'self'"].join('; ');
  const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/journey.css">
<title>Journey map</title>
<script nonce="${nonce}">
  window.__posted = [];
  window.__state = undefined;
  function acquireVsCodeApi() {
    return {
      postMessage: function (m) { window.__posted.push(JSON.parse(JSON.stringify(m, function (k, v) { return v instanceof Uint8Array ? Array.from(v) : v; }))); },
      getState: function () { return window.__state; },
      setState: function (s) { window.__state = JSON.parse(JSON.stringify(s)); },
    };
  }
</script>
</head>
<body data-state="${attr(JSON.stringify(state))}">
<main id="root" aria-live="polite"></main>
<script nonce="${nonce}" src="/webview.js"></script>
</body>
</html>`;
}

function startServer(): Promise<Server> {
  const files: Record<string, [string, string]> = {
    '/journey.css': ['journey.css', 'text/css; charset=utf-8'],
    '/webview.js': ['webview.js', 'text/javascript; charset=utf-8'],
  };
  const server = http.createServer((req, res) => {
    const url = (req.url ?? '/').split('?')[0];
    if (url === '/' || url === '/index.html') {
      const nonce = randomBytes(16).toString('base64');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(shell(nonce, { uri: URI, locked: false, lanes: 'segment', filter: '' }));
      return;
    }
    const f = files[url];
    if (!f) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': f[1], 'cache-control': 'no-store' });
    res.end(fs.readFileSync(path.join(MEDIA, f[0])));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      resolve({ origin: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

interface Posted {
  type: string;
  uri?: string;
  range?: [number, number, number, number];
  state?: { lanes: string; filter: string; zoom: unknown; density: string; findingsOpen?: boolean; legendOpen?: boolean };
  format?: string;
  data?: number[];
  reason?: string;
}

async function posted(page: Page): Promise<Posted[]> {
  return page.evaluate(() => window.__posted);
}

async function clearPosted(page: Page): Promise<void> {
  await page.evaluate(() => {
    window.__posted.length = 0;
  });
}

async function renderedCount(page: Page): Promise<number> {
  return page.evaluate(() => Number(document.body.dataset.rendered ?? 0));
}

/** Posts an `update` as client/src/preview/panel.ts does (the journey as JSON text) and waits (5 s hang guard) for the re-render. */
async function update(page: Page, journey: JourneyModel | undefined, extra: { uri?: string; syntaxErrors?: { message: string; line: number; character: number }[]; compare?: JourneyCompare } = {}): Promise<void> {
  const before = await renderedCount(page);
  await page.evaluate((m) => window.postMessage(m, '*'), {
    type: 'update',
    uri: extra.uri ?? URI,
    version: 1,
    journeyJson: journey ? JSON.stringify(journey) : undefined,
    syntaxErrors: extra.syntaxErrors ?? [],
    locked: false,
    ...(extra.compare ? { compare: extra.compare } : {}),
  });
  // The empty state (no journey for this file yet) is drawn without counting a render.
  await page.waitForFunction((n) => Number(document.body.dataset.rendered ?? 0) > n || document.querySelector('.empty-state') !== null, before, { timeout: 5000 });
}

async function openWebview(context: BrowserContext, origin: string): Promise<{ page: Page; w: Watch }> {
  const page = await context.newPage();
  await recordCspViolations(page);
  const w = watch(page);
  await page.goto(`${origin}/index.html`);
  await page.waitForFunction(() => Array.isArray(window.__posted) && window.__posted.some((m: any) => m.type === 'ready'), undefined, { timeout: 5000 });
  return { page, w };
}

function assertClean(w: Watch, label: string, allowed: (url: string) => boolean): void {
  assert.deepStrictEqual(w.dialogs, [], `${label}: dialogs`);
  assert.deepStrictEqual(w.pageErrors, [], `${label}: page errors`);
  assert.deepStrictEqual(w.consoleErrors, [], `${label}: console errors`);
  assert.deepStrictEqual(w.requests.filter((u) => !allowed(u)), [], `${label}: requests`);
}

// ---------------------------------------------------------------------------
// Generated playbooks
// ---------------------------------------------------------------------------

/** A large playbook: `n` touchpoints over 8 custom stages and 10 segments. */
function bigPlaybook(n: number, rename = ''): string {
  const stages = ['discover', 'evaluate', 'buy', 'onboard', 'adopt', 'expand', 'renew', 'advocate'];
  const segments = Array.from({ length: 10 }, (_, i) => `segment-${i + 1}`);
  const owners: [string, string][] = [['journeys', 'automation'], ['csm', 'human'], ['support', 'team'], ['sales', 'human'], ['marketing', 'team'], ['bot', 'automation']];
  const channels = ['email', 'in-app', 'chat', 'phone', 'video-call', 'meeting', 'sms', 'push', 'webinar', 'qbr'];
  const out = ['playbook: generated-large', `title: Generated ${n}-touchpoint playbook${rename}`, 'framework: custom', 'engagement: hybrid', 'stages:'];
  for (const s of stages) out.push(`  - id: ${s}`, `    name: ${s[0].toUpperCase()}${s.slice(1)}`, `    goal: Goal of ${s}`);
  out.push('owners:');
  for (const [id, type] of owners) out.push(`  - id: ${id}`, `    name: Owner ${id}`, `    type: ${type}`);
  out.push('segments:');
  segments.forEach((s, i) => out.push(`  - id: ${s}`, `    name: Segment ${i + 1}`, `    size: ${100 + i}`));
  out.push('triggers:', '  - id: signed', '    type: event', '    event: contract.signed', '  - id: weekly', '    type: schedule', '    every: 7d');
  out.push('touchpoints:');
  for (let i = 0; i < n; i++) {
    const segs = [...new Set([segments[i % 10], segments[(i * 7 + 3) % 10]])];
    out.push(
      `  - id: tp-${i}`,
      `    name: Touchpoint ${i}${i === 0 ? rename : ''}`,
      `    stage: ${stages[i % stages.length]}`,
      `    segments: [${segs.join(', ')}]`,
      `    channel: ${channels[i % channels.length]}`,
      `    owner: ${owners[i % owners.length][0]}`,
      `    trigger: ${i % 2 ? 'signed' : 'weekly'}`,
      `    within: ${1 + (i % 9)}d`,
      `    emotion: ${(i % 5) - 2}`,
    );
  }
  out.push('kpis:', '  - id: activation', '    name: Activation', '    metric: activation-rate', '    unit: "%"', '    direction: increase', '    baseline: 30', '    target: 50', '    stage: onboard');
  return `${out.join('\n')}\n`;
}

const q = (s: string) => JSON.stringify(s); // a YAML double-quoted scalar (JSON is YAML)

/** Every free-text field of the format carries a payload; each payload is at least one touchpoint's name. */
function hostilePlaybook(p: string[]): { text: string; fields: number } {
  let k = 0;
  let fields = 0;
  const next = () => {
    fields++;
    return q(p[k++ % p.length]);
  };
  const stages = ['stage-a', 'stage-b', 'stage-c', 'stage-d'];
  const owners: [string, string][] = [['owner-human', 'human'], ['owner-team', 'team'], ['owner-bot', 'automation']];
  const segments = ['seg-high', 'seg-low', 'seg-none'];
  const engagement = ['high-touch', 'low-touch', 'no-touch'];
  const channels = ['email', 'in-app', 'phone', 'webinar', 'sms'];
  const out = [`playbook: xss-everywhere`, `title: ${next()}`, `description: ${next()}`, 'version: 1', 'framework: custom', 'engagement: hybrid', 'stages:'];
  for (const s of stages) out.push(`  - id: ${s}`, `    name: ${next()}`, `    description: ${next()}`, `    goal: ${next()}`, `    exitCriteria: ${next()}`);
  out.push('owners:');
  for (const [id, type] of owners) out.push(`  - id: ${id}`, `    name: ${next()}`, `    type: ${type}`, `    capacity: 1`, `    contact: ${next()}`);
  out.push('segments:');
  segments.forEach((s, i) => out.push(`  - id: ${s}`, `    name: ${next()}`, `    description: ${next()}`, `    criteria: ${next()}`, `    engagement: ${engagement[i]}`, `    owner: ${owners[i][0]}`, `    size: ${10 + i}`));
  out.push(
    'triggers:',
    '  - id: trg-event',
    `    name: ${next()}`,
    '    type: event',
    `    event: ${next()}`,
    '  - id: trg-score',
    `    name: ${next()}`,
    '    type: score',
    `    metric: ${next()}`,
    '    below: 50',
    '  - id: trg-date',
    `    name: ${next()}`,
    '    type: date',
    `    field: ${next()}`,
    '    offset: -30d',
    '  - id: trg-unused',
    `    name: ${next()}`,
    '    type: manual',
  );
  out.push('touchpoints:');
  p.forEach((payload, i) => {
    fields += 2;
    out.push(
      `  - id: tp-${i}`,
      `    name: ${q(payload)}`,
      `    description: ${q(p[(i + 1) % p.length])}`,
      `    stage: ${stages[i % 3]}`, // stage-d stays empty: a gap with a finding
      ...(i % 4 === 0 ? [] : [`    segments: [${segments[i % 3]}${i % 2 ? `, ${segments[(i + 1) % 3]}` : ''}]`]),
      `    channel: ${channels[i % channels.length]}`,
      `    owner: ${owners[i % 3][0]}`,
      `    trigger: ${['trg-event', 'trg-score', 'trg-date'][i % 3]}`,
      `    kpis: [${['kpi-a', 'kpi-b'][i % 2]}]`,
      `    emotion: ${(i % 5) - 2}`,
    );
  });
  out.push('kpis:');
  const units = ['<b>', `"'&`, '<i', 'x>y'];
  ['kpi-a', 'kpi-b', 'kpi-c', 'kpi-d'].forEach((id, i) => {
    fields += 2;
    out.push(`  - id: ${id}`, `    name: ${next()}`, '    metric: custom', `    unit: ${q(units[i])}`, '    direction: increase', '    baseline: 10', ...(i % 2 ? [] : ['    target: 20']), `    stage: ${stages[i % 4]}`);
  });
  return { text: `${out.join('\n')}\n`, fields };
}

/** Payloads in ids, references and enum fields too (schema errors whose messages may quote them). */
function hostileIdsPlaybook(p: string[]): string {
  const [a, b, c, d, e, f, g, h] = p;
  return [
    'playbook: xss-ids',
    `title: ${q(a)}`,
    'framework: custom',
    'stages:',
    `  - id: ${q(b)}`,
    '  - id: plain',
    'owners:',
    `  - id: ${q(c)}`,
    '    type: human',
    '  - id: bot',
    `    type: ${q(d)}`,
    'segments:',
    `  - id: ${q(e)}`,
    `    engagement: ${q(f)}`,
    `    owner: ${q(g)}`,
    '  - id: plain-seg',
    'touchpoints:',
    '  - id: one',
    `    stage: ${q(b)}`,
    `    segments: [${q(e)}, plain-seg]`,
    `    channel: ${q(h)}`,
    `    owner: ${q(c)}`,
    `    within: ${q(a)}`,
    `    escalatesTo: ${q(d)}`,
    `    kpis: [${q(f)}]`,
    `  - id: ${q(g)}`,
    '    stage: plain',
    `    channel: ${q(b)}`,
    `    owner: ${q(h)}`,
    `    trigger: ${q(e)}`,
    'kpis:',
    `  - id: ${q(h)}`,
    `    metric: ${q(a)}`,
    `    direction: ${q(b)}`,
    `    stage: ${q(c)}`,
    '',
  ].join('\n');
}

/** Reads the DOM for signs of injected markup. */
function inspectDom(page: Page): Promise<{ tags: string[]; badAttributes: string[]; scripts: string[]; links: string[]; text: string; title: string; csp: string[] }> {
  return page.evaluate(() => {
    const els = [...document.querySelectorAll('*')];
    const badAttributes: string[] = [];
    const risky = ['src', 'srcset', 'href', 'xlink:href', 'action', 'formaction', 'data', 'background', 'poster', 'srcdoc', 'ping', 'lowsrc', 'dynsrc', 'http-equiv'];
    for (const e of els as any[]) {
      for (const a of [...e.attributes] as any[]) {
        const n = a.name.toLowerCase();
        const mine =
          (e.localName === 'script' && n === 'src' && a.value === '/webview.js') ||
          (e.localName === 'link' && n === 'href' && a.value === '/journey.css') ||
          (e.localName === 'meta' && n === 'http-equiv' && a.value === 'Content-Security-Policy') ||
          // The icon sprite: <use href="#jm-i-…"> (local fragments only).
          (e.localName === 'use' && n === 'href' && /^#jm-i-[a-z-]+$/.test(a.value)) ||
          // Set by the webview script through CSSOM: the zoom of the table, the popover's position.
          (n === 'style' && (e.matches('table.journey') || e.classList.contains('jm-popover')));
        if (!mine && (n.startsWith('on') || risky.includes(n) || n === 'style')) badAttributes.push(`<${e.localName} ${n}="${a.value}">`);
      }
    }
    return {
      tags: [...new Set((els as any[]).map((e) => e.localName as string))].sort(),
      badAttributes,
      scripts: (els as any[]).filter((e) => e.localName === 'script').map((e) => e.getAttribute('src') ?? 'inline'),
      links: (els as any[]).filter((e) => e.localName === 'link').map((e) => e.getAttribute('href')),
      text: document.body.textContent,
      title: document.title,
      csp: window.__csp ?? [],
    };
  });
}

/** Every element the renderer can draw for these journeys (any lane mode, preview or export, with a syntax banner). */
function rendererTags(...journeys: JourneyModel[]): string[] {
  const tags = new Set<string>();
  const walk = (c: Child) => {
    if (typeof c === 'string') return;
    tags.add(c.tag);
    c.children.forEach(walk);
  };
  for (const j of journeys) {
    for (const lanes of ['segment', 'channel', 'owner'] as const) {
      for (const interactive of [true, false]) walk(renderJourneyMap(j, { lanes, interactive, syntaxErrors: [{ message: 'x', line: 0, character: 0 }], findingsOpen: true, legendOpen: true }));
    }
  }
  return [...tags];
}

/** The page shells: the export's document, and the webview's (plus its empty state and popover). */
const EXPORT_SHELL_TAGS = ['html', 'head', 'meta', 'title', 'style', 'body'];
const WEBVIEW_SHELL_TAGS = ['html', 'head', 'meta', 'link', 'title', 'script', 'body', 'main', 'div', 'p', 'button'];

function loadPayloads(): string[] {
  const file = path.join(ROOT, 'test', 'fixtures', 'xss-payloads.txt');
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0);
}

/** Cards use `content-visibility: auto`: draws every one (as scrolling them into view would) before geometry is read. */
async function drawAll(page: Page): Promise<void> {
  await page.evaluate(() => {
    for (const el of document.querySelectorAll('.journey-map *')) if (getComputedStyle(el).contentVisibility === 'auto') el.style.contentVisibility = 'visible';
  });
}

// ---------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------

suite('browser: journey map in headless Chromium', function () {
  this.timeout(120000);
  let browser: Browser;
  const allSamples = loadSamples();

  suiteSetup(async () => {
    assert.ok(fs.existsSync(LAUNCH.executablePath), 'Debian chromium is installed at /usr/bin/chromium');
    for (const f of ['webview.js', 'journey.css']) assert.ok(fs.existsSync(path.join(MEDIA, f)), `dist/media/${f} (run node scripts/build.mjs)`);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    browser = await chromium.launch(LAUNCH);
  });

  suiteTeardown(async () => {
    await browser?.close();
  });

  suite('HTML export of every sample', () => {
    let context: BrowserContext;
    suiteSetup(async () => {
      context = await newContext(browser);
    });
    suiteTeardown(async () => {
      await context?.close();
    });

    for (const s of allSamples) {
      test(`${s.file}: one card per touchpoint, references, gaps, badges and the findings panel`, async () => {
        const page = await context.newPage();
        const w = watch(page);
        await page.setContent(renderHtmlExport(s.journey));
        await drawAll(page);
        assertMapMatches(await readMap(page), s.journey, 'segment', s.file);
        // The stylesheet applied: gaps hatched, cards with their owner colour bar; a static page (no controls), panel shown.
        const styled = await page.evaluate(() => ({
          gap: [...document.querySelectorAll('td.cell.gap')].map((td: any) => getComputedStyle(td).backgroundImage),
          card: getComputedStyle(document.querySelector('.card')).borderLeftWidth,
          controls: [...document.querySelectorAll('.jm-toolbar, [data-action]')].filter((el: any) => el.checkVisibility()).length,
          panel: getComputedStyle(document.querySelector('.jm-findings')).display,
          classes: document.querySelector('.journey-map').className,
        }));
        for (const g of styled.gap) assert.match(g, /repeating-linear-gradient/);
        assert.strictEqual(styled.card, '4px');
        assert.strictEqual(styled.controls, 0, 'no visible controls in the export (they need the preview script)');
        assert.strictEqual(styled.panel !== 'none', s.journey.allFindings.length > 0, 'the findings panel is shown when there is something to list');
        assert.match(styled.classes, /\bstatic\b/);
        assertClean(w, s.file, () => false);
        await page.close();
      });
    }

    test('every finding of the analysis is in the findings panel with its message; the summary counts them', async () => {
      const missing: string[] = [];
      const page = await context.newPage();
      for (const s of allSamples) {
        const analysis = analyzePlaybook(s.text);
        await page.setContent(renderHtmlExport(s.journey));
        const r: { panel: string; counts: Record<string, string> } = await page.evaluate(() => ({
          panel: document.querySelector('.jm-findings').textContent,
          counts: Object.fromEntries([...document.querySelectorAll('.count')].map((c: any) => [c.dataset.severity, c.querySelector('strong').textContent])),
        }));
        for (const f of analysis.findings) if (!r.panel.includes(plainMessage(f.message))) missing.push(`${s.file}: ${f.ruleId} (${f.severity}) "${f.message.slice(0, 70)}…"`);
        for (const sev of ['error', 'warning', 'info'] as const) {
          const n = analysis.findings.filter((f) => f.severity === sev).length;
          if (r.counts[sev] !== String(n)) missing.push(`${s.file}: summary shows ${r.counts[sev]} ${sev}(s), the analysis has ${n}`);
        }
      }
      await page.close();
      assert.deepStrictEqual(missing, []);
    });

    test('the SVG export of every sample is well-formed for the browser XML parser and names every card', async () => {
      const page = await context.newPage();
      await page.setContent('<!DOCTYPE html><title>svg</title>');
      for (const s of allSamples) {
        const svg = renderSvgExport(s.journey);
        const r = await page.evaluate((text) => {
          const d = new DOMParser().parseFromString(text, 'image/svg+xml');
          const err = d.querySelector('parsererror');
          return { error: err ? err.textContent : null, root: d.documentElement.localName, ns: d.documentElement.namespaceURI, texts: [...d.querySelectorAll('text, title')].map((t: any) => t.textContent) };
        }, svg);
        assert.strictEqual(r.error, null, `${s.file}: ${r.error}`);
        assert.strictEqual(r.root, 'svg');
        assert.strictEqual(r.ns, 'http://www.w3.org/2000/svg');
        // A cut name keeps its whole in a <title>.
        for (const i of placed(s.journey)) assert.ok(r.texts.some((t) => t.includes(s.journey.touchpoints[i].name)), `${s.file}: card ${s.journey.touchpoints[i].name}`);
      }
      await page.close();
    });

    test('screenshots of laer and gaps in light and dark (.test-artifacts/)', async () => {
      const page = await context.newPage();
      const decoder = await context.newPage();
      for (const name of ['laer', 'gaps']) {
        const s = allSamples.find((x) => x.name === name)!;
        await page.setContent(renderHtmlExport(s.journey));
        for (const scheme of ['light', 'dark'] as const) {
          await page.emulateMedia({ colorScheme: scheme });
          const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
          assert.strictEqual(bg, scheme === 'dark' ? 'rgb(30, 30, 30)' : 'rgb(255, 255, 255)', `${name} ${scheme} background`);
          const file = path.join(ARTIFACTS, `export-${name}-${scheme}.png`);
          const png = await page.screenshot({ path: file, fullPage: true });
          // What the picture shows: the theme, the title's text, the first card with its owner-type stripe.
          const seen = await page.evaluate(() => {
            const box = (sel: string) => {
              const r = document.querySelector(sel)!.getBoundingClientRect();
              return { x: r.left + window.scrollX, y: r.top + window.scrollY, width: r.width, height: r.height };
            };
            const card = document.querySelector('.card')!;
            return {
              page: { x: 0, y: 0, width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight },
              title: box('h1.map-title'),
              card: box('.card'),
              titleColour: getComputedStyle(document.querySelector('h1.map-title')!).color,
              stripe: getComputedStyle(card).borderLeftColor,
            };
          });
          const [whole, title, card] = await regionStats(decoder, png, [seen.page, seen.title, seen.card], [parseRgb(seen.titleColour), parseRgb(seen.stripe)]);
          const where = `${name} ${scheme} screenshot`;
          if (scheme === 'dark') assert.ok(whole.luminance < 0.3, `${where}: dark overall (luminance ${whole.luminance.toFixed(2)})`);
          else assert.ok(whole.luminance > 0.75, `${where}: light overall (luminance ${whole.luminance.toFixed(2)})`);
          assert.ok(whole.colours > 40, `${where}: a drawn map, not a flat page (${whole.colours} colours)`);
          assert.ok(title.spread > 0.05 && title.shares[0] > 0.02, `${where}: the title's text is visible (spread ${title.spread.toFixed(3)}, ${(title.shares[0] * 100).toFixed(1)} % in its colour)`);
          assert.ok(card.shares[1] > 0.01, `${where}: the first card shows its owner-type stripe ${seen.stripe} (${(card.shares[1] * 100).toFixed(2)} %)`);
          assert.ok(card.spread > 0.03, `${where}: the first card has text on it`);
        }
      }
      await page.close();
      await decoder.close();
    });
  });

  suite('preview webview (dist/media/webview.js under the preview CSP)', () => {
    let server: Server;
    let context: BrowserContext;
    const gaps = allSamples.find((x) => x.name === 'gaps')!;
    const laer = allSamples.find((x) => x.name === 'laer')!;
    const sameOrigin = (u: string) => u.startsWith(`${server.origin}/`) && ['/index.html', '/journey.css', '/webview.js'].includes(new URL(u).pathname);

    suiteSetup(async () => {
      server = await startServer();
      context = await newContext(browser, `${server.origin}/`);
    });
    suiteTeardown(async () => {
      await context?.close();
      await server?.close();
    });

    test('workload (format v1.1): owner lanes carry an hours meter, over 100 % marked; segment lanes their touches against the maximum; cards their monthly cost; the summary the person-hours', async () => {
      const text = fs.readFileSync(path.join(repoRoot(), 'test/fixtures/workload/over.playbook.yaml'), 'utf8');
      const journey = buildJourney(analyzePlaybook(text))!;
      const { page, w } = await openWebview(context, server.origin);
      await update(page, journey);
      const segmentView = await page.evaluate(() => ({
        touches: [...document.querySelectorAll('th.lane-head .lane-line.touches')].map((e: any) => ({ text: e.innerText.replace(/\s+/g, ' ').trim(), over: e.classList.contains('over'), color: getComputedStyle(e).color })),
        person: (document.querySelector('.sum-item.person-hours') as any)?.innerText.replace(/\s+/g, ' ').trim(),
        cost: [...document.querySelectorAll('.card')].map((c: any) => c.title).find((t: string) => t.startsWith('check-in')),
        error: getComputedStyle(document.documentElement).getPropertyValue('--jm-error'),
      }));
      assert.deepStrictEqual(segmentView.touches.map((t) => [t.text, t.over]), [['5.7 / 2 touches / month', true]]);
      assert.strictEqual(segmentView.person, '536 person-hours / month');
      assert.match(segmentView.cost ?? '', /\n≈ 260 h a month for csm$/m);
      await page.click('button[data-action="lanes"][value="owner"]');
      await page.waitForSelector('th.lane-owner');
      const ownerView = await page.evaluate(() =>
        [...document.querySelectorAll('th.lane-head.lane-owner')].map((th: any) => ({
          lane: th.dataset.lane,
          meter: th.querySelector('.meter.hours') ? { text: th.querySelector('.meter.hours .meter-text').innerText.replace(/\s+/g, ' ').trim(), over: th.querySelector('.meter.hours').classList.contains('over'), excess: Boolean(th.querySelector('.meter.hours .meter-excess')) } : undefined,
          line: th.querySelector('.lane-line.hours')?.innerText.replace(/\s+/g, ' ').trim(),
        })),
      );
      assert.deepStrictEqual(ownerView, [
        { lane: 'csm', meter: { text: 'Hours / month 520 / 260 h', over: true, excess: true }, line: undefined },
        { lane: 'am', meter: undefined, line: '≈ 16 h of work a month' },
        { lane: 'bot', meter: undefined, line: undefined },
      ]);
      await page.screenshot({ path: path.join(ARTIFACTS, 'webview-workload.png') });
      assertClean(w, 'workload', sameOrigin);
      await page.close();
    });

    test('compare mode: new cards marked, changed ones outlined with their fields, removed ones as ghosts in their old cells, coverage cells marked, a summary on top', async () => {
      const base = fs.readFileSync(path.join(repoRoot(), 'test/fixtures/diff/base.playbook.yaml'), 'utf8');
      const removedBlock = /\n {2}- id: renewal-call\n(?: {4}.*\n)+/;
      const edited = base
        .replace(removedBlock, '\n')
        .replace('    name: Health review\n    stage: adopt\n    segments: [enterprise]\n    channel: video-call', '    name: Health review\n    stage: adopt\n    segments: [enterprise]\n    channel: meeting')
        .replace('kpis:\n  - id: churn', '  - id: <img src=x onerror=alert(1)>\n    name: "<b>Roadmap</b> webinar"\n    stage: expand\n    segments: [starter]\n    channel: webinar\n    owner: bot\nkpis:\n  - id: churn');
      const before = analyzePlaybook(base);
      const after = analyzePlaybook(edited);
      const journey = buildJourney(after)!;
      const compare = journeyCompare(diffPlaybooks(before, after), before.model, journey, 'main <script>');
      const { page, w } = await openWebview(context, server.origin);
      await update(page, journey, { compare });
      const seen = await page.evaluate(() => {
        const text = (sel: string) => [...document.querySelectorAll(sel)].map((e: any) => e.innerText.replace(/\s+/g, ' ').trim());
        const cardOf = (name: string) => [...document.querySelectorAll('.card')].find((c) => c.querySelector('.card-name')?.textContent === name) as any;
        const ghost = document.querySelector('.card.ghost') as any;
        const cell = ghost?.closest('td') as any;
        return {
          bar: text('.compare-bar')[0],
          added: text('.card.cmp-added .card-name'),
          changed: text('.card.cmp-changed .card-name'),
          changedTitle: cardOf('Health review')?.title,
          changedOutline: getComputedStyle(cardOf('Health review')!).outlineStyle,
          ghost: ghost ? { name: ghost.querySelector('.card-name')!.textContent, cell: [cell?.dataset.stage, cell?.dataset.lane], strike: getComputedStyle(ghost.querySelector('.card-name')!).textDecorationLine } : undefined,
          lost: [...document.querySelectorAll('td.cell.cov-lost')].map((td: any) => [td.dataset.stage, (td).dataset.lane]),
          lostShadow: getComputedStyle(document.querySelector('td.cell.cov-lost')!).boxShadow,
          scripts: document.querySelectorAll('script:not([nonce]), img').length,
        };
      });
      assert.match(seen.bar, /^Compared with main <script> 1 touchpoint added 1 touchpoint removed 1 touchpoint changed 1 coverage cell lost/, seen.bar);
      assert.deepStrictEqual(seen.added, ['<b>Roadmap</b> webinar'], 'the new card, its name shown as text');
      assert.deepStrictEqual(seen.changed, ['Health review']);
      assert.match(seen.changedTitle ?? '', /Changed since main <script>:\n {2}channel: video-call → meeting/);
      assert.strictEqual(seen.changedOutline, 'dashed');
      assert.deepStrictEqual(seen.ghost, { name: 'Renewal call', cell: ['renew', 'enterprise'], strike: 'line-through' }, 'the removed card in its old cell');
      assert.deepStrictEqual(seen.lost, [['renew', 'enterprise']]);
      assert.notStrictEqual(seen.lostShadow, 'none');
      assert.strictEqual(seen.scripts, 0, 'user strings never become markup');
      await page.screenshot({ path: path.join(ARTIFACTS, 'webview-compare.png') });
      // Leaving compare mode: the plain map again.
      await update(page, journey);
      assert.strictEqual(await page.evaluate(() => document.querySelectorAll('.compare-bar, .card.ghost, .cmp-added, .cmp-changed, .cov-lost').length), 0);
      assertClean(w, 'compare', sameOrigin);
      await page.close();
    });

    test('renders every sample: one card per touchpoint, references, gaps, badges, panel; the stylesheet loads under the CSP', async () => {
      const { page, w } = await openWebview(context, server.origin);
      const dom0 = await inspectDom(page);
      assert.match(dom0.text, /Open a playbook/);
      for (const s of allSamples) {
        await update(page, s.journey, { uri: `file:///samples/${s.file}` });
        assertMapMatches(await readMap(page), s.journey, 'segment', `webview ${s.file}`, false);
      }
      await update(page, gaps.journey);
      await drawAll(page);
      assertMapMatches(await readMap(page), gaps.journey, 'segment', 'webview gaps');
      const style = await page.evaluate(() => getComputedStyle(document.querySelector('.card')).borderLeftWidth);
      assert.strictEqual(style, '4px', 'journey.css applied');
      const types = (await posted(page)).map((m) => m.type);
      assert.strictEqual(types[0], 'ready');
      assert.ok(types.includes('state'));
      await page.screenshot({ path: path.join(ARTIFACTS, 'webview-gaps.png') });
      assertClean(w, 'webview', sameOrigin);
      assert.deepStrictEqual(await page.evaluate(() => window.__csp), [], 'CSP violations');
      await page.close();
    });

    test('clicking a card, a reference, a stage, a badge or a panel item posts a reveal with its range', async () => {
      const { page, w } = await openWebview(context, server.origin);
      await update(page, gaps.journey);
      const j = gaps.journey;
      const kickoff = j.touchpoints.findIndex((t) => t.id === 'kickoff-call');
      await clearPosted(page);
      await page.click(`.card[data-index="${kickoff}"] .card-name`);
      assert.deepStrictEqual(await posted(page), [{ type: 'reveal', uri: URI, range: rangeOf(j.touchpoints[kickoff].idRange) }]);
      // A reference in another lane reveals the same touchpoint and takes focus to its card.
      const refLane = await page.evaluate((i) => document.querySelector(`.ref[data-index="${i}"]`)?.closest('td').dataset.lane, kickoff);
      assert.ok(refLane, 'kickoff-call has a reference in a lane it reaches away from its card');
      await clearPosted(page);
      await page.click(`td[data-lane="${refLane}"] .ref[data-index="${kickoff}"]`);
      assert.deepStrictEqual(await posted(page), [{ type: 'reveal', uri: URI, range: rangeOf(j.touchpoints[kickoff].idRange) }]);
      assert.strictEqual(await page.evaluate(() => document.activeElement?.matches('.card') ? Number(document.activeElement.dataset.index) : -1), kickoff, 'focus moves to the card');
      await clearPosted(page);
      await page.click('th.stage[data-stage="adopt"] .stage-name');
      assert.deepStrictEqual(await posted(page), [{ type: 'reveal', uri: URI, range: rangeOf(j.stages.find((s) => s.id === 'adopt')!.idRange) }]);
      // A coverage-gap badge in a gap cell: reveal, and its panel item is highlighted.
      const cov = j.cells.find((c) => c.stage === 'renew' && c.segment === 'mid-market')!.findings[0];
      await clearPosted(page);
      await page.click('td.gap[data-stage="renew"][data-lane="mid-market"] .fbadge');
      assert.deepStrictEqual(await posted(page), [{ type: 'reveal', uri: URI, range: rangeOf(cov.range) }]);
      assert.deepStrictEqual(await page.evaluate(() => [...document.querySelectorAll('.fp-item.active')].map((b: any) => Number(b.dataset.finding))), [cov.id]);
      // Every panel item.
      for (const f of j.allFindings) {
        await clearPosted(page);
        await page.click(`.fp-item[data-finding="${f.id}"]`);
        assert.deepStrictEqual(await posted(page), [{ type: 'reveal', uri: URI, range: rangeOf(f.range) }], `panel item ${f.ruleId}`);
      }
      assertClean(w, 'webview click', sameOrigin);
      await page.close();
    });

    test('a finding badge shows its full message in a popover on hover and on focus; Escape hides it', async () => {
      const { page, w } = await openWebview(context, server.origin);
      const j = gaps.journey;
      await update(page, j);
      const f = j.touchpoints.find((t) => t.id === 'renewal-call')!.findings[0];
      const badge = `.card .fbadge[data-finding="${f.id}"]`;
      const popover = () => page.evaluate(() => {
        const p = document.querySelector('.jm-popover');
        return p && !p.hidden ? { title: p.querySelector('.pop-title')?.textContent, msg: p.querySelector('.pop-msg')?.textContent, sub: p.querySelector('.pop-sub')?.textContent } : null;
      });
      await page.hover(badge);
      const shown = await popover();
      assert.ok(shown, 'popover on hover');
      assert.strictEqual(shown!.title, findingLabel(f, j));
      assert.strictEqual(shown!.msg, plainMessage(f.message));
      assert.match(shown!.sub ?? '', new RegExp(`${f.ruleId} · line ${f.range.start.line + 1}`));
      assert.strictEqual(await page.getAttribute(badge, 'aria-describedby'), 'jm-popover');
      await page.mouse.move(5, 5);
      assert.strictEqual(await popover(), null, 'hidden when the mouse leaves');
      await page.focus(badge);
      assert.ok(await popover(), 'popover on keyboard focus');
      await page.keyboard.press('Escape');
      assert.strictEqual(await popover(), null, 'Escape hides it');
      // "Go to source" in the popover reveals the finding.
      await page.hover(badge);
      await clearPosted(page);
      await page.click('.jm-popover .pop-actions button');
      assert.deepStrictEqual((await posted(page)).filter((m) => m.type === 'reveal'), [{ type: 'reveal', uri: URI, range: rangeOf(f.range) }]);
      assertClean(w, 'webview popover', sameOrigin);
      await page.close();
    });

    test('a cursor message outlines the matching card and its references, and only those', async () => {
      const { page, w } = await openWebview(context, server.origin);
      await update(page, gaps.journey);
      const j = gaps.journey;
      const selected = () => page.evaluate(() => ({
        cards: [...document.querySelectorAll('.card.selected')].map((c: any) => ({ index: Number(c.dataset.index), current: c.getAttribute('aria-current'), outline: getComputedStyle(c).outlineStyle })),
        refs: [...document.querySelectorAll('.ref.selected')].map((r: any) => Number(r.dataset.index)),
      }));
      const i = j.touchpoints.findIndex((t) => t.id === 'admin-training');
      const t = j.touchpoints[i];
      await page.evaluate((m) => window.postMessage(m, '*'), { type: 'cursor', uri: URI, line: t.range!.start.line + 1 });
      await page.waitForFunction(() => document.querySelectorAll('.card.selected').length > 0, undefined, { timeout: 5000 });
      let sel = await selected();
      assert.deepStrictEqual(sel.cards.map((s) => s.index), [i]);
      assert.strictEqual(sel.cards[0].current, 'true');
      assert.strictEqual(sel.cards[0].outline, 'solid', 'outlined');
      // A touchpoint reaching several lanes: its one card and every reference to it.
      const k = j.touchpoints.findIndex((x) => x.id === 'kickoff-call');
      await page.evaluate((m) => window.postMessage(m, '*'), { type: 'cursor', uri: URI, line: j.touchpoints[k].range!.start.line + 2 });
      await page.waitForFunction((n) => [...document.querySelectorAll('.card.selected')].every((c: any) => Number(c.dataset.index) === n), k, { timeout: 5000 });
      sel = await selected();
      assert.deepStrictEqual(sel.cards.map((s) => s.index), [k]);
      const refs = await page.evaluate((n) => document.querySelectorAll(`.ref[data-index="${n}"]`).length, k);
      assert.ok(refs > 0);
      assert.deepStrictEqual(sel.refs, Array(refs).fill(k));
      // Cursor outside any touchpoint (line 0), and for another file: nothing / unchanged.
      await page.evaluate((m) => window.postMessage(m, '*'), { type: 'cursor', uri: URI, line: 0 });
      await page.waitForFunction(() => document.querySelectorAll('.card.selected, .ref.selected, .card[aria-current]').length === 0, undefined, { timeout: 5000 });
      await page.evaluate((m) => window.postMessage(m, '*'), { type: 'cursor', uri: 'file:///other.playbook.yaml', line: t.range!.start.line });
      await page.waitForTimeout(50);
      assert.strictEqual(await page.locator('.card.selected').count(), 0);
      // The selection survives a re-render (the next update of the same file).
      await page.evaluate((m) => window.postMessage(m, '*'), { type: 'cursor', uri: URI, line: t.range!.start.line });
      await update(page, j);
      assert.deepStrictEqual((await selected()).cards.map((s) => s.index), [i]);
      assertClean(w, 'webview cursor', sameOrigin);
      await page.close();
    });

    test('a cursor just past a touchpoint (its range ends at column 0 of that line) selects nothing', async () => {
      const { page, w } = await openWebview(context, server.origin);
      const j = gaps.journey;
      await update(page, j);
      const last = j.touchpoints[j.touchpoints.length - 1];
      assert.strictEqual(last.range!.end.character, 0, 'the range ends at the start of the following line');
      assert.strictEqual(gaps.text.split('\n')[last.range!.end.line].trim(), '', 'that line is blank, outside the entry');
      await page.evaluate((m) => window.postMessage(m, '*'), { type: 'cursor', uri: URI, line: last.range!.end.line });
      await page.waitForTimeout(100);
      assert.deepStrictEqual(await page.evaluate(() => [...document.querySelectorAll('.card.selected')].map((c: any) => Number(c.dataset.index))), []);
      assertClean(w, 'webview cursor past end', sameOrigin);
      await page.close();
    });

    test('lane switch buttons: channel, owner, segment', async () => {
      const { page, w } = await openWebview(context, server.origin);
      for (const s of [gaps, laer]) {
        const j = s.journey;
        await update(page, j, { uri: `file:///samples/${s.file}` });
        await clearPosted(page);
        for (const mode of ['channel', 'owner', 'segment'] as const) {
          await page.click(`button[data-action="lanes"][value="${mode}"]`);
          await drawAll(page);
          assertMapMatches(await readMap(page), j, mode, `${s.name}, ${mode} lanes`);
          for (const other of ['channel', 'owner', 'segment']) assert.strictEqual(await page.getAttribute(`button[data-action="lanes"][value="${other}"]`, 'aria-pressed'), String(other === mode));
        }
        assert.deepStrictEqual((await posted(page)).filter((m) => m.type === 'state').map((m) => m.state!.lanes), ['channel', 'owner', 'segment']);
      }
      // The owner lane of touchpoints whose owner is not defined.
      await update(page, gaps.journey);
      await page.click('button[data-action="lanes"][value="owner"]');
      const none = await page.evaluate((k) => [...document.querySelectorAll('th.lane-head')].find((th: any) => th.dataset.lane === k)?.querySelector('.lane-name')?.textContent ?? null, NO_OWNER_KEY);
      assert.strictEqual(none, gaps.journey.touchpoints.some((t) => ownerLane(gaps.journey, t) === NO_OWNER_KEY) ? 'No known owner' : null);
      assertClean(w, 'webview lanes', sameOrigin);
      await page.close();
    });

    test('the filter select dims what does not match (a filter on the lanes themselves shows that lane only)', async () => {
      const { page, w } = await openWebview(context, server.origin);
      const j = laer.journey;
      await update(page, j);
      const options: string[] = await page.evaluate(() => [...document.querySelectorAll('select[data-action="filter"] option')].map((o: any) => o.value));
      assert.strictEqual(options[0], '');
      assert.strictEqual(options.length, 1 + j.segments.length + Object.keys(j.summary.byChannel).length + j.owners.filter((o) => o.id !== undefined).length);
      const all = placed(j);
      for (const value of options.slice(1)) {
        await clearPosted(page);
        await page.selectOption('select[data-action="filter"]', value);
        const [kind, key] = [value.slice(0, value.indexOf(':')), value.slice(value.indexOf(':') + 1)];
        const keep = all.filter((i) => {
          const t = j.touchpoints[i];
          return (kind === 'segment' && t.segments.includes(key)) || (kind === 'channel' && (t.channel ?? 'unknown') === key) || (kind === 'owner' && t.owner === key);
        });
        const dom = await readMap(page);
        if (kind === 'segment') {
          // Segment lanes filtered by a segment: that lane only, with the touchpoints reaching it.
          assert.deepStrictEqual(dom.lanes.map((l) => l.key), [key], `filter ${value}: that lane only`);
          assert.deepStrictEqual(dom.cards.map((c) => c.index).sort((a, b) => a - b), keep, `filter ${value}: its touchpoints`);
          assert.deepStrictEqual(dom.cards.filter((c) => c.dim).map((c) => c.index), [], `filter ${value}: nothing dimmed`);
        } else {
          assert.deepStrictEqual(dom.cards.map((c) => c.index).sort((a, b) => a - b), all, `filter ${value}: every card stays`);
          assert.deepStrictEqual(dom.cards.filter((c) => !c.dim).map((c) => c.index).sort((a, b) => a - b), keep, `filter ${value}: the others are dimmed`);
          assert.deepStrictEqual(dom.refs.filter((r) => r.dim === keep.includes(r.index)), [], `filter ${value}: references dimmed like their cards`);
        }
        assert.strictEqual(dom.summaryCount, keep.length === j.touchpoints.length ? String(keep.length) : `${keep.length} of ${j.touchpoints.length}`, `filter ${value}: summary count`);
        assert.strictEqual(await page.inputValue('select[data-action="filter"]'), value, `select shows ${value}`);
        assert.deepStrictEqual((await posted(page)).filter((m) => m.type === 'state').map((m) => m.state!.filter), [value]);
      }
      await page.selectOption('select[data-action="filter"]', '');
      const dom = await readMap(page);
      assert.strictEqual(dom.cards.length, all.length);
      assert.strictEqual(dom.cards.filter((c) => c.dim).length, 0);
      assertClean(w, 'webview filter', sameOrigin);
      await page.close();
    });

    test('findings panel, density and legend: toggled by their controls, kept in the webview state across re-renders', async () => {
      const { page, w } = await openWebview(context, server.origin);
      const j = gaps.journey;
      await update(page, j);
      const look = () => page.evaluate(() => ({
        panel: getComputedStyle(document.querySelector('.jm-findings')).display !== 'none',
        pill: document.querySelector('.pill[data-action="findings"]')?.getAttribute('aria-pressed'),
        compact: document.querySelector('.journey-map').classList.contains('density-compact'),
        desc: [...document.querySelectorAll('.card-when, .card-tags')].some((d: any) => getComputedStyle(d).display !== 'none'),
        legend: document.querySelector('details.jm-legend').open,
        state: window.__state,
      }));
      let v = await look();
      assert.deepStrictEqual([v.panel, v.pill, v.compact, v.legend], [true, 'true', false, true], 'defaults at 1400 px');
      assert.ok(v.desc, 'triggers and KPI tags shown in comfortable density');
      await page.click('.pill[data-action="findings"]');
      await page.click('button[data-action="density"][value="compact"]');
      await page.click('details.jm-legend > summary');
      // A <details> element fires its toggle event in a later task (HTML spec): wait for it.
      await page.waitForFunction(() => (window as any).__state?.legendOpen === false, undefined, { timeout: 5000 });
      v = await look();
      assert.deepStrictEqual([v.panel, v.pill, v.compact, v.desc, v.legend], [false, 'false', true, false, false], 'after the clicks');
      assert.deepStrictEqual([v.state.findingsOpen, v.state.density, v.state.legendOpen], [false, 'compact', false], 'kept in the webview state');
      await update(page, j);
      v = await look();
      assert.deepStrictEqual([v.panel, v.compact, v.legend], [false, true, false], 'after a re-render');
      // The close button in the panel's head, once shown again.
      await page.click('.pill[data-action="findings"]');
      assert.ok((await look()).panel);
      await page.click('.fp-close');
      assert.strictEqual((await look()).panel, false, 'closed from its own button');
      // A re-render right after a click on the legend (before its toggle event) keeps the click.
      await page.evaluate((m) => {
        (document.querySelector('details.jm-legend > summary') as any).click();
        window.dispatchEvent(new MessageEvent('message', { data: m })); // handled now, before the toggle task
      }, { type: 'update', uri: URI, journeyJson: JSON.stringify(j), syntaxErrors: [], version: 99, locked: false });
      await page.waitForFunction(() => (window as any).__state?.legendOpen === true, undefined, { timeout: 5000 });
      assert.strictEqual((await look()).legend, true, 'legend still open after the re-render');
      assertClean(w, 'webview toggles', sameOrigin);
      await page.close();
    });

    test('keyboard: Tab reaches cards, Enter/Space reveal, arrow keys move between cards', async () => {
      const { page, w } = await openWebview(context, server.origin);
      const j = laer.journey;
      await update(page, j);
      await drawAll(page);
      type Active = { card: boolean; index: number; stage: string; top: number };
      const active = (): Promise<Active> =>
        page.evaluate(() => {
          const a = document.activeElement;
          return { card: a?.classList.contains('card') ?? false, index: Number(a?.dataset?.index ?? -1), stage: a?.closest('td')?.dataset.stage, top: a?.getBoundingClientRect().top ?? 0 };
        });
      let tabs = 0;
      while (!(await active()).card && tabs < 300) {
        await page.keyboard.press('Tab');
        tabs++;
      }
      const first = await active();
      assert.ok(first.card, `a card takes focus within 300 Tab presses (pressed ${tabs})`);
      assert.strictEqual(first.index, await page.evaluate(() => Number(document.querySelector('.card').dataset.index)), 'Tab reaches the first card first');

      for (const key of ['Enter', 'Space']) {
        await clearPosted(page);
        await page.keyboard.press(key);
        await page.waitForFunction(() => window.__posted.length > 0, undefined, { timeout: 5000 });
        assert.deepStrictEqual(await posted(page), [{ type: 'reveal', uri: URI, range: rangeOf(j.touchpoints[first.index].idRange) }], `${key} on a focused card`);
      }

      // The cards of each stage column, top to bottom.
      const columns: Record<string, number[]> = await page.evaluate(() => {
        const out: Record<string, { i: number; top: number }[]> = {};
        for (const c of document.querySelectorAll('.card') as any) (out[c.closest('td').dataset.stage] ??= []).push({ i: Number(c.dataset.index), top: c.getBoundingClientRect().top });
        return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.sort((a, b) => a.top - b.top).map((x) => x.i)]));
      });
      const column = columns[first.stage];
      assert.ok(column.length > 1, 'the first column has several cards');
      await page.keyboard.press('ArrowDown');
      let now = await active();
      assert.deepStrictEqual([now.index, now.stage], [column[column.indexOf(first.index) + 1], first.stage], 'ArrowDown: the card below, same stage');
      await page.keyboard.press('ArrowUp');
      now = await active();
      assert.strictEqual(now.index, first.index, 'ArrowUp: back');
      // ArrowRight: the next stage with cards, the card nearest in height; ArrowLeft back to this column.
      const stages = j.stages.map((s) => s.id).filter((id) => columns[id]?.length);
      const next = stages[stages.indexOf(first.stage) + 1];
      await page.keyboard.press('ArrowRight');
      now = await active();
      assert.strictEqual(now.stage, next, 'ArrowRight: next stage');
      assert.ok(columns[next].includes(now.index));
      await page.keyboard.press('ArrowLeft');
      now = await active();
      assert.strictEqual(now.stage, first.stage, 'ArrowLeft: back to the first stage');

      // Enter on a focused stage header (not a button) reveals the stage too.
      await clearPosted(page);
      await page.focus('th.stage[data-stage="adopt"]');
      await page.keyboard.press('Enter');
      assert.deepStrictEqual(await posted(page), [{ type: 'reveal', uri: URI, range: rangeOf(j.stages.find((s) => s.id === 'adopt')!.idRange) }]);
      assertClean(w, 'webview keyboard', sameOrigin);
      await page.close();
    });

    test('keyboard: focus stays on the same control / card across a re-render', async () => {
      const { page, w } = await openWebview(context, server.origin);
      const j = gaps.journey;
      await update(page, j);
      const problems: string[] = [];
      // A lane switch by keyboard re-renders the controls: focus should stay on the pressed button.
      await page.focus('button[data-action="lanes"][value="channel"]');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.querySelector('.journey-map')?.dataset.lanes === 'channel', undefined, { timeout: 5000 });
      const afterLanes = await page.evaluate(() => `${document.activeElement?.localName}[${document.activeElement?.dataset?.action ?? ''}=${document.activeElement?.value ?? ''}]`);
      if (afterLanes !== 'button[lanes=channel]') problems.push(`after Enter on the Channel lane button, focus is on ${afterLanes}`);
      // A focused card in the second lane keeps focus when an update re-renders the map.
      await page.click('button[data-action="lanes"][value="segment"]');
      const card = await page.evaluate(() => Number(document.querySelector('td[data-lane="mid-market"] .card')?.dataset.index ?? -1));
      assert.ok(card >= 0, 'a card in the mid-market lane');
      await page.focus(`td[data-lane="mid-market"] .card[data-index="${card}"]`);
      await update(page, j);
      const afterUpdate = await page.evaluate(() => `${document.activeElement?.closest('td')?.dataset.lane}/${document.activeElement?.dataset?.index}`);
      if (afterUpdate !== `mid-market/${card}`) problems.push(`after an update, the focused mid-market card moved to ${afterUpdate}`);
      assert.deepStrictEqual(problems, []);
      assertClean(w, 'webview focus', sameOrigin);
      await page.close();
    });

    test('syntax errors: banner over the last good map; empty state for a new file that does not parse', async () => {
      const { page, w } = await openWebview(context, server.origin);
      await update(page, gaps.journey);
      await update(page, undefined, { syntaxErrors: [{ message: 'bad indentation of a mapping entry', line: 4, character: 2 }] });
      // The same file: the last good map stays, with the banner.
      const banner = await page.evaluate(() => document.querySelector('.banner')?.textContent ?? null);
      assert.match(banner ?? '', /Line 5, column 3: bad indentation/);
      assert.strictEqual((await readMap(page)).cards.length, placed(gaps.journey).length);
      // Clicking the error reveals its position.
      await clearPosted(page);
      await page.click('.banner li');
      assert.deepStrictEqual(await posted(page), [{ type: 'reveal', uri: URI, range: [4, 2, 4, 2] }]);
      // Another file that does not parse: never the previous file's map.
      await update(page, undefined, { uri: 'file:///new.playbook.yaml', syntaxErrors: [{ message: 'unexpected end', line: 0, character: 0 }] });
      assert.strictEqual(await page.locator('.card').count(), 0);
      assert.match((await page.textContent('.empty-state')) ?? '', /line 1, column 1: unexpected end/);
      assertClean(w, 'webview syntax', sameOrigin);
      await page.close();
    });

    test('PNG export under the CSP (the SVG drawn through a blob: URL): posts a PNG', async () => {
      const { page, w } = await openWebview(context, server.origin);
      await update(page, laer.journey);
      await clearPosted(page);
      // The toolbar's Export menu (or its button, if the menu is not there).
      if (await page.locator('.jm-toolbar details > summary').count()) await page.click('.jm-toolbar details > summary');
      await page.click('[data-action="export"][value="png"]');
      await page.waitForFunction(() => window.__posted.some((m: any) => m.type === 'png' || m.type === 'pngFailed'), undefined, { timeout: 20000 });
      // The PNG as base64 text (an array of a million numbers is slow to bring over from the page).
      const out: { type: string; reason?: string; base64?: string }[] = await page.evaluate(() =>
        window.__posted
          .filter((m: any) => m.type === 'png' || m.type === 'pngFailed')
          .map((m: any) => {
            if (m.type !== 'png') return { type: m.type, reason: m.reason };
            let bin = '';
            for (let i = 0; i < m.data.length; i += 0x8000) bin += String.fromCharCode(...m.data.slice(i, i + 0x8000));
            return { type: m.type, base64: btoa(bin) };
          }),
      );
      assert.strictEqual(out.length, 1);
      assert.strictEqual(out[0].type, 'png', `the PNG export failed: ${out[0].reason}`);
      const bytes = Buffer.from(out[0].base64!, 'base64');
      assert.deepStrictEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
      assert.ok(bytes.length > 10000, `a real image (${bytes.length} bytes)`);
      assert.strictEqual(bytes.readUInt32BE(16) > 0 && bytes.readUInt32BE(20) > 0, true, 'width and height in the IHDR chunk');
      fs.writeFileSync(path.join(ARTIFACTS, 'webview-export-laer.png'), bytes);
      assert.deepStrictEqual(await page.evaluate(() => window.__csp), [], 'no CSP violation (img-src blob:)');
      // The other formats go to the extension.
      for (const format of ['html', 'svg', 'mermaid']) {
        await clearPosted(page);
        if (await page.locator('.jm-toolbar details > summary').count()) await page.click('.jm-toolbar details > summary');
        await page.click(`[data-action="export"][value="${format}"]`);
        assert.deepStrictEqual((await posted(page)).filter((m) => m.type === 'export'), [{ type: 'export', format }]);
      }
      assertClean(w, 'webview PNG export', (u) => sameOrigin(u) || u.startsWith('blob:'));
      await page.close();
    });

    test('re-render time of a generated 2,000-touchpoint playbook', async () => {
      const t0 = Date.now();
      const big = journeyOf(bigPlaybook(2000));
      const big2 = journeyOf(bigPlaybook(2000, ' (edited)'));
      const buildMs = (Date.now() - t0) / 2;
      assert.strictEqual(big.touchpoints.length, 2000);
      const { page, w } = await openWebview(context, server.origin);
      const measure = (journey: JourneyModel) =>
        page.evaluate(
          ({ m }) =>
            new Promise<{ script: number; frame: number; renderMs: number }>((resolve, reject) => {
              const before = Number(document.body.dataset.rendered ?? 0);
              const timer = setTimeout(() => reject(new Error('no re-render within 5 s')), 5000);
              const start = performance.now();
              const mo = new MutationObserver(() => {
                if (Number(document.body.dataset.rendered ?? 0) <= before) return;
                mo.disconnect();
                const script = performance.now() - start;
                requestAnimationFrame(() =>
                  setTimeout(() => {
                    clearTimeout(timer);
                    resolve({ script, frame: performance.now() - start, renderMs: Number(document.body.dataset.renderMs) });
                  }, 0),
                );
              });
              mo.observe(document.body, { attributes: true, attributeFilter: ['data-rendered'] });
              window.postMessage(m, '*');
            }),
          { m: { type: 'update', uri: URI, version: 1, journeyJson: JSON.stringify(journey), syntaxErrors: [], locked: false } },
        );
      const first = await measure(big);
      const again = await measure(big2);
      const third = await measure(big);
      const cards = await page.locator('.card').count();
      assert.strictEqual(cards, placed(big).length, 'one card per touchpoint');
      assert.match((await page.textContent(`.card[data-index="0"] .card-name`)) ?? '', /Touchpoint 0$/);
      console.log(
        `      2,000-touchpoint playbook (${cards} cards, ${await page.locator('.ref').count()} references, ${big.stages.length} stages × ${big.segments.length} lanes): ` +
          `analyze+buildJourney ${buildMs.toFixed(0)} ms in Node; webview first render ${first.script.toFixed(0)} ms (renderMs ${first.renderMs}), ` +
          `re-render ${again.script.toFixed(0)} ms / ${third.script.toFixed(0)} ms (renderMs ${again.renderMs} / ${third.renderMs}); to next frame incl. layout ${again.frame.toFixed(0)} ms / ${third.frame.toFixed(0)} ms`,
      );
      for (const r of [first, again, third]) assert.ok(r.frame < 5000, 'hang guard: under 5 s');
      assertClean(w, 'webview 2000', sameOrigin);
      await page.close();
    });
  });

  suite('XSS: payloads in every string field', () => {
    const payloads = loadPayloads();
    const hostile = hostilePlaybook(payloads);
    const hostileJourney = journeyOf(hostile.text);
    const idsJourney = journeyOf(hostileIdsPlaybook(['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', 'javascript:alert(1)', '"><svg onload=alert(1)>', "'><iframe src=javascript:alert(1)>", '<a href="http://xss.example/">x</a>', '<style>@import "http://xss.example/x.css"</style>', '<math><mtext><img src=x onerror=alert(2)>']));
    const mapTags = rendererTags(hostileJourney, idsJourney);
    let server: Server;
    let context: BrowserContext;
    let tmp: string;
    const sameOrigin = (u: string) => u.startsWith(`${server.origin}/`) && ['/index.html', '/journey.css', '/webview.js'].includes(new URL(u).pathname);

    suiteSetup(async () => {
      assert.ok(payloads.length >= 50, `at least 50 payloads (${payloads.length})`);
      server = await startServer();
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'playbook-xss-'));
      context = await newContext(browser, `${server.origin}/`, `${pathToFileURL(tmp).href}/`);
    });
    suiteTeardown(async () => {
      await context?.close();
      await server?.close();
      if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    });

    test('the hostile playbooks are well-formed enough to render everything', () => {
      const a = analyzePlaybook(hostile.text);
      assert.deepStrictEqual(a.findings.filter((f) => f.ruleId === 'syntax' || f.ruleId === 'schema').map((f) => f.message), [], 'every payload is a valid free-text value');
      assert.strictEqual(hostileJourney.touchpoints.length, payloads.length);
      for (const [i, p] of payloads.entries()) assert.strictEqual(hostileJourney.touchpoints[i].name, p, 'payload survives YAML');
      assert.ok(idsJourney.touchpoints.length === 2);
    });

    function assertNoInjection(dom: Awaited<ReturnType<typeof inspectDom>>, allowedTags: string[], label: string): void {
      assert.deepStrictEqual(dom.tags.filter((t) => !allowedTags.includes(t)), [], `${label}: only the renderer's elements`);
      assert.deepStrictEqual(dom.badAttributes, [], `${label}: no handler/URL/style attributes`);
      assert.deepStrictEqual(dom.csp, [], `${label}: no CSP violations`);
    }

    test('HTML export (with its CSP, and with the CSP removed): no dialog, error or request; payloads shown as text', async () => {
      let tried = 0;
      let n = 0;
      for (const withCsp of [true, false]) {
        for (const [label, j] of [['all free-text fields', hostileJourney], ['ids and references', idsJourney]] as const) {
          const page = await context.newPage();
          await recordCspViolations(page);
          const w = watch(page);
          let html = renderHtmlExport(j);
          assert.ok(!/<script/i.test(html), 'no <script in the export markup');
          if (!withCsp) {
            html = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\n/, '');
            assert.ok(!html.includes('Content-Security-Policy'));
          }
          // Opened as a file (not setContent) so the CSP-violation listener is installed before parsing.
          const file = path.join(tmp, `export-${n++}.html`);
          fs.writeFileSync(file, html);
          const url = pathToFileURL(file).href;
          await page.goto(url);
          await page.evaluate(() => new Promise((r) => setTimeout(r, 100)));
          // Move the mouse over the map, so mouse handlers would have had their chance.
          for (const y of [100, 300, 500, 700]) await page.mouse.move(700, y);
          const dom = await inspectDom(page);
          const where = `export ${label}${withCsp ? '' : ' (no CSP)'}`;
          assertNoInjection(dom, [...EXPORT_SHELL_TAGS, ...mapTags], where);
          if (j === hostileJourney) {
            for (const p of payloads) assert.ok(dom.text.includes(p), `${where}: payload shown as text: ${p}`);
            assert.ok(dom.text.includes('<script>alert(1)</script>'));
            assert.strictEqual(dom.title, `${j.playbook.title} — journey map`);
            tried += payloads.length;
          } else {
            for (const t of j.touchpoints.filter((x) => x.stage)) assert.ok(dom.text.includes(t.name), `${where}: ${t.name}`);
          }
          await page.close();
          assertClean(w, where, (u) => u === url);
          assert.deepStrictEqual(w.requests, [url], `${where}: the page itself is the only request`);
        }
      }
      console.log(`      XSS (HTML export): ${payloads.length} payloads in ${hostile.fields} fields + ids/references, with and without CSP: ${tried} payload renders, 0 dialogs, 0 errors, 0 CSP violations, no request but the page itself`);
    });

    test('webview: no dialog, error or foreign request in any view; payloads shown as text', async () => {
      const { page, w } = await openWebview(context, server.origin);
      let views = 0;
      const check = async (label: string) => {
        const dom = await inspectDom(page);
        assertNoInjection(dom, [...WEBVIEW_SHELL_TAGS, ...mapTags], `webview ${label}`);
        assert.deepStrictEqual(dom.scripts, ['inline', '/webview.js'], `webview ${label}: only our two scripts`);
        assert.deepStrictEqual(dom.links, ['/journey.css']);
        views++;
        return dom;
      };
      for (const [label, j] of [['all free-text fields', hostileJourney], ['ids and references', idsJourney]] as const) {
        const uri = `file:///${label.replace(/\W/g, '-')}.playbook.yaml`;
        await update(page, j, { uri });
        const dom = await check(`${label}, segment lanes`);
        if (j === hostileJourney) for (const p of payloads) assert.ok(dom.text.includes(p), `webview: payload shown as text: ${p}`);
        for (const mode of ['channel', 'owner', 'segment']) {
          await page.click(`button[data-action="lanes"][value="${mode}"]`);
          await check(`${label}, ${mode} lanes`);
        }
        const options: string[] = await page.evaluate(() => [...document.querySelectorAll('select[data-action="filter"] option')].map((o: any) => o.value));
        for (const v of options) {
          await page.selectOption('select[data-action="filter"]', v);
          await check(`${label}, filter ${v}`);
        }
        await page.selectOption('select[data-action="filter"]', '');
        const t = j.touchpoints.find((x) => x.stage && x.range)!;
        await page.evaluate((m) => window.postMessage(m, '*'), { type: 'cursor', uri, line: t.range!.start.line });
        await page.click('.card >> nth=0');
        // Popovers carry user text too (every badge once, by focus).
        const badges = await page.locator('.journey-map .fbadge').count();
        for (let b = 0; b < badges; b++) await page.focus(`.journey-map .fbadge >> nth=${b}`);
        await page.click('button[data-action="fit"]');
        await check(`${label}, cursor + click + popovers + fit`);
        await page.click('button[data-action="fit"]');
      }
      // Syntax error messages carry user text too (banner and empty state).
      await update(page, hostileJourney, { uri: 'file:///x.playbook.yaml', syntaxErrors: payloads.slice(0, 5).map((m, i) => ({ message: m, line: i, character: 0 })) });
      let dom = await check('syntax banner');
      for (const p of payloads.slice(0, 5)) assert.ok(dom.text.includes(p));
      await update(page, undefined, { uri: 'file:///y.playbook.yaml', syntaxErrors: [{ message: payloads[1], line: 0, character: 0 }] });
      dom = await check('empty state');
      assert.ok(dom.text.includes(payloads[1]));
      assert.ok(dom.text.includes('<img src=x onerror=alert(1)>'));
      // Posted messages stay well-typed (a reveal carries numbers only).
      for (const m of await posted(page)) if (m.type === 'reveal') assert.ok(m.range!.every((n) => Number.isInteger(n) && n >= 0));
      assertClean(w, 'webview XSS', sameOrigin);
      console.log(`      XSS (webview): ${payloads.length} payloads in ${hostile.fields} fields + ids/references, ${views} views checked, 0 dialogs, 0 errors, ${w.requests.length} requests (all own origin)`);
      await page.close();
    });
  });
});
