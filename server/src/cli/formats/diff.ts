/**
 * Output of `playbook diff`: `markdown` (a pull request comment or `$GITHUB_STEP_SUMMARY`: a
 * headline, then per playbook the findings introduced first), `json` (the report as it is; its
 * shape is documented in the README) and `stylish` (a terminal).
 */
import type { EntryChange, FieldChange, FindingChange, Json, OwnerLoad, PlaybookDiff } from '../../core/diff';
import { isEmptyDiff } from '../../core/diff';
import type { Severity } from '../../core/types';
import { plural } from '../report';

export interface DiffFile {
  /** Relative to the repository root (as given, for --head-file). */
  path: string;
  previousPath?: string;
  status: 'added' | 'deleted' | 'modified' | 'renamed';
  diff: PlaybookDiff;
}

export interface DiffReport {
  tool: 'playbook';
  version: string;
  /** The compared versions: git refs and commits (the base is the merge base), or files. */
  base: { ref: string; commit: string } | { file: string };
  head: { ref: string; commit: string } | { ref: null; commit: null } | { file: string };
  files: DiffFile[];
  summary: { files: number; introduced: Record<Severity, number>; resolved: Record<Severity, number> };
}

export type DiffWriter = (report: DiffReport, options: { color: boolean }) => string;

const SEVERITIES: Severity[] = ['error', 'warning', 'info'];
const KIND_TITLE: Record<EntryChange['kind'], string> = { stage: 'Stages', owner: 'Owners', segment: 'Segments', trigger: 'Triggers', touchpoint: 'Touchpoints', kpi: 'KPIs' };

function severityCounts(c: Record<Severity, number>, word: (s: Severity) => string = (s) => s): string[] {
  return SEVERITIES.filter((s) => c[s] > 0).map((s) => (s === 'info' ? `${c[s]} info` : plural(c[s], word(s))));
}

/** A value as a reviewer reads it: text as it is, lists and mappings as compact JSON, nothing as "(none)". */
function shownValue(v: Json | undefined): string {
  if (v === undefined) return '(none)';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function fieldText(f: FieldChange, md: (s: string) => string): string {
  if (f.before === undefined) return `${f.field} set to ${md(shownValue(f.after))}`;
  if (f.after === undefined) return `${f.field} removed (was ${md(shownValue(f.before))})`;
  return `${f.field} ${md(shownValue(f.before))} → ${md(shownValue(f.after))}`;
}

function loadText(l: OwnerLoad | undefined): string {
  if (!l) return '—';
  const accounts = l.limit === undefined ? `${l.accounts} accounts` : `${l.accounts} of ${l.limit}${l.accounts > l.limit ? ` (over by ${l.accounts - l.limit})` : ''}`;
  if (l.workload === undefined && l.available === undefined) return accounts;
  const hours = (n: number) => `${Math.round(n)} h`;
  const work = l.available === undefined ? `${hours(l.workload ?? 0)} a month` : `${hours(l.workload ?? 0)} of ${hours(l.available)} a month${(l.workload ?? 0) > l.available ? ` (over by ${hours((l.workload ?? 0) - l.available)})` : ''}`;
  return `${accounts}; ${work}`;
}

function headline(r: DiffReport): string {
  const changed = r.files.filter((f) => !isEmptyDiff(f.diff) || f.status !== 'modified');
  if (!r.files.length) return 'no playbook changed';
  const parts = [`${plural(changed.length, 'playbook')} changed`];
  const introduced = severityCounts(r.summary.introduced, (s) => `new ${s}`);
  if (introduced.length) parts.push(introduced.join(', '));
  const resolved = SEVERITIES.reduce((n, s) => n + r.summary.resolved[s], 0);
  if (resolved) parts.push(`${plural(resolved, 'finding')} resolved`);
  const lost = r.files.reduce((n, f) => n + f.diff.coverage.filter((c) => c.change === 'lost').length, 0);
  const gained = r.files.reduce((n, f) => n + f.diff.coverage.filter((c) => c.change === 'gained').length, 0);
  if (lost) parts.push(`${plural(lost, 'coverage cell')} lost`);
  if (gained) parts.push(`${plural(gained, 'coverage cell')} gained`);
  const formattingOnly = r.files.length - changed.length;
  if (formattingOnly) parts.push(`${plural(formattingOnly, 'playbook')} changed in form only`);
  return parts.join(' · ');
}

// ---------------------------------------------------------------- markdown

/** Text safe in Markdown (and inside a table cell): what could format, link or break the table is escaped. */
function md(s: string): string {
  return s.replace(/[\\`*_[\]<>|#~!&]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`)).replace(/\r?\n/g, ' ');
}

/** One of our messages: its `code` spans kept as code (a `|` in them escaped for tables), the rest escaped as text. */
function mdMessage(s: string): string {
  return s
    .split('`')
    .map((part, i, all) => (i % 2 && i < all.length - 1 ? `\`${part.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')}\`` : md(part)))
    .join('');
}

/** An id in a code span (ids have no backticks; anything else is escaped as text). */
function mdId(id: string): string {
  return /^[^`\r\n]+$/.test(id) ? `\`${id}\`` : md(id);
}

function mdFindings(title: string, list: FindingChange[]): string[] {
  if (!list.length) return [];
  const out = [`**${title}**`, '', '| severity | rule | line | message |', '|---|---|---|---|'];
  for (const f of list) out.push(`| ${f.severity} | ${f.ruleId} | ${f.line} | ${mdMessage(f.message)} |`);
  return [...out, ''];
}

function mdEntry(e: EntryChange): string {
  const label = `${mdId(e.id)}${e.name ? ` (${md(e.name)})` : ''}`;
  switch (e.change) {
    case 'added':
      return `- added ${label}`;
    case 'removed':
      return `- removed ${label}`;
    case 'renamed':
      return `- renamed ${mdId(e.previousId!)} to ${label}${e.fields.length ? `; ${e.fields.map((f) => fieldText(f, md)).join('; ')}` : ''}`;
    default:
      return `- ${label}: ${e.fields.map((f) => fieldText(f, md)).join('; ')}`;
  }
}

function mdFile(f: DiffFile): string[] {
  const d = f.diff;
  const title = f.status === 'renamed' ? `${mdId(f.previousPath!)} → ${mdId(f.path)}` : mdId(f.path);
  const out = [`#### ${title} (${f.status})`, ''];
  if (f.status === 'modified' && isEmptyDiff(d)) return [...out, 'Changed in form only (formatting, comments or key order): nothing in the model changed.', ''];
  if (!d.comparable) out.push('One version does not parse: only the findings are compared.', '');
  out.push(...mdFindings('New findings', d.findings.introduced));
  out.push(...mdFindings('Resolved findings', d.findings.resolved));
  if (d.coverage.length) {
    out.push('**Coverage** (stage × segment)', '');
    for (const c of d.coverage) out.push(`- ${c.change === 'lost' ? '**lost**' : 'gained'}: ${mdId(c.stage)} × ${mdId(c.segment)}${c.change === 'lost' ? ` (was covered by ${c.touchpoints.map(mdId).join(', ')})` : ` (by ${c.touchpoints.map(mdId).join(', ')})`}`);
    out.push('');
  }
  if (d.owners.length) {
    out.push('**Owners: accounts against what they can carry; hours of work a month against hours available**', '', '| owner | before | after |', '|---|---|---|');
    for (const o of d.owners) out.push(`| ${mdId(o.owner)}${o.name ? ` ${md(o.name)}` : ''} | ${loadText(o.before)} | ${loadText(o.after)} |`);
    out.push('');
  }
  if (d.kpis.length) {
    out.push('**KPI targets and baselines**', '');
    for (const k of d.kpis) out.push(`- ${mdId(k.kpi)}${k.name ? ` (${md(k.name)})` : ''} ${k.field}: ${k.before ?? '(none)'} → ${k.after ?? '(none)'}${k.unit ? ` ${md(k.unit)}` : ''}`);
    out.push('');
  }
  if (d.playbook.length) {
    out.push('**Playbook**', '');
    for (const p of d.playbook) out.push(`- ${fieldText(p, md)}`);
    out.push('');
  }
  for (const kind of Object.keys(KIND_TITLE) as EntryChange['kind'][]) {
    const list = d.entries.filter((e) => e.kind === kind);
    if (!list.length) continue;
    out.push(`**${KIND_TITLE[kind]}**`, '', ...list.map(mdEntry), '');
  }
  return out;
}

export const markdownDiff: DiffWriter = (r) => {
  const out = [`### Playbook review: ${headline(r)}`, ''];
  if (r.files.length > 1) {
    out.push('| playbook | change | new findings | resolved |', '|---|---|---|---|');
    for (const f of r.files) {
      const count = (list: FindingChange[]) => {
        const c = { error: 0, warning: 0, info: 0 };
        for (const x of list) c[x.severity]++;
        return severityCounts(c).join(', ') || '—';
      };
      out.push(`| ${mdId(f.path)} | ${f.status} | ${count(f.diff.findings.introduced)} | ${count(f.diff.findings.resolved)} |`);
    }
    out.push('');
  }
  for (const f of r.files) out.push(...mdFile(f));
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
};

// ---------------------------------------------------------------- json

export const jsonDiff: DiffWriter = (r) => `${JSON.stringify(r, null, 2)}\n`;

// ---------------------------------------------------------------- stylish

const COLORS = { red: 31, yellow: 33, blue: 34, green: 32, dim: 2, bold: 1, underline: 4 } as const;

export const stylishDiff: DiffWriter = (r, { color }) => {
  const paint = (c: keyof typeof COLORS, s: string) => (color ? `\u001b[${COLORS[c]}m${s}\u001b[0m` : s);
  const sev = { error: 'red', warning: 'yellow', info: 'blue' } as const;
  const plain = (s: string) => s.replace(/[\r\n]+/g, ' ');
  const out: string[] = [];
  for (const f of r.files) {
    const d = f.diff;
    out.push(`${paint('underline', f.status === 'renamed' ? `${f.previousPath} → ${f.path}` : f.path)} ${paint('dim', `(${f.status})`)}`);
    if (f.status === 'modified' && isEmptyDiff(d)) out.push(`  ${paint('dim', 'changed in form only: nothing in the model changed')}`);
    for (const x of d.findings.introduced) out.push(`  ${paint('bold', 'new')}      ${paint(sev[x.severity], x.severity.padEnd(7))}  ${x.line}:${x.column}  ${plain(x.message)}  ${paint('dim', x.ruleId)}`);
    for (const x of d.findings.resolved) out.push(`  ${paint('green', 'resolved')} ${x.severity.padEnd(7)}  ${plain(x.message)}  ${paint('dim', x.ruleId)}`);
    for (const c of d.coverage) out.push(`  coverage ${c.change === 'lost' ? paint('red', 'lost') : paint('green', 'gained')}: ${c.stage} × ${c.segment}`);
    for (const o of d.owners) out.push(`  owner ${o.owner}: ${loadText(o.before)} → ${loadText(o.after)}`);
    for (const k of d.kpis) out.push(`  kpi ${k.kpi} ${k.field}: ${k.before ?? '(none)'} → ${k.after ?? '(none)'}${k.unit ? ` ${k.unit}` : ''}`);
    for (const p of d.playbook) out.push(`  playbook ${fieldText(p, plain)}`);
    for (const e of d.entries) {
      const what = e.change === 'renamed' ? `${e.previousId} renamed ${e.id}` : `${e.id} ${e.change}`;
      out.push(`  ${e.kind} ${what}${e.fields.length ? `: ${e.fields.map((x) => fieldText(x, plain)).join('; ')}` : ''}`);
    }
    out.push('');
  }
  out.push(paint('bold', headline(r)));
  return `${out.join('\n')}\n`;
};

export const DIFF_FORMATS: Record<string, DiffWriter> = { markdown: markdownDiff, json: jsonDiff, stylish: stylishDiff };
