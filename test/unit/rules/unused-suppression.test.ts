import { ruleTable } from '../helpers';

/** Lines 1-12; the case's own lines start at 13. */
const HEAD = `
  playbook: customer-lifecycle
  title: Customer lifecycle
  stages:
    - id: onboarding
    - id: renewal
  owners:
    - id: csm-team
      type: team
    - id: lifecycle-emails
      type: automation
  segments:
    - id: enterprise`;

/** smb is covered in onboarding only (a coverage-gap on it); renewal-call is for enterprise. */
const TOUCHPOINTS = `
  touchpoints:
    - id: welcome-email
      stage: onboarding
      channel: email
      owner: lifecycle-emails
    - id: renewal-call
      stage: renewal
      segments: [enterprise]
      channel: phone
      owner: csm-team
`;

/** The coverage-gap on smb (line 14) is silenced by the comment on line 13. */
const SILENCED = `${HEAD}
    # playbook-disable-next-line coverage-gap -- SMB renews through billing
    - id: smb${TOUCHPOINTS}`;

ruleTable('unused-suppression', [
  {
    name: 'valid: a suppression that silences a finding is not reported',
    yaml: SILENCED,
    lines: [],
  },
  {
    name: 'valid: a suppression listing two rules that both silence a finding',
    yaml: `${HEAD}
    # playbook-disable-next-line coverage-gap, touch-mismatch -- SMB renews through billing
    - id: smb
      engagement: high-touch${TOUCHPOINTS}`,
    lines: [],
  },
  {
    name: 'a stale suppression: the rule reports nothing on the next line any more',
    yaml: `${SILENCED}    - id: renewal-reminder
      stage: renewal
      segments: [smb]
      channel: email
      owner: lifecycle-emails
`,
    lines: [13],
    messages: ['Unused suppression: `coverage-gap` reports nothing on the next line. Remove the comment.'],
  },
  {
    name: 'a partly stale suppression names the rule that silenced nothing',
    yaml: `${HEAD}
    # playbook-disable-next-line coverage-gap, touch-mismatch -- SMB renews through billing
    - id: smb${TOUCHPOINTS}`,
    lines: [13],
    messages: ['Unused suppression: `touch-mismatch` reports nothing on the next line. Remove those ids from the comment.'],
  },
  {
    name: 'an unknown rule id',
    yaml: `${HEAD}
    # playbook-disable-next-line coverage-gaps -- SMB renews through billing
    - id: smb${TOUCHPOINTS}`,
    lines: [13],
    messages: ['`coverage-gaps` is not a rule id'],
  },
  {
    name: 'schema cannot be suppressed',
    yaml: `${HEAD}
    - id: smb${TOUCHPOINTS}    - id: renewal-letter
      stage: renewal
      segments: [smb]
      # playbook-disable-next-line schema -- we still send letters
      channel: carrier-pigeon
      owner: lifecycle-emails
`,
    lines: [27],
    messages: ['`schema` cannot be turned off'],
  },
  {
    name: 'a suppression that names no rule',
    yaml: `${HEAD}
    # playbook-disable-next-line -- SMB renews through billing
    - id: smb${TOUCHPOINTS}`,
    lines: [13],
    messages: ['names no rule'],
  },
  {
    name: 'a suppression above another suppression silences nothing',
    yaml: `${HEAD}
    # playbook-disable-next-line coverage-gap -- SMB renews through billing
    # playbook-disable-next-line coverage-gap -- really
    - id: smb${TOUCHPOINTS}`,
    lines: [13],
  },
  {
    name: 'suppressing unused-suppression does not help: both comments are reported',
    yaml: `${HEAD}
    # playbook-disable-next-line unused-suppression -- keep it for now
    # playbook-disable-next-line touch-mismatch -- SMB renews through billing
    - id: smb${TOUCHPOINTS}`,
    lines: [13, 14],
    messages: ['`unused-suppression` reports nothing on the next line', '`touch-mismatch` reports nothing on the next line'],
  },
  {
    name: 'valid: the directive inside a quoted value is not a comment',
    yaml: `${HEAD}
      description: "not # playbook-disable-next-line coverage-gap"
    - id: smb${TOUCHPOINTS}`,
    lines: [],
  },
  {
    name: "a rule turned off by the playbook's rules map reports nothing, so its suppression is stale",
    yaml: `${SILENCED}  rules:
    coverage-gap: off
`,
    lines: [13],
    messages: ['`coverage-gap` reports nothing on the next line'],
  },
  {
    name: "turned off by the playbook's rules map",
    yaml: `${SILENCED}  rules:
    coverage-gap: off
    unused-suppression: off
`,
    lines: [],
  },
  {
    name: 'turned off in .playbookrc (options.rules)',
    yaml: `${SILENCED}  rules:
    coverage-gap: off
`,
    options: { rules: { 'unused-suppression': 'off' } },
    lines: [],
  },
  {
    name: "the playbook's own rules win over .playbookrc",
    yaml: `${SILENCED}  rules:
    coverage-gap: off
    unused-suppression: warning
`,
    options: { rules: { 'unused-suppression': 'off', 'coverage-gap': 'info' } },
    lines: [13],
  },
]);
