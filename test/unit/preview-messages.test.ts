/** Messages from the webview are checked before the extension acts on them. */
import * as assert from 'assert';
import { parseFromWebview } from '../../client/src/preview/messages';

suite('preview messages from the webview', () => {
  const cases: [string, unknown, boolean][] = [
    ['ready', { type: 'ready' }, true],
    ['reveal', { type: 'reveal', uri: 'file:///w/a.playbook.yaml', range: [1, 2, 1, 9] }, true],
    ['export html', { type: 'export', format: 'html' }, true],
    ['state', { type: 'state', state: { uri: 'file:///w/a.playbook.yaml', locked: false, lanes: 'owner', filter: '' } }, true],
    ['unknown type', { type: 'runCommand', command: 'workbench.action.terminal.new' }, false],
    ['no type', { uri: 'file:///etc/passwd' }, false],
    ['not an object', 'reveal', false],
    ['null', null, false],
    ['reveal with a negative line', { type: 'reveal', uri: 'file:///w/a.playbook.yaml', range: [-1, 0, 0, 0] }, false],
    ['reveal with text in the range', { type: 'reveal', uri: 'file:///w/a.playbook.yaml', range: ['1', 0, 0, 0] }, false],
    ['reveal with three numbers', { type: 'reveal', uri: 'file:///w/a.playbook.yaml', range: [1, 0, 0] }, false],
    ['reveal without uri', { type: 'reveal', range: [1, 0, 1, 0] }, false],
    ['export to an unknown format', { type: 'export', format: 'pdf' }, false],
    ['state with unknown lanes', { type: 'state', state: { uri: 'x', locked: false, lanes: 'anything', filter: '' } }, false],
  ];
  for (const [name, message, accepted] of cases) {
    test(`${accepted ? 'accepts' : 'rejects'} ${name}`, () => {
      assert.strictEqual(parseFromWebview(message) !== undefined, accepted);
    });
  }

  test('a reveal keeps only the checked fields', () => {
    assert.deepStrictEqual(parseFromWebview({ type: 'reveal', uri: 'file:///w/a.playbook.yaml', range: [1, 2, 3, 4], extra: '<script>' }), {
      type: 'reveal',
      uri: 'file:///w/a.playbook.yaml',
      range: [1, 2, 3, 4],
    });
  });
});
