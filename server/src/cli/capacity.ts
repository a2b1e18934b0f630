/**
 * `playbook capacity FILE`: the hours a playbook asks of each owner a month and how often each
 * segment's accounts are contacted (FORMAT.md, "Workload and cadence (format v1.1)"), as a
 * table, JSON or Markdown. The exit code follows the file's findings, as for `validate`.
 */
import { accountsOf, PlaybookModel } from '../core/model';
import { SEVERITY_RANK, Severity } from '../core/types';
import { ownerWorkloads, segmentTouches, shown } from '../core/workload';
import { UsageError } from '../host/files';
import type { CliIO } from './main';
import { analyseOnePlaybook, parses } from './onePlaybook';
import { plural } from './report';

export interface CapacityReport {
  file: string;
  owners: {
    id: string | null;
    name: string | null;
    type: string | null;
    headcount: number;
    /** Summed `size` of the segments it is accountable for. */
    accounts: number;
    /** Hours a month (only `human` and `team` owners have workload). */
    workload: number;
    /** Hours a month; null without `hoursPerWeek` (or for automation). */
    available: number | null;
    /** Workload ÷ available, in %; null without available hours. */
    utilisation: number | null;
    /** The touchpoints that cost most (up to three), hours a month. */
    top: { touchpoint: string | null; hours: number }[];
  }[];
  segments: { id: string | null; name: string | null; touchesPerMonth: number; maxTouchesPerMonth: number | null }[];
  findings: Record<Severity, number>;
}

const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

export function capacityReport(file: string, model: PlaybookModel, findings: Record<Severity, number>): CapacityReport {
  const workloads = new Map(ownerWorkloads(model).map((w) => [w.owner, w]));
  const owners = model.owners.map((o) => {
    const w = workloads.get(o);
    const accounts = accountsOf(model, o);
    const available = w?.available;
    return {
      id: o.id ?? null,
      name: o.name ?? null,
      type: o.type ?? null,
      headcount: o.headcount,
      accounts,
      workload: round(w?.workload ?? 0),
      available: available === undefined ? null : round(available),
      utilisation: available ? round(((w?.workload ?? 0) / available) * 100, 1) : null,
      top: (w?.costs ?? []).slice(0, 3).map((c) => ({ touchpoint: c.touchpoint.id ?? null, hours: round(c.hours) })),
    };
  });
  const segments = segmentTouches(model).map((st) => ({ id: st.segment.id ?? null, name: st.segment.name ?? null, touchesPerMonth: round(st.touches), maxTouchesPerMonth: st.segment.maxTouchesPerMonth ?? null }));
  return { file, owners, segments, findings };
}

/** Columns padded to their widest cell. */
function table(rows: string[][], right: Set<number>): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (right.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd()).join('\n');
}

const hours = (n: number | null) => (n === null ? '—' : `${shown(n, 0)} h`);
const topText = (top: CapacityReport['owners'][number]['top']) => top.map((t) => `${t.touchpoint ?? '?'} (${shown(t.hours, 0)} h)`).join(', ') || '—';

function textFormat(r: CapacityReport): string {
  const owners = table(
    [['owner', 'type', 'headcount', 'accounts', 'workload/mo', 'available/mo', 'utilisation', 'costliest touchpoints'], ...r.owners.map((o) => [o.id ?? '?', o.type ?? '—', String(o.headcount), String(o.accounts), o.type === 'automation' ? '—' : hours(o.workload), hours(o.available), o.utilisation === null ? '—' : `${shown(o.utilisation, 0)} %${o.utilisation > 100 ? ' !' : ''}`, topText(o.top)])],
    new Set([2, 3, 4, 5, 6]),
  );
  const segments = table([['segment', 'touches/mo', 'max/mo'], ...r.segments.map((s) => [s.id ?? '?', shown(s.touchesPerMonth, 1), s.maxTouchesPerMonth === null ? '—' : shown(s.maxTouchesPerMonth, 2)])], new Set([1, 2]));
  const total = r.owners.reduce((n, o) => n + (o.type === 'automation' ? 0 : o.workload), 0);
  return `${r.file}\n\n${owners}\n\n${segments}\n\n${shown(total, 0)} person-hours a month in total · ${findingsLine(r.findings)}\n`;
}

function findingsLine(f: Record<Severity, number>): string {
  const all = f.error + f.warning + f.info;
  return all ? `${plural(all, 'finding')} (${plural(f.error, 'error')}, ${plural(f.warning, 'warning')}, ${f.info} info): see playbook validate` : 'no findings';
}

function markdownFormat(r: CapacityReport): string {
  const cell = (s: string) => s.replace(/[\\`*_[\]<>|]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : `\\${c}`));
  const out = [`### Capacity: ${cell(r.file)}`, '', '| owner | type | headcount | accounts | workload / month | available / month | utilisation | costliest touchpoints |', '|---|---|--:|--:|--:|--:|--:|---|'];
  for (const o of r.owners) out.push(`| ${cell(o.id ?? '?')} | ${o.type ?? '—'} | ${o.headcount} | ${o.accounts} | ${o.type === 'automation' ? '—' : hours(o.workload)} | ${hours(o.available)} | ${o.utilisation === null ? '—' : `${shown(o.utilisation, 0)} %${o.utilisation > 100 ? ' **over**' : ''}`} | ${cell(topText(o.top))} |`);
  out.push('', '| segment | touches / month | maximum |', '|---|--:|--:|');
  for (const s of r.segments) out.push(`| ${cell(s.id ?? '?')} | ${shown(s.touchesPerMonth, 1)} | ${s.maxTouchesPerMonth === null ? '—' : shown(s.maxTouchesPerMonth, 2)} |`);
  out.push('', findingsLine(r.findings));
  return `${out.join('\n')}\n`;
}

export async function capacityCommand(io: CliIO, args: string[], format: string, failSeverity: Severity, configFile: string | undefined): Promise<number> {
  if (args.length !== 1) throw new UsageError('capacity takes exactly one playbook file (or - for standard input)');
  if (!['table', 'json', 'markdown'].includes(format)) throw new UsageError(`unknown capacity format "${format}": use table, json or markdown`);
  const file = args[0];
  const analysis = await analyseOnePlaybook(io, file, configFile);
  if (!parses(io, analysis, file, 'compute the capacity of') || !analysis.model) return 1;
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of analysis.findings) counts[f.severity]++;
  const report = capacityReport(file, analysis.model, counts);
  io.write(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : format === 'markdown' ? markdownFormat(report) : textFormat(report));
  return analysis.findings.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failSeverity]) ? 1 : 0;
}
