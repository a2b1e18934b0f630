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

/** enterprise is covered in land, adopt and renew; smb only in land (lines 14-28). */
const GAPS = `${HEAD}
  touchpoints:
    - id: welcome
      stage: land
      channel: email
      owner: bot
    - id: training
      stage: adopt
      segments: [enterprise]
      channel: webinar
      owner: csm
    - id: renewal-call
      stage: renew
      segments: [enterprise]
      channel: phone
      owner: csm
`;

ruleTable('coverage-gap', [
  {
    name: 'valid: touchpoints without segments cover their stage for every segment',
    yaml: `${HEAD}
  touchpoints:
    - id: welcome
      stage: land
      channel: email
      owner: bot
    - id: renewal-reminder
      stage: renew
      channel: email
      owner: bot
`,
    lines: [],
  },
  {
    name: 'valid: stages where no segment has a touchpoint are not counted',
    yaml: `${HEAD}
  touchpoints:
    - id: kickoff
      stage: land
      segments: [enterprise]
      channel: meeting
      owner: csm
    - id: welcome
      stage: land
      segments: [smb]
      channel: email
      owner: bot
`,
    lines: [],
  },
  {
    name: 'one finding per segment, naming every missing stage',
    yaml: GAPS,
    lines: [12],
    messages: ['Segment `smb` has no touchpoint in stages `adopt` and `renew`'],
  },
  {
    name: 'a single missing stage',
    yaml: `${HEAD}
  touchpoints:
    - id: welcome
      stage: land
      channel: email
      owner: bot
    - id: renewal-call
      stage: renew
      segments: [enterprise]
      channel: phone
      owner: csm
`,
    lines: [12],
    messages: ['no touchpoint in stage `renew`'],
  },
  {
    name: 'each segment with a gap is reported',
    yaml: `${HEAD}
  touchpoints:
    - id: kickoff
      stage: land
      segments: [enterprise]
      channel: meeting
      owner: csm
    - id: renewal-reminder
      stage: renew
      segments: [smb]
      channel: email
      owner: bot
`,
    lines: [10, 12],
    messages: ['`enterprise` has no touchpoint in stage `renew`', '`smb` has no touchpoint in stage `land`'],
  },
  {
    name: 'a segment with no touchpoint at all names every stage others are reached in',
    yaml: `${HEAD}
    - id: trial
  touchpoints:
    - id: kickoff
      stage: land
      segments: [enterprise, smb]
      channel: meeting
      owner: csm
    - id: upsell
      stage: expand
      segments: [enterprise]
      channel: meeting
      owner: csm
`,
    lines: [12, 14],
    messages: ['`smb` has no touchpoint in stage `expand`', '`trial` has no touchpoint in stages `land` and `expand`'],
  },
  {
    name: 'a touchpoint with an unknown stage covers nothing; one with an invalid channel still covers its stage',
    yaml: `${HEAD}
  touchpoints:
    - id: welcome
      stage: land
      channel: email
      owner: bot
    - id: renewal-call
      stage: renewl
      segments: [enterprise]
      channel: phone
      owner: csm
    - id: upsell
      stage: expand
      segments: [enterprise]
      channel: carrier-pigeon
      owner: csm
`,
    lines: [12],
    messages: ['`smb` has no touchpoint in stage `expand`,'],
  },
  {
    name: 'a suppression on the line before the segment silences it',
    yaml: `${HEAD}
    # playbook-disable-next-line coverage-gap -- SMB renews through billing
    - id: trial
  touchpoints:
    - id: welcome
      stage: land
      segments: [enterprise, smb]
      channel: email
      owner: bot
    - id: renewal-call
      stage: renew
      segments: [enterprise, smb]
      channel: phone
      owner: csm
`,
    lines: [],
  },
  {
    name: 'turned off by the playbook\'s rules map',
    yaml: `${GAPS}
  rules:
    coverage-gap: off
`,
    lines: [],
  },
  {
    name: 'turned off in .playbookrc (options.rules)',
    yaml: GAPS,
    options: { rules: { 'coverage-gap': 'off' } },
    lines: [],
  },
  {
    name: "the playbook's own rules win over .playbookrc",
    yaml: `${GAPS}
  rules:
    coverage-gap: warning
`,
    options: { rules: { 'coverage-gap': 'off' } },
    lines: [12],
  },
]);
