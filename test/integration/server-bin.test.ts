/** The `playbook-language-server` bin: usage errors are one clear message, never a stack trace. */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';

const SERVER = path.resolve(__dirname, '../../../dist/server.js');

suite('playbook-language-server bin', () => {
  test('without a transport: exit 2 with the usage, no stack trace', () => {
    const r = spawnSync(process.execPath, [SERVER], { encoding: 'utf8', input: '' });
    assert.strictEqual(r.status, 2);
    assert.match(r.stderr, /choose a transport/);
    assert.match(r.stderr, /--stdio/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
    assert.strictEqual(r.stdout, '');
  });

  test('--version and --help', () => {
    assert.match(spawnSync(process.execPath, [SERVER, '--version'], { encoding: 'utf8' }).stdout, /^\d+\.\d+\.\d+\n$/);
    const help = spawnSync(process.execPath, [SERVER, '--help'], { encoding: 'utf8' });
    assert.strictEqual(help.status, 0);
    assert.match(help.stdout, /Usage: playbook-language-server --stdio/);
  });
});
