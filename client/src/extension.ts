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
  // The server keeps its compiled code between starts (server/src/host/codeCache.ts) in the
  // extension's own storage, which VS Code removes with the extension; a PLAYBOOK_CODE_CACHE
  // set in the environment (a folder, or `off`) wins.
  const env = { ...process.env, PLAYBOOK_CODE_CACHE: process.env.PLAYBOOK_CODE_CACHE ?? vscode.Uri.joinPath(context.globalStorageUri, 'code-cache').fsPath };
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { env } },
    debug: { module, transport: TransportKind.ipc, options: { env, execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  return activatePlaybooks(context, new LanguageClient('playbook', 'Playbook Language Server', serverOptions, clientOptions(context, output, ['file'])));
}

export function deactivate(): void {
  // The client is stopped through the context's subscriptions.
}
