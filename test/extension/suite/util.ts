/** Helpers for tests in the real extension host: wait on events with a deadline, never sleep. */
import * as vscode from 'vscode';
import type { PlaybookExtensionApi } from '../../../client/src/extension';

export const EXTENSION_ID = 'engagement-playbooks.engagement-playbooks';

export async function activateExtension(): Promise<PlaybookExtensionApi> {
  const ext = vscode.extensions.getExtension<PlaybookExtensionApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not installed`);
  const api = await ext.activate();
  await api.ready;
  return api;
}

export function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder open');
  return vscode.Uri.joinPath(folder.uri, name);
}

let copies = 0;

/**
 * A fresh copy of a workspace file, for a test that edits: tests never depend on (or leave
 * behind) another test's edit to a shared file.
 */
export async function scratchCopy(name: string): Promise<vscode.Uri> {
  const from = workspaceFile(name);
  const to = workspaceFile(name.replace(/([^/]+)$/, `scratch-${++copies}-$1`));
  await vscode.workspace.fs.copy(from, to, { overwrite: true });
  return to;
}

/** Resolves with the document's playbook diagnostics once `accept` holds (checked on every change). */
export function waitForDiagnostics(uri: vscode.Uri, accept: (d: vscode.Diagnostic[]) => boolean, timeoutMs = 20000): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const current = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'playbook');
    if (accept(current())) return resolve(current());
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out waiting for diagnostics on ${uri.path}; have ${current().length}: ${current().map((d) => d.code).join(', ')}`));
    }, timeoutMs);
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString())) return;
      if (accept(current())) {
        clearTimeout(timer);
        sub.dispose();
        resolve(current());
      }
    });
  });
}

export function ruleOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' && d.code ? String(d.code.value) : String(d.code);
}

/** Runs *Open Preview to the Side* on the active editor; resolves with the preview and whether its first update drew a map. */
export async function openPreviewToSide(api: PlaybookExtensionApi): Promise<{ preview: PlaybookExtensionApi['previews']['all'][number]; drawn: boolean }> {
  const created = new Promise<void>((resolve) => {
    const sub = api.previews.onDidCreatePreview(() => {
      sub.dispose();
      resolve();
    });
  });
  await vscode.commands.executeCommand('playbook.showPreviewToSide');
  await created;
  const preview = api.previews.all[0];
  const drawn = await new Promise<boolean>((resolve) => {
    const sub = preview.onDidUpdate((u) => {
      sub.dispose();
      resolve(u.hasJourney);
    });
  });
  return { preview, drawn };
}

/** The first line of a document that contains `text` (fails the test when there is none). */
export function lineWith(doc: vscode.TextDocument, text: string): number {
  const at = doc.getText().indexOf(text);
  if (at < 0) throw new Error(`${doc.uri.path} has no line with ${JSON.stringify(text)}`);
  return doc.positionAt(at).line;
}
