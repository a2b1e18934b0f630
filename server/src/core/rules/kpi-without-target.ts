import { atEntry, entryName, Rule } from './rule';

/** A KPI without a target cannot tell anyone whether the playbook works. */
export const kpiWithoutTarget: Rule = {
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
};
