import { ruleTable } from '../helpers';

ruleTable('unused-definition', [
  {
    name: 'valid: owners used by a touchpoint, a segment and a KPI; triggers used by a touchpoint',
    yaml: `
  playbook: demo
  title: Demo
  framework: laer
  owners:
    - id: csm
      type: human
    - id: cs-lead
      type: human
    - id: analyst
      type: human
  segments:
    - id: enterprise
      owner: cs-lead
  triggers:
    - id: signed
      type: event
      event: contract.signed
  touchpoints:
    - id: kickoff
      stage: land
      channel: meeting
      owner: csm
      trigger: signed
      kpis: [nps]
  kpis:
    - id: nps
      metric: nps
      target: 50
      owner: analyst
`,
    lines: [],
  },
  {
    name: 'an owner nothing references is reported on its id',
    yaml: `
  playbook: demo
  title: Demo
  framework: laer
  owners:
    - id: csm
      type: human
    - id: partner-team
      type: team
  segments:
    - id: enterprise
  touchpoints:
    - id: kickoff
      stage: land
      channel: meeting
      owner: csm
`,
    lines: [7],
    messages: ['Owner `partner-team` is never used'],
  },
  {
    name: 'a trigger no touchpoint references is reported on its id',
    yaml: `
  playbook: renewals
  title: Renewals
  stages:
    - id: renewal
  owners:
    - id: csm-team
      type: team
  segments:
    - id: mid-market
  triggers:
    - id: renewal-window
      type: date
      field: renewal_date
      offset: -90d
  touchpoints:
    - id: renewal-call
      stage: renewal
      channel: phone
      owner: csm-team
`,
    lines: [11],
    messages: ['Trigger `renewal-window` is never used: no touchpoint names it as `trigger`'],
  },
  {
    name: 'a misspelled reference does not use the owner or trigger',
    yaml: `
  playbook: demo
  title: Demo
  framework: laer
  owners:
    - id: csm
      type: human
  segments:
    - id: enterprise
  triggers:
    - id: signed
      type: event
      event: contract.signed
  touchpoints:
    - id: kickoff
      stage: land
      channel: meeting
      owner: cms
      trigger: sigend
`,
    lines: [5, 10],
    messages: ['Owner `csm`', 'Trigger `signed`'],
  },
  {
    name: 'a repeated owner or trigger is reported: references go to the first',
    yaml: `
  playbook: demo
  title: Demo
  framework: laer
  owners:
    - id: csm
      type: human
    - id: csm
      type: human
  segments:
    - id: enterprise
      owner: csm
  triggers:
    - id: signed
      type: manual
    - id: signed
      type: manual
  touchpoints:
    - id: kickoff
      stage: land
      channel: meeting
      owner: csm
      trigger: signed
`,
    lines: [7, 15],
    messages: ['Owner `csm`', 'Trigger `signed`'],
  },
  {
    name: 'valid: references from a touchpoint with an invalid channel still count',
    yaml: `
  playbook: demo
  title: Demo
  framework: laer
  owners:
    - id: csm
      type: human
  segments:
    - id: enterprise
  triggers:
    - id: health-drop
      type: score
      metric: health
      below: 60
  touchpoints:
    - id: rescue-call
      stage: adopt
      channel: carrier-pigeon
      owner: csm
      trigger: health-drop
`,
    lines: [],
  },
  {
    name: 'an owner with a malformed type is still checked',
    yaml: `
  playbook: demo
  title: Demo
  framework: laer
  owners:
    - id: csm
      type: human
    - id: robot
      type: machine
  segments:
    - id: enterprise
  touchpoints:
    - id: kickoff
      stage: land
      channel: meeting
      owner: csm
`,
    lines: [7],
  },
  {
    name: "turned off by the playbook's rules map",
    yaml: `
  playbook: demo
  title: Demo
  framework: laer
  owners:
    - id: csm
      type: human
    - id: partner-team
      type: team
  segments:
    - id: enterprise
  triggers:
    - id: signed
      type: manual
  touchpoints:
    - id: kickoff
      stage: land
      channel: meeting
      owner: csm
  rules:
    unused-definition: off
`,
    lines: [],
  },
]);
