import { ruleTable } from '../helpers';

/**
 * Line 7 is `csm`'s `hoursPerWeek`. Available: 10 h a week × 2 people × 52 ÷ 12 = 86.67 h a month.
 * Units: mo = 730.56 h; a cadence in months is its hours ÷ 730.56.
 */
const owners = (hoursPerWeek = '10', headcount = '\n      headcount: 2') => `
  playbook: demo
  title: Demo
  framework: laer
  owners:
    - id: csm
      type: team
      hoursPerWeek: ${hoursPerWeek}${headcount}
    - id: bot
      type: automation
  triggers:
    - id: monthly
      type: schedule
      every: 1mo
    - id: renewal
      type: date
      field: renewal_date
      offset: -90d
`;

const segments = (size = 'size: 80', extra = '') => `
  segments:
    - id: enterprise
      owner: csm
      ${size}${extra}
`;

const touchpoint = (fields: string, owner = 'csm') => `
  touchpoints:
    - id: review
      stage: adopt
      channel: video-call
      owner: ${owner}
${fields
  .split('\n')
  .map((l) => `      ${l}`)
  .join('\n')}
`;

ruleTable('owner-over-hours', [
  { name: 'valid: no workload keys at all (a v1 playbook)', yaml: `${owners()}${segments()}${touchpoint('cadence: 1mo')}`, lines: [] },
  { name: 'valid: 80 accounts × 1 h monthly = 80 h, under 86.67 h', yaml: `${owners()}${segments()}${touchpoint('cadence: 1mo\neffort: 1h')}`, lines: [] },
  {
    name: '90 accounts × 1 h monthly = 90 h, over 86.67 h: on hoursPerWeek, figures rounded to whole hours, the costliest touchpoint named',
    yaml: `${owners()}${segments('size: 90')}${touchpoint('cadence: 1mo\neffort: 1h')}`,
    lines: [7],
    messages: ['has 90 hours of work a month in this playbook but 87 available (hoursPerWeek 10 × headcount 2 × 52 ÷ 12). Costliest: `review` (90 h).'],
  },
  { name: 'the effective cadence of a schedule trigger (every 1mo) counts like cadence: 1mo', yaml: `${owners()}${segments('size: 90')}${touchpoint('trigger: monthly\neffort: 1h')}`, lines: [7] },
  { name: 'a date trigger means yearly: 90 accounts × 12 h ÷ 12 = 90 h', yaml: `${owners()}${segments('size: 90')}${touchpoint('trigger: renewal\neffort: 12h')}`, lines: [7] },
  { name: 'minutes: 90 accounts × 60min monthly = 90 h', yaml: `${owners()}${segments('size: 90')}${touchpoint('cadence: 1mo\neffort: 60min')}`, lines: [7] },
  { name: 'weeks: 20 accounts × 1 h every 1w = 86.97 h, over 86.67 h', yaml: `${owners()}${segments('size: 20')}${touchpoint('cadence: 1w\neffort: 1h')}`, lines: [7] },
  { name: 'days: 3 accounts × 1 h every 1d = 91.32 h', yaml: `${owners()}${segments('size: 3')}${touchpoint('cadence: 1d\neffort: 1h')}`, lines: [7] },
  { name: 'hours: 1 account × 1 h every 8h = 91.32 h', yaml: `${owners()}${segments('size: 1')}${touchpoint('cadence: 8h\neffort: 1h')}`, lines: [7] },
  { name: '`once` counts newPerMonth: 9 new accounts × 10 h = 90 h', yaml: `${owners()}${segments('size: 500', '\n      newPerMonth: 9')}${touchpoint('cadence: once\neffort: 10h')}`, lines: [7] },
  { name: '`once` without newPerMonth: no occurrence, whatever the size', yaml: `${owners()}${segments('size: 5000')}${touchpoint('cadence: once\neffort: 10h')}`, lines: [] },
  { name: 'no cadence and no schedule or date trigger: `once`', yaml: `${owners()}${segments('size: 5000')}${touchpoint('effort: 10h')}`, lines: [] },
  { name: 'a segment without size counts 0 accounts for a recurring touchpoint', yaml: `${owners()}${segments('name: Enterprise')}${touchpoint('cadence: 1w\neffort: 10h')}`, lines: [] },
  { name: '`once` uses newPerMonth also without size: 9 × 10 h', yaml: `${owners()}${segments('name: Enterprise', '\n      newPerMonth: 9')}${touchpoint('cadence: once\neffort: 10h')}`, lines: [7] },
  { name: 'headcount defaults to 1: 10 × 52 ÷ 12 = 43.33 h, under 90 h of work', yaml: `${owners('10', '')}${segments('size: 45')}${touchpoint('cadence: 1mo\neffort: 1h')}`, lines: [7], messages: ['43 available (hoursPerWeek 10 × headcount 1'] },
  { name: 'automation owners have no workload, whatever effort says', yaml: `${owners()}${segments('size: 5000')}${touchpoint('cadence: 1d\neffort: 5h', 'bot')}`, lines: [] },
  { name: 'equal never fires: 52 accounts × 1 h monthly = 52 h for 12 × 1 × 52 ÷ 12 = 52 h', yaml: `${owners('12', '')}${segments('size: 52')}${touchpoint('cadence: 1mo\neffort: 1h')}`, lines: [] },
  { name: 'one account more fires: 53 h for 52 h', yaml: `${owners('12', '')}${segments('size: 53')}${touchpoint('cadence: 1mo\neffort: 1h')}`, lines: [7] },
]);
