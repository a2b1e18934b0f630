// Bundles the entry points with esbuild (one file each, dependencies included).
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning', legalComments: 'none' };

import { mkdirSync, writeFileSync } from 'node:fs';
import { stylesheets } from './gen-styles.mjs';

// The journey map's stylesheet (server/src/core/render/journey.css, shared with the HTML export); the webview loads it as a file.
mkdirSync('dist/media', { recursive: true });
writeFileSync('dist/media/journey.css', stylesheets().JOURNEY_CSS);

await Promise.all([
  build({ ...common, platform: 'browser', format: 'iife', target: 'es2022', entryPoints: ['client/webview/main.ts'], outfile: 'dist/media/webview.js', tsconfig: 'client/webview/tsconfig.json', minify: true }),
  // The executables (dist/cli.js, dist/server.js) are small launchers that load their bundles
  // through V8's code cache (server/src/host/codeCache.ts).
  build({ ...common, entryPoints: ['server/src/cli/launch.ts'], outfile: 'dist/cli.js', minify: true, sourcemap: false, banner: { js: '#!/usr/bin/env node' } }),
  build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli-bundle.js', minify: true }),
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'], minify: true }),
  build({ ...common, entryPoints: ['server/src/lsp/launch.ts'], outfile: 'dist/server.js', minify: true, sourcemap: false, banner: { js: '#!/usr/bin/env node' } }),
  build({ ...common, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server-bundle.js', minify: true }),
  // The browser extension (github.dev, vscode.dev): the client in the web worker extension host
  // (CommonJS, as VS Code loads it), the server in a web worker of its own. The server's `path`
  // is path-browserify (POSIX paths; the browser server's files have such paths: see lsp/uri.ts).
  build({ ...common, platform: 'browser', target: 'es2022', entryPoints: ['client/src/browserExtension.ts'], outfile: 'dist/web/client.js', external: ['vscode'], minify: true }),
  build({ ...common, platform: 'browser', target: 'es2022', format: 'iife', entryPoints: ['server/src/lsp/browserMain.ts'], outfile: 'dist/web/server.js', minify: true, alias: { path: 'path-browserify' } }),
]);
