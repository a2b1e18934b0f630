/** The rule registry: every rule id the product reports, in documentation order. */
import { coverageGap } from './coverage-gap';
import { duplicateId } from './duplicate-id';
import { escalationCycle } from './escalation-cycle';
import { kpiDirection } from './kpi-direction';
import { kpiUnmeasured } from './kpi-unmeasured';
import { kpiWithoutTarget } from './kpi-without-target';
import { ownerOverCapacity } from './owner-over-capacity';
import type { Rule, RuleMeta } from './rule';
import { segmentWithoutTouchpoint } from './segment-without-touchpoint';
import { stageNotInFramework } from './stage-not-in-framework';
import { stageWithoutTouchpoint } from './stage-without-touchpoint';
import { targetDirection } from './target-direction';
import { touchMismatch } from './touch-mismatch';
import { unknownReference } from './unknown-reference';
import { unusedDefinition } from './unused-definition';
import { unusedSuppressionMeta } from './unused-suppression';

/** The semantic rules of FORMAT.md, run over the playbook model. */
export const SEMANTIC_RULES: readonly Rule[] = [
  unknownReference,
  duplicateId,
  stageWithoutTouchpoint,
  segmentWithoutTouchpoint,
  coverageGap,
  touchMismatch,
  kpiWithoutTarget,
  kpiUnmeasured,
  unusedDefinition,
  escalationCycle,
  stageNotInFramework,
  ownerOverCapacity,
  kpiDirection,
  targetDirection,
];

/** Every rule id with its metadata, including the parser's, the schema's and the suppression check. */
export const ALL_RULES: readonly RuleMeta[] = [
  { id: 'syntax', defaultSeverity: 'error', description: 'YAML that does not parse.', configurable: false },
  { id: 'schema', defaultSeverity: 'error', description: 'Structure that breaks the playbook JSON Schema.', configurable: false },
  ...SEMANTIC_RULES.map((r) => ({ id: r.id, defaultSeverity: r.defaultSeverity, description: r.description, configurable: true })),
  unusedSuppressionMeta,
  { id: 'internal-error', defaultSeverity: 'error', description: 'A rule failed on this input (a bug: please report it).', configurable: false },
];

const BY_ID = new Map(ALL_RULES.map((r) => [r.id, r]));

/** Metadata of a rule id, if it exists. */
export function getRuleMeta(id: string): RuleMeta | undefined {
  return BY_ID.get(id);
}

/** Ids that `rules:` maps and suppression comments may name. */
export const CONFIGURABLE_RULE_IDS: readonly string[] = ALL_RULES.filter((r) => r.configurable).map((r) => r.id);
