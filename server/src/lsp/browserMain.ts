/**
 * The language server in the browser (github.dev, vscode.dev): runs in a web worker that the
 * extension's browser entry starts, and talks LSP over the worker's messages. The same server
 * as the Node one; only the files come through the client (webHost.ts). Wiring only.
 */
import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import { startServer } from './server';
import { useWorkspaceUris } from './uri';
import { WebHost } from './webHost';

declare const self: ConstructorParameters<typeof BrowserMessageReader>[0];

useWorkspaceUris();
const connection = createConnection(new BrowserMessageReader(self), new BrowserMessageWriter(self));
startServer(connection, new WebHost(connection));
