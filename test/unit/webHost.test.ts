/**
 * The browser language server's host (lsp/webHost.ts) and its URIs (lsp/uri.ts), in Node with a
 * fake client: the workspace's files come only through WorkspaceFilesRequest and ReadFileRequest.
 * The real thing (a web worker in a real VS Code web workbench) is test/web/.
 */
import * as assert from 'assert';
import type { Connection } from 'vscode-languageserver';
import { ConfigFiles, isSelected } from '../../server/src/host/configFiles';
import { PlaybookConfigs } from '../../server/src/lsp/configs';
import { pathToUri, uriToPath, useWorkspaceUris } from '../../server/src/lsp/uri';
import { WebHost } from '../../server/src/lsp/webHost';
import { ReadFileRequest, WorkspaceFilesRequest } from '../../server/src/protocol';

const ROOT = 'vscode-vfs://github/acme/playbooks';

/** A client holding files by URI; records the requests it gets. */
function fakeClient(files: Map<string, string | { error: string; missing: boolean }>) {
  const asked: string[] = [];
  const connection = {
    sendRequest: async (type: { method: string }, params: { uri?: string; folders?: string[] }) => {
      asked.push(`${type.method} ${params.uri ?? params.folders?.join(',')}`);
      if (type.method === WorkspaceFilesRequest.method) return { uris: [...files.keys()].filter((u) => params.folders!.some((f) => u.startsWith(`${f}/`))) };
      if (type.method === ReadFileRequest.method) {
        const got = files.get(params.uri!);
        if (got === undefined) return { error: 'Unable to read file', missing: true };
        if (typeof got !== 'string') return got;
        return { base64: Buffer.from(got, 'utf8').toString('base64') };
      }
      throw new Error(`unexpected request ${type.method}`);
    },
  } as unknown as Connection;
  return { connection, asked };
}

suite('lsp/webHost: the browser server reads the workspace through the client', () => {
  const hosts: WebHost[] = [];
  /** A host over a connection, closed after the test. */
  const hostOn = (connection: Connection): WebHost => {
    const host = new WebHost(connection);
    hosts.push(host);
    return host;
  };
  suiteSetup(() => useWorkspaceUris(true));
  suiteTeardown(() => useWorkspaceUris(false));
  teardown(() => {
    for (const h of hosts.splice(0)) h.dispose();
  });

  test('URIs of any scheme but untitled get a POSIX path, and back', () => {
    for (const uri of [`${ROOT}/team/onboarding.playbook.yaml`, 'vscode-remote://127.0.0.1:8080/tmp/ws/a%20b.playbook.yaml', 'vscode-test-web://mount/x/.playbookrc.yaml']) {
      const p = uriToPath(uri)!;
      assert.ok(p.startsWith('/'), p);
      assert.strictEqual(pathToUri(p), uri, `round trip of ${uri} through ${p}`);
    }
    assert.strictEqual(uriToPath(`${ROOT}/team/onboarding.playbook.yaml`), '/vscode-vfs:github/acme/playbooks/team/onboarding.playbook.yaml');
    assert.strictEqual(uriToPath('untitled:Untitled-1'), undefined);
    assert.strictEqual(uriToPath('git:/repo/a.playbook.yaml?%7B%22ref%22%3A%22HEAD%22%7D'), undefined, 'a version of a file (a diff view) is not the file');
    // vscode.dev's local folders are file: URIs, on Windows too: mapped from the URI's path, never to backslashes.
    for (const uri of ['file:///home/me/a.playbook.yaml', 'file:///c%3A/Users/me/a.playbook.yaml', 'file:///tmp/a%3Ab/x.playbook.yaml']) {
      const p = uriToPath(uri)!;
      assert.ok(p.startsWith('/file:/') && !p.includes('\\'), p);
      assert.strictEqual(pathToUri(p), uri);
    }
    assert.strictEqual(uriToPath('file:///c%3A/Users/me/a.playbook.yaml'), '/file:/c:/Users/me/a.playbook.yaml');
    useWorkspaceUris(false);
    try {
      assert.strictEqual(uriToPath(`${ROOT}/a.playbook.yaml`), undefined, 'the Node server reads only file: URIs');
    } finally {
      useWorkspaceUris(true);
    }
  });

  test('configuration files are copied at sync: the nearest one governs, include/exclude apply, a broken one is reported', async () => {
    const files = new Map<string, string | { error: string; missing: boolean }>([
      [`${ROOT}/.playbookrc.yaml`, 'rules:\n  coverage-gap: off\nexclude:\n  - "drafts/**"\n'],
      [`${ROOT}/team/.playbookrc.yaml`, 'rules:\n  unused-definition: warning\n'],
      [`${ROOT}/team/onboarding.playbook.yaml`, 'playbook: x\n'],
      [`${ROOT}/drafts/idea.playbook.yaml`, 'playbook: y\n'],
      [`${ROOT}/locked/.playbookrc.yaml`, { error: 'NoPermissions', missing: false }],
      [`${ROOT}/locked/a.playbook.yaml`, 'playbook: z\n'],
    ]);
    const { connection, asked } = fakeClient(files);
    const host = hostOn(connection);
    assert.strictEqual(await host.sync([uriToPath(ROOT)!]), true, 'configuration files became known');
    assert.deepStrictEqual(host.listFiles(), [...files.keys()].map((u) => uriToPath(u)!).sort());
    assert.strictEqual(asked.filter((a) => a.startsWith(ReadFileRequest.method)).length, 3, 'only the configuration files are read at sync');

    const configs = new PlaybookConfigs(host.reader);
    const team = configs.governing(uriToPath(`${ROOT}/team/onboarding.playbook.yaml`)!);
    assert.deepStrictEqual(team.config?.config.rules, { 'unused-definition': 'warning' }, 'the nearest configuration');
    assert.ok(!configs.selects(uriToPath(`${ROOT}/drafts/idea.playbook.yaml`)!), 'excluded by the root configuration');
    const root = new ConfigFiles(host.reader).forPlaybook(uriToPath(`${ROOT}/drafts/idea.playbook.yaml`)!);
    assert.ok(root && !isSelected(root, uriToPath(`${ROOT}/drafts/idea.playbook.yaml`)!));
    const locked = configs.governing(uriToPath(`${ROOT}/locked/a.playbook.yaml`)!);
    assert.ok(locked.problem && 'error' in locked.problem, 'an unreadable configuration is a problem, not silence');
    assert.match((locked.problem as { error: string }).error, /NoPermissions/);
  });

  test('playbooks are read when asked; a file changed gets a new stamp; a deleted configuration goes', async () => {
    const files = new Map<string, string | { error: string; missing: boolean }>([
      [`${ROOT}/.playbookrc.yaml`, 'rules:\n  coverage-gap: off\n'],
      [`${ROOT}/a.playbook.yaml`, '\ufeffplaybook: a\n'],
    ]);
    const { connection } = fakeClient(files);
    const host = hostOn(connection);
    await host.sync([uriToPath(ROOT)!]);
    const a = uriToPath(`${ROOT}/a.playbook.yaml`)!;
    assert.strictEqual(await host.readText(a), 'playbook: a\n', 'decoded as the CLI decodes (BOM dropped)');
    assert.strictEqual(await host.readText(uriToPath(`${ROOT}/gone.playbook.yaml`)!), undefined);
    const before = await host.stamp(a);
    assert.strictEqual(await host.stamp(a), before, 'unchanged, the same stamp');
    await host.changed([a]);
    assert.notStrictEqual(await host.stamp(a), before, 'changed, a new stamp');

    const rc = uriToPath(`${ROOT}/.playbookrc.yaml`)!;
    assert.ok(host.reader.exists(rc));
    files.delete(`${ROOT}/.playbookrc.yaml`);
    await host.changed([rc]);
    assert.ok(!host.reader.exists(rc), 'deleted on the client: gone from the copy');
    assert.throws(() => host.reader.readFile(rc), (e: { code?: string }) => e.code === 'ENOENT');
  });

  test('a client that cannot list files leaves the server with its open documents only', async () => {
    const connection = { sendRequest: async () => Promise.reject(new Error('Unhandled method playbook/workspaceFiles')) } as unknown as Connection;
    const host = hostOn(connection);
    assert.strictEqual(await host.sync(['/vscode-vfs:github/acme/playbooks']), false);
    assert.deepStrictEqual(host.listFiles(), []);
    await assert.rejects(host.readText('/vscode-vfs:github/acme/playbooks/a.playbook.yaml'), /Unhandled method/, 'not "missing": a file the editor could not read keeps its state');
  });

  test('syncs at once share one listing; a failed listing keeps what was known; a reported configuration outlives a lagging file search', async () => {
    const files = new Map<string, string | { error: string; missing: boolean }>([
      [`${ROOT}/.playbookrc.yaml`, 'rules:\n  coverage-gap: off\n'],
      [`${ROOT}/a.playbook.yaml`, 'playbook: a\n'],
    ]);
    const { connection, asked } = fakeClient(files);
    const host = hostOn(connection);
    const folder = uriToPath(ROOT)!;
    await Promise.all([host.sync([folder]), host.sync([folder])]);
    assert.strictEqual(asked.filter((a) => a.startsWith(WorkspaceFilesRequest.method)).length, 1, 'one listing for two callers');
    const rc = uriToPath(`${ROOT}/.playbookrc.yaml`)!;
    // The client stops answering: the copies and the list stay.
    const failing = connection as unknown as { sendRequest: unknown };
    const answer = failing.sendRequest;
    failing.sendRequest = async () => Promise.reject(new Error('connection lost'));
    assert.strictEqual(await host.sync([folder]), false);
    assert.ok(host.reader.exists(rc));
    assert.strictEqual(host.listFiles().length, 2);
    // A new configuration the client reports, which its file search does not list yet.
    failing.sendRequest = answer;
    const sub = `${ROOT}/team/.playbookrc.yaml`;
    files.set(sub, 'rules:\n  unused-definition: off\n');
    await host.changed([uriToPath(sub)!]);
    const listed = new Map(files);
    files.delete(sub);
    (connection as unknown as { sendRequest: (t: { method: string }, p: { uri?: string; folders?: string[] }) => Promise<unknown> }).sendRequest = async (t, p) =>
      t.method === WorkspaceFilesRequest.method ? { uris: [...files.keys()] } : { base64: Buffer.from(String(listed.get(p.uri!) ?? ''), 'utf8').toString('base64') };
    await host.sync([folder]);
    assert.ok(host.reader.exists(uriToPath(sub)!), 'kept at the next sync');
  });

  test('yield lets other tasks run, in order', async () => {
    const host = hostOn(fakeClient(new Map()).connection);
    const order: string[] = [];
    const timer = new Promise<void>((r) => setTimeout(() => (order.push('timer'), r()), 0));
    await host.yield();
    order.push('after first yield');
    await Promise.all([host.yield().then(() => order.push('a')), host.yield().then(() => order.push('b'))]);
    await timer;
    assert.deepStrictEqual(order.filter((o) => o !== 'timer'), ['after first yield', 'a', 'b']);
  });
});
