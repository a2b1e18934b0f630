/**
 * Quick fixes that insert new content (a touchpoint, a target) arrive from the server with a
 * plain-text edit any LSP client can apply, plus the same insertion as a snippet in the code
 * action's `data` (`SnippetFixData`). Here, in VS Code, such an action runs the snippet
 * instead: the user lands on the first placeholder (id, name, channel, owner...) and tabs
 * through the rest, and the inserted lines are revealed, not left off screen.
 */
import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient';
import { isSnippetFixData } from '../../server/src/protocol';

const COMMAND = 'playbook.insertSnippetFix';

/** The command the rewritten actions run: insert the snippet at its place in the document, then reveal it. */
export function registerSnippetFixCommand(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMAND, async (uri: string, line: number, character: number, snippet: string, version?: number) => {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
      // The text changed since the fix was computed: its position may be stale; do nothing (the fix is offered again).
      if (version !== undefined && doc.version !== version) return false;
      const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === doc.uri.toString());
      const editor = await vscode.window.showTextDocument(doc, { viewColumn: visible?.viewColumn, preserveFocus: false });
      let at = doc.validatePosition(new vscode.Position(line, character));
      let text = snippet;
      const eol = /^\r?\n/.exec(text)?.[0];
      if (eol && at.character > 0) {
        // VS Code indents a snippet's later lines like the line it starts on: start it on a line
        // of its own, at column 0, so the lines keep the indentation the server gave them.
        if (!(await editor.edit((b) => b.insert(at, eol), { undoStopBefore: true, undoStopAfter: false }))) return false;
        at = new vscode.Position(at.line + 1, 0);
        text = text.slice(eol.length);
      }
      const ok = await editor.insertSnippet(new vscode.SnippetString(text), at, { undoStopBefore: false, undoStopAfter: true });
      if (ok) editor.revealRange(editor.selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      return ok;
    }),
  );
}

/** Rewrites code actions that carry a snippet: the snippet command replaces their plain edit. */
export const snippetFixMiddleware: Pick<Middleware, 'provideCodeActions'> = {
  async provideCodeActions(document, range, context, token, next) {
    const actions = await next(document, range, context, token);
    if (!actions) return actions;
    return actions.map((a) => {
      if (!(a instanceof vscode.CodeAction)) return a;
      const data = (a as vscode.CodeAction & { data?: unknown }).data;
      if (!isSnippetFixData(data)) return a;
      const fix = new vscode.CodeAction(a.title, a.kind);
      fix.diagnostics = a.diagnostics;
      fix.isPreferred = a.isPreferred;
      fix.command = { title: a.title, command: COMMAND, arguments: [document.uri.toString(), data.snippet.line, data.snippet.character, data.snippet.text, document.version] };
      return fix;
    });
  },
};
