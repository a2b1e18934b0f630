import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import { ValidateWorkspaceRequest } from '../../../server/src/protocol';

/** "Playbook: Validate Workspace": re-checks every playbook, open or not. */
export function registerValidateWorkspace(context: vscode.ExtensionContext, client: LanguageClient): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('playbook.validateWorkspace', async () => {
      const result = await client.sendRequest(ValidateWorkspaceRequest);
      void vscode.window.setStatusBarMessage(`Playbook: validated ${result.files} file(s)`, 4000);
      return result;
    }),
  );
}
