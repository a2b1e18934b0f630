import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { EXPORT_RENDERERS } from '../../../server/src/core/render/exports';
import { JourneyRequest } from '../../../server/src/protocol';
import type { PreviewManager } from '../preview/manager';
import type { ExportFormat } from '../preview/messages';

const EXT: Record<ExportFormat, string> = { html: 'journey.html', svg: 'journey.svg', mermaid: 'journey.mmd' };

/** Writes the journey map of a playbook as HTML, SVG or Mermaid; `target` skips the save dialog. */
export async function exportJourney(client: LanguageClient, format: ExportFormat, source: vscode.Uri, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  await vscode.workspace.openTextDocument(source);
  const result = await client.sendRequest(JourneyRequest, { uri: source.toString() });
  if (!result.journey) {
    void vscode.window.showErrorMessage('The playbook does not parse yet; fix the syntax errors before exporting its journey map.');
    return undefined;
  }
  const defaultUri = source.with({ path: source.path.replace(/\.playbook\.ya?ml$/, '') + `.${EXT[format]}` });
  const to = target ?? (await vscode.window.showSaveDialog({ defaultUri, filters: { [format.toUpperCase()]: [EXT[format].split('.').pop()!] } }));
  if (!to) return undefined;
  await vscode.workspace.fs.writeFile(to, Buffer.from(EXPORT_RENDERERS[format](result.journey), 'utf8'));
  return to;
}

/** The playbook to export: the active playbook editor's, else the active preview's. */
function activeSource(previews: PreviewManager): vscode.Uri | undefined {
  const editor = vscode.window.activeTextEditor;
  return editor?.document.languageId === 'playbook' ? editor.document.uri : previews.active?.resource;
}

/** "Export Journey Map as HTML / SVG / Mermaid". */
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
}
