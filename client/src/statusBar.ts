/** Status bar item: server state and the number of findings in playbook files. */
import * as vscode from 'vscode';
import { BaseLanguageClient as LanguageClient, State } from 'vscode-languageclient';

export class PlaybookStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('playbook.status', vscode.StatusBarAlignment.Left, 10);
  private readonly disposables: vscode.Disposable[] = [];
  private state = 'starting';

  constructor(client: LanguageClient) {
    this.item.name = 'Playbook';
    this.item.command = 'workbench.actions.view.problems';
    this.disposables.push(
      this.item,
      client.onDidChangeState((e) => {
        this.state = e.newState === State.Running ? 'running' : e.newState === State.Starting ? 'starting' : 'stopped';
        this.update();
      }),
      vscode.languages.onDidChangeDiagnostics(() => this.update()),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
    );
    this.update();
  }

  /**
   * The active playbook's counts (what its journey map shows beside it), or the workspace's when
   * no playbook is active; the tooltip gives both.
   */
  private update(): void {
    const count = (diags: readonly vscode.Diagnostic[]) => {
      const c = { errors: 0, warnings: 0 };
      for (const d of diags) {
        if (d.source !== 'playbook') continue;
        if (d.severity === vscode.DiagnosticSeverity.Error) c.errors++;
        else if (d.severity === vscode.DiagnosticSeverity.Warning) c.warnings++;
      }
      return c;
    };
    const all = { errors: 0, warnings: 0 };
    for (const [, diags] of vscode.languages.getDiagnostics()) {
      const c = count(diags);
      all.errors += c.errors;
      all.warnings += c.warnings;
    }
    const editor = vscode.window.activeTextEditor;
    const active = editor?.document.languageId === 'playbook' ? count(vscode.languages.getDiagnostics(editor.document.uri)) : undefined;
    const { errors, warnings } = active ?? all;
    const icon = this.state === 'running' ? (errors ? '$(error)' : warnings ? '$(warning)' : '$(check)') : this.state === 'starting' ? '$(sync~spin)' : '$(debug-disconnect)';
    this.item.text = `${icon} Playbook${this.state === 'running' ? ` ${errors}E ${warnings}W` : ` (${this.state})`}`;
    const file = active ? `This playbook: ${errors} errors, ${warnings} warnings. ` : '';
    this.item.tooltip = `Playbook language server: ${this.state}. ${file}All playbooks: ${all.errors} errors, ${all.warnings} warnings. Click for the Problems panel.`;
    if (active || all.errors || all.warnings) this.item.show();
    else this.item.hide();
  }

  /** The text shown, for tests. */
  get text(): string {
    return this.item.text;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
