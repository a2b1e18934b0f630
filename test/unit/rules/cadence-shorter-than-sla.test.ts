import { ruleTable } from '../helpers';

const HEAD = `
  playbook: demo
  title: Demo
  framework: laer
  owners:
    - id: csm
      type: human
  segments:
    - id: enterprise
  triggers:
    - id: weekly
      type: schedule
      every: 1w
    - id: renewal
      type: date
      field: renewal_date
      offset: -90d
  touchpoints:
    - id: review
      stage: adopt
      channel: meeting
      owner: csm
`;

/** The touchpoint's own fields from line 22 on (`within` on line 23). */
const with_ = (fields: string) => `${HEAD}${fields
  .split('\n')
  .map((l) => `      ${l}`)
  .join('\n')}
`;

ruleTable('cadence-shorter-than-sla', [
  { name: 'valid: monthly, within a week', yaml: with_('cadence: 1mo\nwithin: 1w'), lines: [] },
  { name: 'every week, within 2 weeks: on within', yaml: with_('cadence: 1w\nwithin: 2w'), lines: [23], messages: ['Touchpoint `review` comes round every 1w (its cadence) but has 2w to happen'] },
  { name: 'durations are compared in hours: 1w equals 7d, and equal never fires', yaml: with_('cadence: 1w\nwithin: 7d'), lines: [] },
  { name: '24h is shorter than 2d', yaml: with_('cadence: 24h\nwithin: 2d'), lines: [23] },
  { name: 'a schedule trigger gives the cadence', yaml: with_('trigger: weekly\nwithin: 1mo'), lines: [23], messages: ['every 1w (the schedule of its trigger)'] },
  { name: 'a date trigger is yearly: within 2y fires, within 1q does not', yaml: with_('trigger: renewal\nwithin: 2y'), lines: [23] },
  { name: 'a date trigger and a short within', yaml: with_('trigger: renewal\nwithin: 1q'), lines: [] },
  { name: '`once` is never compared', yaml: with_('cadence: once\nwithin: 1y'), lines: [] },
  { name: 'a zero-length cadence is a duration shorter than any within above zero: it fires', yaml: with_('cadence: 0d\nwithin: 1d'), lines: [23] },
  { name: 'no cadence and no schedule or date trigger: once', yaml: with_('within: 1y'), lines: [] },
]);
