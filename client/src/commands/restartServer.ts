import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';

/** "Playbook: Restart Server": the desktop client's restart; in the browser, a stop and a start (a new server worker). */
export function registerRestartServer(context: vscode.ExtensionContext, client: LanguageClient): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('playbook.restartServer', async () => {
      // The desktop client's own restart waits for a debugged server's port to be free.
      const own = (client as { restart?: () => Promise<void> }).restart;
      if (own) return own.call(client);
      if (client.isRunning()) await client.stop();
      await client.start();
    }),
  );
}
