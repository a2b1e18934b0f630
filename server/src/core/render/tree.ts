/**
 * A tiny element tree: the journey map is rendered once into this, then turned
 * into DOM nodes in the webview (text via textContent, attributes from a fixed
 * list) or into escaped HTML/SVG text for exports. User strings are never markup.
 */
import { escapeXml } from '../text';

export interface VNode {
  tag: string;
  attrs: Record<string, string>;
  children: Child[];
}
export type Child = VNode | string;

/** Builds an element; `undefined`/`false` attributes and children are dropped. */
export function h(tag: string, attrs: Record<string, string | number | boolean | undefined> = {}, ...children: (Child | Child[] | undefined | false | null)[]): VNode {
  const a: Record<string, string> = {};
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== false) a[k] = v === true ? '' : String(v);
  const kids: Child[] = [];
  for (const c of children.flat()) if (c !== undefined && c !== false && c !== null && c !== '') kids.push(c as Child);
  return { tag, attrs: a, children: kids };
}

/** Attributes that may appear in rendered output: no event handlers, no URLs, no inline styles. */
export const ALLOWED_ATTRIBUTES = new Set([
  'class', 'id', 'role', 'tabindex', 'title', 'type', 'value', 'selected', 'disabled', 'for', 'scope', 'colspan', 'rowspan', 'hidden',
  'aria-label', 'aria-pressed', 'aria-selected', 'aria-describedby', 'aria-hidden', 'aria-live', 'aria-expanded', 'aria-controls', 'aria-current',
  'data-range', 'data-line', 'data-end-line', 'data-kind', 'data-key', 'data-lanes', 'data-action', 'data-filter', 'data-index', 'data-severity', 'data-stage', 'data-lane',
  'data-finding', 'data-stages', 'data-escalates', 'open', 'dx', 'dy', 'stroke-linecap', 'stroke-linejoin', 'font-family', 'clip-path',
  'viewBox', 'preserveAspectRatio', 'points', 'x', 'y', 'x1', 'y1', 'x2', 'y2', 'cx', 'cy', 'r', 'width', 'height', 'rx', 'd', 'fill', 'stroke',
  'stroke-width', 'stroke-dasharray', 'vector-effect', 'text-anchor', 'dominant-baseline', 'font-size', 'font-weight', 'xmlns', 'transform', 'opacity', 'patternUnits', 'patternTransform',
]);

/** `href` is allowed only as a same-document fragment (an icon `<use href="#jm-i-email">`), never a URL. */
export function attributeAllowed(name: string, value: string): boolean {
  return ALLOWED_ATTRIBUTES.has(name) || (name === 'href' && /^#[A-Za-z0-9_-]+$/.test(value));
}

const VOID = new Set(['br', 'hr', 'img', 'input', 'meta', 'link', 'col']);

/** Serializes a tree as HTML (or SVG when `xml`), escaping every string. */
export function toMarkup(node: Child, xml = false): string {
  if (typeof node === 'string') return escapeXml(node);
  if (!/^[a-z][a-z0-9-]*$/i.test(node.tag)) throw new Error(`bad tag ${node.tag}`);
  const attrs = Object.entries(node.attrs)
    .filter(([k, v]) => attributeAllowed(k, v))
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('');
  if (!node.children.length && (xml || VOID.has(node.tag))) return xml ? `<${node.tag}${attrs}/>` : `<${node.tag}${attrs}>`;
  return `<${node.tag}${attrs}>${node.children.map((c) => toMarkup(c, xml)).join('')}</${node.tag}>`;
}
