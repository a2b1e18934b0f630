/**
 * What the client tells of files: documents opened, changed and closed, and files changed on
 * disk (didChangeWatchedFiles). Each keeps the client's spelling of the file's URI (uri.ts).
 */
import type { FileEvent } from 'vscode-languageserver';
import { PLAYBOOK_FILE } from '../host/configFiles';
import { isConfigFile } from './configs';
import { revalidateAll, ServerContext } from './context';
import { uriToPath } from './uri';

export function trackDocuments(ctx: ServerContext): void {
  const { documents, diagnostics, uris, cache, workspace } = ctx;
  let first = true;
  documents.onDidOpen((e) => {
    uris.opened(e.document.uri);
    diagnostics.schedule(e.document, true);
    if (first) {
      first = false;
      ctx.host.firstDocumentOpened?.();
    }
  });
  documents.onDidChangeContent((e) => diagnostics.schedule(e.document));
  documents.onDidClose((e) => {
    const uri = e.document.uri;
    cache.forget(uri);
    diagnostics.forgetVersion(uri);
    uris.closed(uri);
    const file = uriToPath(uri);
    // A closed file keeps its on-disk findings (as the workspace validation shows them).
    if (file && isConfigFile(file)) workspace.showConfig(file);
    else if (file && PLAYBOOK_FILE.test(file)) workspace.refreshFile(file).catch((err) => ctx.connection.console.error(`re-checking ${file} after it was closed: ${err instanceof Error ? err.message : String(err)}`));
    else diagnostics.clear(uri);
  });
}

/**
 * Files changed on disk. A `.playbookrc.yaml` changed, created or deleted: its own diagnostics
 * follow at once, then every playbook is checked again with it. Playbooks alone: each is
 * checked as it is on disk when its turn comes (workspace.ts).
 */
export async function onWatchedFiles(ctx: ServerContext, changes: readonly FileEvent[]): Promise<void> {
  for (const c of changes) ctx.uris.heard(c.uri);
  await ctx.host.changed(changes.map((c) => uriToPath(c.uri)).filter((f): f is string => f !== undefined));
  const configs = changes.map((c) => uriToPath(c.uri)).filter((f): f is string => f !== undefined && isConfigFile(f));
  if (configs.length) {
    await revalidateAll(ctx, configs);
    return;
  }
  const files = changes.map((c) => uriToPath(c.uri)).filter((f): f is string => f !== undefined && PLAYBOOK_FILE.test(f));
  ctx.workspace.enqueue(files);
}
