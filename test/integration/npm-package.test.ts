/**
 * The npm package: `npm pack` holds only what the CLI and the language server run on, and the
 * tarball installed into an empty folder (nothing else installed, no network) runs
 * `npx playbook validate` and `npx playbook-language-server --version`.
 */
import * as assert from 'assert';
import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../../..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';

function sh(cmd: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  // npm's own settings of this run (a CI cache, `npm test`'s env) must not leak into the clean install.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  return spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' }, timeout: 180000 });
}

suite('npm package (npm pack, installed into an empty folder)', function () {
  this.timeout(300000);
  let work = '';
  let tarball = '';
  let files: string[] = [];

  suiteSetup(() => {
    assert.ok(fs.existsSync(path.join(ROOT, 'dist/cli.js')), 'dist/cli.js is missing: run `node scripts/build.mjs` first');
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'playbook-npm-'));
    const r = sh(NPM, ['pack', '--json', '--pack-destination', work], ROOT);
    assert.strictEqual(r.status, 0, r.stderr);
    const [info] = JSON.parse(r.stdout.slice(r.stdout.indexOf('['))) as { filename: string; files: { path: string }[]; size: number; unpackedSize: number }[];
    tarball = path.join(work, info.filename);
    files = info.files.map((f) => f.path).sort();
    console.log(`      ${info.filename}: ${(info.size / 1024).toFixed(0)} KB packed, ${(info.unpackedSize / 1024).toFixed(0)} KB unpacked, ${files.length} files`);
  });

  suiteTeardown(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  test('holds only runtime files: the two bundles, the schemas, the rule pages and the package texts', () => {
    const allowed = (f: string) =>
      ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'dist/cli.js', 'dist/cli-bundle.js', 'dist/server.js', 'dist/server-bundle.js', 'schemas/README.md'].includes(f) || /^schemas\/[\w.-]+\.schema\.json$/.test(f) || /^docs\/rules\/[\w-]+\.md$/.test(f);
    assert.deepStrictEqual(files.filter((f) => !allowed(f)), [], 'nothing else');
    for (const f of ['dist/cli.js', 'dist/cli-bundle.js', 'dist/server.js', 'dist/server-bundle.js', 'schemas/playbook.schema.json', 'schemas/playbookrc.schema.json', 'docs/rules/unknown-reference.md', 'package.json', 'README.md', 'LICENSE']) assert.ok(files.includes(f), f);
    assert.ok(!files.includes('docs/ADDING-A-RULE.md'), 'no contributor docs');
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { private?: boolean; dependencies?: Record<string, string>; bin: Record<string, string> };
    assert.notStrictEqual(pkg.private, true, 'publishable');
    assert.deepStrictEqual(Object.keys(pkg.dependencies ?? {}), [], 'the bundles are self-contained: nothing to install with them');
    for (const bin of Object.values(pkg.bin)) assert.ok(files.includes(bin), `bin ${bin}`);
  });

  test('installed into an empty folder (offline), `npx playbook validate` and the language server run', () => {
    const app = path.join(work, 'app');
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, 'package.json'), '{ "name": "app", "version": "1.0.0", "private": true }\n');
    const install = sh(NPM, ['install', '--offline', '--no-package-lock', tarball], app);
    assert.strictEqual(install.status, 0, install.stderr);
    assert.deepStrictEqual(fs.readdirSync(path.join(app, 'node_modules')).filter((d) => !d.startsWith('.')), ['engagement-playbooks'], 'nothing else installed');
    fs.copyFileSync(path.join(ROOT, 'samples/race.playbook.yaml'), path.join(app, 'race.playbook.yaml'));
    fs.copyFileSync(path.join(ROOT, 'samples/gaps.playbook.yaml'), path.join(app, 'gaps.playbook.yaml'));
    const clean = sh(NPX, ['--offline', 'playbook', 'validate', 'race.playbook.yaml'], app);
    assert.strictEqual(clean.status, 0, clean.stdout + clean.stderr);
    assert.match(clean.stdout, /1 playbook checked, no problems/);
    const gaps = sh(NPX, ['--offline', 'playbook', 'validate', '--format', 'json'], app);
    assert.strictEqual(gaps.status, 1, gaps.stderr);
    const report = JSON.parse(gaps.stdout) as { summary: { files: number; errors: number } };
    assert.strictEqual(report.summary.files, 2);
    assert.ok(report.summary.errors > 0);
    const server = sh(NPX, ['--offline', 'playbook-language-server', '--version'], app);
    assert.strictEqual(server.status, 0, server.stderr);
    const version = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    assert.strictEqual(server.stdout.trim(), version, 'one version for the package, the CLI and the server');
  });
});
