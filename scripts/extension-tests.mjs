// Runs the extension test suite (out/test/extension/suite/index.js, @vscode/test-electron's
// `run()` convention) inside a real VS Code:
//  - on Linux: code-server (real VS Code 1.100, from npm) driven by Debian's Chromium,
//    installed on first use, idempotently (scripts/real-hosts/install-code-server.sh; apt as root);
//  - elsewhere (or PLAYBOOK_TEST_HOST=electron): desktop VS Code downloaded by @vscode/test-electron.
// The workspace is a scratch copy of samples/, so nothing in the repository is modified.
// Exits non-zero (loudly) when no host can be started.
//
// `--web`: the browser extension (github.dev, vscode.dev) instead: test/web/ (bundled here for a
// web worker) in code-server's web workbench, with the extension in the browser's web worker
// extension host (its `browser` entry) and its language server in a web worker: no Node
// anywhere. To get there, the extension under development is a copy of the package whose
// `main` is removed, so `browser` is its only entry (VS Code 1.100's web workbench reads the
// payload's `extensionDevelopmentKind=web` into a property its placement code does not look at;
// we pass it too). code-server on every platform: desktop VS Code has no browser extension host. The workspace also gets a folder governed by a
// `.playbookrc.yaml`, and the CLI's JSON report on the whole workspace (.web-test/expected.json),
// which the browser must show exactly.
import { spawnSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(new URL('..', import.meta.url).pathname);
// `--vsix FILE`: test the packaged extension instead of the sources (installed offline into the host).
const vsixArg = process.argv.indexOf('--vsix') >= 0 ? path.resolve(process.argv[process.argv.indexOf('--vsix') + 1]) : undefined;
const web = process.argv.includes('--web');
// The browser package: what the .vsix carries for the browser, without `main`.
const webPackage = web ? mkdtempSync(path.join(os.tmpdir(), 'playbook-web-ext-')) : undefined;
const entry = web ? path.join(webPackage, 'out/test/web/index.js') : path.join(root, 'out/test/extension/suite/index.js');
const host = web ? 'code-server' : process.env.PLAYBOOK_TEST_HOST || (process.platform === 'linux' ? 'code-server' : 'electron');
const ws = mkdtempSync(path.join(os.tmpdir(), 'playbook-ext-ws-'));
cpSync(path.join(root, 'samples'), ws, { recursive: true });
cpSync(path.join(root, 'test/fixtures/extension-workspace'), ws, { recursive: true });
// A git repository with one commit, for compare mode (the built-in git extension gives the other version).
if (!web) {
  const git = (...args) => spawnSync('git', args, { cwd: ws, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 'test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'test', GIT_COMMITTER_EMAIL: 'test@example.com' } });
  const steps = [['init', '-q', '-b', 'main'], ['add', '.'], ['commit', '-q', '-m', 'samples']].map((a) => git(...a));
  const failed = steps.find((r) => r.status !== 0);
  if (failed) {
    console.error(`could not make the test workspace a git repository: ${failed.error?.message ?? failed.stderr}`);
    process.exit(2);
  }
}
if (web) {
  const { build } = await import('esbuild');
  await build({ entryPoints: [path.join(root, 'test/web/index.ts')], outfile: entry, bundle: true, platform: 'browser', format: 'cjs', target: 'es2022', external: ['vscode'], logLevel: 'warning', sourcemap: 'inline' });
  mkdirSync(path.join(ws, 'governed'));
  cpSync(path.join(root, 'samples/gaps.playbook.yaml'), path.join(ws, 'governed/gaps.playbook.yaml'));
  writeFileSync(path.join(ws, 'governed/.playbookrc.yaml'), 'rules:\n  stage-without-touchpoint: off\n');
  const cli = spawnSync(process.execPath, [path.join(root, 'dist/cli.js'), 'validate', '.', '--format', 'json'], { cwd: ws, encoding: 'utf8' });
  if (cli.status !== 0 && cli.status !== 1) {
    console.error(`the CLI could not check the web test workspace (exit ${cli.status}): ${cli.stderr}`);
    process.exit(2);
  }
  mkdirSync(path.join(ws, '.web-test'));
  writeFileSync(path.join(ws, '.web-test/expected.json'), cli.stdout);
}

/**
 * The browser package under test: the files of the .vsix (`--vsix`: installed offline into a
 * throw-away extensions folder and copied from there; else the files .vscodeignore keeps for the
 * browser, from the repository), with `main` removed from package.json.
 */
function makeWebPackage(codeServer) {
  if (vsixArg) {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'playbook-web-vsix-'));
    scratch.push(tmp);
    const env = { ...process.env, XDG_CONFIG_HOME: path.join(tmp, 'xdg'), XDG_DATA_HOME: path.join(tmp, 'xdg'), XDG_CACHE_HOME: path.join(tmp, 'xdg') };
    const installed = spawnSync(codeServer, ['--user-data-dir', path.join(tmp, 'data'), '--extensions-dir', path.join(tmp, 'ext'), '--install-extension', vsixArg], { env, encoding: 'utf8' });
    const folder = readdirSync(path.join(tmp, 'ext'), { withFileTypes: true }).find((e) => e.isDirectory() && e.name.startsWith('engagement-playbooks.'));
    if (installed.status !== 0 || !folder) throw new Error(`could not install ${vsixArg}: ${installed.stderr}`);
    cpSync(path.join(tmp, 'ext', folder.name), webPackage, { recursive: true });
  } else {
    for (const part of ['dist/web', 'dist/media', 'docs/rules', 'schemas', 'syntaxes', 'images', 'language-configuration.json', 'README.md']) cpSync(path.join(root, part), path.join(webPackage, part), { recursive: true });
    cpSync(path.join(root, 'package.json'), path.join(webPackage, 'package.json'));
  }
  const manifest = JSON.parse(readFileSync(path.join(webPackage, 'package.json'), 'utf8'));
  if (!manifest.browser) throw new Error('the package has no `browser` entry');
  delete manifest.main;
  writeFileSync(path.join(webPackage, 'package.json'), JSON.stringify(manifest, null, 2));
}

let code = 2;
// Throw-away folders of this run, removed at the end (so two runs at once share none).
const scratch = [ws, ...(webPackage ? [webPackage] : [])];
try {
  if (host === 'electron') {
    const { runTests } = await import('@vscode/test-electron');
    if (vsixArg) throw new Error('--vsix is supported with the code-server host only');
    // Its own profile: by default @vscode/test-electron uses .vscode-test/user-data and
    // .vscode-test/extensions for every run, and a second VS Code on the same user data
    // hands its window to the first one and exits.
    const profile = mkdtempSync(path.join(os.tmpdir(), 'playbook-ext-profile-'));
    scratch.push(profile);
    const launchArgs = [ws, '--disable-extensions', '--disable-workspace-trust', `--user-data-dir=${path.join(profile, 'user-data')}`, `--extensions-dir=${path.join(profile, 'extensions')}`];
    code = await runTests({ extensionDevelopmentPath: root, extensionTestsPath: entry, launchArgs })
      .then(() => 0, (err) => { console.error(`extension tests failed: ${err.message ?? err}`); return 1; });
  } else {
    const install = spawnSync('bash', [path.join(root, 'scripts/real-hosts/install-code-server.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    const codeServer = install.stdout.trim().split('\n').pop();
    if (install.status !== 0 || !codeServer) {
      console.error('could not install code-server (see above): the extension tests cannot run');
      process.exit(2);
    }
    let extDir = webPackage ?? root;
    const env = { ...process.env, CODE_SERVER: codeServer, TEST_TIMEOUT_MS: process.env.TEST_TIMEOUT_MS || '300000' };
    if (web) {
      env.EXTENSION_KIND = 'web';
      makeWebPackage(codeServer);
    } else if (vsixArg) {
      // A stub development folder, so only the installed .vsix provides the extension.
      extDir = mkdtempSync(path.join(os.tmpdir(), 'playbook-ext-stub-'));
      scratch.push(extDir);
      writeFileSync(path.join(extDir, 'package.json'), JSON.stringify({ name: 't', publisher: 't', version: '0.0.0', engines: { vscode: '^1.90.0' } }));
      env.INSTALL_VSIX = vsixArg;
    }
    code = await new Promise((resolve) => {
      const child = spawn(process.execPath, [path.join(root, 'scripts/real-hosts/run-extension-tests.mjs'), extDir, entry, ws], {
        cwd: root,
        stdio: 'inherit',
        env,
      });
      child.on('exit', (c) => resolve(c ?? 2));
      child.on('error', () => resolve(2));
    });
  }
} finally {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
}
process.exit(code);
