/** One preview panel: shows the journey map of one playbook and keeps it in step with the editor. */
import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import { JourneyCompare, JourneyRequest } from '../../../server/src/protocol';
import { previewHtml } from './html';
import { FromWebview, parseFromWebview, PreviewState, ToWebview } from '../../../server/src/previewProtocol';

export const PREVIEW_VIEW_TYPE = 'playbook.preview';

export class JourneyPreview implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private state: PreviewState;
  private updateTimer: NodeJS.Timeout | undefined;
  private requestSeq = 0;
  private readonly onDisposeEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.onDisposeEmitter.event;
  /** Fires after each update message is posted (tests wait on it). */
  private readonly onUpdateEmitter = new vscode.EventEmitter<{ version: number | null; hasJourney: boolean; compare?: JourneyCompare }>();
  readonly onDidUpdate = this.onUpdateEmitter.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly client: LanguageClient,
    mediaRoot: vscode.Uri,
    state: PreviewState,
    private readonly output: vscode.OutputChannel,
    private readonly onExport: (format: 'html' | 'svg' | 'mermaid', uri: vscode.Uri) => void,
    private readonly onPng: (png: Uint8Array, uri: vscode.Uri) => void,
  ) {
    this.state = state;
    panel.webview.options = { enableScripts: true, localResourceRoots: [mediaRoot] };
    panel.webview.html = previewHtml(panel.webview, mediaRoot, state);
    this.setTitle();
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m) => this.onMessage(m)),
    );
  }

  get resource(): vscode.Uri {
    return vscode.Uri.parse(this.state.uri);
  }

  get locked(): boolean {
    return this.state.locked;
  }

  setLocked(locked: boolean): void {
    this.state = { ...this.state, locked };
    this.setTitle();
    this.scheduleUpdate(0);
  }

  /** Compare mode: the other version (its text; null when the file is not in it) and its name. */
  private comparing: { label: string; text: string | null } | undefined;

  /** What the map is compared with, in compare mode. */
  get comparedWith(): string | undefined {
    return this.comparing?.label;
  }

  /** Enters compare mode against another version of this playbook (undefined: leaves it). */
  compareWith(other: { label: string; text: string | null } | undefined): void {
    this.comparing = other;
    this.setTitle();
    this.scheduleUpdate(0);
  }

  /** Shows another playbook (when following the active editor). */
  show(uri: vscode.Uri): void {
    if (uri.toString() === this.state.uri) return;
    // The other version was this playbook's: another one is not compared with it.
    this.comparing = undefined;
    this.state = { ...this.state, uri: uri.toString(), filter: '' };
    this.setTitle();
    this.scheduleUpdate(0);
  }

  /** Re-draws after the debounce delay (the journey comes from the language server). */
  scheduleUpdate(delayMs = 250): void {
    clearTimeout(this.updateTimer);
    this.updateTimer = setTimeout(() => void this.update(), delayMs);
  }

  /** Moves the highlighted card to the editor's cursor line. */
  postCursor(line: number): void {
    void this.post({ type: 'cursor', uri: this.state.uri, line });
  }

  private async update(): Promise<void> {
    const seq = ++this.requestSeq;
    const uri = this.state.uri;
    try {
      // The server knows open documents only: make sure this one is open.
      await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
      const result = await this.client.sendRequest(JourneyRequest, { uri, ...(this.comparing ? { compareWith: this.comparing } : {}) });
      if (seq !== this.requestSeq || uri !== this.state.uri) return; // a newer update is on its way
      await this.post({ type: 'update', uri, version: result.version, journeyJson: result.journey ? JSON.stringify(result.journey) : undefined, syntaxErrors: result.syntaxErrors, locked: this.state.locked, compare: result.compare });
      this.onUpdateEmitter.fire({ version: result.version, hasJourney: result.journey !== undefined, compare: result.compare });
    } catch (err) {
      this.output.appendLine(`[preview] could not draw ${uri}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private pngWaiters: { ok: (png: Uint8Array) => void; ko: (err: Error) => void }[] = [];

  /** Asks the webview to draw the SVG export on a canvas at 2x; resolves with the PNG bytes. */
  requestPng(timeoutMs = 30_000): Promise<Uint8Array> {
    return new Promise((ok, ko) => {
      const timer = setTimeout(() => {
        this.pngWaiters = this.pngWaiters.filter((w) => w.ok !== done);
        ko(new Error('the preview did not answer with a PNG in time'));
      }, timeoutMs);
      const done = (png: Uint8Array) => {
        clearTimeout(timer);
        ok(png);
      };
      this.pngWaiters.push({ ok: done, ko: (e) => (clearTimeout(timer), ko(e)) });
      void this.post({ type: 'exportPng' });
    });
  }

  private post(m: ToWebview): Thenable<boolean> {
    return this.panel.webview.postMessage(m);
  }

  private onMessage(raw: unknown): void {
    const m: FromWebview | undefined = parseFromWebview(raw);
    if (!m) {
      this.output.appendLine(`[preview] ignored an unexpected message from the webview: ${safeJson(raw)}`);
      return;
    }
    switch (m.type) {
      case 'ready':
        this.scheduleUpdate(0);
        break;
      case 'state':
        if (m.state.uri === this.state.uri) this.state = { ...m.state, locked: this.state.locked };
        break;
      case 'export':
        this.onExport(m.format, this.resource);
        break;
      case 'png': {
        const data = m.data instanceof Uint8Array ? m.data : Uint8Array.from(m.data);
        const waiters = this.pngWaiters;
        this.pngWaiters = [];
        if (waiters.length) for (const w of waiters) w.ok(data);
        else this.onPng(data, this.resource);
        break;
      }
      case 'pngFailed': {
        const waiters = this.pngWaiters;
        this.pngWaiters = [];
        for (const w of waiters) w.ko(new Error(m.reason));
        if (!waiters.length) void vscode.window.showErrorMessage(`Could not draw the journey map as PNG: ${m.reason}`);
        break;
      }
      case 'reveal':
        void this.reveal(m.uri, m.range);
        break;
    }
  }

  /** Selects a range of the previewed playbook in its editor; anything else is refused. */
  private async reveal(uri: string, [sl, sc, el, ec]: [number, number, number, number]): Promise<void> {
    if (uri !== this.state.uri) {
      this.output.appendLine(`[preview] ignored a reveal request for ${uri}: the preview shows ${this.state.uri}`);
      return;
    }
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
    if (sl >= doc.lineCount) return;
    const range = doc.validateRange(new vscode.Range(sl, sc, el, ec));
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri);
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, preserveFocus: false });
    editor.selection = new vscode.Selection(range.start, range.end);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private setTitle(): void {
    this.panel.title = `${this.state.locked ? '[Locked] ' : ''}Journey: ${previewName(this.state.uri)}${this.comparing ? ` ↔ ${this.comparing.label}` : ''}`;
  }

  dispose(): void {
    clearTimeout(this.updateTimer);
    this.onDisposeEmitter.fire();
    for (const d of this.disposables) d.dispose();
    this.onDisposeEmitter.dispose();
    this.onUpdateEmitter.dispose();
  }
}

function safeJson(x: unknown): string {
  try {
    return JSON.stringify(x).slice(0, 200);
  } catch {
    return String(x);
  }
}

/** The name a preview's title shows: the file name (`Untitled-1` for an untitled document, not `untitled:Untitled-1`). */
export function previewName(uri: string): string {
  let parsed: vscode.Uri;
  try {
    parsed = vscode.Uri.parse(uri, true);
  } catch {
    return uri;
  }
  return parsed.path.split('/').pop() || parsed.path || 'playbook';
}
