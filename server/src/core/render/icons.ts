/**
 * Small line icons (16 × 16, drawn with the current text colour) for channels,
 * owner types and finding severities. They ship with the extension as path data,
 * so the map needs no icon font and no remote resource.
 */
import { h, VNode } from './tree';

/** Path data per icon; every path is stroked, none filled. */
const PATHS: Record<string, string[]> = {
  email: ['M2 4h12v8H2z', 'M2 4l6 5 6-5'],
  'in-app': ['M3 2h10v12H3z', 'M3 5h10', 'M6 9h4'],
  chat: ['M2 3h12v8H7l-3 3v-3H2z'],
  chatbot: ['M3 5h10v8H3z', 'M8 5V2', 'M6 9h.01', 'M10 9h.01', 'M6 11h4'],
  phone: ['M4 2l2 3-1.5 1.5a8 8 0 0 0 5 5L11 10l3 2-1 2.5C7 14 2 9 1.5 3z'],
  'video-call': ['M2 4h9v8H2z', 'M11 7l3-2v6l-3-2'],
  meeting: ['M2 3h12v11H2z', 'M2 6h12', 'M5 1v3', 'M11 1v3'],
  sms: ['M4 1h8v14H4z', 'M7 12h2', 'M6 5h4', 'M6 7.5h3'],
  push: ['M4 11V7a4 4 0 0 1 8 0v4l1.5 1.5h-11z', 'M6.5 14h3'],
  webinar: ['M2 2h12v9H2z', 'M5 14h6', 'M8 11v3', 'M7 5l3 1.5L7 8z'],
  community: ['M5.5 7a2 2 0 1 0 0-.01', 'M11 7a2 2 0 1 0 0-.01', 'M1.5 14a4 4 0 0 1 8 0', 'M8.5 12a4 4 0 0 1 6 2'],
  social: ['M4 8a1.8 1.8 0 1 0 0-.01', 'M12 3.5a1.8 1.8 0 1 0 0-.01', 'M12 12.5a1.8 1.8 0 1 0 0-.01', 'M5.6 7l4.8-2.5', 'M5.6 9l4.8 2.5'],
  'direct-mail': ['M2 5h12v8H2z', 'M2 5l2-3h8l2 3', 'M5 9h6'],
  survey: ['M3 2h10v12H3z', 'M5 5l1 1 2-2', 'M9 5h2', 'M5 10l1 1 2-2', 'M9 10h2'],
  'knowledge-base': ['M2 3h5a1 1 0 0 1 1 1v10a1 1 0 0 0-1-1H2z', 'M14 3H9a1 1 0 0 0-1 1v10a1 1 0 0 1 1-1h5z'],
  event: ['M8 1.5l1.9 4 4.3.5-3.2 3 .9 4.3L8 11.2l-3.9 2.1.9-4.3-3.2-3 4.3-.5z'],
  qbr: ['M2 14h12', 'M4 14V9', 'M8 14V5', 'M12 14V2'],
  unknown: ['M8 14.5a6.5 6.5 0 1 0 0-13 6.5 6.5 0 0 0 0 13z', 'M6.3 6a1.8 1.8 0 1 1 2.5 1.7c-.6.3-.8.7-.8 1.3', 'M8 11.2h.01'],
  // owner types
  human: ['M8 7.5a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5z', 'M3 14a5 5 0 0 1 10 0'],
  team: ['M5.5 7a2 2 0 1 0 0-4 2 2 0 0 0 0 4z', 'M11 7a2 2 0 1 0 0-4 2 2 0 0 0 0 4z', 'M1.5 13a4 4 0 0 1 8 0', 'M8.5 11a4 4 0 0 1 6 2'],
  automation: ['M3 5h10v8H3z', 'M8 5V2.5', 'M6 9h.01', 'M10 9h.01', 'M1 9h2', 'M13 9h2'],
  // findings
  error: ['M8 14.5a6.5 6.5 0 1 0 0-13 6.5 6.5 0 0 0 0 13z', 'M5.8 5.8l4.4 4.4', 'M10.2 5.8l-4.4 4.4'],
  warning: ['M8 1.8L15 14H1z', 'M8 6v4', 'M8 12h.01'],
  info: ['M8 14.5a6.5 6.5 0 1 0 0-13 6.5 6.5 0 0 0 0 13z', 'M8 7.5V11', 'M8 5h.01'],
  accounts: ['M2 14h12', 'M3 14V5h5v9', 'M8 8h5v6', 'M5 7.5h1', 'M5 10h1', 'M10 10.5h1'],
  target: ['M8 14.5a6.5 6.5 0 1 0 0-13 6.5 6.5 0 0 0 0 13z', 'M8 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6z', 'M8 8h.01'],
  span: ['M8 2v12', 'M5 4.5L8 2l3 2.5', 'M5 11.5L8 14l3-2.5'],
  ref: ['M4 2v6a2 2 0 0 0 2 2h7', 'M10 7l3 3-3 3'],
  escalation: ['M4 12L12 4', 'M6 4h6v6'],
};

/** Channels with an icon of their own (others get `unknown`). */
export const CHANNEL_ICONS = new Set(Object.keys(PATHS).slice(0, 17));

const uses = new Map<string, VNode>();

/**
 * An icon: in HTML a reference to the map's icon sprite (`iconSprite()`, one copy of each
 * drawing per page; the same element is returned for the same icon, so re-renders skip it),
 * or, inside a standalone SVG (`at`), a group of paths at x, y.
 */
export function icon(name: string, cls = 'icon', at?: { x: number; y: number; size: number; color: string }): VNode {
  const key = PATHS[name] ? name : 'unknown';
  if (at) {
    const s = at.size / 16;
    return h('g', { transform: `translate(${at.x} ${at.y}) scale(${s})`, fill: 'none', stroke: at.color, 'stroke-width': 1.4, 'aria-hidden': 'true' }, PATHS[key].map((p) => h('path', { d: p })));
  }
  const cacheKey = `${cls}\u0000${key}`;
  let node = uses.get(cacheKey);
  if (!node) uses.set(cacheKey, (node = h('svg', { class: cls, viewBox: '0 0 16 16', width: 16, height: 16, 'aria-hidden': 'true' }, h('use', { href: `#jm-i-${key}` }))));
  return node;
}

let sprite: VNode | undefined;

/** Every icon drawing once, as `<symbol>`s the `icon()` references point to. */
export function iconSprite(): VNode {
  sprite ??= h(
    'svg',
    { class: 'jm-sprite', width: 0, height: 0, 'aria-hidden': 'true' },
    Object.entries(PATHS).map(([name, paths]) => h('symbol', { id: `jm-i-${name}`, viewBox: '0 0 16 16', fill: 'none', stroke: 'currentColor', 'stroke-width': 1.4 }, paths.map((p) => h('path', { d: p })))),
  );
  return sprite;
}

/** The icon shown for a channel. */
export function channelIcon(channel: string | undefined): string {
  return channel !== undefined && CHANNEL_ICONS.has(channel) ? channel : 'unknown';
}
