import { ruleTable } from '../helpers';

/** Lines 1-13; `kpis:` is on line 15, the first KPI's id on line 16. */
const HEAD = `
  playbook: demo
  title: Demo
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
`;

ruleTable('target-direction', [
  {
    name: 'valid: increase with the target above the baseline, decrease with it below',
    yaml: `${HEAD}
  kpis:
    - id: nps
      metric: nps
      direction: increase
      baseline: 30
      target: 45
    - id: churn
      metric: churn-rate
      direction: decrease
      baseline: 8
      target: 5
`,
    lines: [],
  },
  {
    name: 'increase with the target below the baseline: on the target, with both numbers',
    yaml: `${HEAD}
  kpis:
    - id: nps
      metric: nps
      direction: increase
      baseline: 40
      target: 30
`,
    lines: [20],
    messages: ['KPI `nps` should increase from its baseline 40, but its target 30 is lower'],
  },
  {
    name: 'decrease with the target above the baseline',
    yaml: `${HEAD}
  kpis:
    - id: time-to-first-value
      metric: time-to-value
      unit: days
      direction: decrease
      baseline: 21
      target: 30
`,
    lines: [21],
    messages: ['should decrease from its baseline 21, but its target 30 is higher'],
  },
  {
    name: 'valid: a target equal to the baseline is not flagged',
    yaml: `${HEAD}
  kpis:
    - id: nps
      metric: nps
      direction: increase
      baseline: 40
      target: 40
    - id: churn
      metric: churn-rate
      direction: decrease
      baseline: 8
      target: 8
`,
    lines: [],
  },
  {
    name: 'valid: only checked with direction, target and baseline all present',
    yaml: `${HEAD}
  kpis:
    - id: no-direction
      metric: nps
      baseline: 40
      target: 30
    - id: no-baseline
      metric: nps
      direction: increase
      target: 30
    - id: no-target
      metric: nps
      direction: increase
      baseline: 40
`,
    lines: [],
  },
  {
    name: 'the direction as written is used for every metric, including ces and custom',
    yaml: `${HEAD}
  kpis:
    - id: effort
      metric: ces
      direction: decrease
      baseline: 3
      target: 4
    - id: tickets
      metric: custom
      direction: increase
      baseline: 100
      target: 80
`,
    lines: [20, 25],
    messages: ['`effort` should decrease', '`tickets` should increase'],
  },
  {
    name: 'valid: the direction as written is used even when it contradicts the metric',
    yaml: `${HEAD}
  kpis:
    - id: churn
      metric: churn-rate
      direction: increase
      baseline: 5
      target: 6
`,
    lines: [],
  },
  {
    name: 'decimal and negative numbers',
    yaml: `${HEAD}
  kpis:
    - id: conversion
      metric: conversion-rate
      direction: increase
      baseline: 0.5
      target: 0.45
    - id: nps
      metric: nps
      direction: increase
      baseline: -10
      target: -20
    - id: nps-up
      metric: nps
      direction: increase
      baseline: -10
      target: 5
`,
    lines: [20, 25],
    messages: ['target 0.45 is lower', 'baseline -10, but its target -20'],
  },
  {
    name: 'valid: a malformed target or baseline is left to the schema',
    yaml: `${HEAD}
  kpis:
    - id: nps
      metric: nps
      direction: increase
      baseline: forty
      target: 30
`,
    lines: [],
  },
]);
