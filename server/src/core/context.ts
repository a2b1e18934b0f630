/**
 * Where the cursor is in a playbook, read from indentation so it works while
 * the YAML is half-typed (and does not parse): the keys above the cursor, and
 * whether a key or a value is being written.
 */
import { LineIndex } from './text';

export interface CursorContext {
  /** Keys from the top level down to the mapping the cursor is in; `[]` marks a list item. */
  path: string[];
  /** `key`: a key of the mapping at `path` is being typed; `value`: the value of `key`. */
  mode: 'key' | 'value';
  key?: string;
  /** What is typed so far (key or value, or the current item of a flow list). */
  prefix: string;
  /** Offsets of the text a completion replaces. */
  replace: [number, number];
  /** Keys already present in the mapping the cursor is in. */
  siblings: string[];
  /** The value is an item of a list (flow `[a, b` or a block `- ` item). */
  inList: boolean;
  /** The cursor line is a new list item (`- `). */
  newItem: boolean;
}

interface LineShape {
  indent: number;
  /** Column of a leading `- `, if any. */
  dash?: number;
  /** Column where the content after indentation and dash starts. */
  content: number;
  key?: string;
  rest: string;
}

const KEY = /^([A-Za-z_$][\w$-]*|"[^"]*"|'[^']*')\s*:(?:\s+(.*)|\s*$)/;

function shape(line: string): LineShape | undefined {
  if (!line.trim() || /^\s*#/.test(line)) return undefined;
  const indent = /^\s*/.exec(line)![0].length;
  let content = indent;
  let dash: number | undefined;
  const d = /^(\s*)-(\s+|$)/.exec(line);
  if (d) {
    dash = indent;
    content = d[0].length;
  }
  const k = KEY.exec(line.slice(content));
  return { indent, dash, content, key: k ? k[1].replace(/^["']|["']$/g, '') : undefined, rest: k ? (k[2] ?? '') : line.slice(content) };
}

interface Frame {
  col: number;
  key?: string;
  item?: boolean;
}

/** Applies a line to the stack of open keys and list items. */
function push(stack: Frame[], s: LineShape): void {
  if (s.dash !== undefined) {
    while (stack.length && (stack[stack.length - 1].col > s.dash || (stack[stack.length - 1].item && stack[stack.length - 1].col === s.dash))) stack.pop();
    stack.push({ col: s.dash, item: true });
  } else {
    while (stack.length && stack[stack.length - 1].col >= s.indent) stack.pop();
  }
  if (s.key !== undefined) stack.push({ col: s.content, key: s.key });
}

/**
 * The lines above `line` whose frames are still open at the cursor line `here`, in file
 * order. A line's frames are closed by any later line indented less, or as much (except
 * that a list item does not close a key at its own column: `key:` then `- item`).
 * Replaying only these gives the stack a replay of every line above would give, without
 * reading the thousands of lines of earlier entries in a large file.
 */
function openLines(lines: LineIndex, line: number, here: LineShape): number[] {
  const out: number[] = [];
  let minIndent = here.indent;
  let minHasKeyLine = here.dash === undefined;
  const text = lines.text;
  for (let l = line - 1; l >= 0 && (minIndent > 0 || !minHasKeyLine); l--) {
    const start = lines.lineStarts[l];
    let i = start;
    let c = text.charCodeAt(i);
    while (c === 32) c = text.charCodeAt(++i);
    let indent = i - start;
    // Tabs and other white space, blank lines and comments: let `shape` decide.
    if (c === 9 || c === 11 || c === 12 || c > 127) indent = -1;
    else if (c === 10 || c === 13 || c === 35 /* # */ || Number.isNaN(c)) continue;
    if (indent > minIndent) continue;
    const s = shape(lines.lineText(l));
    if (!s || s.indent > minIndent) continue;
    if (s.indent === minIndent) {
      if (s.dash !== undefined || minHasKeyLine) continue;
      minHasKeyLine = true;
    } else {
      minIndent = s.indent;
      minHasKeyLine = s.dash === undefined;
    }
    out.push(l);
  }
  return out.reverse();
}

/** The cursor context at an offset. */
export function cursorContext(text: string, offset: number, lineIndex?: LineIndex, options: { replayEveryLine?: boolean } = {}): CursorContext {
  const lines = lineIndex && lineIndex.text === text ? lineIndex : new LineIndex(text);
  const pos = lines.positionAt(offset);
  const before = text.slice(lines.lineStarts[pos.line], offset);
  const after = /^[\w$.-]*/.exec(text.slice(offset, offset + 200))![0];

  const here = shape(before.trim() ? before : `${before}x`) ?? { indent: before.length, content: before.length, rest: '' };
  const stack: Frame[] = [];
  if (options.replayEveryLine) {
    // The plain way (tests compare the two): every line above, in order.
    for (let l = 0; l < pos.line; l++) {
      const s = shape(lines.lineText(l));
      if (s) push(stack, s);
    }
  } else for (const l of openLines(lines, pos.line, here)) push(stack, shape(lines.lineText(l))!);
  const newItem = here.dash !== undefined;
  // Close what the cursor line closes, keeping the key the cursor line itself may be typing.
  push(stack, { ...here, key: undefined });
  const path = stack.map((f) => (f.item ? '[]' : f.key!)).filter((k) => k !== undefined);

  let mode: 'key' | 'value' = 'key';
  let key: string | undefined;
  let prefix: string;
  let inList = false;
  const km = KEY.exec(before.slice(here.content));
  if (km) {
    mode = 'value';
    key = km[1].replace(/^["']|["']$/g, '');
    const value = km[2] ?? '';
    const flow = /\[([^\]]*)$/.exec(value);
    if (flow) {
      inList = true;
      prefix = flow[1].split(',').pop()!.trim().replace(/^["']/, '');
    } else prefix = value.trim().replace(/^["']/, '');
  } else {
    prefix = /([\w$.-]*)$/.exec(before)![1];
    // `- ite` directly under a key whose list holds scalars: a value of that key.
    if (newItem && path.length >= 2 && path[path.length - 1] === '[]') {
      key = path[path.length - 2];
    }
  }
  const replace: [number, number] = [offset - prefix.length, offset + after.length];
  return { path, mode, key, prefix, replace, siblings: siblingKeys(lines, pos.line, here), inList, newItem };
}

/** Keys of the mapping the cursor line belongs to, before and after it. */
function siblingKeys(lines: LineIndex, line: number, here: LineShape): string[] {
  const col = here.content;
  const out: string[] = [];
  if (here.dash === undefined) {
    for (let l = line - 1; l >= 0; l--) {
      const s = shape(lines.lineText(l));
      if (!s) continue;
      if (s.content === col && s.key) out.push(s.key);
      if (s.dash !== undefined && s.content === col) break;
      if (s.indent < col && !(s.dash !== undefined && s.content === col)) break;
    }
  }
  for (let l = line + 1; l < lines.lineCount; l++) {
    const s = shape(lines.lineText(l));
    if (!s) continue;
    if (s.indent < col || (s.dash !== undefined && s.dash < col)) break;
    if (s.indent === col && s.key && s.dash === undefined) out.push(s.key);
  }
  return out;
}
