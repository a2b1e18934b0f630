/**
 * The whole workspace: validates every playbook on start (with progress, one file
 * at a time so the editor's own requests go first), so closed files show in the
 * Problems panel, and answers workspace symbols (computed when first asked for).
 */
import * as fs from 'fs';
import { Connection, SymbolInformation } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { documentSymbols } from '../core/symbols';
import { decodeBytes } from '../core/text';
import { isSelected, walkPlaybooks } from '../host/files';
import type { AnalysisCache } from './documents';
import type { DiagnosticsScheduler } from './diagnostics';
import { toRange } from './convert';
import { SYMBOL_KINDS } from './symbols';
import { URI } from './uri';

export class WorkspaceIndex {
  /** Playbook files on disk -> their symbols, once computed (keyed by modification time and size). */
  private readonly files = new Map<string, { stamp: string; symbols: SymbolInformation[] } | undefined>();
  folders: string[] = [];

  constructor(
    private readonly connection: Connection,
    private readonly cache: AnalysisCache,
    private readonly diagnostics: DiagnosticsScheduler,
    private readonly openDocument: (uri: string) => TextDocument | undefined,
  ) {}

  /** Validates every playbook of the workspace folders that is not open in the editor. */
  async validateAll(): Promise<number> {
    const found: string[] = [];
    for (const folder of this.folders) {
      try {
        walkPlaybooks(folder, (f) => {
          if (this.selected(f)) found.push(f);
        });
      } catch {
        // an unreadable folder: nothing to validate there
      }
    }
    for (const f of found) if (!this.files.has(f)) this.files.set(f, undefined);
    const progress = await this.connection.window.createWorkDoneProgress().catch(() => undefined);
    progress?.begin('Validating playbooks', 0, `${found.length} files`, false);
    let done = 0;
    for (const f of found) {
      // Let requests and edits from the editor in between files.
      await new Promise((r) => setImmediate(r));
      this.refreshFile(f);
      done++;
      if (done % 10 === 0 || done === found.length) progress?.report(Math.round((done / Math.max(1, found.length)) * 100), `${done}/${found.length}`);
    }
    progress?.done();
    return found.length;
  }

  /** Files changed on disk, waiting to be checked again (in the order of their latest change). */
  private readonly queue = new Set<string>();
  private draining = false;

  /**
   * Files changed, created or deleted on disk (a branch switch changes thousands at once):
   * each is checked once more, as it is on disk when its turn comes, one file per turn so
   * the editor's requests and edits go first. A file changed again while it waits is
   * checked once, after its latest change.
   */
  enqueue(files: readonly string[]): void {
    for (const f of files) {
      this.queue.delete(f);
      this.queue.add(f);
    }
    if (!this.draining) void this.drain();
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.size) {
        const [file] = this.queue;
        this.queue.delete(file);
        this.refreshFile(file);
        await new Promise((r) => setImmediate(r));
      }
    } finally {
      this.draining = false;
    }
  }

  /**
   * A file changed on disk: re-publish its findings (unless it is open) and forget its
   * symbols; a file gone, or one the `.playbookrc.yaml` leaves out (as the CLI does), has none.
   */
  refreshFile(file: string): void {
    const uri = URI.fromFsPath(file);
    if (this.openDocument(uri)) {
      this.files.set(file, undefined);
      return;
    }
    const text = this.read(file);
    if (text === undefined || !this.selected(file)) {
      this.remove(uri);
      return;
    }
    this.files.set(file, undefined);
    this.diagnostics.publishForText(uri, text);
  }

  private selected(file: string): boolean {
    try {
      return isSelected(this.cache.configs.forPlaybook(file), file);
    } catch {
      return true;
    }
  }

  remove(uri: string): void {
    const file = URI.toFsPath(uri);
    if (file) this.files.delete(file);
    if (!this.openDocument(uri)) this.diagnostics.clear(uri);
  }

  /** Symbols whose name contains the query's characters in order (case-insensitive), across all playbooks. */
  query(query: string): SymbolInformation[] {
    const q = query.toLowerCase();
    const matches = (name: string) => {
      let i = 0;
      for (const ch of name.toLowerCase()) if (ch === q[i]) i++;
      return i === q.length;
    };
    const out: SymbolInformation[] = [];
    for (const file of this.files.keys()) for (const s of this.symbolsOf(file)) if (matches(s.name)) out.push(s);
    return out;
  }

  private symbolsOf(file: string): SymbolInformation[] {
    const uri = URI.fromFsPath(file);
    const open = this.openDocument(uri);
    if (open) return this.toSymbols(open, this.cache.get(open));
    let stamp = '';
    try {
      const st = fs.statSync(file);
      stamp = `${st.mtimeMs}:${st.size}`;
    } catch {
      return [];
    }
    const hit = this.files.get(file);
    if (hit && hit.stamp === stamp) return hit.symbols;
    const text = this.read(file);
    if (text === undefined) return [];
    const doc = TextDocument.create(uri, 'playbook', 0, text);
    const symbols = this.toSymbols(doc, this.cache.analyzeText(uri, text));
    this.files.set(file, { stamp, symbols });
    return symbols;
  }

  private toSymbols(doc: TextDocument, analysis: ReturnType<AnalysisCache['get']>): SymbolInformation[] {
    const list: SymbolInformation[] = [];
    for (const group of documentSymbols(analysis)) {
      for (const s of group.children) {
        list.push({ name: s.name, kind: SYMBOL_KINDS[s.kind], containerName: group.name, location: { uri: doc.uri, range: toRange(doc, s.selection) } });
      }
    }
    return list;
  }

  private read(file: string): string | undefined {
    try {
      return decodeBytes(fs.readFileSync(file)).text;
    } catch {
      return undefined;
    }
  }
}
