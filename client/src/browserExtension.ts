/**
 * The extension's browser entry (`browser`: github.dev, vscode.dev): the language server runs
 * in a web worker (dist/web/server.js) and reads the workspace's files through this client
 * (workspaceFiles.ts). Everything else is the desktop extension's code.
 */
import * as vscode from 'vscode';
import { BaseLanguageClient, BrowserMessageReader, BrowserMessageWriter, LanguageClient, LanguageClientOptions, MessageTransports } from 'vscode-languageclient/browser';
import { activatePlaybooks, PlaybookExtensionApi } from './activate';
import { clientOptions } from './languageClient';

export type { PlaybookExtensionApi } from './activate';

/** A web worker (the extension is type-checked against Node's declarations, which have none). */
declare const Worker: new (url: string) => ServerWorker;

type ServerWorker = ConstructorParameters<typeof LanguageClient>[3];

/**
 * The server's web worker. VS Code's browser extension host starts workers from the extension's
 * own URL (https on vscode.dev and github.dev), but refuses URLs of an extension served by a
 * remote (`vscode-remote:`: code-server, remote tunnels); there the script is fetched (the host
 * maps such URLs for fetch) and started from a blob.
 */
async function startServerWorker(script: vscode.Uri): Promise<ServerWorker> {
  try {
    return new Worker(script.toString(true));
  } catch {
    const response = await fetch(script.toString(true));
    if (!response.ok) throw new Error(`cannot load the language server (${script.toString(true)}): HTTP ${response.status}`);
    const blob = new Blob([await response.text()], { type: 'application/javascript' });
    return new Worker(URL.createObjectURL(blob));
  }
}

/**
 * The language client over a server worker of its own, a fresh one at each start: *Restart
 * Server* (a stop and a start) ends the old worker and starts a new one, as the desktop starts
 * a new process. (vscode-languageclient's browser client keeps one worker for its life.)
 */
class WorkerLanguageClient extends BaseLanguageClient {
  private worker: (ServerWorker & { terminate(): void }) | undefined;

  constructor(options: LanguageClientOptions, private readonly script: vscode.Uri) {
    super('playbook', 'Playbook Language Server', options);
  }

  protected async createMessageTransports(): Promise<MessageTransports> {
    this.worker?.terminate();
    this.worker = (await startServerWorker(this.script)) as ServerWorker & { terminate(): void };
    return { reader: new BrowserMessageReader(this.worker), writer: new BrowserMessageWriter(this.worker) };
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<PlaybookExtensionApi> {
  const output = vscode.window.createOutputChannel('Playbook Language Server');
  context.subscriptions.push(output);
  return activatePlaybooks(context, new WorkerLanguageClient(clientOptions(context, output), vscode.Uri.joinPath(context.extensionUri, 'dist/web/server.js')));
}

export function deactivate(): void {
  // The client is stopped through the context's subscriptions.
}
