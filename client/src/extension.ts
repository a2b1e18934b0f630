/** The extension's desktop entry (`main`): the language server runs in Node, over IPC, restarted if it crashes. */
import * as vscode from 'vscode';
import { LanguageClient, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { activatePlaybooks, PlaybookExtensionApi } from './activate';
import { clientOptions } from './languageClient';

export type { PlaybookExtensionApi } from './activate';

export function activate(context: vscode.ExtensionContext): Promise<PlaybookExtensionApi> {
  const output = vscode.window.createOutputChannel('Playbook Language Server');
  context.subscriptions.push(output);
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  return activatePlaybooks(context, new LanguageClient('playbook', 'Playbook Language Server', serverOptions, clientOptions(context, output, ['file'])));
}

export function deactivate(): void {
  // The client is stopped through the context's subscriptions.
}
