// Runs the extension test suite (out/test/extension/suite/index.js, @vscode/test-electron's
// `run()` convention) inside a real VS Code:
//  - on Linux: code-server (real VS Code 1.100, from npm) driven by Debian's Chromium,
//    installed on first use, idempotently (scripts/real-hosts/install-code-server.sh; apt as root);
//  - elsewhere (or PLAYBOOK_TEST_HOST=electron): desktop VS Code downloaded by @vscode/test-electron.
// The workspace is a scratch copy of samples/, so nothing in the repository is modified.
// Exits non-zero (loudly) when no host can be started.
import { spawnSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(new URL('..', import.meta.url).pathname);
// `--vsix FILE`: test the packaged extension instead of the sources (installed offline into the host).
const vsixArg = process.argv.indexOf('--vsix') >= 0 ? path.resolve(process.argv[process.argv.indexOf('--vsix') + 1]) : undefined;
const entry = path.join(root, 'out/test/extension/suite/index.js');
const host = process.env.PLAYBOOK_TEST_HOST || (process.platform === 'linux' ? 'code-server' : 'electron');
const ws = mkdtempSync(path.join(os.tmpdir(), 'playbook-ext-ws-'));
cpSync(path.join(root, 'samples'), ws, { recursive: true });
cpSync(path.join(root, 'test/fixtures/extension-workspace'), ws, { recursive: true });

let code = 2;
// Throw-away folders of this run, removed at the end (so two runs at once share none).
const scratch = [ws];
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
    let extDir = root;
    const env = { ...process.env, CODE_SERVER: codeServer, TEST_TIMEOUT_MS: process.env.TEST_TIMEOUT_MS || '300000' };
    if (vsixArg) {
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
