// UI tests of the journey preview in a REAL VS Code (code-server) driven by a REAL headless
// Chromium: palette command, real clicks inside the webview, the editor's selection read from
// the status bar, live updates while typing, the last good map kept on syntax errors, and the
// preview restored after a window reload. Prints "N passed, N failed"; exit 1 on failures,
// 2 when the host cannot start.
//   node scripts/ui-tests.mjs [extensionDir]      env: CODE_SERVER, CHROMIUM, SCREENSHOT_DIR
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(new URL('..', import.meta.url).pathname);
const require = createRequire(path.join(root, 'x.js'));
const { chromium } = require('playwright-core');
const { analyzePlaybook } = require(path.join(root, 'out/server/src/core/analyze.js'));
const { buildJourney } = require(path.join(root, 'out/server/src/core/journey.js'));
const { parseRgb, regionStats } = require(path.join(root, 'out/test/browser/pixels.js'));

const extDir = path.resolve(process.argv[2] ?? root);
let codeServer = process.env.CODE_SERVER;
if (!codeServer) {
  const r = spawnSync('bash', [path.join(root, 'scripts/real-hosts/install-code-server.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  codeServer = r.stdout.trim().split('\n').pop();
  if (r.status !== 0 || !codeServer) { console.error('cannot install code-server'); process.exit(2); }
}
const shots = process.env.SCREENSHOT_DIR ?? path.join(root, '.test-artifacts');
mkdirSync(shots, { recursive: true });

const tmp = mkdtempSync(path.join(os.tmpdir(), 'playbook-ui-'));
const ws = path.join(tmp, 'ws');
cpSync(path.join(root, 'samples'), ws, { recursive: true });
mkdirSync(`${tmp}/data/User`, { recursive: true });
writeFileSync(`${tmp}/data/User/settings.json`, JSON.stringify({ 'workbench.startupEditor': 'none', 'window.restoreWindows': 'all', 'files.hotExit': 'off' }));
const env = { ...process.env, XDG_CONFIG_HOME: `${tmp}/x/config`, XDG_DATA_HOME: `${tmp}/x/data`, XDG_CACHE_HOME: `${tmp}/x/cache` };
// Port 0: the OS picks a free port when code-server binds (nothing another run could take in
// between, as with probing a port first); its log says which one.
const server = spawn(codeServer, ['--auth', 'none', '--bind-addr', '127.0.0.1:0', '--user-data-dir', `${tmp}/data`, '--extensions-dir', `${tmp}/extensions`,
  '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', ws], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
let serverOut = '';
const listening = new Promise((resolve, reject) => {
  const scan = (d) => {
    serverOut = (serverOut + d).slice(-65536);
    const m = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(serverOut);
    if (m) resolve(Number(m[1]));
  };
  server.stdout.on('data', scan);
  server.stderr.on('data', scan);
  server.on('error', reject);
  server.on('exit', () => reject(new Error(`code-server did not start:\n${serverOut}`)));
  setTimeout(() => reject(new Error(`code-server did not report its port within 60 s:\n${serverOut}`)), 60000).unref();
});
listening.catch(() => {});
let port;

const gapsText = readFileSync(path.join(ws, 'gaps.playbook.yaml'), 'utf8');
const journey = buildJourney(analyzePlaybook(gapsText));
let passed = 0;
let failed = 0;
let browser;
let page;

async function test(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`  ✔ ${name}`);
  } catch (err) {
    failed++;
    console.log(`  ✖ ${name}\n    ${String(err.stack ?? err).split('\n').slice(0, 6).join('\n    ')}`);
    await page?.screenshot({ path: path.join(shots, `ui-failure-${passed + failed}.png`) }).catch(() => {});
  }
}

/** Waits for a condition with a deadline (never a bare sleep). */
async function until(what, fn, timeoutMs = 20000) {
  const end = Date.now() + timeoutMs;
  let last;
  while (Date.now() < end) {
    try { last = await fn(); if (last) return last; } catch (e) { last = e; }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what} (last: ${last})`);
}

async function previewFrame() {
  return until('the preview webview', async () => {
    for (const f of page.frames()) if (await f.$('.journey-map table.journey').catch(() => null)) return f;
    return undefined;
  });
}

/**
 * What a screenshot of the workbench shows, from its pixels: the workbench and the preview in
 * the theme's lightness, the map's title text, and a card with its owner-type stripe, where the
 * DOM says they are.
 */
async function checkShot(png, theme, view) {
  const dark = theme.startsWith('Dark');
  const frame = await previewFrame();
  const box = async (handle) => {
    const b = await handle.boundingBox();
    assert.ok(b && b.width > 0 && b.height > 0, `${view}: an element with no box on screen`);
    return b;
  };
  const iframe = await box(await frame.frameElement());
  const title = await box(await frame.$('h1.map-title'));
  const cardHandle = await frame.$('.card');
  const card = await box(cardHandle);
  const stripe = await cardHandle.evaluate((el) => getComputedStyle(el).borderLeftColor);
  const titleColour = await frame.$eval('h1.map-title', (el) => getComputedStyle(el).color);
  const viewport = page.viewportSize();
  const decoder = await browser.newPage();
  try {
    const [whole, preview, t, c] = await regionStats(decoder, png, [{ x: 0, y: 0, ...viewport }, iframe, title, card], [parseRgb(titleColour), parseRgb(stripe)]);
    const where = `${theme} ${view} screenshot`;
    for (const [what, r] of [['workbench', whole], ['preview', preview]]) {
      if (dark) assert.ok(r.luminance < 0.3, `${where}: the ${what} is dark (luminance ${r.luminance.toFixed(2)})`);
      else assert.ok(r.luminance > 0.7, `${where}: the ${what} is light (luminance ${r.luminance.toFixed(2)})`);
    }
    assert.ok(preview.colours > 40, `${where}: the preview shows a drawn map (${preview.colours} colours)`);
    assert.ok(t.spread > 0.05 && t.shares[0] > 0.02, `${where}: the map's title text is visible`);
    assert.ok(c.shares[1] > 0.01 && c.spread > 0.03, `${where}: a card with its ${stripe} stripe and text is visible`);
  } finally {
    await decoder.close();
  }
}

async function statusBarPosition() {
  const texts = await page.$$eval('.statusbar-item', (els) => els.map((e) => e.textContent ?? ''));
  return texts.find((t) => /Ln \d+, Col \d+/.test(t));
}

async function runCommand(title) {
  // F1 pressed while a webview iframe has focus reaches the workbench only through the webview's
  // key forwarding, which now and then drops it: move focus back to the workbench first, and
  // press again if the palette does not show.
  for (let attempt = 1; ; attempt++) {
    await page.evaluate(() => { if (document.activeElement?.tagName === 'IFRAME') document.activeElement.blur(); });
    await page.keyboard.press('F1');
    try {
      await page.waitForSelector('.quick-input-widget input', { timeout: attempt < 3 ? 5000 : 30000 });
      break;
    } catch (err) {
      if (attempt >= 3) throw err;
      await page.keyboard.press('Escape');
    }
  }
  await page.keyboard.type(title);
  await page.click(`.quick-input-list .monaco-list-row:has-text("${title.replace(/^.*?: /, '')}")`);
}

async function openFile(name) {
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget input');
  await page.keyboard.type(name);
  await page.click(`.quick-input-list .monaco-list-row:has-text("${name}")`);
  await page.waitForSelector(`.tab:has-text("${name}")`);
}

/** "Developer: Reload Window", then waits for the NEW workbench (the old page's elements match until it navigates away). */
async function reloadWindow() {
  await page.evaluate(() => { window.__beforeReload = true; });
  await runCommand('Developer: Reload Window');
  await until('the window reloaded', async () => page.evaluate(() => !window.__beforeReload), 60000);
  await page.waitForSelector('.monaco-workbench .explorer-folders-view', { timeout: 60000 });
}

async function loadWorkbench() {
  const payload = encodeURIComponent(JSON.stringify([['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${port}${extDir}`]]));
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws)}&payload=${payload}`);
  await page.waitForSelector('.monaco-workbench .explorer-folders-view', { timeout: 60000 });
}

let code = 0;
try {
  port = await listening;
  await until('code-server', async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok, 60000);
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: ['--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'] });
  page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
  await loadWorkbench();
  console.log('preview in a real VS Code');

  await test('"Playbook: Open Preview to the Side" draws the journey map beside the editor', async () => {
    await page.click('.statusbar');
    await openFile('gaps.playbook.yaml');
    // The extension is running once its status bar item shows the finding counts.
    await until('the playbook status bar item', async () => (await page.$$eval('.statusbar-item', (els) => els.some((e) => /Playbook \d+E/.test(e.textContent ?? '')))));
    await runCommand('Playbook: Open Preview to the Side');
    const frame = await previewFrame();
    const stages = await frame.$$eval('th.stage .stage-name', (els) => els.map((e) => e.textContent));
    assert.deepEqual(stages, journey.stages.map((s) => s.name));
    // One card per touchpoint placed on the map (a touchpoint reaching several lanes is drawn once).
    const cards = await frame.$$eval('.card', (els) => els.map((e) => e.getAttribute('data-index')));
    const placed = journey.touchpoints.map((t, i) => (t.stage && t.segments.length ? String(i) : undefined)).filter(Boolean);
    assert.deepEqual([...cards].sort(), [...placed].sort());
    const csp = await frame.$eval('meta[http-equiv="Content-Security-Policy"]', (m) => m.getAttribute('content'));
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-[^']+'/);
    await page.screenshot({ path: path.join(shots, 'ui-preview.png') });
  });

  await test('clicking a card selects that touchpoint in the editor', async () => {
    const frame = await previewFrame();
    const index = journey.touchpoints.findIndex((t) => t.id === 'health-alert-email');
    const t = journey.touchpoints[index];
    await frame.click(`.card[data-index="${index}"]`);
    const expected = `Ln ${t.idRange.start.line + 1}, Col ${t.idRange.end.character + 1} (${t.idRange.end.character - t.idRange.start.character} selected)`;
    await until(`status bar "${expected}"`, async () => (await statusBarPosition())?.includes(expected));
  });

  await test('moving the cursor in the editor outlines the matching card', async () => {
    const index = journey.touchpoints.findIndex((t) => t.id === 'kickoff-call');
    const t = journey.touchpoints[index];
    await page.click('.monaco-editor .view-lines');
    await page.keyboard.press('Control+G');
    await page.waitForSelector('.quick-input-widget input');
    await page.keyboard.type(String(t.range.start.line + 2));
    await page.keyboard.press('Enter');
    const frame = await previewFrame();
    // Its one card, and its references in the other lanes it reaches, are outlined; nothing else.
    await until('the kickoff-call card outlined', async () => {
      const outlined = await frame.$$eval('.card.selected, .ref.selected', (els) => els.map((e) => e.getAttribute('data-index')));
      const cards = await frame.$$eval('.card.selected', (els) => els.length);
      return cards === 1 && outlined.length >= 1 && outlined.every((i) => i === String(index));
    });
  });

  /** Puts the cursor on the first non-blank character of a 1-based line. */
  async function goToLine(line) {
    await page.keyboard.press('Control+G');
    await page.waitForSelector('.quick-input-widget input');
    await page.keyboard.type(String(line));
    await page.keyboard.press('Enter');
    await page.keyboard.press('Home');
  }

  await test('typing in the editor updates the map', async () => {
    const t = journey.touchpoints.find((x) => x.id === 'kickoff-call');
    // On the key line after `- id: kickoff-call`: type a new key at that indentation.
    await goToLine(t.range.start.line + 2);
    await page.keyboard.type('name: Executive kickoff');
    await page.keyboard.press('Escape'); // close the suggestions, so Enter is a new line
    await page.keyboard.press('Enter');
    const frame = await previewFrame();
    await until('the renamed card', async () => (await frame.$$eval('.card .card-name', (els) => els.map((e) => e.textContent))).includes('Executive kickoff'));
  });

  await test('while the YAML is broken the last good map stays, with a banner', async () => {
    const t = journey.touchpoints.find((x) => x.id === 'kickoff-call');
    await goToLine(t.range.start.line + 2);
    // One edit (as a paste would be), so no half-typed line is ever the last good version.
    await page.keyboard.insertText('broken: a: b');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Enter');
    const frame = await previewFrame();
    await until('the syntax banner', async () => frame.$('.banner'));
    assert.ok((await frame.$$eval('.card .card-name', (els) => els.map((e) => e.textContent))).includes('Executive kickoff'), 'the last good map is kept');
    // The map's counts are the file's as the status bar counts them (its syntax errors), not the last good version's.
    const agree = await until('the map and the status bar agreeing', async () => {
      const map = await frame.$$eval('.jm-summary .count', (els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-severity'), Number(e.querySelector('strong')?.textContent)])));
      const bar = (await page.$$eval('.statusbar-item', (els) => els.map((e) => e.textContent ?? ''))).map((t) => /Playbook (\d+)E (\d+)W/.exec(t)).find(Boolean);
      return bar && map.error > 0 && Number(bar[1]) === map.error && Number(bar[2]) === map.warning ? { map, bar: bar[0] } : undefined;
    });
    assert.equal(agree.map.warning, 0, 'while it does not parse, only syntax errors count');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Control+Shift+K');
    await until('the banner gone', async () => !(await frame.$('.banner')));
  });

  await test('the lane switch draws channel lanes', async () => {
    const frame = await previewFrame();
    await frame.click('button[data-action="lanes"][value="channel"]');
    const lanes = await until('channel lanes', async () => {
      const l = await frame.$$eval('th.lane-head', (els) => els.map((e) => e.getAttribute('data-lane')));
      return l.includes('email') ? l : undefined;
    });
    assert.deepEqual([...lanes].sort(), Object.keys(journey.summary.byChannel).sort());
    await frame.click('button[data-action="lanes"][value="segment"]');
  });

  await test('screenshots in the real VS Code: side panel and full width, dark and light', async () => {
    // The README's pictures come from here (UPDATE_DOCS_SCREENSHOTS=1 copies them to docs/).
    const frame = await previewFrame();
    await frame.click('button[data-action="lanes"][value="segment"]');
    const taken = [];
    await page.setViewportSize({ width: 1440, height: 900 });
    for (const theme of ['Dark Modern', 'Light Modern']) {
      // Set in settings.json and reload the window (the theme picker's search reaches for the marketplace offline).
      const settings = JSON.parse(readFileSync(`${tmp}/data/User/settings.json`, 'utf8'));
      writeFileSync(`${tmp}/data/User/settings.json`, JSON.stringify({ ...settings, 'workbench.colorTheme': `Default ${theme}` }));
      await reloadWindow();
      await until(`the ${theme} theme`, async () => (await page.$eval('.monaco-workbench', (el) => el.className)).split(/\s+/).includes(theme.startsWith('Dark') ? 'vs-dark' : 'vs'));
      const f = await previewFrame();
      await until('the map re-drawn', async () => (await f.$$eval('.card', (els) => els.length)) > 0);
      await f.click('.jm-summary'); // focus the preview's group (a spot that reveals nothing in the editor)
      const side = path.join(shots, `journey-map-side-${theme.startsWith('Dark') ? 'dark' : 'light'}.png`);
      await checkShot(await page.screenshot({ path: side }), theme, 'side panel');
      await runCommand('View: Toggle Maximize Editor Group');
      await runCommand('View: Toggle Primary Side Bar Visibility');
      await until('the preview at full width', async () => (await (await previewFrame()).evaluate(() => window.innerWidth)) > 1100);
      const wide = path.join(shots, `journey-map-wide-${theme.startsWith('Dark') ? 'dark' : 'light'}.png`);
      await checkShot(await page.screenshot({ path: wide }), theme, 'full width');
      await runCommand('View: Toggle Primary Side Bar Visibility');
      await runCommand('View: Toggle Maximize Editor Group');
      await until('the side panel again', async () => (await (await previewFrame()).evaluate(() => window.innerWidth)) < 1000);
      taken.push(side, wide);
    }
    await page.setViewportSize({ width: 1400, height: 850 });
    if (process.env.UPDATE_DOCS_SCREENSHOTS) for (const f of taken) cpSync(f, path.join(root, 'docs', path.basename(f)));
  });

  await test('the preview is restored after a window reload', async () => {
    await page.keyboard.press('Control+S');
    await reloadWindow();
    const frame = await previewFrame();
    assert.ok((await frame.$$eval('.card', (els) => els.length)) > 0);
    await page.screenshot({ path: path.join(shots, 'ui-preview-restored.png') });
  });
} catch (err) {
  console.error('ui harness error:', err.stack ?? err);
  code = 2;
} finally {
  await browser?.close().catch(() => {});
  try { process.kill(-server.pid, 'SIGTERM'); } catch { /* gone */ }
  rmSync(tmp, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(code || (failed ? 1 : 0));
