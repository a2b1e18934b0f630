/** Messages between the extension and the preview webview, both ways, declared once. */
import type { JourneyModel } from '../../../server/src/core/journey';
import type { LaneMode } from '../../../server/src/core/render/journeyMap';

export type ExportFormat = 'html' | 'svg' | 'mermaid';

export interface PreviewState {
  /** The playbook shown (restored after a window reload). */
  uri: string;
  locked: boolean;
  lanes: LaneMode;
  filter: string;
}

/** Extension -> webview. */
export type ToWebview =
  | { type: 'update'; uri: string; version: number | null; journey: JourneyModel | undefined; syntaxErrors: { message: string; line: number; character: number }[]; locked: boolean }
  | { type: 'cursor'; uri: string; line: number };

/** Webview -> extension. */
export type FromWebview =
  | { type: 'ready' }
  | { type: 'reveal'; uri: string; range: [number, number, number, number] }
  | { type: 'export'; format: ExportFormat }
  | { type: 'state'; state: PreviewState };

const LANES = ['segment', 'channel', 'owner'];

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
      return { type: 'state', state: { uri: s.uri, locked: s.locked, lanes: s.lanes as LaneMode, filter: s.filter } };
    }
    default:
      return undefined;
  }
}
