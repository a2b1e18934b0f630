/** Reading the playbook JSON Schema for editor features: keys, descriptions and allowed values by path. */
import { PLAYBOOK_SCHEMA } from './schema';

export interface SchemaNode {
  type?: string | string[];
  description?: string;
  markdownDescription?: string;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  enum?: unknown[];
  examples?: unknown[];
  default?: unknown;
  allOf?: SchemaNode[];
  $ref?: string;
}

const root = PLAYBOOK_SCHEMA as SchemaNode & { definitions?: Record<string, SchemaNode> };

/** Follows `$ref` and merges `allOf` members, so descriptions and enums are in one place. */
export function resolveSchema(node: SchemaNode | undefined): SchemaNode | undefined {
  if (!node) return undefined;
  let out: SchemaNode = { ...node };
  if (node.$ref) {
    const target = resolveSchema(root.definitions?.[node.$ref.replace('#/definitions/', '')]);
    out = { ...target, ...node, $ref: undefined };
  }
  for (const part of node.allOf ?? []) {
    const r = resolveSchema(part);
    if (r) out = { ...r, ...out, properties: { ...(r.properties ?? {}), ...(out.properties ?? {}) }, required: [...(out.required ?? []), ...(r.required ?? [])] };
  }
  return out;
}

/** The schema at a path of keys (`[]` for list items); numeric segments count as list items. */
export function schemaAt(path: string[]): SchemaNode | undefined {
  let node: SchemaNode | undefined = resolveSchema(root);
  for (const seg of path) {
    if (!node) return undefined;
    if (seg === '[]' || /^\d+$/.test(seg)) node = resolveSchema(node.items);
    else node = resolveSchema(node.properties?.[seg]);
  }
  return node;
}

/** Markdown documentation of a schema node. */
export function schemaDocs(node: SchemaNode | undefined): string | undefined {
  return node?.markdownDescription ?? node?.description;
}
