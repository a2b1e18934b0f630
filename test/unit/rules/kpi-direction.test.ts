import { ruleTable } from '../helpers';

/** Lines 1-13; `kpis:` is on line 15, the first KPI's id on line 16. */
const HEAD = `
  playbook: demo
  title: Demo
  framework: laer
  owners:
    - id: csm
      type: human
  segments:
    - id: all
  touchpoints:
    - id: kickoff
      stage: land
      channel: meeting
      owner: csm
`;

const INCREASING = ['nps', 'csat', 'clv', 'retention-rate', 'conversion-rate', 'activation-rate', 'engagement-score', 'expansion-revenue', 'referral-rate'];
const DECREASING = ['churn-rate', 'time-to-value'];

/** One KPI per metric, three lines each: id, metric, direction. */
const kpis = (metrics: string[], direction: string) =>
  metrics.map((m) => `    - id: k-${m}\n      metric: ${m}\n      direction: ${direction}\n`).join('');

ruleTable('kpi-direction', [
  {
    name: 'valid: every metric with its natural direction',
    yaml: `${HEAD}
  kpis:
${kpis(INCREASING, 'increase')}${kpis(DECREASING, 'decrease')}`,
    lines: [],
  },
  {
    name: 'metrics that must increase, set to decrease: each reported on its direction',
    yaml: `${HEAD}
  kpis:
${kpis(INCREASING, 'decrease')}`,
    lines: [18, 21, 24, 27, 30, 33, 36, 39, 42],
    messages: INCREASING.map((m) => `measures \`${m}\`, which should increase, but its direction is \`decrease\``),
  },
  {
    name: 'churn-rate and time-to-value set to increase',
    yaml: `${HEAD}
  kpis:
${kpis(DECREASING, 'increase')}`,
    lines: [18, 21],
    messages: ['KPI `k-churn-rate` measures `churn-rate`, which should decrease', 'KPI `k-time-to-value` measures `time-to-value`, which should decrease'],
  },
  {
    name: 'valid: ces and custom are never checked, in either direction',
    yaml: `${HEAD}
  kpis:
${kpis(['ces', 'custom'], 'increase')}${kpis(['ces', 'custom'], 'decrease')}`,
    lines: [],
  },
  {
    name: 'valid: a KPI without direction is not checked',
    yaml: `${HEAD}
  kpis:
    - id: churn
      metric: churn-rate
      baseline: 5
      target: 3
`,
    lines: [],
  },
  {
    name: 'valid: an invalid metric or an invalid direction is left to the schema',
    yaml: `${HEAD}
  kpis:
    - id: churn
      metric: churn
      direction: increase
    - id: nps
      metric: nps
      direction: down
`,
    lines: [],
  },
  {
    name: 'reported among other KPIs, with target and baseline present',
    yaml: `${HEAD}
  kpis:
    - id: nps
      metric: nps
      direction: increase
      baseline: 30
      target: 45
    - id: churn
      name: Logo churn
      metric: churn-rate
      unit: "%"
      direction: increase
      baseline: 8
      target: 10
`,
    lines: [25],
    messages: ['Set `direction: decrease`'],
  },
  {
    name: "turned off by the playbook's rules map",
    yaml: `${HEAD}
  kpis:
${kpis(DECREASING, 'increase')}  rules:
    kpi-direction: off
`,
    lines: [],
  },
]);
