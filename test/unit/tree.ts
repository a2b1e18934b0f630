/** Queries on the journey map's element tree (render/tree.ts), for tests. */
import * as assert from 'assert';
import type { Child, VNode } from '../../server/src/core/render/tree';

export function isNode(c: Child): c is VNode {
  return typeof c !== 'string';
}

export function classes(n: VNode): string[] {
  return (n.attrs.class ?? '').split(/\s+/).filter(Boolean);
}

export function hasClass(n: VNode, cls: string): boolean {
  return classes(n).includes(cls);
}

/** Every element of a tree (depth first, document order). */
export function all(root: Child): VNode[] {
  const out: VNode[] = [];
  const walk = (c: Child) => {
    if (!isNode(c)) return;
    out.push(c);
    c.children.forEach(walk);
  };
  walk(root);
  return out;
}

/** Elements matching `tag.class` (either part optional) plus optional attributes. */
export function find(root: Child, tag: string | undefined, cls?: string, attrs: Record<string, string> = {}): VNode[] {
  return all(root).filter((n) => (!tag || n.tag === tag) && (!cls || hasClass(n, cls)) && Object.entries(attrs).every(([k, v]) => n.attrs[k] === v));
}

export function one(root: Child, tag: string | undefined, cls?: string, attrs: Record<string, string> = {}): VNode {
  const found = find(root, tag, cls, attrs);
  assert.strictEqual(found.length, 1, `exactly one ${tag ?? ''}.${cls ?? ''} ${JSON.stringify(attrs)} (found ${found.length})`);
  return found[0];
}

/** The text of an element (its text nodes, concatenated). */
export function text(c: Child): string {
  return isNode(c) ? c.children.map(text).join('') : c;
}
