import { ruleTable } from '../helpers';

/** Lines 1-9: `csm` has `capacity: 100` on line 7; `segments:` is on line 11. */
const HEAD = `
  playbook: demo
  title: Demo
  framework: laer
  owners:
    - id: csm
      type: human
      capacity: 100
    - id: bot
      type: automation
`;

const TOUCHPOINTS = `
  touchpoints:
    - id: welcome
      stage: land
      channel: email
      owner: bot
`;

ruleTable('owner-over-capacity', [
  {
    name: 'valid: a load equal to the capacity is fine',
    yaml: `${HEAD}
  segments:
    - id: enterprise
      owner: csm
      size: 60
    - id: mid-market
      owner: csm
      size: 40
${TOUCHPOINTS}`,
    lines: [],
  },
  {
    name: 'the summed size exceeds the capacity: on the capacity, with the numbers',
    yaml: `${HEAD}
  segments:
    - id: enterprise
      owner: csm
      size: 80
    - id: mid-market
      owner: csm
      size: 40
${TOUCHPOINTS}`,
    lines: [7],
    messages: ['Owner `csm` is accountable for 120 accounts (enterprise: 80, mid-market: 40) but can carry 100 (capacity 100 × headcount 1)'],
  },
  {
    name: 'valid: capacity × headcount is the limit',
    yaml: `
  playbook: demo
  title: Demo
  framework: laer
  owners:
    - id: csm
      type: human
      capacity: 40
      headcount: 3
  segments:
    - id: enterprise
      owner: csm
      size: 100
    - id: mid-market
      owner: csm
      size: 20
${TOUCHPOINTS}`,
    lines: [],
  },
  {
    name: 'over capacity × headcount',
    yaml: `
  playbook: demo
  title: Demo
  framework: laer
  owners:
    - id: csm
      type: human
      capacity: 40
      headcount: 3
  segments:
    - id: enterprise
      owner: csm
      size: 100
    - id: mid-market
      owner: csm
      size: 30
${TOUCHPOINTS}`,
    lines: [7],
    messages: ['accountable for 130 accounts (enterprise: 100, mid-market: 30) but can carry 120 (capacity 40 × headcount 3)'],
  },
  {
    name: 'segments without size count 0',
    yaml: `${HEAD}
  segments:
    - id: enterprise
      owner: csm
      size: 101
    - id: smb
      owner: csm
${TOUCHPOINTS}`,
    lines: [7],
    messages: ['accountable for 101 accounts (enterprise: 101) but can carry 100'],
  },
  {
    name: 'valid: owners without capacity are not checked; unsized segments weigh nothing',
    yaml: `
  playbook: demo
  title: Demo
  framework: laer
  owners:
    - id: csm
      type: human
    - id: am
      type: human
      capacity: 10
  segments:
    - id: enterprise
      owner: csm
      size: 5000
    - id: smb
      owner: am
    - id: trial
      owner: am
${TOUCHPOINTS}`,
    lines: [],
  },
  {
    name: "valid: only a segment's owner counts, not owning touchpoints; an unknown segment owner counts for nothing",
    yaml: `${HEAD}
  segments:
    - id: enterprise
      owner: cms
      size: 500
    - id: smb
      size: 3000
  touchpoints:
    - id: kickoff
      stage: land
      channel: meeting
      owner: csm
`,
    lines: [],
  },
  {
    name: 'each owner over capacity is reported',
    yaml: `${HEAD}
      capacity: 1000
  segments:
    - id: enterprise
      owner: csm
      size: 150
    - id: smb
      owner: bot
      size: 2500
${TOUCHPOINTS}`,
    lines: [7, 11],
    messages: ['`csm` is accountable for 150 accounts', '`bot` is accountable for 2500 accounts (smb: 2500) but can carry 1000'],
  },
  {
    name: 'segments resolve their owner to the first of repeated ids',
    yaml: `${HEAD}
    - id: csm
      type: human
      capacity: 10
  segments:
    - id: enterprise
      owner: csm
      size: 50
${TOUCHPOINTS}`,
    lines: [],
  },
  {
    name: 'a segment with a malformed field still counts its size',
    yaml: `${HEAD}
  segments:
    - id: enterprise
      owner: csm
      engagement: white-glove
      size: 150
${TOUCHPOINTS}`,
    lines: [7],
    messages: ['accountable for 150 accounts'],
  },
  {
    name: 'a malformed (negative) size is left out: it counts 0 and does not hide an overload',
    yaml: `${HEAD}
  segments:
    - id: enterprise
      owner: csm
      size: 150
    - id: smb
      owner: csm
      size: -100
${TOUCHPOINTS}`,
    lines: [7],
    messages: ['accountable for 150 accounts'],
  },
]);
