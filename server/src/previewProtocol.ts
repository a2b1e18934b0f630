/** Messages between the extension and the preview webview, both ways, declared once. */
import type { JourneyCompare } from './core/compare';
import type { JourneyModel } from './core/journey';
import type { Density, LaneMode } from './core/render/journeyMap';

/** The one escaper of markup text and attribute values (the extension builds the webview's page with it). */
export { escapeXml } from './core/text';

export type ExportFormat = 'html' | 'svg' | 'mermaid';

export interface PreviewState {
  /** The playbook shown (restored after a window reload). */
  uri: string;
  locked: boolean;
  lanes: LaneMode;
  filter: string;
  /** A zoom factor, or 'fit' to follow the panel's width. */
  zoom: number | 'fit';
  density: Density;
  /** Legend unfolded; undefined follows the panel's width. */
  legendOpen?: boolean;
  /** Findings panel shown; undefined follows the panel's width. */
  findingsOpen?: boolean;
}

/** Extension -> webview. */
export type ToWebview =
  | {
      type: 'update';
      uri: string;
      version: number | null;
      /** The map (undefined while the text does not parse), or the same as JSON text: one string crosses to the webview much faster than a large object graph. */
      journey?: JourneyModel;
      journeyJson?: string;
      syntaxErrors: { message: string; line: number; character: number }[];
      locked: boolean;
      /** Compare mode: the changes since another version (absent: not comparing). */
      compare?: JourneyCompare;
    }
  | { type: 'cursor'; uri: string; line: number }
  | { type: 'exportPng' };

/** Webview -> extension. */
export type FromWebview =
  | { type: 'ready' }
  | { type: 'reveal'; uri: string; range: [number, number, number, number] }
  | { type: 'export'; format: ExportFormat }
  | { type: 'state'; state: PreviewState }
  | { type: 'png'; data: number[] | Uint8Array }
  | { type: 'pngFailed'; reason: string };

const LANES = ['segment', 'channel', 'owner'];
/** A PNG larger than this is refused (a 2x drawing of a 10,000-touchpoint map stays well under it). */
export const MAX_PNG_BYTES = 64 * 1024 * 1024;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Fills in defaults and drops anything malformed (state restored from an older version, or forged). */
export function normalizeState(s: Partial<Record<keyof PreviewState, unknown>> | undefined): PreviewState {
  const x = s ?? {};
  const zoom = x.zoom === 'fit' ? 'fit' : typeof x.zoom === 'number' && Number.isFinite(x.zoom) && x.zoom >= 0.5 && x.zoom <= 2 ? x.zoom : 1;
  return {
    uri: typeof x.uri === 'string' ? x.uri : '',
    locked: x.locked === true,
    lanes: LANES.includes(String(x.lanes)) ? (x.lanes as LaneMode) : 'segment',
    filter: typeof x.filter === 'string' ? x.filter : '',
    zoom,
    density: x.density === 'compact' ? 'compact' : 'comfortable',
    ...(typeof x.legendOpen === 'boolean' ? { legendOpen: x.legendOpen } : {}),
    ...(typeof x.findingsOpen === 'boolean' ? { findingsOpen: x.findingsOpen } : {}),
  };
}

/** Checks a message from the webview before the extension acts on it (the webview is untrusted). */
export function parseFromWebview(m: unknown): FromWebview | undefined {
  if (typeof m !== 'object' || m === null) return undefined;
  const x = m as Record<string, unknown>;
  switch (x.type) {
    case 'ready':
      return { type: 'ready' };
    case 'reveal': {
      const r = x.range;
      if (typeof x.uri !== 'string' || !Array.isArray(r) || r.length !== 4 || !r.every((n) => Number.isInteger(n) && n >= 0 && n < 10_000_000)) return undefined;
      return { type: 'reveal', uri: x.uri, range: r as [number, number, number, number] };
    }
    case 'export':
      return x.format === 'html' || x.format === 'svg' || x.format === 'mermaid' ? { type: 'export', format: x.format } : undefined;
    case 'state': {
      const s = x.state as Record<string, unknown> | undefined;
      if (!s || typeof s.uri !== 'string' || typeof s.locked !== 'boolean' || !LANES.includes(String(s.lanes)) || typeof s.filter !== 'string') return undefined;
      return { type: 'state', state: normalizeState(s) };
    }
    case 'png': {
      const d = x.data;
      const bytes = d instanceof Uint8Array ? d : Array.isArray(d) && d.length <= MAX_PNG_BYTES && d.every((b) => Number.isInteger(b) && b >= 0 && b <= 255) ? Uint8Array.from(d as number[]) : undefined;
      if (!bytes || bytes.length < 8 || bytes.length > MAX_PNG_BYTES || !PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return undefined;
      return { type: 'png', data: bytes };
    }
    case 'pngFailed':
      return { type: 'pngFailed', reason: typeof x.reason === 'string' ? x.reason.slice(0, 300) : 'unknown reason' };
    default:
      return undefined;
  }
}
