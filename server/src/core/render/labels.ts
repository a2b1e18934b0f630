/**
 * Short labels for findings on the journey map ("Over capacity", "Unknown owner"):
 * two to four words that say what is wrong where the badge sits; the full message
 * is in the popover and the findings panel. Also splits messages on Markdown code
 * spans so they can be drawn as code, never as raw backticks.
 */
import type { JourneyFinding, JourneyModel } from '../journey';
import { Child, h } from './tree';

const KIND_WORD: Record<string, string> = { stage: 'stage', segment: 'segment', owner: 'owner', trigger: 'trigger', touchpoint: 'touchpoint', kpi: 'KPI' };

function stageName(j: JourneyModel | undefined, id: unknown): string {
  const s = j?.stages.find((x) => x.id === id);
  return s?.name ?? String(id);
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The badge text of a finding: what is wrong, in a few words. */
export function findingLabel(f: JourneyFinding, j?: JourneyModel): string {
  const d = f.data ?? {};
  switch (f.ruleId) {
    case 'coverage-gap':
      return 'Not covered';
    case 'stage-without-touchpoint':
      return d.stage !== undefined ? `No touchpoint in ${stageName(j, d.stage)}` : 'No touchpoint';
    case 'segment-without-touchpoint':
      return 'No touchpoints';
    case 'touch-mismatch': {
      const stages = Array.isArray(d.stages) ? d.stages : [];
      if (stages.length === 1) return `Only automated in ${stageName(j, stages[0])}`;
      if (stages.length > 1) return `Only automated in ${count(stages.length, 'stage')}`;
      return 'Person on no-touch';
    }
    case 'owner-over-capacity':
      return 'Over capacity';
    case 'owner-over-hours':
      return 'Over its hours';
    case 'effort-without-hours':
      return 'No hours per week';
    case 'contact-fatigue':
      return 'Too many touches';
    case 'cadence-shorter-than-sla':
      return 'Cadence under SLA';
    case 'unknown-reference':
      return `Unknown ${KIND_WORD[String(d.kind)] ?? 'reference'}`;
    case 'duplicate-id':
      return 'Duplicate id';
    case 'unused-definition':
      return `Unused ${KIND_WORD[String(d.kind)] ?? 'definition'}`;
    case 'kpi-without-target':
      return 'No target';
    case 'kpi-unmeasured':
      return 'Not measured';
    case 'kpi-direction':
      return 'Wrong direction';
    case 'target-direction':
      return 'Target against direction';
    case 'escalation-cycle':
      return 'Escalation loop';
    case 'stage-not-in-framework':
      return 'Not in framework';
    case 'unused-suppression':
      return 'Unused suppression';
    case 'syntax':
      return 'Syntax error';
    case 'internal-error':
      return 'Rule crashed';
    case 'schema':
      if (typeof d.missingKey === 'string') return `Missing ${d.missingKey}`;
      if (typeof d.unknownKey === 'string') return 'Unknown key';
      if (Array.isArray(d.allowed)) return 'Value not allowed';
      return 'Invalid value';
    default:
      return f.ruleId.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());
  }
}

/** A message as text and `<code>` elements: `a` and ``b`` spans become code; an unpaired backtick stays text. */
export function messageNodes(message: string): Child[] {
  const out: Child[] = [];
  const re = /(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/g;
  let last = 0;
  for (let m = re.exec(message); m; m = re.exec(message)) {
    if (m.index > last) out.push(message.slice(last, m.index));
    out.push(h('code', {}, m[2].trim() === '' ? m[2] : m[2].replace(/^ (.*) $/, '$1')));
    last = m.index + m[0].length;
  }
  if (last < message.length) out.push(message.slice(last));
  return out;
}

/** A message with its code spans' backticks removed (for `title` attributes and plain-text exports). */
export function plainMessage(message: string): string {
  return messageNodes(message)
    .map((c) => (typeof c === 'string' ? c : (c.children[0] as string)))
    .join('');
}
