/**
 * Wires the language server to a connection. The parts are made in context.ts; what the server
 * offers and learns of the client at initialize in capabilities.ts; the editor's settings in
 * settings.ts; documents and files changed on disk in fileEvents.ts; the LSP features in
 * features.ts (each feature in its own file over the core); custom requests in requests.ts.
 */
import type { Connection, InitializeResult } from 'vscode-languageserver';
import pkg from '../../../package.json';
import { loadValidators } from '../core/schema';
import { clientSupport, SERVER_CAPABILITIES, workspaceFolderPaths } from './capabilities';
import { createServerContext, revalidateAll } from './context';
import type { ServerHost } from './host';
import { registerFeatures } from './features';
import { onWatchedFiles, trackDocuments } from './fileEvents';
import { registerCustomRequests } from './requests';

/** Starts the playbook language server on a connection, reading the workspace's files through `host`. */
export function startServer(connection: Connection, host: ServerHost): void {
  // The schema's compiled validators are the largest module: loaded with the rest of the code, not at the first analysis.
  loadValidators();
  const ctx = createServerContext(connection, host);

  connection.onInitialize((params): InitializeResult => {
    ctx.support = clientSupport(params);
    ctx.workspace.folders = workspaceFolderPaths(params);
    return { capabilities: SERVER_CAPABILITIES, serverInfo: { name: 'playbook-language-server', version: pkg.version } };
  });
  connection.onInitialized(async () => {
    ctx.settings.registerForChanges();
    const changed = await ctx.settings.refresh();
    // A host that copies the workspace's configuration files (the browser) may have analysed
    // documents opened before it had them, and settings other than the defaults change every
    // analysis: then the documents opened so far are checked again. Otherwise their analyses
    // stand (a document opened at once is not analysed twice).
    const configsKnown = await ctx.host.sync(ctx.workspace.folders);
    if (changed || configsKnown) {
      ctx.cache.reset();
      for (const doc of ctx.documents.all()) ctx.diagnostics.schedule(doc, true);
    }
    await ctx.workspace.validateAll();
  });
  connection.onDidChangeConfiguration(async ({ settings }) => {
    // Clients announce changes to any section, or none in particular: only a change to ours counts.
    if (await ctx.settings.refresh(settings)) await revalidateAll(ctx);
  });
  connection.onDidChangeWatchedFiles(({ changes }) => onWatchedFiles(ctx, changes));

  trackDocuments(ctx);
  registerFeatures(connection, ctx);
  registerCustomRequests(connection, ctx);

  connection.onShutdown(() => ctx.diagnostics.dispose());
  ctx.documents.listen(connection);
  connection.listen();
}
