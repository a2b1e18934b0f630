import { deleteEntry, singleEditFix } from '../edits';
import { entriesOf, Entry } from '../model';
import { locate } from '../parse';
import { atEntry, entryName, Rule } from './rule';

/** The kind of the unused entry and its id (undefined when it has none). */
export type UnusedDefinitionData = { kind: 'owner' | 'trigger'; id: string | undefined };

/** An owner or trigger that nothing references is dead weight or a forgotten assignment. */
export const unusedDefinition: Rule<UnusedDefinitionData> = {
  id: 'unused-definition',
  defaultSeverity: 'info',
  description: 'An owner or trigger that nothing references.',
  reads: ['owner.id', 'trigger.id', 'segment.owner', 'touchpoint.owner', 'touchpoint.trigger', 'kpi.owner'],
  check({ model, report }) {
    const used = new Set<Entry>();
    const all = model.owners.length + model.triggers.length;
    const references = model.references;
    for (let i = 0; i < references.length; i++) {
      const ref = references[i];
      const e = ref.target === 'owner' ? model.byId.owner.get(ref.id) : ref.target === 'trigger' ? model.byId.trigger.get(ref.id) : undefined;
      if (!e) continue;
      used.add(e);
      if (used.size === all) return; // every owner and trigger is used
    }
    for (const e of [...model.owners, ...model.triggers]) {
      if (used.has(e)) continue;
      const what = e.kind === 'owner' ? 'no touchpoint, segment or KPI names it as `owner`' : 'no touchpoint names it as `trigger`';
      report({
        ...atEntry(e),
        message: `${e.kind === 'owner' ? 'Owner' : 'Trigger'} ${entryName(e)} is never used: ${what}. Use it or remove it.`,
        data: { kind: e.kind, id: e.id },
      });
    }
  },
  fixes({ parsed, model }, finding) {
    // The entry the finding sits in (a repeated id names several entries).
    const { kind, id } = finding.data;
    const at = finding.offsets[0];
    const entry = entriesOf(model, kind).find((x) => {
      if (x.id !== id) return false;
      const [start, end] = locate(parsed, x.pointer).value;
      return at >= start && at <= end;
    });
    if (!entry) return [];
    return singleEditFix(finding, `Remove unused ${kind} \`${String(id)}\``, deleteEntry(parsed, entry.pointer));
  },
};
