/**
 * The language server's V8 flags (server/src/host/v8Tuning.ts): set once, by the main thread, unless
 * the user turned them off. That the server runs with them, and that they key the code cache, is
 * checked on the real server in test/integration/code-cache.test.ts.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { SERVER_V8_FLAGS, tuneV8ForServer } from '../../server/src/host/v8Tuning';

suite('V8 flags of the language server (host/v8Tuning.ts)', () => {
  const calls = (env: NodeJS.ProcessEnv, mainThread = true) => {
    const seen: string[] = [];
    const returned = tuneV8ForServer(env, (flags) => seen.push(flags), mainThread);
    return { seen, returned };
  };

  test('by default the main thread sets the flags once and reports them', () => {
    assert.deepStrictEqual(calls({}), { seen: [SERVER_V8_FLAGS], returned: SERVER_V8_FLAGS });
    assert.deepStrictEqual(calls({ PLAYBOOK_V8_TUNING: '' }), { seen: [SERVER_V8_FLAGS], returned: SERVER_V8_FLAGS });
    assert.deepStrictEqual(calls({ PLAYBOOK_V8_TUNING: 'on' }), { seen: [SERVER_V8_FLAGS], returned: SERVER_V8_FLAGS });
  });

  test('PLAYBOOK_V8_TUNING=off (0, false, no, any case, spaces) leaves V8 alone', () => {
    for (const value of ['off', 'OFF', ' 0 ', 'false', 'No']) assert.deepStrictEqual(calls({ PLAYBOOK_V8_TUNING: value }), { seen: [], returned: '' }, value);
  });

  test('a worker thread never sets flags (they are the process\'s) but reports the ones its process runs with', () => {
    assert.deepStrictEqual(calls({}, false), { seen: [], returned: SERVER_V8_FLAGS });
    assert.deepStrictEqual(calls({ PLAYBOOK_V8_TUNING: 'off' }, false), { seen: [], returned: '' });
  });

  test('V8 knows the flag: setting it in a fresh Node prints nothing (an unknown flag is reported on stderr)', () => {
    const script = `require('v8').setFlagsFromString(${JSON.stringify(SERVER_V8_FLAGS)}); console.log('ok')`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', cwd: path.resolve(__dirname) });
    assert.deepStrictEqual({ status: r.status, stdout: r.stdout, stderr: r.stderr }, { status: 0, stdout: 'ok\n', stderr: '' });
  });
});
