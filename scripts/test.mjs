// `npm test`: build, lint, then every test suite; ends with one line
// "N passed, N failed" summed over all suites (read by CI).
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Mocha from 'mocha';
import { testFiles } from './test-files.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
// The executables keep their compiled code between starts (server/src/host/codeCache.ts): here in
// a folder of this run's, so the first start of the CLI and of the server write it and the later
// ones read it, and two runs at once never share one. A PLAYBOOK_CODE_CACHE set by the caller wins.
const codeCacheFolder = process.env.PLAYBOOK_CODE_CACHE === undefined ? mkdtempSync(join(tmpdir(), 'playbook-test-code-cache-')) : undefined;
if (codeCacheFolder) {
  process.env.PLAYBOOK_CODE_CACHE = codeCacheFolder;
  process.on('exit', () => rmSync(codeCacheFolder, { recursive: true, force: true }));
}
let passed = 0;
let failed = 0;

function step(name, cmd, args) {
  console.log(`\n> ${name}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell: false });
  if (r.status !== 0) {
    console.log(`${name} failed (exit ${r.status ?? r.signal})`);
    failed++;
    return false;
  }
  return true;
}

async function mochaSuite(name, dirs) {
  console.log(`\n> ${name}`);
  const mocha = new Mocha({ ui: 'tdd', reporter: 'spec', timeout: 60000, color: Boolean(process.stdout.isTTY) });
  for (const d of dirs) for (const f of testFiles(join(root, d))) mocha.addFile(f);
  await new Promise((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('end', () => {
      passed += runner.stats.passes;
      failed += runner.stats.failures;
      if (runner.stats.tests === 0) {
        console.log(`${name}: no tests ran`);
        failed++;
      }
    });
  });
}

/** Runs a suite in a child process; counts come from its closing "N passed, N failed" line. */
async function hostSuite(name, args) {
  console.log(`\n> ${name}`);
  const { spawn } = await import('node:child_process');
  await new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let last;
    const scan = (chunk) => {
      const text = chunk.toString();
      for (const m of text.matchAll(/^(?:\S+: )?(\d+) passed, (\d+) failed/gm)) last = [Number(m[1]), Number(m[2])];
    };
    child.stdout.on('data', (c) => { process.stdout.write(c); scan(c); });
    child.stderr.on('data', (c) => { process.stderr.write(c); scan(c); });
    child.on('exit', (code) => {
      if (last) {
        passed += last[0];
        failed += last[1];
      }
      if (code !== 0 && (!last || last[1] === 0)) {
        console.log(`${name}: exited with ${code} without reporting a failing test; counted as a failure`);
        failed++;
      }
      if (!last && code === 0) {
        console.log(`${name}: no test count reported; counted as a failure`);
        failed++;
      }
      resolve();
    });
  });
}

const built = step('generate the schema validators', process.execPath, [join(root, 'scripts/gen-validators.mjs')]) &&
  step('generate the stylesheet module', process.execPath, [join(root, 'scripts/gen-styles.mjs')]) &&
  step('build', process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json']) &&
  step('type-check the webview', process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'client/webview/tsconfig.json']) &&
  step('bundle', process.execPath, [join(root, 'scripts/build.mjs')]);
step('lint', process.execPath, [join(root, 'node_modules/eslint/bin/eslint.js'), '.']);
// Real hosts first (idempotent): Debian's Chromium for the page tests, code-server for the extension tests.
const hosts = step('install the real hosts (Chromium, code-server) if missing', 'bash', [join(root, 'scripts/real-hosts/install-code-server.sh')]);
if (built) {
  await mochaSuite('unit, CLI, LSP and page tests', ['out/test/unit', 'out/test/integration', ...(hosts ? ['out/test/browser'] : [])]);
  await hostSuite('extension tests in a real VS Code (sources)', [join(root, 'scripts/extension-tests.mjs')]);
  await hostSuite('preview UI tests in a real VS Code + Chromium', [join(root, 'scripts/ui-tests.mjs')]);
  const vsix = join(root, 'dist/engagement-playbooks.vsix');
  if (step('package the .vsix', process.execPath, [join(root, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '-o', vsix])) {
    await hostSuite('extension tests in a real VS Code (installed .vsix)', [join(root, 'scripts/extension-tests.mjs'), '--vsix', vsix]);
    await hostSuite('browser extension tests in a real VS Code web worker host (the .vsix)', [join(root, 'scripts/extension-tests.mjs'), '--web', '--vsix', vsix]);
  }
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
