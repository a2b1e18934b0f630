/** Definition, references, document highlights and rename, over core navigation. */
import {
  DocumentHighlight,
  DocumentHighlightKind,
  Location,
  ReferenceParams,
  RenameParams,
  ResponseError,
  TextDocumentPositionParams,
  WorkspaceEdit,
  ErrorCodes,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { declarationOf, occurrenceAt, occurrencesOf, prepareRename, renameEdits } from '../core/navigation';
import type { AnalysisCache } from './documents';
import { toRange } from './convert';

export function provideDefinition(doc: TextDocument, params: TextDocumentPositionParams, cache: AnalysisCache): Location | null {
  const analysis = cache.get(doc);
  const occ = occurrenceAt(analysis, doc.offsetAt(params.position));
  if (!occ) return null;
  const decl = declarationOf(analysis, occ.kind, occ.id);
  return decl ? { uri: doc.uri, range: toRange(doc, decl.offsets) } : null;
}

export function provideReferences(doc: TextDocument, params: ReferenceParams, cache: AnalysisCache): Location[] {
  const analysis = cache.get(doc);
  const occ = occurrenceAt(analysis, doc.offsetAt(params.position));
  if (!occ) return [];
  return occurrencesOf(analysis, occ.kind, occ.id, params.context.includeDeclaration).map((o) => ({ uri: doc.uri, range: toRange(doc, o.offsets) }));
}

export function provideHighlights(doc: TextDocument, params: TextDocumentPositionParams, cache: AnalysisCache): DocumentHighlight[] {
  const analysis = cache.get(doc);
  const occ = occurrenceAt(analysis, doc.offsetAt(params.position));
  if (!occ) return [];
  return occurrencesOf(analysis, occ.kind, occ.id).map((o) => ({
    range: toRange(doc, o.offsets),
    kind: o.isDeclaration ? DocumentHighlightKind.Write : DocumentHighlightKind.Read,
  }));
}

export function providePrepareRename(doc: TextDocument, params: TextDocumentPositionParams, cache: AnalysisCache) {
  const check = prepareRename(cache.get(doc), doc.offsetAt(params.position));
  if (!check.ok) throw new ResponseError(ErrorCodes.InvalidRequest, check.message);
  return { range: toRange(doc, check.occurrence.offsets), placeholder: check.occurrence.id };
}

export function provideRename(doc: TextDocument, params: RenameParams, cache: AnalysisCache): WorkspaceEdit {
  const result = renameEdits(cache.get(doc), doc.offsetAt(params.position), params.newName);
  if ('error' in result) throw new ResponseError(ErrorCodes.InvalidRequest, result.error);
  return { changes: { [doc.uri]: result.edits.map((e) => ({ range: toRange(doc, e.offsets), newText: e.newText })) } };
}
