import { Entry, LIST_KEY, PlaybookModel, Reference, referencesOf, resolveReference } from '../model';
import { closest, code, editDistance } from '../text';
import { ID_FIELDS, REFERENCE_FIELDS, type Rule, type RuleReport } from './rule';

/** Every reference must name an existing id of its kind; the message offers the closest one. */
export const unknownReference: Rule = {
  id: 'unknown-reference',
  defaultSeverity: 'error',
  description: 'A reference names an id that does not exist.',
  reads: [...REFERENCE_FIELDS, ...ID_FIELDS, 'stage.notInFramework'],
  check({ model, report }) {
    for (const ref of model.references) checkReference(model, ref, report);
  },
  checkEntry({ model, report }, entry: Entry) {
    for (const ref of referencesOf(entry)) checkReference(model, ref, report);
  },
};

function checkReference(model: PlaybookModel, ref: Reference, report: (r: RuleReport) => void): void {
  if (!model.resolvable[ref.target] || resolveReference(model, ref.target, ref.id)) return;
  const known =
    ref.target === 'stage' ? model.stages.map((s) => s.id) : [...model.byId[ref.target].keys()];
  const suggestion = closest(ref.id, known);
  const ignoredStage =
    ref.target === 'stage' && model.stageEntries.some((s) => s.notInFramework && s.id === ref.id) && model.framework
      ? ` (it is listed under \`stages\` but is not a stage of the \`${model.framework.id}\` framework)`
      : '';
  const where =
    ref.target === 'stage' && model.framework && model.framework.id !== 'custom' ? `the \`${model.framework.id}\` framework` : `\`${LIST_KEY[ref.target]}\``;
  report({
    pointer: ref.pointer,
    message:
      `Unknown ${ref.target} ${code(ref.id)}: no ${ref.target} in ${where} has this id${ignoredStage}.` +
      (suggestion === undefined
        ? ` Define it under \`${LIST_KEY[ref.target]}\` first.`
        : isClose(ref.id, suggestion)
          ? ` Did you mean ${code(suggestion)}?`
          : ` The closest existing ${ref.target} is ${code(suggestion)}; or define ${code(ref.id)} under \`${LIST_KEY[ref.target]}\`.`),
    data: { kind: ref.target, id: ref.id, ...(suggestion ? { suggestion } : {}) },
  });
}

/** Close enough to be a likely typo. */
function isClose(word: string, candidate: string): boolean {
  return editDistance(word.toLowerCase(), candidate.toLowerCase()) <= Math.max(2, Math.floor(word.length / 3)) || candidate.startsWith(word) || word.startsWith(candidate);
}
