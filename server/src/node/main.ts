/** `playbook-language-server`: LSP over --stdio or node IPC. Wiring only. */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from '../lsp/server';

startServer(createConnection(ProposedFeatures.all));
