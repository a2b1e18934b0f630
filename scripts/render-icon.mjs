// Renders images/icon.svg to images/icon.png (256 x 256) in headless Chromium: the Marketplace
// and Open VSX need a PNG icon. Run after editing the SVG: node scripts/render-icon.mjs
import { fileURLToPath } from 'node:url';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const root = fileURLToPath(new URL('..', import.meta.url));
const { chromium } = createRequire(import.meta.url)('playwright-core');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true });
try {
  const page = await browser.newPage({ viewport: { width: 256, height: 256 }, deviceScaleFactor: 1 });
  const svg = readFileSync(`${root}images/icon.svg`, 'utf8');
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  const png = await page.locator('svg').screenshot({ omitBackground: true });
  writeFileSync(`${root}images/icon.png`, png);
  console.log(`images/icon.png: ${png.length} bytes`);
} finally {
  await browser.close();
}
