import { replaceValueFix } from '../edits';
import { entriesOf, Kind, KINDS, LIST_KEY } from '../model';
import { code } from '../text';
import { ID_FIELDS, type Rule } from './rule';

/** The kind of entry and the repeated id. */
export type DuplicateIdData = { kind: Kind; id: string };

/** An id repeats within its list: reported on each repeat after the first. */
export const duplicateId: Rule<DuplicateIdData> = {
  id: 'duplicate-id',
  defaultSeverity: 'error',
  description: 'An id repeats within its list.',
  reads: [...ID_FIELDS, 'stage.notInFramework'],
  check({ model, report }) {
    for (const kind of KINDS) {
      const first = new Map<string, string>();
      const entries = entriesOf(model, kind);
      for (let i = 0; i < entries.length; i++) {
        const e = entries[i];
        // Stage entries outside the framework are ignored: nothing else is reported about them.
        if (e.id === undefined || (e.kind === 'stage' && e.notInFramework)) continue;
        const firstPointer = first.get(e.id);
        if (firstPointer === undefined) {
          first.set(e.id, e.pointer);
          continue;
        }
        report({
          pointer: `${e.pointer}/id`,
          message: `Duplicate ${kind} id ${code(e.id)}: it is already used earlier in \`${LIST_KEY[kind]}\`. References go to the first one; rename or remove this ${kind}.`,
          related: [{ pointer: `${firstPointer}/id`, message: `First ${kind} with id ${code(e.id)}` }],
          data: { kind, id: e.id },
        });
      }
    }
  },
  fixes(analysis, finding) {
    // The id with the first free numeric suffix: `welcome-call-2`, else `-3`...
    const { kind, id } = finding.data;
    const taken = new Set(entriesOf(analysis.model, kind).map((e) => e.id));
    let n = 2;
    while (taken.has(`${id}-${n}`)) n++;
    return [replaceValueFix(analysis, finding, `Rename to \`${id}-${n}\``, `${id}-${n}`)];
  },
};
