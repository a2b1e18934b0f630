/**
 * What a screenshot shows, read back from its pixels: the PNG is decoded by the browser the
 * tests already drive (an <img> drawn on a canvas), so no image library is needed. Used to
 * check that screenshots show the map in the right theme (not only that a file was written).
 */
import type { Page } from 'playwright-core';

// Run inside the page (this project compiles without the DOM library).
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;
declare const Image: any;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface RegionStats {
  /** Mean relative luminance, 0 (black) to 1 (white). */
  luminance: number;
  /** Standard deviation of the luminance: near 0 for a flat fill, higher where something is drawn. */
  spread: number;
  /** Distinct colours (4 bits per channel). */
  colours: number;
  /** Per colour asked for: the share of the region's pixels within a small distance of it. */
  shares: number[];
}

/** Parses `rgb(r, g, b)` / `rgba(r, g, b, a)` as computed styles give colours. */
export function parseRgb(css: string): [number, number, number] {
  const m = /rgba?\(\s*(\d+)[,\s]+(\d+)[,\s]+(\d+)/.exec(css);
  if (!m) throw new Error(`not an rgb() colour: ${css}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/**
 * Statistics of regions of a PNG (rectangles in CSS pixels of the page that was captured;
 * `scale` is the screenshot's device pixels per CSS pixel). `page` decodes the image: a blank
 * page (about:blank), as a page under a strict CSP may not load a data: image.
 */
export async function regionStats(page: Page, png: Buffer, rects: Rect[], colours: [number, number, number][] = [], scale = 1): Promise<RegionStats[]> {
  return page.evaluate(
    async ({ data, rects, colours, scale }) => {
      const img = new Image();
      img.src = `data:image/png;base64,${data}`;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const ctx = canvas.getContext('2d', { willReadFrequently: true });
      ctx.drawImage(img, 0, 0);
      return rects.map((r: Rect) => {
        const x = Math.max(0, Math.floor(r.x * scale));
        const y = Math.max(0, Math.floor(r.y * scale));
        const w = Math.max(1, Math.min(canvas.width - x, Math.floor(r.width * scale)));
        const h = Math.max(1, Math.min(canvas.height - y, Math.floor(r.height * scale)));
        const px = ctx.getImageData(x, y, w, h).data;
        const n = px.length / 4;
        let sum = 0;
        let sq = 0;
        const seen = new Set<number>();
        const hits: number[] = colours.map(() => 0);
        for (let i = 0; i < px.length; i += 4) {
          const [R, G, B] = [px[i], px[i + 1], px[i + 2]];
          const l = (0.2126 * R + 0.7152 * G + 0.0722 * B) / 255;
          sum += l;
          sq += l * l;
          seen.add(((R >> 4) << 8) | ((G >> 4) << 4) | (B >> 4));
          colours.forEach(([cr, cg, cb]: number[], k: number) => {
            if (Math.abs(R - cr) + Math.abs(G - cg) + Math.abs(B - cb) <= 24) hits[k]++;
          });
        }
        const mean = sum / n;
        return { luminance: mean, spread: Math.sqrt(Math.max(0, sq / n - mean * mean)), colours: seen.size, shares: hits.map((c) => c / n) };
      });
    },
    { data: png.toString('base64'), rects, colours, scale },
  );
}
