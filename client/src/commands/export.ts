import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { JourneyModel } from '../../../server/src/core/journey';
import { EXPORT_RENDERERS } from '../../../server/src/core/render/exports';
import { JourneyRequest } from '../../../server/src/protocol';
import type { PreviewManager } from '../preview/manager';
import type { ExportFormat } from '../preview/messages';

const EXT: Record<ExportFormat, string> = { html: 'journey.html', svg: 'journey.svg', mermaid: 'journey.mmd' };

/** Writes the journey map of a playbook as HTML, SVG or Mermaid; `target` skips the save dialog. */
/** The journey of a playbook from the language server; undefined (and said) while it does not parse. */
async function journeyToExport(client: LanguageClient, source: vscode.Uri): Promise<JourneyModel | undefined> {
  await vscode.workspace.openTextDocument(source);
  const result = await client.sendRequest(JourneyRequest, { uri: source.toString() });
  if (!result.journey) void vscode.window.showErrorMessage('The playbook does not parse yet; fix the syntax errors before exporting its journey map.');
  return result.journey;
}

export async function exportJourney(client: LanguageClient, format: ExportFormat, source: vscode.Uri, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const journey = await journeyToExport(client, source);
  if (!journey) return undefined;
  const defaultUri = source.with({ path: source.path.replace(/\.playbook\.ya?ml$/, '') + `.${EXT[format]}` });
  const to = target ?? (await vscode.window.showSaveDialog({ defaultUri, filters: { [format.toUpperCase()]: [EXT[format].split('.').pop()!] } }));
  if (!to) return undefined;
  await vscode.workspace.fs.writeFile(to, Buffer.from(EXPORT_RENDERERS[format](journey), 'utf8'));
  return to;
}

/** Writes PNG bytes drawn by a preview; `target` skips the save dialog. */
export async function savePng(png: Uint8Array, source: vscode.Uri, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const defaultUri = source.with({ path: source.path.replace(/\.playbook\.ya?ml$/, '') + '.journey.png' });
  const to = target ?? (await vscode.window.showSaveDialog({ defaultUri, filters: { PNG: ['png'] } }));
  if (!to) return undefined;
  await vscode.workspace.fs.writeFile(to, png);
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
