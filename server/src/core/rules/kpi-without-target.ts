import { insertKeyFix, PLACEHOLDER } from '../edits';
import { atEntry, entryName, Rule } from './rule';

/** The KPI's id (undefined when it has none). */
export type KpiWithoutTargetData = { kpi: string | undefined };

/** A KPI without a target cannot tell anyone whether the playbook works. */
export const kpiWithoutTarget: Rule<KpiWithoutTargetData> = {
  id: 'kpi-without-target',
  defaultSeverity: 'warning',
  description: 'A KPI has no target.',
  reads: ['kpi.id', 'kpi.hasTarget'],
  check({ model, report }) {
    for (const k of model.kpis) {
      if (k.hasTarget) continue;
      report({
        ...atEntry(k),
        message: `KPI ${entryName(k)} has no \`target\`: nobody can tell whether the playbook is working. Add the value you aim for (e.g. \`target: 45\`).`,
        data: { kpi: k.id },
      });
    }
  },
  fixes(analysis, finding) {
    // The value aimed for is the author's to say: `TODO` (flagged by the schema) until they do.
    const kpi = analysis.model.kpis.find((k) => k.id === finding.data.kpi);
    if (!kpi) return [];
    return insertKeyFix(analysis, finding, 'Add a `target`', kpi.pointer, 'target', { stop: 1, text: PLACEHOLDER });
  },
};
