/**
 * Building blocks of quick fixes: text edits that touch only the lines they mean to
 * change, so comments and formatting elsewhere are never rewritten. The rule modules
 * compose their fixes from these (server/src/core/rules/<id>.ts).
 */
import type { Analysis } from './analyze';
import { locate, ParsedPlaybook } from './parse';
import { innerOffsets, TextEdit } from './navigation';
import type { Finding } from './types';

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** Safe to apply without looking (used by "fix all"). */
  preferred?: boolean;
  ruleId: string;
}

/** The line break the text uses (CRLF when it has any). */
export function eol(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** A fix that replaces the finding's value (inside its quotes) with `newText`. */
export function replaceValueFix(analysis: Analysis, finding: Finding, title: string, newText: string, preferred = false): Fix {
  const offsets = innerOffsets(analysis.parsed.text, finding.offsets);
  return { title, ruleId: finding.ruleId, preferred, edits: [{ offsets, newText }] };
}

/** "Change to `suggestion`": replaces the finding's value with a suggested one. */
export function changeToFix(analysis: Analysis, finding: Finding, suggestion: string, preferred = false): Fix {
  return replaceValueFix(analysis, finding, `Change to \`${suggestion}\``, suggestion, preferred);
}

/** A fix made of one edit, when there is one. */
export function singleEditFix(finding: Finding, title: string, edit: TextEdit | undefined): Fix[] {
  return edit ? [{ title, ruleId: finding.ruleId, edits: [edit] }] : [];
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
  return { offsets: [start, lineEndWithBreak(parsed, lastLine)], newText: kept.map((k) => k + nl).join('') };
}

/** The offset just past a line's line break (the end of the text for the last line). */
function lineEndWithBreak(parsed: ParsedPlaybook, line: number): number {
  return line + 1 < parsed.lines.lineCount ? parsed.lines.lineStarts[line + 1] : parsed.text.length;
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
    for (const [, loc] of parsed.nodes.entriesAround(offset)) {
      if (loc.kind === 'scalar' && offset > loc.value[0] && offset < loc.value[1]) insideScalar = true;
    }
    if (!insideScalar) return col;
  }
  return undefined;
}

/** Deletes the `key: value` line a range sits on (comments on it are kept). */
export function deleteKeyLines(parsed: ParsedPlaybook, [s, e]: [number, number]): TextEdit | undefined {
  const first = parsed.lines.positionAt(s).line;
  const last = parsed.lines.positionAt(e).line;
  const lineText = parsed.lines.lineText(first);
  if (!/^\s*[\w$-]+\s*:/.test(lineText) || /^\s*-/.test(lineText)) return undefined;
  return removeLines(parsed, first, last);
}

/** Deletes a comment: its whole line when it stands alone, else just the trailing comment. */
export function deleteComment(parsed: ParsedPlaybook, [s, e]: [number, number]): TextEdit {
  const first = parsed.lines.positionAt(s).line;
  const last = parsed.lines.positionAt(e).line;
  if (/^\s*#/.test(parsed.lines.lineText(first))) {
    return { offsets: [parsed.lines.lineStarts[first], lineEndWithBreak(parsed, last)], newText: '' };
  }
  return { offsets: [s - (/\s*$/.exec(parsed.text.slice(0, s))?.[0].length ?? 0), e], newText: '' };
}

/** Deletes a list entry's lines (block lists only); its comments are kept. */
export function deleteEntry(parsed: ParsedPlaybook, pointer: string): TextEdit | undefined {
  const loc = locate(parsed, pointer);
  if (!loc.kind) return undefined;
  const firstLine = parsed.lines.positionAt(loc.value[0]).line;
  if (!/^\s*-\s/.test(parsed.lines.lineText(firstLine))) return undefined;
  return removeLines(parsed, firstLine, parsed.lines.positionAt(contentEnd(parsed, loc.value)).line);
}

/** Inserts `key: value` as the last key of a block mapping entry, at its keys' indentation. */
export function insertKey(parsed: ParsedPlaybook, pointer: string, key: string, value: string): TextEdit | undefined {
  const loc = locate(parsed, pointer);
  if (loc.kind !== 'map') return undefined;
  const startPos = parsed.lines.positionAt(loc.value[0]);
  const lineText = parsed.lines.lineText(startPos.line);
  if (lineText.slice(startPos.character).startsWith('{')) return undefined; // flow mapping: leave as is
  const indent = ' '.repeat(startPos.character);
  const lastLine = parsed.lines.positionAt(contentEnd(parsed, loc.value)).line;
  const at = parsed.lines.lineContentEnd(lastLine);
  return { offsets: [at, at], newText: `${eol(parsed.text)}${indent}${key}: ${value}` };
}

/** The end of a value's range with trailing whitespace left out. */
function contentEnd(parsed: ParsedPlaybook, [start, end]: [number, number]): number {
  let at = end;
  while (at > start && /\s/.test(parsed.text[at - 1])) at--;
  return at;
}

/** What a new touchpoint is for: its stage, the one segment it reaches (or all), and who should own it. */
export interface NewTouchpoint {
  stage: string;
  segment?: string;
  /** `person`: a human or team owner and a meeting, for a segment that needs people. */
  prefer?: 'person';
}

/** "Add a touchpoint for ...": a new entry after the last touchpoint, at its indentation. */
export function addTouchpointFix(analysis: Analysis, finding: Finding, wanted: NewTouchpoint): Fix[] {
  const { parsed, model } = analysis;
  if (!model) return [];
  const list = locate(parsed, '/touchpoints');
  const count = list.kind === 'seq' ? (list.count ?? 0) : 0;
  const last = count ? locate(parsed, `/touchpoints/${count - 1}`) : undefined;
  if (!last?.kind) return [];
  const dash = /^(\s*)-\s+/.exec(parsed.lines.lineText(parsed.lines.positionAt(last.value[0]).line));
  if (!dash) return [];
  const at = parsed.lines.lineContentEnd(parsed.lines.positionAt(contentEnd(parsed, last.value)).line);
  const lines = touchpointLines(analysis, wanted, dash[1], ' '.repeat(dash[0].length));
  const { stage, segment } = wanted;
  const nl = eol(parsed.text);
  return [
    {
      title: `Add a touchpoint for ${segment ? `segment \`${segment}\` in ` : ''}stage \`${stage}\``,
      ruleId: finding.ruleId,
      edits: [{ offsets: [at, at], newText: nl + lines.join(nl) }],
    },
  ];
}

/** The lines of a new touchpoint entry: a fresh id, the stage and segment, a channel and an owner. */
function touchpointLines(analysis: Analysis, { stage, segment, prefer }: NewTouchpoint, indent: string, inner: string): string[] {
  const model = analysis.model!;
  const taken = new Set(model.touchpoints.map((t) => t.id));
  const base = `${segment ? `${segment}-` : ''}${stage}-touchpoint`;
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  const person = prefer === 'person' ? model.owners.find((o) => (o.type === 'human' || o.type === 'team') && o.id) : undefined;
  const segmentOwner = segment ? model.owners.find((o) => o.id && o.id === model.byId.segment.get(segment)?.owner) : undefined;
  const owner = person ?? segmentOwner ?? model.owners.find((o) => o.id);
  return [
    `${indent}- id: ${id}`,
    `${inner}name: TODO describe this touchpoint`,
    `${inner}stage: ${stage}`,
    ...(segment ? [`${inner}segments: [${segment}]`] : []),
    `${inner}channel: ${prefer === 'person' ? 'meeting' : 'email'}`,
    `${inner}owner: ${owner?.id ?? 'owner-id'}`,
  ];
}
