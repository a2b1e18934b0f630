import * as vscode from 'vscode';
import { FRAMEWORKS } from '../../../server/src/core/frameworks';
import { scaffoldPlaybook } from '../../../server/src/core/scaffold';

/** "Playbook: New Playbook from Framework...": pick a framework, get an untitled playbook to save. */
export function registerNewPlaybook(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('playbook.newPlaybook', async (frameworkId?: string) => {
      let id = typeof frameworkId === 'string' ? frameworkId : undefined;
      if (!id) {
        const pick = await vscode.window.showQuickPick(
          FRAMEWORKS.map((f) => ({ label: f.id, description: f.name, detail: f.stages.length ? f.stages.join(' → ') : 'Your own stages' })),
          { title: 'New playbook from framework', placeHolder: 'Choose the lifecycle framework' },
        );
        id = pick?.label;
      }
      if (!id) return undefined;
      const doc = await vscode.workspace.openTextDocument({ language: 'playbook', content: scaffoldPlaybook(id, `new-${id}-playbook`) });
      await vscode.window.showTextDocument(doc);
      return doc;
    }),
  );
}
