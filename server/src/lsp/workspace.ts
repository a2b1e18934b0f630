/**
 * The whole workspace: validates every playbook on start (with progress, one file
 * at a time so the editor's own requests go first), so closed files show in the
 * Problems panel, shows the problems of the `.playbookrc.yaml` files it finds (configs.ts),
 * and answers workspace symbols (computed when first asked for).
 *
 * Files are known by their path key (uri.ts), so a file reached by the scan, by a watched-file
 * notice and as an open document is one file, whatever the spelling of its URI.
 */
import { Connection, SymbolInformation } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { configFileDiagnostics, isConfigFile } from './configs';
import type { AnalysisCache } from './documents';
import type { DiagnosticsScheduler } from './diagnostics';
import { toRange } from './convert';
import type { ServerHost } from './host';
import { workspaceSymbols } from './symbols';
import { ClientUris, pathKey } from './uri';

interface IndexedFile {
  file: string;
  /** The file's symbols, once computed (keyed by modification time and size). */
  symbols?: { stamp: string; list: SymbolInformation[] };
}

export class WorkspaceIndex {
  /** Playbook files on disk, by path key. */
  private readonly files = new Map<string, IndexedFile>();
  /** Configuration files whose on-disk diagnostics are shown, by path key. */
  private readonly configsShown = new Map<string, string>();
  folders: string[] = [];

  constructor(
    private readonly connection: Connection,
    private readonly host: ServerHost,
    private readonly cache: AnalysisCache,
    private readonly diagnostics: DiagnosticsScheduler,
    private readonly documents: (uri: string) => TextDocument | undefined,
    private readonly uris: ClientUris,
  ) {}

  /** The open document of a file, however the client spells its URI. */
  private openDocument(file: string): TextDocument | undefined {
    const uri = this.uris.openUri(file);
    return uri === undefined ? undefined : this.documents(uri);
  }

  /** Validates every playbook of the workspace folders that is not open in the editor, and shows the problems of every configuration file. */
  async validateAll(): Promise<number> {
    // What is already under way goes first: the diagnostics of a document opened at start are
    // written out (the connection writes on the next turn) before the folders are listed.
    await this.host.yield();
    const found: string[] = [];
    const configs: string[] = [];
    for (const f of this.host.listFiles(this.folders)) {
      if (isConfigFile(f)) configs.push(f);
      else if (this.cache.configs.selects(f)) found.push(f);
    }
    for (const c of configs) this.showConfig(c);
    // Files shown before that are not to be checked now (deleted, or left out by a configuration's include/exclude): cleared.
    const keys = new Set(found.map(pathKey));
    const dropped = [...this.files.values()].filter((e) => !keys.has(pathKey(e.file))).map((e) => e.file);
    for (const f of found) if (!this.files.has(pathKey(f))) this.files.set(pathKey(f), { file: f });
    for (const f of dropped) await this.refreshFile(f);
    const progress = await this.connection.window.createWorkDoneProgress().catch(() => undefined);
    progress?.begin('Validating playbooks', 0, `${found.length} files`, false);
    let done = 0;
    for (const f of found) {
      // Let requests and edits from the editor in between files.
      await this.host.yield();
      await this.refreshFile(f);
      done++;
      if (done % 10 === 0 || done === found.length) progress?.report(Math.round((done / Math.max(1, found.length)) * 100), `${done}/${found.length}`);
    }
    // A configuration shown before and not read this time (gone, or no longer governing anything here): as it is now.
    for (const c of [...this.configsShown.values()]) if (!this.cache.configs.seen.has(c)) this.showConfig(c);
    progress?.done();
    return found.length;
  }

  /**
   * Publishes the problems of a configuration file as it is on disk (none when it is gone),
   * unless it is open: then the diagnostics of its text stand.
   */
  showConfig(file: string): void {
    if (this.openDocument(file)) return;
    const got = this.cache.configs.read(file);
    const uri = this.uris.uriOf(file);
    if ('error' in got && got.missing) {
      this.configsShown.delete(pathKey(file));
      this.diagnostics.publishOther(uri, () => []);
      return;
    }
    this.configsShown.set(pathKey(file), file);
    this.diagnostics.publishOther(uri, () => configFileDiagnostics(got, uri));
  }

  /** Refreshes under way, by path key: the number of the latest one. */
  private readonly refreshes = new Map<string, number>();

  /** Files changed on disk, waiting to be checked again (in the order of their latest change), by path key. */
  private readonly queue = new Map<string, string>();
  private draining = false;

  /**
   * Files changed, created or deleted on disk (a branch switch changes thousands at once):
   * each is checked once more, as it is on disk when its turn comes, one file per turn so
   * the editor's requests and edits go first. A file changed again while it waits is
   * checked once, after its latest change.
   */
  enqueue(files: readonly string[]): void {
    for (const f of files) {
      const key = pathKey(f);
      this.queue.delete(key);
      this.queue.set(key, f);
    }
    if (!this.draining) void this.drain();
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.size) {
        const [[key, file]] = this.queue;
        this.queue.delete(key);
        await this.refreshFile(file);
        await this.host.yield();
      }
    } finally {
      this.draining = false;
    }
  }

  /**
   * A file changed on disk: re-publish its findings (unless it is open) and forget its
   * symbols; a file gone, or one the `.playbookrc.yaml` leaves out (as the CLI does), has none.
   */
  async refreshFile(file: string): Promise<void> {
    const key = pathKey(file);
    if (this.openDocument(file)) {
      this.files.set(key, { file });
      return;
    }
    // The latest refresh of a file wins: reads through the client (the browser) can end out of order.
    const turn = (this.refreshes.get(key) ?? 0) + 1;
    this.refreshes.set(key, turn);
    let text: string | undefined;
    try {
      text = await this.host.readText(file);
    } catch {
      // Not read this time (the editor did not answer): what is shown of the file stays.
      return;
    } finally {
      if (this.refreshes.get(key) === turn) this.refreshes.delete(key);
    }
    if ((this.refreshes.get(key) ?? turn) > turn) return;
    // Opened while it was being read: the document's diagnostics stand.
    if (this.openDocument(file)) {
      this.files.set(key, { file });
      return;
    }
    const uri = this.uris.uriOf(file);
    if (text === undefined || !this.cache.configs.selects(file)) {
      this.files.delete(key);
      this.diagnostics.clear(uri);
      return;
    }
    this.files.set(key, { file });
    this.diagnostics.publishForText(uri, text);
  }

  /** Symbols whose name contains the query's characters in order (case-insensitive), across all playbooks. */
  async query(query: string): Promise<SymbolInformation[]> {
    const q = query.toLowerCase();
    const matches = (name: string) => {
      let i = 0;
      for (const ch of name.toLowerCase()) if (ch === q[i]) i++;
      return i === q.length;
    };
    const out: SymbolInformation[] = [];
    for (const entry of [...this.files.values()]) for (const s of await this.symbolsOf(entry)) if (matches(s.name)) out.push(s);
    return out;
  }

  private async symbolsOf(entry: IndexedFile): Promise<SymbolInformation[]> {
    const { file } = entry;
    const open = this.openDocument(file);
    if (open) return this.toSymbols(open, this.cache.get(open));
    const stamp = await this.host.stamp(file);
    if (stamp === undefined) return [];
    if (entry.symbols && entry.symbols.stamp === stamp) return entry.symbols.list;
    const text = await this.host.readText(file).catch(() => undefined);
    if (text === undefined) return entry.symbols?.list ?? [];
    const uri = this.uris.uriOf(file);
    const doc = TextDocument.create(uri, 'playbook', 0, text);
    const list = this.toSymbols(doc, this.cache.analyzeText(uri, text));
    entry.symbols = { stamp, list };
    return list;
  }

  private toSymbols(doc: TextDocument, analysis: ReturnType<AnalysisCache['get']>): SymbolInformation[] {
    return workspaceSymbols(analysis).map((s) => ({ name: s.name, kind: s.kind, containerName: s.containerName, location: { uri: doc.uri, range: toRange(doc, s.selection) } }));
  }

}
