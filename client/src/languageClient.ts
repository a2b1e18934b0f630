/** What the language client is told, the same in VS Code desktop and in the browser. */
import * as vscode from 'vscode';
import type { LanguageClientOptions } from 'vscode-languageclient';
import { ruleDocsMiddleware } from './ruleDocs';
import { snippetFixMiddleware } from './snippetFixes';

/**
 * `configSchemes`: the URI schemes of the `.playbookrc.yaml` documents the server checks as
 * they are typed: `file` on the desktop; in the browser, whatever the workspace's files have
 * (`vscode-vfs` on github.dev), so any.
 */
export function clientOptions(context: vscode.ExtensionContext, output: vscode.OutputChannel, configSchemes?: readonly string[]): LanguageClientOptions {
  const docs = ruleDocsMiddleware(context);
  const configPattern = '**/.playbookrc.yaml';
  return {
    // Playbooks, and `.playbookrc.yaml` files whatever language they have (usually `yaml`): the
    // server checks those as they are typed and puts their problems on them (the CLI's messages).
    documentSelector: [{ language: 'playbook' }, ...(configSchemes ? configSchemes.map((scheme) => ({ scheme, pattern: configPattern })) : [{ pattern: configPattern }])],
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
}
