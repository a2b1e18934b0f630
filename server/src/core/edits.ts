/**
 * Building blocks of quick fixes: text edits that touch only the lines they mean to
 * change, so comments and formatting elsewhere are never rewritten. The rule modules
 * compose their fixes from these (server/src/core/rules/<id>.ts).
 */
import type { Analysis } from './analyze';
import { isRecord } from './model';
import { locate, ParsedPlaybook, pointerSegment } from './parse';
import { schemaAt } from './schemaInfo';
import { innerOffsets, TextEdit } from './navigation';
import type { Finding } from './types';

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** Safe to apply without looking (used by "fix all"). */
  preferred?: boolean;
  ruleId: string;
  /**
   * For a fix that inserts new content (its one edit): the same insertion as a snippet (tab
   * stops on the placeholders, `$1`, `${2:default}`, `${3|a,b|}`), at the edit's offset. An
   * editor that takes snippets runs it; the edit is the same text with each placeholder's default.
   */
  snippet?: { offset: number; text: string };
}

/**
 * A piece of inserted content: literal text, or a placeholder the user fills in (a tab stop,
 * with its default and, for a choice, the other values offered).
 *
 * Placeholders never answer a finding with made-up data: a value the fix cannot know (a
 * touchpoint's channel and owner, a KPI's target) defaults to `TODO`, which the schema rejects,
 * so the new content is itself flagged until the user replaces it. Values the fix derives (a
 * fresh id, a name from the stage and segment) are real defaults the user may keep.
 */
export type InsertPart = string | { stop: number; text: string; choices?: string[] };

/** What the user must replace: not a valid value anywhere the schema checks one. */
export const PLACEHOLDER = 'TODO';

/** The plain text (each placeholder's default) and the snippet of some inserted content. */
export function renderInsert(parts: InsertPart[]): { plain: string; snippet: string } {
  let plain = '';
  let snippet = '';
  const literal = (t: string) => t.replace(/[$}\\]/g, (c) => `\\${c}`);
  for (const p of parts) {
    if (typeof p === 'string') {
      plain += p;
      snippet += literal(p);
    } else if (p.choices?.length) {
      plain += p.text;
      const values = [p.text, ...p.choices.filter((c) => c !== p.text)];
      // Inside a choice only `,`, `|` and `\\` are escaped (VS Code's snippet grammar).
      snippet += `\${${p.stop}|${values.map((v) => v.replace(/[,|\\]/g, (c) => `\\${c}`)).join(',')}|}`;
    } else {
      plain += p.text;
      snippet += `\${${p.stop}:${literal(p.text)}}`;
    }
  }
  return { plain, snippet };
}

/** A fix that inserts `parts` at `offset`: the plain edit, and the same as a snippet. */
export function insertFix(finding: Finding, title: string, offset: number, parts: InsertPart[]): Fix {
  const { plain, snippet } = renderInsert(parts);
  return { title, ruleId: finding.ruleId, edits: [{ offsets: [offset, offset], newText: plain }], snippet: { offset, text: snippet } };
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

/** Where a new last key of a block mapping entry goes: the offset, and the line break and indentation before the key. */
function keyInsertion(parsed: ParsedPlaybook, pointer: string): { at: number; lead: string } | undefined {
  const loc = locate(parsed, pointer);
  if (loc.kind !== 'map') return undefined;
  const startPos = parsed.lines.positionAt(loc.value[0]);
  const lineText = parsed.lines.lineText(startPos.line);
  if (lineText.slice(startPos.character).startsWith('{')) return undefined; // flow mapping: leave as is
  const lastLine = parsed.lines.positionAt(contentEnd(parsed, loc.value)).line;
  return { at: parsed.lines.lineContentEnd(lastLine), lead: `${eol(parsed.text)}${' '.repeat(startPos.character)}` };
}

/** Inserts `key: value` as the last key of a block mapping entry, at its keys' indentation. */
export function insertKey(parsed: ParsedPlaybook, pointer: string, key: string, value: string): TextEdit | undefined {
  const place = keyInsertion(parsed, pointer);
  return place && { offsets: [place.at, place.at], newText: `${place.lead}${key}: ${value}` };
}

/** A fix inserting `key: <value>` as the last key of an entry, the value a placeholder to fill in (a tab stop). */
export function insertKeyFix(analysis: Analysis, finding: Finding, title: string, pointer: string, key: string, value: InsertPart): Fix[] {
  const place = keyInsertion(analysis.parsed, pointer);
  return place ? [insertFix(finding, title, place.at, [`${place.lead}${key}: `, value])] : [];
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

/** "Add a touchpoint for ...": a new entry after the last touchpoint, at its indentation (with tab stops on id, name, channel and owner). */
export function addTouchpointFix(analysis: Analysis, finding: Finding, wanted: NewTouchpoint): Fix[] {
  const { parsed, model } = analysis;
  if (!model) return [];
  const list = locate(parsed, '/touchpoints');
  const count = list.kind === 'seq' ? (list.count ?? 0) : 0;
  const last = count ? locate(parsed, `/touchpoints/${count - 1}`) : undefined;
  if (!last?.kind) return [];
  const dash = /^(\s*)-\s+/.exec(parsed.lines.lineText(parsed.lines.positionAt(last.value[0]).line));
  if (!dash) return [];
  const nl = eol(parsed.text);
  let at = parsed.lines.lineContentEnd(parsed.lines.positionAt(contentEnd(parsed, last.value)).line);
  let parts = touchpointParts(analysis, wanted, dash[1], ' '.repeat(dash[0].length), nl);
  // The last entry may end with a block scalar that keeps its final line breaks (`|+`, `>+`):
  // the blank lines after its text are part of its value. The new entry then goes after them,
  // at the start of the next line, and ends with a line break instead of starting with one.
  const entries = model.root?.touchpoints;
  const leaf = locate(parsed, lastLeafPointer(Array.isArray(entries) ? entries[count - 1] : undefined, `/touchpoints/${count - 1}`));
  if (leaf.kind === 'scalar' && /^[|>](?:[1-9]?\+|\+[1-9]?)/.test(parsed.text.slice(leaf.value[0], leaf.value[0] + 3)) && leaf.value[1] > at) {
    if (parsed.text[leaf.value[1] - 1] !== '\n') return []; // the file ends inside it: nowhere to put an entry without changing it
    at = leaf.value[1];
    const [first, ...rest] = parts;
    parts = [(first as string).slice(nl.length), ...rest, nl];
  }
  const { stage, segment } = wanted;
  return [insertFix(finding, `Add a touchpoint for ${segment ? `segment \`${segment}\` in ` : ''}stage \`${stage}\``, at, parts)];
}

/** The pointer of the last value inside `node` (at `pointer`) in source order: its last key's or item's, and so on down. */
function lastLeafPointer(node: unknown, pointer: string): string {
  let out = pointer;
  for (;;) {
    if (Array.isArray(node) && node.length) {
      out += `/${node.length - 1}`;
      node = node[node.length - 1];
    } else if (isRecord(node) && Object.keys(node).length) {
      const keys = Object.keys(node);
      const key = keys[keys.length - 1];
      out += `/${pointerSegment(key)}`;
      node = node[key];
    } else return out;
  }
}

/**
 * A new touchpoint entry (after a line break): a fresh id and a name from its stage and segment
 * (defaults the user may keep), the stage and segment it is for, and a channel and an owner to
 * choose: `TODO` until chosen, which the schema flags, with the allowed channels and the
 * playbook's owners (the likeliest first) offered.
 */
function touchpointParts(analysis: Analysis, { stage, segment, prefer }: NewTouchpoint, indent: string, inner: string, nl: string): InsertPart[] {
  const model = analysis.model!;
  const taken = new Set(model.touchpoints.map((t) => t.id));
  const base = `${segment ? `${segment}-` : ''}${stage}-touchpoint`;
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  const person = prefer === 'person' ? model.owners.find((o) => (o.type === 'human' || o.type === 'team') && o.id) : undefined;
  const segmentOwner = segment ? model.owners.find((o) => o.id && o.id === model.byId.segment.get(segment)?.owner) : undefined;
  const likely = [person, segmentOwner].filter((o): o is NonNullable<typeof o> => Boolean(o?.id)).map((o) => o.id!);
  const owners = [...new Set([...likely, ...model.owners.map((o) => o.id).filter((x): x is string => Boolean(x))])];
  const channels = (schemaAt(['touchpoints', '[]', 'channel'])?.enum ?? []).filter((c): c is string => typeof c === 'string');
  const preferred = prefer === 'person' ? ['meeting', 'video-call'] : ['email', 'in-app'];
  const words = (x: string) => x.split('-').join(' ');
  const name = `${words(stage).charAt(0).toUpperCase()}${words(stage).slice(1)} touchpoint${segment ? ` for ${words(segment)}` : ''}`;
  return [
    `${nl}${indent}- id: `, { stop: 1, text: id },
    `${nl}${inner}name: `, { stop: 2, text: name },
    `${nl}${inner}stage: ${stage}`,
    ...(segment ? [`${nl}${inner}segments: [${segment}]`] : []),
    `${nl}${inner}channel: `, { stop: 3, text: PLACEHOLDER, choices: [...new Set([...preferred.filter((c) => channels.includes(c)), ...channels])] },
    `${nl}${inner}owner: `, { stop: 4, text: PLACEHOLDER, choices: owners },
  ];
}
