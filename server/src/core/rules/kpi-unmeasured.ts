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
    const touchpoints = model.touchpoints;
    for (let i = 0; i < touchpoints.length; i++) {
      const kpis = touchpoints[i].kpis;
      for (let j = 0; j < kpis.length; j++) {
        const k = model.byId.kpi.get(kpis[j].id);
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
