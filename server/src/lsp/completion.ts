/** textDocument/completion over core completion data. */
import { CompletionItem, CompletionItemKind, InsertTextFormat, InsertTextMode, MarkupKind, TextDocumentPositionParams } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { completeAt } from '../core/completion';
import type { AnalysisCache } from './documents';
import { toRange } from './convert';

const KIND = { key: CompletionItemKind.Property, value: CompletionItemKind.EnumMember, id: CompletionItemKind.Reference, framework: CompletionItemKind.Module, snippet: CompletionItemKind.Snippet } as const;

export function provideCompletion(doc: TextDocument, params: TextDocumentPositionParams, cache: AnalysisCache): CompletionItem[] {
  const offset = doc.offsetAt(params.position);
  return completeAt(doc.getText(), offset, cache.modelFor(doc), cache.get(doc).parsed.lines).map((e) => ({
    label: e.label,
    kind: KIND[e.kind],
    detail: e.detail,
    documentation: e.documentation ? { kind: MarkupKind.Markdown, value: e.documentation } : undefined,
    sortText: e.sortText,
    filterText: e.label,
    textEdit: { range: toRange(doc, e.replace), newText: e.insertText },
    insertTextFormat: e.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    insertTextMode: InsertTextMode.asIs,
  }));
}
