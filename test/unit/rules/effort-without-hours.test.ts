import { ruleTable } from '../helpers';

/** Line 5 is `csm`'s id; line 7 is `am`'s. */
const HEAD = (csmHours = '') => `
  playbook: demo
  title: Demo
  framework: laer
  owners:
    - id: csm
      type: team${csmHours}
    - id: am
      type: human
    - id: bot
      type: automation
    - id: nobody
  segments:
    - id: enterprise
      size: 10
`;

const tp = (id: string, owner: string, effort = '\n      effort: 30min') => `
    - id: ${id}
      stage: land
      channel: meeting
      owner: ${owner}${effort}`;

ruleTable('effort-without-hours', [
  { name: 'valid: no effort anywhere (a v1 playbook)', yaml: `${HEAD()}\n  touchpoints:${tp('kickoff', 'csm', '')}`, lines: [] },
  { name: 'valid: the owner has hoursPerWeek', yaml: `${HEAD('\n      hoursPerWeek: 20')}\n  touchpoints:${tp('kickoff', 'csm')}`, lines: [] },
  {
    name: 'a team and a person with effort and no hoursPerWeek: one finding each, on the id, naming the touchpoints',
    yaml: `${HEAD()}\n  touchpoints:${tp('kickoff', 'csm')}${tp('review', 'csm')}${tp('call', 'am')}`,
    lines: [5, 7],
    messages: ['Owner `csm` owns touchpoints with an effort (`kickoff`, `review`) but has no hoursPerWeek', 'Owner `am` owns touchpoints with an effort (`call`)'],
  },
  { name: 'one finding per owner, whatever the workload (zero here: once, no newPerMonth)', yaml: `${HEAD()}\n  touchpoints:${tp('kickoff', 'csm', '\n      effort: 2h\n      cadence: once')}`, lines: [5] },
  { name: 'automation owners never: no workload', yaml: `${HEAD()}\n  touchpoints:${tp('mail', 'bot')}`, lines: [] },
  { name: 'an owner without type has no workload either', yaml: `${HEAD()}\n  touchpoints:${tp('mail', 'nobody')}`, lines: [] },
  { name: 'an unknown owner: nothing here (unknown-reference says it)', yaml: `${HEAD()}\n  touchpoints:${tp('mail', 'ghost')}`, lines: [] },
]);
