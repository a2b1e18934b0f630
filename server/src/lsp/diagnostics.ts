/**
 * Diagnostics: debounced per document, dropped when the document moved on,
 * never published for an older version than one already published.
 */
import type { Connection } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisCache } from './documents';
import { toDiagnostic } from './convert';

export class DiagnosticsScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly published = new Map<string, number>();

  constructor(
    private readonly connection: Connection,
    private readonly cache: AnalysisCache,
    private readonly current: (uri: string) => TextDocument | undefined,
    private readonly options: () => { enabled: boolean; debounceMs: number },
  ) {}

  /** Validates a document after the debounce delay (immediately when `now`). */
  schedule(doc: TextDocument, now = false): void {
    const uri = doc.uri;
    clearTimeout(this.timers.get(uri));
    const delay = now ? 0 : this.options().debounceMs;
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        this.publish(uri);
      }, delay),
    );
  }

  private publish(uri: string): void {
    const doc = this.current(uri);
    if (!doc) return;
    if (!this.options().enabled) {
      void this.connection.sendDiagnostics({ uri, diagnostics: [] });
      return;
    }
    const version = doc.version;
    if (!this.cache.has(uri) && this.cache.isQuicklyClean(uri, doc.getText())) {
      // Just opened and clean: say so now; the full analysis (positions for completion,
      // navigation and incremental edits) is built right after, off the critical path.
      this.published.set(uri, version);
      void this.connection.sendDiagnostics({ uri, version, diagnostics: [] });
      setTimeout(() => {
        const current = this.current(uri);
        if (current) this.cache.get(current);
      }, 0);
      return;
    }
    const analysis = this.cache.get(doc);
    // The document may have changed while we analysed: a newer run is scheduled then.
    if (this.current(uri)?.version !== version) return;
    if ((this.published.get(uri) ?? -Infinity) > version) return;
    this.published.set(uri, version);
    void this.connection.sendDiagnostics({ uri, version, diagnostics: analysis.findings.map((f) => toDiagnostic(f, uri)) });
  }

  /** Publishes findings for a file that is not open (workspace validation). */
  publishForText(uri: string, text: string): void {
    if (!this.options().enabled) {
      void this.connection.sendDiagnostics({ uri, diagnostics: [] });
      return;
    }
    void this.connection.sendDiagnostics({ uri, diagnostics: this.cache.findingsOfClosed(uri, text).map((f) => toDiagnostic(f, uri)) });
  }

  /** A document was closed: its next life starts again at version 1. */
  forgetVersion(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.published.delete(uri);
  }

  clear(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.published.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
