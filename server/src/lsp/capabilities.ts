/** What the server offers in its initialize result, and what it learns there of the client. */
import { CodeActionKind, InitializeParams, ServerCapabilities, TextDocumentSyncKind } from 'vscode-languageserver';
import { FIX_ALL_KIND } from './codeActions';
import { uriToPath } from './uri';

/** What the client said it supports, as far as the server's behaviour depends on it. */
export interface ClientSupport {
  /** It answers `workspace/configuration` (else settings come with didChangeConfiguration, if at all). */
  configuration: boolean;
  /** It accepts a dynamic registration (`client/registerCapability`) for `workspace/didChangeConfiguration`. */
  configurationChangeRegistration: boolean;
}

export function clientSupport(params: InitializeParams): ClientSupport {
  const workspace = params.capabilities.workspace;
  return {
    configuration: Boolean(workspace?.configuration),
    configurationChangeRegistration: Boolean(workspace?.didChangeConfiguration?.dynamicRegistration),
  };
}

/** The folders to validate: the workspace folders, else the root. */
export function workspaceFolderPaths(params: InitializeParams): string[] {
  const folders = (params.workspaceFolders ?? []).map((f) => uriToPath(f.uri)).filter((p): p is string => Boolean(p));
  const root = params.rootUri ? uriToPath(params.rootUri) : undefined;
  return folders.length || !root ? folders : [root];
}

export const SERVER_CAPABILITIES: ServerCapabilities = {
  textDocumentSync: TextDocumentSyncKind.Incremental,
  completionProvider: { triggerCharacters: [':', '[', ','], resolveProvider: false },
  hoverProvider: true,
  definitionProvider: true,
  referencesProvider: true,
  documentHighlightProvider: true,
  renameProvider: { prepareProvider: true },
  documentSymbolProvider: true,
  workspaceSymbolProvider: true,
  foldingRangeProvider: true,
  codeLensProvider: { resolveProvider: false },
  codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
  documentFormattingProvider: true,
  workspace: { workspaceFolders: { supported: true } },
};
