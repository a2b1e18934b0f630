/** Status bar item: server state and the number of findings in playbook files. */
import * as vscode from 'vscode';
import { LanguageClient, State } from 'vscode-languageclient/node';

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

  private update(): void {
    let errors = 0;
    let warnings = 0;
    for (const [, diags] of vscode.languages.getDiagnostics()) {
      for (const d of diags) {
        if (d.source !== 'playbook') continue;
        if (d.severity === vscode.DiagnosticSeverity.Error) errors++;
        else if (d.severity === vscode.DiagnosticSeverity.Warning) warnings++;
      }
    }
    const icon = this.state === 'running' ? (errors ? '$(error)' : warnings ? '$(warning)' : '$(check)') : this.state === 'starting' ? '$(sync~spin)' : '$(debug-disconnect)';
    this.item.text = `${icon} Playbook${this.state === 'running' ? ` ${errors}E ${warnings}W` : ` (${this.state})`}`;
    this.item.tooltip = `Playbook language server: ${this.state}. ${errors} errors, ${warnings} warnings in playbooks. Click for the Problems panel.`;
    const editor = vscode.window.activeTextEditor;
    if (editor?.document.languageId === 'playbook' || errors || warnings) this.item.show();
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
