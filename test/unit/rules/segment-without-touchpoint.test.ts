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

ruleTable('segment-without-touchpoint', [
  {
    name: 'valid: a touchpoint without segments reaches every segment',
    yaml: `${HEAD}
  touchpoints:
    - id: welcome
      stage: land
      channel: email
      owner: bot
`,
    lines: [],
  },
  {
    name: 'valid: every segment is named by some touchpoint',
    yaml: `${HEAD}
  touchpoints:
    - id: kickoff
      stage: land
      segments: [enterprise]
      channel: meeting
      owner: csm
    - id: renewal
      stage: renew
      segments: [smb]
      channel: email
      owner: bot
`,
    lines: [],
  },
  {
    name: 'a segment no touchpoint names is reported on its id',
    yaml: `${HEAD}
  touchpoints:
    - id: kickoff
      stage: land
      segments: [enterprise]
      channel: meeting
      owner: csm
`,
    lines: [12],
    messages: ['Segment `smb` is reached by no touchpoint'],
  },
  {
    name: 'every unreached segment is reported',
    yaml: `
  playbook: demo
  title: Demo
  framework: aida
  owners:
    - id: bot
      type: automation
  segments:
    - id: trial
    - id: smb
    - id: enterprise
  touchpoints:
    - id: ad
      stage: awareness
      segments: [smb]
      channel: social
      owner: bot
`,
    lines: [8, 10],
    messages: ['`trial`', '`enterprise`'],
  },
  {
    name: 'an unknown id in segments reaches nothing',
    yaml: `${HEAD}
  touchpoints:
    - id: kickoff
      stage: land
      segments: [enterprise, smbb]
      channel: meeting
      owner: csm
`,
    lines: [12],
    messages: ['`smb`'],
  },
  {
    name: 'a touchpoint with an invalid channel or a missing owner still reaches its segments',
    yaml: `${HEAD}
  touchpoints:
    - id: kickoff
      stage: land
      segments: [enterprise]
      channel: carrier-pigeon
      owner: csm
    - id: renewal
      stage: renew
      segments: [smb]
      channel: email
`,
    lines: [],
  },
  {
    name: 'a repeated segment is reached only by touchpoints without segments',
    yaml: `${HEAD}
    - id: smb
  touchpoints:
    - id: kickoff
      stage: land
      segments: [enterprise, smb]
      channel: meeting
      owner: csm
`,
    lines: [14],
    messages: ['`smb`'],
  },
  {
    name: 'valid: a repeated segment is reached by a touchpoint without segments',
    yaml: `${HEAD}
    - id: smb
  touchpoints:
    - id: kickoff
      stage: land
      segments: [enterprise, smb]
      channel: meeting
      owner: csm
    - id: newsletter
      stage: adopt
      channel: email
      owner: bot
`,
    lines: [],
  },
  {
    name: 'an empty touchpoints list reaches no segment',
    yaml: `${HEAD}
  touchpoints: []
`,
    lines: [10, 12],
  },
  {
    name: 'turned off by the playbook\'s rules map',
    yaml: `${HEAD}
  touchpoints:
    - id: kickoff
      stage: land
      segments: [enterprise]
      channel: meeting
      owner: csm
  rules:
    segment-without-touchpoint: off
`,
    lines: [],
  },
]);
