import { ruleTable } from '../helpers';

const OWNERS = `
  playbook: demo
  title: Demo
  framework: laer
  owners:
    - id: csm
      type: human
    - id: cs-team
      type: team
    - id: bot
      type: automation
`;

ruleTable('touch-mismatch', [
  {
    name: 'valid: a person in every stage for high-touch, automation only for no-touch',
    yaml: `${OWNERS}
  segments:
    - id: enterprise
      engagement: high-touch
    - id: self-serve
      engagement: no-touch
  touchpoints:
    - id: welcome
      stage: land
      channel: email
      owner: bot
    - id: kickoff
      stage: land
      segments: [enterprise]
      channel: meeting
      owner: csm
    - id: renewal-call
      stage: renew
      segments: [enterprise]
      channel: phone
      owner: cs-team
`,
    lines: [],
  },
  {
    name: 'high-touch reached only by automation in a stage: on the segment id, naming the stage',
    yaml: `${OWNERS}
  segments:
    - id: enterprise
      engagement: high-touch
  touchpoints:
    - id: welcome
      stage: land
      channel: email
      owner: bot
    - id: renewal-call
      stage: renew
      channel: phone
      owner: csm
`,
    lines: [13],
    messages: ['High-touch segment `enterprise` is reached only by automation in stage `land`'],
  },
  {
    name: 'one finding per high-touch segment, naming every automation-only stage (stages not reached are not named)',
    yaml: `${OWNERS}
  segments:
    - id: enterprise
      engagement: high-touch
    - id: strategic
      engagement: high-touch
  touchpoints:
    - id: welcome
      stage: land
      channel: email
      owner: bot
    - id: tips
      stage: adopt
      segments: [enterprise]
      channel: in-app
      owner: bot
    - id: renewal-reminder
      stage: renew
      channel: email
      owner: bot
    - id: renewal-call
      stage: renew
      segments: [strategic]
      channel: phone
      owner: csm
`,
    lines: [13, 15],
    messages: ['`enterprise` is reached only by automation in stages `land`, `adopt` and `renew`', '`strategic` is reached only by automation in stage `land`.'],
  },
  {
    name: "a segment without engagement falls back to the top-level engagement",
    yaml: `${OWNERS}
  engagement: high-touch
  segments:
    - id: enterprise
  touchpoints:
    - id: welcome
      stage: land
      channel: email
      owner: bot
`,
    lines: [14],
    messages: ['`enterprise`'],
  },
  {
    name: "valid: a segment's own engagement wins over the top-level one; low-touch and hybrid are not checked",
    yaml: `${OWNERS}
  engagement: high-touch
  segments:
    - id: smb
      engagement: low-touch
    - id: mid-market
      engagement: hybrid
  touchpoints:
    - id: welcome
      stage: land
      channel: email
      owner: bot
    - id: renewal-call
      stage: renew
      channel: phone
      owner: csm
`,
    lines: [],
  },
  {
    name: 'valid: an unknown owner or a missing owner does not make a stage automation-only',
    yaml: `${OWNERS}
  segments:
    - id: enterprise
      engagement: high-touch
  touchpoints:
    - id: welcome
      stage: land
      channel: email
      owner: bot
    - id: kickoff
      stage: land
      channel: meeting
      owner: cms
    - id: tips
      stage: adopt
      channel: in-app
      owner: bot
    - id: training
      stage: adopt
      channel: webinar
`,
    lines: [],
  },
  {
    name: 'no-touch reached by human- and team-owned touchpoints: one finding per touchpoint, on its owner',
    yaml: `${OWNERS}
  segments:
    - id: enterprise
      engagement: high-touch
    - id: self-serve
      engagement: no-touch
  touchpoints:
    - id: welcome
      stage: land
      channel: email
      owner: bot
    - id: kickoff
      stage: land
      channel: meeting
      owner: csm
    - id: renewal-call
      stage: renew
      segments: [enterprise, self-serve]
      channel: phone
      owner: cs-team
    - id: upsell
      stage: expand
      segments: [enterprise]
      channel: meeting
      owner: csm
`,
    lines: [25, 30],
    messages: ['Touchpoint `kickoff` gives no-touch segment `self-serve` to a person (`csm`)', 'Touchpoint `renewal-call` gives no-touch segment `self-serve` to a team (`cs-team`)'],
  },
  {
    name: 'no-touch from the top-level engagement; the message names every no-touch segment reached',
    yaml: `${OWNERS}
  engagement: no-touch
  segments:
    - id: trial
    - id: smb
    - id: enterprise
      engagement: high-touch
  touchpoints:
    - id: onboarding-call
      stage: land
      channel: video-call
      owner: csm
`,
    lines: [22],
    messages: ['no-touch segments `trial` and `smb` to a person'],
  },
  {
    name: 'a no-touch touchpoint with an invalid channel is still checked',
    yaml: `${OWNERS}
  segments:
    - id: self-serve
      engagement: no-touch
  touchpoints:
    - id: renewal-call
      stage: renew
      channel: carrier-pigeon
      owner: csm
`,
    lines: [19],
  },
  {
    name: 'both forms in one playbook, in file order',
    yaml: `${OWNERS}
  segments:
    - id: enterprise
      engagement: high-touch
    - id: self-serve
      engagement: no-touch
  touchpoints:
    - id: welcome
      stage: land
      channel: email
      owner: bot
    - id: renewal-call
      stage: renew
      channel: phone
      owner: csm
`,
    lines: [13, 25],
    messages: ['`land`', '`renewal-call`'],
  },
]);
