/**
 * Quick fixes for findings, as text edits that touch only the lines they mean
 * to change: comments and formatting elsewhere are never rewritten.
 */
import type { Analysis } from './analyze';
import { entriesOf, Kind } from './model';
import { locate, ParsedPlaybook } from './parse';
import { getRuleMeta } from './rules';
import { innerOffsets, TextEdit } from './navigation';
import { editDistance } from './text';
import type { Finding } from './types';

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** Safe to apply without looking (used by "fix all"). */
  preferred?: boolean;
  ruleId: string;
}

/** Every fix offered for one finding (the "disable for this line" fix included where allowed). */
export function fixesFor(analysis: Analysis, finding: Finding): Fix[] {
  const fixes: Fix[] = [];
  const { parsed, model } = analysis;
  const data = (finding.data ?? {}) as Record<string, unknown>;
  const text = parsed.text;
  const replaceFinding = (title: string, newText: string, preferred = false) => fixes.push({ title, ruleId: finding.ruleId, preferred, edits: [{ offsets: innerOffsets(text, finding.offsets), newText }] });

  switch (finding.ruleId) {
    case 'unknown-reference':
    case 'stage-not-in-framework':
      if (typeof data.suggestion === 'string') replaceFinding(`Change to \`${data.suggestion}\``, data.suggestion, finding.ruleId === 'unknown-reference' && isTypo(String(data.id ?? ''), data.suggestion));
      break;
    case 'duplicate-id':
      if (typeof data.id === 'string' && model) {
        const taken = new Set(entriesOf(model, data.kind as Kind).map((e) => e.id));
        let n = 2;
        while (taken.has(`${data.id}-${n}`)) n++;
        replaceFinding(`Rename to \`${data.id}-${n}\``, `${data.id}-${n}`);
      }
      break;
    case 'kpi-direction':
      if (typeof data.expected === 'string') replaceFinding(`Set direction to \`${data.expected}\``, data.expected, true);
      break;
    case 'kpi-without-target': {
      const kpi = model?.kpis.find((k) => k.id === data.kpi);
      if (kpi) {
        const edit = insertKey(parsed, kpi.pointer, 'target', String(kpi.baseline ?? 0));
        if (edit) fixes.push({ title: 'Add a `target`', ruleId: finding.ruleId, edits: [edit] });
      }
      break;
    }
    case 'escalation-cycle': {
      const edit = deleteLinesOf(parsed, finding.offsets);
      if (edit) fixes.push({ title: 'Remove this `escalatesTo` to break the loop', ruleId: finding.ruleId, edits: [edit] });
      break;
    }
    case 'unused-definition': {
      const e = model && (data.kind === 'owner' || data.kind === 'trigger') ? entriesOf(model, data.kind).find((x) => x.id === data.id && finding.offsets[0] >= locate(parsed, x.pointer).value[0] && finding.offsets[0] <= locate(parsed, x.pointer).value[1]) : undefined;
      if (e) {
        const edit = deleteEntry(parsed, e.pointer);
        if (edit) fixes.push({ title: `Remove unused ${data.kind} \`${String(data.id)}\``, ruleId: finding.ruleId, edits: [edit] });
      }
      break;
    }
    case 'unused-suppression': {
      const sup = analysis.suppressions.find((x) => x.offsets[0] === finding.offsets[0]);
      const stale = Array.isArray(data.ids) ? (data.ids as string[]) : [];
      const kept = sup ? sup.rules.filter((r) => !stale.includes(r.id)) : [];
      if (sup && kept.length && stale.length) {
        // Only some ids are stale: keep the comment with the others (and its reason).
        const first = sup.rules[0].offsets[0];
        const last = sup.rules[sup.rules.length - 1].offsets[1];
        fixes.push({ title: `Remove ${stale.map((x) => `\`${x}\``).join(', ')} from the suppression`, ruleId: finding.ruleId, preferred: true, edits: [{ offsets: [first, last], newText: kept.map((r) => r.id).join(', ') }] });
      } else {
        const edit = deleteLinesOf(parsed, finding.offsets, true);
        if (edit) fixes.push({ title: 'Remove the unused suppression', ruleId: finding.ruleId, edits: [edit], preferred: true });
      }
      break;
    }
    case 'owner-over-capacity': {
      const o = model?.owners.find((x) => x.id === data.owner);
      if (o && o.capacity && typeof data.load === 'number') {
        const needed = Math.ceil(data.load / o.capacity);
        const existing = parsed.nodes.get(`${o.pointer}/headcount`);
        const edit = existing?.kind ? { offsets: existing.value, newText: String(needed) } : insertKey(parsed, o.pointer, 'headcount', String(needed));
        if (edit) fixes.push({ title: `Set headcount to ${needed}`, ruleId: finding.ruleId, edits: [edit] });
      }
      break;
    }
    case 'stage-without-touchpoint':
      if (typeof data.stage === 'string') addTouchpoint(fixes, analysis, finding, data.stage, undefined);
      break;
    case 'segment-without-touchpoint':
      if (typeof data.segment === 'string' && model?.stages[0]) addTouchpoint(fixes, analysis, finding, model.stages[0].id, data.segment);
      break;
    case 'coverage-gap':
      if (typeof data.segment === 'string' && Array.isArray(data.stages) && data.stages.length) addTouchpoint(fixes, analysis, finding, String(data.stages[0]), data.segment);
      break;
    case 'touch-mismatch':
      if (Array.isArray(data.stages) && typeof data.segment === 'string' && data.stages.length) {
        addTouchpoint(fixes, analysis, finding, String(data.stages[0]), data.segment, 'person');
      } else if (model && typeof data.touchpoint === 'string') {
        const bot = model.owners.find((o) => o.type === 'automation' && o.id);
        if (bot) replaceFinding(`Give it to automation owner \`${bot.id}\``, bot.id!);
      }
      break;
    case 'schema':
      if (typeof data.suggestion === 'string' && typeof data.unknownKey === 'string') {
        // Not when the mapping already has that key: renaming would repeat it.
        if (!(typeof data.parent === 'string' && parsed.nodes.has(`${data.parent}/${data.suggestion}`))) replaceFinding(`Rename key to \`${data.suggestion}\``, data.suggestion, true);
      }
      else if (typeof data.suggestion === 'string') replaceFinding(`Change to \`${data.suggestion}\``, data.suggestion, isTypo(text.slice(...innerOffsets(text, finding.offsets)), data.suggestion));
      break;
  }

  if (getRuleMeta(finding.ruleId)?.configurable && finding.ruleId !== 'unused-suppression') {
    const line = finding.range.start.line;
    const lineText = parsed.lines.lineText(line);
    const indent = /^\s*/.exec(lineText)![0];
    // A suppression already on the line above (alone or trailing a value): add this rule to it.
    const existing = analysis.suppressions.find((x) => x.line === line - 1 && x.rules.length);
    if (existing) {
      const at = existing.rules[existing.rules.length - 1].offsets[1];
      fixes.push({ title: `Disable ${finding.ruleId} for this line`, ruleId: finding.ruleId, edits: [{ offsets: [at, at], newText: `, ${finding.ruleId}` }] });
    } else {
      const at = parsed.lines.lineStarts[line];
      fixes.push({
        title: `Disable ${finding.ruleId} for this line`,
        ruleId: finding.ruleId,
        edits: [{ offsets: [at, at], newText: `${indent}# playbook-disable-next-line ${finding.ruleId} -- <reason>${eol(text)}` }],
      });
    }
  }
  return fixes;
}

/** The safe fixes for every finding, without overlapping edits ("fix all"). */
export function fixAll(analysis: Analysis): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const f of analysis.findings) {
    for (const fix of fixesFor(analysis, f)) {
      if (!fix.preferred) continue;
      if (fix.edits.some((e) => edits.some((x) => e.offsets[0] < x.offsets[1] && x.offsets[0] < e.offsets[1]) || edits.some((x) => x.offsets[0] === e.offsets[0]))) continue;
      edits.push(...fix.edits);
      break;
    }
  }
  return edits.sort((a, b) => a.offsets[0] - b.offsets[0]);
}

/** A likely typo: small edit distance relative to the word. */
function isTypo(word: string, suggestion: string): boolean {
  return word.length >= 3 && editDistance(word.toLowerCase(), suggestion.toLowerCase()) <= Math.min(2, Math.ceil(word.length / 4));
}

function eol(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}


/**
 * Removes whole lines, keeping any comment written on them as a comment line of
 * its own (at the line's indentation), so no comment is ever lost.
 */
function removeLines(parsed: ParsedPlaybook, firstLine: number, lastLine: number): TextEdit {
  const nl = eol(parsed.text);
  const kept: string[] = [];
  for (let l = firstLine; l <= lastLine; l++) {
    const lineText = parsed.lines.lineText(l);
    const c = commentStart(parsed, l);
    if (c === undefined) continue;
    const indent = /^\s*/.exec(lineText)![0].replace(/-/g, ' ');
    kept.push(`${indent}${lineText.slice(c)}`);
  }
  const start = parsed.lines.lineStarts[firstLine];
  const end = lastLine + 1 < parsed.lines.lineCount ? parsed.lines.lineStarts[lastLine + 1] : parsed.text.length;
  return { offsets: [start, end], newText: kept.map((k) => k + nl).join('') };
}

/** Column where a line's comment starts, if it has one (a `#` inside a value does not count). */
function commentStart(parsed: ParsedPlaybook, line: number): number | undefined {
  const lineText = parsed.lines.lineText(line);
  const base = parsed.lines.lineStarts[line];
  const re = /(^|\s)#/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(lineText))) {
    const col = m.index + m[1].length;
    const offset = base + col;
    let insideScalar = false;
    for (const [, loc] of parsed.nodes.entriesAround(offset)) if (loc.kind === 'scalar' && offset > loc.value[0] && offset < loc.value[1]) insideScalar = true;
    if (!insideScalar) return col;
  }
  return undefined;
}

/** Deletes the `key: value` line a range sits on (comments on it are kept). */
function deleteLinesOf(parsed: ParsedPlaybook, [s, e]: [number, number], commentOnly = false): TextEdit | undefined {
  const first = parsed.lines.positionAt(s).line;
  const last = parsed.lines.positionAt(e).line;
  const lineText = parsed.lines.lineText(first);
  if (commentOnly) {
    if (/^\s*#/.test(lineText)) {
      const end = last + 1 < parsed.lines.lineCount ? parsed.lines.lineStarts[last + 1] : parsed.text.length;
      return { offsets: [parsed.lines.lineStarts[first], end], newText: '' };
    }
    // a trailing comment: remove just the comment
    return { offsets: [s - (/\s*$/.exec(parsed.text.slice(0, s))?.[0].length ?? 0), e], newText: '' };
  }
  if (!/^\s*[\w$-]+\s*:/.test(lineText) || /^\s*-/.test(lineText)) return undefined;
  return removeLines(parsed, first, last);
}

/** Deletes a list entry's lines (block lists only); its comments are kept. */
function deleteEntry(parsed: ParsedPlaybook, pointer: string): TextEdit | undefined {
  const loc = locate(parsed, pointer);
  if (!loc.kind) return undefined;
  const firstLine = parsed.lines.positionAt(loc.value[0]).line;
  if (!/^\s*-\s/.test(parsed.lines.lineText(firstLine))) return undefined;
  let endOffset = loc.value[1];
  while (endOffset > loc.value[0] && /\s/.test(parsed.text[endOffset - 1])) endOffset--;
  return removeLines(parsed, firstLine, parsed.lines.positionAt(endOffset).line);
}

/** Inserts `key: value` as the last key of a block mapping entry, at its keys' indentation. */
function insertKey(parsed: ParsedPlaybook, pointer: string, key: string, value: string): TextEdit | undefined {
  const loc = locate(parsed, pointer);
  if (loc.kind !== 'map') return undefined;
  const startPos = parsed.lines.positionAt(loc.value[0]);
  const lineText = parsed.lines.lineText(startPos.line);
  if (lineText.slice(startPos.character).startsWith('{')) return undefined; // flow mapping: leave as is
  const indent = ' '.repeat(startPos.character);
  let endOffset = loc.value[1];
  while (endOffset > loc.value[0] && /\s/.test(parsed.text[endOffset - 1])) endOffset--;
  const lastLine = parsed.lines.positionAt(endOffset).line;
  const at = parsed.lines.lineContentEnd(lastLine);
  return { offsets: [at, at], newText: `${eol(parsed.text)}${indent}${key}: ${value}` };
}

function addTouchpoint(fixes: Fix[], analysis: Analysis, finding: Finding, stage: string, segment: string | undefined, prefer?: 'person'): void {
  const { parsed, model } = analysis;
  if (!model) return;
  const list = locate(parsed, '/touchpoints');
  const count = list.kind === 'seq' ? (list.count ?? 0) : 0;
  const last = count ? locate(parsed, `/touchpoints/${count - 1}`) : undefined;
  if (!last?.kind) return;
  const firstLine = parsed.lines.positionAt(last.value[0]).line;
  const dashMatch = /^(\s*)-\s+/.exec(parsed.lines.lineText(firstLine));
  if (!dashMatch) return;
  const indent = dashMatch[1];
  const inner = ' '.repeat(dashMatch[0].length);
  let endOffset = last.value[1];
  while (endOffset > last.value[0] && /\s/.test(parsed.text[endOffset - 1])) endOffset--;
  const at = parsed.lines.lineContentEnd(parsed.lines.positionAt(endOffset).line);
  const taken = new Set(model.touchpoints.map((t) => t.id));
  const base = `${segment ? `${segment}-` : ''}${stage}-touchpoint`;
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  const owner =
    (prefer === 'person' ? model.owners.find((o) => (o.type === 'human' || o.type === 'team') && o.id) : undefined) ??
    (segment ? model.owners.find((o) => o.id && o.id === model.byId.segment.get(segment)?.owner) : undefined) ??
    model.owners.find((o) => o.id);
  const nl = eol(parsed.text);
  const lines = [
    `${indent}- id: ${id}`,
    `${inner}name: TODO describe this touchpoint`,
    `${inner}stage: ${stage}`,
    ...(segment ? [`${inner}segments: [${segment}]`] : []),
    `${inner}channel: ${prefer === 'person' ? 'meeting' : 'email'}`,
    `${inner}owner: ${owner?.id ?? 'owner-id'}`,
  ];
  fixes.push({
    title: `Add a touchpoint for ${segment ? `segment \`${segment}\` in ` : ''}stage \`${stage}\``,
    ruleId: finding.ruleId,
    edits: [{ offsets: [at, at], newText: nl + lines.join(nl) }],
  });
}
