// Lint: TypeScript recommended rules, plus the architecture, kept by the build (`npm test` runs
// this lint; a violation fails it). Each folder may import only what its layer allows:
//
//   server/src/core/      the analysis: parse, schema, rules, journey model, renderers.
//                         No editor, no LSP or protocol code, no Node built-ins (file system...),
//                         nothing from lsp/, cli/, host/ or the protocol files.
//   server/src/host/      the host's file system (playbooks and .playbookrc.yaml on disk), shared
//                         by the language server and the CLI. No editor, no LSP, no lsp/ or cli/.
//   server/src/host/configFiles.ts
//                         `.playbookrc.yaml` lookups, also in the browser: no Node built-ins but `path`.
//   server/src/lsp/       the language server (launch.ts is its executable, which loads main.ts's
//                         bundle; browserMain.ts its web worker). Never the CLI. Node only in
//                         launch.ts, main.ts and nodeHost.ts.
//   server/src/cli/       the CLI. Never the language server or the LSP libraries.
//   server/src/protocol.ts, previewProtocol.ts
//                         what the extension, the server and the webview say to each other:
//                         types from core only.
//   client/src/           the VS Code extension: talks to the analysis only through the server's
//                         requests (protocol.ts) and to the webview through previewProtocol.ts.
//   client/webview/       the preview's script (a browser): the renderers of core/render, types
//                         from core, and previewProtocol.ts; nothing of the extension or Node.
//
// test/unit/boundaries.test.ts checks that each of these rules fires.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const lspLibraries = ['vscode-languageserver', 'vscode-languageserver/*', 'vscode-languageserver-*', 'vscode-languageclient', 'vscode-languageclient/*', 'vscode-jsonrpc', 'vscode-jsonrpc/*'];
const nodeBuiltins = builtinModules.filter((m) => !m.startsWith('_')).flatMap((m) => [m, `node:${m}`]);
const vscodeApi = { name: 'vscode', message: 'Only the extension (client/src) uses the VS Code API.' };
/** An import path that reaches into `folder` of server/src (relative or not). */
const into = (folder) => `(^|/)(server/src/)?${folder}(/|$)`;
/** The protocol files, with or without an extension. */
const protocolFiles = '(^|/)(protocol|previewProtocol)(\\.[jt]s)?$';
const outsideCore = `(^|/)(lsp|cli|host)(/|$)|${protocolFiles}|(^|/)client(/|$)`;
/** The Node built-ins but `path` (which the browser builds alias to path-browserify). */
const browserUnsafe = (message) => nodeBuiltins.filter((m) => m !== 'path' && m !== 'node:path').map((name) => ({ name, message }));
/** The language server's Node-only files: its executable and its Node host. */
const nodeServerFiles = ['server/src/lsp/main.ts', 'server/src/lsp/launch.ts', 'server/src/lsp/nodeHost.ts'];
const hostPatterns = [
  { group: lspLibraries, message: 'Host I/O is shared by the CLI and the language server: no LSP libraries.' },
  { regex: `${into('lsp')}|${into('cli')}|${protocolFiles}`, message: 'Host I/O imports neither the language server nor the CLI.' },
];
const lspPatterns = [
  { group: ['vscode-languageclient', 'vscode-languageclient/*'], message: 'The server is not a client.' },
  { regex: into('cli'), message: 'The language server does not import the CLI; what both need lives in core or host.' },
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.test-artifacts/**', 'tmp/**', '**/*.js', '**/*.mjs', 'bench/generated/**', 'server/src/core/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The code that also runs in a browser (the analysis core, the language server but its Node
    // entry and host, the configuration lookup) uses no Node global either.
    files: ['server/src/core/**/*.ts', 'server/src/lsp/**/*.ts', 'server/src/host/configFiles.ts'],
    ignores: nodeServerFiles,
    rules: {
      'no-restricted-globals': ['error', ...['process', 'Buffer', 'setImmediate', 'clearImmediate', '__dirname', '__filename', 'require', 'module', 'global'].map((name) => ({ name, message: `This code also runs in a web worker, which has no \`${name}\`: reach the machine through the ServerHost (lsp/host.ts).` }))],
    },
  },
  {
    // A dynamic import() would slip past the import rules below.
    files: ['server/src/**/*.ts', 'client/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', { selector: 'ImportExpression', message: 'No dynamic import(): the architecture\'s import rules cannot see it.' }],
    },
  },
  {
    files: ['server/src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [vscodeApi, ...nodeBuiltins.map((name) => ({ name, message: 'The analysis core runs anywhere (editor, CLI, browser): no Node built-ins; file access belongs in server/src/host.' }))],
        patterns: [
          { group: lspLibraries, message: 'The analysis core must not depend on the LSP libraries.' },
          { regex: outsideCore, message: 'The analysis core imports nothing from the language server, the CLI, host I/O or the protocol files.' },
        ],
      }],
    },
  },
  {
    files: ['server/src/host/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [vscodeApi],
        patterns: hostPatterns,
      }],
    },
  },
  {
    // Configuration lookups are shared with the browser language server: files through a FileReader.
    files: ['server/src/host/configFiles.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [vscodeApi, ...browserUnsafe('Configuration lookups also run in the browser: read files through the FileReader given.')],
        patterns: hostPatterns,
      }],
    },
  },
  {
    // The language server also runs in the browser (lsp/browserMain.ts bundles it for a web
    // worker): only its Node entry and Node host touch Node. Elsewhere `path` alone (POSIX
    // paths; path-browserify in the browser build), and files through the ServerHost.
    files: ['server/src/lsp/**/*.ts'],
    ignores: nodeServerFiles,
    rules: {
      'no-restricted-imports': ['error', {
        paths: [vscodeApi, ...browserUnsafe('The language server also runs in a web worker: the machine is reached through the ServerHost (lsp/host.ts; Node in nodeHost.ts).')],
        patterns: [
          ...lspPatterns,
          {
            regex: `${into('host')}(?!configFiles(\\.[jt]s)?$)[^/]+$`,
            message: 'Of host/, only configFiles.ts runs in the browser; the others are Node\'s (files, git, the code cache, collections): the language server reaches them through nodeHost.ts.',
          },
        ],
      }],
    },
  },
  {
    files: nodeServerFiles,
    rules: {
      'no-restricted-imports': ['error', { paths: [vscodeApi], patterns: lspPatterns }],
    },
  },
  {
    files: ['server/src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [vscodeApi],
        patterns: [
          { group: lspLibraries, message: 'The CLI does not depend on the LSP libraries.' },
          { regex: `${into('lsp')}|${protocolFiles}`, message: 'The CLI does not import the language server; what both need lives in core or host.' },
        ],
      }],
    },
  },
  {
    files: ['server/src/protocol.ts', 'server/src/previewProtocol.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [vscodeApi],
        patterns: [{ regex: `${into('lsp')}|${into('cli')}|${into('host')}`, message: 'The protocol files declare messages: types from core only.' }],
      }],
    },
  },
  {
    files: ['client/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: nodeBuiltins.map((name) => ({ name, message: 'The extension also runs in the browser (github.dev, vscode.dev): use the VS Code API (workspace.fs...) and web APIs, not Node built-ins.' })),
        patterns: [
          { group: ['vscode-languageserver', 'vscode-languageserver/*'], message: 'The extension is the client: vscode-languageclient, not the server library.' },
          { regex: `${into('core')}|${into('lsp')}|${into('cli')}|${into('host')}|(^|/)(client/)?webview(/|$)`, message: 'The extension reaches the analysis only through the server: import from server/src/protocol.ts (requests, re-exported types) or server/src/previewProtocol.ts.' },
        ],
      }],
    },
  },
  {
    files: ['client/webview/**/*.ts'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [vscodeApi, ...nodeBuiltins.map((name) => ({ name, message: 'The webview is a browser page: no Node built-ins.' }))],
        patterns: [
          { group: lspLibraries, message: 'The webview talks to the extension by messages (previewProtocol.ts), not LSP.' },
          { regex: `${into('lsp')}|${into('cli')}|${into('host')}|(^|/)(server/src/)?protocol(\\.[jt]s)?$|(^|/)src/(commands|preview)(/|$)|(^|/)client/src(/|$)|^(\\./)?\\.\\./src(/|$)|(^|/)extension(\\.[jt]s)?$`, message: 'The webview imports the renderers (core/render), types from core and previewProtocol.ts; nothing of the extension, the server or Node.' },
          { regex: `${into('core')}(?!render/)`, allowTypeImports: true, message: 'Outside core/render the webview takes only types from core.' },
        ],
      }],
    },
  },
);
