/**
 * JSON Schema check: ajv over the plain data, its errors turned into one
 * `schema` finding per real problem, placed on the offending value.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import playbookSchema from '../../../schemas/playbook.schema.json';
import { isRecord, KINDS, LIST_KEY } from './model';
import type { RuleReport } from './rules/rule';
import { closest, code, editDistance, ID_PATTERN, toKebabId } from './text';

/** The lists whose items are validated (and cached) one by one, in the schema's order. */
const ITEM_LISTS: readonly string[] = KINDS.map((k) => LIST_KEY[k]);

/** `shell`, and each list key of `ITEM_LISTS`. */
type PartValidators = Record<string, ValidateFunction>;

let parts: PartValidators | undefined;

/**
 * The playbook schema's validators, precompiled by ajv at build time (scripts/gen-validators.mjs):
 * the playbook without its lists' items, and one per list item.
 */
export function loadValidators(): PartValidators {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  parts ??= require('./generated/playbookPartsValidators') as PartValidators;
  return parts;
}

/** The schema errors of a list item, by item object: an incremental edit leaves all items but one as they were. */
const ITEM_ERRORS = new WeakMap<object, { list: string; errors: ErrorObject[] }>();

function itemErrors(list: string, item: unknown, cache = true): ErrorObject[] {
  const cacheable = cache && item !== null && typeof item === 'object';
  if (cacheable) {
    const hit = ITEM_ERRORS.get(item);
    if (hit && hit.list === list) return hit.errors;
  }
  const validate = loadValidators()[list];
  const errors = validate(item) ? [] : (validate.errors ?? []);
  if (cacheable) ITEM_ERRORS.set(item, { list, errors });
  return errors;
}

/**
 * ajv's errors for the whole playbook, as one validator over the whole schema would give them.
 * With `cache`, each item's errors are kept for the next analysis of an edited text.
 */
export function schemaErrors(value: unknown, cache = true): ErrorObject[] {
  const v = loadValidators();
  const out: ErrorObject[] = v.shell(value) ? [] : [...(v.shell.errors ?? [])];
  if (!isRecord(value)) return out;
  for (const list of ITEM_LISTS) {
    const items = value[list];
    if (!Array.isArray(items)) continue;
    for (let i = 0; i < items.length; i++) out.push(...placedItemErrors(list, i, items[i], cache));
  }
  return out;
}

/** The errors of one list item, with paths in the whole playbook. */
function placedItemErrors(list: string, index: number, item: unknown, cache = true): ErrorObject[] {
  const errors = itemErrors(list, item, cache);
  return errors.length ? errors.map((e) => ({ ...e, instancePath: `/${list}/${index}${e.instancePath}`, schemaPath: `#/properties/${list}/items${e.schemaPath.slice(1)}` })) : errors;
}

const ITEM_PATH = /^#\/properties\/([a-z]+)\/items(?:\/|$)/;

/**
 * `schemaErrors(value)` when `value` differs from the value `prevErrors` were found in only
 * by item `index` of list `list` (same list lengths): the other items' errors are reused.
 */
export function schemaErrorsAfterEdit(value: unknown, prevErrors: ErrorObject[], list: string, index: number): ErrorObject[] {
  const v = loadValidators();
  if (!isRecord(value) || !ITEM_LISTS.includes(list) || !Array.isArray(value[list])) return schemaErrors(value);
  const out: ErrorObject[] = v.shell(value) ? [] : [...(v.shell.errors ?? [])];
  const order = (e: ErrorObject): [number, number] => {
    const m = ITEM_PATH.exec(e.schemaPath)!;
    return [ITEM_LISTS.indexOf(m[1]), Number(e.instancePath.slice(m[1].length + 2).split('/')[0])];
  };
  const listOrder = ITEM_LISTS.indexOf(list);
  const fresh = placedItemErrors(list, index, (value[list] as unknown[])[index]);
  let placed = false;
  for (const e of prevErrors) {
    if (!ITEM_PATH.test(e.schemaPath)) continue; // the shell's: found again above
    const [l, i] = order(e);
    if (l === listOrder && i === index) continue; // the edited item's: found again
    if (!placed && (l > listOrder || (l === listOrder && i > index))) {
      out.push(...fresh);
      placed = true;
    }
    out.push(e);
  }
  if (!placed) out.push(...fresh);
  return out;
}

/** The playbook JSON Schema, as shipped in `schemas/`. */
export const PLAYBOOK_SCHEMA: Record<string, unknown> = playbookSchema as Record<string, unknown>;

/** Whether plain playbook data satisfies the schema. */
export function isSchemaValid(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  // Straight through the validators, stopping at the first failure: no error is kept or cached.
  const v = loadValidators();
  if (!v.shell(value)) return false;
  if (!isRecord(value)) return true;
  for (const list of ITEM_LISTS) {
    const items = value[list];
    if (!Array.isArray(items)) continue;
    const validate = v[list];
    for (const item of items) if (!validate(item)) return false;
  }
  return true;
}

/** Checks plain playbook data against the schema; one report per real problem. */
export function checkSchema(value: unknown): RuleReport[] {
  return schemaReports(value, value === null || value === undefined ? [] : schemaErrors(value));
}

/** The reports for errors found in `value` (by `schemaErrors` or `schemaErrorsAfterEdit`). */
export function schemaReports(value: unknown, errors: ErrorObject[]): RuleReport[] {
  if (value === null || value === undefined) {
    return [
      {
        pointer: '',
        on: 'firstLine',
        message: 'The playbook is empty. A playbook needs at least `playbook`, `title`, `framework` (or `stages`), `owners`, `segments` and `touchpoints`.',
      },
    ];
  }
  return errors.length ? schemaErrorsToReports(errors, value) : [];
}

/** Turns ajv errors into reports without `anyOf`/`if` cascades. Exported for the rc-file check. */
export function schemaErrorsToReports(all: ErrorObject[], root: unknown, what = 'playbook'): RuleReport[] {
  let errors = all.filter((e) => e.keyword !== 'if' && e.keyword !== 'propertyNames');
  const reports: RuleReport[] = [];

  // anyOf/oneOf: one finding for the group instead of one per branch.
  const groups = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  for (const g of groups) {
    const prefix = `${g.schemaPath}/`;
    // The group's own branches: same schema path below it, same value or inside it (two entries can fail the same anyOf).
    const children = errors.filter((e) => e.schemaPath.startsWith(prefix) && (e.instancePath === g.instancePath || e.instancePath.startsWith(`${g.instancePath}/`)));
    errors = errors.filter((e) => e !== g && !children.includes(e));
    if (children.length && children.every((c) => c.keyword === 'required')) {
      const keys = children.map((c) => code(String(c.params.missingProperty)));
      reports.push({
        pointer: g.instancePath,
        on: 'firstLine',
        message: `${capitalize(describePointer(root, g.instancePath, what))} needs ${keys.length === 2 ? 'either' : 'one of'} ${keys.join(' or ')}.${hintForAnyOf(g.instancePath)}`,
      });
    } else {
      // Keep the branch with the fewest errors: the one the author most likely meant.
      const byBranch = new Map<string, ErrorObject[]>();
      for (const c of children) {
        const branch = c.schemaPath.slice(prefix.length).split('/')[0];
        byBranch.set(branch, [...(byBranch.get(branch) ?? []), c]);
      }
      const best = [...byBranch.values()].sort((a, b) => a.length - b.length)[0];
      if (best) errors.push(...best);
      else reports.push({ pointer: g.instancePath, message: `${capitalize(describePointer(root, g.instancePath, what))} does not match any allowed form.` });
    }
  }

  const typeAt = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  // A misspelt required key is one problem: the unknown key's "did you mean" says it all.
  const misspelt = new Set<string>();
  for (const e of errors) {
    if (e.keyword !== 'additionalProperties') continue;
    const allowed = Object.keys((e.parentSchema as { properties?: Record<string, unknown> })?.properties ?? {});
    const extra = String(e.params.additionalProperty);
    const suggestion = closest(extra, allowed);
    if (suggestion && isCloseKey(extra, suggestion)) misspelt.add(`${e.instancePath}|${suggestion}`);
  }
  errors = errors.filter((e) => !(e.keyword === 'required' && misspelt.has(`${e.instancePath}|${String(e.params.missingProperty)}`)));
  const seen = new Set<string>();
  for (const e of errors) {
    if (e.keyword !== 'type' && typeAt.has(e.instancePath)) continue;
    const key = `${e.instancePath}|${e.propertyName ?? ''}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    reports.push(reportFor(e, root, what));
  }
  return reports;
}

function isCloseKey(word: string, candidate: string): boolean {
  return editDistance(word.toLowerCase(), candidate.toLowerCase()) <= Math.max(2, Math.floor(word.length / 3));
}

function hintForAnyOf(pointer: string): string {
  if (pointer === '') return ' Name a built-in lifecycle with `framework` (e.g. `framework: laer`), or list your own `stages`.';
  if (/^\/triggers\/\d+$/.test(pointer)) return ' A score trigger fires when the metric goes `below` and/or `above` a number.';
  return '';
}

const TRIGGER_TYPE_FIELDS: Record<string, string[]> = {
  event: ['event'],
  schedule: ['every'],
  inactivity: ['after'],
  score: ['metric', 'below', 'above'],
  date: ['field', 'offset'],
  manual: [],
};

function reportFor(e: ErrorObject, root: unknown, what: string): RuleReport {
  const itemOfList = /\/\d+$/.test(e.instancePath) && !/^\/(stages|owners|segments|triggers|touchpoints|kpis)\/\d+$/.test(e.instancePath);
  // For an item of a list of values, talk about the list and its owner ("item 2 of `segments` in touchpoint `x`").
  const where = itemOfList ? `${describePointer(root, e.instancePath, what)} in ${describePointer(root, parentPointer(parentPointer(e.instancePath)), what)}` : describePointer(root, parentPointer(e.instancePath), what);
  const key = itemOfList ? lastSegment(parentPointer(e.instancePath)) : lastSegment(e.instancePath);
  const data = e.data;
  switch (e.keyword) {
    case 'required': {
      const missing = String(e.params.missingProperty);
      const hint = firstSentence((e.parentSchema as { properties?: Record<string, { description?: string }> })?.properties?.[missing]?.description);
      return {
        pointer: e.instancePath,
        on: 'firstLine',
        message: `${capitalize(describePointer(root, e.instancePath, what))} is missing the required key ${code(missing)}${hint ? ` (${lowerFirst(hint)})` : ''}.`,
        data: { missingKey: missing },
      };
    }
    case 'additionalProperties': {
      const extra = String(e.params.additionalProperty);
      const allowed = Object.keys((e.parentSchema as { properties?: Record<string, unknown> })?.properties ?? {});
      const suggestion = closest(extra, allowed);
      const close = suggestion !== undefined && isCloseKey(extra, suggestion);
      return {
        pointer: `${e.instancePath}/${escapeSegment(extra)}`,
        on: 'key',
        message: `Unknown key ${code(extra)} in ${describePointer(root, e.instancePath, what)}.${close ? ` Did you mean ${code(suggestion)}?` : ` Allowed keys: ${allowed.map((a) => code(a)).join(', ')}.`}`,
        data: close ? { unknownKey: extra, suggestion, parent: e.instancePath } : { unknownKey: extra, parent: e.instancePath },
      };
    }
    case 'false schema': {
      const trigger = getAt(root, parentPointer(e.instancePath));
      const type = isRecord(trigger) && typeof trigger.type === 'string' ? trigger.type : '';
      const own = TRIGGER_TYPE_FIELDS[type] ?? [];
      return {
        pointer: e.instancePath,
        on: 'key',
        message: `${code(key)} does not apply to ${/^[aeiou]/.test(type) ? 'an' : 'a'} ${code(type)} trigger${own.length ? ` (it uses ${own.map((f) => code(f)).join(', ')})` : ' (it takes no type-specific fields)'}. Remove ${code(key)} or change \`type\`.`,
        data: { unknownKey: key },
      };
    }
    case 'enum': {
      const allowed = (e.params.allowedValues as unknown[]).map(String);
      if (e.propertyName !== undefined) {
        const name = String(e.propertyName);
        const fixed = name === 'syntax' || name === 'schema' || name === 'internal-error';
        const suggestion = closest(name, allowed);
        return {
          pointer: `${e.instancePath}/${escapeSegment(name)}`,
          on: 'key',
          message: fixed
            ? `${code(name)} findings cannot be turned off: a playbook that does not parse or breaks the schema cannot be checked reliably. Remove this entry.`
            : `${code(name)} is not a rule id.${suggestion ? ` Did you mean ${code(suggestion)}?` : ''} Run \`playbook rules\` for the list.`,
          data: suggestion && !fixed ? { suggestion } : {},
        };
      }
      if (/\/rules$/.test(parentPointer(e.instancePath))) {
        return {
          pointer: e.instancePath,
          message: `${code(String(data))} is not a severity for rule ${code(key)}: use ${allowed.map((a) => code(a)).join(', ')}.`,
          data: { allowed },
        };
      }
      const suggestion = typeof data === 'string' ? closest(data, allowed) : undefined;
      const close = suggestion !== undefined && typeof data === 'string' && editDistance(data.toLowerCase(), suggestion.toLowerCase()) <= Math.max(2, Math.floor(data.length / 2));
      return {
        pointer: e.instancePath,
        message: `${code(String(data))} is not a valid ${key} for ${where}.${close ? ` Did you mean ${code(suggestion)}?` : ''} Allowed: ${allowed.map((a) => code(a)).join(', ')}.`,
        data: close ? { suggestion, allowed } : { allowed },
      };
    }
    case 'type': {
      const expected = String(e.params.type).replace(',', ' or ');
      if (e.instancePath === '') {
        return {
          pointer: '',
          on: 'firstLine',
          message: `A ${what} must be a YAML mapping of keys (such as ${what === 'playbook' ? '`playbook:`, `title:`, `touchpoints:`' : '`rules:`, `include:`, `exclude:`'}), but this file holds ${describeValue(data)}.`,
        };
      }
      return {
        pointer: e.instancePath,
        message: `${code(key)} in ${where} must be ${article(expected)}, but it is ${describeValue(data)}.`,
      };
    }
    case 'pattern':
      return { pointer: e.instancePath, message: patternMessage(String(e.params.pattern), data, key, where), data: patternData(String(e.params.pattern), data) };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const ps = e.parentSchema as { minimum?: number; maximum?: number };
      const bounds =
        ps.minimum !== undefined && ps.maximum !== undefined
          ? `between ${ps.minimum} and ${ps.maximum}`
          : ps.minimum !== undefined
            ? `at least ${ps.minimum}`
            : `at most ${ps.maximum}`;
      return { pointer: e.instancePath, message: `${code(key)} in ${where} must be ${bounds}, but it is ${String(data)}.` };
    }
    case 'minLength':
      return { pointer: e.instancePath, message: `${capitalize(describePointer(root, e.instancePath, what))} must not be empty.` };
    case 'minItems':
      return {
        pointer: e.instancePath,
        message:
          key === 'segments'
            ? `\`segments\` in ${where} names no segment. List at least one, or remove the key so the touchpoint reaches every segment.`
            : `${code(key)} in ${where} must list at least ${String(e.params.limit)} item(s).`,
      };
    case 'uniqueItems': {
      const repeat = Math.max(Number(e.params.i), Number(e.params.j));
      const item = Array.isArray(data) ? data[repeat] : undefined;
      return {
        pointer: `${e.instancePath}/${repeat}`,
        message: `${code(String(item))} is listed twice in \`${key}\` of ${where}. Remove the repeat.`,
      };
    }
    default:
      return { pointer: e.instancePath, message: `${code(key || what)} in ${where}: ${e.message ?? 'does not match the schema'}.` };
  }
}

function patternMessage(pattern: string, data: unknown, key: string, where: string): string {
  const v = String(data);
  if (pattern === ID_PATTERN.source) {
    const fixed = toKebabId(v);
    return `${code(v)} is not a valid id (in \`${key}\` of ${where}): ids are kebab-case, lowercase letters and digits separated by single dashes, starting with a letter.${fixed !== v ? ` Use ${code(fixed)}.` : ''}`;
  }
  if (pattern.includes('once|always')) return `${code(v)} is not a valid \`reentry\` for ${where}: use \`once\`, \`always\`, or a cooldown duration such as \`30d\`.`;
  if (pattern.includes('[+-]')) return `${code(v)} is not a valid offset for ${where}: write a signed integer and a unit (h, d, w, mo, q, y), e.g. \`-90d\` for 90 days before.`;
  if (pattern.includes('(h|d|w|mo|q|y)')) return `${code(v)} is not a valid duration for \`${key}\` in ${where}: write an integer and a unit (h, d, w, mo, q, y), e.g. \`7d\` or \`2w\`.`;
  return `${code(v)} in \`${key}\` of ${where} does not match the pattern ${code(pattern)}.`;
}

function patternData(pattern: string, data: unknown): Record<string, unknown> | undefined {
  if (pattern === ID_PATTERN.source && typeof data === 'string') return { suggestion: toKebabId(data) };
  return undefined;
}

const LIST_NOUN: Record<string, string> = {
  stages: 'stage',
  owners: 'owner',
  segments: 'segment',
  triggers: 'trigger',
  touchpoints: 'touchpoint',
  kpis: 'KPI',
};

/** "touchpoint `welcome-call`", "owner #2", "`rules`" or "the playbook", for a pointer. */
export function describePointer(root: unknown, pointer: string, what = 'playbook'): string {
  if (pointer === '') return `the ${what}`;
  const m = /^\/(stages|owners|segments|triggers|touchpoints|kpis)\/(\d+)$/.exec(pointer);
  if (m) {
    const entry = getAt(root, pointer);
    const id = isRecord(entry) && typeof entry.id === 'string' && entry.id ? entry.id : undefined;
    return id ? `${LIST_NOUN[m[1]]} ${code(id)}` : `${LIST_NOUN[m[1]]} #${Number(m[2]) + 1}`;
  }
  const segs = pointer.split('/').slice(1);
  return /^\d+$/.test(segs[segs.length - 1]) ? `item ${Number(segs[segs.length - 1]) + 1} of \`${segs[segs.length - 2] ?? ''}\`` : `\`${unescapeSegment(segs[segs.length - 1])}\``;
}

function getAt(root: unknown, pointer: string): unknown {
  let v = root;
  for (const seg of pointer.split('/').slice(1)) {
    if (Array.isArray(v)) v = v[Number(seg)];
    else if (isRecord(v)) v = v[unescapeSegment(seg)];
    else return undefined;
  }
  return v;
}

function parentPointer(p: string): string {
  return p.slice(0, Math.max(0, p.lastIndexOf('/')));
}

function lastSegment(p: string): string {
  return unescapeSegment(p.slice(p.lastIndexOf('/') + 1));
}

function escapeSegment(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

function unescapeSegment(s: string): string {
  return s.replace(/~1/g, '/').replace(/~0/g, '~');
}

function describeValue(v: unknown): string {
  if (v === null || v === undefined) return 'empty';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the text ${code(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === 'boolean') return `\`${v}\``;
  return `${code(String(v))}`;
}

function article(type: string): string {
  const names: Record<string, string> = { object: 'a mapping', array: 'a list', string: 'text', integer: 'a whole number', number: 'a number', boolean: 'true or false' };
  return type
    .split(' or ')
    .map((t) => names[t] ?? t)
    .join(' or ');
}

function firstSentence(s: string | undefined): string | undefined {
  if (!s) return undefined;
  // A sentence ends at . ! ? followed by a capital letter or the end (so "e.g." does not end it).
  const m = /^(.*?[.!?])(?=\s+[A-Z`*]|\s*$)/.exec(s);
  const out = (m ? m[1] : s).replace(/[.!?]$/, '');
  return out.length > 90 ? undefined : out;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function lowerFirst(s: string): string {
  return /^[A-Z][a-z]/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s;
}
