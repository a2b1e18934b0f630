/** The LSP features over an open playbook, each answered by its own module; a configuration document gets none (null). */
import type { Connection } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { provideCodeActions } from './codeActions';
import { provideCompletion } from './completion';
import { provideFormatting } from './formatting';
import { isConfigFile } from './configs';
import type { ServerContext } from './context';
import { provideHover } from './hover';
import { provideDefinition, provideHighlights, providePrepareRename, provideReferences, provideRename } from './navigation';
import { provideCodeLenses, provideDocumentSymbols, provideFoldingRanges } from './symbols';

export function registerFeatures(connection: Connection, { documents, cache, workspace }: ServerContext): void {
  /** Runs a feature on the request's open playbook; `fallback` when the document is not open, null for a configuration file. */
  const withDoc =
    <P extends { textDocument: { uri: string } }, R>(fallback: R, fn: (doc: TextDocument, p: P) => R) =>
    (p: P): R | null => {
      if (isConfigFile(p.textDocument.uri)) return null;
      const doc = documents.get(p.textDocument.uri);
      return doc ? fn(doc, p) : fallback;
    };
  connection.onCompletion(withDoc([], (doc, p) => provideCompletion(doc, p, cache)));
  connection.onHover(withDoc(null, (doc, p) => provideHover(doc, p, cache)));
  connection.onDefinition(withDoc(null, (doc, p) => provideDefinition(doc, p, cache)));
  connection.onReferences(withDoc([], (doc, p) => provideReferences(doc, p, cache)));
  connection.onDocumentHighlight(withDoc([], (doc, p) => provideHighlights(doc, p, cache)));
  connection.onPrepareRename(withDoc(null, (doc, p) => providePrepareRename(doc, p, cache)));
  connection.onRenameRequest(withDoc(null, (doc, p) => provideRename(doc, p, cache)));
  connection.onDocumentSymbol(withDoc([], (doc) => provideDocumentSymbols(doc, cache)));
  connection.onFoldingRanges(withDoc([], (doc) => provideFoldingRanges(doc, cache)));
  connection.onCodeLens(withDoc([], (doc) => provideCodeLenses(doc, cache)));
  connection.onCodeAction(withDoc([], (doc, p) => provideCodeActions(doc, p, cache)));
  connection.onDocumentFormatting(withDoc([], (doc, p) => provideFormatting(doc, p, connection)));
  connection.onWorkspaceSymbol((p) => workspace.query(p.query));
}
