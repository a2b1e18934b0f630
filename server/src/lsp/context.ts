/** The language server's parts, made once per connection and wired to each other. */
import { Connection, TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { ClientSupport } from './capabilities';
import { configProblemDiagnostic, isConfigFile, PlaybookConfigs, shownPath } from './configs';
import { DiagnosticsScheduler, DiagnosticsSink } from './diagnostics';
import { AnalysisCache, documentSync } from './documents';
import type { ServerHost } from './host';
import { EditorSettings } from './settings';
import { ClientUris } from './uri';
import { WorkspaceIndex } from './workspace';

export interface ServerContext {
  connection: Connection;
  /** The workspace's files: on disk (Node), or through the client (browser). */
  host: ServerHost;
  /** Set by initialize. */
  support: ClientSupport;
  settings: EditorSettings;
  uris: ClientUris;
  cache: AnalysisCache;
  documents: TextDocuments<TextDocument>;
  diagnostics: DiagnosticsScheduler;
  workspace: WorkspaceIndex;
}

export function createServerContext(connection: Connection, host: ServerHost): ServerContext {
  const ctx = { connection, host, support: { configuration: false, configurationChangeRegistration: false }, uris: new ClientUris() } as ServerContext;
  ctx.settings = new EditorSettings(connection, () => ctx.support);
  // A configuration file read for the first time (looking up a playbook's) gets its problems shown.
  ctx.cache = new AnalysisCache(() => ctx.settings.current, new PlaybookConfigs(host.reader, (file) => ctx.workspace.showConfig(file)));
  ctx.documents = new TextDocuments<TextDocument>(documentSync(ctx.cache, (length) => host.wholeTextChanged?.(length)));
  ctx.diagnostics = new DiagnosticsScheduler(
    new DiagnosticsSink(connection),
    ctx.cache,
    (uri) => ctx.documents.get(uri),
    () => ({ enabled: ctx.settings.current.validate.enable, debounceMs: ctx.settings.current.debounceMs }),
    (uri, text) => {
      const { problem } = ctx.cache.governing(uri);
      return problem && configProblemDiagnostic(problem, text, shownPath(problem.file, ctx.workspace.folders), ctx.uris.uriOf(problem.file));
    },
  );
  ctx.workspace = new WorkspaceIndex(connection, host, ctx.cache, ctx.diagnostics, (uri) => ctx.documents.get(uri), ctx.uris);
  return ctx;
}

/** The open playbook a request is about; undefined when it is not open, or is a configuration file. */
export function playbookDocument(ctx: ServerContext, uri: string): TextDocument | undefined {
  return isConfigFile(uri) ? undefined : ctx.documents.get(uri);
}

/**
 * Settings or a configuration changed: every open document and every file of the workspace
 * again; the configuration files named first (their own diagnostics at once). `listAgain`
 * (Validate Workspace): the host first looks at the workspace's files afresh (the browser asks
 * the editor for the list; on a disk the scan always does).
 */
export async function revalidateAll(ctx: ServerContext, changedConfigs: readonly string[] = [], listAgain = false): Promise<number> {
  if (listAgain) await ctx.host.sync(ctx.workspace.folders);
  ctx.cache.reset();
  for (const file of changedConfigs) ctx.workspace.showConfig(file);
  for (const doc of ctx.documents.all()) ctx.diagnostics.schedule(doc, true);
  return ctx.workspace.validateAll();
}
