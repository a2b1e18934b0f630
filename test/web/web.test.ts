/**
 * The extension in the browser (github.dev, vscode.dev): run by scripts/extension-tests.mjs --web in a real
 * VS Code web workbench whose extension host is a web worker (no Node), on a scratch workspace
 * of the samples served as `vscode-remote:` files, which the browser language server can reach
 * only through the client. The harness ran the CLI on the same workspace first and left its
 * JSON report in `.web-test/expected.json`: the editor in the browser must show exactly that.
 */
import * as assert from './assert';
import * as vscode from 'vscode';
import { activateExtension, openPreviewToSide, ruleOf, scratchCopy, waitForDiagnostics, workspaceFile } from '../extension/suite/util';

interface ExpectedFinding {
  ruleId: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}
interface ExpectedReport {
  files: { filePath: string; findings: ExpectedFinding[] }[];
}

const SEVERITY = { error: vscode.DiagnosticSeverity.Error, warning: vscode.DiagnosticSeverity.Warning, info: vscode.DiagnosticSeverity.Information };

async function expectedReport(): Promise<ExpectedReport> {
  const bytes = await vscode.workspace.fs.readFile(workspaceFile('.web-test/expected.json'));
  return JSON.parse(new TextDecoder().decode(bytes)) as ExpectedReport;
}

/** A finding as a line of text: rule, severity, range and message. */
function findingLine(f: { rule: string; severity: vscode.DiagnosticSeverity; range: ExpectedFinding['range']; message: string }): string {
  const { start, end } = f.range;
  return `${start.line}:${start.character}-${end.line}:${end.character} ${f.rule} ${f.severity} ${f.message}`;
}

function shownFindings(uri: vscode.Uri): string[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === 'playbook')
    .map((d) => findingLine({ rule: ruleOf(d), severity: d.severity, range: { start: d.range.start, end: d.range.end }, message: d.message }))
    .sort();
}

/** Waits until `check` returns undefined (checked on every diagnostics change); rejects with its last answer. */
function settle(check: () => string | undefined, timeoutMs = 60000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (check() === undefined) return resolve();
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(check()));
    }, timeoutMs);
    const sub = vscode.languages.onDidChangeDiagnostics(() => {
      if (check() !== undefined) return;
      clearTimeout(timer);
      sub.dispose();
      resolve();
    });
  });
}

/** The position just after the first `text` on a line of the document that contains it. */
function positionAfter(doc: vscode.TextDocument, text: string): vscode.Position {
  const at = doc.getText().indexOf(text);
  assert.ok(at >= 0, `${text} is in ${doc.uri.path}`);
  return doc.positionAt(at + text.length);
}

suite('In the browser: the extension in a web worker extension host', () => {
  test('runs from its browser entry, in a web worker without Node', async () => {
    const api = await activateExtension();
    assert.strictEqual(vscode.env.uiKind, vscode.UIKind.Web);
    assert.strictEqual(typeof (globalThis as { process?: unknown }).process, 'undefined', 'no Node `process` here');
    assert.strictEqual(typeof (globalThis as { importScripts?: unknown }).importScripts, 'function', 'a web worker');
    assert.notStrictEqual(vscode.workspace.workspaceFolders?.[0].uri.scheme, 'file', 'the workspace is not on a local disk');
    assert.ok(api.client().isRunning(), 'the language server (a web worker of its own) is running');
  });

  test('the workspace scan shows exactly the CLI\'s findings, file by file, .playbookrc.yaml included', async () => {
    await activateExtension();
    const expected = await expectedReport();
    assert.ok(expected.files.length >= 10, `the CLI checked the workspace (${expected.files.length} files)`);
    assert.ok(expected.files.some((f) => f.filePath.startsWith('governed/')), 'a playbook governed by a .playbookrc.yaml is among them');
    const want = new Map(expected.files.map((f) => [workspaceFile(f.filePath).toString(), f.findings.map((x) => findingLine({ rule: x.ruleId, severity: SEVERITY[x.severity], range: x.range, message: x.message })).sort()]));
    assert.ok([...want.values()].some((l) => l.length > 0), 'some files have findings');
    await settle(() => {
      for (const [uri, lines] of want) {
        const got = shownFindings(vscode.Uri.parse(uri));
        if (JSON.stringify(got) !== JSON.stringify(lines)) return `${uri}: the editor shows\n  ${got.join('\n  ')}\nthe CLI found\n  ${lines.join('\n  ')}`;
      }
      const extra = vscode.languages.getDiagnostics().filter(([uri, d]) => d.some((x) => x.source === 'playbook') && !want.has(uri.toString()));
      return extra.length ? `findings on files the CLI did not report: ${extra.map(([u]) => u.toString()).join(', ')}` : undefined;
    });
    // The configuration's own rule setting took effect in the browser: the governed copy lacks what the original has.
    const original = shownFindings(workspaceFile('gaps.playbook.yaml'));
    const governed = shownFindings(workspaceFile('governed/gaps.playbook.yaml'));
    assert.ok(original.some((l) => / stage-without-touchpoint /.test(l)), 'the original has stage-without-touchpoint');
    assert.ok(!governed.some((l) => / stage-without-touchpoint /.test(l)), 'its .playbookrc.yaml turns stage-without-touchpoint off');
  });

  test('completion, hover, go to definition and rename on an open playbook', async () => {
    await activateExtension();
    const doc = await vscode.workspace.openTextDocument(workspaceFile('race.playbook.yaml'));
    await vscode.window.showTextDocument(doc);
    const ref = positionAfter(doc, 'owner: ');
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, ref);
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const owner of ['hubspot-workflows', 'account-pod', 'account-directors']) assert.ok(labels.includes(owner), `completion offers owner ${owner}: ${labels.join(', ')}`);

    const onRef = ref.translate(0, 2);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, onRef);
    const hoverText = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(hoverText, /HubSpot workflows/, 'the hover names the owner');

    const defs = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', doc.uri, onRef);
    assert.strictEqual(defs.length, 1);
    const def = defs[0];
    const defRange = 'targetRange' in def ? (def.targetSelectionRange ?? def.targetRange) : def.range;
    assert.match(doc.lineAt(defRange.start.line).text, /- id: hubspot-workflows/, 'the definition is the owner\'s entry');

    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', doc.uri, onRef, 'marketing-automation');
    const edits = edit.get(doc.uri);
    assert.ok(edits.length >= 2, `rename changes the definition and every reference (${edits.length} edits)`);
    assert.ok(edits.every((e) => e.newText === 'marketing-automation'));
  });

  test('edits: a broken reference appears as it is typed and goes when undone; quick fixes are offered', async () => {
    await activateExtension();
    const uri = await scratchCopy('laer.playbook.yaml');
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    await waitForDiagnostics(uri, (d) => d.length === 0);
    const at = positionAfter(doc, 'owner: ');
    const word = doc.getWordRangeAtPosition(at, /[A-Za-z0-9_-]+/)!;
    const original = doc.getText(word);
    const typo = `${original}x`;
    await editor.edit((e) => e.replace(word, typo));
    const diags = await waitForDiagnostics(uri, (d) => d.some((x) => ruleOf(x) === 'unknown-reference'));
    const broken = diags.find((x) => ruleOf(x) === 'unknown-reference')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, broken.range, vscode.CodeActionKind.QuickFix.value);
    const fixes = actions.filter((a) => a.edit || a.command);
    assert.ok(fixes.some((a) => a.title.includes(original)), `a quick fix offers ${original}: ${actions.map((a) => a.title).join(' | ')}`);
    await editor.edit((e) => e.replace(new vscode.Range(word.start, word.start.translate(0, typo.length)), original));
    await waitForDiagnostics(uri, (d) => d.length === 0);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('a playbook written to the workspace is checked (file events reach the browser server)', async () => {
    await activateExtension();
    const uri = workspaceFile('written/new.playbook.yaml');
    const text = ['playbook: written', 'title: Written', 'framework: aida', 'owners:', '  - id: bot', '    type: automation', 'segments:', '  - id: everyone', 'touchpoints:', '  - id: ad', '    stage: awareness', '    channel: social', '    owner: robot', ''].join('\n');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    const diags = await waitForDiagnostics(uri, (d) => d.some((x) => ruleOf(x) === 'unknown-reference'), 60000);
    assert.ok(diags.some((d) => /robot/.test(d.message)), diags.map((d) => d.message).join(' | '));
    const symbols = await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', 'written');
    assert.ok(symbols.some((s) => s.location.uri.toString() === uri.toString()), 'workspace symbols include the closed file');
  });

  test('a .playbookrc.yaml changed in the workspace applies at once to the playbooks it governs', async () => {
    await activateExtension();
    const rc = workspaceFile('governed/.playbookrc.yaml');
    const playbook = workspaceFile('governed/gaps.playbook.yaml');
    const before = new TextDecoder().decode(await vscode.workspace.fs.readFile(rc));
    await waitForDiagnostics(playbook, (d) => d.some((x) => ruleOf(x) === 'coverage-gap'));
    await vscode.workspace.fs.writeFile(rc, new TextEncoder().encode(`${before}  coverage-gap: off\n`));
    await waitForDiagnostics(playbook, (d) => d.length > 0 && !d.some((x) => ruleOf(x) === 'coverage-gap'), 60000);
    await vscode.workspace.fs.writeFile(rc, new TextEncoder().encode(before));
    await waitForDiagnostics(playbook, (d) => d.some((x) => ruleOf(x) === 'coverage-gap'), 60000);
  });

  test('the journey map preview draws, and exports write SVG and PNG through the workspace file system', async () => {
    const api = await activateExtension();
    const doc = await vscode.workspace.openTextDocument(workspaceFile('gaps.playbook.yaml'));
    await vscode.window.showTextDocument(doc);
    const { preview, drawn } = await openPreviewToSide(api);
    assert.ok(drawn, 'the map was drawn from the browser server\'s journey model');
    const png = await preview.requestPng();
    assert.deepStrictEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG drawn by the webview');
    assert.ok(png.length > 10_000, `a real picture (${png.length} bytes)`);
    preview.panel.dispose();

    const target = workspaceFile('exports/gaps.svg');
    await vscode.commands.executeCommand('playbook.export.svg', doc.uri, target);
    const svg = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
    assert.match(svg, /<svg[\s>]/);
    assert.match(svg, /No touchpoint/, 'the gaps are marked in the export');
  });

  test('New Playbook from Framework writes through the workspace file system, and it analyses clean', async () => {
    await activateExtension();
    const folder = workspaceFile('created');
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>('playbook.newPlaybook', 'race', { name: 'Web Launch', folder });
    assert.ok(doc, 'a document was created');
    assert.strictEqual(doc.uri.toString(), vscode.Uri.joinPath(folder, 'Web Launch.playbook.yaml').toString());
    assert.ok(!doc.isUntitled && !doc.isDirty, 'written to the workspace, not Untitled');
    assert.match(doc.getText(), /^framework: race$/m);
    await waitForDiagnostics(doc.uri, (d) => d.length === 0);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('every contributed command is registered; Validate Workspace counts the workspace\'s playbooks', async () => {
    await activateExtension();
    const ext = vscode.extensions.all.find((e) => e.packageJSON.name === 'engagement-playbooks');
    const contributed = ((ext?.packageJSON.contributes.commands ?? []) as { command: string }[]).map((c) => c.command);
    assert.ok(contributed.length >= 10, `contributed: ${contributed.join(', ')}`);
    const all = new Set(await vscode.commands.getCommands(true));
    assert.deepStrictEqual(contributed.filter((c) => !all.has(c)), [], 'contributed but not registered');
    const expected = await expectedReport();
    const result = await vscode.commands.executeCommand<{ files: number }>('playbook.validateWorkspace');
    assert.ok(result.files >= expected.files.length, `validated ${result.files} files; the CLI checked ${expected.files.length} before the tests added some`);
  });

  test('Restart Server starts a new server worker, and findings come back', async () => {
    const api = await activateExtension();
    const uri = workspaceFile('gaps.playbook.yaml');
    await waitForDiagnostics(uri, (d) => d.length > 0);
    await vscode.commands.executeCommand('playbook.restartServer');
    assert.ok(api.client().isRunning(), 'running again');
    const doc = await vscode.workspace.openTextDocument(await scratchCopy('race.playbook.yaml'));
    const editor = await vscode.window.showTextDocument(doc);
    await waitForDiagnostics(doc.uri, (d) => d.length === 0);
    const at = positionAfter(doc, 'owner: ');
    await editor.edit((e) => e.insert(at, 'x'));
    await waitForDiagnostics(doc.uri, (d) => d.some((x) => ruleOf(x) === 'unknown-reference'));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('compare mode without the git extension\'s API (as on github.dev): hidden, and harmless if run', async () => {
    await activateExtension();
    const doc = await vscode.workspace.openTextDocument(workspaceFile('laer.playbook.yaml'));
    await vscode.window.showTextDocument(doc);
    assert.strictEqual(await vscode.commands.executeCommand('playbook.compareWithHead'), undefined, 'no git here: nothing to compare with, and no error');
  });

  test('rule documentation opens from the bundled pages', async () => {
    await activateExtension();
    const page = await vscode.commands.executeCommand<vscode.Uri>('playbook.showRuleDoc', 'coverage-gap');
    assert.ok(page, 'a page was opened');
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(page));
    assert.match(text, /coverage-gap/);
  });
});
