/**
 * Owns the journey previews: opens them, makes unlocked ones follow the active
 * playbook editor, forwards edits (debounced) and cursor moves, and restores
 * them after a window reload (WebviewPanelSerializer).
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import { normalizeState, type ExportFormat } from '../../../server/src/previewProtocol';
import { JourneyPreview, PREVIEW_VIEW_TYPE } from './panel';

export class PreviewManager implements vscode.WebviewPanelSerializer, vscode.Disposable {
  private readonly previews = new Set<JourneyPreview>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly mediaRoot: vscode.Uri;
  private readonly onPreviewEmitter = new vscode.EventEmitter<JourneyPreview>();
  /** Fires when a preview is created or restored (tests wait on it). */
  readonly onDidCreatePreview = this.onPreviewEmitter.event;

  constructor(
    context: vscode.ExtensionContext,
    private readonly client: LanguageClient,
    private readonly output: vscode.OutputChannel,
    private readonly runExport: (format: ExportFormat, uri: vscode.Uri) => void,
    private readonly savePng: (png: Uint8Array, uri: vscode.Uri) => void,
  ) {
    this.mediaRoot = vscode.Uri.joinPath(context.extensionUri, 'dist', 'media');
    this.disposables.push(
      this.onPreviewEmitter,
      vscode.window.registerWebviewPanelSerializer(PREVIEW_VIEW_TYPE, this),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor?.document.languageId !== 'playbook') return;
        for (const p of this.previews) if (!p.locked) p.show(editor.document.uri);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        for (const p of this.previews) if (p.resource.toString() === e.document.uri.toString()) p.scheduleUpdate();
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        for (const p of this.previews) if (p.resource.toString() === e.textEditor.document.uri.toString()) p.postCursor(e.selections[0].active.line);
      }),
    );
  }

  /** The previews currently open. */
  get all(): readonly JourneyPreview[] {
    return [...this.previews];
  }

  /** The preview to act on: the active one, else the only one. */
  get active(): JourneyPreview | undefined {
    return [...this.previews].find((p) => p.panel.active) ?? (this.previews.size === 1 ? [...this.previews][0] : undefined);
  }

  /** Opens (or reveals) a preview for a playbook, beside the editor or in its column. */
  open(uri: vscode.Uri, toSide: boolean): JourneyPreview {
    const existing = [...this.previews].find((p) => p.resource.toString() === uri.toString() || !p.locked);
    if (existing) {
      existing.show(uri);
      existing.panel.reveal(undefined, true);
      return existing;
    }
    const column = toSide ? vscode.ViewColumn.Beside : (vscode.window.activeTextEditor?.viewColumn ?? vscode.ViewColumn.One);
    const panel = vscode.window.createWebviewPanel(PREVIEW_VIEW_TYPE, 'Journey', { viewColumn: column, preserveFocus: true }, { enableScripts: true, localResourceRoots: [this.mediaRoot], retainContextWhenHidden: false });
    return this.track(panel, normalizeState({ uri: uri.toString() }));
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const s = state as { uri?: unknown } | undefined;
    if (!s || typeof s.uri !== 'string') {
      panel.dispose();
      return;
    }
    this.track(panel, normalizeState(s));
  }

  private track(panel: vscode.WebviewPanel, state: ReturnType<typeof normalizeState>): JourneyPreview {
    const preview = new JourneyPreview(panel, this.client, this.mediaRoot, state, this.output, this.runExport, this.savePng);
    this.previews.add(preview);
    preview.onDidDispose(() => this.previews.delete(preview));
    this.onPreviewEmitter.fire(preview);
    return preview;
  }

  dispose(): void {
    for (const p of this.previews) p.panel.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
