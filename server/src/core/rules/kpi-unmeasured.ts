import { atEntry, entryName, Rule } from './rule';

/** The KPI's id (undefined when it has none). */
export type KpiUnmeasuredData = { kpi: string | undefined };

/** A KPI that no touchpoint is meant to move. */
export const kpiUnmeasured: Rule<KpiUnmeasuredData> = {
  id: 'kpi-unmeasured',
  defaultSeverity: 'info',
  description: 'No touchpoint lists the KPI in its `kpis`.',
  reads: ['kpi.id', 'touchpoint.kpis'],
  check({ model, report }) {
    const listed = new Set<unknown>();
    for (const t of model.touchpoints) {
      for (const ref of t.kpis) {
        const k = model.byId.kpi.get(ref.id);
        if (k) listed.add(k);
      }
      if (listed.size === model.kpis.length) return; // every KPI is listed
    }
    for (const k of model.kpis) {
      if (listed.has(k)) continue;
      report({
        ...atEntry(k),
        message: `KPI ${entryName(k)} is not listed in any touchpoint's \`kpis\`: no planned interaction is meant to move it. Add it to the touchpoints that should.`,
        data: { kpi: k.id },
      });
    }
  },
};
