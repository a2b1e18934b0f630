import { ruleTable } from '../helpers';

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
`;

ruleTable('kpi-unmeasured', [
  {
    name: 'valid: every KPI is listed by a touchpoint',
    yaml: `${HEAD}
  touchpoints:
    - id: kickoff
      stage: land
      channel: meeting
      owner: csm
      kpis: [nps]
    - id: training
      stage: adopt
      channel: webinar
      owner: csm
      kpis: [nps, activation]
  kpis:
    - id: nps
      metric: nps
      target: 50
    - id: activation
      metric: activation-rate
      target: 60
`,
    lines: [],
  },
  {
    name: 'a KPI no touchpoint lists is reported on its id',
    yaml: `${HEAD}
  touchpoints:
    - id: kickoff
      stage: land
      channel: meeting
      owner: csm
      kpis: [nps]
  kpis:
    - id: nps
      metric: nps
      target: 50
    - id: activation
      metric: activation-rate
      target: 60
`,
    lines: [21],
    messages: ['KPI `activation` is not listed in any touchpoint'],
  },
  {
    name: "a KPI's own stage does not count",
    yaml: `${HEAD}
  touchpoints:
    - id: kickoff
      stage: land
      channel: meeting
      owner: csm
  kpis:
    - id: activation
      metric: activation-rate
      target: 60
      stage: land
      owner: csm
`,
    lines: [17],
    messages: ['`activation`'],
  },
  {
    name: 'an unknown id in kpis measures nothing',
    yaml: `${HEAD}
  touchpoints:
    - id: kickoff
      stage: land
      channel: meeting
      owner: csm
      kpis: [activaton]
  kpis:
    - id: activation
      metric: activation-rate
      target: 60
`,
    lines: [18],
  },
  {
    name: 'a repeated KPI is unmeasured: references go to the first',
    yaml: `${HEAD}
  touchpoints:
    - id: kickoff
      stage: land
      channel: meeting
      owner: csm
      kpis: [nps]
  kpis:
    - id: nps
      metric: nps
      target: 50
    - id: nps
      metric: nps
      target: 60
`,
    lines: [21],
  },
  {
    name: 'valid: a touchpoint with an invalid channel or a missing owner still measures its KPIs',
    yaml: `${HEAD}
  touchpoints:
    - id: kickoff
      stage: land
      channel: carrier-pigeon
      owner: csm
      kpis: [nps]
    - id: training
      stage: adopt
      channel: webinar
      kpis: [activation]
  kpis:
    - id: nps
      metric: nps
      target: 50
    - id: activation
      metric: activation-rate
      target: 60
`,
    lines: [],
  },
  {
    name: 'valid: a touchpoint with an unknown stage still measures its KPIs',
    yaml: `${HEAD}
  touchpoints:
    - id: kickoff
      stage: lnad
      channel: meeting
      owner: csm
      kpis: [nps]
  kpis:
    - id: nps
      metric: nps
      target: 50
`,
    lines: [],
  },
  {
    name: 'every unmeasured KPI is reported, even with no touchpoint listing any',
    yaml: `${HEAD}
  touchpoints:
    - id: kickoff
      stage: land
      channel: meeting
      owner: csm
  kpis:
    - id: nps
      metric: nps
      target: 50
    - id: activation
      metric: activation-rate
      target: 60
`,
    lines: [17, 20],
    messages: ['`nps`', '`activation`'],
  },
]);
