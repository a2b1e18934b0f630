/** Document symbols, folding ranges and stage code lenses, over core. */
import { CodeLens, DocumentSymbol, FoldingRange, SymbolKind } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { documentSymbols, foldingRanges, PlaybookSymbol, stageLenses } from '../core/symbols';
import type { AnalysisCache } from './documents';
import { toRange } from './convert';

const KIND: Record<PlaybookSymbol['kind'], SymbolKind> = {
  group: SymbolKind.Namespace,
  stage: SymbolKind.Enum,
  owner: SymbolKind.Interface,
  segment: SymbolKind.Class,
  trigger: SymbolKind.Event,
  touchpoint: SymbolKind.Function,
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

export function provideDocumentSymbols(doc: TextDocument, cache: AnalysisCache): DocumentSymbol[] {
  return documentSymbols(cache.get(doc)).map((s) => convert(doc, s));
}

export function provideFoldingRanges(doc: TextDocument, cache: AnalysisCache): FoldingRange[] {
  return foldingRanges(cache.get(doc)).map(([startLine, endLine]) => ({ startLine, endLine }));
}

export function provideCodeLenses(doc: TextDocument, cache: AnalysisCache): CodeLens[] {
  return stageLenses(cache.get(doc)).map((l) => ({ range: toRange(doc, l.offsets), command: { title: l.title, command: '' } }));
}

export { KIND as SYMBOL_KINDS };
