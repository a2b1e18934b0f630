/** The .vsix: what the extension loads (bundles, schemas, rule pages, samples, icons), never node_modules, sources or the CLI; Marketplace-ready. */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../../..');

suite('package (.vsix contents)', () => {
  let files: string[] = [];
  suiteSetup(function () {
    this.timeout(60000);
    const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/@vscode/vsce/vsce'), 'ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stderr);
    files = r.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
  });

  test('holds the client and server bundles, schemas, rule pages, samples and icons; not the CLI', () => {
    assert.ok(!files.includes('dist/cli.js') && !files.includes('dist/cli-bundle.js'), 'the extension does not run the CLI');
    assert.ok(!files.some((f) => f.endsWith('.png') && f !== 'images/icon.png'), 'no screenshots (the Marketplace shows the README\'s from the repository)');
    assert.ok(!files.includes('docs/ADDING-A-RULE.md'), 'no contributor docs');
    for (const f of ['images/icon.png', 'images/playbook-file.svg', 'CHANGELOG.md', 'dist/client.js', 'dist/server.js', 'dist/server-bundle.js', 'dist/web/client.js', 'dist/web/server.js', 'dist/media/webview.js', 'dist/media/journey.css', 'schemas/playbook.schema.json', 'schemas/playbookrc.schema.json', 'package.json', 'README.md', 'LICENSE', 'syntaxes/playbook.tmLanguage.json', 'language-configuration.json']) {
      assert.ok(files.includes(f), `${f} missing from the package`);
    }
    const docs = fs.readdirSync(path.join(ROOT, 'docs/rules')).map((f) => `docs/rules/${f}`);
    const samples = fs.readdirSync(path.join(ROOT, 'samples')).map((f) => `samples/${f}`);
    for (const f of [...docs, ...samples]) assert.ok(files.includes(f), `${f} missing from the package`);
  });

  test('vsce packages it without a warning, under 1 MB, with an icon, a gallery banner, preview below 1.0 and minified bundles', function () {
    this.timeout(120000);
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'playbook-vsix-')), 'x.vsix');
    try {
      const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '-o', out], { cwd: ROOT, encoding: 'utf8' });
      assert.strictEqual(r.status, 0, r.stderr);
      assert.doesNotMatch(r.stdout + r.stderr, /WARNING|warn/i, r.stdout + r.stderr);
      const size = fs.statSync(out).size;
      console.log(`      .vsix: ${(size / 1024).toFixed(0)} KB, ${files.length} files`);
      assert.ok(size < 1024 * 1024, `${size} bytes`);
    } finally {
      fs.rmSync(path.dirname(out), { recursive: true, force: true });
    }
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const icon = fs.readFileSync(path.join(ROOT, pkg.icon));
    assert.strictEqual(icon.subarray(1, 4).toString(), 'PNG');
    assert.ok(icon.readUInt32BE(16) >= 128 && icon.readUInt32BE(20) >= 128, 'an icon of 128 px or more');
    assert.ok(pkg.galleryBanner?.color);
    assert.strictEqual(pkg.preview, Number(pkg.version.split('.')[0]) < 1);
    assert.ok(pkg.contributes.languages[0].icon?.light && fs.existsSync(path.join(ROOT, pkg.contributes.languages[0].icon.light)), 'a language icon');
    for (const bundle of ['dist/client.js', 'dist/server-bundle.js', 'dist/web/client.js', 'dist/web/server.js', 'dist/media/webview.js']) {
      const text = fs.readFileSync(path.join(ROOT, bundle), 'utf8');
      const lines = text.split('\n').length;
      assert.ok(text.length / lines > 300, `${bundle} is minified (${lines} lines for ${text.length} characters)`);
    }
  });

  test('holds no node_modules, sources, tests or source maps', () => {
    const bad = files.filter((f) => /(^|\/)node_modules\/|^server\/|^client\/|^test\/|^out\/|\.map$|\.ts$/.test(f));
    assert.deepStrictEqual(bad, []);
  });

  test('the manifest points at the bundled client and contributes the language, schema and commands', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.strictEqual(pkg.main, './dist/client.js');
    // The browser (github.dev, vscode.dev): its own entry, allowed in virtual and untrusted workspaces.
    assert.strictEqual(pkg.browser, './dist/web/client.js');
    assert.strictEqual(pkg.capabilities?.virtualWorkspaces, true);
    assert.strictEqual(pkg.capabilities?.untrustedWorkspaces?.supported, true);
    // The browser bundles have nothing of Node: no require() but the editor's API (ajv keeps
    // `require("ajv/dist/runtime/...")` as text, the code it would generate; it is never run).
    for (const bundle of ['dist/web/client.js', 'dist/web/server.js']) {
      const required = [...fs.readFileSync(path.join(ROOT, bundle), 'utf8').matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]);
      assert.deepStrictEqual([...new Set(required)].filter((r) => r !== 'vscode' && !r.startsWith('ajv/dist/runtime/')), [], `${bundle} requires`);
    }
    assert.ok(pkg.activationEvents.includes('onLanguage:playbook'));
    assert.deepStrictEqual(pkg.contributes.languages[0].filenamePatterns, ['*.playbook.yaml', '*.playbook.yml']);
    assert.strictEqual(pkg.contributes.yamlValidation[0].url, './schemas/playbook.schema.json');
    const commands = pkg.contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepStrictEqual(commands, [
      'playbook.compareWithHead',
      'playbook.compareWithRef',
      'playbook.export.html',
      'playbook.export.mermaid',
      'playbook.export.png',
      'playbook.export.svg',
      'playbook.newPlaybook',
      'playbook.restartServer',
      'playbook.showPreview',
      'playbook.showPreviewToSide',
      'playbook.showRuleDoc',
      'playbook.stopComparing',
      'playbook.togglePreviewLock',
      'playbook.validateWorkspace',
    ]);
    // Compare mode needs git: hidden where the git extension's API is not there (the browser).
    for (const c of ['playbook.compareWithHead', 'playbook.compareWithRef']) {
      const entry = pkg.contributes.menus.commandPalette.find((m: { command: string }) => m.command === c);
      assert.match(entry?.when ?? '', /playbook\.gitAvailable/, c);
    }
    assert.deepStrictEqual(pkg.contributes.keybindings.map((k: { command: string; key: string }) => `${k.command} ${k.key}`), ['playbook.showPreviewToSide ctrl+k v']);
    for (const [key, prop] of Object.entries<{ scope?: string; description?: string }>(pkg.contributes.configuration.properties)) {
      assert.ok(prop.scope && prop.description, `${key} needs a scope and a description`);
    }
    assert.deepStrictEqual(pkg.bin, { playbook: 'dist/cli.js', 'playbook-language-server': 'dist/server.js' });
  });
});
