/**
 * The SVG and HTML exports measured in a real browser (headless Chromium): in the SVG,
 * every text stays inside its box and no two texts overlap, cut text keeps its whole
 * in a <title>, the font stack is set; the HTML export's print stylesheet fits the map
 * to a landscape page and repeats the stage header row.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Browser, chromium, Page } from 'playwright-core';
import { renderHtmlExport, renderSvgExport } from '../../server/src/core/render/exports';
import { SVG_FONT_STACK } from '../../server/src/core/render/svg';
import { journeyOf, repoRoot, samples as sampleTexts } from '../unit/helpers';

/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;

const ROOT = repoRoot();

const samples = sampleTexts().map((s) => ({ name: s.name, journey: journeyOf(s.text) }));

/** A playbook whose every name is too long for its box, with wide characters and no spaces. */
const LONG = `playbook: long-names
title: ${'A very long playbook title that goes on and on '.repeat(6)}
framework: laer
owners:
  - id: o1
    name: ${'Customer Success Managers of the Northern Hemisphere Enterprise Accounts '.repeat(2)}
    type: human
    capacity: 10
segments:
  - id: s1
    name: WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW
    owner: o1
    size: 900
  - id: s2
    name: 全球企业客户全球企业客户全球企业客户全球企业客户全球企业客户
    owner: o1
touchpoints:
  - id: t1
    name: ${'Quarterly executive business review with the whole buying committee '.repeat(3)}
    stage: land
    channel: video-call
    owner: o1
    segments: [s1, s2]
    description: ${'Long description text '.repeat(20)}
  - id: t2
    name: MMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMM
    stage: adopt
    channel: email
    owner: missing-owner-with-a-very-long-identifier-that-does-not-exist
`;

interface SvgCheck {
  texts: number;
  outside: string[];
  overlaps: string[];
  cutWithoutTitle: string[];
  fontFamily: string;
}

async function checkSvg(page: Page, svg: string): Promise<SvgCheck> {
  await page.setContent(`<!DOCTYPE html><body style="margin:0">${svg.replace(/^<\?xml[^>]*>\s*/, '')}</body>`);
  return page.evaluate(() => {
    const texts = [...document.querySelectorAll('svg text')] as any[];
    const outside: string[] = [];
    const boxes: { r: any; t: string }[] = [];
    const cut: string[] = [];
    for (const t of texts) {
      const shown = [...t.childNodes].filter((n: any) => n.nodeType === 3).map((n: any) => n.nodeValue).join('');
      if (!shown.trim()) continue;
      const r = t.getBoundingClientRect();
      boxes.push({ r, t: shown });
      if (shown.endsWith('…') && !t.querySelector('title')) cut.push(shown);
      // The nearest group drawn as a box: its first child is the box's rectangle.
      let g = t.parentElement;
      while (g && !(g.tagName === 'g' && g.firstElementChild?.classList.contains('box'))) g = g.parentElement;
      if (!g) continue;
      const b = g.firstElementChild.getBoundingClientRect();
      if (r.left < b.left - 0.5 || r.right > b.right + 0.5 || r.top < b.top - 0.5 || r.bottom > b.bottom + 0.5) outside.push(`"${shown}" outside its ${g.getAttribute('class')} box`);
    }
    const overlaps: string[] = [];
    for (let i = 0; i < boxes.length; i++) {
      for (let k = i + 1; k < boxes.length; k++) {
        const a = boxes[i].r;
        const c = boxes[k].r;
        if (Math.min(a.right, c.right) - Math.max(a.left, c.left) > 1 && Math.min(a.bottom, c.bottom) - Math.max(a.top, c.top) > 1) overlaps.push(`"${boxes[i].t}" × "${boxes[k].t}"`);
      }
    }
    return { texts: boxes.length, outside, overlaps, cutWithoutTitle: cut, fontFamily: document.querySelector('svg').getAttribute('font-family') };
  });
}

suite('browser: SVG and HTML exports in headless Chromium', function () {
  this.timeout(120000);
  let browser: Browser;
  let page: Page;
  suiteSetup(async () => {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--disable-background-networking', '--no-first-run'] });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.route('**/*', (r) => (r.request().url().startsWith('about:') || r.request().url().startsWith('data:') ? r.continue() : r.abort()));
  });
  suiteTeardown(async () => browser?.close());

  let checked = 0;
  for (const s of [...samples, { name: 'long names (synthetic)', journey: journeyOf(LONG) }]) {
    test(`SVG of ${s.name}: every text inside its box, none overlapping, cut text keeps a <title>`, async () => {
      const svg = renderSvgExport(s.journey);
      const r = await checkSvg(page, svg);
      checked += r.texts;
      assert.ok(r.texts > 20, `texts measured: ${r.texts}`);
      assert.deepStrictEqual(r.outside, [], 'texts outside their boxes');
      assert.deepStrictEqual(r.overlaps, [], 'overlapping texts');
      assert.deepStrictEqual(r.cutWithoutTitle, [], 'cut text without its whole in a <title>');
      assert.strictEqual(r.fontFamily, SVG_FONT_STACK, 'the font stack is set on the root');
      // The same map: every stage, lane and placed touchpoint's name (maybe cut) is drawn.
      for (const st of s.journey.stages) assert.ok(svg.includes(st.name.slice(0, 6)) || svg.includes(`<title>${st.name}`), `stage ${st.name}`);
      for (const sg of s.journey.segments) assert.ok(svg.includes(sg.name.slice(0, 3)), `lane ${sg.name}`);
    });
  }

  test('the checker can fail: text pushed out of its box and two texts on top of each other are reported', async () => {
    const svg = renderSvgExport(samples[0].journey).replace(/(<g class="card"><rect class="box" x=")([\d.]+)/, (_m, a, x) => `${a}${Number(x) + 120}`);
    const r = await checkSvg(page, svg);
    assert.ok(r.outside.length > 0, 'a card box moved away leaves its texts outside');
    const doubled = renderSvgExport(samples[0].journey).replace(/<text x="([\d.]+)" y="([\d.]+)"([^>]*)>Framework/, '<text x="16" y="34"$3>Framework');
    const r2 = await checkSvg(page, doubled.replace('</svg>', '<text x="16" y="34" font-size="20">Overlapping text on the title</text></svg>'));
    assert.ok(r2.overlaps.length > 0, 'an extra text over the title overlaps');
  });

  test('HTML export in print: landscape page, map fits its width, stage header row repeats on every page', async () => {
    const big = journeyOf(fs.readFileSync(path.join(ROOT, 'samples', 'seven-stage.playbook.yaml'), 'utf8'));
    await page.setContent(renderHtmlExport(big));
    await page.emulateMedia({ media: 'print' });
    // A4 landscape at 96 dpi less 8 mm margins on each side: about 1062 px.
    await page.setViewportSize({ width: 1062, height: 733 });
    const m = await page.evaluate(() => {
      const table = document.querySelector('table.journey');
      const thead = document.querySelector('thead');
      const sticky = [...document.querySelectorAll('thead th, th.lane-head')].filter((e: any) => getComputedStyleOf(e).position === 'sticky').length;
      function getComputedStyleOf(e: any): any {
        return (document.defaultView as any).getComputedStyle(e);
      }
      return { tableRight: table.getBoundingClientRect().right, headDisplay: getComputedStyleOf(thead).display, sticky, pageWidth: document.documentElement.clientWidth };
    });
    assert.ok(m.tableRight <= m.pageWidth + 1, `the map fits the page width (${m.tableRight} <= ${m.pageWidth})`);
    assert.strictEqual(m.headDisplay, 'table-header-group', 'the header row is a table header group (repeated on each printed page)');
    assert.strictEqual(m.sticky, 0, 'nothing sticky in print');
    const pdf = await page.pdf({ landscape: true, format: 'A4', printBackground: true });
    assert.ok(pdf.subarray(0, 4).toString() === '%PDF', 'a PDF');
    // Count pages and how often the first stage's name appears in the PDF's text: once per page (the repeated header).
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    assert.ok(pages >= 2, `the seven-stage map needs more than one page (${pages})`);
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 1400, height: 900 });
  });

  suiteTeardown(() => {
    console.log(`      SVG exports: ${checked} text boxes checked`);
  });
});
