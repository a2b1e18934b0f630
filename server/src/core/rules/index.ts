/** The rule registry: every rule id the product reports, in documentation order. */
import type { Finding } from '../types';
import { cadenceShorterThanSla } from './cadence-shorter-than-sla';
import { contactFatigue } from './contact-fatigue';
import { coverageGap } from './coverage-gap';
import { duplicateId } from './duplicate-id';
import { effortWithoutHours } from './effort-without-hours';
import { escalationCycle } from './escalation-cycle';
import { kpiDirection } from './kpi-direction';
import { kpiUnmeasured } from './kpi-unmeasured';
import { kpiWithoutTarget } from './kpi-without-target';
import { ownerOverCapacity } from './owner-over-capacity';
import { ownerOverHours } from './owner-over-hours';
import type { FindingData, Rule, RuleBehaviour, RuleFinding, RuleMeta } from './rule';
import { schemaRule } from './schema';
import { segmentWithoutTouchpoint } from './segment-without-touchpoint';
import { stageNotInFramework } from './stage-not-in-framework';
import { stageWithoutTouchpoint } from './stage-without-touchpoint';
import { targetDirection } from './target-direction';
import { touchMismatch } from './touch-mismatch';
import { unknownReference } from './unknown-reference';
import { unusedDefinition } from './unused-definition';
import { unusedSuppression } from './unused-suppression';

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
  ownerOverHours,
  effortWithoutHours,
  contactFatigue,
  cadenceShorterThanSla,
];

/** Every rule id with its metadata, including the parser's, the schema's and the suppression check. */
export const ALL_RULES: readonly RuleMeta[] = [
  { id: 'syntax', defaultSeverity: 'error', description: 'YAML that does not parse.', configurable: false },
  metaOf(schemaRule),
  ...SEMANTIC_RULES.map((r) => metaOf({ ...r, configurable: true })),
  metaOf(unusedSuppression),
  { id: 'internal-error', defaultSeverity: 'error', description: 'A rule failed on this input (a bug: please report it).', configurable: false },
];

/** Just the metadata, in the order `playbook rules --format json` prints it. */
function metaOf({ id, defaultSeverity, description, configurable }: RuleMeta): RuleMeta {
  return { id, defaultSeverity, description, configurable };
}

const BY_ID = new Map(ALL_RULES.map((r) => [r.id, r]));

/** Metadata of a rule id, if it exists. */
export function getRuleMeta(id: string): RuleMeta | undefined {
  return BY_ID.get(id);
}

/** Ids that `rules:` maps and suppression comments may name. */
export const CONFIGURABLE_RULE_IDS: readonly string[] = ALL_RULES.filter((r) => r.configurable).map((r) => r.id);

const BEHAVIOUR: ReadonlyMap<string, RuleBehaviour> = new Map<string, RuleBehaviour>([
  ...SEMANTIC_RULES.map((r): [string, RuleBehaviour] => [r.id, r]),
  [schemaRule.id, schemaRule],
  [unusedSuppression.id, unusedSuppression],
]);

/** How a finding's rule fixes and draws it (nothing for `syntax` and `internal-error`). */
export function getRuleBehaviour(ruleId: string): RuleBehaviour | undefined {
  return BEHAVIOUR.get(ruleId);
}

/**
 * A finding as its rule's fixes and map placement read it. Its data is the data its own rule
 * reported (`toFindings` copies it); a rule that attaches none gets an empty object.
 */
export function asRuleFinding(finding: Finding): RuleFinding<FindingData> {
  return finding.data ? (finding as RuleFinding<FindingData>) : { ...finding, data: {} };
}
