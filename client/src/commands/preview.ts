import * as vscode from 'vscode';
import type { PreviewManager } from '../preview/manager';

function playbookUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  const editor = vscode.window.activeTextEditor;
  return editor?.document.languageId === 'playbook' ? editor.document.uri : undefined;
}

/** "Open Preview", "Open Preview to the Side" and "Toggle Preview Lock". */
export function registerPreviewCommands(context: vscode.ExtensionContext, previews: PreviewManager): void {
  const open = (toSide: boolean) => (arg?: unknown) => {
    const uri = playbookUri(arg);
    if (!uri) {
      void vscode.window.showInformationMessage('Open a playbook (*.playbook.yaml) to preview its journey map.');
      return undefined;
    }
    return previews.open(uri, toSide);
  };
  context.subscriptions.push(
    vscode.commands.registerCommand('playbook.showPreview', open(false)),
    vscode.commands.registerCommand('playbook.showPreviewToSide', open(true)),
    vscode.commands.registerCommand('playbook.togglePreviewLock', () => {
      const p = previews.active;
      if (p) p.setLocked(!p.locked);
      return p?.locked;
    }),
  );
}
