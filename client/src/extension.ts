/** Extension entry: creates the language client, status bar and commands. Wiring only. */
import * as vscode from 'vscode';
import { exportJourney, registerExportCommands, savePng } from './commands/export';
import { registerNewPlaybook } from './commands/newPlaybook';
import { registerPreviewCommands } from './commands/preview';
import { registerRestartServer } from './commands/restartServer';
import { registerValidateWorkspace } from './commands/validateWorkspace';
import { createLanguageClient } from './languageClient';
import { registerRuleDocs } from './ruleDocs';
import { registerSnippetFixCommand } from './snippetFixes';
import { PreviewManager } from './preview/manager';
import { PlaybookStatusBar } from './statusBar';

export interface PlaybookExtensionApi {
  /** Resolves once the language server is running. */
  ready: Promise<void>;
  /** The running language client (for tests and companion extensions). */
  client(): import('vscode-languageclient/node').LanguageClient;
  /** The journey previews (for tests). */
  previews: PreviewManager;
}

export async function activate(context: vscode.ExtensionContext): Promise<PlaybookExtensionApi> {
  const output = vscode.window.createOutputChannel('Playbook Language Server');
  context.subscriptions.push(output);
  const client = createLanguageClient(context, output);
  const status = new PlaybookStatusBar(client);
  context.subscriptions.push(status);
  registerValidateWorkspace(context, client);
  registerRestartServer(context, client);
  registerNewPlaybook(context, client);
  registerSnippetFixCommand(context);
  registerRuleDocs(context);
  const previews = new PreviewManager(context, client, output, (format, uri) => void exportJourney(client, format, uri), (png, uri) => void savePng(png, uri));
  context.subscriptions.push(previews);
  registerPreviewCommands(context, previews);
  registerExportCommands(context, client, previews);
  const ready = client.start();
  context.subscriptions.push({ dispose: () => void client.stop() });
  await ready;
  return { ready, client: () => client, previews };
}

export function deactivate(): void {
  // The client is stopped through the context's subscriptions.
}
