/**
 * The preview's script (runs inside the webview; DOM only). It draws the journey
 * map with the same renderer as the exports, turning the element tree into DOM
 * nodes (text as text nodes, attributes from a fixed list), and talks to the
 * extension only through the typed messages of messages.ts.
 */
import type { JourneyModel } from '../../server/src/core/journey';
import { LaneMode, renderJourneyMap } from '../../server/src/core/render/journeyMap';
import { ALLOWED_ATTRIBUTES, Child } from '../../server/src/core/render/tree';
import type { FromWebview, PreviewState, ToWebview } from '../src/preview/messages';

declare function acquireVsCodeApi(): { postMessage(m: FromWebview): void; getState(): unknown; setState(s: unknown): void };

const vscode = acquireVsCodeApi();
const root = document.getElementById('root')!;
const SVG_NS = 'http://www.w3.org/2000/svg';
const SVG_TAGS = new Set(['svg', 'line', 'polyline', 'circle', 'rect', 'path', 'g', 'text']);

const initial = (vscode.getState() as Partial<PreviewState> | undefined) ?? JSON.parse(document.body.dataset.state ?? '{}');
let state: PreviewState = { uri: initial.uri ?? '', locked: Boolean(initial.locked), lanes: (initial.lanes as LaneMode) ?? 'segment', filter: initial.filter ?? '' };
let journey: JourneyModel | undefined;
let syntaxErrors: { message: string; line: number; character: number }[] = [];
let cursorLine = -1;
let fitted = false;

function toDom(node: Child, svg = false): Node {
  if (typeof node === 'string') return document.createTextNode(node);
  const inSvg = svg || node.tag === 'svg';
  const el = inSvg && SVG_TAGS.has(node.tag) ? document.createElementNS(SVG_NS, node.tag) : document.createElement(node.tag);
  for (const [k, v] of Object.entries(node.attrs)) if (ALLOWED_ATTRIBUTES.has(k)) el.setAttribute(k, v);
  for (const c of node.children) el.appendChild(toDom(c, inSvg));
  return el;
}

/** The tree currently in the DOM, so an update only touches what changed. */
let shown: Child | undefined;

/** Brings the DOM node `dom` (drawn from `before`) in line with `after`; returns the node now in place. */
function patch(dom: Node, before: Child, after: Child, svg: boolean): Node {
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
  for (const [k, v] of Object.entries(after.attrs)) if (ALLOWED_ATTRIBUTES.has(k) && before.attrs[k] !== v) el.setAttribute(k, v);
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

function render(): void {
  const start = performance.now();
  if (!journey) {
    shown = undefined;
    root.replaceChildren(toDom({ tag: 'div', attrs: { class: 'journey-map empty-state', role: 'status' }, children: [syntaxErrors.length ? `The playbook does not parse yet: line ${syntaxErrors[0].line + 1}: ${syntaxErrors[0].message}` : 'Open a playbook (*.playbook.yaml) to see its journey map.'] }));
    return;
  }
  const tree = renderJourneyMap(journey, { lanes: state.lanes, filter: filterOf(state.filter), selected: selectedIndex(), interactive: true, syntaxErrors });
  const focus = focusSelector(document.activeElement as HTMLElement | null);
  if (shown && root.firstChild) patch(root.firstChild, shown, tree, false);
  else root.replaceChildren(toDom(tree));
  shown = tree;
  if (focus && !(document.activeElement && root.contains(document.activeElement))) (root.querySelector(focus) as HTMLElement | null)?.focus();
  applyFit();
  document.body.dataset.renderMs = (performance.now() - start).toFixed(1);
  document.body.dataset.rendered = String(Number(document.body.dataset.rendered ?? '0') + 1);
}

/** A selector that finds the same control or card again after a re-render (same lane for cards). */
function focusSelector(el: HTMLElement | null): string | undefined {
  if (!el || !root.contains(el)) return undefined;
  const q = (v: string) => CSS.escape(v);
  if (el.dataset.action) return `[data-action="${q(el.dataset.action)}"]${(el as HTMLButtonElement).value ? `[value="${q((el as HTMLButtonElement).value)}"]` : ''}`;
  if (el.dataset.index !== undefined) {
    const lane = el.closest('tr')?.getAttribute('data-lane');
    return `${lane !== null && lane !== undefined ? `tr[data-lane="${q(lane)}"] ` : ''}.card[data-index="${q(el.dataset.index)}"]`;
  }
  if (el.dataset.range) return `[data-range="${q(el.dataset.range)}"]`;
  return undefined;
}

function applyFit(): void {
  const map = root.querySelector('.journey-map') as HTMLElement | null;
  const table = root.querySelector('table.journey') as HTMLElement | null;
  if (!map || !table) return;
  const scale = fitted ? Math.min(1, (root.clientWidth - 32) / table.scrollWidth) : 1;
  map.style.transform = scale < 1 ? `scale(${scale})` : '';
  map.style.width = scale < 1 ? `${100 / scale}%` : '';
}

function saveState(): void {
  vscode.setState(state);
  vscode.postMessage({ type: 'state', state });
}

function reveal(el: HTMLElement): void {
  const parts = (el.dataset.range ?? '').split(':').map(Number);
  if (parts.length === 4 && parts.every((n) => Number.isInteger(n) && n >= 0)) vscode.postMessage({ type: 'reveal', uri: state.uri, range: parts as [number, number, number, number] });
}

root.addEventListener('click', (e) => {
  const target = e.target as HTMLElement;
  const action = target.closest<HTMLElement>('[data-action]');
  if (action) {
    const kind = action.dataset.action;
    if (kind === 'lanes') {
      state = { ...state, lanes: (action as HTMLButtonElement).value as LaneMode };
      saveState();
      render();
    } else if (kind === 'fit') {
      fitted = !fitted;
      applyFit();
    } else if (kind === 'export') {
      const format = (action as HTMLButtonElement).value;
      if (format === 'html' || format === 'svg' || format === 'mermaid') vscode.postMessage({ type: 'export', format });
    }
    return;
  }
  const withRange = target.closest<HTMLElement>('[data-range]');
  if (withRange) reveal(withRange);
});

root.addEventListener('change', (e) => {
  const select = (e.target as HTMLElement).closest<HTMLSelectElement>('select[data-action="filter"]');
  if (!select) return;
  state = { ...state, filter: select.value };
  saveState();
  render();
});

/** Keyboard: Enter/Space reveal any focused element with a range; arrows move between cards. */
root.addEventListener('keydown', (e) => {
  const el = e.target as HTMLElement;
  if ((e.key === 'Enter' || e.key === ' ') && el.dataset.range && el.tagName !== 'BUTTON') {
    e.preventDefault();
    reveal(el);
    return;
  }
  if (!el.classList.contains('card') || !['ArrowDown', 'ArrowUp', 'ArrowLeft', 'ArrowRight'].includes(e.key)) return;
  const cards = [...root.querySelectorAll<HTMLElement>('.card')];
  const i = cards.indexOf(el);
  let next: HTMLElement | undefined;
  if (e.key === 'ArrowDown') next = cards[i + 1];
  if (e.key === 'ArrowUp') next = cards[i - 1];
  if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
    const row = el.closest('tr');
    const cells = row ? [...row.querySelectorAll<HTMLElement>('td.cell')] : [];
    const cell = el.closest('td') as HTMLElement | null;
    const step = e.key === 'ArrowRight' ? 1 : -1;
    for (let c = cell ? cells.indexOf(cell) + step : -1; c >= 0 && c < cells.length; c += step) {
      const first = cells[c].querySelector<HTMLElement>('.card');
      if (first) {
        next = first;
        break;
      }
    }
  }
  if (next) {
    e.preventDefault();
    next.focus();
  }
});

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const m = event.data;
  if (!m || typeof m !== 'object') return;
  if (m.type === 'update') {
    if (m.uri !== state.uri) {
      // Another playbook: never show the previous one's map.
      state = { ...state, uri: m.uri, filter: '' };
      cursorLine = -1;
      journey = m.journey;
    } else if (m.journey) {
      // While the text does not parse, keep the last good map (shown with a banner).
      journey = m.journey;
    }
    state.locked = m.locked;
    syntaxErrors = m.syntaxErrors;
    saveState();
    render();
  } else if (m.type === 'cursor' && m.uri === state.uri) {
    cursorLine = m.line;
    render();
    // A touchpoint reaching several segments has a card in each lane: all are outlined; show the first.
    root.querySelector<HTMLElement>('.card.selected')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }
});

window.addEventListener('resize', () => applyFit());
render();
vscode.postMessage({ type: 'ready' });
