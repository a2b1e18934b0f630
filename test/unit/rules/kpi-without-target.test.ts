import { ruleTable } from '../helpers';

/** Lines 1-16; `kpis:` is on line 17. */
const HEAD = `
  playbook: demo
  title: Demo
  framework: laer
  owners:
    - id: csm
      type: human
  segments:
    - id: enterprise
      owner: csm
  touchpoints:
    - id: kickoff
      stage: land
      channel: meeting
      owner: csm
      kpis: [nps, activation]
`;

ruleTable('kpi-without-target', [
  {
    name: 'valid: every KPI has a target',
    yaml: `${HEAD}
  kpis:
    - id: nps
      metric: nps
      target: 50
    - id: activation
      metric: activation-rate
      direction: increase
      baseline: 40
      target: 60
`,
    lines: [],
  },
  {
    name: 'valid: a target of 0 is a target',
    yaml: `${HEAD}
  kpis:
    - id: nps
      metric: churn-rate
      direction: decrease
      target: 0
`,
    lines: [],
  },
  {
    name: "a KPI without target is reported on its id",
    yaml: `${HEAD}
  kpis:
    - id: nps
      metric: nps
      target: 50
    - id: activation
      metric: activation-rate
      baseline: 40
`,
    lines: [21],
    messages: ['KPI `activation` has no `target`'],
  },
  {
    name: 'every KPI without target is reported',
    yaml: `${HEAD}
  kpis:
    - id: nps
      metric: nps
    - id: activation
      metric: activation-rate
`,
    lines: [18, 20],
    messages: ['`nps`', '`activation`'],
  },
  {
    name: 'a KPI with an invalid metric is still checked',
    yaml: `${HEAD}
  kpis:
    - id: nps
      metric: net-promoter
`,
    lines: [18],
  },
  {
    name: 'a KPI with no id is reported on its first line',
    yaml: `${HEAD}
  kpis:
    - metric: nps
`,
    lines: [18],
    messages: ['KPI #1 has no `target`'],
  },
  {
    name: 'valid: a malformed target is reported by the schema, not as a missing target',
    yaml: `${HEAD}
  kpis:
    - id: nps
      metric: nps
      target: high
`,
    lines: [],
  },
  {
    name: "turned off by the playbook's rules map",
    yaml: `${HEAD}
  kpis:
    - id: nps
      metric: nps
  rules:
    kpi-without-target: off
`,
    lines: [],
  },
]);
