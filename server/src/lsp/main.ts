/** `playbook-language-server`: LSP over --stdio, node IPC, a socket or a pipe. Wiring only. */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import pkg from '../../../package.json';
import { nodeHost } from './nodeHost';
import { startServer } from './server';

const USAGE = `Usage: playbook-language-server --stdio | --node-ipc | --socket=PORT | --pipe=NAME

The Engagement Playbooks language server (LSP) for *.playbook.yaml files.
See the README for editor set-up (VS Code, Neovim, Helix).
`;

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(USAGE);
} else if (args.includes('--version') || args.includes('-v')) {
  process.stdout.write(`${pkg.version}\n`);
} else if (!args.some((a) => /^--(stdio|node-ipc|socket|pipe)(=|$)/.test(a))) {
  process.stderr.write(`playbook-language-server: choose a transport.\n${USAGE}`);
  process.exitCode = 2;
} else {
  startServer(createConnection(ProposedFeatures.all), nodeHost);
}
