import { ruleTable } from '../helpers';

const HEAD = `
  playbook: demo
  title: Demo
  framework: laer
  owners:
    - id: csm
      type: human
    - id: bot
      type: automation
  segments:
    - id: enterprise
      owner: csm
    - id: smb
`;

ruleTable('duplicate-id', [
  {
    name: 'valid: ids are unique within each list',
    yaml: `${HEAD}
  touchpoints:
    - id: welcome
      stage: land
      channel: email
      owner: bot
    - id: kickoff
      stage: land
      channel: meeting
      owner: csm
`,
    lines: [],
  },
  {
    name: 'valid: the same id in two different lists is fine',
    yaml: `
  playbook: demo
  title: Demo
  framework: custom
  stages:
    - id: activation
  owners:
    - id: activation
      type: automation
  segments:
    - id: activation
  triggers:
    - id: activation
      type: manual
  touchpoints:
    - id: activation
      stage: activation
      channel: in-app
      owner: activation
      trigger: activation
      kpis: [activation]
  kpis:
    - id: activation
      metric: activation-rate
      target: 60
`,
    lines: [],
  },
  {
    name: 'a repeated touchpoint id is reported on the repeat, not on the first',
    yaml: `${HEAD}
  touchpoints:
    - id: welcome
      stage: land
      channel: email
      owner: bot
    - id: welcome
      stage: adopt
      channel: email
      owner: bot
`,
    lines: [19],
    messages: ['Duplicate touchpoint id `welcome`'],
  },
  {
    name: 'three entries with one id: each repeat after the first is reported',
    yaml: `${HEAD}
  touchpoints:
    - id: welcome
      stage: land
      channel: email
      owner: bot
    - id: welcome
      stage: adopt
      channel: email
      owner: bot
    - id: welcome
      stage: expand
      channel: email
      owner: bot
`,
    lines: [19, 23],
    messages: ['`welcome`', '`welcome`'],
  },
  {
    name: 'repeats in stages, owners, segments, triggers, touchpoints and kpis',
    yaml: `
  playbook: demo
  title: Demo
  framework: laer
  stages:
    - id: land
    - id: land
  owners:
    - id: csm
      type: human
    - id: csm
      type: team
  segments:
    - id: smb
      owner: csm
    - id: smb
  triggers:
    - id: signed
      type: event
      event: contract.signed
    - id: signed
      type: manual
  touchpoints:
    - id: kickoff
      stage: land
      channel: meeting
      owner: csm
      trigger: signed
      kpis: [nps]
    - id: kickoff
      stage: adopt
      channel: email
      owner: csm
  kpis:
    - id: nps
      metric: nps
      target: 50
    - id: nps
      metric: nps
      target: 60
`,
    lines: [6, 10, 15, 20, 29, 37],
    messages: [
      'Duplicate stage id `land`',
      'Duplicate owner id `csm`',
      'Duplicate segment id `smb`',
      'Duplicate trigger id `signed`',
      'Duplicate touchpoint id `kickoff`',
      'Duplicate kpi id `nps`',
    ],
  },
  {
    name: 'a repeated entry with a malformed field is still reported',
    yaml: `${HEAD}
  touchpoints:
    - id: welcome
      stage: land
      channel: email
      owner: bot
    - id: welcome
      stage: adopt
      channel: carrier-pigeon
`,
    lines: [19],
  },
  {
    name: 'two repeated ids in one list are reported separately',
    yaml: `
  playbook: demo
  title: Demo
  framework: aida
  owners:
    - id: bot
      type: automation
    - id: csm
      type: human
    - id: bot
      type: automation
    - id: csm
      type: human
  segments:
    - id: all
      owner: csm
  touchpoints:
    - id: ad
      stage: awareness
      channel: social
      owner: bot
`,
    lines: [9, 11],
    messages: ['Duplicate owner id `bot`', 'Duplicate owner id `csm`'],
  },
  {
    name: 'entries without an id are not duplicates of each other (the schema reports the missing ids)',
    yaml: `${HEAD}
  touchpoints:
    - stage: land
      channel: email
      owner: bot
    - stage: adopt
      channel: email
      owner: bot
`,
    lines: [],
  },
  {
    name: 'valid: stage entries ignored by stage-not-in-framework get nothing else, not even duplicate-id',
    yaml: `
  playbook: demo
  title: Demo
  framework: laer
  stages:
    - id: onboarding
    - id: onboarding
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
`,
    lines: [],
  },
  {
    name: 'turned off by the playbook\'s rules map',
    yaml: `${HEAD}
  touchpoints:
    - id: welcome
      stage: land
      channel: email
      owner: bot
    - id: welcome
      stage: adopt
      channel: email
      owner: bot
  rules:
    duplicate-id: off
`,
    lines: [],
  },
]);
