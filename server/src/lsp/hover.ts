/** textDocument/hover over core hover content. */
import { Hover, MarkupKind, TextDocumentPositionParams } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { hoverAt } from '../core/hover';
import type { AnalysisCache } from './documents';
import { toRange } from './convert';

export function provideHover(doc: TextDocument, params: TextDocumentPositionParams, cache: AnalysisCache): Hover | null {
  const h = hoverAt(cache.get(doc), doc.offsetAt(params.position));
  return h ? { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: toRange(doc, h.offsets) } : null;
}
