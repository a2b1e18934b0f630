/**
 * The preview's script (runs inside the webview; DOM only). It draws the journey
 * map with the same renderer as the exports, turning the element tree into DOM
 * nodes (text as text nodes, attributes from a fixed list), and talks to the
 * extension only through the typed messages of messages.ts. Zoom, density, legend
 * and findings panel are kept per panel in the webview state.
 */
import type { JourneyCompare } from '../../server/src/core/compare';
import type { JourneyFinding, JourneyModel } from '../../server/src/core/journey';
import { renderSvgExport } from '../../server/src/core/render/exports';
import { icon } from '../../server/src/core/render/icons';
import { Density, LaneMode, rangeAttr, renderJourneyMap } from '../../server/src/core/render/journeyMap';
import { validFilter } from '../../server/src/core/render/layout';
import { findingLabel, messageNodes } from '../../server/src/core/render/labels';
import { MIN_TEXT_PX } from '../../server/src/core/render/style';
import { attributeAllowed, Child, h } from '../../server/src/core/render/tree';
import { FromWebview, normalizeState, PreviewState, ToWebview } from '../../server/src/previewProtocol';

declare function acquireVsCodeApi(): { postMessage(m: FromWebview): void; getState(): unknown; setState(s: unknown): void };

const vscode = acquireVsCodeApi();
const root = document.getElementById('root')!;
const SVG_NS = 'http://www.w3.org/2000/svg';
const SVG_TAGS = new Set(['svg', 'line', 'polyline', 'circle', 'rect', 'path', 'g', 'text', 'title', 'defs', 'pattern', 'clipPath', 'tspan', 'use', 'symbol']);
/** The smallest text on the map is MIN_TEXT_PX at 100 %: below this zoom it would be under 10 px. */
export const MIN_ZOOM = 10 / MIN_TEXT_PX;
const ZOOM_STEPS = [MIN_ZOOM, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2];

let state: PreviewState = normalizeState((vscode.getState() as Partial<PreviewState> | undefined) ?? JSON.parse(document.body.dataset.state ?? '{}'));
let journey: JourneyModel | undefined;
let syntaxErrors: { message: string; line: number; character: number }[] = [];
/** Compare mode's overlay, from the last update that had a map. */
let compare: JourneyCompare | undefined;
let cursorLine = -1;
/** The zoom in effect (state.zoom, or the fitted level). */
let zoomNow = 1;

function toDom(node: Child, svg = false): Node {
  if (typeof node === 'string') return document.createTextNode(node);
  const inSvg = svg || node.tag === 'svg';
  const el = inSvg && SVG_TAGS.has(node.tag) ? document.createElementNS(SVG_NS, node.tag) : document.createElement(node.tag);
  for (const [k, v] of Object.entries(node.attrs)) if (attributeAllowed(k, v)) el.setAttribute(k, v);
  for (const c of node.children) el.appendChild(toDom(c, inSvg));
  return el;
}

/** Cards of the last render by content, so unchanged cards are the same elements (the patch skips them). */
const cardMemo = new Map<string, import('../../server/src/core/render/tree').VNode>();

/** The tree currently in the DOM, so an update only touches what changed. */
let shown: Child | undefined;

/** Brings the DOM node `dom` (drawn from `before`) in line with `after`; returns the node now in place. */
function patch(dom: Node, before: Child, after: Child, svg: boolean): Node {
  // The renderer reuses the element of anything that did not change (cards, icons): nothing to do.
  if (before === after) return dom;
  if (typeof after === 'string') {
    if (typeof before === 'string' && dom.nodeType === Node.TEXT_NODE) {
      if (before !== after) dom.nodeValue = after;
      return dom;
    }
    const text = document.createTextNode(after);
    dom.parentNode!.replaceChild(text, dom);
    return text;
  }
  if (typeof before === 'string' || before.tag !== after.tag || dom.nodeType !== Node.ELEMENT_NODE) {
    const fresh = toDom(after, svg);
    dom.parentNode!.replaceChild(fresh, dom);
    return fresh;
  }
  const el = dom as Element;
  const inSvg = svg || after.tag === 'svg';
  for (const k of Object.keys(before.attrs)) if (!(k in after.attrs)) el.removeAttribute(k);
  for (const [k, v] of Object.entries(after.attrs)) if (attributeAllowed(k, v) && before.attrs[k] !== v) el.setAttribute(k, v);
  // <details> open state is the user's until the next render says otherwise.
  if (after.tag === 'details') (el as HTMLDetailsElement).open = 'open' in after.attrs;
  const kids = el.childNodes;
  const common = Math.min(before.children.length, after.children.length);
  for (let i = 0; i < common; i++) patch(kids[i], before.children[i], after.children[i], inSvg);
  for (let i = common; i < after.children.length; i++) el.appendChild(toDom(after.children[i], inSvg));
  for (let i = before.children.length - 1; i >= after.children.length; i--) el.removeChild(kids[i]);
  return el;
}

function selectedIndex(): number | undefined {
  if (!journey || cursorLine < 0) return undefined;
  let best: number | undefined;
  journey.touchpoints.forEach((t, i) => {
    // A range ending at column 0 does not include that line.
    const end = t.range ? (t.range.end.character === 0 ? t.range.end.line - 1 : t.range.end.line) : -1;
    if (t.range && t.range.start.line <= cursorLine && cursorLine <= end) best = i;
  });
  return best;
}

function filterOf(value: string): { segment?: string; channel?: string; owner?: string } {
  const [kind, ...rest] = value.split(':');
  const v = rest.join(':');
  return kind === 'segment' ? { segment: v } : kind === 'channel' ? { channel: v } : kind === 'owner' ? { owner: v } : {};
}

/** The findings panel and the legend follow the panel's width until the user opens or closes them. */
function findingsOpen(): boolean {
  return state.findingsOpen ?? (window.innerWidth >= 1100 && (journey?.allFindings.length ?? 0) > 0);
}

function legendOpen(): boolean {
  return state.legendOpen ?? window.innerWidth >= 900;
}

/** A document's file name from its URI: `file:///a/b.playbook.yaml` -> `b.playbook.yaml`, `untitled:Untitled-1` -> `Untitled-1`. */
function fileNameOf(uri: string): string {
  const path = uri.replace(/^[a-z][\w+.-]*:(\/\/[^/]*)?/i, '');
  const last = path.split('/').pop() ?? '';
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

function render(): void {
  const start = performance.now();
  hidePopover();
  if (!journey) {
    shown = undefined;
    root.replaceChildren(toDom(h('div', { class: 'journey-map empty-state', role: 'status' }, syntaxErrors.length ? `The playbook does not parse yet: line ${syntaxErrors[0].line + 1}, column ${syntaxErrors[0].character + 1}: ${syntaxErrors[0].message}` : 'Open a playbook (*.playbook.yaml) to see its journey map.')));
    return;
  }
  // The legend's toggle event comes a task after the click: a render in between must not undo it.
  const legend = root.querySelector<HTMLDetailsElement>('details.jm-legend');
  if (legend && legend.open !== legendOpen()) setState({ legendOpen: legend.open });
  const fileName = fileNameOf(state.uri);
  const tree = renderJourneyMap(journey, {
    lanes: state.lanes,
    filter: filterOf(state.filter),
    selected: selectedIndex(),
    interactive: true,
    syntaxErrors,
    density: state.density,
    legendOpen: legendOpen(),
    findingsOpen: findingsOpen(),
    fileName,
    memo: cardMemo,
    compare,
  });
  const focus = focusSelector(document.activeElement as HTMLElement | null);
  const scroller = root.querySelector<HTMLElement>('.jm-scroll');
  const scroll = scroller ? [scroller.scrollLeft, scroller.scrollTop] : undefined;
  if (shown && root.firstChild) patch(root.firstChild, shown, tree, false);
  else root.replaceChildren(toDom(tree));
  shown = tree;
  if (focus && !(document.activeElement && root.contains(document.activeElement))) (root.querySelector(focus) as HTMLElement | null)?.focus();
  applyZoom();
  const after = root.querySelector<HTMLElement>('.jm-scroll');
  if (after && scroll && after !== scroller) [after.scrollLeft, after.scrollTop] = scroll;
  document.body.dataset.renderMs = (performance.now() - start).toFixed(1);
  document.body.dataset.rendered = String(Number(document.body.dataset.rendered ?? '0') + 1);
}

/** A selector that finds the same control or card again after a re-render (same lane for cards). */
function focusSelector(el: HTMLElement | null): string | undefined {
  if (!el || !root.contains(el)) return undefined;
  const q = (v: string) => CSS.escape(v);
  if (el.dataset.action) return `[data-action="${q(el.dataset.action)}"]${(el as HTMLButtonElement).value ? `[value="${q((el as HTMLButtonElement).value)}"]` : ''}`;
  if (el.dataset.index !== undefined) {
    const lane = el.closest('td')?.getAttribute('data-lane');
    return `${lane !== null && lane !== undefined ? `td[data-lane="${q(lane)}"] ` : ''}[data-kind="${q(el.dataset.kind ?? 'touchpoint')}"][data-index="${q(el.dataset.index)}"]`;
  }
  if (el.dataset.finding !== undefined) return `${el.classList.contains('fp-item') ? '.fp-item' : '.fbadge'}[data-finding="${q(el.dataset.finding)}"]`;
  if (el.dataset.range) return `[data-range="${q(el.dataset.range)}"]`;
  return undefined;
}

/** Width of the map at 100 %: the lane column plus every stage column as the stylesheet sets them (not as stretched to the panel). */
function naturalWidth(table: HTMLElement): number {
  const style = getComputedStyle(table);
  const lane = parseFloat(style.getPropertyValue('--jm-lane-w')) || 200;
  const stage = parseFloat(style.getPropertyValue('--jm-stage-w')) || 250;
  return lane + stage * table.querySelectorAll('col.col-stage').length;
}

function applyZoom(): void {
  const table = root.querySelector<HTMLElement>('table.journey');
  const scroller = root.querySelector<HTMLElement>('.jm-scroll');
  if (table && scroller) {
    if (state.zoom === 'fit') {
      const natural = naturalWidth(table);
      zoomNow = natural > 0 ? Math.min(1, Math.max(MIN_ZOOM, (scroller.clientWidth - 2) / natural)) : 1;
    } else zoomNow = Math.min(2, Math.max(MIN_ZOOM, state.zoom));
    table.style.zoom = zoomNow === 1 ? '' : String(zoomNow);
  }
  const label = root.querySelector<HTMLElement>('.zoom-level');
  if (label) label.textContent = `${state.zoom === 'fit' ? 'Fit ' : ''}${Math.round(zoomNow * 100)}%`;
  root.querySelector('[data-action="fit"]')?.setAttribute('aria-pressed', state.zoom === 'fit' ? 'true' : 'false');
  document.body.dataset.zoom = zoomNow.toFixed(3);
}

function stepZoom(dir: 1 | -1): void {
  const now = zoomNow;
  const next = dir > 0 ? ZOOM_STEPS.find((z) => z > now + 0.001) ?? ZOOM_STEPS[ZOOM_STEPS.length - 1] : [...ZOOM_STEPS].reverse().find((z) => z < now - 0.001) ?? ZOOM_STEPS[0];
  setState({ zoom: next });
  applyZoom();
}

function setState(patchState: Partial<PreviewState>): void {
  state = { ...state, ...patchState };
  vscode.setState(state);
  vscode.postMessage({ type: 'state', state });
}

function reveal(el: HTMLElement): void {
  const parts = (el.dataset.range ?? '').split(':').map(Number);
  if (parts.length === 4 && parts.every((n) => Number.isInteger(n) && n >= 0)) vscode.postMessage({ type: 'reveal', uri: state.uri, range: parts as [number, number, number, number] });
}

// ---------------------------------------------------------------------------
// Popover: the full message of a finding badge on hover or focus.

let popover: HTMLElement | undefined;
let popoverFor: HTMLElement | undefined;

function findingById(id: string | undefined): JourneyFinding | undefined {
  const n = Number(id);
  return journey && Number.isInteger(n) ? journey.allFindings[n] : undefined;
}

function showPopover(anchor: HTMLElement): void {
  const f = findingById(anchor.dataset.finding);
  if (!f || !journey) return;
  if (!popover) {
    popover = document.createElement('div');
    popover.className = 'jm-popover';
    popover.setAttribute('role', 'tooltip');
    popover.id = 'jm-popover';
    document.body.appendChild(popover);
    popover.addEventListener('click', (e) => {
      const go = (e.target as HTMLElement).closest<HTMLElement>('[data-range]');
      if (go) reveal(go);
    });
    popover.addEventListener('mouseleave', () => hidePopover());
  }
  const severity = f.severity.charAt(0).toUpperCase() + f.severity.slice(1);
  const content = h(
    'div',
    {},
    h('div', { class: `pop-title ${f.severity}` }, icon(f.severity), findingLabel(f, journey)),
    h('div', { class: 'pop-sub' }, `${severity} · ${f.ruleId} · line ${f.range.start.line + 1}`),
    h('p', { class: 'pop-msg' }, messageNodes(f.message)),
    h('div', { class: 'pop-actions' }, h('button', { type: 'button', 'data-range': rangeAttr(f.range) }, 'Go to source')),
  );
  popover.replaceChildren(...Array.from(toDom(content).childNodes));
  popover.hidden = false;
  popoverFor = anchor;
  anchor.setAttribute('aria-describedby', 'jm-popover');
  const r = anchor.getBoundingClientRect();
  const w = Math.min(340, window.innerWidth - 16);
  popover.style.maxWidth = `${w}px`;
  const left = Math.max(8, Math.min(r.left, window.innerWidth - w - 8));
  popover.style.left = `${left}px`;
  const below = r.bottom + 6;
  popover.style.top = `${below}px`;
  const ph = popover.getBoundingClientRect().height;
  if (below + ph > window.innerHeight - 8 && r.top - ph - 6 > 8) popover.style.top = `${r.top - ph - 6}px`;
}

function hidePopover(): void {
  if (popover) popover.hidden = true;
  popoverFor?.removeAttribute('aria-describedby');
  popoverFor = undefined;
}

root.addEventListener('mouseover', (e) => {
  const b = (e.target as HTMLElement).closest<HTMLElement>('.fbadge, .kpi[data-finding]');
  if (b && b !== popoverFor) showPopover(b);
});
root.addEventListener('mouseout', (e) => {
  const to = e.relatedTarget as Node | null;
  if (popoverFor && !(to && (popoverFor.contains(to) || popover?.contains(to)))) hidePopover();
});
root.addEventListener('focusin', (e) => {
  const b = (e.target as HTMLElement).closest<HTMLElement>('.fbadge, .kpi[data-finding]');
  if (b) showPopover(b);
  else hidePopover();
});
document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape') hidePopover();
});

// ---------------------------------------------------------------------------
// Clicks, keys and messages

function highlightFinding(id: string | undefined): void {
  if (id === undefined) return;
  root.querySelectorAll('.fp-item.active').forEach((x) => x.classList.remove('active'));
  const item = root.querySelector<HTMLElement>(`.fp-item[data-finding="${CSS.escape(id)}"]`);
  if (item) {
    item.classList.add('active');
    item.scrollIntoView({ block: 'nearest' });
  }
}

async function exportPng(): Promise<void> {
  if (!journey) return;
  const svg = renderSvgExport(journey);
  const size = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg);
  const width = Number(size?.[1] ?? 800);
  const height = Number(size?.[2] ?? 600);
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    await new Promise<void>((ok, ko) => {
      img.onload = () => ok();
      img.onerror = () => ko(new Error('the SVG could not be drawn'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    const scale = Math.min(2, 16384 / Math.max(width, height));
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext('2d')!;
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, width, height);
    const blob = await new Promise<Blob | null>((ok) => canvas.toBlob(ok, 'image/png'));
    if (!blob) throw new Error('the canvas gave no PNG');
    const bytes = new Uint8Array(await blob.arrayBuffer());
    vscode.postMessage({ type: 'png', data: Array.from(bytes) });
    document.body.dataset.pngBytes = String(bytes.length);
  } catch (err) {
    vscode.postMessage({ type: 'pngFailed', reason: err instanceof Error ? err.message : String(err) });
  } finally {
    URL.revokeObjectURL(url);
  }
}

root.addEventListener('click', (e) => {
  const target = e.target as HTMLElement;
  const action = target.closest<HTMLElement>('[data-action]');
  if (action) {
    const kind = action.dataset.action;
    const value = (action as HTMLButtonElement).value;
    if (kind === 'lanes' && (value === 'segment' || value === 'channel' || value === 'owner')) {
      setState({ lanes: value as LaneMode });
      render();
    } else if (kind === 'density' && (value === 'comfortable' || value === 'compact')) {
      setState({ density: value as Density });
      render();
    } else if (kind === 'findings') {
      setState({ findingsOpen: !findingsOpen() });
      render();
    } else if (kind === 'zoom-in') stepZoom(1);
    else if (kind === 'zoom-out') stepZoom(-1);
    else if (kind === 'zoom-reset') {
      setState({ zoom: 1 });
      applyZoom();
    } else if (kind === 'fit') {
      setState({ zoom: state.zoom === 'fit' ? 1 : 'fit' });
      applyZoom();
    } else if (kind === 'export') {
      action.closest('details')?.removeAttribute('open');
      if (value === 'png') void exportPng();
      else if (value === 'html' || value === 'svg' || value === 'mermaid') vscode.postMessage({ type: 'export', format: value });
    }
    return;
  }
  const escalation = target.closest<HTMLElement>('.card-esc[data-escalates]');
  if (escalation) {
    // "Escalates to X": go to X's card (and its source).
    const card = root.querySelector<HTMLElement>(`.card[data-index="${CSS.escape(escalation.dataset.escalates ?? '')}"]`);
    if (card) {
      card.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      card.focus();
      reveal(card);
      return;
    }
  }
  const ref = target.closest<HTMLElement>('.ref');
  if (ref) {
    const card = root.querySelector<HTMLElement>(`.card[data-index="${CSS.escape(ref.dataset.index ?? '')}"]`);
    card?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    card?.focus();
  }
  const withFinding = target.closest<HTMLElement>('[data-finding]');
  if (withFinding) highlightFinding(withFinding.dataset.finding);
  const withRange = target.closest<HTMLElement>('[data-range]');
  if (withRange) reveal(withRange);
});

root.addEventListener('change', (e) => {
  const select = (e.target as HTMLElement).closest<HTMLSelectElement>('select[data-action="filter"]');
  if (!select) return;
  setState({ filter: select.value });
  render();
});

root.addEventListener(
  'toggle',
  (e) => {
    const d = e.target as HTMLDetailsElement;
    if (d.classList?.contains('tmenu') && d.open) {
      // Open the menu towards the side where it fits in the panel.
      const list = d.querySelector<HTMLElement>('.tmenu-list');
      if (list) {
        list.style.left = '0';
        list.style.right = 'auto';
        if (list.getBoundingClientRect().right > window.innerWidth - 4) {
          list.style.left = 'auto';
          list.style.right = '0';
        }
      }
    }
    if (d.classList?.contains('jm-legend') && d.open !== legendOpen()) setState({ legendOpen: d.open });
  },
  true,
);

/** Keyboard: Enter/Space reveal any focused element with a range; arrow keys move between cards. */
root.addEventListener('keydown', (e) => {
  const el = e.target as HTMLElement;
  if ((e.key === 'Enter' || e.key === ' ') && el.dataset.range && el.tagName !== 'BUTTON') {
    e.preventDefault();
    reveal(el);
    return;
  }
  if (!el.classList.contains('card') || !['ArrowDown', 'ArrowUp', 'ArrowLeft', 'ArrowRight'].includes(e.key)) return;
  const cards = [...root.querySelectorAll<HTMLElement>('.card')];
  let next: HTMLElement | undefined;
  const col = (c: HTMLElement) => c.closest('td')?.getAttribute('data-stage');
  const stages = journey?.stages.map((s) => s.id) ?? [];
  if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
    // Within the same stage column, top to bottom.
    const same = cards.filter((c) => col(c) === col(el)).sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
    next = same[same.indexOf(el) + (e.key === 'ArrowDown' ? 1 : -1)];
  } else {
    const step = e.key === 'ArrowRight' ? 1 : -1;
    const top = el.getBoundingClientRect().top;
    for (let s = stages.indexOf(col(el) ?? '') + step; s >= 0 && s < stages.length; s += step) {
      const there = cards.filter((c) => col(c) === stages[s]);
      if (there.length) {
        next = there.reduce((best, c) => (Math.abs(c.getBoundingClientRect().top - top) < Math.abs(best.getBoundingClientRect().top - top) ? c : best));
        break;
      }
    }
  }
  if (next) {
    e.preventDefault();
    next.focus();
    next.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }
});

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const m = event.data;
  if (!m || typeof m !== 'object') return;
  if (m.type === 'update') {
    let next: JourneyModel | undefined = m.journey;
    if (typeof m.journeyJson === 'string') {
      try {
        next = JSON.parse(m.journeyJson) as JourneyModel;
      } catch {
        next = undefined;
      }
    }
    if (m.uri !== state.uri) {
      // Another playbook: never show the previous one's map.
      state = { ...state, uri: m.uri, filter: '' };
      cursorLine = -1;
      journey = next;
    } else if (next) {
      // While the text does not parse, keep the last good map (shown with a banner).
      journey = next;
    }
    // While the text does not parse, the last overlay stays with the last good map.
    if (next) compare = m.compare;
    state.locked = m.locked;
    syntaxErrors = m.syntaxErrors;
    // An edit may remove what the filter names: then the filter is cleared, not left selecting nothing.
    if (journey && state.filter && !validFilter(journey, filterOf(state.filter))) state = { ...state, filter: '' };
    setState({});
    render();
  } else if (m.type === 'cursor' && m.uri === state.uri) {
    cursorLine = m.line;
    render();
    root.querySelector<HTMLElement>('.card.selected')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  } else if (m.type === 'exportPng') {
    void exportPng();
  }
});

let resizeTimer: number | undefined;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = window.setTimeout(() => {
    // The findings panel follows the width only until the user opens or closes it.
    if ((state.findingsOpen === undefined || state.legendOpen === undefined) && shown) render();
    else applyZoom();
  }, 50);
});
render();
vscode.postMessage({ type: 'ready' });
