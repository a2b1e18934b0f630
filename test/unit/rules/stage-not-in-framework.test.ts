import { ruleTable } from '../helpers';

/** Owners, segments and touchpoints after the stages (no line numbers depend on it). */
const TAIL = `
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

ruleTable('stage-not-in-framework', [
  {
    name: 'valid: entries refine stages of the built-in framework',
    yaml: `
  playbook: demo
  title: Demo
  framework: laer
  stages:
    - id: land
      name: Land
      goal: The customer signs
    - id: renew
      exitCriteria: Contract renewed
${TAIL}`,
    lines: [],
  },
  {
    name: 'an entry that is not a stage of the framework is reported on its id, with the closest stage',
    yaml: `
  playbook: demo
  title: Demo
  framework: laer
  stages:
    - id: land
    - id: renewal
      name: Renewal
${TAIL}`,
    lines: [6],
    messages: ['Stage `renewal` is not a stage of the `laer` framework (`land`, `adopt`, `expand`, `renew`), so it is ignored. Did you mean `renew`?'],
  },
  {
    name: 'every entry outside the framework is reported',
    yaml: `
  playbook: demo
  title: Demo
  framework: aarrr
  stages:
    - id: acquisition
    - id: onboarding
    - id: activation
    - id: churn
  owners:
    - id: bot
      type: automation
  segments:
    - id: all
  touchpoints:
    - id: welcome
      stage: activation
      channel: email
      owner: bot
`,
    lines: [6, 8],
    messages: ['`onboarding` is not a stage of the `aarrr` framework', '`churn` is not a stage of the `aarrr` framework'],
  },
  {
    name: 'other built-in frameworks: four-stage',
    yaml: `
  playbook: demo
  title: Demo
  framework: four-stage
  stages:
    - id: awareness
  owners:
    - id: bot
      type: automation
  segments:
    - id: all
  touchpoints:
    - id: ad
      stage: aware
      channel: social
      owner: bot
`,
    lines: [5],
    messages: ['Did you mean `aware`?'],
  },
  {
    name: 'valid: framework custom defines its own stages',
    yaml: `
  playbook: demo
  title: Demo
  framework: custom
  stages:
    - id: land
    - id: renewal
${TAIL}`,
    lines: [],
  },
  {
    name: 'valid: without a framework, stages define the lifecycle',
    yaml: `
  playbook: demo
  title: Demo
  stages:
    - id: land
    - id: onboarding
${TAIL}`,
    lines: [],
  },
  {
    name: 'an entry with a malformed field is still checked',
    yaml: `
  playbook: demo
  title: Demo
  framework: laer
  stages:
    - id: onboarding
      name: [Onboarding]
${TAIL}`,
    lines: [5],
  },
  {
    name: 'valid: an unknown framework is a schema error, not this rule',
    yaml: `
  playbook: demo
  title: Demo
  framework: lear
  stages:
    - id: land
    - id: onboarding
${TAIL}`,
    lines: [],
  },
  {
    name: "turned off by the playbook's rules map",
    yaml: `
  playbook: demo
  title: Demo
  framework: laer
  stages:
    - id: renewal
  rules:
    stage-not-in-framework: off
${TAIL}`,
    lines: [],
  },
]);
