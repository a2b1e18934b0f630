/** Measures the preview webview's re-render of a playbook's journey map in headless Chromium. */
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import { analyzePlaybook } from '../server/src/core/analyze';
import { buildJourney } from '../server/src/core/journey';

const ROOT = path.resolve(__dirname, '../..');

/**
 * Re-render after an edit (median, p95) and first paint (an empty preview receiving the map),
 * each timed until the browser has laid the page out (a layout read after the next frame).
 */
export async function measurePreviewRender(file: string, runs: number): Promise<{ medianMs: number; p95Ms: number; firstPaintMs: number; touchpoints: number }> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { chromium } = require('playwright-core');
  const text = fs.readFileSync(file, 'utf8');
  const journey = buildJourney(analyzePlaybook(text))!;
  // The same playbook after an edit in the middle: one touchpoint's SLA changed.
  const at = text.indexOf('within: ', text.indexOf(`  - id: touchpoint-${Math.floor(journey.touchpoints.length / 2)}`)) + 'within: '.length;
  const edited = buildJourney(analyzePlaybook(`${text.slice(0, at)}99d${text.slice(text.indexOf('\n', at))}`))!;
  const media = path.join(ROOT, 'dist/media');
  const nonce = 'bench';
  const page = `<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${nonce}'; style-src 'self'">
<link rel="stylesheet" href="/journey.css"></head><body data-state="{}"><main id="root"></main>
<script nonce="${nonce}">window.acquireVsCodeApi = () => ({ postMessage() {}, getState() { return undefined; }, setState() {} });</script>
<script nonce="${nonce}" src="/webview.js"></script></body></html>`;
  const server = http.createServer((req, res) => {
    const f = path.join(media, path.basename(req.url ?? ''));
    if (req.url === '/') res.end(page);
    else if (!fs.existsSync(f)) res.writeHead(404).end();
    else res.writeHead(200, { 'content-type': f.endsWith('.css') ? 'text/css' : 'text/javascript' }).end(fs.readFileSync(f));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: ['--disable-background-networking', '--disable-component-update', '--no-first-run'] });
  try {
    const p = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const paints: number[] = [];
    const times: number[] = [];
    for (let i = 0; i < runs + 1; i++) {
      if (i < 3) await p.goto(`http://127.0.0.1:${port}/`);
      // Alternately the playbook and its edited version, as the preview receives them while typing
      // (as JSON text, as the extension sends it).
      const ms = (await p.evaluate(`(async (j) => {
        const before = Number(document.body.dataset.rendered ?? '0');
        const t = performance.now();
        window.postMessage({ type: 'update', uri: 'file:///bench.playbook.yaml', version: 1, journeyJson: j, syntaxErrors: [], locked: false }, '*');
        while (Number(document.body.dataset.rendered ?? '0') === before) await new Promise((r) => setTimeout(r, 1));
        await new Promise((r) => requestAnimationFrame(() => r(null)));
        void document.querySelector('.jm-scroll')?.scrollHeight;
        return performance.now() - t;
      })(${JSON.stringify(JSON.stringify(i % 2 ? edited : journey))})`)) as number;
      // The first three renders are first paints of a fresh page (fonts, styles, every node new).
      if (i < 3) paints.push(ms);
      else times.push(ms);
    }
    times.sort((a, b) => a - b);
    paints.sort((a, b) => a - b);
    const round = (n: number) => Math.round(n * 10) / 10;
    return { medianMs: round(times[Math.floor(times.length / 2)]), p95Ms: round(times[Math.min(times.length - 1, Math.floor(times.length * 0.95))]), firstPaintMs: round(paints[1]), touchpoints: journey.touchpoints.length };
  } finally {
    await browser.close();
    server.close();
  }
}
