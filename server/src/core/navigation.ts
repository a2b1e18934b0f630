/**
 * Ids under the cursor, their declaration and references, and rename edits.
 * Pure functions over an analysis; the LSP layer only converts ranges.
 */
import type { Analysis } from './analyze';
import { Entry, entriesOf, Kind, KINDS, LIST_KEY, PlaybookModel } from './model';
import { splitEntryPointer } from './nodeIndex';
import { locate } from './parse';
import { ID_PATTERN } from './text';

/** A declaration or reference of an id, with the offsets of the id text itself. */
export interface IdOccurrence {
  kind: Kind;
  id: string;
  /** Offsets of the id text (inside quotes when the value is quoted). */
  offsets: [number, number];
  isDeclaration: boolean;
  /** The entry holding this occurrence (undefined for the `framework` value of a built-in stage). */
  entry?: Entry;
}

/** Offsets of a scalar's text without its quotes. */
export function innerOffsets(text: string, [start, end]: [number, number]): [number, number] {
  const first = text[start];
  if ((first === '"' || first === "'") && end - start >= 2 && text[end - 1] === first) return [start + 1, end - 1];
  return [start, end];
}

/** Every id declaration and reference in the playbook, in file order. */
export function idOccurrences(analysis: Analysis): IdOccurrence[] {
  const { model, parsed } = analysis;
  if (!model) return [];
  const out: IdOccurrence[] = [];
  for (const kind of KINDS) {
    for (const e of entriesOf(model, kind)) {
      if (e.id === undefined) continue;
      const loc = locate(parsed, `${e.pointer}/id`);
      if (!loc.kind) continue;
      out.push({ kind, id: e.id, offsets: innerOffsets(parsed.text, loc.value), isDeclaration: true, entry: e });
    }
  }
  for (const ref of model.references) {
    const loc = parsed.nodes.get(ref.pointer);
    if (!loc?.kind) continue; // inside an alias: the id text is elsewhere
    // A lone id where a list belongs sits on the list's own pointer: still an occurrence.
    out.push({ kind: ref.target, id: ref.id, offsets: innerOffsets(parsed.text, loc.value), isDeclaration: false, entry: ref.from });
  }
  return out.sort((a, b) => a.offsets[0] - b.offsets[0]);
}

/** The id occurrence at an offset (the cursor may sit at either end of the id). */
export function occurrenceAt(analysis: Analysis, offset: number): IdOccurrence | undefined {
  const { model, parsed } = analysis;
  if (!model) return undefined;
  // Only the values around the cursor are looked at (a large playbook has thousands of ids).
  for (const [pointer, loc] of parsed.nodes.entriesAround(offset)) {
    if (loc.kind !== 'scalar') continue;
    const inner = innerOffsets(parsed.text, loc.value);
    if (offset < inner[0] || offset > inner[1]) continue;
    const split = splitEntryPointer(pointer);
    if (split && split[1] === '/id') {
      const [, list, index] = split[0].split('/');
      const kind = (Object.keys(LIST_KEY) as Kind[]).find((k) => LIST_KEY[k] === list)!;
      const entry = entriesOf(model, kind).find((e) => e.index === Number(index));
      if (entry?.id !== undefined) return { kind, id: entry.id, offsets: inner, isDeclaration: true, entry };
    }
    const ref = referencesByPointer(model).get(pointer);
    if (ref) return { kind: ref.target, id: ref.id, offsets: inner, isDeclaration: false, entry: ref.from };
  }
  return undefined;
}

const REFS_BY_POINTER = new WeakMap<object, Map<string, PlaybookModel['references'][number]>>();

function referencesByPointer(model: PlaybookModel): Map<string, PlaybookModel['references'][number]> {
  let map = REFS_BY_POINTER.get(model);
  if (!map) {
    map = new Map(model.references.map((r) => [r.pointer, r]));
    REFS_BY_POINTER.set(model, map);
  }
  return map;
}

/**
 * The declaration of an id: its first entry's `id` value; for a built-in stage
 * that `stages` does not list, the `framework` value.
 */
export function declarationOf(analysis: Analysis, kind: Kind, id: string): IdOccurrence | undefined {
  const { model, parsed } = analysis;
  if (!model) return undefined;
  const decl = idOccurrences(analysis).find((o) => o.isDeclaration && o.kind === kind && o.id === id && (kind !== 'stage' || !(o.entry as { notInFramework?: boolean }).notInFramework));
  if (decl) return decl;
  if (kind === 'stage' && model.stageById.get(id)?.builtIn) {
    const loc = locate(parsed, '/framework');
    if (loc.kind) return { kind, id, offsets: innerOffsets(parsed.text, loc.value), isDeclaration: true };
  }
  return undefined;
}

/** Every occurrence of an id of a kind (declarations and references). */
export function occurrencesOf(analysis: Analysis, kind: Kind, id: string, includeDeclaration = true): IdOccurrence[] {
  return idOccurrences(analysis).filter((o) => o.kind === kind && o.id === id && (includeDeclaration || !o.isDeclaration));
}

export type RenameCheck = { ok: true; occurrence: IdOccurrence } | { ok: false; message: string };

/** Whether the id at an offset can be renamed. Built-in framework stages cannot. */
export function prepareRename(analysis: Analysis, offset: number): RenameCheck {
  const occ = occurrenceAt(analysis, offset);
  if (!occ) return { ok: false, message: 'Place the cursor on an id or a reference to rename it.' };
  if (occ.kind === 'stage' && analysis.model?.framework && analysis.model.framework.id !== 'custom') {
    return { ok: false, message: `Stages of the built-in \`${analysis.model.framework.id}\` framework cannot be renamed. Use \`framework: custom\` to name your own stages.` };
  }
  return { ok: true, occurrence: occ };
}

export interface TextEdit {
  offsets: [number, number];
  newText: string;
}

/** Edits that rename the id at an offset everywhere in the playbook, touching only the id texts. */
export function renameEdits(analysis: Analysis, offset: number, newName: string): { edits: TextEdit[] } | { error: string } {
  const check = prepareRename(analysis, offset);
  if (!check.ok) return { error: check.message };
  if (!ID_PATTERN.test(newName)) return { error: `\`${newName}\` is not a valid id: use kebab-case (lowercase letters and digits separated by single dashes, starting with a letter).` };
  const { kind, id } = check.occurrence;
  if (newName !== id && idOccurrences(analysis).some((o) => o.isDeclaration && o.kind === kind && o.id === newName)) {
    return { error: `A ${kind} with id \`${newName}\` already exists in \`${LIST_KEY[kind]}\`.` };
  }
  return { edits: occurrencesOf(analysis, kind, id).map((o) => ({ offsets: o.offsets, newText: newName })) };
}
