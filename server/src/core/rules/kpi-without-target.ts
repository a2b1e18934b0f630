import { insertKey, singleEditFix } from '../edits';
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
  fixes({ parsed, model }, finding) {
    // Starts from the baseline (or 0): the author replaces it with the value aimed for.
    const kpi = model.kpis.find((k) => k.id === finding.data.kpi);
    if (!kpi) return [];
    return singleEditFix(finding, 'Add a `target`', insertKey(parsed, kpi.pointer, 'target', String(kpi.baseline ?? 0)));
  },
};
