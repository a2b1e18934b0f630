/**
 * The journey map in a real browser (headless Chromium through playwright-core):
 * the HTML export of every sample checked with the DOM, screenshots in light and
 * dark, the preview webview script (dist/media/webview.js) under the preview's
 * CSP, its keyboard and mouse behaviour and re-render time, and XSS payloads in
 * every string field of a playbook, for both the export and the webview.
 *
 * Needs the build (`npx tsc -p . && node scripts/build.mjs`) and /usr/bin/chromium.
 * Nothing is loaded from outside: the export is opened with `setContent`, the
 * webview from a server on 127.0.0.1, and every other request is aborted.
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
import { buildJourney, JourneyModel } from '../../server/src/core/journey';
import { renderHtmlExport, renderSvgExport } from '../../server/src/core/render/exports';
import { repoRoot } from '../unit/helpers';

// Page-side globals used inside `page.evaluate` callbacks (the root tsconfig has no DOM lib).
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;
declare const window: any;
declare const getComputedStyle: any;
declare const MutationObserver: any;
declare const requestAnimationFrame: any;
declare const DOMParser: any;

// ---------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------


const ROOT = repoRoot();
const MEDIA = path.join(ROOT, 'dist', 'media');
const ARTIFACTS = path.join(ROOT, '.test-artifacts');
const ICON: Record<string, string> = { error: '✖', warning: '⚠', info: 'ℹ' };
const LAUNCH = {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
};

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

function journeyOf(text: string): JourneyModel {
  const j = buildJourney(analyzePlaybook(text));
  assert.ok(j, 'journey built');
  return j!;
}

/** Touchpoint indexes expected in a stage × segment cell, computed from the touchpoints (not from `cells`). */
function expectedCell(j: JourneyModel, stage: string, segment: string): number[] {
  return j.touchpoints.map((t, i) => (t.stage === stage && t.segments.includes(segment) ? i : -1)).filter((i) => i >= 0);
}

function placements(j: JourneyModel): number {
  return j.touchpoints.filter((t) => t.stage !== undefined && j.stages.some((s) => s.id === t.stage)).reduce((n, t) => n + t.segments.length, 0);
}

const shown = (f: { severity: string; message: string }) => `${ICON[f.severity]} ${f.message}`;

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
  await context.route('**/*', (route) => (allowPrefixes.some((p) => route.request().url().startsWith(p)) ? route.continue() : route.abort()));
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
  stages: { id: string; name: string; gap: boolean; findings: string[]; rect: Rect }[];
  lanes: { key: string; label: string; findings: string[]; rect: Rect }[];
  cells: { stage: string; lane: string; rowLane: string; column: number; gap: boolean; stageGap: boolean; cards: number[]; findings: string[] }[];
  cards: { index: number; stage: string; lane: string; name: string; findings: string[]; rect: Rect; selected: boolean }[];
  general: string[];
  stageColumns: Record<string, number>;
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
    const stageColumns: Record<string, number> = {};
    for (const th of q(document, 'th.stage')) stageColumns[th.dataset.stage] = th.cellIndex;
    return {
      stages: q(document, 'th.stage').map((th) => ({
        id: th.dataset.stage,
        name: th.querySelector('.stage-name')?.textContent ?? '',
        gap: th.classList.contains('gap'),
        findings: q(th, ':scope > ul.findings > li.finding').map((li) => li.textContent),
        rect: rect(th),
      })),
      lanes: q(document, 'tr.lane').map((tr) => ({
        key: tr.dataset.lane,
        label: tr.querySelector('.lane-name')?.textContent ?? '',
        findings: q(tr, ':scope > th.lane-head li.finding').map((li) => li.textContent),
        rect: rect(tr),
      })),
      cells: q(document, 'td.cell').map((td) => ({
        stage: td.dataset.stage,
        lane: td.dataset.lane,
        rowLane: td.closest('tr').dataset.lane,
        column: td.cellIndex,
        gap: td.classList.contains('gap'),
        stageGap: td.classList.contains('stage-gap'),
        cards: q(td, '.card').map((c) => Number(c.dataset.index)),
        findings: q(td, ':scope > ul.cell-findings > li.finding').map((li) => li.textContent),
      })),
      cards: q(document, '.card').map((c) => ({
        index: Number(c.dataset.index),
        stage: c.closest('td').dataset.stage,
        lane: c.closest('td').dataset.lane,
        name: c.querySelector('.card-name')?.textContent ?? '',
        findings: q(c, '.card-finding').map((s) => s.textContent),
        rect: rect(c),
        selected: c.classList.contains('selected'),
      })),
      general: q(document, 'ul.general > li.finding').map((li) => li.textContent),
      stageColumns,
      text: document.body.textContent,
    };
  });
}

/** Asserts the rendered (segment-lane) map shows exactly the journey model. */
function assertMapMatches(dom: DomMap, j: JourneyModel, label: string): void {
  assert.deepStrictEqual(
    dom.stages.map((s) => s.id),
    j.stages.map((s) => s.id),
    `${label}: stage headers in lifecycle order`,
  );
  assert.deepStrictEqual(
    dom.stages.map((s) => s.name),
    j.stages.map((s) => s.name),
    `${label}: stage names`,
  );
  assert.deepStrictEqual(
    dom.lanes.map((l) => l.key),
    j.segments.map((s) => s.key),
    `${label}: one lane per segment`,
  );
  assert.deepStrictEqual(
    dom.lanes.map((l) => l.label),
    j.segments.map((s) => s.name),
    `${label}: lane labels`,
  );
  // Stages without touchpoints are gaps, and carry the stage-without-touchpoint message.
  for (const s of j.stages) {
    const d = dom.stages.find((x) => x.id === s.id)!;
    const empty = !j.touchpoints.some((t) => t.stage === s.id);
    assert.strictEqual(d.gap, empty, `${label}: th.stage[${s.id}] gap`);
    assert.deepStrictEqual(d.findings, s.findings.map(shown), `${label}: findings on stage ${s.id}`);
    if (empty && s.findings.length) assert.ok(s.findings.some((f) => f.ruleId === 'stage-without-touchpoint'), `${label}: ${s.id} has the stage-without-touchpoint finding`);
  }
  assert.strictEqual(dom.cells.length, j.stages.length * j.segments.length, `${label}: one cell per stage × segment`);
  for (const st of j.stages) {
    for (const sg of j.segments) {
      const c = dom.cells.filter((x) => x.stage === st.id && x.lane === sg.key);
      assert.strictEqual(c.length, 1, `${label}: cell ${st.id} × ${sg.key}`);
      const cell = c[0];
      const expected = expectedCell(j, st.id, sg.key);
      assert.strictEqual(cell.rowLane, sg.key, `${label}: cell ${st.id} × ${sg.key} sits in its lane row`);
      assert.strictEqual(cell.column, dom.stageColumns[st.id], `${label}: cell ${st.id} × ${sg.key} sits in its stage column`);
      assert.deepStrictEqual(cell.cards, expected, `${label}: cards in ${st.id} × ${sg.key}`);
      assert.strictEqual(cell.gap, expected.length === 0, `${label}: gap marker on ${st.id} × ${sg.key}`);
      assert.strictEqual(cell.stageGap, st.touchpointCount === 0, `${label}: stage-gap marker on ${st.id} × ${sg.key}`);
      const modelCell = j.cells.find((x) => x.stage === st.id && x.segment === sg.key)!;
      assert.deepStrictEqual(cell.findings, modelCell.findings.map(shown), `${label}: findings in cell ${st.id} × ${sg.key}`);
    }
  }
  // Every card is drawn inside its stage column and its lane row.
  assert.strictEqual(dom.cards.length, placements(j), `${label}: cards = placements`);
  for (const c of dom.cards) {
    const t = j.touchpoints[c.index];
    assert.strictEqual(c.stage, t.stage, `${label}: card ${t.id} in stage ${t.stage}`);
    assert.ok(t.segments.includes(c.lane), `${label}: card ${t.id} in a lane it reaches (${c.lane})`);
    assert.strictEqual(c.name, t.name);
    assert.deepStrictEqual(c.findings, t.findings.map(shown), `${label}: findings on card ${t.id}`);
    const col = dom.stages.find((s) => s.id === c.stage)!.rect;
    const row = dom.lanes.find((l) => l.key === c.lane)!.rect;
    const cx = (c.rect.left + c.rect.right) / 2;
    const cy = (c.rect.top + c.rect.bottom) / 2;
    assert.ok(cx >= col.left && cx <= col.right, `${label}: card ${t.id} is drawn under its stage header (x ${cx} in ${col.left}..${col.right})`);
    assert.ok(cy >= row.top && cy <= row.bottom, `${label}: card ${t.id} is drawn in its lane (y ${cy} in ${row.top}..${row.bottom})`);
  }
  // Lane findings: the segment's own, plus its owner's over-capacity warning.
  for (const sg of j.segments) {
    const owner = j.owners.find((o) => o.id !== undefined && o.id === sg.owner);
    const expected = [...sg.findings, ...(owner?.findings.filter((f) => f.ruleId === 'owner-over-capacity') ?? [])].map(shown);
    assert.deepStrictEqual(dom.lanes.find((l) => l.key === sg.key)!.findings, expected, `${label}: findings on lane ${sg.key}`);
  }
  // Everything else (the top level, KPIs, triggers, owners other than their over-capacity warning) is listed below the map.
  const elsewhere = [...j.findings, ...j.kpis.flatMap((k) => k.findings), ...j.triggers.flatMap((t) => t.findings), ...j.owners.flatMap((o) => o.findings.filter((f) => f.ruleId !== 'owner-over-capacity'))];
  assert.deepStrictEqual(dom.general, elsewhere.map(shown), `${label}: findings listed below the map`);
  // Every finding the summary counts is drawn somewhere.
  const drawn = dom.general.length + dom.lanes.reduce((n, l) => n + l.findings.length, 0);
  assert.ok(drawn > 0 || j.summary.findings.error + j.summary.findings.warning + j.summary.findings.info === 0);
}

// ---------------------------------------------------------------------------
// A local server for the webview (the preview shell, same CSP shape as client/src/preview/html.ts)
// ---------------------------------------------------------------------------

const URI = 'file:///work/playbooks/test.playbook.yaml';

interface Server {
  origin: string;
  close(): Promise<void>;
}

function shell(nonce: string, state: object): string {
  const csp = ["default-src 'none'", `script-src 'nonce-${nonce}'`, "style-src 'self'", "img-src 'self'", "font-src 'self'"].join('; ');
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
      postMessage: function (m) { window.__posted.push(JSON.parse(JSON.stringify(m))); },
      getState: function () { return window.__state; },
      setState: function (s) { window.__state = s; },
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
  state?: { lanes: string; filter: string };
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

/** Posts an `update` like the extension does and waits (5 s hang guard) for the re-render. */
async function update(page: Page, journey: JourneyModel | undefined, extra: { uri?: string; syntaxErrors?: { message: string; line: number; character: number }[] } = {}): Promise<void> {
  const before = await renderedCount(page);
  await page.evaluate((m) => window.postMessage(m, '*'), { type: 'update', uri: extra.uri ?? URI, version: 1, journey, syntaxErrors: extra.syntaxErrors ?? [], locked: false });
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

function rangeOf(r: { start: { line: number; character: number }; end: { line: number; character: number } } | undefined): [number, number, number, number] {
  assert.ok(r, 'range');
  return [r!.start.line, r!.start.character, r!.end.line, r!.end.character];
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
        const mine = (e.localName === 'script' && n === 'src' && a.value === '/webview.js') || (e.localName === 'link' && n === 'href' && a.value === '/journey.css') || (e.localName === 'meta' && n === 'http-equiv' && a.value === 'Content-Security-Policy') || (n === 'style' && e.classList.contains('journey-map'));
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

const MAP_TAGS = ['body', 'button', 'div', 'footer', 'h1', 'h2', 'head', 'header', 'html', 'li', 'line', 'meta', 'section', 'span', 'strong', 'style', 'svg', 'table', 'tbody', 'td', 'th', 'thead', 'title', 'tr', 'ul'];
const WEBVIEW_TAGS = [...MAP_TAGS, 'link', 'main', 'nav', 'option', 'script', 'select'];

function loadPayloads(): string[] {
  const file = path.join(ROOT, 'test', 'fixtures', 'xss-payloads.txt');
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0);
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
      test(`${s.file}: stages, lanes, cards, gaps and findings in the DOM`, async () => {
        const page = await context.newPage();
        const w = watch(page);
        await page.setContent(renderHtmlExport(s.journey));
        assertMapMatches(await readMap(page), s.journey, s.file);
        // The stylesheet applied: gaps are hatched, cards have their owner colour bar.
        const styled = await page.evaluate(() => ({
          gap: [...document.querySelectorAll('td.cell.gap')].map((td: any) => getComputedStyle(td).backgroundImage),
          card: getComputedStyle(document.querySelector('.card')).borderLeftWidth,
        }));
        for (const g of styled.gap) assert.match(g, /repeating-linear-gradient/);
        assert.strictEqual(styled.card, '4px');
        assertClean(w, s.file, () => false);
        await page.close();
      });
    }

    test('every finding counted in the summary strip is shown on the map', async () => {
      const missing: string[] = [];
      const page = await context.newPage();
      for (const s of allSamples) {
        const analysis = analyzePlaybook(s.text);
        await page.setContent(renderHtmlExport(s.journey));
        const text: string = await page.evaluate(() => document.body.textContent);
        for (const f of analysis.findings) if (!text.includes(f.message)) missing.push(`${s.file}: ${f.ruleId} (${f.severity}) "${f.message.slice(0, 70)}…"`);
      }
      await page.close();
      assert.deepStrictEqual(missing, []);
    });

    test('the SVG export of every sample is well-formed for the browser XML parser', async () => {
      const page = await context.newPage();
      await page.setContent('<!DOCTYPE html><title>svg</title>');
      for (const s of allSamples) {
        const svg = renderSvgExport(s.journey);
        const r = await page.evaluate((text) => {
          const d = new DOMParser().parseFromString(text, 'image/svg+xml');
          const err = d.querySelector('parsererror');
          return { error: err ? err.textContent : null, root: d.documentElement.localName, ns: d.documentElement.namespaceURI, texts: d.querySelectorAll('text').length };
        }, svg);
        assert.strictEqual(r.error, null, `${s.file}: ${r.error}`);
        assert.strictEqual(r.root, 'svg');
        assert.strictEqual(r.ns, 'http://www.w3.org/2000/svg');
        assert.ok(r.texts >= placements(s.journey), `${s.file}: a text per card`);
      }
      await page.close();
    });

    test('screenshots of laer and gaps in light and dark (.test-artifacts/, docs/journey-map.png)', async () => {
      const page = await context.newPage();
      for (const name of ['laer', 'gaps']) {
        const s = allSamples.find((x) => x.name === name)!;
        await page.setContent(renderHtmlExport(s.journey));
        for (const scheme of ['light', 'dark'] as const) {
          await page.emulateMedia({ colorScheme: scheme });
          const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
          assert.strictEqual(bg, scheme === 'dark' ? 'rgb(30, 30, 30)' : 'rgb(255, 255, 255)', `${name} ${scheme} background`);
          const file = path.join(ARTIFACTS, `export-${name}-${scheme}.png`);
          await page.screenshot({ path: file, fullPage: true });
          assert.ok(fs.statSync(file).size > 10000, `${file} has content`);
        }
      }
      // The README picture: gaps, dark, 1400 px wide, first screen of the map. Written to
      // .test-artifacts/ on every run; UPDATE_SCREENSHOTS=1 also refreshes docs/journey-map.png.
      const gaps = allSamples.find((x) => x.name === 'gaps')!;
      await page.setContent(renderHtmlExport(gaps.journey));
      await page.emulateMedia({ colorScheme: 'dark' });
      const height = await page.evaluate(() => Math.min(1100, Math.ceil(document.documentElement.scrollHeight)));
      const doc = process.env.UPDATE_SCREENSHOTS ? path.join(ROOT, 'docs', 'journey-map.png') : path.join(ROOT, '.test-artifacts', 'readme-journey-map.png');
      fs.mkdirSync(path.dirname(doc), { recursive: true });
      await page.screenshot({ path: doc, fullPage: true, clip: { x: 0, y: 0, width: 1400, height } });
      const size = fs.statSync(doc).size;
      console.log(`      ${path.relative(ROOT, doc)}: 1400×${height}, ${Math.round(size / 1024)} KB`);
      assert.ok(size < 300 * 1024, `${doc} is ${size} bytes`);
      await page.close();
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

    test('renders every sample: cards, stages, lanes; the stylesheet loads under the CSP', async () => {
      const { page, w } = await openWebview(context, server.origin);
      const dom0 = await inspectDom(page);
      assert.match(dom0.text, /Open a playbook/);
      for (const s of allSamples) {
        await update(page, s.journey, { uri: `file:///samples/${s.file}` });
        const dom = await readMap(page);
        assert.strictEqual(dom.cards.length, placements(s.journey), `${s.file}: cards`);
        assert.deepStrictEqual(dom.stages.map((x) => x.id), s.journey.stages.map((x) => x.id), `${s.file}: stages`);
        assert.deepStrictEqual(dom.lanes.map((x) => x.key), s.journey.segments.map((x) => x.key), `${s.file}: lanes`);
      }
      await update(page, gaps.journey);
      assertMapMatches(await readMap(page), gaps.journey, 'webview gaps');
      const style = await page.evaluate(() => getComputedStyle(document.querySelector('.card')).borderLeftWidth);
      assert.strictEqual(style, '4px', 'journey.css applied');
      const types = (await posted(page)).map((m) => m.type);
      assert.strictEqual(types[0], 'ready');
      assert.ok(types.includes('state'));
      await page.screenshot({ path: path.join(ARTIFACTS, 'webview-gaps.png'), fullPage: true });
      assertClean(w, 'webview', sameOrigin);
      await page.close();
    });

    test('clicking a card, a stage or a finding posts a reveal with its range', async () => {
      const { page, w } = await openWebview(context, server.origin);
      await update(page, gaps.journey);
      const j = gaps.journey;
      const kickoff = j.touchpoints.findIndex((t) => t.id === 'kickoff-call');
      await clearPosted(page);
      await page.click(`.card[data-index="${kickoff}"] .card-name >> nth=0`);
      assert.deepStrictEqual(await posted(page), [{ type: 'reveal', uri: URI, range: rangeOf(j.touchpoints[kickoff].idRange) }]);
      // The second lane's copy of a multi-lane card reveals the same touchpoint.
      await clearPosted(page);
      await page.click(`tr.lane[data-lane="mid-market"] .card[data-index="${kickoff}"]`);
      assert.deepStrictEqual(await posted(page), [{ type: 'reveal', uri: URI, range: rangeOf(j.touchpoints[kickoff].idRange) }]);
      await clearPosted(page);
      await page.click('th.stage[data-stage="expand"] .stage-name');
      assert.deepStrictEqual(await posted(page), [{ type: 'reveal', uri: URI, range: rangeOf(j.stages.find((s) => s.id === 'expand')!.idRange) }]);
      await clearPosted(page);
      const cov = j.cells.find((c) => c.stage === 'renew' && c.segment === 'mid-market')!.findings[0];
      await page.click('td.cell[data-stage="renew"][data-lane="mid-market"] li.finding');
      assert.deepStrictEqual(await posted(page), [{ type: 'reveal', uri: URI, range: rangeOf(cov.range) }]);
      assertClean(w, 'webview click', sameOrigin);
      await page.close();
    });

    test('a cursor message outlines the matching card(s), and only those', async () => {
      const { page, w } = await openWebview(context, server.origin);
      await update(page, gaps.journey);
      const j = gaps.journey;
      const i = j.touchpoints.findIndex((t) => t.id === 'admin-training');
      const t = j.touchpoints[i];
      await page.evaluate((m) => window.postMessage(m, '*'), { type: 'cursor', uri: URI, line: t.range!.start.line + 1 });
      await page.waitForFunction(() => document.querySelectorAll('.card.selected').length > 0, undefined, { timeout: 5000 });
      const sel = await page.evaluate(() =>
        [...document.querySelectorAll('.card.selected')].map((c: any) => ({ index: Number(c.dataset.index), current: c.getAttribute('aria-current'), outline: getComputedStyle(c).outlineStyle })),
      );
      assert.deepStrictEqual(sel.map((s) => s.index), [i]);
      assert.strictEqual(sel[0].current, 'true');
      assert.strictEqual(sel[0].outline, 'solid', 'outlined');
      // A multi-lane touchpoint: every copy is outlined.
      const k = j.touchpoints.findIndex((x) => x.id === 'kickoff-call');
      await page.evaluate((m) => window.postMessage(m, '*'), { type: 'cursor', uri: URI, line: j.touchpoints[k].range!.start.line + 2 });
      await page.waitForFunction((n) => [...document.querySelectorAll('.card.selected')].every((c: any) => Number(c.dataset.index) === n), k, { timeout: 5000 });
      assert.strictEqual(await page.locator('.card.selected').count(), j.touchpoints[k].segments.length);
      // Cursor outside any touchpoint (line 0), and for another file: nothing / unchanged.
      await page.evaluate((m) => window.postMessage(m, '*'), { type: 'cursor', uri: URI, line: 0 });
      await page.waitForFunction(() => document.querySelectorAll('.card.selected, .card[aria-current]').length === 0, undefined, { timeout: 5000 });
      await page.evaluate((m) => window.postMessage(m, '*'), { type: 'cursor', uri: 'file:///other.playbook.yaml', line: t.range!.start.line });
      await page.waitForTimeout(50);
      assert.strictEqual(await page.locator('.card.selected').count(), 0);
      // The selection survives a re-render (the next update of the same file).
      await page.evaluate((m) => window.postMessage(m, '*'), { type: 'cursor', uri: URI, line: t.range!.start.line });
      await update(page, j);
      assert.deepStrictEqual(await page.evaluate(() => [...document.querySelectorAll('.card.selected')].map((c: any) => Number(c.dataset.index))), [i]);
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
      const j = gaps.journey;
      await update(page, j);
      await clearPosted(page);
      await page.click('button[data-action="lanes"][value="channel"]');
      let dom = await readMap(page);
      assert.deepStrictEqual(dom.lanes.map((l) => l.key), [...new Set(j.touchpoints.map((t) => t.channel ?? 'unknown'))].sort());
      assert.strictEqual(dom.cards.length, j.touchpoints.length);
      for (const c of dom.cards) {
        assert.strictEqual(c.lane, j.touchpoints[c.index].channel, 'card in its channel lane');
        assert.strictEqual(c.stage, j.touchpoints[c.index].stage, 'card in its stage');
      }
      assert.strictEqual(await page.getAttribute('button[data-action="lanes"][value="channel"]', 'aria-pressed'), 'true');
      assert.strictEqual(await page.getAttribute('button[data-action="lanes"][value="segment"]', 'aria-pressed'), 'false');
      assert.deepStrictEqual((await posted(page)).filter((m) => m.type === 'state').map((m) => m.state!.lanes), ['channel']);

      await page.click('button[data-action="lanes"][value="owner"]');
      dom = await readMap(page);
      const ownerLanes = j.owners.map((o) => o.key);
      const unknownOwner = j.touchpoints.some((t) => !j.owners.some((o) => o.id === t.owner));
      assert.deepStrictEqual(dom.lanes.map((l) => l.key), unknownOwner ? [...ownerLanes, '\u0000none'] : ownerLanes);
      if (unknownOwner) assert.strictEqual(dom.lanes[dom.lanes.length - 1].label, 'No known owner');
      assert.strictEqual(dom.cards.length, j.touchpoints.length);
      for (const c of dom.cards) {
        const t = j.touchpoints[c.index];
        assert.strictEqual(c.lane, j.owners.some((o) => o.id === t.owner) ? t.owner : '\u0000none', `card ${t.id} in its owner lane`);
      }
      // Owner lanes show the owner findings (e.g. owner-over-capacity, unused-definition).
      for (const o of j.owners) assert.deepStrictEqual(dom.lanes.find((l) => l.key === o.key)!.findings, o.findings.map(shown), `owner lane ${o.key} findings`);

      await page.click('button[data-action="lanes"][value="segment"]');
      assertMapMatches(await readMap(page), j, 'back to segment lanes');
      assertClean(w, 'webview lanes', sameOrigin);
      await page.close();
    });

    test('the filter select keeps only matching touchpoints', async () => {
      const { page, w } = await openWebview(context, server.origin);
      const j = laer.journey;
      await update(page, j);
      const options: string[] = await page.evaluate(() => [...document.querySelectorAll('select[data-action="filter"] option')].map((o: any) => o.value));
      assert.strictEqual(options[0], '');
      assert.strictEqual(options.length, 1 + j.segments.length + Object.keys(j.summary.byChannel).length + j.owners.filter((o) => o.id !== undefined).length);
      for (const value of options.slice(1)) {
        await clearPosted(page);
        await page.selectOption('select[data-action="filter"]', value);
        const [kind, key] = [value.slice(0, value.indexOf(':')), value.slice(value.indexOf(':') + 1)];
        const keep = j.touchpoints
          .map((t, i) => ((kind === 'segment' && t.segments.includes(key)) || (kind === 'channel' && t.channel === key) || (kind === 'owner' && t.owner === key) ? i : -1))
          .filter((i) => i >= 0);
        const dom = await readMap(page);
        assert.deepStrictEqual([...new Set(dom.cards.map((c) => c.index))].sort((a, b) => a - b), keep, `filter ${value}`);
        assert.strictEqual(await page.inputValue('select[data-action="filter"]'), value, `select shows ${value}`);
        assert.deepStrictEqual((await posted(page)).filter((m) => m.type === 'state').map((m) => m.state!.filter), [value]);
      }
      await page.selectOption('select[data-action="filter"]', '');
      assert.strictEqual((await readMap(page)).cards.length, placements(j));
      assertClean(w, 'webview filter', sameOrigin);
      await page.close();
    });

    test('keyboard: Tab reaches cards, Enter/Space reveal, arrow keys move between cards', async () => {
      const { page, w } = await openWebview(context, server.origin);
      const j = laer.journey;
      await update(page, j);
      const active = () => page.evaluate(() => ({ tag: document.activeElement?.localName, card: document.activeElement?.classList.contains('card') ?? false, index: Number(document.activeElement?.dataset?.index ?? -1), lane: document.activeElement?.closest('td')?.dataset.lane, stage: document.activeElement?.closest('td')?.dataset.stage }));
      let tabs = 0;
      while (!(await active()).card && tabs < 300) {
        await page.keyboard.press('Tab');
        tabs++;
      }
      const first = await active();
      assert.ok(first.card, `a card takes focus within 300 Tab presses (pressed ${tabs})`);
      const firstCard: { index: number; lane: string } = await page.evaluate(() => {
        const c = document.querySelector('.card');
        return { index: Number(c.dataset.index), lane: c.closest('td').dataset.lane };
      });
      assert.strictEqual(first.index, firstCard.index, 'Tab reaches the first card first');

      for (const key of ['Enter', 'Space']) {
        await clearPosted(page);
        await page.keyboard.press(key);
        await page.waitForFunction(() => window.__posted.length > 0, undefined, { timeout: 5000 });
        assert.deepStrictEqual(await posted(page), [{ type: 'reveal', uri: URI, range: rangeOf(j.touchpoints[first.index].idRange) }], `${key} on a focused card`);
      }

      const order: { index: number; lane: string; stage: string }[] = await page.evaluate(() => [...document.querySelectorAll('.card')].map((c: any) => ({ index: Number(c.dataset.index), lane: c.closest('td').dataset.lane, stage: c.closest('td').dataset.stage })));
      await page.keyboard.press('ArrowDown');
      let now = await active();
      assert.deepStrictEqual([now.index, now.lane, now.stage], [order[1].index, order[1].lane, order[1].stage], 'ArrowDown: next card');
      await page.keyboard.press('ArrowUp');
      now = await active();
      assert.deepStrictEqual([now.index, now.lane, now.stage], [order[0].index, order[0].lane, order[0].stage], 'ArrowUp: previous card');
      // ArrowRight: first card of the next non-empty cell in the same lane; ArrowLeft back.
      const row = order.filter((c) => c.lane === order[0].lane);
      const nextCell = row.find((c) => c.stage !== order[0].stage)!;
      await page.keyboard.press('ArrowRight');
      now = await active();
      assert.deepStrictEqual([now.index, now.lane, now.stage], [nextCell.index, nextCell.lane, nextCell.stage], 'ArrowRight: next stage, same lane');
      await page.keyboard.press('ArrowLeft');
      now = await active();
      assert.deepStrictEqual([now.index, now.lane, now.stage], [order[0].index, order[0].lane, order[0].stage], 'ArrowLeft: back');

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
      // A focused card in the second lane keeps focus in that lane when an update re-renders the map.
      await page.click('button[data-action="lanes"][value="segment"]');
      const welcome = j.touchpoints.findIndex((t) => t.id === 'welcome-email');
      await page.focus(`tr.lane[data-lane="mid-market"] .card[data-index="${welcome}"]`);
      await update(page, j);
      const afterUpdate = await page.evaluate(() => `${document.activeElement?.closest('td')?.dataset.lane}/${document.activeElement?.dataset?.index}`);
      if (afterUpdate !== `mid-market/${welcome}`) problems.push(`after an update, the focused mid-market card moved to ${afterUpdate}`);
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
      assert.match(banner ?? '', /Line 5: bad indentation/);
      assert.strictEqual((await readMap(page)).cards.length, placements(gaps.journey));
      // Another file that does not parse: never the previous file's map.
      await update(page, undefined, { uri: 'file:///new.playbook.yaml', syntaxErrors: [{ message: 'unexpected end', line: 0, character: 0 }] });
      assert.strictEqual(await page.locator('.card').count(), 0);
      assert.match(await page.textContent('.empty-state') ?? '', /line 1: unexpected end/);
      assertClean(w, 'webview syntax', sameOrigin);
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
          { m: { type: 'update', uri: URI, version: 1, journey, syntaxErrors: [], locked: false } },
        );
      const first = await measure(big);
      const again = await measure(big2);
      const third = await measure(big);
      const cards = await page.locator('.card').count();
      assert.strictEqual(cards, placements(big));
      assert.match(await page.textContent(`.card[data-index="0"] .card-name`) ?? '', /Touchpoint 0$/);
      console.log(
        `      2,000-touchpoint playbook (${cards} cards, ${big.stages.length} stages × ${big.segments.length} lanes): ` +
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
          assertNoInjection(dom, MAP_TAGS, where);
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
        assertNoInjection(dom, WEBVIEW_TAGS, `webview ${label}`);
        assert.deepStrictEqual(dom.scripts, ['inline', '/webview.js'], `webview ${label}: only our two scripts`);
        assert.deepStrictEqual(dom.links, ['/journey.css']);
        views++;
        return dom;
      };
      for (const [label, j] of [['all free-text fields', hostileJourney], ['ids and references', idsJourney]] as const) {
        await update(page, j, { uri: `file:///${label.replace(/\W/g, '-')}.playbook.yaml` });
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
        await page.evaluate((m) => window.postMessage(m, '*'), { type: 'cursor', uri: `file:///${label.replace(/\W/g, '-')}.playbook.yaml`, line: t.range!.start.line });
        await page.click('.card >> nth=0');
        await page.click('button[data-action="fit"]');
        await check(`${label}, cursor + click + fit`);
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
