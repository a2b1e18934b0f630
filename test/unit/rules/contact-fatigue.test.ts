import { ruleTable } from '../helpers';

/** Line 9 is `smb`'s `maxTouchesPerMonth` (4). A touch every 1w is 730.56 ÷ 168 = 4.35 a month. */
const HEAD = (max = '4') => `
  playbook: demo
  title: Demo
  framework: laer
  owners:
    - id: bot
      type: automation
  segments:
    - id: smb
      maxTouchesPerMonth: ${max}
    - id: enterprise
  triggers:
    - id: weekly
      type: schedule
      every: 1w
    - id: renewal
      type: date
      field: renewal_date
      offset: -30d
  touchpoints:
`;

const tp = (id: string, fields: string, segments = '') => `    - id: ${id}
      stage: adopt
      channel: email
      owner: bot${segments}
${fields
  .split('\n')
  .map((l) => `      ${l}`)
  .join('\n')}
`;

ruleTable('contact-fatigue', [
  { name: 'valid: a monthly newsletter, under 4', yaml: `${HEAD()}${tp('news', 'cadence: 1mo')}`, lines: [] },
  {
    name: 'weekly is 4.35 a month, over 4: on maxTouchesPerMonth, rounded to one decimal',
    yaml: `${HEAD()}${tp('digest', 'cadence: 1w')}`,
    lines: [9],
    messages: ['Segment `smb` gets 4.3 touches a month per account, more than its maxTouchesPerMonth of 4: `digest` (4.3 a month)'],
  },
  { name: 'a schedule trigger gives the cadence', yaml: `${HEAD()}${tp('digest', 'trigger: weekly')}`, lines: [9] },
  {
    name: 'touches add up, the most frequent first; a date trigger is yearly',
    yaml: `${HEAD('2')}${tp('news', 'cadence: 1mo')}${tp('tips', 'cadence: 2w')}${tp('renewal', 'trigger: renewal')}`,
    lines: [9],
    messages: ['gets 3.3 touches a month per account, more than its maxTouchesPerMonth of 2: `tips` (2.2 a month), `news` (1 a month), `renewal` (0.1 a month)'],
  },
  { name: '`once` touchpoints are not recurring: never touches', yaml: `${HEAD('1')}${tp('welcome', 'cadence: once')}${tp('hello', 'effort: 5min')}`, lines: [] },
  { name: 'only touchpoints that reach the segment count', yaml: `${HEAD()}${tp('digest', 'cadence: 1w', '\n      segments: [enterprise]')}`, lines: [] },
  { name: 'equal never fires: monthly × 4 for a maximum of 4', yaml: `${HEAD()}${tp('a', 'cadence: 1mo')}${tp('b', 'cadence: 1mo')}${tp('c', 'cadence: 1mo')}${tp('d', 'cadence: 1mo')}`, lines: [] },
  { name: 'daily messages', yaml: `${HEAD('20')}${tp('push', 'cadence: 1d')}`, lines: [9], messages: ['gets 30.4 touches a month'] },
  { name: 'hours: every 12h is 60.9 a month', yaml: `${HEAD('60')}${tp('push', 'cadence: 12h')}`, lines: [9], messages: ['gets 60.9 touches a month'] },
]);
