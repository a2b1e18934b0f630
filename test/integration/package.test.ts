/** The .vsix contents: bundles, schemas, docs and samples, never node_modules or sources. */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
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

  test('holds the client, server and CLI bundles, schemas, docs and samples', () => {
    for (const f of ['dist/client.js', 'dist/server.js', 'dist/cli.js', 'dist/media/webview.js', 'dist/media/journey.css', 'schemas/playbook.schema.json', 'schemas/playbookrc.schema.json', 'package.json', 'README.md', 'LICENSE', 'syntaxes/playbook.tmLanguage.json', 'language-configuration.json']) {
      assert.ok(files.includes(f), `${f} missing from the package`);
    }
    const docs = fs.readdirSync(path.join(ROOT, 'docs/rules')).map((f) => `docs/rules/${f}`);
    const samples = fs.readdirSync(path.join(ROOT, 'samples')).map((f) => `samples/${f}`);
    for (const f of [...docs, ...samples]) assert.ok(files.includes(f), `${f} missing from the package`);
  });

  test('holds no node_modules, sources, tests or source maps', () => {
    const bad = files.filter((f) => /(^|\/)node_modules\/|^server\/|^client\/|^test\/|^out\/|\.map$|\.ts$/.test(f));
    assert.deepStrictEqual(bad, []);
  });

  test('the manifest points at the bundled client and contributes the language, schema and commands', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.strictEqual(pkg.main, './dist/client.js');
    assert.ok(pkg.activationEvents.includes('onLanguage:playbook'));
    assert.deepStrictEqual(pkg.contributes.languages[0].filenamePatterns, ['*.playbook.yaml', '*.playbook.yml']);
    assert.strictEqual(pkg.contributes.yamlValidation[0].url, './schemas/playbook.schema.json');
    const commands = pkg.contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepStrictEqual(commands, [
      'playbook.export.html',
      'playbook.export.mermaid',
      'playbook.export.png',
      'playbook.export.svg',
      'playbook.newPlaybook',
      'playbook.restartServer',
      'playbook.showPreview',
      'playbook.showPreviewToSide',
      'playbook.togglePreviewLock',
      'playbook.validateWorkspace',
    ]);
    assert.deepStrictEqual(pkg.contributes.keybindings.map((k: { command: string; key: string }) => `${k.command} ${k.key}`), ['playbook.showPreviewToSide ctrl+k v']);
    for (const [key, prop] of Object.entries<{ scope?: string; description?: string }>(pkg.contributes.configuration.properties)) {
      assert.ok(prop.scope && prop.description, `${key} needs a scope and a description`);
    }
    assert.deepStrictEqual(pkg.bin, { playbook: 'dist/cli.js', 'playbook-language-server': 'dist/server.js' });
  });
});
