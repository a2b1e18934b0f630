/**
 * JSON Schema check: ajv over the plain data, its errors turned into one
 * `schema` finding per real problem, placed on the offending value.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import playbookSchema from '../../../schemas/playbook.schema.json';
import { isRecord, KINDS, LIST_KEY } from './model';
import type { RuleReport } from './rules/rule';
import type { SchemaFindingData } from './rules/schema';
import { code, ID_PATTERN, suggest, toKebabId } from './text';

/** A `schema` report, with what its quick fixes and the map's labels read. */
type SchemaReport = RuleReport<SchemaFindingData>;

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
  // Loaded when first needed; a static path, which the bundles (the browser's too) resolve at build time.
  // eslint-disable-next-line @typescript-eslint/no-require-imports, no-restricted-globals
  parts ??= require('./generated/playbookPartsValidators') as PartValidators;
  return parts;
}

/**
 * ajv's errors for the whole playbook, as one validator over the whole schema would give them.
 * (After an edit of one list item, `schemaErrorsAfterEdit` checks that item alone.)
 */
export function schemaErrors(value: unknown): ErrorObject[] {
  const v = loadValidators();
  const out: ErrorObject[] = v.shell(value) ? [] : [...(v.shell.errors ?? [])];
  if (!isRecord(value)) return out;
  for (let l = 0; l < ITEM_LISTS.length; l++) {
    const list = ITEM_LISTS[l];
    const items = value[list];
    if (!Array.isArray(items)) continue;
    // Most items are valid: tested here, without a call or an empty list per item.
    const validate = v[list];
    for (let i = 0; i < items.length; i++) if (!validate(items[i])) out.push(...placed(validate.errors, list, i));
  }
  return out;
}

/** The errors of one list item, with paths in the whole playbook. */
function placedItemErrors(list: string, index: number, item: unknown): ErrorObject[] {
  const validate = loadValidators()[list];
  return validate(item) ? [] : placed(validate.errors, list, index);
}

/** An item validator's errors, with paths in the whole playbook. */
function placed(errors: ErrorObject[] | null | undefined, list: string, index: number): ErrorObject[] {
  return (errors ?? []).map((e) => ({ ...e, instancePath: `/${list}/${index}${e.instancePath}`, schemaPath: `#/properties/${list}/items${e.schemaPath.slice(1)}` }));
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
  let inserted = false;
  for (const e of prevErrors) {
    if (!ITEM_PATH.test(e.schemaPath)) continue; // the shell's: found again above
    const [l, i] = order(e);
    if (l === listOrder && i === index) continue; // the edited item's: found again
    if (!inserted && (l > listOrder || (l === listOrder && i > index))) {
      out.push(...fresh);
      inserted = true;
    }
    out.push(e);
  }
  if (!inserted) out.push(...fresh);
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
export function checkSchema(value: unknown): SchemaReport[] {
  return schemaReports(value, value === null || value === undefined ? [] : schemaErrors(value));
}

/** The reports for errors found in `value` (by `schemaErrors` or `schemaErrorsAfterEdit`). */
export function schemaReports(value: unknown, errors: ErrorObject[]): SchemaReport[] {
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
export function schemaErrorsToReports(all: ErrorObject[], root: unknown, what = 'playbook'): SchemaReport[] {
  let errors = all.filter((e) => e.keyword !== 'if' && e.keyword !== 'propertyNames');
  const reports: SchemaReport[] = [];

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
    const meant = suggest(String(e.params.additionalProperty), allowedKeys(e), 'key');
    if (meant?.near) misspelt.add(`${e.instancePath}|${meant.candidate}`);
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

/** The keys an `additionalProperties` error's mapping allows. */
function allowedKeys(e: ErrorObject): string[] {
  return Object.keys((e.parentSchema as { properties?: Record<string, unknown> })?.properties ?? {});
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

/** What every report of one ajv error is phrased from. */
interface ErrorContext {
  e: ErrorObject;
  root: unknown;
  /** `playbook` or `configuration file`. */
  what: string;
  /** The value's container, for messages ("touchpoint `kickoff`", "item 2 of `segments` in touchpoint `x`"). */
  where: string;
  /** The key the value sits under (for an item of a list of values: the list's key). */
  key: string;
}

/** The report of one ajv error, by its keyword. */
function reportFor(e: ErrorObject, root: unknown, what: string): SchemaReport {
  const itemOfList = /\/\d+$/.test(e.instancePath) && !/^\/(stages|owners|segments|triggers|touchpoints|kpis)\/\d+$/.test(e.instancePath);
  // For an item of a list of values, talk about the list and its owner ("item 2 of `segments` in touchpoint `x`").
  const where = itemOfList
    ? `${describePointer(root, e.instancePath, what)} in ${describePointer(root, parentPointer(parentPointer(e.instancePath)), what)}`
    : describePointer(root, parentPointer(e.instancePath), what);
  const key = itemOfList ? lastSegment(parentPointer(e.instancePath)) : lastSegment(e.instancePath);
  const report = KEYWORD_REPORTS.get(e.keyword) ?? otherReport;
  return report({ e, root, what, where, key });
}

const KEYWORD_REPORTS = new Map<string, (c: ErrorContext) => SchemaReport>([
  ['required', missingKeyReport],
  ['additionalProperties', unknownKeyReport],
  ['false schema', foreignTriggerFieldReport],
  ['enum', enumReport],
  ['type', typeReport],
  ['pattern', patternReport],
  ['minimum', boundsReport],
  ['maximum', boundsReport],
  ['exclusiveMinimum', boundsReport],
  ['exclusiveMaximum', boundsReport],
  ['minLength', emptyReport],
  ['minItems', tooFewItemsReport],
  ['uniqueItems', repeatedItemReport],
]);

function otherReport({ e, what, where, key }: ErrorContext): SchemaReport {
  return { pointer: e.instancePath, message: `${code(key || what)} in ${where}: ${e.message ?? 'does not match the schema'}.` };
}

function missingKeyReport({ e, root, what }: ErrorContext): SchemaReport {
  const missing = String(e.params.missingProperty);
  const hint = firstSentence((e.parentSchema as { properties?: Record<string, { description?: string }> })?.properties?.[missing]?.description);
  const because = hint ? ` (${lowerFirst(hint)})` : '';
  return {
    pointer: e.instancePath,
    on: 'firstLine',
    message: `${capitalize(describePointer(root, e.instancePath, what))} is missing the required key ${code(missing)}${because}.`,
    data: { missingKey: missing },
  };
}

function unknownKeyReport({ e, root, what }: ErrorContext): SchemaReport {
  const extra = String(e.params.additionalProperty);
  const allowed = allowedKeys(e);
  const meant = suggest(extra, allowed, 'key');
  const advice = meant?.near ? ` Did you mean ${code(meant.candidate)}?` : ` Allowed keys: ${allowed.map((a) => code(a)).join(', ')}.`;
  return {
    pointer: `${e.instancePath}/${escapeSegment(extra)}`,
    on: 'key',
    message: `Unknown key ${code(extra)} in ${describePointer(root, e.instancePath, what)}.${advice}`,
    data: meant?.near ? { unknownKey: extra, suggestion: meant.candidate, parent: e.instancePath } : { unknownKey: extra, parent: e.instancePath },
  };
}

/** A field of another trigger type (`every` on an `event` trigger). */
function foreignTriggerFieldReport({ e, root, key }: ErrorContext): SchemaReport {
  const trigger = getAt(root, parentPointer(e.instancePath));
  const type = isRecord(trigger) && typeof trigger.type === 'string' ? trigger.type : '';
  const own = TRIGGER_TYPE_FIELDS[type] ?? [];
  const uses = own.length ? ` (it uses ${own.map((f) => code(f)).join(', ')})` : ' (it takes no type-specific fields)';
  const aTrigger = `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${code(type)} trigger`;
  return {
    pointer: e.instancePath,
    on: 'key',
    message: `${code(key)} does not apply to ${aTrigger}${uses}. Remove ${code(key)} or change \`type\`.`,
    data: { unknownKey: key },
  };
}

/** A value outside an enum: a rule id in `rules:` (the key), a severity there, or any other value. */
function enumReport(c: ErrorContext): SchemaReport {
  const allowed = (c.e.params.allowedValues as unknown[]).map(String);
  if (c.e.propertyName !== undefined) return ruleIdReport(c.e, String(c.e.propertyName), allowed);
  if (/\/rules$/.test(parentPointer(c.e.instancePath))) {
    return {
      pointer: c.e.instancePath,
      message: `${code(String(c.e.data))} is not a severity for rule ${code(c.key)}: use ${allowed.map((a) => code(a)).join(', ')}.`,
      data: { allowed },
    };
  }
  const value = c.e.data;
  const meant = typeof value === 'string' ? suggest(value, allowed, 'value') : undefined;
  const close = meant?.near ? meant.candidate : undefined;
  const didYouMean = close ? ` Did you mean ${code(close)}?` : '';
  return {
    pointer: c.e.instancePath,
    message: `${code(String(value))} is not a valid ${c.key} for ${c.where}.${didYouMean} Allowed: ${allowed.map((a) => code(a)).join(', ')}.`,
    data: close ? { suggestion: close, allowed } : { allowed },
  };
}

/** A key of `rules:` that is not a rule id one may configure. */
function ruleIdReport(e: ErrorObject, name: string, allowed: string[]): SchemaReport {
  const fixed = name === 'syntax' || name === 'schema' || name === 'internal-error';
  const suggestion = suggest(name, allowed, 'reference')?.candidate;
  const didYouMean = suggestion ? ` Did you mean ${code(suggestion)}?` : '';
  const why = 'a playbook that does not parse or breaks the schema cannot be checked reliably';
  return {
    pointer: `${e.instancePath}/${escapeSegment(name)}`,
    on: 'key',
    message: fixed
      ? `${code(name)} findings cannot be turned off: ${why}. Remove this entry.`
      : `${code(name)} is not a rule id.${didYouMean} Run \`playbook rules\` for the list.`,
    data: suggestion && !fixed ? { suggestion } : {},
  };
}

function typeReport({ e, what, where, key }: ErrorContext): SchemaReport {
  if (e.instancePath === '') {
    const examples = what === 'playbook' ? '`playbook:`, `title:`, `touchpoints:`' : '`rules:`, `include:`, `exclude:`';
    return {
      pointer: '',
      on: 'firstLine',
      message: `A ${what} must be a YAML mapping of keys (such as ${examples}), but this file holds ${describeValue(e.data)}.`,
    };
  }
  const expected = String(e.params.type).replace(',', ' or ');
  return { pointer: e.instancePath, message: `${code(key)} in ${where} must be ${article(expected)}, but it is ${describeValue(e.data)}.` };
}

function boundsReport({ e, where, key }: ErrorContext): SchemaReport {
  const { minimum, maximum } = e.parentSchema as { minimum?: number; maximum?: number };
  let bounds = `at most ${maximum}`;
  if (minimum !== undefined) bounds = maximum !== undefined ? `between ${minimum} and ${maximum}` : `at least ${minimum}`;
  return { pointer: e.instancePath, message: `${code(key)} in ${where} must be ${bounds}, but it is ${String(e.data)}.` };
}

function patternReport({ e, key, where }: ErrorContext): SchemaReport {
  const pattern = String(e.params.pattern);
  return { pointer: e.instancePath, message: patternMessage(pattern, e.data, key, where), data: patternData(pattern, e.data) };
}

function emptyReport({ e, root, what }: ErrorContext): SchemaReport {
  return { pointer: e.instancePath, message: `${capitalize(describePointer(root, e.instancePath, what))} must not be empty.` };
}

function tooFewItemsReport({ e, where, key }: ErrorContext): SchemaReport {
  const message =
    key === 'segments'
      ? `\`segments\` in ${where} names no segment. List at least one, or remove the key so the touchpoint reaches every segment.`
      : `${code(key)} in ${where} must list at least ${String(e.params.limit)} item(s).`;
  return { pointer: e.instancePath, message };
}

function repeatedItemReport({ e, where, key }: ErrorContext): SchemaReport {
  const repeat = Math.max(Number(e.params.i), Number(e.params.j));
  const item = Array.isArray(e.data) ? e.data[repeat] : undefined;
  return { pointer: `${e.instancePath}/${repeat}`, message: `${code(String(item))} is listed twice in \`${key}\` of ${where}. Remove the repeat.` };
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

function patternData(pattern: string, data: unknown): SchemaFindingData | undefined {
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
