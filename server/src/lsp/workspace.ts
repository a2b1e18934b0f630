/**
 * The whole workspace: validates every playbook on start (with progress), so
 * closed files show in the Problems panel, and answers workspace symbols.
 */
import * as fs from 'fs';
import { Connection, SymbolInformation } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { decodeBytes } from '../core/text';
import { documentSymbols } from '../core/symbols';
import { isSelected, walkPlaybooks } from '../node/files';
import type { AnalysisCache } from './documents';
import type { DiagnosticsScheduler } from './diagnostics';
import { toRange } from './convert';
import { SYMBOL_KINDS } from './symbols';
import { URI } from './uri';

export class WorkspaceIndex {
  private readonly symbols = new Map<string, SymbolInformation[]>();
  folders: string[] = [];

  constructor(
    private readonly connection: Connection,
    private readonly cache: AnalysisCache,
    private readonly diagnostics: DiagnosticsScheduler,
    private readonly isOpen: (uri: string) => boolean,
  ) {}

  /** Validates every playbook of the workspace folders that is not open in the editor. */
  async validateAll(): Promise<number> {
    const files: string[] = [];
    for (const folder of this.folders) {
      try {
        walkPlaybooks(folder, (f) => {
          let selected = true;
          try {
            selected = isSelected(this.cache.configs.forPlaybook(f), f);
          } catch {
            selected = true;
          }
          if (selected) files.push(f);
        });
      } catch {
        // an unreadable folder: nothing to validate there
      }
    }
    const progress = await this.connection.window.createWorkDoneProgress().catch(() => undefined);
    progress?.begin('Validating playbooks', 0, `${files.length} files`, false);
    let done = 0;
    for (const f of files) {
      this.refreshFile(f);
      done++;
      progress?.report(Math.round((done / Math.max(1, files.length)) * 100), `${done}/${files.length}`);
      if (done % 20 === 0) await new Promise((r) => setImmediate(r));
    }
    progress?.done();
    return files.length;
  }

  /** Re-reads a file from disk: diagnostics (unless open) and symbols. */
  refreshFile(file: string): void {
    const uri = URI.fromFsPath(file);
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch {
      this.remove(uri);
      return;
    }
    const text = decodeBytes(bytes).text;
    if (!this.isOpen(uri)) this.diagnostics.publishForText(uri, text);
    this.updateSymbols(uri, text);
  }

  updateSymbols(uri: string, text: string): void {
    const doc = TextDocument.create(uri, 'playbook', 0, text);
    const analysis = this.cache.analyzeText(uri, text);
    const list: SymbolInformation[] = [];
    for (const group of documentSymbols(analysis)) {
      for (const s of group.children) {
        list.push({ name: s.name, kind: SYMBOL_KINDS[s.kind], containerName: group.name, location: { uri, range: toRange(doc, s.selection) } });
      }
    }
    this.symbols.set(uri, list);
  }

  remove(uri: string): void {
    this.symbols.delete(uri);
    if (!this.isOpen(uri)) this.diagnostics.clear(uri);
  }

  /** Symbols whose name contains the query's characters in order (case-insensitive). */
  query(query: string): SymbolInformation[] {
    const q = query.toLowerCase();
    const matches = (name: string) => {
      let i = 0;
      for (const ch of name.toLowerCase()) if (ch === q[i]) i++;
      return i === q.length;
    };
    return [...this.symbols.values()].flat().filter((s) => matches(s.name));
  }
}
