/** Quick fixes and "fix all" as LSP code actions, over core fixes. */
import { CodeAction, CodeActionKind, CodeActionParams } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { fixAll, Fix, fixesFor } from '../core/fixes';
import type { TextEdit } from '../core/navigation';
import type { AnalysisCache } from './documents';
import { toRange } from './convert';
import type { SnippetFixData } from '../protocol';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.playbook`;

function workspaceEdit(doc: TextDocument, edits: TextEdit[]) {
  return { changes: { [doc.uri]: edits.map((e) => ({ range: toRange(doc, e.offsets), newText: e.newText })) } };
}

export function provideCodeActions(doc: TextDocument, params: CodeActionParams, cache: AnalysisCache): CodeAction[] {
  const analysis = cache.get(doc);
  const only = params.context.only;
  const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
  const actions: CodeAction[] = [];
  if (wants(CodeActionKind.QuickFix)) {
    for (const d of params.context.diagnostics) {
      if (d.source !== 'playbook') continue;
      const finding = analysis.findings.find(
        (f) => f.ruleId === d.code && f.range.start.line === d.range.start.line && f.range.start.character === d.range.start.character && f.message === d.message,
      );
      if (!finding) continue;
      for (const fix of fixesFor(analysis, finding)) actions.push(toAction(doc, fix, d));
    }
  }
  if (wants(FIX_ALL_KIND)) {
    const edits = fixAll(analysis);
    if (edits.length) actions.push({ title: 'Fix all auto-fixable playbook problems', kind: FIX_ALL_KIND, edit: workspaceEdit(doc, edits) });
  }
  return actions;
}

function toAction(doc: TextDocument, fix: Fix, diagnostic: CodeAction['diagnostics'] extends (infer T)[] | undefined ? T : never): CodeAction {
  const action: CodeAction = { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: fix.preferred, edit: workspaceEdit(doc, fix.edits) };
  if (fix.snippet) {
    // The same insertion as a snippet, for a client that runs it (tab stops on the placeholders).
    const at = doc.positionAt(fix.snippet.offset);
    const data: SnippetFixData = { snippet: { line: at.line, character: at.character, text: fix.snippet.text } };
    action.data = data;
  }
  return action;
}
