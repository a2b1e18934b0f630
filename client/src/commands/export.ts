import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import { ExportRequest, JourneyRequest, type JourneyModel } from '../../../server/src/protocol';
import type { PreviewManager } from '../preview/manager';
import type { ExportFormat } from '../../../server/src/previewProtocol';

const EXT: Record<ExportFormat, string> = { html: 'journey.html', svg: 'journey.svg', mermaid: 'journey.mmd' };
const LABEL: Record<ExportFormat | 'png', string> = { html: 'HTML', svg: 'SVG', mermaid: 'Mermaid', png: 'PNG' };

/** Says what an export wrote, with the two things a user does next: open it, or find it in the explorer. */
function announce(to: vscode.Uri, format: ExportFormat | 'png'): void {
  const where = vscode.workspace.asRelativePath(to, true);
  void vscode.window.showInformationMessage(`Journey map exported as ${LABEL[format]}: ${where}`, 'Open', 'Reveal in Explorer Side Bar').then((choice) => {
    if (choice === 'Open') void vscode.commands.executeCommand('vscode.open', to);
    else if (choice === 'Reveal in Explorer Side Bar') void vscode.commands.executeCommand('revealInExplorer', to);
  });
}

/** The journey of a playbook from the language server; undefined (and said) while it does not parse. */
async function journeyToExport(client: LanguageClient, source: vscode.Uri): Promise<JourneyModel | undefined> {
  await vscode.workspace.openTextDocument(source);
  const result = await client.sendRequest(JourneyRequest, { uri: source.toString() });
  if (!result.journey) void vscode.window.showErrorMessage('The playbook does not parse yet; fix the syntax errors before exporting its journey map.');
  return result.journey;
}

/** Writes the journey map of a playbook as HTML, SVG or Mermaid (drawn by the language server); `target` skips the save dialog. */
export async function exportJourney(client: LanguageClient, format: ExportFormat, source: vscode.Uri, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  await vscode.workspace.openTextDocument(source);
  const result = await client.sendRequest(ExportRequest, { uri: source.toString(), format });
  if ('error' in result) {
    void vscode.window.showErrorMessage(`Could not export the journey map: ${result.error}.`);
    return undefined;
  }
  const defaultUri = source.with({ path: source.path.replace(/\.playbook\.ya?ml$/, '') + `.${EXT[format]}` });
  const to = target ?? (await vscode.window.showSaveDialog({ defaultUri, filters: { [format.toUpperCase()]: [EXT[format].split('.').pop()!] } }));
  if (!to) return undefined;
  await vscode.workspace.fs.writeFile(to, new TextEncoder().encode(result.content));
  announce(to, format);
  return to;
}

/** Writes PNG bytes drawn by a preview; `target` skips the save dialog. */
export async function savePng(png: Uint8Array, source: vscode.Uri, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const defaultUri = source.with({ path: source.path.replace(/\.playbook\.ya?ml$/, '') + '.journey.png' });
  const to = target ?? (await vscode.window.showSaveDialog({ defaultUri, filters: { PNG: ['png'] } }));
  if (!to) return undefined;
  await vscode.workspace.fs.writeFile(to, png);
  announce(to, 'png');
  return to;
}

/** "Export Journey Map as PNG": the preview draws the SVG export on a canvas at 2x (opened beside the editor if needed). */
async function exportPng(client: LanguageClient, previews: PreviewManager, source: vscode.Uri, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  if (!(await journeyToExport(client, source))) return undefined;
  let preview = previews.all.find((p) => p.resource.toString() === source.toString());
  if (!preview) {
    preview = previews.open(source, true);
    await new Promise<void>((ok) => {
      const sub = preview!.onDidUpdate((u) => {
        if (u.hasJourney) {
          sub.dispose();
          ok();
        }
      });
    });
  }
  try {
    return await savePng(await preview.requestPng(), source, target);
  } catch (err) {
    void vscode.window.showErrorMessage(`Could not draw the journey map as PNG: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}

/** The playbook to export: the active playbook editor's, else the active preview's. */
function activeSource(previews: PreviewManager): vscode.Uri | undefined {
  const editor = vscode.window.activeTextEditor;
  return editor?.document.languageId === 'playbook' ? editor.document.uri : previews.active?.resource;
}

/** "Export Journey Map as HTML / SVG / Mermaid / PNG". */
export function registerExportCommands(context: vscode.ExtensionContext, client: LanguageClient, previews: PreviewManager): void {
  for (const format of ['html', 'svg', 'mermaid'] as const) {
    context.subscriptions.push(
      vscode.commands.registerCommand(`playbook.export.${format}`, async (source?: unknown, target?: unknown) => {
        const uri = source instanceof vscode.Uri ? source : activeSource(previews);
        if (!uri) {
          void vscode.window.showInformationMessage('Open a playbook to export its journey map.');
          return undefined;
        }
        return exportJourney(client, format, uri, target instanceof vscode.Uri ? target : undefined);
      }),
    );
  }
  context.subscriptions.push(
    vscode.commands.registerCommand('playbook.export.png', async (source?: unknown, target?: unknown) => {
      const uri = source instanceof vscode.Uri ? source : activeSource(previews);
      if (!uri) {
        void vscode.window.showInformationMessage('Open a playbook to export its journey map.');
        return undefined;
      }
      return exportPng(client, previews, uri, target instanceof vscode.Uri ? target : undefined);
    }),
  );
}
