/** Wires the LSP features to a connection. Each feature lives in its own file over the core. */
import { loadValidators } from '../core/schema';
import {
  CodeActionKind,
  Connection,
  DidChangeConfigurationNotification,
  InitializeResult,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIG_FILE_NAME } from '../core/config';
import { PLAYBOOK_FILE } from '../host/files';
import pkg from '../../../package.json';
import { DEFAULT_SETTINGS, SettingsShape } from '../protocol';
import { FIX_ALL_KIND, provideCodeActions } from './codeActions';
import { provideCompletion } from './completion';
import { DiagnosticsScheduler } from './diagnostics';
import { AnalysisCache, documentSync } from './documents';
import { provideHover } from './hover';
import { registerCustomRequests } from './requests';
import { provideDefinition, provideHighlights, providePrepareRename, provideReferences, provideRename } from './navigation';
import { provideCodeLenses, provideDocumentSymbols, provideFoldingRanges } from './symbols';
import { URI } from './uri';
import { WorkspaceIndex } from './workspace';

/** Starts the playbook language server on a connection. */
export function startServer(connection: Connection): void {
  // The schema's compiled validators are the largest module: loaded with the rest of the code, not at the first analysis.
  loadValidators();
  let settings: SettingsShape = DEFAULT_SETTINGS;
  let hasConfigurationCapability = false;
  const cache = new AnalysisCache(() => settings);
  const documents = new TextDocuments<TextDocument>(documentSync(cache));
  const diagnostics = new DiagnosticsScheduler(connection, cache, (uri) => documents.get(uri), () => ({ enabled: settings.validate.enable, debounceMs: settings.debounceMs }));
  const workspace = new WorkspaceIndex(connection, cache, diagnostics, (uri) => documents.get(uri));

  connection.onInitialize((params): InitializeResult => {
    hasConfigurationCapability = Boolean(params.capabilities.workspace?.configuration);
    workspace.folders = (params.workspaceFolders ?? []).map((f) => URI.toFsPath(f.uri)).filter((p): p is string => Boolean(p));
    if (!workspace.folders.length && params.rootUri) {
      const root = URI.toFsPath(params.rootUri);
      if (root) workspace.folders = [root];
    }
    return {
      capabilities: {
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
        workspace: { workspaceFolders: { supported: true } },
      },
      serverInfo: { name: 'playbook-language-server', version: pkg.version },
    };
  });

  const refreshSettings = async () => {
    if (hasConfigurationCapability) {
      const s = (await connection.workspace.getConfiguration('playbook').catch(() => undefined)) as Partial<SettingsShape> | undefined;
      settings = {
        validate: { enable: s?.validate?.enable ?? DEFAULT_SETTINGS.validate.enable },
        rules: s?.rules ?? {},
        debounceMs: typeof s?.debounceMs === 'number' && Number.isFinite(s.debounceMs) && s.debounceMs >= 0 ? s.debounceMs : DEFAULT_SETTINGS.debounceMs,
      };
    }
    cache.reset();
  };

  connection.onInitialized(async () => {
    if (hasConfigurationCapability) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'playbook' });
    await refreshSettings();
    await workspace.validateAll();
  });

  const revalidateAll = async () => {
    cache.reset();
    for (const doc of documents.all()) diagnostics.schedule(doc, true);
    await workspace.validateAll();
  };

  connection.onDidChangeConfiguration(async () => {
    await refreshSettings();
    await revalidateAll();
  });

  connection.onDidChangeWatchedFiles(async ({ changes }) => {
    if (changes.some((c) => c.uri.endsWith(`/${CONFIG_FILE_NAME}`))) {
      await revalidateAll();
      return;
    }
    // Changed, created and deleted alike: each file is checked as it is on disk when its turn comes.
    const files = changes.map((c) => URI.toFsPath(c.uri)).filter((f): f is string => Boolean(f) && PLAYBOOK_FILE.test(f!));
    workspace.enqueue(files);
  });

  documents.onDidOpen((e) => diagnostics.schedule(e.document, true));
  documents.onDidChangeContent((e) => diagnostics.schedule(e.document));
  documents.onDidClose((e) => {
    cache.forget(e.document.uri);
    diagnostics.forgetVersion(e.document.uri);
    const file = URI.toFsPath(e.document.uri);
    // A closed file keeps its on-disk findings (as the workspace validation shows them).
    if (file && PLAYBOOK_FILE.test(file)) workspace.refreshFile(file);
    else diagnostics.clear(e.document.uri);
  });

  const withDoc = <P extends { textDocument: { uri: string } }, R>(fallback: R, fn: (doc: TextDocument, p: P) => R) => (p: P): R => {
    const doc = documents.get(p.textDocument.uri);
    return doc ? fn(doc, p) : fallback;
  };

  connection.onCompletion(withDoc([], (doc, p) => provideCompletion(doc, p, cache)));
  connection.onHover(withDoc(null, (doc, p) => provideHover(doc, p, cache)));
  connection.onDefinition(withDoc(null, (doc, p) => provideDefinition(doc, p, cache)));
  connection.onReferences(withDoc([], (doc, p) => provideReferences(doc, p, cache)));
  connection.onDocumentHighlight(withDoc([], (doc, p) => provideHighlights(doc, p, cache)));
  connection.onPrepareRename(withDoc(null, (doc, p) => providePrepareRename(doc, p, cache)));
  connection.onRenameRequest(withDoc(null, (doc, p) => provideRename(doc, p, cache)));
  connection.onDocumentSymbol(withDoc([], (doc) => provideDocumentSymbols(doc, cache)));
  connection.onFoldingRanges(withDoc([], (doc) => provideFoldingRanges(doc, cache)));
  connection.onCodeLens(withDoc([], (doc) => provideCodeLenses(doc, cache)));
  connection.onCodeAction(withDoc([], (doc, p) => provideCodeActions(doc, p, cache)));
  connection.onWorkspaceSymbol((p) => workspace.query(p.query));
  registerCustomRequests(connection, { documents, cache, diagnostics, workspace });

  connection.onShutdown(() => diagnostics.dispose());
  documents.listen(connection);
  connection.listen();
}
