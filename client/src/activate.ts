/** What the extension sets up around its language client, the same on the desktop and in the browser. Wiring only. */
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { registerCompareCommands } from './commands/compare';
import { exportJourney, registerExportCommands, savePng } from './commands/export';
import { registerNewPlaybook } from './commands/newPlaybook';
import { registerPreviewCommands } from './commands/preview';
import { registerRestartServer } from './commands/restartServer';
import { registerValidateWorkspace } from './commands/validateWorkspace';
import { registerRuleDocs } from './ruleDocs';
import { registerSnippetFixCommand } from './snippetFixes';
import { PreviewManager } from './preview/manager';
import { PlaybookStatusBar } from './statusBar';
import { registerFileRequests } from './workspaceFiles';

export interface PlaybookExtensionApi {
  /** Resolves once the language server is running. */
  ready: Promise<void>;
  /** The running language client (for tests and companion extensions). */
  client(): BaseLanguageClient;
  /** The journey previews (for tests). */
  previews: PreviewManager;
}

/** Starts `client` (made by the entry for its host) with the status bar, commands and previews. */
export async function activatePlaybooks(context: vscode.ExtensionContext, client: BaseLanguageClient): Promise<PlaybookExtensionApi> {
  const status = new PlaybookStatusBar(client);
  context.subscriptions.push(status);
  registerFileRequests(client);
  registerValidateWorkspace(context, client);
  registerRestartServer(context, client);
  registerNewPlaybook(context, client);
  registerSnippetFixCommand(context);
  registerRuleDocs(context);
  const previews = new PreviewManager(context, client, client.outputChannel, (format, uri) => void exportJourney(client, format, uri), (png, uri) => void savePng(png, uri));
  context.subscriptions.push(previews);
  registerPreviewCommands(context, previews);
  registerCompareCommands(context, previews);
  registerExportCommands(context, client, previews);
  const ready = client.start();
  context.subscriptions.push({ dispose: () => void client.stop() });
  await ready;
  return { ready, client: () => client, previews };
}
