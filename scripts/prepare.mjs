// npm's `prepare` step: when this package is installed from git (the pre-commit framework does
// that for .pre-commit-hooks.yaml, `npm i github:...` too) there is no dist/, so the CLI and the
// language server are bundled here, straight from the TypeScript sources (no tsc: a few
// seconds). In a checkout that already has dist/cli.js, or without the dev dependencies
// (an install from the npm registry, which ships dist/), it does nothing.
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
if (existsSync(`${root}dist/cli.js`)) process.exit(0);
let esbuild;
try {
  esbuild = require('esbuild');
} catch {
  process.exit(0);
}
const gen = spawnSync(process.execPath, [`${root}scripts/gen-validators.mjs`], { stdio: 'inherit' });
if (gen.status !== 0) process.exit(gen.status ?? 1);
const styles = spawnSync(process.execPath, [`${root}scripts/gen-styles.mjs`], { stdio: 'inherit' });
if (styles.status !== 0) process.exit(styles.status ?? 1);
const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', minify: true, legalComments: 'none', logLevel: 'warning', absWorkingDir: root };
const launcher = { ...common, banner: { js: '#!/usr/bin/env node' } };
// The bundles first: a launcher (dist/cli.js, dist/server.js) loads its bundle beside it.
await Promise.all([
  esbuild.build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli-bundle.js' }),
  esbuild.build({ ...common, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server-bundle.js' }),
]);
await Promise.all([
  esbuild.build({ ...launcher, entryPoints: ['server/src/cli/launch.ts'], outfile: 'dist/cli.js' }),
  esbuild.build({ ...launcher, entryPoints: ['server/src/lsp/launch.ts'], outfile: 'dist/server.js' }),
]);
