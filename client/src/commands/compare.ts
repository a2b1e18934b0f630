/**
 * Compare mode: *Compare Journey Map with HEAD* and *Compare Journey Map with Branch or Tag...*
 * (the built-in git extension's API gives the other version of the file), and *Stop Comparing*.
 * Where git is not there (github.dev, vscode.dev, a folder that is not a repository, git turned
 * off) the commands are hidden: the context key `playbook.gitAvailable` is set only when the
 * git extension's API is.
 */
import * as vscode from 'vscode';
import type { PreviewManager } from '../preview/manager';
import type { JourneyPreview } from '../preview/panel';

/** The little of the git extension's API (`vscode.git`, version 1) that compare mode uses. */
interface GitRef {
  type: number;
  name?: string;
  commit?: string;
}
interface GitRepository {
  rootUri: vscode.Uri;
  show(ref: string, path: string): Promise<string>;
  getRefs?(query?: { sort?: 'alphabetically' | 'committerdate' }): Promise<GitRef[]>;
  state: { refs?: GitRef[]; HEAD?: GitRef };
}
interface GitApi {
  getRepository(uri: vscode.Uri): GitRepository | null;
}

/** Ref types of the git API: local branches, remote branches, tags. */
const REF_KIND = ['branch', 'remote branch', 'tag'];

async function gitApi(): Promise<GitApi | undefined> {
  const ext = vscode.extensions.getExtension<{ getAPI(version: 1): GitApi; enabled?: boolean }>('vscode.git');
  if (!ext) return undefined;
  try {
    const exports = ext.isActive ? ext.exports : await ext.activate();
    if (exports.enabled === false) return undefined;
    return exports.getAPI(1);
  } catch {
    return undefined;
  }
}

/** The preview to compare in: the active one, else one opened beside the active playbook. */
async function targetPreview(previews: PreviewManager): Promise<JourneyPreview | undefined> {
  if (previews.active) return previews.active;
  const editor = vscode.window.activeTextEditor;
  if (editor?.document.languageId !== 'playbook') {
    void vscode.window.showInformationMessage('Open a playbook (*.playbook.yaml) to compare its journey map.');
    return undefined;
  }
  return previews.open(editor.document.uri, true);
}

/** The other version's text (null: the file is not in that version). */
async function otherVersion(repo: GitRepository, ref: string, file: vscode.Uri): Promise<string | null> {
  try {
    return await repo.show(ref, file.fsPath);
  } catch {
    return null;
  }
}

async function compareWith(previews: PreviewManager, pickRef: (repo: GitRepository) => Promise<string | undefined>, given?: string): Promise<string | undefined> {
  const api = await gitApi();
  if (!api) return undefined;
  const preview = await targetPreview(previews);
  if (!preview) return undefined;
  const repo = api.getRepository(preview.resource);
  if (!repo) {
    void vscode.window.showInformationMessage(`${preview.resource.path.split('/').pop()} is not in a git repository: there is no other version to compare with.`);
    return undefined;
  }
  const ref = given ?? (await pickRef(repo));
  if (!ref) return undefined;
  preview.compareWith({ label: ref, text: await otherVersion(repo, ref, preview.resource) });
  return ref;
}

async function pickRef(repo: GitRepository): Promise<string | undefined> {
  const refs = (repo.getRefs ? await repo.getRefs({ sort: 'committerdate' }) : (repo.state.refs ?? [])).filter((r) => r.name);
  const items: (vscode.QuickPickItem & { ref: string })[] = [
    { label: 'HEAD', description: 'the last commit', ref: 'HEAD' },
    ...refs.map((r) => ({ label: r.name!, description: `${REF_KIND[r.type] ?? 'ref'}${r.commit ? ` · ${r.commit.slice(0, 8)}` : ''}`, ref: r.name! })),
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'Compare the journey map with', placeHolder: 'A branch or a tag', matchOnDescription: true });
  return picked?.ref;
}

export function registerCompareCommands(context: vscode.ExtensionContext, previews: PreviewManager): void {
  void gitApi().then((api) => vscode.commands.executeCommand('setContext', 'playbook.gitAvailable', api !== undefined));
  context.subscriptions.push(
    vscode.commands.registerCommand('playbook.compareWithHead', () => compareWith(previews, async () => 'HEAD', 'HEAD')),
    // A ref may be given (tests, keybindings): then no quick pick.
    vscode.commands.registerCommand('playbook.compareWithRef', (ref?: unknown) => compareWith(previews, pickRef, typeof ref === 'string' && ref ? ref : undefined)),
    vscode.commands.registerCommand('playbook.stopComparing', () => {
      previews.active?.compareWith(undefined);
    }),
  );
}
