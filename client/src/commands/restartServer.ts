import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

/** "Playbook: Restart Server". */
export function registerRestartServer(context: vscode.ExtensionContext, client: LanguageClient): void {
  context.subscriptions.push(vscode.commands.registerCommand('playbook.restartServer', () => client.restart()));
}
