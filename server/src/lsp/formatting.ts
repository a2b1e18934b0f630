/**
 * Document formatting over core/format.ts: indentation normalised and entry keys in the
 * schema's order, every comment kept. A document the formatter refuses (syntax errors,
 * anchors...) gets no edit, and the reason goes to the log: format-on-save must never fail
 * loudly or change a file it cannot carry safely.
 */
import { Connection, DocumentFormattingParams, TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { formatPlaybook } from '../core/format';

/** The indentation to format with: the client's tab size when it indents with spaces (1 to 8), else 2. */
function indentOf(params: DocumentFormattingParams): number {
  const { tabSize, insertSpaces } = params.options;
  return insertSpaces && Number.isInteger(tabSize) && tabSize >= 1 && tabSize <= 8 ? tabSize : 2;
}

export function provideFormatting(doc: TextDocument, params: DocumentFormattingParams, connection: Connection): TextEdit[] {
  const text = doc.getText();
  const result = formatPlaybook(text, { indent: indentOf(params) });
  if ('refused' in result) {
    connection.console.info(`Not formatted: ${doc.uri}: ${result.refused}`);
    return [];
  }
  if (result.text === text) return [];
  // One edit over the lines that differ (the client may diff further).
  let start = 0;
  const max = Math.min(text.length, result.text.length);
  while (start < max && text.charCodeAt(start) === result.text.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && text.charCodeAt(text.length - 1 - end) === result.text.charCodeAt(result.text.length - 1 - end)) end++;
  // Whole lines, line breaks included: the edit starts and ends at line starts (never inside a CRLF).
  while (start > 0 && text[start - 1] !== '\n') start--;
  while (end > 0 && text[text.length - end - 1] !== '\n') end--;
  return [TextEdit.replace({ start: doc.positionAt(start), end: doc.positionAt(text.length - end) }, result.text.slice(start, result.text.length - end))];
}
