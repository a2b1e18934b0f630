/** Document symbols, workspace symbols, folding ranges and stage code lenses, over core. */
import { CodeLens, DocumentSymbol, FoldingRange, SymbolKind } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis } from '../core/analyze';
import { documentSymbols, foldingRanges, playbookSymbol, PlaybookSymbol, stageLenses } from '../core/symbols';
import type { AnalysisCache } from './documents';
import { toRange } from './convert';

/**
 * The symbol kinds of the outline, chosen for the icon and the label a CS-ops reader sees
 * (VS Code's outline, breadcrumbs and "Go to Symbol" grouped by kind), one kind per thing:
 *
 * | playbook part | kind        | why it reads naturally |
 * |---------------|-------------|------------------------|
 * | the playbook  | File        | the playbook is the file: its id, titled |
 * | `stages:`, `owners:`, … (the lists) | Array | a list of entries, drawn `[ ]` |
 * | stage         | EnumMember  | one step of the lifecycle's fixed, ordered set of stages |
 * | owner         | Operator    | who operates the touchpoints: a person, a team or an automation |
 * | segment       | Class       | a class of accounts, engaged alike |
 * | trigger       | Event       | what starts a touchpoint, drawn as a lightning bolt |
 * | touchpoint    | Method      | a method of engaging the customer: the planned interaction |
 * | KPI           | Number      | a figure to move, drawn `#` |
 *
 * Workspace symbols use the same kinds.
 */
const KIND: Record<PlaybookSymbol['kind'] | 'playbook', SymbolKind> = {
  playbook: SymbolKind.File,
  group: SymbolKind.Array,
  stage: SymbolKind.EnumMember,
  owner: SymbolKind.Operator,
  segment: SymbolKind.Class,
  trigger: SymbolKind.Event,
  touchpoint: SymbolKind.Method,
  kpi: SymbolKind.Number,
};

function convert(doc: TextDocument, s: PlaybookSymbol): DocumentSymbol {
  return {
    name: s.name,
    detail: s.detail,
    kind: KIND[s.kind],
    range: toRange(doc, s.offsets),
    selectionRange: toRange(doc, s.selection),
    children: s.children.map((c) => convert(doc, c)),
  };
}

/** The outline: the playbook (its `playbook:` line), then one group per list with its entries. */
export function provideDocumentSymbols(doc: TextDocument, cache: AnalysisCache): DocumentSymbol[] {
  const analysis = cache.get(doc);
  const outline = documentSymbols(analysis).map((s) => convert(doc, s));
  const self = playbookSymbol(analysis);
  if (self) outline.unshift({ name: self.name, detail: self.detail, kind: KIND.playbook, range: toRange(doc, self.offsets), selectionRange: toRange(doc, self.selection), children: [] });
  return outline;
}

/** The flat symbols of a playbook for workspace/symbol: the playbook, and every entry with its list as container. */
export function workspaceSymbols(analysis: Analysis): { name: string; kind: SymbolKind; containerName?: string; selection: [number, number] }[] {
  const out: { name: string; kind: SymbolKind; containerName?: string; selection: [number, number] }[] = [];
  const self = playbookSymbol(analysis);
  if (self) out.push({ name: self.name, kind: KIND.playbook, selection: self.selection });
  for (const group of documentSymbols(analysis)) {
    for (const s of group.children) out.push({ name: s.name, kind: KIND[s.kind], containerName: group.name, selection: s.selection });
  }
  return out;
}

export function provideFoldingRanges(doc: TextDocument, cache: AnalysisCache): FoldingRange[] {
  return foldingRanges(cache.get(doc)).map(([startLine, endLine]) => ({ startLine, endLine }));
}

export function provideCodeLenses(doc: TextDocument, cache: AnalysisCache): CodeLens[] {
  return stageLenses(cache.get(doc)).map((l) => ({ range: toRange(doc, l.offsets), command: { title: l.title, command: '' } }));
}
