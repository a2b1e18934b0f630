/**
 * A fast first pass for files that are most likely clean (the common case in CI
 * and when a workspace opens): parse with js-yaml, which keeps no positions, and
 * run the schema and every rule. When nothing is reported, the file is clean and
 * positions are never needed; when anything is, or when the text uses a feature
 * where the two parsers could read values differently, the caller runs the full
 * analysis, so the findings are always those of `analyzePlaybook`.
 */
import { CORE_SCHEMA, load } from 'js-yaml';
import { effectiveSeverities } from './analyze';
import { buildModel } from './model';
import { SEMANTIC_RULES } from './rules';
import { isSchemaValid } from './schema';
import { SUPPRESSION_DIRECTIVE } from './suppressions';
import type { SeveritySetting } from './types';

/**
 * Constructs where js-yaml and the `yaml` library may read values differently, or
 * where positions matter anyway: anchors, aliases and tags at the start of a value,
 * merge keys, directives and document markers, complex keys, tabs, control
 * characters, non-decimal and exotic numbers, suppression comments. Each check is
 * a simple linear scan (one combined pattern was measurably slower).
 */
const ANCHOR_ALIAS_TAG = /(?::[ ]+|^[ ]*-[ ]+|[[{,][ ]*)[&*!]/m;
const LINE_STARTS = /^(?:%|---|\.\.\.|[ ]*\?[ ])/m;
// eslint-disable-next-line no-control-regex -- control characters send the text to the full parser
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufeff]/;
const EXOTIC_NUMBER = /(?:: |- |[[,] ?)[-+]?(?:0[box]|\.(?:inf|nan)|\d[\d_]*_|\d+\.?\d*e)/i;

function isSimple(text: string): boolean {
  if (text.includes('\t') || text.includes('\r') || text.includes('<<') || text.includes(SUPPRESSION_DIRECTIVE)) return false;
  if ((text.includes('&') || text.includes('*') || text.includes('!')) && ANCHOR_ALIAS_TAG.test(text)) return false;
  // The line-start pattern only when one of its characters is there at all (plain searches are much faster).
  if ((text.includes('%') || text.includes('--') || text.includes('..') || text.includes('?')) && LINE_STARTS.test(text)) return false;
  return !CONTROL.test(text) && !EXOTIC_NUMBER.test(text);
}

/** True when the text is certainly clean (no finding at any severity that is on); false when a full analysis is needed. */
export function isCertainlyClean(text: string, rules?: Record<string, SeveritySetting>): boolean {
  if (text.length === 0 || !isSimple(text)) return false;
  let value: unknown;
  try {
    value = load(text, { schema: CORE_SCHEMA, json: false });
  } catch {
    return false;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  if (!isSchemaValid(value)) return false;
  const model = buildModel(value, false);
  const severities = effectiveSeverities(rules, model.rules);
  let reported = false;
  for (const rule of SEMANTIC_RULES) {
    if (severities[rule.id] === 'off') continue;
    try {
      rule.check({ model, report: () => (reported = true) });
    } catch {
      return false;
    }
    if (reported) return false;
  }
  return true;
}
