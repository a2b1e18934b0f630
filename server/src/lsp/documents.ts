/**
 * The analysis of each document, computed once per version, with the
 * configuration the CLI would use for the same file.
 */
import { URI } from './uri';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Analysis, analyzePlaybook, reanalyzePlaybook } from '../core/analyze';
import { EditAccumulator } from '../core/incremental';
import { isCertainlyClean } from '../core/quickCheck';
import type { Finding } from '../core/types';
import type { PlaybookModel } from '../core/model';
import { ConfigCache } from '../node/files';
import type { SettingsShape } from '../protocol';

interface Entry {
  /** -1 when the text changed in a way that needs a full parse. */
  version: number;
  text: string;
  analysis: Analysis;
  lastGoodModel?: PlaybookModel;
}

export class AnalysisCache {
  private readonly entries = new Map<string, Entry>();
  /** Edits since each document's last analysis, merged into one region. */
  private readonly pending = new Map<string, EditAccumulator>();
  readonly configs = new ConfigCache();
  /** How long each document's last (re)analysis took, in ms: the diagnostics' debounce adapts to it. */
  private readonly costs = new Map<string, number>();

  /** Milliseconds the last analysis of a document took (undefined before the first). */
  lastCost(uri: string): number | undefined {
    return this.costs.get(uri);
  }

  constructor(private settings: () => SettingsShape) {}

  /** The analysis of a document's current text (cached per version). */
  get(doc: TextDocument): Analysis {
    return this.getEntry(doc.uri, doc.version, doc.getText()).analysis;
  }

  /** The model to complete ids from: the current one, or the last that parsed. */
  modelFor(doc: TextDocument): PlaybookModel | undefined {
    const e = this.getEntry(doc.uri, doc.version, doc.getText());
    return e.analysis.model ?? e.lastGoodModel;
  }

  /** Analyses a text for a URI (also for files on disk that are not open). */
  analyzeText(uri: string, text: string): Analysis {
    return analyzePlaybook(text, { rules: this.rulesFor(uri) });
  }

  /** Whether an analysis of this document exists (of any version). */
  has(uri: string): boolean {
    return this.entries.has(uri);
  }

  /** True when the text is certainly clean by the quick check (no positions needed to say so). */
  isQuicklyClean(uri: string, text: string): boolean {
    return isCertainlyClean(text, this.rulesFor(uri));
  }

  /** The findings of a file that is not open: the quick check first, the full analysis only when needed. */
  findingsOfClosed(uri: string, text: string): Finding[] {
    const rules = this.rulesFor(uri);
    return isCertainlyClean(text, rules) ? [] : analyzePlaybook(text, { rules }).findings;
  }

  /** Records an edit (offsets in the text before it) so the next analysis can re-parse just that region. */
  noteEdit(uri: string, start: number, end: number, insertedLength: number): void {
    let acc = this.pending.get(uri);
    if (!acc) {
      acc = new EditAccumulator();
      this.pending.set(uri, acc);
    }
    acc.add(start, end, insertedLength);
  }

  /** A full-text change: the next analysis parses the whole text (the last good model is kept for completion). */
  noteFullChange(uri: string): void {
    this.pending.delete(uri);
    const hit = this.entries.get(uri);
    if (hit) hit.version = -1;
  }

  private getEntry(uri: string, version: number, text: string): Entry {
    const hit = this.entries.get(uri);
    if (hit && hit.version === version && hit.text === text) return hit;
    const region = this.pending.get(uri)?.take();
    const started = performance.now();
    const analysis = hit && region && hit.version >= 0 ? reanalyzePlaybook(hit.analysis, text, region, { rules: this.rulesFor(uri) }) : this.analyzeText(uri, text);
    this.costs.set(uri, performance.now() - started);
    const entry: Entry = { version, text, analysis, lastGoodModel: analysis.model ?? hit?.lastGoodModel };
    this.entries.set(uri, entry);
    return entry;
  }

  /** Editor settings first, then the nearest .playbookrc.yaml (the playbook's own rules win inside core). */
  private rulesFor(uri: string): Record<string, 'error' | 'warning' | 'info' | 'off'> {
    const file = URI.toFsPath(uri);
    let rc: Record<string, 'error' | 'warning' | 'info' | 'off'> = {};
    if (file) {
      try {
        rc = this.configs.forPlaybook(file)?.config.rules ?? {};
      } catch {
        rc = {};
      }
    }
    return { ...this.settings().rules, ...rc };
  }

  forget(uri: string): void {
    this.entries.delete(uri);
    this.pending.delete(uri);
    this.costs.delete(uri);
  }

  /** Drops every cached analysis and config (settings or .playbookrc.yaml changed). */
  reset(): void {
    this.entries.clear();
    this.pending.clear();
    this.configs.clear();
  }
}
