/**
 * The analysis of each document, computed once per version, with the
 * configuration the CLI would use for the same file.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentsConfiguration } from 'vscode-languageserver';
import { Analysis, analysisPath, analyzePlaybook, reanalyzePlaybook } from '../core/analyze';
import { diffRegions, EditAccumulator, EditRegion, likelyIncremental, reparseIncrementally } from '../core/incremental';
import type { Finding } from '../core/types';
import type { PlaybookModel } from '../core/model';
import type { SettingsShape } from '../protocol';
import { Governing, PlaybookConfigs } from './configs';
import { uriToPath } from './uri';

interface Entry {
  /** -1 when the text changed in a way that needs a full parse. */
  version: number;
  text: string;
  analysis: Analysis;
  lastGoodModel?: PlaybookModel;
}

export class AnalysisCache {
  private readonly entries = new Map<string, Entry>();
  /**
   * Edits since each document's last analysis, merged into one region; 'diff' after a
   * whole-text change: the next analysis compares the new text with the analysed one.
   */
  private readonly pending = new Map<string, EditAccumulator | 'diff'>();
  /** How long each document's last analysis of each kind took, in ms: the diagnostics' debounce adapts to it. */
  private readonly costs = new Map<string, { full?: number; entry?: number }>();

  /**
   * What the next analysis of a document will likely cost, in ms: the last incremental one's
   * when the pending edit lies inside one entry (optimistic, 0, before the first), else the
   * last full one's. Undefined before the first analysis.
   */
  expectedCost(uri: string, text: string): number | undefined {
    const hit = this.entries.get(uri);
    const cost = this.costs.get(uri) ?? {};
    if (!hit) return undefined;
    if (hit.text === text) return 0;
    const pending = this.pending.get(uri);
    const regions = pending === 'diff' ? this.diffOf(uri, hit, text) : pending ? [pending.peek()] : [];
    const incremental = regions.some((r) => r && likelyIncremental(hit.analysis.parsed, r));
    return incremental ? (cost.entry ?? 0) : cost.full;
  }

  constructor(
    private readonly settings: () => SettingsShape,
    readonly configs: PlaybookConfigs,
  ) {}

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

  /** The findings of a file that is not open. */
  findingsOfClosed(uri: string, text: string): Finding[] {
    // A one-off analysis (nothing kept for incremental edits: on a large workspace those weak
    // references cost more in garbage collection than the whole check). If the file is then
    // opened, this analysis is reused and its first edit is analysed in full.
    const analysis = analyzePlaybook(text, { rules: this.rulesFor(uri), retain: false });
    // Kept a few seconds for the open that often follows (the workspace validation reaches the file being opened).
    this.lastClosed = { uri, text, analysis };
    clearTimeout(this.closedTimer);
    this.closedTimer = setTimeout(() => (this.lastClosed = undefined), 5000);
    this.closedTimer.unref?.();
    return analysis.findings;
  }

  /** The last closed file's full analysis, reused when that very text is opened. */
  private lastClosed: { uri: string; text: string; analysis: Analysis } | undefined;
  private closedTimer: ReturnType<typeof setTimeout> | undefined;

  /** Records an edit (offsets in the text before it) so the next analysis can re-parse just that region. */
  noteEdit(uri: string, start: number, end: number, insertedLength: number): void {
    let acc = this.pending.get(uri);
    if (acc === 'diff') return; // the comparison at the next analysis covers this edit too
    if (!acc) {
      acc = new EditAccumulator();
      this.pending.set(uri, acc);
    }
    acc.add(start, end, insertedLength);
  }

  /** The last comparison of an analysed text with a newer one (asked for by the scheduler, then by the analysis). */
  private lastDiff: { uri: string; before: string; after: string; regions: EditRegion[] } | undefined;

  private diffOf(uri: string, hit: Entry, text: string): EditRegion[] {
    const d = this.lastDiff;
    if (d && d.uri === uri && d.before === hit.text && d.after === text) return d.regions;
    const regions = diffRegions(hit.text, text);
    this.lastDiff = { uri, before: hit.text, after: text, regions };
    return regions;
  }

  /** A whole-text change: the next analysis finds the changed region by comparing texts. */
  noteFullChange(uri: string): void {
    this.pending.set(uri, 'diff');
  }

  private getEntry(uri: string, version: number, text: string): Entry {
    const hit = this.entries.get(uri);
    if (hit && hit.text === text) {
      // Same text under a new version (an edit that changed nothing): the analysis stands.
      hit.version = version;
      this.pending.delete(uri);
      return hit;
    }
    const pending = this.pending.get(uri);
    this.pending.delete(uri);
    const closed = this.lastClosed;
    this.lastClosed = undefined;
    if (!hit && closed?.uri === uri && closed.text === text) {
      const entry: Entry = { version, text, analysis: closed.analysis, lastGoodModel: closed.analysis.model };
      this.entries.set(uri, entry);
      return entry;
    }
    const started = performance.now();
    const region = hit && (pending === 'diff' ? changedRegion(hit.analysis, text, this.diffOf(uri, hit, text)) : pending?.take());
    this.lastDiff = undefined;
    const analysis = hit && region ? reanalyzePlaybook(hit.analysis, text, region, { rules: this.rulesFor(uri) }) : this.analyzeText(uri, text);
    const cost = { ...this.costs.get(uri) };
    cost[analysisPath(analysis)?.path === 'entry' ? 'entry' : 'full'] = performance.now() - started;
    this.costs.set(uri, cost);
    const entry: Entry = { version, text, analysis, lastGoodModel: analysis.model ?? hit?.lastGoodModel };
    this.entries.set(uri, entry);
    return entry;
  }

  /**
   * Editor settings first, then the nearest .playbookrc.yaml (the playbook's own rules win inside
   * core). A configuration that cannot apply (unreadable, or with an error) adds nothing: see configs.ts.
   */
  rulesFor(uri: string): Record<string, 'error' | 'warning' | 'info' | 'off'> {
    return { ...this.settings().rules, ...this.governing(uri).config?.config.rules };
  }

  /** The configuration that governs a document (none for a URI that names no file). */
  governing(uri: string): Governing {
    const file = uriToPath(uri);
    return file ? this.configs.governing(file) : {};
  }

  forget(uri: string): void {
    this.entries.delete(uri);
    this.pending.delete(uri);
    this.costs.delete(uri);
    if (this.lastDiff && this.lastDiff.uri === uri) this.lastDiff = undefined;
    if (this.lastClosed?.uri === uri) this.lastClosed = undefined;
  }

  /** Drops every cached analysis and config (settings or .playbookrc.yaml changed). */
  reset(): void {
    this.lastClosed = undefined;
    this.lastDiff = undefined;
    this.costs.clear();
    this.entries.clear();
    this.pending.clear();
    this.configs.clear();
  }
}

/**
 * The region between the common prefix and suffix of the analysed text and the new
 * one. Where an insertion or deletion could sit in several places (typing a line
 * that repeats its neighbour's start), the variant the incremental parser accepts.
 */
function changedRegion(prev: Analysis, text: string, variants: EditRegion[]): EditRegion | undefined {
  if (variants.length < 2) return variants[0];
  return variants.find((r) => reparseIncrementally(prev.parsed, text, r)) ?? variants[0];
}

/**
 * Document sync that tells the analysis cache where each edit happened, so the
 * next analysis re-parses just that region. After a whole-text change (which the
 * LSP allows any client to send) the next analysis compares the new text with the
 * one it last analysed, and takes the same incremental path as for a ranged edit;
 * `wholeText` hears of each such change (the host frees what its message leaves).
 */
export function documentSync(cache: AnalysisCache, wholeText?: (length: number) => void): TextDocumentsConfiguration<TextDocument> {
  return {
    create: TextDocument.create,
    update(doc, changes, version) {
      for (const change of changes) {
        if ('range' in change) {
          const start = doc.offsetAt(change.range.start);
          const end = doc.offsetAt(change.range.end);
          TextDocument.update(doc, [change], doc.version);
          cache.noteEdit(doc.uri, start, end, change.text.length);
        } else {
          TextDocument.update(doc, [change], doc.version);
          cache.noteFullChange(doc.uri);
          wholeText?.(change.text.length);
        }
      }
      return TextDocument.update(doc, [], version);
    },
  };
}
