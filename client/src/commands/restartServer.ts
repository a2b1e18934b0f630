import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';

/** "Playbook: Restart Server" (a stop and a start: the browser's client has no restart of its own). */
export function registerRestartServer(context: vscode.ExtensionContext, client: LanguageClient): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('playbook.restartServer', async () => {
      if (client.isRunning()) await client.stop();
      await client.start();
    }),
  );
}
