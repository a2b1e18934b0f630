import { changeToFix } from '../edits';
import { Entry, Kind, LIST_KEY, PlaybookModel, Reference, referencesOf, resolveReference } from '../model';
import { code, suggest } from '../text';
import { ID_FIELDS, REFERENCE_FIELDS, type Rule, type RuleContext } from './rule';

/** The kind and id the reference names, and the closest existing id of that kind (when there is one). */
export type UnknownReferenceData = { kind: Kind; id: string; suggestion?: string };

/** Every reference must name an existing id of its kind; the message offers the closest one. */
export const unknownReference: Rule<UnknownReferenceData> = {
  id: 'unknown-reference',
  defaultSeverity: 'error',
  description: 'A reference names an id that does not exist.',
  reads: [...REFERENCE_FIELDS, ...ID_FIELDS, 'stage.notInFramework'],
  check({ model, report }) {
    // By index, not `for…of` (a large playbook has tens of thousands of references, checked on its
    // first analysis before the engine has optimised anything).
    const references = model.references;
    for (let i = 0; i < references.length; i++) checkReference(model, references[i], report);
  },
  checkEntry({ model, report }, entry: Entry) {
    for (const ref of referencesOf(entry)) checkReference(model, ref, report);
  },
  fixes(analysis, finding) {
    const { id, suggestion } = finding.data;
    if (suggestion === undefined) return [];
    // Applied by "fix all" only when the reference is a likely typo of the suggested id.
    return [changeToFix(analysis, finding, suggestion, suggest(id, [suggestion], 'autoFix')!.near)];
  },
};

function checkReference(model: PlaybookModel, ref: Reference, report: RuleContext<UnknownReferenceData>['report']): void {
  if (!model.resolvable[ref.target] || resolveReference(model, ref.target, ref.id)) return;
  const known =
    ref.target === 'stage' ? model.stages.map((s) => s.id) : [...model.byId[ref.target].keys()];
  const suggestion = suggest(ref.id, known, 'reference');
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
        : suggestion.near
          ? ` Did you mean ${code(suggestion.candidate)}?`
          : ` The closest existing ${ref.target} is ${code(suggestion.candidate)}; or define ${code(ref.id)} under \`${LIST_KEY[ref.target]}\`.`),
    data: { kind: ref.target, id: ref.id, ...(suggestion ? { suggestion: suggestion.candidate } : {}) },
  });
}
