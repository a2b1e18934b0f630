/**
 * Rule documentation inside VS Code, offline: the rule pages ship in the extension
 * (docs/rules/<id>.md). A finding's code links to the bundled page instead of the web one, and
 * every playbook finding gets a "Show documentation for <rule>" code action that opens the page
 * in the Markdown preview.
 */
import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient';

const COMMAND = 'playbook.showRuleDoc';
/** What the server links to: `.../docs/rules/<id>.md` on the web. */
const WEB_PAGE = /\/docs\/rules\/([a-z][a-z0-9-]*)\.md$/;

/** The bundled page of a rule, if the extension has one. */
function bundledPage(context: vscode.ExtensionContext, ruleId: string): vscode.Uri {
  return vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules', `${ruleId}.md`);
}

function ruleOf(d: vscode.Diagnostic): string | undefined {
  const code = d.code;
  if (typeof code === 'object' && code && typeof code.value === 'string') return code.value;
  return typeof code === 'string' ? code : undefined;
}

/** "Playbook: Show Rule Documentation": the page of a rule (asked for when not given) in the Markdown preview. */
export function registerRuleDocs(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMAND, async (ruleId?: unknown) => {
      let id = typeof ruleId === 'string' ? ruleId : undefined;
      if (!id) {
        const dir = vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules');
        const pages = (await vscode.workspace.fs.readDirectory(dir)).map(([name]) => name).filter((n) => /^[a-z][a-z0-9-]*\.md$/.test(n));
        id = (await vscode.window.showQuickPick(pages.map((p) => p.replace(/\.md$/, '')).sort(), { title: 'Rule documentation', placeHolder: 'Choose a rule' })) ?? undefined;
      }
      if (!id || !/^[a-z][a-z0-9-]*$/.test(id)) return undefined;
      const page = bundledPage(context, id);
      await vscode.commands.executeCommand('markdown.showPreview', page);
      return page;
    }),
  );
}

/** Links findings to the bundled pages, and offers "Show documentation" on each playbook finding. */
export function ruleDocsMiddleware(context: vscode.ExtensionContext): Pick<Middleware, 'handleDiagnostics' | 'provideCodeActions'> {
  return {
    handleDiagnostics(uri, diagnostics, next) {
      for (const d of diagnostics) {
        const code = d.code;
        if (typeof code !== 'object' || !code || typeof code.value !== 'string') continue;
        const m = WEB_PAGE.exec(code.target.path);
        if (m) d.code = { value: code.value, target: bundledPage(context, m[1]) };
      }
      next(uri, diagnostics);
    },
    async provideCodeActions(document, range, ctx, token, next) {
      const actions = (await next(document, range, ctx, token)) ?? [];
      const seen = new Set<string>();
      for (const d of ctx.diagnostics) {
        const id = d.source === 'playbook' ? ruleOf(d) : undefined;
        if (!id || seen.has(id) || !/^[a-z][a-z0-9-]*$/.test(id)) continue;
        seen.add(id);
        const show = new vscode.CodeAction(`Show documentation for ${id}`, vscode.CodeActionKind.QuickFix);
        show.command = { title: show.title, command: COMMAND, arguments: [id] };
        actions.push(show);
      }
      return actions;
    },
  };
}
