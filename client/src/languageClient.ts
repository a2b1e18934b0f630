/** The language client: runs the bundled server over node IPC and restarts it if it crashes. */
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { ruleDocsMiddleware } from './ruleDocs';
import { snippetFixMiddleware } from './snippetFixes';

export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.OutputChannel): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const docs = ruleDocsMiddleware(context);
  const clientOptions: LanguageClientOptions = {
    // Playbooks, and `.playbookrc.yaml` files whatever language they have (usually `yaml`): the
    // server checks those as they are typed and puts their problems on them (the CLI's messages).
    documentSelector: [{ language: 'playbook' }, { scheme: 'file', pattern: '**/.playbookrc.yaml' }],
    outputChannel: output,
    // Findings link to the bundled rule pages; quick fixes that insert new content run as
    // snippets (the cursor lands on the first placeholder); each finding offers its rule's page.
    middleware: {
      handleDiagnostics: docs.handleDiagnostics,
      provideCodeActions: (document, range, ctx, token, next) => docs.provideCodeActions!(document, range, ctx, token, (d, r, c, t) => snippetFixMiddleware.provideCodeActions!(d, r, c, t, next)),
    },
    synchronize: {
      configurationSection: 'playbook',
      fileEvents: [
        vscode.workspace.createFileSystemWatcher('**/.playbookrc.yaml'),
        vscode.workspace.createFileSystemWatcher('**/*.playbook.{yaml,yml}'),
      ],
    },
  };
  return new LanguageClient('playbook', 'Playbook Language Server', serverOptions, clientOptions);
}
