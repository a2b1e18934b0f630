/**
 * Diagnostics: per document, dropped when the document moved on, never published for
 * an older version than one already published.
 *
 * When to publish after an edit (issue "speed as users feel it"):
 * - A document whose next analysis is expected to take under CHEAP_MS is analysed at once
 *   (the expectation: the last incremental analysis's time when the edit lies inside one
 *   entry, so the first edit after an open is not held by the open's full parse). If the edit
 *   adds no finding (it only removes findings, moves them, or changes none), the result is
 *   published at once: a fixed problem's squiggle goes away as the key is pressed.
 * - New findings wait for the debounce (`playbook.debounceMs`, 200 ms by default) after the
 *   last keystroke, so an id half-typed does not flash a squiggle.
 * - A document whose analysis is slower is analysed once, after the debounce.
 * A finding is "the same" when its rule and message are (its range may move with the text).
 *
 * An open `.playbookrc.yaml` is checked on every change (configs.ts). Every publish goes through
 * a DiagnosticsSink: one file's diagnostics live under one URI, the client's spelling of it.
 */
import type { Connection, Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../core/types';
import { configTextDiagnostics, isConfigFile } from './configs';
import type { AnalysisCache } from './documents';
import { toDiagnostic } from './convert';
import { fileKey } from './uri';

/** An analysis under this many milliseconds is run on every keystroke. */
export const CHEAP_MS = 20;
/** The debounce when `playbook.debounceMs` is not set. */
export const DEFAULT_DEBOUNCE_MS = 200;

function counts(findings: readonly Finding[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const f of findings) {
    const k = `${f.ruleId}\u0000${f.severity}\u0000${f.message}`;
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

/** True when `next` holds no finding that `shown` did not (counting repeats). */
function addsNothing(shown: Map<string, number> | undefined, next: readonly Finding[]): boolean {
  if (!shown) return false;
  for (const [k, n] of counts(next)) if (n > (shown.get(k) ?? 0)) return false;
  return true;
}

/**
 * Sends diagnostics, keeping each file's under one URI: when they move to another spelling of
 * the file's URI (the workspace scan's, then the client's when it opens the file), the old
 * spelling is cleared first, so a client that compares URIs as strings never shows two sets.
 */
export class DiagnosticsSink {
  /** File key -> the URI its (non-empty) diagnostics were last published under. */
  private readonly holders = new Map<string, string>();

  constructor(private readonly connection: Connection) {}

  send(uri: string, diagnostics: Diagnostic[], version?: number): void {
    const key = fileKey(uri);
    const before = this.holders.get(key);
    if (before !== undefined && before !== uri) void this.connection.sendDiagnostics({ uri: before, diagnostics: [] });
    if (diagnostics.length) this.holders.set(key, uri);
    else this.holders.delete(key);
    void this.connection.sendDiagnostics(version === undefined ? { uri, diagnostics } : { uri, version, diagnostics });
  }
}

/** The error put at the top of a playbook whose configuration does not apply (configs.ts), if any. */
export type ConfigProblemOf = (uri: string, text: string) => Diagnostic | undefined;

export class DiagnosticsScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly published = new Map<string, number>();
  /** What each document's last publish showed (rule + message counts). */
  private readonly shown = new Map<string, Map<string, number>>();
  /** Documents with an immediate run pending (an open, a configuration change): an edit does not delay it. */
  private readonly immediate = new Set<string>();

  constructor(
    private readonly sink: DiagnosticsSink,
    private readonly cache: AnalysisCache,
    private readonly current: (uri: string) => TextDocument | undefined,
    private readonly options: () => { enabled: boolean; debounceMs: number | null },
    private readonly configProblem: ConfigProblemOf = () => undefined,
  ) {}

  private debounce(): number {
    return this.options().debounceMs ?? DEFAULT_DEBOUNCE_MS;
  }

  /** Validates a document after an edit (see the file comment); immediately when `now`. */
  schedule(doc: TextDocument, now = false): void {
    const uri = doc.uri;
    if (!now && this.immediate.has(uri)) return; // the pending immediate run reads the newest text
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    if (now || isConfigFile(uri)) {
      this.immediate.add(uri);
      this.later(uri, 0);
      return;
    }
    if (!this.options().enabled || (this.cache.expectedCost(uri, doc.getText()) ?? Infinity) >= CHEAP_MS) {
      this.later(uri, this.debounce());
      return;
    }
    // Cheap: analyse in this turn (edits of one message are coalesced by the caller's tick).
    this.later(uri, 0, true);
  }

  private later(uri: string, delay: number, onlyIfNothingNew = false): void {
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        this.immediate.delete(uri);
        this.publish(uri, onlyIfNothingNew);
      }, delay),
    );
  }

  private publish(uri: string, onlyIfNothingNew = false): void {
    const doc = this.current(uri);
    if (!doc) return;
    if (!this.options().enabled) {
      this.shown.delete(uri);
      this.sink.send(uri, []);
      return;
    }
    const version = doc.version;
    if (isConfigFile(uri)) {
      this.sink.send(uri, configTextDiagnostics(doc.getText(), uri), version);
      return;
    }
    const analysis = this.cache.get(doc);
    // The document may have changed while we analysed: a newer run is scheduled then.
    if (this.current(uri)?.version !== version) return;
    if ((this.published.get(uri) ?? -Infinity) > version) return;
    if (onlyIfNothingNew && !addsNothing(this.shown.get(uri), analysis.findings)) {
      // New findings: shown once typing pauses (the analysis is cached for that version).
      this.later(uri, this.debounce());
      return;
    }
    this.published.set(uri, version);
    this.shown.set(uri, counts(analysis.findings));
    this.sink.send(uri, this.withConfigProblem(uri, doc.getText(), analysis.findings), version);
  }

  /** Publishes findings for a file that is not open (workspace validation). */
  publishForText(uri: string, text: string): void {
    if (!this.options().enabled) {
      this.sink.send(uri, []);
      return;
    }
    this.sink.send(uri, this.withConfigProblem(uri, text, this.cache.findingsOfClosed(uri, text)));
  }

  /** Publishes the diagnostics of a file that is not open and is not a playbook (a configuration file on disk). */
  publishOther(uri: string, diagnostics: () => Diagnostic[]): void {
    this.sink.send(uri, this.options().enabled ? diagnostics() : []);
  }

  private withConfigProblem(uri: string, text: string, findings: readonly Finding[]): Diagnostic[] {
    const diagnostics = findings.map((f) => toDiagnostic(f, uri));
    const problem = this.configProblem(uri, text);
    return problem ? [problem, ...diagnostics] : diagnostics;
  }

  /** A document was closed: its next life starts again at version 1. */
  forgetVersion(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.published.delete(uri);
    this.shown.delete(uri);
    this.immediate.delete(uri);
  }

  clear(uri: string): void {
    this.forgetVersion(uri);
    this.sink.send(uri, []);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
