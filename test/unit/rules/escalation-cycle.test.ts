import { ruleTable } from '../helpers';

/** Lines 1-10; `touchpoints:` is on line 12, the first touchpoint's id on line 13. */
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
    - id: all
`;

/** A touchpoint in five lines (id, stage, channel, owner, escalatesTo), or four without escalation. */
const tp = (id: string, escalatesTo?: string) =>
  `    - id: ${id}\n      stage: adopt\n      channel: email\n      owner: bot\n${escalatesTo ? `      escalatesTo: ${escalatesTo}\n` : ''}`;

ruleTable('escalation-cycle', [
  {
    name: 'valid: a chain that ends',
    yaml: `${HEAD}
  touchpoints:
${tp('email', 'call')}${tp('call', 'exec')}${tp('exec')}`,
    lines: [],
  },
  {
    name: 'a touchpoint escalating to itself',
    yaml: `${HEAD}
  touchpoints:
${tp('email', 'email')}`,
    lines: [17],
    messages: ['Escalation loop: `email` → `email`'],
  },
  {
    name: 'two touchpoints escalating to each other: both escalatesTo values',
    yaml: `${HEAD}
  touchpoints:
${tp('email', 'call')}${tp('call', 'email')}`,
    lines: [17, 22],
    messages: ['`email` → `call` → `email`', '`email` → `call` → `email`'],
  },
  {
    name: 'a loop of three gives three findings',
    yaml: `${HEAD}
  touchpoints:
${tp('a', 'b')}${tp('b', 'c')}${tp('c', 'a')}`,
    lines: [17, 22, 27],
    messages: ['`a` → `b` → `c` → `a`', '`a` → `b` → `c` → `a`', '`a` → `b` → `c` → `a`'],
  },
  {
    name: 'a chain leading into a cycle: only the cycle is reported, not the entry',
    yaml: `${HEAD}
  touchpoints:
${tp('entry', 'a')}${tp('a', 'b')}${tp('b', 'a')}`,
    lines: [22, 27],
  },
  {
    name: 'a touchpoint listed after the cycle that escalates into it is not reported',
    yaml: `${HEAD}
  touchpoints:
${tp('a', 'b')}${tp('b', 'a')}${tp('entry', 'b')}`,
    lines: [17, 22],
  },
  {
    name: 'valid: an escalatesTo naming an unknown touchpoint is not a cycle',
    yaml: `${HEAD}
  touchpoints:
${tp('a', 'b')}${tp('b', 'c')}`,
    lines: [],
  },
  {
    name: 'two separate cycles are all reported',
    yaml: `${HEAD}
  touchpoints:
${tp('a', 'a')}${tp('b', 'c')}${tp('c', 'b')}`,
    lines: [17, 22, 27],
  },
  {
    name: 'escalatesTo resolves to the first of repeated ids: a repeat escalating to "itself" is not a loop',
    yaml: `${HEAD}
  touchpoints:
${tp('a', 'b')}${tp('b')}${tp('a', 'a')}`,
    lines: [],
  },
  {
    name: 'a repeated touchpoint escalating into a cycle is not part of it',
    yaml: `${HEAD}
  touchpoints:
${tp('a', 'b')}${tp('b', 'a')}${tp('b', 'a')}`,
    lines: [17, 22],
  },
  {
    name: 'a touchpoint with an invalid channel still takes part in a cycle',
    yaml: `${HEAD}
  touchpoints:
    - id: email
      stage: adopt
      channel: carrier-pigeon
      owner: bot
      escalatesTo: call
    - id: call
      stage: adopt
      channel: phone
      escalatesTo: email
`,
    lines: [17, 21],
  },
]);
