import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import { FrameworksRequest, ScaffoldRequest } from '../../../server/src/protocol';

/** What a caller (a test, another extension) may pass to skip the prompts. */
export interface NewPlaybookOptions {
  name?: string;
  folder?: vscode.Uri;
}

const PLAYBOOK_SUFFIX = /\.playbook\.ya?ml$|\.ya?ml$/i;

/**
 * "Playbook: New Playbook from Framework...": pick a framework, name the playbook, and get
 * `<name>.playbook.yaml` created in the folder selected in the explorer (or the workspace
 * root) and opened. Without a workspace, a save dialog chooses where.
 */
export function registerNewPlaybook(context: vscode.ExtensionContext, client: LanguageClient): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('playbook.newPlaybook', async (first?: unknown, second?: unknown) => {
      const options: NewPlaybookOptions = second && typeof second === 'object' ? (second as NewPlaybookOptions) : {};
      const framework = typeof first === 'string' ? first : await pickFramework(client);
      if (!framework) return undefined;
      const folder = options.folder ?? (await targetFolder(first instanceof vscode.Uri ? first : undefined));
      const target = await chooseFile(framework, folder, options.name);
      if (!target) return undefined;
      const { text } = await client.sendRequest(ScaffoldRequest, { framework, name: (target.path.split('/').pop() ?? '').replace(PLAYBOOK_SUFFIX, '') });
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
      const doc = await vscode.workspace.openTextDocument(target);
      await vscode.window.showTextDocument(doc);
      return doc;
    }),
  );
}

async function pickFramework(client: LanguageClient): Promise<string | undefined> {
  const frameworks = await client.sendRequest(FrameworksRequest);
  const pick = await vscode.window.showQuickPick(
    frameworks.map((f) => ({ label: f.name, description: f.id, detail: f.stages.length ? f.stages.join(' → ') : f.summary, id: f.id })),
    { title: 'New playbook (1/2): framework', placeHolder: 'Choose the lifecycle framework', matchOnDescription: true, matchOnDetail: true },
  );
  return pick?.id;
}

/** The folder of the explorer selection the command was run on, else the workspace root (asked when there are several). */
async function targetFolder(selected: vscode.Uri | undefined): Promise<vscode.Uri | undefined> {
  if (selected) {
    const stat = await Promise.resolve(vscode.workspace.fs.stat(selected)).catch(() => undefined);
    return stat && stat.type & vscode.FileType.Directory ? selected : vscode.Uri.joinPath(selected, '..');
  }
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) return folders[0]?.uri;
  return (await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Folder for the new playbook' }))?.uri;
}

/** The new file: `<name>.playbook.yaml` in `folder` (the name asked for unless given), or a save dialog without a folder. */
async function chooseFile(framework: string, folder: vscode.Uri | undefined, given: string | undefined): Promise<vscode.Uri | undefined> {
  const suggested = `${framework}-engagement`;
  if (!folder) {
    return vscode.window.showSaveDialog({ defaultUri: vscode.Uri.file(`${given ?? suggested}.playbook.yaml`), filters: { Playbook: ['playbook.yaml', 'yaml'] }, title: 'New playbook' });
  }
  const fileFor = (name: string) => vscode.Uri.joinPath(folder, `${name.trim().replace(PLAYBOOK_SUFFIX, '')}.playbook.yaml`);
  const problem = async (name: string): Promise<string | undefined> => {
    const base = name.trim().replace(PLAYBOOK_SUFFIX, '');
    if (!base) return 'Enter a name for the playbook.';
    if (/[\\/:*?"<>|]/.test(base)) return 'A name, not a path: it may not contain \\ / : * ? " < > |';
    if (!/\p{L}/u.test(base)) return 'Use at least one letter (the playbook is named after it).';
    const exists = await Promise.resolve(vscode.workspace.fs.stat(fileFor(base))).then(() => true, () => false);
    return exists ? `${base}.playbook.yaml already exists in ${vscode.workspace.asRelativePath(folder)}` : undefined;
  };
  if (given !== undefined) {
    const why = await problem(given);
    if (why) {
      void vscode.window.showErrorMessage(why);
      return undefined;
    }
    return fileFor(given);
  }
  const name = await vscode.window.showInputBox({
    title: 'New playbook (2/2): name',
    prompt: `Creates <name>.playbook.yaml in ${vscode.workspace.asRelativePath(folder, true)}`,
    value: suggested,
    valueSelection: [0, suggested.length],
    validateInput: problem,
  });
  return name === undefined ? undefined : fileFor(name);
}
