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

ruleTable('stage-without-touchpoint', [
  {
    name: 'valid: every stage of the built-in framework has a touchpoint',
    yaml: `${HEAD}
  touchpoints:
    - id: kickoff
      stage: land
      channel: meeting
      owner: csm
    - id: tips
      stage: adopt
      channel: email
      owner: bot
    - id: upsell
      stage: expand
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
    name: 'built-in stages not listed in stages are reported on the framework value, naming the stage',
    yaml: `${HEAD}
  touchpoints:
    - id: kickoff
      stage: land
      channel: meeting
      owner: csm
    - id: tips
      stage: adopt
      channel: email
      owner: bot
`,
    lines: [3, 3],
    messages: ['Stage `expand`', 'Stage `renew`'],
  },
  {
    name: 'a suppression above the framework line silences every stage reported there',
    yaml: `
  playbook: demo
  title: Demo
  # playbook-disable-next-line stage-without-touchpoint -- expansion and renewal are run by sales
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
`,
    lines: [],
  },
  {
    name: 'a built-in stage refined in stages is reported on its id there',
    yaml: `
  playbook: demo
  title: Demo
  framework: laer
  stages:
    - id: land
      name: Land
    - id: renew
      name: Renewal
      goal: The customer signs again
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
    - id: tips
      stage: adopt
      channel: email
      owner: csm
`,
    lines: [3, 7],
    messages: ['Stage `expand`', 'Stage `renew`'],
  },
  {
    name: 'custom stages are reported on their id',
    yaml: `
  playbook: demo
  title: Demo
  framework: custom
  stages:
    - id: trial
    - id: onboarding
    - id: renewal
  owners:
    - id: csm
      type: human
  segments:
    - id: all
  touchpoints:
    - id: kickoff
      stage: onboarding
      channel: meeting
      owner: csm
`,
    lines: [5, 7],
    messages: ['Stage `trial`', 'Stage `renewal`'],
  },
  {
    name: 'stages without a framework are the lifecycle',
    yaml: `
  playbook: demo
  title: Demo
  stages:
    - id: onboarding
    - id: renewal
  owners:
    - id: csm
      type: human
  segments:
    - id: all
  touchpoints:
    - id: renewal-call
      stage: renewal
      channel: phone
      owner: csm
`,
    lines: [4],
    messages: ['Stage `onboarding`'],
  },
  {
    name: 'any touchpoint counts, whatever segments it reaches',
    yaml: `${HEAD}
  touchpoints:
    - id: kickoff
      stage: land
      segments: [enterprise]
      channel: meeting
      owner: csm
    - id: tips
      stage: adopt
      segments: [smb]
      channel: email
      owner: bot
    - id: upsell
      stage: expand
      segments: [enterprize]
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
    name: 'a touchpoint with an invalid channel or a missing owner still covers its stage',
    yaml: `${HEAD}
  touchpoints:
    - id: kickoff
      stage: land
      channel: carrier-pigeon
      owner: csm
    - id: tips
      stage: adopt
      channel: email
    - id: upsell
      stage: expand
      channel: meeting
      owner: csm
      within: soon
    - id: renewal
      stage: renew
      channel: email
      owner: bot
`,
    lines: [],
  },
  {
    name: 'a touchpoint with an unknown stage covers nothing',
    yaml: `
  playbook: demo
  title: Demo
  framework: custom
  stages:
    - id: onboarding
    - id: renewal
  owners:
    - id: csm
      type: human
  segments:
    - id: all
  touchpoints:
    - id: kickoff
      stage: onboarding
      channel: meeting
      owner: csm
    - id: renewal-call
      stage: renewl
      channel: phone
      owner: csm
`,
    lines: [6],
    messages: ['Stage `renewal`'],
  },
  {
    name: 'an entry ignored by stage-not-in-framework gets no stage-without-touchpoint',
    yaml: `
  playbook: demo
  title: Demo
  framework: laer
  stages:
    - id: onboarding
    - id: land
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
    - id: tips
      stage: adopt
      channel: email
      owner: csm
    - id: upsell
      stage: expand
      channel: meeting
      owner: csm
`,
    lines: [3],
    messages: ['Stage `renew`'],
  },
  {
    name: 'a repeated stage entry is reported too: references go to the first',
    yaml: `
  playbook: demo
  title: Demo
  stages:
    - id: onboarding
    - id: renewal
    - id: onboarding
  owners:
    - id: csm
      type: human
  segments:
    - id: all
  touchpoints:
    - id: kickoff
      stage: onboarding
      channel: meeting
      owner: csm
    - id: renewal-call
      stage: renewal
      channel: phone
      owner: csm
`,
    lines: [6],
    messages: ['Stage `onboarding`'],
  },
]);
