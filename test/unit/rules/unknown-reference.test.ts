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

ruleTable('unknown-reference', [
  {
    name: 'valid: every reference resolves',
    yaml: `${HEAD}
  triggers:
    - id: signed
      type: event
      event: contract.signed
  touchpoints:
    - id: kickoff
      stage: land
      segments: [enterprise, smb]
      channel: meeting
      owner: csm
      trigger: signed
      kpis: [nps]
      escalatesTo: kickoff-2
    - id: kickoff-2
      stage: adopt
      channel: email
      owner: bot
  kpis:
    - id: nps
      metric: nps
      stage: adopt
      owner: csm
`,
    lines: [],
  },
  {
    name: 'unknown stage, segment, owner, trigger, kpi and escalation target',
    yaml: `${HEAD}
  touchpoints:
    - id: kickoff
      stage: lnad
      segments: [enterprise, smbb]
      channel: meeting
      owner: cms
      trigger: signed
      kpis: [nsp]
      escalatesTo: kickof
`,
    lines: [16, 17, 19, 20, 21, 22],
    messages: ['Did you mean `land`', 'Did you mean `smb`', 'Did you mean `csm`', 'Unknown trigger `signed`', 'Unknown kpi `nsp`', 'Did you mean `kickoff`'],
  },
  {
    name: "a segment's owner and a KPI's stage and owner",
    yaml: `
  playbook: demo
  title: Demo
  framework: aida
  owners:
    - id: csm
      type: human
  segments:
    - id: smb
      owner: csn
  touchpoints:
    - id: ad
      stage: awareness
      channel: social
      owner: csm
      kpis: [conv]
  kpis:
    - id: conv
      metric: conversion-rate
      target: 3
      stage: acton
      owner: marketing
`,
    lines: [9, 20, 21],
    messages: ['Did you mean `csm`', 'Did you mean `action`', 'The closest existing owner is `csm`'],
  },
  {
    name: 'a stage dropped by stage-not-in-framework is unknown',
    yaml: `
  playbook: demo
  title: Demo
  framework: aida
  stages:
    - id: onboarding
  owners:
    - id: bot
      type: automation
  segments:
    - id: all
  touchpoints:
    - id: welcome
      stage: onboarding
      channel: email
      owner: bot
`,
    lines: [13],
    messages: ['not a stage of the `aida` framework'],
  },
  {
    name: 'custom stages resolve against the stages list',
    yaml: `
  playbook: demo
  title: Demo
  framework: custom
  stages:
    - id: apply
    - id: enrol
  owners:
    - id: bot
      type: automation
  segments:
    - id: all
  touchpoints:
    - id: welcome
      stage: enrol
      channel: email
      owner: bot
    - id: other
      stage: graduate
      channel: email
      owner: bot
`,
    lines: [18],
  },
  {
    name: 'references into a missing required list are not reported (the schema reports the list)',
    yaml: `
  playbook: demo
  title: Demo
  framework: aida
  segments:
    - id: all
  touchpoints:
    - id: welcome
      stage: awareness
      channel: email
      owner: bot
`,
    lines: [],
  },
  {
    name: 'a lone id where a list belongs is still checked',
    yaml: `${HEAD}
  touchpoints:
    - id: kickoff
      stage: land
      segments: enterprize
      channel: meeting
      owner: csm
`,
    lines: [17],
  },
]);
