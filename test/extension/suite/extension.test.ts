/** The extension in a real VS Code: language, diagnostics, completion, rename, quick fix, commands, crash recovery. */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { State } from 'vscode-languageclient/node';
import { formatPlaybook } from '../../../server/src/core/format';
import { FrameworksRequest, JourneyRequest, type JourneyResult, ServerInfoRequest } from '../../../server/src/protocol';
import { activateExtension, EXTENSION_ID, lineWith, openPreviewToSide, ruleOf, scratchCopy, waitForDiagnostics, workspaceFile } from './util';

suite('playbook extension', () => {
  test('opens *.playbook.yaml as language "playbook" and activates', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceFile('laer.playbook.yaml'));
    await vscode.window.showTextDocument(doc);
    assert.strictEqual(doc.languageId, 'playbook');
    const api = await activateExtension();
    assert.strictEqual(api.client().state, State.Running);
  });

  test('diagnostics arrive by event with rule ids, docs links and source', async () => {
    const uri = workspaceFile('gaps.playbook.yaml');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const diags = await waitForDiagnostics(uri, (d) => d.length > 0);
    const rules = new Set(diags.map(ruleOf));
    for (const r of ['unknown-reference', 'duplicate-id', 'escalation-cycle', 'coverage-gap']) assert.ok(rules.has(r), `missing ${r}: ${[...rules].join(', ')}`);
    const unknown = diags.find((d) => ruleOf(d) === 'unknown-reference')!;
    assert.strictEqual(unknown.source, 'playbook');
    assert.ok(typeof unknown.code === 'object' && String(unknown.code.target).endsWith('/docs/rules/unknown-reference.md'));
    // The link is to the page bundled with the extension (it works offline), not to the web.
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    assert.strictEqual(unknown.code.target.toString(), vscode.Uri.joinPath(ext.extensionUri, 'docs/rules/unknown-reference.md').toString());
    assert.ok((await vscode.workspace.fs.stat(unknown.code.target)).size > 0, 'the bundled page exists');
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.strictEqual(unknown.range.start.line, lineWith(doc, 'owner: csm-tem'), 'on the line of the typo');
  });

  test('"Show documentation for <rule>": every finding offers its rule\'s page, opened in the Markdown preview', async () => {
    const uri = workspaceFile('gaps.playbook.yaml');
    const diags = await waitForDiagnostics(uri, (d) => d.some((x) => ruleOf(x) === 'escalation-cycle'));
    const cycle = diags.find((d) => ruleOf(d) === 'escalation-cycle')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, cycle.range);
    const show = actions.find((a) => a.title === 'Show documentation for escalation-cycle');
    assert.ok(show?.command, `actions: ${actions.map((a) => a.title).join(' | ')}`);
    const page = await vscode.commands.executeCommand<vscode.Uri>(show.command.command, ...(show.command.arguments ?? []));
    assert.ok(page?.path.endsWith('/docs/rules/escalation-cycle.md'));
    const previewTab = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && /markdown/i.test(t.input.viewType) && t.label.includes('escalation-cycle'));
    for (let i = 0; i < 100 && !previewTab(); i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(previewTab(), `a Markdown preview tab: ${vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label).join(', ')}`);
  });

  test('a file never opened gets its findings from the workspace validation', async () => {
    const uri = workspaceFile('closed/never-opened.playbook.yaml');
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()));
    const diags = await waitForDiagnostics(uri, (d) => d.length > 0);
    assert.deepStrictEqual(diags.map(ruleOf).sort(), ['stage-without-touchpoint', 'stage-without-touchpoint', 'stage-without-touchpoint', 'stage-without-touchpoint', 'unknown-reference']);
    assert.deepStrictEqual(vscode.languages.getDiagnostics(workspaceFile('race.playbook.yaml')).filter((d) => d.source === 'playbook'), []);
  });

  test('completion offers the playbook\'s own owner ids', async () => {
    const uri = workspaceFile('gaps.playbook.yaml');
    const doc = await vscode.workspace.openTextDocument(uri);
    const at = lineWith(doc, 'owner: csm-tem');
    const line = doc.lineAt(at);
    const pos = new vscode.Position(at, line.text.indexOf('csm-tem'));
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, pos);
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const id of ['csm-team', 'support-team', 'onboarding-bot']) assert.ok(labels.includes(id), `completion lacks ${id}: ${labels.join(', ')}`);
  });

  test('quick fix replaces an unknown reference with the closest id', async () => {
    const uri = await scratchCopy('gaps.playbook.yaml');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const diags = await waitForDiagnostics(uri, (d) => d.some((x) => ruleOf(x) === 'unknown-reference'));
    const target = diags.find((d) => ruleOf(d) === 'unknown-reference')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, target.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title === 'Change to `csm-team`');
    assert.ok(fix?.edit, `no fix among: ${actions.map((a) => a.title).join(' | ')}`);
    const at = lineWith(doc, 'owner: csm-tem');
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(doc.lineAt(at).text, /^\s+owner: csm-team\s+# <- unknown-reference/);
    await waitForDiagnostics(uri, (d) => !d.some((x) => ruleOf(x) === 'unknown-reference'));
  });

  test('"Add a touchpoint" runs as a snippet: the cursor lands on the new id, revealed; the placeholders are flagged', async () => {
    const uri = await scratchCopy('gaps.playbook.yaml');
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    const diags = await waitForDiagnostics(uri, (d) => d.some((x) => ruleOf(x) === 'coverage-gap'));
    const gap = diags.find((d) => ruleOf(d) === 'coverage-gap')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, gap.range, vscode.CodeActionKind.QuickFix.value);
    const add = actions.find((a) => a.title.startsWith('Add a touchpoint for segment'));
    assert.ok(add?.command, `a snippet command among: ${actions.map((a) => `${a.title} (${a.command?.command ?? 'edit'})`).join(' | ')}`);
    assert.strictEqual(add.command.command, 'playbook.insertSnippetFix');
    const linesBefore = doc.lineCount;
    assert.ok(await vscode.commands.executeCommand(add.command.command, ...(add.command.arguments ?? [])));
    assert.ok(doc.lineCount > linesBefore + 4, 'the touchpoint was inserted');
    const selected = doc.getText(editor.selection);
    assert.match(selected, /^[a-z0-9-]+-touchpoint(-\d+)?$/, `the first placeholder (the id) is selected: "${selected}"`);
    assert.match(doc.lineAt(editor.selection.start.line).text, /^\s*- id: /);
    assert.ok(editor.visibleRanges.some((r) => r.contains(editor.selection.start)), 'the new touchpoint is on screen');
    await waitForDiagnostics(uri, (d) => d.filter((x) => ruleOf(x) === 'schema' && /TODO/.test(x.message)).length === 2);
  });

  test('Format Document: 2-space indentation and id first, every comment kept', async () => {
    const uri = await scratchCopy('laer.playbook.yaml');
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    const original = doc.getText();
    // Each entry's id moved after its name: what formatting puts back.
    const shuffled = original.replace(/^( *)- id: (\S+)\n( *)(name: .*)$/gm, (_a, dash: string, id: string, pad: string, name: string) => `${dash}- ${name}\n${pad}id: ${id}`);
    assert.notStrictEqual(shuffled, original);
    assert.ok(await editor.edit((b) => b.replace(new vscode.Range(0, 0, doc.lineCount, 0), shuffled)));
    const edits = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', uri, { tabSize: 2, insertSpaces: true });
    assert.ok(edits?.length, 'formatting edits');
    const we = new vscode.WorkspaceEdit();
    we.set(uri, edits);
    assert.ok(await vscode.workspace.applyEdit(we));
    const expected = formatPlaybook(original);
    assert.ok('text' in expected);
    assert.strictEqual(doc.getText(), expected.text, 'the shuffled file formats as the original does');
    assert.doesNotMatch(doc.getText(), /^ *- name: .*\n *id: /m, 'id first in every entry');
    const comments = (t: string) => t.split('\n').filter((l) => l.trim().startsWith('#'));
    assert.deepStrictEqual(comments(doc.getText()), comments(original));
  });

  test('rename updates the declaration and every reference, keeping comments', async () => {
    const uri = await scratchCopy('laer.playbook.yaml');
    const doc = await vscode.workspace.openTextDocument(uri);
    const before = doc.getText();
    const declLine = before.split('\n').findIndex((l) => /^\s+- id: enterprise\b/.test(l));
    assert.ok(declLine >= 0);
    const col = doc.lineAt(declLine).text.indexOf('enterprise');
    const refsBefore = (before.match(/\benterprise\b/g) ?? []).length;
    const commentsBefore = before.split('\n').filter((l) => l.includes('#')).length;
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', uri, new vscode.Position(declLine, col + 1), 'strategic-accounts');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const after = doc.getText();
    assert.ok((after.match(/\bstrategic-accounts\b/g) ?? []).length >= 2, 'declaration and references renamed');
    assert.strictEqual(after.split('\n').filter((l) => l.includes('#')).length, commentsBefore);
    assert.ok((after.match(/\benterprise\b/g) ?? []).length < refsBefore);
    await waitForDiagnostics(uri, (d) => d.length === 0);
  });

  test('"New Playbook from Framework" creates <name>.playbook.yaml in the folder, opened and analysed clean', async () => {
    const api = await activateExtension();
    const folder = workspaceFile('');
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>('playbook.newPlaybook', 'aarrr', { name: 'Acme Growth', folder });
    assert.ok(doc);
    assert.strictEqual(doc.uri.toString(), vscode.Uri.joinPath(folder, 'Acme Growth.playbook.yaml').toString());
    assert.ok(!doc.isUntitled && !doc.isDirty, 'created on disk, not Untitled');
    assert.strictEqual(doc.languageId, 'playbook');
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), doc.uri.toString(), 'opened');
    const text = doc.getText();
    assert.match(text, /^playbook: acme-growth$/m);
    assert.match(text, /^title: Acme growth$/m);
    assert.match(text, /^# AARRR engagement playbook\./);
    for (const stage of ['acquisition', 'activation', 'retention', 'referral', 'revenue']) assert.ok(text.includes(`stage: ${stage}`));
    // The server's own analysis of this version: a journey with no finding (not the empty diagnostics before any analysis).
    // By method name: the bundled client's protocol objects are not this compiled test's.
    const analysed = await api.client().sendRequest<JourneyResult>(JourneyRequest.method, { uri: doc.uri.toString() });
    assert.strictEqual(analysed.version, doc.version);
    assert.ok(analysed.journey, 'the scaffold parses');
    assert.deepStrictEqual(analysed.journey.allFindings.map((f) => f.ruleId), []);
    // Diagnostics are live for the new file: a broken reference shows up, and goes once repaired.
    const editor = await vscode.window.showTextDocument(doc);
    const line = text.split('\n').findIndex((l) => l === '    owner: customer-success');
    const col = '    owner: '.length;
    assert.ok(await editor.edit((b) => b.replace(new vscode.Range(line, col, line, col + 'customer-success'.length), 'customer-sucess')));
    await waitForDiagnostics(doc.uri, (d) => d.some((x) => ruleOf(x) === 'unknown-reference'));
    assert.ok(await editor.edit((b) => b.replace(new vscode.Range(line, col, line, col + 'customer-sucess'.length), 'customer-success')));
    assert.deepStrictEqual((await waitForDiagnostics(doc.uri, (d) => d.length === 0)).map(ruleOf), []);
    // A second playbook of the same name is refused, not written over.
    const again = await vscode.commands.executeCommand<vscode.TextDocument | undefined>('playbook.newPlaybook', 'race', { name: 'Acme Growth', folder });
    assert.strictEqual(again, undefined);
    assert.match(Buffer.from(await vscode.workspace.fs.readFile(doc.uri)).toString('utf8'), /^framework: aarrr$/m);
  });

  test('every contributed command is registered', async () => {
    const api = await activateExtension();
    const contributed = (vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command);
    assert.ok(contributed.length >= 10, `contributed: ${contributed.join(', ')}`);
    const all = new Set(await vscode.commands.getCommands(true));
    assert.deepStrictEqual(contributed.filter((c) => !all.has(c)), [], 'contributed but not registered');
    const result = await vscode.commands.executeCommand<{ files: number }>('playbook.validateWorkspace');
    assert.ok(result.files >= 10, `validated ${result.files}`);
    const frameworks = await api.client().sendRequest(FrameworksRequest);
    assert.ok(frameworks.some((f) => f.id === 'race' && f.name === 'RACE'));
  });

  test('export commands write the journey map as HTML, SVG and Mermaid', async () => {
    const source = workspaceFile('laer.playbook.yaml');
    for (const [format, check] of [
      ['html', (t: string) => t.startsWith('<!DOCTYPE html>') && t.includes("default-src 'none'") && !/<script/i.test(t) && /class="journey-map[ "]/.test(t)],
      ['svg', (t: string) => t.includes('<svg xmlns="http://www.w3.org/2000/svg"')],
      ['mermaid', (t: string) => t.startsWith('journey\n') && /\n {2}section Land\n/.test(t)],
    ] as const) {
      const target = workspaceFile(`exported.${format}`);
      const written = await vscode.commands.executeCommand<vscode.Uri>(`playbook.export.${format}`, source, target);
      assert.strictEqual(written?.toString(), target.toString());
      const text = Buffer.from(await vscode.workspace.fs.readFile(target)).toString('utf8');
      assert.ok(check(text), `${format} export: ${text.slice(0, 200)}`);
    }
  });

  test('PNG export: the preview draws the SVG export on a canvas at 2x and the bytes are saved', async () => {
    const source = workspaceFile('gaps.playbook.yaml');
    const target = workspaceFile('exported.png');
    const written = await vscode.commands.executeCommand<vscode.Uri>('playbook.export.png', source, target);
    assert.strictEqual(written?.toString(), target.toString());
    const png = Buffer.from(await vscode.workspace.fs.readFile(target));
    assert.deepStrictEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
    // IHDR: width and height are twice the SVG's viewBox.
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    const svg = Buffer.from(await vscode.workspace.fs.readFile(await vscode.commands.executeCommand<vscode.Uri>('playbook.export.svg', source, workspaceFile('exported-for-png.svg')))).toString('utf8');
    const box = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg)!;
    assert.strictEqual(width, Math.round(Number(box[1]) * 2), 'PNG width = 2 x SVG width');
    assert.strictEqual(height, Math.round(Number(box[2]) * 2), 'PNG height = 2 x SVG height');
    assert.ok(png.length > 20_000, `a real picture, not an empty canvas (${png.length} bytes)`);
    // The export opened a preview to draw with: close it, the next test opens its own.
    const api = await activateExtension();
    for (const p of api.previews.all) p.panel.dispose();
  });

  test('the preview opens beside the editor, follows it, and can be locked', async () => {
    const api = await activateExtension();
    const laer = await vscode.workspace.openTextDocument(workspaceFile('laer.playbook.yaml'));
    await vscode.window.showTextDocument(laer);
    const { preview, drawn } = await openPreviewToSide(api);
    assert.strictEqual(preview.resource.toString(), laer.uri.toString());
    assert.ok(drawn, 'the map was drawn from the server\'s journey model');
    // Following the active editor.
    const race = await vscode.workspace.openTextDocument(workspaceFile('race.playbook.yaml'));
    await vscode.window.showTextDocument(race, vscode.ViewColumn.One);
    assert.strictEqual(preview.resource.toString(), race.uri.toString());
    // Locked, it stays on its playbook.
    preview.setLocked(true);
    await vscode.window.showTextDocument(laer, vscode.ViewColumn.One);
    assert.strictEqual(preview.resource.toString(), race.uri.toString());
    preview.setLocked(false);
    preview.panel.dispose();
  });

  test('compare mode: against HEAD after an edit, it follows the typing, and stops', async () => {
    const api = await activateExtension();
    for (const p of api.previews.all) p.panel.dispose();
    const uri = workspaceFile('race.playbook.yaml');
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    const { preview } = await openPreviewToSide(api);
    const nextUpdate = () =>
      new Promise<{ compare?: { label: string; added: number[]; changed: { index: number; fields: string[] }[]; removed: { id: string }[] } }>((resolve) => {
        const sub = preview.onDidUpdate((u) => {
          sub.dispose();
          resolve(u);
        });
      });
    // An edit not saved: the channel of the first touchpoint.
    const channel = doc.getText().indexOf('channel: ', doc.getText().indexOf('touchpoints:'));
    const line = doc.positionAt(channel).line;
    const old = doc.lineAt(line).text;
    await editor.edit((e) => e.replace(doc.lineAt(line).range, old.replace(/channel: [\w-]+/, 'channel: sms')));
    let updated = nextUpdate();
    assert.strictEqual(await vscode.commands.executeCommand('playbook.compareWithHead'), 'HEAD');
    let u = await updated;
    while (!u.compare) u = await (updated = nextUpdate());
    assert.strictEqual(u.compare.label, 'HEAD');
    assert.strictEqual(u.compare.changed.length, 1, JSON.stringify(u.compare.changed));
    assert.match(u.compare.changed[0].fields.join(), /channel: [\w-]+ → sms/);
    assert.strictEqual(preview.panel.title, 'Journey: race.playbook.yaml ↔ HEAD');
    // It follows the typing: the touchpoint removed now is a ghost.
    const start = doc.getText().indexOf('\n  - id: ', channel) + 1;
    const end = doc.getText().indexOf('\n  - id: ', start + 1) + 1;
    const removedId = /- id: ([\w-]+)/.exec(doc.getText().slice(start, end))![1];
    updated = nextUpdate();
    await editor.edit((e) => e.delete(new vscode.Range(doc.positionAt(start), doc.positionAt(end))));
    u = await updated;
    while (!u.compare?.removed.length) u = await nextUpdate();
    assert.deepStrictEqual(u.compare.removed.map((r) => r.id), [removedId]);
    updated = nextUpdate();
    await vscode.commands.executeCommand('playbook.stopComparing');
    assert.strictEqual((await updated).compare, undefined);
    assert.strictEqual(preview.panel.title, 'Journey: race.playbook.yaml');
    await vscode.commands.executeCommand('workbench.action.files.revert');
    preview.panel.dispose();
  });

  test('the server restarts after a crash and diagnostics come back', async () => {
    const api = await activateExtension();
    const client = api.client();
    const { pid } = await client.sendRequest(ServerInfoRequest);
    const restarted = new Promise<void>((resolve) => {
      const sub = client.onDidChangeState((e) => {
        if (e.newState === State.Running) {
          sub.dispose();
          resolve();
        }
      });
    });
    process.kill(pid, 'SIGKILL');
    await restarted;
    const after = await client.sendRequest(ServerInfoRequest);
    assert.notStrictEqual(after.pid, pid);
    // An edit after the restart must be analysed by the new server: findings move down one line.
    const uri = await scratchCopy('gaps.playbook.yaml');
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    const cycleLine = (d: vscode.Diagnostic[]) => d.filter((x) => ruleOf(x) === 'escalation-cycle').map((x) => x.range.start.line)[0];
    const before = cycleLine(await waitForDiagnostics(uri, (d) => cycleLine(d) !== undefined));
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(0, 0), '# edited after restart\n')));
    await waitForDiagnostics(uri, (d) => cycleLine(d) === before + 1);
  });
});
