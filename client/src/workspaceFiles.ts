/**
 * The server's questions about files (protocol.ts: WorkspaceFilesRequest, ReadFileRequest),
 * answered from the editor's file system. Only the browser server asks them (it has no file
 * system of its own); on github.dev the files come from the repository through VS Code.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { ReadFileRequest, ReadFileResult, WorkspaceFilesRequest } from '../../server/src/protocol';

/** What the CLI and the desktop server scan: playbooks and configuration files, not in node_modules or .git. */
const SCANNED = '**/{*.playbook.yaml,*.playbook.yml,.playbookrc.yaml}';
const SKIPPED = '**/{node_modules,.git}/**';

function base64Of(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}

export function registerFileRequests(client: BaseLanguageClient): void {
  client.onRequest(WorkspaceFilesRequest, async ({ folders }) => {
    const uris = new Set<string>();
    for (const folder of folders) {
      const found = await Promise.resolve(vscode.workspace.findFiles(new vscode.RelativePattern(vscode.Uri.parse(folder), SCANNED), SKIPPED)).catch(() => []);
      for (const uri of found) uris.add(uri.toString());
    }
    return { uris: [...uris].sort() };
  });
  client.onRequest(ReadFileRequest, async ({ uri }): Promise<ReadFileResult> => {
    try {
      return { base64: base64Of(await vscode.workspace.fs.readFile(vscode.Uri.parse(uri))) };
    } catch (err) {
      const missing = err instanceof vscode.FileSystemError && err.code === 'FileNotFound';
      return { error: err instanceof Error ? err.message : String(err), missing };
    }
  });
}
