/**
 * End-to-end tests of the bundled language server (dist/server.js --stdio),
 * driven as a real LSP client over vscode-jsonrpc: the initialize handshake,
 * workspace validation with progress, diagnostics (the same as the CLI's),
 * debounce and version guard, completion, hover, navigation, rename, symbols,
 * folding, code lenses, code actions, the custom requests and shutdown/exit.
 *
 * Every wait is on an event (a notification or a response) with a deadline;
 * positions and edits are asserted exactly.
 *
 * Build first: `npx tsc -p . && node scripts/build.mjs`.
 */
import * as assert from 'assert';
import { analyzePlaybook } from '../../server/src/core/analyze';
import { formatPlaybook } from '../../server/src/core/format';
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { createMessageConnection, MessageConnection, ResponseError, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { URI } from 'vscode-uri';
import { generatePlaybook } from '../../bench/generate';
import { canSwitchToNobody, makeNobodyWorld, NobodyWorld } from './asNobody';
import { BROKEN_CONFIGS, cliConfigError, ConfigProblem } from './configCases';
import type {
  CodeAction,
  CodeLens,
  CompletionItem,
  CompletionList,
  Diagnostic,
  DocumentHighlight,
  DocumentSymbol,
  FoldingRange,
  Hover,
  InitializeParams,
  InitializeResult,
  Location,
  MarkupContent,
  Position,
  PrepareRenameResult,
  PublishDiagnosticsParams,
  Range,
  SymbolInformation,
  TextDocumentContentChangeEvent,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';

// The compiled file lands in out/test/integration/, three levels below the repository root.
const ROOT = path.resolve(__dirname, '..', '..', '..');
const SERVER = path.join(ROOT, 'dist', 'server.js');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const SAMPLES = path.join(ROOT, 'samples');
const SCHEMA = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', 'playbook.schema.json'), 'utf8'));

/** What the client answers to `workspace/configuration` (section `playbook`). */
const SETTINGS = { validate: { enable: true }, rules: {}, debounceMs: 50 };
type Settings = { validate: { enable: boolean }; rules: Record<string, string>; debounceMs: number | null };
const DEADLINE_MS = 15000;

/** LSP constants (numbers on the wire). */
const SEVERITY = { error: 1, warning: 2, info: 3 } as const;
const SymbolKind = { File: 1, Class: 5, Method: 6, Number: 16, Array: 18, EnumMember: 22, Event: 24, Operator: 25 } as const;
const CompletionItemKind = { Property: 10, EnumMember: 20, Reference: 18, Module: 9, Snippet: 15 } as const;
const HighlightKind = { Read: 2, Write: 3 } as const;
const ErrorCodes = { InternalError: -32603, MethodNotFound: -32601 } as const;

// ---------------------------------------------------------------------------
// Text helpers

const uriOf = (file: string) => pathToFileURL(file).toString();

/** Offset of the `nth` occurrence of `needle` (0-based); fails when it is not there. */
function offsetOf(text: string, needle: string, nth = 0): number {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `fixture text lacks occurrence ${nth} of ${JSON.stringify(needle)}`);
  }
  return at;
}

function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

function offsetAt(text: string, p: Position): number {
  const lines = text.split('\n');
  assert.ok(p.line < lines.length, `position ${JSON.stringify(p)} is past the end of the text`);
  let off = 0;
  for (let l = 0; l < p.line; l++) off += lines[l].length + 1;
  assert.ok(p.character <= lines[p.line].length + 1, `position ${JSON.stringify(p)} is past the end of its line`);
  return off + p.character;
}

function rangeAt(text: string, offset: number, length: number): Range {
  return { start: positionAt(text, offset), end: positionAt(text, offset + length) };
}

/**
 * The range of `word` inside the `nth` line containing `lineNeedle`
 * (the first occurrence of `word` after the needle's start).
 */
function rangeIn(text: string, lineNeedle: string, word: string, nth = 0): Range {
  const at = offsetOf(text, lineNeedle, nth);
  const w = text.indexOf(word, at);
  assert.ok(w >= 0 && w < at + lineNeedle.length + 200, `${JSON.stringify(word)} not found after ${JSON.stringify(lineNeedle)}`);
  return rangeAt(text, w, word.length);
}

/** The range of the `nth` declaration `- id: <id>` (the id text, whole word). */
function declRange(text: string, id: string, nth = 0): Range {
  const re = new RegExp(`- id: (${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})(?=\\s|$)`, 'g');
  let m: RegExpExecArray | null = null;
  for (let i = 0; i <= nth; i++) {
    m = re.exec(text);
    assert.ok(m, `fixture text lacks declaration ${nth} of ${id}`);
  }
  return rangeAt(text, m!.index + '- id: '.length, id.length);
}

/** Position inside `word` on the `nth` line containing `lineNeedle` (one character in). */
function posIn(text: string, lineNeedle: string, word: string, nth = 0): Position {
  const r = rangeIn(text, lineNeedle, word, nth);
  return { line: r.start.line, character: r.start.character + 1 };
}

/** Applies LSP text edits (non-overlapping, any order) to a text. */
function applyEdits(text: string, edits: TextEdit[]): string {
  const withOffsets = edits.map((e) => ({ start: offsetAt(text, e.range.start), end: offsetAt(text, e.range.end), newText: e.newText }));
  withOffsets.sort((a, b) => b.start - a.start || b.end - a.end);
  for (let i = 1; i < withOffsets.length; i++) {
    assert.ok(withOffsets[i].end <= withOffsets[i - 1].start, `overlapping edits: ${JSON.stringify(edits)}`);
  }
  let out = text;
  for (const e of withOffsets) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** The edits of a workspace edit for one document (`changes` or `documentChanges`). */
function editsFor(edit: WorkspaceEdit | null | undefined, uri: string): TextEdit[] {
  assert.ok(edit, 'expected a workspace edit');
  const uris = new Set<string>();
  let out: TextEdit[] = [];
  if (edit.changes) {
    for (const [u, list] of Object.entries(edit.changes)) {
      uris.add(u);
      if (u === uri) out = out.concat(list);
    }
  }
  for (const dc of edit.documentChanges ?? []) {
    if ('textDocument' in dc) {
      uris.add(dc.textDocument.uri);
      if (dc.textDocument.uri === uri) out = out.concat(dc.edits as TextEdit[]);
    }
  }
  assert.deepStrictEqual([...uris], [uri], 'the edit should touch only the document it was asked for');
  return out;
}

/** Comment lines and trailing comments (`# ...` after whitespace), trimmed, in file order. */
function comments(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const m = /(^|\s)(#.*)$/.exec(line);
    if (m && !/["'][^"']*#/.test(line.slice(0, m.index + 1))) out.push(m[2].trim());
  }
  return out;
}

/** Line (0-based) of the `nth` line that contains `needle`. */
function lineOf(text: string, needle: string, nth = 0): number {
  return positionAt(text, offsetOf(text, needle, nth)).line;
}

/** Last non-blank line before `endLineExclusive`. */
function lastContentLine(text: string, endLineExclusive: number): number {
  const lines = text.split('\n');
  let l = endLineExclusive - 1;
  while (l > 0 && !lines[l].trim()) l--;
  return l;
}

function markdown(h: Hover | null): string {
  assert.ok(h, 'expected a hover');
  const c = h.contents as MarkupContent;
  assert.strictEqual(c.kind, 'markdown', 'hover content should be Markdown');
  return c.value;
}

function items(r: CompletionItem[] | CompletionList | null): CompletionItem[] {
  assert.ok(r, 'expected completion items');
  return Array.isArray(r) ? r : r.items;
}

const sortedLabels = (list: CompletionItem[]) => list.map((i) => i.label).sort();
const bySortText = (list: CompletionItem[]) => [...list].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label));

// ---------------------------------------------------------------------------
// The CLI, for the expected findings

interface NormDiagnostic {
  range: Range;
  severity: number | undefined;
  code: string | number | undefined;
  source: string | undefined;
  message: string;
  href: string | undefined;
  related?: { uri: string; range: Range; message: string }[];
}

interface CliFinding {
  ruleId: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  range: Range;
  docsUrl: string;
  related?: { range: Range; message: string }[];
}

/** `playbook validate --format json FILE` run in `cwd`: the findings of that one file. */
function cliFindings(file: string, cwd: string): CliFinding[] {
  const r = spawnSync(process.execPath, [CLI, 'validate', '--format', 'json', path.relative(cwd, file)], { cwd, encoding: 'utf8', timeout: 30000 });
  if (r.error) throw r.error;
  assert.ok(r.status === 0 || r.status === 1, `CLI exited ${r.status}: ${r.stderr}`);
  const report = JSON.parse(r.stdout) as { files: { findings: CliFinding[] }[] };
  assert.strictEqual(report.files.length, 1, 'the CLI should report exactly the one file');
  return report.files[0].findings;
}

function sortNorm(list: NormDiagnostic[]): NormDiagnostic[] {
  const key = (d: NormDiagnostic) => [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character].map((n) => String(n).padStart(6, '0')).join(':') + `|${String(d.code)}|${d.message}`;
  return [...list].sort((a, b) => key(a).localeCompare(key(b)));
}

function fromCli(findings: CliFinding[], uri: string): NormDiagnostic[] {
  return sortNorm(
    findings.map((f) => {
      const n: NormDiagnostic = { range: f.range, severity: SEVERITY[f.severity], code: f.ruleId, source: 'playbook', message: f.message, href: f.docsUrl };
      if (f.related?.length) n.related = f.related.map((x) => ({ uri, range: x.range, message: x.message }));
      return n;
    }),
  );
}

function fromServer(diagnostics: Diagnostic[]): NormDiagnostic[] {
  return sortNorm(
    diagnostics.map((d) => {
      const n: NormDiagnostic = { range: d.range, severity: d.severity, code: d.code, source: d.source, message: d.message, href: d.codeDescription?.href };
      if (d.relatedInformation?.length) n.related = d.relatedInformation.map((x) => ({ uri: x.location.uri, range: x.location.range, message: x.message }));
      return n;
    }),
  );
}

// ---------------------------------------------------------------------------
// The LSP client

interface LoggedEvent {
  seq: number;
  kind: 'notification' | 'request' | 'exit';
  method: string;
  params: unknown;
}

interface OpenDoc {
  uri: string;
  version: number;
  text: string;
  diagnostics: Diagnostic[];
}

class LspClient {
  readonly events: LoggedEvent[] = [];
  private readonly waiters = new Set<() => void>();
  private seq = 0;
  stderr = '';
  /** The answer to `workspace/configuration`; tests may change it and send didChangeConfiguration. */
  settings: Settings = SETTINGS;
  exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;

  private constructor(
    readonly proc: ChildProcess,
    readonly conn: MessageConnection,
  ) {}

  /** Starts `node dist/server.js --stdio` in `cwd`; `as` runs another copy of the server as another user (see asNobody.ts). */
  static start(cwd: string, as?: { node: string; server: string; uid: number; gid: number }): LspClient {
    const proc = as
      ? spawn(as.node, [as.server, '--stdio'], { cwd, stdio: ['pipe', 'pipe', 'pipe'], uid: as.uid, gid: as.gid, env: { ...process.env, NODE_OPTIONS: '', PLAYBOOK_CODE_CACHE: 'off' } })
      : spawn(process.execPath, [SERVER, '--stdio'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    const client = new LspClient(proc, conn);
    proc.stderr!.on('data', (d: Buffer) => (client.stderr += d.toString()));
    proc.on('exit', (code, signal) => {
      client.exitInfo = { code, signal };
      client.record('exit', 'exit', { code, signal });
    });
    conn.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => {
      client.record('request', 'workspace/configuration', params);
      return params.items.map(() => client.settings);
    });
    conn.onRequest('window/workDoneProgress/create', (params: unknown) => {
      client.record('request', 'window/workDoneProgress/create', params);
      return null;
    });
    conn.onRequest((method: string, params: unknown) => {
      client.record('request', method, params);
      return null;
    });
    conn.onUnhandledProgress((params) => client.record('notification', '$/progress', params));
    conn.onNotification((method: string, params: unknown) => client.record('notification', method, params));
    conn.listen();
    return client;
  }

  private record(kind: LoggedEvent['kind'], method: string, params: unknown): void {
    this.events.push({ seq: this.seq++, kind, method, params });
    for (const w of [...this.waiters]) w();
  }

  /** Resolves with `check()`'s first defined result, re-checked on every event; fails at the deadline or if the server exits. */
  waitFor<T>(label: string, check: () => T | undefined, timeoutMs = DEADLINE_MS): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const done = (fn: () => void) => {
        if (settled) return;
        settled = true;
        this.waiters.delete(probe);
        clearTimeout(timer);
        fn();
      };
      const probe = () => {
        let value: T | undefined;
        try {
          value = check();
        } catch (err) {
          done(() => reject(err));
          return;
        }
        if (value !== undefined) done(() => resolve(value as T));
        else if (this.exitInfo) done(() => reject(new Error(`server exited (${JSON.stringify(this.exitInfo)}) while waiting for ${label}\n--- stderr:\n${this.stderr}`)));
      };
      const timer = setTimeout(() => done(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${label}\n${this.recent()}`))), timeoutMs);
      this.waiters.add(probe);
      probe();
    });
  }

  /** The last few events, for failure messages. */
  recent(n = 15): string {
    return this.events
      .slice(-n)
      .map((e) => {
        const p = e.params as { uri?: string; version?: number; diagnostics?: unknown[] } | undefined;
        const extra = e.method === 'textDocument/publishDiagnostics' ? ` ${p?.uri} v${p?.version} (${p?.diagnostics?.length} diagnostics)` : '';
        return `  #${e.seq} ${e.kind} ${e.method}${extra}`;
      })
      .join('\n');
  }

  /** Sequence number the next event will get: pass it to wait only for what comes after. */
  mark(): number {
    return this.seq;
  }

  publishes(uri?: string, since = 0): (PublishDiagnosticsParams & { seq: number })[] {
    return this.events
      .filter((e) => e.seq >= since && e.method === 'textDocument/publishDiagnostics')
      .map((e) => ({ ...(e.params as PublishDiagnosticsParams), seq: e.seq }))
      .filter((p) => uri === undefined || p.uri === uri);
  }

  /** The first publishDiagnostics for `uri` at or after `since` that satisfies `pred`. */
  waitForDiagnostics(uri: string, label: string, pred: (p: PublishDiagnosticsParams) => boolean = () => true, since = 0): Promise<PublishDiagnosticsParams & { seq: number }> {
    return this.waitFor(`publishDiagnostics for ${path.basename(uri)} (${label})`, () => this.publishes(uri, since).find(pred));
  }

  request<R>(method: string, params?: unknown): Promise<R> {
    return params === undefined ? this.conn.sendRequest<R>(method) : this.conn.sendRequest<R>(method, params);
  }

  notify(method: string, params?: unknown): Promise<void> {
    return params === undefined ? this.conn.sendNotification(method) : this.conn.sendNotification(method, params);
  }

  /** Opens a document and waits for its first diagnostics (which carry the version). */
  async open(uri: string, text: string, version = 1): Promise<OpenDoc> {
    const since = this.mark();
    await this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'playbook', version, text } });
    const p = await this.waitForDiagnostics(uri, `didOpen v${version}`, (x) => x.version === version, since);
    return { uri, version, text, diagnostics: p.diagnostics };
  }

  /** Replaces a document's whole text (full-content change) and waits for the diagnostics of the new version. */
  async change(doc: OpenDoc, text: string): Promise<OpenDoc> {
    const since = this.mark();
    const version = doc.version + 1;
    await this.notify('textDocument/didChange', { textDocument: { uri: doc.uri, version }, contentChanges: [{ text }] });
    const p = await this.waitForDiagnostics(doc.uri, `didChange v${version}`, (x) => x.version === version, since);
    return { uri: doc.uri, version, text, diagnostics: p.diagnostics };
  }

  async close(uri: string): Promise<void> {
    await this.notify('textDocument/didClose', { textDocument: { uri } });
  }

  /** initialize + initialized; `adjust` may change the parameters (e.g. the client's capabilities) first. */
  async initialize(folders: string[], rootPath: string, adjust?: (params: InitializeParams) => void): Promise<InitializeResult> {
    const params: InitializeParams = {
      processId: process.pid,
      clientInfo: { name: 'lsp.test.ts' },
      locale: 'en',
      rootUri: uriOf(rootPath),
      workspaceFolders: folders.map((f) => ({ uri: uriOf(f), name: path.basename(f) })),
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: true }, symbol: {} },
        window: { workDoneProgress: true },
        textDocument: {
          synchronization: { didSave: true, dynamicRegistration: false },
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
          completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
          rename: { prepareSupport: true },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } }, isPreferredSupport: true },
          foldingRange: {},
          codeLens: {},
        },
      },
    };
    adjust?.(params);
    const result = await this.request<InitializeResult>('initialize', params);
    await this.notify('initialized', {});
    return result;
  }

  /** shutdown + exit; resolves with the exit code. */
  async shutdown(): Promise<{ shutdownResult: unknown; code: number | null; signal: NodeJS.Signals | null }> {
    const shutdownResult = await this.request<unknown>('shutdown');
    await this.notify('exit');
    const info = await this.waitFor('the server process to exit', () => this.exitInfo);
    return { shutdownResult, ...info };
  }

  dispose(): void {
    if (!this.exitInfo) this.proc.kill();
    this.conn.dispose();
  }
}

/** Expects a request to fail with a ResponseError; returns it. */
async function expectResponseError(p: Promise<unknown>, what: string): Promise<ResponseError<unknown>> {
  try {
    const result = await p;
    assert.fail(`${what}: expected an error response, got ${JSON.stringify(result)}`);
  } catch (err) {
    if (err instanceof assert.AssertionError) throw err;
    assert.ok(err instanceof ResponseError, `${what}: expected a ResponseError, got ${String(err)}`);
    assert.ok(err.code !== ErrorCodes.InternalError && err.code !== ErrorCodes.MethodNotFound, `${what}: a deliberate error, not ${err.code} ${err.message}`);
    return err;
  }
}

// ---------------------------------------------------------------------------
// The workspace: a copy of samples/ and a folder with a .playbookrc.yaml

const RC_TEXT = [
  '# Repository settings for the rc-case folder.',
  'rules:',
  '  coverage-gap: off',
  '  kpi-unmeasured: error',
  'exclude:',
  '  - "drafts/**"',
  '',
].join('\n');

interface Workspace {
  root: string;
  samples: string;
  rcCase: string;
  /** Every playbook the server should validate on start. */
  validated: string[];
  /** A playbook excluded by the rc file (never validated). */
  excluded: string;
}

function makeWorkspace(): Workspace {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'playbook-lsp-')));
  const samples = path.join(root, 'samples');
  const rcCase = path.join(root, 'rc-case');
  fs.mkdirSync(samples);
  fs.mkdirSync(path.join(rcCase, 'drafts'), { recursive: true });
  const validated: string[] = [];
  for (const f of fs.readdirSync(SAMPLES).sort()) {
    if (!f.endsWith('.playbook.yaml')) continue;
    fs.copyFileSync(path.join(SAMPLES, f), path.join(samples, f));
    validated.push(path.join(samples, f));
  }
  fs.writeFileSync(path.join(rcCase, '.playbookrc.yaml'), RC_TEXT);
  fs.copyFileSync(path.join(SAMPLES, 'gaps.playbook.yaml'), path.join(rcCase, 'gaps.playbook.yaml'));
  validated.push(path.join(rcCase, 'gaps.playbook.yaml'));
  const excluded = path.join(rcCase, 'drafts', 'excluded.playbook.yaml');
  fs.copyFileSync(path.join(SAMPLES, 'gaps.playbook.yaml'), excluded);
  return { root, samples, rcCase, validated, excluded };
}

const GAPS_TEXT = fs.readFileSync(path.join(SAMPLES, 'gaps.playbook.yaml'), 'utf8');
const LAER_TEXT = fs.readFileSync(path.join(SAMPLES, 'laer.playbook.yaml'), 'utf8');
const CUSTOM_TEXT = fs.readFileSync(path.join(SAMPLES, 'custom.playbook.yaml'), 'utf8');

/** A small valid playbook to derive completion cases from. */
const COMPLETION_BASE = [
  '# Completion fixture: one of each reference kind.',
  'playbook: completion-fixture',
  'title: Completion fixture',
  'framework: laer',
  '',
  'owners:',
  '  - id: csm-team',
  '    name: Customer success managers',
  '    type: team',
  '  - id: onboarding-bot',
  '    name: Onboarding journeys',
  '    type: automation',
  '',
  'segments:',
  '  - id: enterprise',
  '    name: Enterprise',
  '    owner: csm-team',
  '  - id: smb',
  '    name: SMB',
  '    owner: onboarding-bot',
  '',
  'touchpoints:',
  '  - id: kickoff-call',
  '    name: Kickoff call',
  '    stage: land',
  '    segments: [enterprise]',
  '    channel: meeting',
  '    owner: csm-team',
  '  - id: welcome-email',
  '    stage: land',
  '    channel: email',
  '    owner: onboarding-bot',
  '',
].join('\n');

/** The completion base with one line replaced; `|` in `line` marks the cursor. */
function completionCase(find: string, line: string): { text: string; cursor: Position } {
  const at = offsetOf(COMPLETION_BASE, find);
  const withCursor = COMPLETION_BASE.slice(0, at) + line + COMPLETION_BASE.slice(at + find.length);
  const cursorOffset = withCursor.indexOf('|');
  const text = withCursor.slice(0, cursorOffset) + withCursor.slice(cursorOffset + 1);
  return { text, cursor: positionAt(text, cursorOffset) };
}

const LAER_STAGES = ['land', 'adopt', 'expand', 'renew'];
const CHANNELS = ['email', 'in-app', 'chat', 'chatbot', 'phone', 'video-call', 'meeting', 'sms', 'push', 'webinar', 'community', 'social', 'direct-mail', 'survey', 'knowledge-base', 'event', 'qbr'];
const FRAMEWORK_STAGES: Record<string, string[]> = {
  aida: ['awareness', 'interest', 'desire', 'action'],
  aidae: ['attention', 'interest', 'desire', 'action', 'engagement'],
  race: ['reach', 'act', 'convert', 'engage'],
  aarrr: ['acquisition', 'activation', 'retention', 'referral', 'revenue'],
  laer: LAER_STAGES,
  'mckinsey-cdj': ['initial-consideration', 'active-evaluation', 'purchase', 'post-purchase'],
  'four-stage': ['unaware', 'aware', 'discovery-onboarding', 'post-onboarding'],
  'seven-stage': ['unaware', 'discovery', 'consideration', 'acquisition', 'onboarding', 'retention', 'advocacy'],
  custom: [],
};

// ---------------------------------------------------------------------------

suite('Language server over stdio (dist/server.js)', () => {
  let ws: Workspace;
  let client: LspClient;
  let init: InitializeResult;
  /** A private URI in the samples copy (not on disk), so each test has its own document. */
  let n = 0;
  const fresh = (name: string, folder?: string) => uriOf(path.join(folder ?? ws.samples, `${name}-${++n}.playbook.yaml`));

  suiteSetup(async () => {
    assert.ok(fs.existsSync(SERVER), `${SERVER} is missing: run \`node scripts/build.mjs\` first`);
    ws = makeWorkspace();
    client = LspClient.start(ws.root);
    init = await client.initialize([ws.samples, ws.rcCase], ws.root);
  });

  suiteTeardown(() => {
    client?.dispose();
    if (ws) fs.rmSync(ws.root, { recursive: true, force: true });
  });

  // -------------------------------------------------------------------------
  suite('initialize', () => {
    test('advertises every feature the server implements', () => {
      const c = init.capabilities;
      assert.strictEqual(init.serverInfo?.name, 'playbook-language-server');
      assert.ok(c.textDocumentSync !== undefined, 'textDocumentSync');
      assert.ok(c.completionProvider, 'completionProvider');
      for (const ch of [':', '[', ',']) assert.ok(c.completionProvider?.triggerCharacters?.includes(ch), `trigger character ${JSON.stringify(ch)}`);
      for (const k of ['hoverProvider', 'definitionProvider', 'referencesProvider', 'documentHighlightProvider', 'documentSymbolProvider', 'workspaceSymbolProvider', 'foldingRangeProvider', 'documentFormattingProvider'] as const) {
        assert.ok(c[k], k);
      }
      assert.deepStrictEqual(c.renameProvider, { prepareProvider: true });
      assert.ok(c.codeLensProvider, 'codeLensProvider');
      const kinds = typeof c.codeActionProvider === 'object' ? c.codeActionProvider.codeActionKinds : undefined;
      assert.deepStrictEqual(kinds, ['quickfix', 'source.fixAll.playbook']);
    });

    test('asks the client for the `playbook` configuration section', async () => {
      const req = await client.waitFor('workspace/configuration', () => client.events.find((e) => e.method === 'workspace/configuration'));
      const items = (req.params as { items: { section?: string }[] }).items;
      assert.ok(items.length >= 1);
      assert.ok(items.every((i) => i.section === 'playbook'), JSON.stringify(items));
    });

    test('registers for `workspace/didChangeConfiguration` dynamically, as this client supports it', async () => {
      const reg = await client.waitFor('client/registerCapability', () => client.events.find((e) => e.method === 'client/registerCapability'));
      const registrations = (reg.params as { registrations: { method: string; registerOptions?: unknown }[] }).registrations;
      assert.deepStrictEqual(
        registrations.map((r) => ({ method: r.method, registerOptions: r.registerOptions })),
        [{ method: 'workspace/didChangeConfiguration', registerOptions: { section: 'playbook' } }],
      );
    });
  });

  // -------------------------------------------------------------------------
  suite('workspace validation on start', () => {
    test('publishes diagnostics for every closed playbook, inside $/progress begin … end', async () => {
      const create = await client.waitFor('window/workDoneProgress/create', () => client.events.find((e) => e.method === 'window/workDoneProgress/create'));
      const token = (create.params as { token: string | number }).token;
      assert.ok(token !== undefined, 'the progress needs a token');
      const progress = () => client.events.filter((e) => e.method === '$/progress' && (e.params as { token: unknown }).token === token);
      const kindOf = (e: LoggedEvent) => (e.params as { value: { kind: string } }).value.kind;
      const end = await client.waitFor('$/progress end', () => progress().find((e) => kindOf(e) === 'end'));
      const begin = progress().find((e) => kindOf(e) === 'begin');
      assert.ok(begin, '$/progress begin was not sent');
      assert.ok(begin.seq < end.seq, 'begin must come before end');
      assert.ok(create.seq < begin.seq, 'the token is created before it is used');
      const beginValue = (begin.params as { value: { title: string } }).value;
      assert.strictEqual(typeof beginValue.title, 'string');
      assert.ok(beginValue.title.length > 0, 'the begin needs a title');
      for (const e of progress()) assert.ok(e.seq >= begin.seq && e.seq <= end.seq, `progress ${kindOf(e)} outside begin…end`);

      // Every selected playbook, never opened, got diagnostics during the progress.
      for (const file of ws.validated) {
        const uri = uriOf(file);
        const p = client.publishes(uri).find((x) => x.seq > begin.seq && x.seq < end.seq);
        assert.ok(p, `no diagnostics published for closed file ${path.relative(ws.root, file)} between begin and end`);
        assert.ok(p.version === undefined || p.version === null, `a closed file has no version, got ${p.version}`);
      }
      // The file the .playbookrc.yaml excludes is not validated.
      assert.deepStrictEqual(client.publishes(uriOf(ws.excluded)), [], 'an excluded playbook must not get diagnostics');
      // The clean samples are clean.
      for (const file of ws.validated.filter((f) => !f.endsWith('gaps.playbook.yaml'))) {
        assert.deepStrictEqual(client.publishes(uriOf(file))[0].diagnostics, [], `${path.basename(file)} should be clean`);
      }
    });

    test('closed-file diagnostics equal the CLI findings (with and without .playbookrc.yaml)', async () => {
      for (const [file, cwd] of [
        [path.join(ws.samples, 'gaps.playbook.yaml'), ws.samples],
        [path.join(ws.rcCase, 'gaps.playbook.yaml'), ws.rcCase],
      ]) {
        const uri = uriOf(file);
        const p = await client.waitForDiagnostics(uri, 'workspace validation');
        assert.deepStrictEqual(fromServer(p.diagnostics), fromCli(cliFindings(file, cwd), uri), `closed ${path.relative(ws.root, file)}`);
      }
    });

    test('playbook/validateWorkspace re-validates every selected file and returns the count', async () => {
      const since = client.mark();
      const result = await client.request<{ files: number }>('playbook/validateWorkspace');
      assert.deepStrictEqual(result, { files: ws.validated.length });
      for (const file of ws.validated) {
        const uri = uriOf(file);
        const p = await client.waitForDiagnostics(uri, 'validateWorkspace', () => true, since);
        assert.ok(p.seq >= since);
      }
      assert.deepStrictEqual(client.publishes(uriOf(ws.excluded)), []);
    });

    test('playbook/serverInfo answers with the server process id and version', async () => {
      const info = await client.request<{ pid: number; version: string; heapUsed: number }>('playbook/serverInfo');
      const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
      assert.ok(Number.isInteger(info.heapUsed) && info.heapUsed > 1024 * 1024, `heapUsed ${info.heapUsed}`);
      assert.deepStrictEqual({ pid: info.pid, version: info.version }, { pid: client.proc.pid, version: pkg.version });
    });

    test('a client that sends whole texts: the server collects what each large one leaves, and a ranged change asks for nothing', async () => {
      type Counts = { young: number; full: number };
      const counts = async () => (await client.request<{ wholeTextCollections?: Counts }>('playbook/serverInfo')).wholeTextCollections;
      const text = generatePlaybook(400, 3, 'whole-text');
      assert.ok(text.length > 64 * 1024, `${text.length} characters`);
      let doc = await client.open(fresh('whole-text'), text);
      const before = await counts();
      assert.ok(before && Number.isInteger(before.young) && Number.isInteger(before.full), JSON.stringify(before));
      const edited = text.replace('within: 3d', 'within: 4d');
      assert.notStrictEqual(edited, text);
      doc = await client.change(doc, edited);
      assert.deepStrictEqual(doc.diagnostics, (await client.open(fresh('whole-text-fresh'), edited)).diagnostics);
      let after = await counts();
      for (let i = 0; i < 20 && after!.young + after!.full === before.young + before.full; i++) after = await counts();
      assert.ok(after!.young + after!.full > before.young + before.full, JSON.stringify({ before, after }));
      // A ranged change (what VS Code sends) leaves nothing of the kind.
      const settled = await counts();
      const since = client.mark();
      await client.notify('textDocument/didChange', {
        textDocument: { uri: doc.uri, version: doc.version + 1 },
        contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# a comment\n' }],
      });
      await client.waitForDiagnostics(doc.uri, 'ranged change', (x) => x.version === doc.version + 1, since);
      await client.request('playbook/serverInfo');
      assert.deepStrictEqual(await counts(), settled);
    });
  });

  // -------------------------------------------------------------------------
  suite('diagnostics', () => {
    test('gaps.playbook.yaml: exactly the CLI findings (code, range, severity, message, docs link, source)', async () => {
      const file = path.join(ws.samples, 'gaps.playbook.yaml');
      const uri = uriOf(file);
      const doc = await client.open(uri, GAPS_TEXT, 1);
      try {
        const cli = cliFindings(file, ws.samples);
        assert.ok(cli.length >= 15, `the CLI should find the annotated problems, found ${cli.length}`);
        assert.deepStrictEqual(fromServer(doc.diagnostics), fromCli(cli, uri));
        for (const d of doc.diagnostics) {
          assert.strictEqual(d.source, 'playbook');
          assert.ok(d.codeDescription?.href.endsWith(`/docs/rules/${String(d.code)}.md`), `${d.code}: ${d.codeDescription?.href}`);
        }
        // Every annotated rule of the sample is reported on its annotated line.
        const lines = GAPS_TEXT.split('\n');
        lines.forEach((line, l) => {
          const m = /^\s*[^#\s].*\s#\s*<-\s*([a-z-]+)/.exec(line);
          if (!m) return;
          assert.ok(
            doc.diagnostics.some((d) => d.code === m[1] && d.range.start.line === l),
            `line ${l + 1} is annotated ${m[1]} but no such diagnostic starts there`,
          );
        });
        // duplicate-id points at the first definition.
        const dup = doc.diagnostics.filter((d) => d.code === 'duplicate-id');
        assert.strictEqual(dup.length, 1);
        assert.deepStrictEqual(dup[0].range, declRange(GAPS_TEXT, 'renewal-reminder', 1));
        assert.strictEqual(dup[0].severity, SEVERITY.error);
        assert.strictEqual(dup[0].relatedInformation?.length, 1, 'duplicate-id needs relatedInformation');
        assert.deepStrictEqual(dup[0].relatedInformation[0].location, { uri, range: declRange(GAPS_TEXT, 'renewal-reminder', 0) });
        // the rule ids and severities of a few well-known findings
        const unknown = doc.diagnostics.find((d) => d.code === 'unknown-reference');
        assert.deepStrictEqual(unknown?.range, rangeIn(GAPS_TEXT, 'owner: csm-tem ', 'csm-tem'));
        assert.strictEqual(unknown?.severity, SEVERITY.error);
        assert.match(unknown!.message, /csm-team/);
        const gap = doc.diagnostics.filter((d) => d.code === 'coverage-gap');
        assert.ok(gap.length > 0 && gap.every((d) => d.severity === SEVERITY.info));
      } finally {
        await client.close(uri);
      }
    });

    test('rc-case/gaps.playbook.yaml: the .playbookrc.yaml turns coverage-gap off and kpi-unmeasured up, as in the CLI', async () => {
      const file = path.join(ws.rcCase, 'gaps.playbook.yaml');
      const uri = uriOf(file);
      const doc = await client.open(uri, GAPS_TEXT, 1);
      try {
        const cli = cliFindings(file, ws.rcCase);
        assert.ok(!cli.some((f) => f.ruleId === 'coverage-gap'), 'the CLI should honour coverage-gap: off');
        assert.deepStrictEqual(fromServer(doc.diagnostics), fromCli(cli, uri));
        assert.ok(!doc.diagnostics.some((d) => d.code === 'coverage-gap'), 'coverage-gap is off in .playbookrc.yaml');
        const unmeasured = doc.diagnostics.filter((d) => d.code === 'kpi-unmeasured');
        assert.ok(unmeasured.length > 0 && unmeasured.every((d) => d.severity === SEVERITY.error), 'kpi-unmeasured: error in .playbookrc.yaml');
      } finally {
        await client.close(uri);
      }
    });

    test('closing an edited workspace file brings back its on-disk diagnostics', async () => {
      const file = path.join(ws.samples, 'gaps.playbook.yaml');
      const uri = uriOf(file);
      const edited = GAPS_TEXT.replace('owner: csm-tem ', 'owner: csm-team');
      const doc = await client.open(uri, edited, 1);
      assert.ok(!doc.diagnostics.some((d) => d.code === 'unknown-reference'), 'the open text has no unknown reference');
      const since = client.mark();
      await client.close(uri);
      const p = await client.waitForDiagnostics(uri, 'after didClose', () => true, since);
      assert.deepStrictEqual(fromServer(p.diagnostics), fromCli(cliFindings(file, ws.samples), uri));
    });

    test('editor settings `rules` apply, but .playbookrc.yaml and the playbook\'s own `rules:` win', async () => {
      const plain = await client.open(fresh('settings'), GAPS_TEXT);
      const rcUri = fresh('settings', ws.rcCase);
      const rc = await client.open(rcUri, GAPS_TEXT);
      const own = await client.open(fresh('settings-own', ws.rcCase), `${GAPS_TEXT}\nrules:\n  kpi-unmeasured: warning\n`);
      try {
        assert.ok(plain.diagnostics.some((d) => d.code === 'kpi-unmeasured'));
        const since = client.mark();
        client.settings = { ...SETTINGS, rules: { 'kpi-unmeasured': 'off', 'coverage-gap': 'error' } };
        await client.notify('workspace/didChangeConfiguration', { settings: null });
        const p1 = await client.waitForDiagnostics(plain.uri, 'after didChangeConfiguration', () => true, since);
        assert.strictEqual(p1.version, 1);
        assert.ok(!p1.diagnostics.some((d) => d.code === 'kpi-unmeasured'), 'settings turned kpi-unmeasured off');
        const gaps = p1.diagnostics.filter((d) => d.code === 'coverage-gap');
        assert.ok(gaps.length > 0 && gaps.every((d) => d.severity === SEVERITY.error), 'settings raised coverage-gap to error');
        const p2 = await client.waitForDiagnostics(rc.uri, 'after didChangeConfiguration', () => true, since);
        assert.ok(!p2.diagnostics.some((d) => d.code === 'coverage-gap'), '.playbookrc.yaml (coverage-gap: off) wins over the settings');
        assert.ok(p2.diagnostics.some((d) => d.code === 'kpi-unmeasured' && d.severity === SEVERITY.error), '.playbookrc.yaml (kpi-unmeasured: error) wins over the settings');
        const p3 = await client.waitForDiagnostics(own.uri, 'after didChangeConfiguration', () => true, since);
        assert.ok(p3.diagnostics.some((d) => d.code === 'kpi-unmeasured' && d.severity === SEVERITY.warning), "the playbook's own rules win over .playbookrc.yaml");
      } finally {
        const since = client.mark();
        client.settings = SETTINGS;
        await client.notify('workspace/didChangeConfiguration', { settings: null });
        await client.waitForDiagnostics(plain.uri, 'settings restored', (p) => p.diagnostics.some((d) => d.code === 'kpi-unmeasured'), since);
        for (const u of [plain.uri, rc.uri, own.uri]) await client.close(u);
      }
    });

    test('UTF-16 positions and CRLF line ends: still exactly the CLI findings', async () => {
      const dir = path.join(ws.root, 'unicode');
      fs.mkdirSync(dir, { recursive: true });
      const emoji = GAPS_TEXT.replace('title: Brightdesk — CS coverage draft (with mistakes)', 'title: "🚀 Brightdesk — CS coverage draft 🧭"').replace(
        '    owner: csm-tem                  # <- unknown-reference (did you mean csm-team?)',
        '    owner: csm-tem                  # <- unknown-reference 🤔 (did you mean csm-team?)',
      ).replace('  - id: renewal-call\n', '  - { id: "renewal-call-🚫", name: "📞 call", owner: csm-tem, stage: renew, channel: phone }\n  - id: renewal-call\n');
      const crlf = GAPS_TEXT.replace(/\n/g, '\r\n');
      for (const [name, text] of [['emoji', emoji], ['crlf', crlf]] as const) {
        const file = path.join(dir, `${name}.playbook.yaml`);
        fs.writeFileSync(file, text);
        const uri = uriOf(file);
        const doc = await client.open(uri, text);
        try {
          assert.deepStrictEqual(fromServer(doc.diagnostics), fromCli(cliFindings(file, dir), uri), name);
        } finally {
          await client.close(uri);
        }
        if (name === 'emoji') {
          // the flow-mapping reference after emoji: UTF-16 columns
          const line = text.split('\n')[lineOf(text, 'renewal-call-🚫')];
          const col = line.indexOf('csm-tem');
          assert.ok(
            doc.diagnostics.some((d) => d.code === 'unknown-reference' && d.range.start.line === lineOf(text, 'renewal-call-🚫') && d.range.start.character === col && d.range.end.character === col + 7),
            `unknown-reference at UTF-16 column ${col}: ${JSON.stringify(doc.diagnostics.filter((d) => d.code === 'unknown-reference').map((d) => d.range))}`,
          );
        } else {
          const d = doc.diagnostics.find((x) => x.code === 'unknown-reference')!;
          assert.deepStrictEqual(d.range, rangeIn(GAPS_TEXT, 'owner: csm-tem ', 'csm-tem'), 'CRLF does not shift columns');
        }
      }
    });

    test('a changed .playbookrc.yaml (didChangeWatchedFiles) re-validates closed files with the new rules', async () => {
      const rcFile = path.join(ws.rcCase, '.playbookrc.yaml');
      const gapsFile = path.join(ws.rcCase, 'gaps.playbook.yaml');
      const uri = uriOf(gapsFile);
      fs.writeFileSync(rcFile, RC_TEXT.replace('  kpi-unmeasured: error', '  kpi-unmeasured: off\n  unused-definition: warning'));
      try {
        const since = client.mark();
        await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(rcFile), type: 2 }] });
        const p = await client.waitForDiagnostics(uri, 'after the rc change', () => true, since);
        const cli = cliFindings(gapsFile, ws.rcCase);
        assert.ok(!cli.some((f) => f.ruleId === 'kpi-unmeasured'));
        assert.deepStrictEqual(fromServer(p.diagnostics), fromCli(cli, uri));
      } finally {
        fs.writeFileSync(rcFile, RC_TEXT);
        const since = client.mark();
        await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(rcFile), type: 2 }] });
        await client.waitForDiagnostics(uri, 'rc restored', (p) => p.diagnostics.some((d) => d.code === 'kpi-unmeasured'), since);
      }
    });

    test('closing a document that is not on disk clears its diagnostics', async () => {
      const doc = await client.open(fresh('unsaved'), GAPS_TEXT);
      assert.ok(doc.diagnostics.length > 0);
      const since = client.mark();
      await client.close(doc.uri);
      const p = await client.waitForDiagnostics(doc.uri, 'after didClose', () => true, since);
      assert.deepStrictEqual(p.diagnostics, []);
    });

    test('a workspace file reopened after close (versions start again at 1) gets fresh diagnostics', async () => {
      const file = path.join(ws.samples, 'aida.playbook.yaml');
      const uri = uriOf(file);
      const text = fs.readFileSync(file, 'utf8');
      let doc = await client.open(uri, text, 1);
      for (let i = 0; i < 4; i++) doc = await client.change(doc, `${text}\n# edit ${i}\n`);
      assert.strictEqual(doc.version, 5);
      await client.close(uri);
      // Reopened (as an editor does after closing the tab), with an error in it.
      const broken = text.replace(/^title: .*$/m, 'title: [unclosed');
      const since = client.mark();
      await client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'playbook', version: 1, text: broken } });
      // A second document opened right after: its diagnostics come after the reopened one's (same zero delay, FIFO).
      const sentinel = await client.open(fresh('sentinel'), LAER_TEXT);
      try {
        const p = client.publishes(uri, since).find((x) => x.version === 1);
        assert.ok(p, `no diagnostics published for the reopened document (version 1) before the next document's; got ${JSON.stringify(client.publishes(uri, since).map((x) => x.version))}`);
        assert.ok(p.diagnostics.some((d) => d.code === 'syntax'), 'the reopened text is validated');
      } finally {
        await client.close(sentinel.uri);
        await client.close(uri);
      }
    });

    test('playbook/validateWorkspace does not overwrite an open document with its on-disk findings', async () => {
      const file = path.join(ws.samples, 'race.playbook.yaml');
      const uri = uriOf(file);
      const onDisk = fs.readFileSync(file, 'utf8');
      const edited = onDisk.replace(/^title: .*$/m, 'title: [unclosed');
      const doc = await client.open(uri, edited, 1);
      assert.ok(doc.diagnostics.some((d) => d.code === 'syntax'));
      const since = client.mark();
      await client.request('playbook/validateWorkspace');
      // wait for a closed file's republish (sent during the same validation), then look at what this uri got
      await client.waitForDiagnostics(uriOf(path.join(ws.samples, 'seven-stage.playbook.yaml')), 'validateWorkspace', () => true, since);
      await client.waitForDiagnostics(uri, 'the open document, revalidated', () => true, since);
      const after = client.publishes(uri, since);
      assert.ok(after.length > 0);
      for (const p of after) {
        assert.strictEqual(p.version, 1, 'only versioned (open-text) diagnostics for an open document');
        assert.ok(p.diagnostics.some((d) => d.code === 'syntax'), 'the open text, not the file on disk');
      }
      await client.close(uri);
    });

    test('a file deleted on disk while open keeps being analysed from the editor buffer', async () => {
      const file = path.join(ws.samples, 'deleted-while-open.playbook.yaml');
      const uri = uriOf(file);
      fs.writeFileSync(file, GAPS_TEXT);
      let doc = await client.open(uri, GAPS_TEXT, 1);
      try {
        assert.ok(doc.diagnostics.length > 0);
        fs.rmSync(file);
        await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 3 }] });
        // The buffer is still open: an edit is analysed and published as usual.
        doc = await client.change(doc, GAPS_TEXT.replace('owner: csm-tem ', 'owner: csm-team '));
        assert.ok(!doc.diagnostics.some((d) => d.code === 'unknown-reference'), 'the fixed reference is gone');
        assert.ok(doc.diagnostics.some((d) => d.code === 'escalation-cycle'), 'the rest is still reported');
        const info = await client.request<{ pid: number }>('playbook/serverInfo');
        assert.strictEqual(info.pid, client.proc.pid, 'the server is still running');
      } finally {
        await client.close(uri);
      }
    });

    test('watched playbook created, changed and deleted on disk: diagnostics and symbols follow', async () => {
      const file = path.join(ws.samples, 'watched.playbook.yaml');
      const uri = uriOf(file);
      fs.writeFileSync(file, GAPS_TEXT.replace('owner: csm-tem ', 'owner: watched-owner '));
      try {
        let since = client.mark();
        await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 1 }] });
        const created = await client.waitForDiagnostics(uri, 'created', () => true, since);
        assert.deepStrictEqual(fromServer(created.diagnostics), fromCli(cliFindings(file, ws.samples), uri));
        assert.ok(created.diagnostics.some((d) => d.code === 'unknown-reference' && /watched-owner/.test(d.message)));
        const syms = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'sales-engineer' });
        assert.ok(syms.some((x) => x.location.uri === uri), 'the new file is indexed');

        fs.writeFileSync(file, LAER_TEXT);
        since = client.mark();
        await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 2 }] });
        const changed = await client.waitForDiagnostics(uri, 'changed', () => true, since);
        assert.deepStrictEqual(changed.diagnostics, []);

        fs.rmSync(file);
        since = client.mark();
        await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 3 }] });
        const deleted = await client.waitForDiagnostics(uri, 'deleted', () => true, since);
        assert.deepStrictEqual(deleted.diagnostics, []);
        const after = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'renewal-t-minus-90' });
        assert.ok(!after.some((x) => x.location.uri === uri), 'the deleted file is no longer indexed');
      } finally {
        fs.rmSync(file, { force: true });
      }
    });

    test('validate.enable: false clears every diagnostic, open and closed; true brings them back', async () => {
      const open = await client.open(fresh('disabled'), GAPS_TEXT);
      const closedUri = uriOf(path.join(ws.samples, 'gaps.playbook.yaml'));
      try {
        let since = client.mark();
        client.settings = { ...SETTINGS, validate: { enable: false } };
        await client.notify('workspace/didChangeConfiguration', { settings: null });
        const o = await client.waitForDiagnostics(open.uri, 'disabled (open)', () => true, since);
        assert.deepStrictEqual(o.diagnostics, []);
        // The re-validation of the workspace ends with a $/progress end: closed files are done by then.
        await client.waitFor('$/progress end of the re-validation', () =>
          client.events.find((e) => e.seq >= since && e.method === '$/progress' && (e.params as { value: { kind: string } }).value.kind === 'end'),
        );
        const c = client.publishes(closedUri, since);
        assert.ok(c.length > 0, 'a closed file must not keep its findings when validation is off: nothing was published for closed gaps.playbook.yaml');
        assert.deepStrictEqual(c[c.length - 1].diagnostics, [], 'a closed file must not keep its findings when validation is off');
        since = client.mark();
        client.settings = SETTINGS;
        await client.notify('workspace/didChangeConfiguration', { settings: null });
        await client.waitForDiagnostics(open.uri, 'enabled again (open)', (p) => p.diagnostics.length > 0, since);
        await client.waitForDiagnostics(closedUri, 'enabled again (closed)', (p) => p.diagnostics.length > 0, since);
      } finally {
        if (client.settings !== SETTINGS) {
          client.settings = SETTINGS;
          await client.notify('workspace/didChangeConfiguration', { settings: null });
        }
        await client.close(open.uri);
      }
    });

    /** Runs `fn` with `debounceMs` set (the configuration change re-publishes every open document first). */
    async function withDebounce(doc: { uri: string }, debounceMs: number | null, fn: () => Promise<void>): Promise<void> {
      const since = client.mark();
      client.settings = { ...SETTINGS, debounceMs };
      await client.notify('workspace/didChangeConfiguration', { settings: null });
      // Wait for that re-publish, so the edits below meet the new setting and no pending run.
      await client.waitForDiagnostics(doc.uri, 'the re-publish after the settings change', () => true, since);
      try {
        await fn();
      } finally {
        client.settings = SETTINGS;
        await client.notify('workspace/didChangeConfiguration', { settings: null });
      }
    }

    /** Renames the unknown owner `csm-tem` of gaps to `to` (an incremental edit) and returns the new text. */
    function renameOwner(doc: { uri: string }, text: string, from: string, to: string, version: number): string {
      const m = new RegExp(`owner: ${from}(?![a-z0-9-])`).exec(text);
      assert.ok(m, `owner: ${from} in the text`);
      const at = m.index + 'owner: '.length;
      void client.notify('textDocument/didChange', { textDocument: { uri: doc.uri, version }, contentChanges: [{ range: rangeAt(text, at, from.length), text: to }] });
      return text.slice(0, at) + to + text.slice(at + from.length);
    }

    test('a fix is published at once, even with a debounce of a minute', async () => {
      const doc = await client.open(fresh('fix-at-once'), GAPS_TEXT, 1);
      await withDebounce(doc, 60_000, async () => {
        const since = client.mark();
        // The unknown owner fixed: findings only go away, so nothing waits for the (60 s) debounce.
        renameOwner(doc, GAPS_TEXT, 'csm-tem', 'csm-team', 2);
        const p = await client.waitForDiagnostics(doc.uri, 'v2 without waiting for the debounce', (x) => x.version === 2, since);
        assert.ok(!p.diagnostics.some((d) => d.code === 'unknown-reference' && /csm-tem\b/.test(d.message)), 'the fixed finding is gone');
        assert.ok(p.diagnostics.length > 0, 'the other findings stay');
      });
      await client.close(doc.uri);
    });

    test('a new finding waits for the debounce: an id typed and fixed again never shows its squiggle', async () => {
      const doc = await client.open(fresh('new-waits'), GAPS_TEXT, 1);
      await withDebounce(doc, 60_000, async () => {
        const since = client.mark();
        // v2 makes a known owner unknown (a new finding: held for the 60 s debounce), v3 puts it back.
        const typed = renameOwner(doc, GAPS_TEXT, 'csm-team', 'csm-teax', 2);
        renameOwner(doc, typed, 'csm-teax', 'csm-team', 3);
        const p = await client.waitForDiagnostics(doc.uri, 'v3', (x) => x.version === 3, since);
        assert.ok(!client.publishes(doc.uri, since).some((x) => x.version === 2), 'the half-typed version was never published');
        assert.ok(!p.diagnostics.some((d) => /csm-teax/.test(d.message)));
      });
      await client.close(doc.uri);
    });

    test('default settings (debounceMs unset): a fix at once, a new finding once typing pauses', async () => {
      const doc = await client.open(fresh('adaptive'), GAPS_TEXT, 1);
      await withDebounce(doc, null, async () => {
        let since = client.mark();
        let text = renameOwner(doc, GAPS_TEXT, 'csm-tem', 'csm-team', 2);
        await client.waitForDiagnostics(doc.uri, 'v2 (a fix)', (x) => x.version === 2, since);
        since = client.mark();
        text = renameOwner(doc, text, 'csm-team', 'csm-teax', 3);
        const p = await client.waitForDiagnostics(doc.uri, 'v3 (a new finding, after the default 200 ms)', (x) => x.version === 3, since);
        assert.ok(p.diagnostics.some((d) => d.code === 'unknown-reference' && /csm-teax/.test(d.message)), 'the new finding is published');
        void text;
      });
      await client.close(doc.uri);
    });

    test('debounce and version guard: a burst of changes publishes versioned diagnostics, the last for the final text, never going back', async () => {
      const doc = await client.open(fresh('debounce'), GAPS_TEXT, 1);
      const since = client.mark();
      // versions 2..6 in a row, each renaming the unknown owner (incremental edits).
      let text = GAPS_TEXT;
      let value = 'csm-tem';
      for (let version = 2; version <= 6; version++) {
        const at = offsetOf(text, `owner: ${value} `) + 'owner: '.length;
        const next = `wrong-${version}`;
        const change: TextDocumentContentChangeEvent = { range: rangeAt(text, at, value.length), text: next };
        text = text.slice(0, at) + next + text.slice(at + value.length);
        value = next;
        void client.notify('textDocument/didChange', { textDocument: { uri: doc.uri, version }, contentChanges: [change] });
      }
      const last = await client.waitForDiagnostics(doc.uri, 'v6', (p) => p.version === 6, since);
      // One more change after the burst: anything still pending for older versions would show up before it.
      const at = offsetOf(text, 'owner: wrong-6 ') + 'owner: '.length;
      const text7 = `${text.slice(0, at)}wrong-7${text.slice(at + 'wrong-6'.length)}`;
      void client.notify('textDocument/didChange', { textDocument: { uri: doc.uri, version: 7 }, contentChanges: [{ range: rangeAt(text, at, 'wrong-6'.length), text: 'wrong-7' }] });
      await client.waitForDiagnostics(doc.uri, 'v7', (p) => p.version === 7, since);

      const published = client.publishes(doc.uri, since);
      for (const p of published) assert.ok(Number.isInteger(p.version), `diagnostics for an open document must carry its version: ${JSON.stringify(p.version)}`);
      const versions = published.map((p) => p.version!);
      for (let i = 1; i < versions.length; i++) assert.ok(versions[i] > versions[i - 1], `published versions must only increase: ${versions.join(', ')}`);
      assert.strictEqual(versions[versions.length - 1], 7);
      const burst = versions.filter((v) => v >= 2 && v <= 6);
      assert.ok(burst.length < 5, `debounce: 5 quick changes should not give 5 publishes (got versions ${burst.join(', ')})`);

      // v6's diagnostics describe v6's text.
      const unknown = last.diagnostics.filter((d) => d.code === 'unknown-reference');
      assert.strictEqual(unknown.length, 1);
      assert.deepStrictEqual(unknown[0].range, rangeIn(text, 'owner: wrong-6', 'wrong-6'));
      assert.match(unknown[0].message, /`wrong-6`/);
      const final = client.publishes(doc.uri, since).find((p) => p.version === 7)!;
      assert.match(final.diagnostics.find((d) => d.code === 'unknown-reference')!.message, /`wrong-7`/);
      assert.deepStrictEqual(final.diagnostics.find((d) => d.code === 'unknown-reference')!.range, rangeIn(text7, 'owner: wrong-7', 'wrong-7'));
      await client.close(doc.uri);
    });
  });

  // -------------------------------------------------------------------------
  suite('completion', () => {
    const complete = async (name: string, c: { text: string; cursor: Position }) => {
      const uri = fresh(name);
      await client.open(uri, c.text);
      try {
        return items(await client.request<CompletionItem[] | CompletionList | null>('textDocument/completion', { textDocument: { uri }, position: c.cursor }));
      } finally {
        await client.close(uri);
      }
    };
    const emptyRangeAt = (p: Position): Range => ({ start: p, end: p });

    test('`stage: ` in a touchpoint offers the framework stage ids', async () => {
      const c = completionCase('    stage: land\n    segments: [enterprise]', '    stage: |\n    segments: [enterprise]');
      const list = await complete('complete-stage', c);
      assert.deepStrictEqual(sortedLabels(list), [...LAER_STAGES].sort());
      for (const i of list) {
        assert.strictEqual(i.kind, CompletionItemKind.Reference);
        assert.deepStrictEqual((i.textEdit as TextEdit).range, emptyRangeAt(c.cursor));
        assert.strictEqual((i.textEdit as TextEdit).newText, i.label);
      }
    });

    test('`owner: ` offers owner ids with their name and type in the detail; a typed prefix is replaced', async () => {
      const c = completionCase('    owner: csm-team\n  - id: welcome-email', '    owner: |\n  - id: welcome-email');
      const list = await complete('complete-owner', c);
      assert.deepStrictEqual(sortedLabels(list), ['csm-team', 'onboarding-bot']);
      const csm = list.find((i) => i.label === 'csm-team')!;
      assert.match(csm.detail ?? '', /Customer success managers/);
      assert.match(csm.detail ?? '', /\bteam\b/);
      const bot = list.find((i) => i.label === 'onboarding-bot')!;
      assert.match(bot.detail ?? '', /Onboarding journeys/);
      assert.match(bot.detail ?? '', /automation/);

      const typed = completionCase('    owner: csm-team\n  - id: welcome-email', '    owner: cs|\n  - id: welcome-email');
      const list2 = await complete('complete-owner-prefix', typed);
      const item = list2.find((i) => i.label === 'csm-team');
      assert.ok(item, 'csm-team is offered after `cs`');
      assert.deepStrictEqual((item.textEdit as TextEdit).range, { start: { line: typed.cursor.line, character: typed.cursor.character - 2 }, end: typed.cursor });
    });

    test('`segments: [` offers segment ids', async () => {
      const c = completionCase('    segments: [enterprise]', '    segments: [|]');
      const list = await complete('complete-segments', c);
      assert.deepStrictEqual(sortedLabels(list), ['enterprise', 'smb']);
      for (const i of list) assert.deepStrictEqual((i.textEdit as TextEdit).range, emptyRangeAt(c.cursor));
      const second = completionCase('    segments: [enterprise]', '    segments: [enterprise, |]');
      const list2 = await complete('complete-segments-2', second);
      assert.ok(list2.some((i) => i.label === 'smb'), `after a comma: ${sortedLabels(list2).join(', ')}`);
      for (const i of list2) assert.deepStrictEqual((i.textEdit as TextEdit).range, emptyRangeAt(second.cursor));
    });

    test('other references: a block `segments:` item, `trigger:`, `kpis: [`, `escalatesTo:`, a segment `owner:`', async () => {
      const fixture = COMPLETION_BASE.replace('    owner: onboarding-bot\n\ntouchpoints:', '    owner: onboarding-bot\n\ntriggers:\n  - id: contract-signed\n    type: event\n    event: contract.signed\n\nkpis:\n  - id: time-to-value\n    metric: time-to-value\n    direction: decrease\n    target: 30\n\ntouchpoints:');
      const make = (find: string, line: string) => {
        const at = offsetOf(fixture, find);
        const withCursor = fixture.slice(0, at) + line + fixture.slice(at + find.length);
        const cur = withCursor.indexOf('|');
        const text = withCursor.slice(0, cur) + withCursor.slice(cur + 1);
        return { text, cursor: positionAt(text, cur) };
      };
      const cases: [string, string, string, string[]][] = [
        ['block segments item', '    segments: [enterprise]', '    segments:\n      - |', ['enterprise', 'smb']],
        ['trigger', '    channel: meeting', '    channel: meeting\n    trigger: |', ['contract-signed']],
        ['kpis', '    channel: meeting', '    channel: meeting\n    kpis: [|]', ['time-to-value']],
        ['escalatesTo', '    channel: meeting', '    channel: meeting\n    escalatesTo: |', ['kickoff-call', 'welcome-email']],
        ['segment owner', '    owner: onboarding-bot\n\ntriggers', '    owner: |\n\ntriggers', ['csm-team', 'onboarding-bot']],
        ['kpi owner', '    target: 30\n', '    target: 30\n    owner: |\n', ['csm-team', 'onboarding-bot']],
        ['owner type', '    type: automation', '    type: |', ['automation', 'human', 'team']],
      ];
      for (const [what, find, line, expected] of cases) {
        const c = make(find, line);
        const list = await complete(`complete-${what.replace(/\W+/g, '-')}`, c);
        assert.deepStrictEqual(sortedLabels(list), expected, what);
      }
    });

    test('right after the `:` trigger character, accepting an item gives `key: value` (with the space)', async () => {
      for (const [what, find, line, label, expectedLine] of [
        ['stage id', '    stage: land\n    segments: [enterprise]', '    stage:|\n    segments: [enterprise]', 'adopt', '    stage: adopt'],
        ['owner id', '    owner: csm-team\n  - id: welcome-email', '    owner:|\n  - id: welcome-email', 'onboarding-bot', '    owner: onboarding-bot'],
        ['channel value', '    channel: meeting', '    channel:|', 'phone', '    channel: phone'],
        ['framework', 'framework: laer', 'framework:|', 'race', 'framework: race'],
      ] as const) {
        const c = completionCase(find, line);
        const list = await complete(`complete-colon-${what.replace(/\W+/g, '-')}`, c);
        const item = list.find((i) => i.label === label);
        assert.ok(item, `${what}: ${sortedLabels(list).join(', ')}`);
        const edit = item.textEdit as TextEdit;
        const after = applyEdits(c.text, [edit, ...(item.additionalTextEdits ?? [])]);
        assert.strictEqual(after.split('\n')[c.cursor.line], expectedLine, `${what}: accepting ${label} at \`${line.split('\n')[0]}\``);
      }
    });

    test('`channel: ` offers the channel enum values in schema order', async () => {
      const c = completionCase('    channel: meeting', '    channel: |');
      const list = await complete('complete-channel', c);
      assert.deepStrictEqual(bySortText(list).map((i) => i.label), CHANNELS);
      for (const i of list) assert.strictEqual(i.kind, CompletionItemKind.EnumMember);
    });

    test('top-level `framework: ` offers the frameworks, each with its stages in the documentation', async () => {
      const c = completionCase('framework: laer', 'framework: |');
      const list = await complete('complete-framework', c);
      assert.deepStrictEqual(sortedLabels(list), Object.keys(FRAMEWORK_STAGES).sort());
      for (const i of list) {
        assert.strictEqual(i.kind, CompletionItemKind.Module);
        const doc = typeof i.documentation === 'string' ? i.documentation : (i.documentation?.value ?? '');
        const stages = FRAMEWORK_STAGES[i.label];
        if (stages.length) assert.ok(doc.includes(stages.map((s) => `\`${s}\``).join(' → ')), `${i.label}: ${doc}`);
        else assert.match(doc, /stages/i);
      }
    });

    test('a key position in a touchpoint offers the missing keys only, required ones first', async () => {
      // welcome-email has `id` above and `stage` below the cursor; `channel` and `owner` (required) are missing.
      const base = '  - id: welcome-email\n    stage: land\n    channel: email\n    owner: onboarding-bot\n';
      const c = completionCase(base, '  - id: welcome-email\n    |\n    stage: land\n');
      const list = await complete('complete-keys', c);
      const expected = ['name', 'segments', 'channel', 'owner', 'trigger', 'within', 'kpis', 'escalatesTo', 'emotion', 'description', 'effort', 'cadence'];
      assert.deepStrictEqual(sortedLabels(list.filter((i) => i.kind === CompletionItemKind.Property)), [...expected].sort());
      const ordered = bySortText(list.filter((i) => i.kind === CompletionItemKind.Property)).map((i) => i.label);
      assert.deepStrictEqual(ordered.slice(0, 2).sort(), ['channel', 'owner'], `required keys first: ${ordered.join(', ')}`);
      const channel = list.find((i) => i.label === 'channel')!;
      assert.strictEqual((channel.textEdit as TextEdit).newText, 'channel: ');
      assert.deepStrictEqual((channel.textEdit as TextEdit).range, emptyRangeAt(c.cursor));
      assert.ok(!list.some((i) => i.kind === CompletionItemKind.Snippet), 'no entry snippet inside an entry that has keys');
    });

    test('a new line after the last key of an entry offers the keys it lacks; a typed prefix is replaced', async () => {
      const c = completionCase('    owner: csm-team\n  - id: welcome-email', '    owner: csm-team\n    |\n  - id: welcome-email');
      const list = await complete('complete-keys-end', c);
      assert.deepStrictEqual(sortedLabels(list), ['cadence', 'description', 'effort', 'emotion', 'escalatesTo', 'kpis', 'trigger', 'within']);
      const typed = completionCase('    owner: csm-team\n  - id: welcome-email', '    owner: csm-team\n    esc|\n  - id: welcome-email');
      const list2 = await complete('complete-keys-prefix', typed);
      const item = list2.find((i) => i.label === 'escalatesTo');
      assert.ok(item, sortedLabels(list2).join(', '));
      assert.deepStrictEqual(item.textEdit, { range: { start: { line: typed.cursor.line, character: 4 }, end: typed.cursor }, newText: 'escalatesTo: ' });
    });

    test('ids come from the last parsing text while the document does not parse', async () => {
      const uri = fresh('complete-broken');
      let doc = await client.open(uri, COMPLETION_BASE);
      const broken = completionCase('    owner: csm-team\n  - id: welcome-email', '    owner: |\n  - id: welcome-email');
      const text = broken.text.replace('title: Completion fixture', 'title: [unclosed');
      doc = await client.change(doc, text);
      try {
        assert.ok(doc.diagnostics.some((d) => d.code === 'syntax'), 'the text does not parse');
        const list = items(await client.request<CompletionItem[] | CompletionList | null>('textDocument/completion', { textDocument: { uri }, position: broken.cursor }));
        assert.deepStrictEqual(sortedLabels(list), ['csm-team', 'onboarding-bot']);
      } finally {
        await client.close(uri);
      }
    });

    test('stage completion leaves out a listed stage that is not in the framework; also for a KPI stage', async () => {
      const at = offsetOf(GAPS_TEXT, '    stage: renew\n    segments: [enterprise]\n    channel: phone') + '    stage: '.length;
      const text = GAPS_TEXT.slice(0, at) + GAPS_TEXT.slice(at + 'renew'.length);
      const list = await complete('complete-stage-gaps', { text, cursor: positionAt(text, at) });
      assert.deepStrictEqual(sortedLabels(list), [...LAER_STAGES].sort(), '`onboarding` is ignored (stage-not-in-framework), so it is no stage to pick');
      const kAt = offsetOf(GAPS_TEXT, '    stage: expand\n') + '    stage: '.length;
      const kText = GAPS_TEXT.slice(0, kAt) + GAPS_TEXT.slice(kAt + 'expand'.length);
      const kList = await complete('complete-kpi-stage', { text: kText, cursor: positionAt(kText, kAt) });
      assert.deepStrictEqual(sortedLabels(kList), [...LAER_STAGES].sort());
    });

    test('an empty list item under touchpoints offers the `new touchpoint` snippet, indented to the item', async () => {
      const c = completionCase('    channel: email\n    owner: onboarding-bot\n', '    channel: email\n    owner: onboarding-bot\n  - |\n');
      const list = await complete('complete-snippet', c);
      const snippet = list.find((i) => i.label === 'new touchpoint');
      assert.ok(snippet, `labels: ${list.map((i) => i.label).join(', ')}`);
      assert.strictEqual(snippet.kind, CompletionItemKind.Snippet);
      assert.strictEqual(snippet.insertTextFormat, 2, 'a snippet');
      const edit = snippet.textEdit as TextEdit;
      assert.deepStrictEqual(edit.range, emptyRangeAt(c.cursor));
      const lines = edit.newText.split('\n');
      assert.match(lines[0], /^id: \$\{1:[a-z-]+\}$/);
      for (const l of lines.slice(1)) assert.match(l, /^ {4}[a-zA-Z]+: /, `continuation lines are indented to the item's keys: ${JSON.stringify(l)}`);
      const keys = lines.map((l) => l.trim().split(':')[0]);
      for (const required of ['id', 'stage', 'channel', 'owner']) assert.ok(keys.includes(required), `the snippet has ${required}`);
      // inserted, the snippet (placeholders resolved to defaults) is a valid touchpoint at the right indentation
      const plain = edit.newText.replace(/\$\{\d+\|([^,|]+)[^}]*\}/g, '$1').replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\{\d+\}|\$\d+/g, '');
      const inserted = applyEdits(c.text, [{ range: edit.range, newText: plain }]);
      assert.ok(inserted.includes(`  - ${plain.split('\n')[0]}\n    ${lines[1].trim().replace(/\$\{\d+:([^}]*)\}/g, '$1')}`));
    });
  });

  // -------------------------------------------------------------------------
  suite('hover', () => {
    let uri: string;
    suiteSetup(async () => {
      uri = fresh('hover');
      await client.open(uri, GAPS_TEXT);
    });
    suiteTeardown(() => client.close(uri));
    const hover = (position: Position) => client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position });

    test('on a key: the schema description', async () => {
      const h = await hover(posIn(GAPS_TEXT, '    channel: email', 'channel'));
      assert.strictEqual(markdown(h), SCHEMA.properties.touchpoints.items.properties.channel.markdownDescription);
      assert.deepStrictEqual(h!.range, rangeIn(GAPS_TEXT, '    channel: email', 'channel'));
      const top = await hover(posIn(GAPS_TEXT, 'framework: laer', 'framework'));
      assert.ok(markdown(top).length > 0);
      assert.deepStrictEqual(top!.range, rangeIn(GAPS_TEXT, 'framework: laer', 'framework'));
    });

    test('on an id reference: what it names (name, type)', async () => {
      const h = await hover(posIn(GAPS_TEXT, 'owner: csm-team', 'csm-team', 1));
      const md = markdown(h);
      assert.match(md, /\*\*csm-team\*\*/);
      assert.match(md, /owner/);
      assert.match(md, /Customer success managers/);
      assert.match(md, /\bteam\b/);
      assert.deepStrictEqual(h!.range, rangeIn(GAPS_TEXT, 'owner: csm-team', 'csm-team', 1));
      const seg = markdown(await hover(posIn(GAPS_TEXT, 'segments: [enterprise, mid-market, self-serve, pilot-customers]', 'pilot-customers')));
      assert.match(seg, /\*\*pilot-customers\*\*/);
      assert.match(seg, /AI agent pilot customers/);
    });

    test('on the framework value: the framework and its stages in order', async () => {
      const h = await hover(posIn(GAPS_TEXT, 'framework: laer', 'laer'));
      const md = markdown(h);
      assert.match(md, /LAER/);
      assert.ok(md.includes('`land` → `adopt` → `expand` → `renew`'), md);
      assert.deepStrictEqual(h!.range, rangeIn(GAPS_TEXT, 'framework: laer', 'laer'));
    });

    test('on a finding: the rule, its explanation and its documentation link', async () => {
      const h = await hover(posIn(GAPS_TEXT, 'direction: increase             #', 'increase'));
      const md = markdown(h);
      assert.match(md, /kpi-direction/);
      assert.match(md, /contradicts its metric/);
      assert.ok(md.includes('(https://github.com/engagement-playbooks/engagement-playbooks/blob/main/docs/rules/kpi-direction.md)'), md);
      assert.deepStrictEqual(h!.range, rangeIn(GAPS_TEXT, 'direction: increase             #', 'increase'));
      // A reference that is also a finding shows both.
      const both = markdown(await hover(posIn(GAPS_TEXT, 'owner: csm-tem ', 'csm-tem')));
      assert.match(both, /unknown-reference/);
      assert.ok(both.includes('docs/rules/unknown-reference.md'), both);
    });

    test("on an owner's capacity or headcount: capacity × headcount = what it can carry, and what it is accountable for", async () => {
      const line = '**csm-team** — capacity 20 × headcount 3 = 60 accounts; accountable for 85 accounts';
      const onCapacity = await hover(posIn(GAPS_TEXT, '    capacity: 20', '20'));
      assert.ok(markdown(onCapacity).startsWith(line), markdown(onCapacity));
      assert.match(markdown(onCapacity), /owner-over-capacity/, 'the finding on the capacity is explained too');
      assert.deepStrictEqual(onCapacity!.range, rangeIn(GAPS_TEXT, '    capacity: 20', '20'));
      const onHeadcount = await hover(posIn(GAPS_TEXT, '    headcount: 3', '3'));
      assert.strictEqual(markdown(onHeadcount), line);
      assert.deepStrictEqual(onHeadcount!.range, rangeIn(GAPS_TEXT, '    headcount: 3', '3'));
      // On the key: what the key means, then the same line.
      const onKey = markdown(await hover(posIn(GAPS_TEXT, '    headcount: 3', 'headcount')));
      assert.ok(onKey.startsWith(SCHEMA.properties.owners.items.properties.headcount.markdownDescription ?? SCHEMA.properties.owners.items.properties.headcount.description), onKey);
      assert.ok(onKey.endsWith(line), onKey);
      // Segments owned by support-team: mid-market 310, pilot-customers 12, partners 40.
      assert.strictEqual(markdown(await hover(posIn(GAPS_TEXT, '    capacity: 500', '500'))), '**support-team** — capacity 500 × headcount 2 = 1000 accounts; accountable for 362 accounts');
      // On the owner's id: the same figures in its description.
      assert.match(markdown(await hover(posIn(GAPS_TEXT, 'owner: csm-team', 'csm-team', 1))), /capacity 20 × headcount 3 = 60 accounts/);
    });

    test('on nothing in particular: no hover', async () => {
      const h = await hover({ line: lineOf(GAPS_TEXT, '# DELIBERATELY FLAWED'), character: 5 });
      assert.strictEqual(h, null);
    });
  });

  // -------------------------------------------------------------------------
  suite('navigation and rename', () => {
    let uri: string;
    suiteSetup(async () => {
      uri = fresh('navigation');
      await client.open(uri, GAPS_TEXT);
    });
    suiteTeardown(() => client.close(uri));
    const at = (position: Position) => ({ textDocument: { uri }, position });

    /** Every `csm-team` id text in gaps (declaration first), comments excluded. */
    const csmTeam = () => {
      const out: { range: Range; decl: boolean }[] = [];
      GAPS_TEXT.split('\n').forEach((line, l) => {
        const m = /^(\s*-?\s*(id|owner): )csm-team(\s|$)/.exec(line);
        if (m) out.push({ range: { start: { line: l, character: m[1].length }, end: { line: l, character: m[1].length + 'csm-team'.length } }, decl: m[2] === 'id' });
      });
      assert.strictEqual(out.length, 6, 'gaps has csm-team declared once and referenced five times');
      return out;
    };

    test('definition: from references to the declaring `id`', async () => {
      const decl = declRange(GAPS_TEXT, 'csm-team');
      for (const [needle, word, nth, target] of [
        ['owner: csm-team', 'csm-team', 2, decl],
        ['escalatesTo: renewal-qbr', 'renewal-qbr', 0, declRange(GAPS_TEXT, 'renewal-qbr')],
        ['trigger: low-health', 'low-health', 0, declRange(GAPS_TEXT, 'low-health')],
        ['segments: [enterprise, mid-market, self-serve]', 'self-serve', 0, declRange(GAPS_TEXT, 'self-serve')],
        ['kpis: [gross-churn, expansion-arr]', 'expansion-arr', 0, declRange(GAPS_TEXT, 'expansion-arr')],
        ['stage: land', 'land', 0, declRange(GAPS_TEXT, 'land')],
        // a built-in stage that `stages` does not list is declared by the framework value
        ['stage: adopt', 'adopt', 0, rangeIn(GAPS_TEXT, 'framework: laer', 'laer')],
        // a duplicate id: references resolve to the first entry
        ['escalatesTo: exec-save-call', 'exec-save-call', 0, declRange(GAPS_TEXT, 'exec-save-call')],
      ] as [string, string, number, Range][]) {
        const loc = await client.request<Location | Location[] | null>('textDocument/definition', at(posIn(GAPS_TEXT, needle, word, nth)));
        const one = Array.isArray(loc) ? loc : [loc];
        assert.deepStrictEqual(one, [{ uri, range: target }], `definition of ${word} (${needle})`);
      }
      // from the declaration itself, to itself
      const self = await client.request<Location | null>('textDocument/definition', at(posIn(GAPS_TEXT, '- id: csm-team', 'csm-team')));
      assert.deepStrictEqual(Array.isArray(self) ? self : [self], [{ uri, range: decl }]);
      // an unknown reference has no definition
      const none = await client.request<Location | Location[] | null>('textDocument/definition', at(posIn(GAPS_TEXT, 'owner: csm-tem ', 'csm-tem')));
      assert.ok(none === null || (Array.isArray(none) && none.length === 0), JSON.stringify(none));
    });

    test('references: with and without the declaration', async () => {
      const all = csmTeam();
      const sort = (l: Location[]) => [...l].sort((a, b) => a.range.start.line - b.range.start.line);
      const withDecl = await client.request<Location[]>('textDocument/references', { ...at(posIn(GAPS_TEXT, 'owner: csm-team', 'csm-team', 0)), context: { includeDeclaration: true } });
      assert.deepStrictEqual(sort(withDecl), all.map((o) => ({ uri, range: o.range })));
      const without = await client.request<Location[]>('textDocument/references', { ...at(posIn(GAPS_TEXT, '- id: csm-team', 'csm-team')), context: { includeDeclaration: false } });
      assert.deepStrictEqual(sort(without), all.filter((o) => !o.decl).map((o) => ({ uri, range: o.range })));
      // the duplicate touchpoint id: both declarations, no references
      const dup = await client.request<Location[]>('textDocument/references', { ...at(posIn(GAPS_TEXT, '- id: renewal-reminder', 'renewal-reminder')), context: { includeDeclaration: true } });
      assert.deepStrictEqual(sort(dup), [0, 1].map((i) => ({ uri, range: declRange(GAPS_TEXT, 'renewal-reminder', i) })));
    });

    test('documentHighlight: the declaration as write, references as read', async () => {
      const hl = await client.request<DocumentHighlight[]>('textDocument/documentHighlight', at(posIn(GAPS_TEXT, 'owner: csm-team', 'csm-team', 3)));
      const sorted = [...hl].sort((a, b) => a.range.start.line - b.range.start.line);
      assert.deepStrictEqual(sorted, csmTeam().map((o) => ({ range: o.range, kind: o.decl ? HighlightKind.Write : HighlightKind.Read })));
      const none = await client.request<DocumentHighlight[] | null>('textDocument/documentHighlight', at(posIn(GAPS_TEXT, 'title: Brightdesk', 'Brightdesk')));
      assert.ok(none === null || none.length === 0);
    });

    test('prepareRename: the id range and placeholder; an error for a built-in framework stage', async () => {
      const r = await client.request<PrepareRenameResult | null>('textDocument/prepareRename', at(posIn(GAPS_TEXT, 'owner: csm-team', 'csm-team', 1)));
      assert.deepStrictEqual(r, { range: rangeIn(GAPS_TEXT, 'owner: csm-team', 'csm-team', 1), placeholder: 'csm-team' });
      const err = await expectResponseError(client.request('textDocument/prepareRename', at(posIn(GAPS_TEXT, 'stage: renew', 'renew'))), 'prepareRename on a laer stage');
      assert.match(err.message, /built-in/);
      assert.match(err.message, /laer/);
      const decl = await client.request<PrepareRenameResult | null>('textDocument/prepareRename', at(posIn(GAPS_TEXT, '- id: nps-detractor', 'nps-detractor')));
      assert.deepStrictEqual(decl, { range: declRange(GAPS_TEXT, 'nps-detractor'), placeholder: 'nps-detractor' });
    });

    test('rename: every occurrence changes, comments and all other text stay byte-identical', async () => {
      const edit = await client.request<WorkspaceEdit>('textDocument/rename', { ...at(posIn(GAPS_TEXT, 'owner: csm-team', 'csm-team', 4)), newName: 'success-team' });
      const edits = editsFor(edit, uri);
      assert.strictEqual(edits.length, 6);
      const renamed = applyEdits(GAPS_TEXT, edits);
      // Expected: the same text with exactly the six id texts replaced (the comment "did you mean csm-team?" untouched).
      const expectedEdits = csmTeam().map((o) => ({ range: o.range, newText: 'success-team' }));
      assert.strictEqual(renamed, applyEdits(GAPS_TEXT, expectedEdits));
      assert.ok(renamed.includes('# <- unknown-reference (did you mean csm-team?)'), 'the comment must not be renamed');
      assert.deepStrictEqual(comments(renamed), comments(GAPS_TEXT));
      // The renamed text has the same findings (with the new id in the messages).
      const check = await client.open(fresh('renamed'), renamed);
      assert.deepStrictEqual(
        check.diagnostics.map((d) => `${d.code}@${d.range.start.line}`).sort(),
        (await client.waitForDiagnostics(uri, 'navigation doc')).diagnostics.map((d) => `${d.code}@${d.range.start.line}`).sort(),
      );
      await client.close(check.uri);
    });

    test('rename of a stage in a `framework: custom` playbook renames the stage and its references', async () => {
      const customUri = fresh('custom-rename');
      await client.open(customUri, CUSTOM_TEXT);
      try {
        const pos = posIn(CUSTOM_TEXT, 'stage: steward', 'steward', 2);
        const prep = await client.request<PrepareRenameResult>('textDocument/prepareRename', { textDocument: { uri: customUri }, position: pos });
        assert.deepStrictEqual(prep, { range: rangeIn(CUSTOM_TEXT, 'stage: steward', 'steward', 2), placeholder: 'steward' });
        const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: customUri }, position: pos, newName: 'stewardship' });
        const renamed = applyEdits(CUSTOM_TEXT, editsFor(edit, customUri));
        const expected = CUSTOM_TEXT.replace(/^(\s*(?:- id|stage): )steward$/gm, '$1stewardship');
        assert.notStrictEqual(expected, CUSTOM_TEXT);
        assert.strictEqual(renamed, expected);
      } finally {
        await client.close(customUri);
      }
    });

    test('rename: an invalid or taken new name is an error response', async () => {
      const pos = at(posIn(GAPS_TEXT, 'owner: csm-team', 'csm-team', 1));
      for (const bad of ['Success_Team', 'success team', '-team', '', 'team-']) {
        const err = await expectResponseError(client.request('textDocument/rename', { ...pos, newName: bad }), `rename to ${JSON.stringify(bad)}`);
        assert.ok(err.message.length > 0);
      }
      const taken = await expectResponseError(client.request('textDocument/rename', { ...pos, newName: 'support-team' }), 'rename to an existing owner id');
      assert.match(taken.message, /support-team/);
      await expectResponseError(client.request('textDocument/rename', { ...at(posIn(GAPS_TEXT, 'stage: renew', 'renew')), newName: 'renewal' }), 'rename of a built-in stage');
    });
  });

  // -------------------------------------------------------------------------
  suite('symbols, folding, code lenses', () => {
    let uri: string;
    suiteSetup(async () => {
      uri = fresh('symbols');
      await client.open(uri, GAPS_TEXT);
    });
    suiteTeardown(() => client.close(uri));

    const GAPS_IDS: Record<string, string[]> = {
      stages: ['land', 'onboarding', 'expand'],
      owners: ['csm-team', 'support-team', 'onboarding-bot', 'sales-engineer'],
      segments: ['enterprise', 'mid-market', 'self-serve', 'pilot-customers', 'partners'],
      triggers: ['contract-signed', 'low-health', 'no-admin-login', 'renewal-date', 'nps-detractor', 'weekly-digest'],
      touchpoints: [
        'welcome-email',
        'kickoff-call',
        'admin-training',
        'in-app-tours',
        'usage-digest',
        'health-alert-email',
        'no-login-nudge',
        'office-hours-webinar',
        'renewal-reminder',
        'renewal-reminder',
        'renewal-call',
        'renewal-qbr',
        'exec-save-call',
      ],
      kpis: ['time-to-go-live', 'gross-churn', 'relationship-nps', 'expansion-arr', 'onboarding-csat'],
    };
    // The outline's kinds (server/src/lsp/symbols.ts): the playbook a file, lists arrays, stages enum members,
    // owners operators, segments classes, triggers events, touchpoints methods, KPIs numbers.
    const CHILD_KIND: Record<string, number> = { stages: SymbolKind.EnumMember, owners: SymbolKind.Operator, segments: SymbolKind.Class, triggers: SymbolKind.Event, touchpoints: SymbolKind.Method, kpis: SymbolKind.Number };

    test('documentSymbol: the playbook, then one group per list, entries named by id, with exact ranges', async () => {
      const [playbook, ...symbols] = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
      assert.deepStrictEqual(
        { name: playbook.name, detail: playbook.detail, kind: playbook.kind, range: playbook.range, selectionRange: playbook.selectionRange, children: playbook.children },
        {
          name: 'brightdesk-cs-draft',
          detail: 'Brightdesk — CS coverage draft (with mistakes)',
          kind: SymbolKind.File,
          range: rangeIn(GAPS_TEXT, 'playbook: brightdesk-cs-draft', 'playbook: brightdesk-cs-draft'),
          selectionRange: rangeIn(GAPS_TEXT, 'playbook: brightdesk-cs-draft', 'brightdesk-cs-draft'),
          children: [],
        },
      );
      assert.deepStrictEqual(
        symbols.map((s) => s.name),
        Object.keys(GAPS_IDS),
      );
      const contains = (outer: Range, inner: Range) =>
        (outer.start.line < inner.start.line || (outer.start.line === inner.start.line && outer.start.character <= inner.start.character)) &&
        (outer.end.line > inner.end.line || (outer.end.line === inner.end.line && outer.end.character >= inner.end.character));
      for (const group of symbols) {
        assert.ok('children' in group, 'hierarchical symbols');
        assert.strictEqual(group.kind, SymbolKind.Array);
        assert.deepStrictEqual(group.selectionRange, rangeAt(GAPS_TEXT, offsetOf(GAPS_TEXT, `\n${group.name}:`) + 1, group.name.length));
        assert.deepStrictEqual(
          group.children!.map((c) => c.name),
          GAPS_IDS[group.name],
          `children of ${group.name}`,
        );
        const seen = new Map<string, number>();
        for (const child of group.children!) {
          const nth = seen.get(child.name) ?? 0;
          seen.set(child.name, nth + 1);
          assert.strictEqual(child.kind, CHILD_KIND[group.name], `${group.name}/${child.name} kind`);
          assert.deepStrictEqual(child.selectionRange, declRange(GAPS_TEXT, child.name, nth), `${child.name} selection`);
          assert.deepStrictEqual(child.range.start, { line: declRange(GAPS_TEXT, child.name, nth).start.line, character: declRange(GAPS_TEXT, child.name, nth).start.character - 'id: '.length }, `${child.name} range starts at the entry`);
          assert.ok(contains(child.range, child.selectionRange), `${child.name}: range contains selectionRange`);
          assert.ok(contains(group.range, child.range), `${group.name} contains ${child.name}`);
        }
      }
      const kickoff = symbols.find((s) => s.name === 'touchpoints')!.children!.find((c) => c.name === 'kickoff-call')!;
      const lastLine = lineOf(GAPS_TEXT, '    emotion: 2');
      assert.ok(
        [JSON.stringify({ line: lastLine, character: '    emotion: 2'.length }), JSON.stringify({ line: lastLine + 1, character: 0 })].includes(JSON.stringify(kickoff.range.end)),
        `kickoff-call ends with its last line: ${JSON.stringify(kickoff.range.end)}`,
      );
    });

    test('workspace/symbol: matching entries across the workspace files', async () => {
      const found = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'csm-team' });
      const csm = found.filter((s) => s.name === 'csm-team');
      const expectedRange = declRange(GAPS_TEXT, 'csm-team');
      for (const file of [path.join(ws.samples, 'gaps.playbook.yaml'), path.join(ws.rcCase, 'gaps.playbook.yaml')]) {
        assert.ok(
          csm.some((s) => s.location.uri === uriOf(file) && JSON.stringify(s.location.range) === JSON.stringify(expectedRange) && s.kind === SymbolKind.Operator && s.containerName === 'owners'),
          `csm-team in ${path.relative(ws.root, file)}: ${JSON.stringify(csm)}`,
        );
      }
      const enterprise = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'enterprise' });
      const files = new Set(enterprise.map((s) => s.location.uri));
      assert.ok(files.size >= 3, `enterprise symbols in ${files.size} files`);
      const laerUri = uriOf(path.join(ws.samples, 'laer.playbook.yaml'));
      assert.ok(
        enterprise.some((s) => s.name === 'enterprise' && s.location.uri === laerUri && s.kind === SymbolKind.Class && JSON.stringify(s.location.range) === JSON.stringify(declRange(LAER_TEXT, 'enterprise'))),
        'laer.playbook.yaml segment enterprise',
      );
      for (const s of enterprise) {
        let i = 0;
        for (const ch of s.name.toLowerCase()) if (ch === 'enterprise'[i]) i++;
        assert.strictEqual(i, 'enterprise'.length, `${s.name} does not match the query`);
      }
      assert.ok(!enterprise.some((s) => s.location.uri === uriOf(ws.excluded)), 'excluded files are not indexed');
      // The playbook itself, by its id.
      const playbooks = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'brightdesk-cs-draft' });
      const gapsUri = uriOf(path.join(ws.samples, 'gaps.playbook.yaml'));
      assert.deepStrictEqual(
        playbooks.filter((s) => s.location.uri === gapsUri).map((s) => ({ name: s.name, kind: s.kind, containerName: s.containerName, range: s.location.range })),
        [{ name: 'brightdesk-cs-draft', kind: SymbolKind.File, containerName: undefined, range: rangeIn(GAPS_TEXT, 'playbook: brightdesk-cs-draft', 'brightdesk-cs-draft') }],
      );
    });

    test('foldingRange: top-level lists and multi-line entries', async () => {
      const ranges = await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri } });
      const pairs = new Set(ranges.map((r) => `${r.startLine}-${r.endLine}`));
      const topKeys = ['stages', 'owners', 'segments', 'triggers', 'touchpoints', 'kpis'];
      const lines = GAPS_TEXT.split('\n');
      topKeys.forEach((k) => {
        const start = lineOf(GAPS_TEXT, `\n${k}:`) + 1;
        let next = lines.length;
        for (let l = start + 1; l < lines.length; l++) if (/^[a-z]/.test(lines[l])) { next = l; break; }
        const end = lastContentLine(GAPS_TEXT, next);
        assert.ok(pairs.has(`${start}-${end}`), `${k}: expected fold ${start}-${end}, got ${[...pairs].join(' ')}`);
      });
      const entry = (id: string, last: string) => `${lineOf(GAPS_TEXT, `- id: ${id}`)}-${lineOf(GAPS_TEXT, last, 0)}`;
      assert.ok(pairs.has(entry('kickoff-call', '    emotion: 2')), 'kickoff-call entry');
      assert.ok(pairs.has(entry('csm-team', '    hoursPerWeek: 8')), 'csm-team entry');
      const descStart = lineOf(GAPS_TEXT, 'description: |');
      for (const r of ranges) {
        assert.ok(r.endLine > r.startLine, `a fold spans several lines: ${JSON.stringify(r)}`);
        assert.ok(r.endLine < lines.length);
      }
      assert.ok(ranges.every((r) => r.startLine !== descStart || r.endLine === descStart + 2), 'the description block folds to its last line if at all');
    });

    test('codeLens: per listed stage on its id; the framework\'s unlisted stages on the `framework:` line, one named lens each', async () => {
      const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
      const fwLine = rangeIn(GAPS_TEXT, 'framework: laer', 'framework: laer');
      assert.deepStrictEqual(
        lenses.map((l) => ({ range: l.range, title: l.command?.title })),
        [
          // LAER's adopt and renew are not in `stages`: on the framework line, in lifecycle order, named.
          { range: fwLine, title: 'Adopt: 5 touchpoints · 2 segments uncovered' },
          { range: fwLine, title: 'Renew: 5 touchpoints · 3 segments uncovered' },
          { range: declRange(GAPS_TEXT, 'land'), title: '3 touchpoints · 1 segment uncovered' },
          { range: declRange(GAPS_TEXT, 'expand'), title: '0 touchpoints · 5 segments uncovered' },
        ],
      );
      // A framework playbook that lists no stage: every stage on the framework line, in order.
      const aidaText = fs.readFileSync(path.join(SAMPLES, 'aida.playbook.yaml'), 'utf8');
      const bareUri = fresh('framework-lens');
      const bare = aidaText.replace(/^stages:\n(?:[ #].*\n|\n)*/m, '');
      assert.ok(!/^stages:/m.test(bare), 'the fixture lists no stage');
      await client.open(bareUri, bare);
      try {
        const onFramework = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: bareUri } });
        const line = lineOf(bare, 'framework: aida');
        assert.deepStrictEqual(onFramework.map((l) => l.range.start.line), [line, line, line, line]);
        assert.deepStrictEqual(
          onFramework.map((l) => /^([A-Z][a-z]+): \d+ touchpoints? · (\d+ segments? uncovered|all segments covered)$/.exec(l.command?.title ?? '')?.[1]),
          ['Awareness', 'Interest', 'Desire', 'Action'],
        );
      } finally {
        await client.close(bareUri);
      }
      // a clean custom playbook: one lens per listed stage
      const customUri = fresh('custom-lens');
      await client.open(customUri, CUSTOM_TEXT);
      try {
        const custom = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: customUri } });
        assert.deepStrictEqual(
          custom.map((l) => l.range),
          ['welcome', 'connect', 'give', 'steward', 'legacy'].map((s) => declRange(CUSTOM_TEXT, s)),
        );
        for (const l of custom) assert.match(l.command?.title ?? '', /^\d+ touchpoints? · (\d+ segments? uncovered|all segments covered)$/);
      } finally {
        await client.close(customUri);
      }
    });
  });

  // -------------------------------------------------------------------------
  suite('code actions', () => {
    const actionsFor = (uri: string, range: Range, diagnostics: Diagnostic[], only?: string[]) =>
      client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, only, triggerKind: 1 } });

    /** Applies an action's edit to the document, sends it, and returns the new state. */
    const apply = async (doc: OpenDoc, action: CodeAction) => {
      const text = applyEdits(doc.text, editsFor(action.edit, doc.uri));
      return client.change(doc, text);
    };

    const one = (doc: OpenDoc, code: string) => {
      const list = doc.diagnostics.filter((d) => d.code === code);
      assert.strictEqual(list.length, 1, `one ${code} diagnostic`);
      return list[0];
    };

    /** Findings as "rule: message" (positions move when lines are inserted). */
    const findingKeys = (ds: Diagnostic[]) => ds.map((d) => `${d.code}: ${d.message}`).sort();

    test('unknown reference: "Change to `csm-team`" replaces the value; the finding goes, every comment stays', async () => {
      const doc = await client.open(fresh('fix-unknown'), GAPS_TEXT);
      const d = one(doc, 'unknown-reference');
      const actions = await actionsFor(doc.uri, d.range, [d]);
      const fix = actions.find((a) => a.title === 'Change to `csm-team`');
      assert.ok(fix, `actions: ${actions.map((a) => a.title).join(' | ')}`);
      assert.strictEqual(fix.kind, 'quickfix');
      assert.strictEqual(fix.isPreferred, true);
      assert.deepStrictEqual(fix.diagnostics, [d]);
      assert.deepStrictEqual(editsFor(fix.edit, doc.uri), [{ range: d.range, newText: 'csm-team' }]);
      assert.ok(actions.some((a) => a.title === 'Disable unknown-reference for this line'), 'the disable-for-line fix is offered too');
      const after = await apply(doc, fix);
      assert.strictEqual(after.text, GAPS_TEXT.replace('owner: csm-tem ', 'owner: csm-team '));
      assert.ok(!after.diagnostics.some((x) => x.code === 'unknown-reference'), 'unknown-reference is gone');
      assert.deepStrictEqual(findingKeys(after.diagnostics), findingKeys(doc.diagnostics.filter((x) => x !== d)));
      assert.deepStrictEqual(comments(after.text), comments(GAPS_TEXT));
      await client.close(doc.uri);
    });

    test('kpi-direction: "Set direction to `decrease`"', async () => {
      const doc = await client.open(fresh('fix-direction'), GAPS_TEXT);
      const d = one(doc, 'kpi-direction');
      assert.deepStrictEqual(d.range, rangeIn(GAPS_TEXT, 'direction: increase             #', 'increase'));
      const actions = await actionsFor(doc.uri, d.range, [d], ['quickfix']);
      const fix = actions.find((a) => a.title === 'Set direction to `decrease`');
      assert.ok(fix, `actions: ${actions.map((a) => a.title).join(' | ')}`);
      assert.ok(actions.every((a) => a.kind === 'quickfix'), 'only quick fixes when only=[quickfix]');
      assert.deepStrictEqual(editsFor(fix.edit, doc.uri), [{ range: d.range, newText: 'decrease' }]);
      const after = await apply(doc, fix);
      assert.ok(!after.diagnostics.some((x) => x.code === 'kpi-direction'));
      assert.deepStrictEqual(findingKeys(after.diagnostics), findingKeys(doc.diagnostics.filter((x) => x !== d)));
      assert.deepStrictEqual(comments(after.text), comments(GAPS_TEXT));
      await client.close(doc.uri);
    });

    test('"Add a touchpoint" and "Add a `target`": a plain edit any client applies, and the same insertion as a snippet in `data`; its placeholders are flagged until filled in', async () => {
      let doc = await client.open(fresh('fix-snippet'), GAPS_TEXT);
      try {
        for (const [code, title] of [['coverage-gap', /^Add a touchpoint for segment `[^`]+` in stage `[^`]+`$/], ['kpi-without-target', /^Add a `target`$/]] as const) {
          const d = doc.diagnostics.find((x) => x.code === code)!;
          assert.ok(d, `a ${code} diagnostic`);
          const actions = await actionsFor(doc.uri, d.range, [d], ['quickfix']);
          const fix = actions.find((a) => title.test(a.title));
          assert.ok(fix, `actions: ${actions.map((a) => a.title).join(' | ')}`);
          const [edit] = editsFor(fix.edit, doc.uri);
          const data = (fix as { data?: { snippet?: { line: number; character: number; text: string } } }).data;
          assert.ok(data?.snippet, 'the snippet in data');
          assert.deepStrictEqual({ line: data.snippet.line, character: data.snippet.character }, edit.range.start);
          assert.match(data.snippet.text, /\$\{1[:|]/);
          assert.match(edit.newText, /\bTODO\b/);
          const after = await apply(doc, fix);
          assert.ok(after.diagnostics.some((x) => x.code === 'schema' && /TODO/.test(x.message)), `the TODO is flagged: ${after.diagnostics.map((x) => x.message).join(' / ')}`);
          doc = await client.change(after, GAPS_TEXT);
        }
      } finally {
        await client.close(doc.uri);
      }
    });

    test('"Disable <rule> for this line" inserts an indented suppression comment above the line', async () => {
      for (const [code, lineNeedle] of [
        ['kpi-direction', '    direction: increase             #'],
        ['kpi-unmeasured', '  - id: onboarding-csat'],
        ['owner-over-capacity', '    capacity: 20'],
      ] as const) {
        const doc = await client.open(fresh(`fix-disable-${code}`), GAPS_TEXT);
        const d = one(doc, code);
        const line = lineOf(GAPS_TEXT, lineNeedle);
        assert.strictEqual(d.range.start.line, line);
        const actions = await actionsFor(doc.uri, d.range, [d]);
        const fix = actions.find((a) => a.title === `Disable ${code} for this line`);
        assert.ok(fix, `actions: ${actions.map((a) => a.title).join(' | ')}`);
        assert.strictEqual(fix.kind, 'quickfix');
        const indent = /^\s*/.exec(GAPS_TEXT.split('\n')[line])![0];
        assert.deepStrictEqual(editsFor(fix.edit, doc.uri), [
          { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${indent}# playbook-disable-next-line ${code} -- <reason>\n` },
        ]);
        const after = await apply(doc, fix);
        assert.ok(!after.diagnostics.some((x) => x.code === code && x.range.start.line === line + 1), `${code} is silenced`);
        assert.ok(!after.diagnostics.some((x) => x.code === 'unused-suppression' && x.range.start.line === line), 'the new suppression is used');
        assert.deepStrictEqual(findingKeys(after.diagnostics), findingKeys(doc.diagnostics.filter((x) => x !== d)));
        const expectedComments = comments(GAPS_TEXT);
        const before = comments(GAPS_TEXT.split('\n').slice(0, line).join('\n')).length;
        expectedComments.splice(before, 0, `# playbook-disable-next-line ${code} -- <reason>`);
        assert.deepStrictEqual(comments(after.text), expectedComments);
        await client.close(doc.uri);
      }
    });

    test('"Disable <rule> for this line" adds the rule to a suppression comment already above the line', async () => {
      const line = lineOf(GAPS_TEXT, '    direction: increase             #');
      const lines = GAPS_TEXT.split('\n');
      lines.splice(line, 0, '    # playbook-disable-next-line kpi-unmeasured -- reviewed with CS ops');
      const text = lines.join('\n');
      const doc = await client.open(fresh('fix-disable-merge'), text);
      const d = one(doc, 'kpi-direction');
      assert.strictEqual(d.range.start.line, line + 1);
      const actions = await actionsFor(doc.uri, d.range, [d]);
      const fix = actions.find((a) => a.title === 'Disable kpi-direction for this line');
      assert.ok(fix, actions.map((a) => a.title).join(' | '));
      const after = await apply(doc, fix);
      assert.strictEqual(after.text.split('\n')[line], '    # playbook-disable-next-line kpi-unmeasured, kpi-direction -- reviewed with CS ops');
      assert.strictEqual(after.text.split('\n').length, lines.length, 'no new line');
      assert.ok(!after.diagnostics.some((x) => x.code === 'kpi-direction'));
      await client.close(doc.uri);
    });

    test('quick fixes in a CRLF document keep CRLF line ends', async () => {
      const text = GAPS_TEXT.replace(/\n/g, '\r\n');
      const doc = await client.open(fresh('fix-crlf'), text);
      const d = one(doc, 'kpi-unmeasured');
      const actions = await actionsFor(doc.uri, d.range, [d]);
      const fix = actions.find((a) => a.title === 'Disable kpi-unmeasured for this line');
      assert.ok(fix);
      assert.deepStrictEqual(editsFor(fix.edit, doc.uri)[0].newText, '  # playbook-disable-next-line kpi-unmeasured -- <reason>\r\n');
      const all = await actionsFor(doc.uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source.fixAll.playbook']);
      const after = await apply(doc, all[0]);
      assert.ok(!/[^\r]\n/.test(after.text), 'every line still ends in CRLF');
      assert.ok(!after.diagnostics.some((x) => x.code === 'unknown-reference' || x.code === 'kpi-direction' || x.code === 'unused-suppression'));
      await client.close(doc.uri);
    });

    test('no quick fix is offered for a diagnostic the server did not publish', async () => {
      const doc = await client.open(fresh('fix-foreign'), GAPS_TEXT);
      const d = one(doc, 'unknown-reference');
      const foreign: Diagnostic = { ...d, source: 'yaml', message: 'something else' };
      const actions = await actionsFor(doc.uri, d.range, [foreign], ['quickfix']);
      assert.deepStrictEqual(actions, []);
      await client.close(doc.uri);
    });

    test('source.fixAll.playbook applies every safe fix at once, comments survive', async () => {
      const doc = await client.open(fresh('fix-all'), GAPS_TEXT);
      const actions = await actionsFor(doc.uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source.fixAll.playbook']);
      assert.strictEqual(actions.length, 1, `actions: ${actions.map((a) => `${a.kind}: ${a.title}`).join(' | ')}`);
      const fixAll = actions[0];
      assert.strictEqual(fixAll.kind, 'source.fixAll.playbook');
      const fixedByKind = ['unknown-reference', 'kpi-direction', 'unused-suppression'];
      const suppression = GAPS_TEXT.split('\n').find((l) => l.includes('playbook-disable-next-line touch-mismatch'))!;
      const expected = GAPS_TEXT.replace('owner: csm-tem ', 'owner: csm-team ').replace('direction: increase             #', 'direction: decrease             #').replace(`${suppression}\n`, '');
      const after = await apply(doc, fixAll);
      assert.strictEqual(after.text, expected);
      for (const code of fixedByKind) assert.ok(!after.diagnostics.some((x) => x.code === code), `${code} is fixed`);
      assert.deepStrictEqual(findingKeys(after.diagnostics), findingKeys(doc.diagnostics.filter((x) => !fixedByKind.includes(String(x.code)))));
      // Every comment survives except the unused suppression that was the finding.
      assert.deepStrictEqual(comments(after.text), comments(GAPS_TEXT).filter((c) => c !== suppression.trim()));
      // Nothing left to fix: no fix-all action any more.
      const again = await actionsFor(after.uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source.fixAll.playbook']);
      assert.deepStrictEqual(again, []);
      await client.close(doc.uri);
    });
  });

  // -------------------------------------------------------------------------
  suite('playbook/journey', () => {
    test('returns the journey with the framework stages in order', async () => {
      const doc = await client.open(fresh('journey'), GAPS_TEXT);
      try {
        const r = await client.request<{ uri: string; version: number | null; journey?: { stages: { id: string; order: number }[]; playbook: { framework?: { id: string } } }; syntaxErrors: unknown[] }>(
          'playbook/journey',
          { uri: doc.uri },
        );
        assert.strictEqual(r.uri, doc.uri);
        assert.strictEqual(r.version, 1);
        assert.deepStrictEqual(r.syntaxErrors, []);
        assert.ok(r.journey, 'a journey for a parsing playbook');
        assert.deepStrictEqual(r.journey.stages.map((s) => s.id), LAER_STAGES, 'laer stages in order; the ignored `onboarding` entry is not a stage');
        assert.deepStrictEqual(r.journey.stages.map((s) => s.order), [0, 1, 2, 3]);
        assert.strictEqual(r.journey.playbook.framework?.id, 'laer');
      } finally {
        await client.close(doc.uri);
      }
      const custom = await client.open(fresh('journey-custom'), CUSTOM_TEXT);
      try {
        const r = await client.request<{ journey?: { stages: { id: string }[] } }>('playbook/journey', { uri: custom.uri });
        assert.deepStrictEqual(r.journey?.stages.map((s) => s.id), ['welcome', 'connect', 'give', 'steward', 'legacy']);
      } finally {
        await client.close(custom.uri);
      }
    });

    test('a document with a syntax error: no journey, the syntax errors', async () => {
      const doc = await client.open(fresh('journey-syntax'), 'playbook: x\ntitle: [unclosed\n');
      try {
        const r = await client.request<{ version: number | null; journey?: unknown; syntaxErrors: { message: string; line: number; character: number }[] }>('playbook/journey', { uri: doc.uri });
        assert.strictEqual(r.version, 1);
        assert.strictEqual(r.journey, undefined);
        assert.ok(r.syntaxErrors.length > 0);
        assert.ok(doc.diagnostics.some((d) => d.code === 'syntax'));
      } finally {
        await client.close(doc.uri);
      }
    });
  });

  // -------------------------------------------------------------------------
  suite('formatting', () => {
    const commentLines = (t: string) => t.split(/\r?\n/).filter((l) => l.trimStart().startsWith('#')).map((l) => l.trim());
    const opts = { tabSize: 2, insertSpaces: true };

    test('a 4-space playbook with keys out of order: 2-space indentation, id first, every comment kept, the same findings', async () => {
      // GAPS_TEXT with 4-space indentation (the formatter's own 4-space output), and each entry's `id` moved after its name.
      const four = formatPlaybook(GAPS_TEXT, { indent: 4 });
      assert.ok('text' in four, JSON.stringify(four));
      const wide = four.text;
      // (Not under a `playbook-disable-next-line` comment: formatting refuses to move the line a suppression names.)
      const shuffled = wide.replace(/^(.*)\n( *)- id: (\S+)\n( *)(name: .*)$/gm, (all, prev: string, dash: string, id: string, pad: string, next: string) =>
        prev.includes('playbook-disable-next-line') ? all : `${prev}\n${dash}- ${next}\n${pad}id: ${id}`,
      );
      assert.notStrictEqual(shuffled, wide, 'the test moved some ids');
      const doc = await client.open(fresh('format'), shuffled);
      try {
        const edits = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri: doc.uri }, options: opts });
        assert.ok(edits.length > 0);
        const formatted = applyEdits(shuffled, edits);
        assert.deepStrictEqual(commentLines(formatted), commentLines(shuffled), 'every comment, in order');
        assert.ok(!/^( {4})+- /m.test(formatted.replace(/^ {2}- .*$/gm, '')), 'no 4-space list under a top-level key');
        assert.match(formatted, /^ {2}- id: /m);
        assert.doesNotMatch(formatted, /^ {2}- name: .*\n {4}id: /m, 'id first in each entry');
        const after = await client.change(doc, formatted);
        const codes = (ds: { code?: unknown; message: string }[]) => ds.map((d) => `${String(d.code)}: ${d.message}`).sort();
        // The same findings as the playbook before it was shuffled (the shuffle itself moved ids off the
        // lines a `disable-next-line` comment names; formatting puts them back).
        const original = analyzePlaybook(GAPS_TEXT).findings.map((f) => `${f.ruleId}: ${f.message}`).sort();
        assert.deepStrictEqual(codes(after.diagnostics), original, 'the formatted text has the findings of the original');
        const again = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri: doc.uri }, options: opts });
        assert.deepStrictEqual(again, [], 'formatting is idempotent');
      } finally {
        await client.close(doc.uri);
      }
    });

    test('a playbook that does not parse is left alone (no edit), as is a clean formatted one', async () => {
      const broken = await client.open(fresh('format-broken'), 'playbook: x\nstages:\n    - id: a\n  title: [unclosed\n');
      try {
        assert.deepStrictEqual(await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri: broken.uri }, options: opts }), []);
      } finally {
        await client.close(broken.uri);
      }
      const clean = await client.open(fresh('format-clean'), LAER_TEXT);
      try {
        const edits = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri: clean.uri }, options: opts });
        const once = applyEdits(LAER_TEXT, edits);
        assert.deepStrictEqual(commentLines(once), commentLines(LAER_TEXT));
        const after = await client.change(clean, once);
        assert.deepStrictEqual(await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri: after.uri }, options: opts }), [], 'nothing left to do');
      } finally {
        await client.close(clean.uri);
      }
    });
  });

  // -------------------------------------------------------------------------
  suite('playbook/export, playbook/frameworks, playbook/scaffold (what the extension asks instead of importing core)', () => {
    test('exports an open playbook as HTML, SVG and Mermaid; says why when it cannot', async () => {
      const doc = await client.open(fresh('export'), GAPS_TEXT);
      try {
        const html = await client.request<{ content?: string; error?: string }>('playbook/export', { uri: doc.uri, format: 'html' });
        assert.ok(html.content?.startsWith('<!DOCTYPE html>') && html.content.includes("default-src 'none'") && !/<script/i.test(html.content), html.error);
        const svg = await client.request<{ content?: string }>('playbook/export', { uri: doc.uri, format: 'svg' });
        assert.ok(svg.content?.includes('<svg xmlns="http://www.w3.org/2000/svg"'));
        const mermaid = await client.request<{ content?: string }>('playbook/export', { uri: doc.uri, format: 'mermaid' });
        assert.ok(mermaid.content?.startsWith('journey\n'));
        const bad = await client.request<{ content?: string; error?: string }>('playbook/export', { uri: doc.uri, format: 'pdf' });
        assert.match(bad.error ?? '', /unknown export format "pdf"/);
        const proto = await client.request<{ content?: string; error?: string }>('playbook/export', { uri: doc.uri, format: '__proto__' });
        assert.match(proto.error ?? '', /unknown export format/);
      } finally {
        await client.close(doc.uri);
      }
      const broken = await client.open(fresh('export-syntax'), 'playbook: x\ntitle: [unclosed\n');
      try {
        const r = await client.request<{ content?: string; error?: string }>('playbook/export', { uri: broken.uri, format: 'svg' });
        assert.strictEqual(r.content, undefined);
        assert.match(r.error ?? '', /does not parse/);
      } finally {
        await client.close(broken.uri);
      }
      const closed = await client.request<{ error?: string }>('playbook/export', { uri: fresh('never-opened'), format: 'svg' });
      assert.match(closed.error ?? '', /not open/);
    });

    test('lists every framework with its display name, and scaffolds one that analyses clean', async () => {
      const frameworks = await client.request<{ id: string; name: string; summary: string; stages: string[] }[]>('playbook/frameworks');
      assert.ok(frameworks.length >= 9);
      assert.deepStrictEqual(frameworks.find((f) => f.id === 'race'), { id: 'race', name: 'RACE', summary: frameworks.find((f) => f.id === 'race')!.summary, stages: ['reach', 'act', 'convert', 'engage'] });
      for (const f of frameworks) {
        const s = await client.request<{ text: string; playbookId: string }>('playbook/scaffold', { framework: f.id, name: 'Acme Onboarding' });
        assert.strictEqual(s.playbookId, 'acme-onboarding');
        const doc = await client.open(fresh(`scaffold-${f.id}`), s.text);
        try {
          assert.deepStrictEqual(doc.diagnostics.map((d) => d.code), [], f.id);
        } finally {
          await client.close(doc.uri);
        }
      }
    });
  });

  // -------------------------------------------------------------------------
  suite('shutdown', () => {
    test('shutdown then exit: the process ends with exit code 0', async () => {
      const r = await client.shutdown();
      assert.strictEqual(r.shutdownResult, null);
      assert.strictEqual(r.signal, null, `the server was killed by ${r.signal}`);
      assert.strictEqual(r.code, 0, `exit code; stderr:\n${client.stderr}`);
    });
  });
});

// ---------------------------------------------------------------------------
// Servers of their own: configuration files, URI spellings, dynamic registration.

/** Resolves once the server's workspace validation has ended ($/progress end). */
function workspaceValidated(c: LspClient): Promise<LoggedEvent> {
  return c.waitFor('the workspace validation ($/progress end)', () => c.events.find((e) => e.method === '$/progress' && (e.params as { value?: { kind?: string } }).value?.kind === 'end'));
}

/** The diagnostics a client shows for a URI now: those of the last publish for it (undefined: never published). */
function shownFor(c: LspClient, uri: string): Diagnostic[] | undefined {
  return c.publishes(uri).at(-1)?.diagnostics;
}

/** A temporary workspace folder (its real path) with these files. */
function makeFolder(prefix: string, files: Record<string, string>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

/** What a configuration problem looks like as a diagnostic on the configuration file. */
const asDiagnostic = (p: ConfigProblem) => ({ line: p.line - 1, character: p.column - 1, severity: SEVERITY.error, source: 'playbook', message: p.message });
const configShape = (list: Diagnostic[]) => list.map((d) => ({ line: d.range.start.line, character: d.range.start.character, severity: d.severity, source: d.source, message: d.message }));

/** The error the server puts on the first line of a playbook whose configuration has a problem (configs.ts). */
function bannerFor(shown: string, first: ConfigProblem): string {
  return `invalid configuration ${shown}:${first.line}:${first.column}: ${first.message} (none of its settings apply, so this playbook is checked with the default rule settings until it is fixed)`;
}

suite('Configuration files (.playbookrc.yaml): the editor says what the CLI says', () => {
  const GOOD_RC = 'rules:\n  coverage-gap: off\n';
  const PARTIAL = BROKEN_CONFIGS[0]; // `coverage-gap: loud` next to a valid `kpi-unmeasured: off`
  let root = '';
  let client: LspClient;
  const at = (rel: string) => path.join(root, rel);
  const uri = (rel: string) => uriOf(at(rel));

  suiteSetup(async () => {
    assert.ok(PARTIAL.text.includes('kpi-unmeasured: off'), 'the first broken config also has a valid entry');
    const files: Record<string, string> = {
      'plain/gaps.playbook.yaml': GAPS_TEXT,
      'broken/.playbookrc.yaml': PARTIAL.text,
      'broken/gaps.playbook.yaml': GAPS_TEXT,
      'good/.playbookrc.yaml': GOOD_RC,
      'good/gaps.playbook.yaml': GAPS_TEXT,
    };
    BROKEN_CONFIGS.forEach((c, i) => {
      files[`cases/${i}/.playbookrc.yaml`] = c.text;
      files[`cases/${i}/laer.playbook.yaml`] = LAER_TEXT;
    });
    root = makeFolder('playbook-lsp-rc-', files);
    client = LspClient.start(root);
    await client.initialize([root], root);
    await workspaceValidated(client);
  });
  suiteTeardown(() => {
    client?.dispose();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  test('a broken .playbookrc.yaml on disk: every problem on the file itself, with the texts the CLI prints', async () => {
    for (const [i, broken] of BROKEN_CONFIGS.entries()) {
      const rc = uri(`cases/${i}/.playbookrc.yaml`);
      const p = await client.waitForDiagnostics(rc, `workspace scan of case ${i}`, (x) => x.diagnostics.length > 0);
      assert.deepStrictEqual(configShape(p.diagnostics), broken.problems.map(asDiagnostic), broken.name);
      // The CLI in that folder: exit 2, its line is the first of these diagnostics.
      const cli = spawnSync(process.execPath, [CLI, 'validate'], { cwd: at(`cases/${i}`), encoding: 'utf8', timeout: 30000 });
      assert.strictEqual(cli.status, 2, cli.stderr);
      const first = p.diagnostics[0];
      assert.strictEqual(cli.stderr, `playbook: invalid configuration .playbookrc.yaml:${first.range.start.line + 1}:${first.range.start.character + 1}: ${first.message}\n`);
    }
    assert.deepStrictEqual(shownFor(client, uri('good/.playbookrc.yaml')), [], 'a valid configuration file is clean');
  });

  test('a playbook governed by a broken .playbookrc.yaml: the default rules (not even the valid entries apply), and one error on its first line naming the file and its first problem', async () => {
    const plain = await client.waitForDiagnostics(uri('plain/gaps.playbook.yaml'), 'no configuration');
    assert.deepStrictEqual(fromServer(plain.diagnostics), fromCli(cliFindings(at('plain/gaps.playbook.yaml'), at('plain')), uri('plain/gaps.playbook.yaml')));
    const check = (diagnostics: Diagnostic[], what: string) => {
      const [banner, ...rest] = diagnostics;
      assert.deepStrictEqual(
        { ...banner, relatedInformation: undefined },
        {
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: GAPS_TEXT.indexOf('\n') } },
          severity: SEVERITY.error,
          code: 'invalid-configuration',
          codeDescription: { href: 'https://github.com/engagement-playbooks/engagement-playbooks#turning-findings-down' },
          source: 'playbook',
          message: bannerFor('broken/.playbookrc.yaml', PARTIAL.problems[0]),
          relatedInformation: undefined,
        },
        what,
      );
      assert.deepStrictEqual(banner.relatedInformation, [
        { location: { uri: uri('broken/.playbookrc.yaml'), range: { start: asPosition(PARTIAL.problems[0]), end: { line: 2, character: 20 } } }, message: PARTIAL.problems[0].message },
      ]);
      assert.deepStrictEqual(fromServer(rest), fromCli(cliFindings(at('plain/gaps.playbook.yaml'), at('plain')), uri('broken/gaps.playbook.yaml')), `${what}: exactly the findings with no configuration`);
      assert.ok(rest.some((d) => d.code === 'kpi-unmeasured'), `${what}: kpi-unmeasured is not turned off by the broken file`);
    };
    const closed = await client.waitForDiagnostics(uri('broken/gaps.playbook.yaml'), 'workspace scan');
    check(closed.diagnostics, 'closed');
    const open = await client.open(uri('broken/gaps.playbook.yaml'), GAPS_TEXT);
    try {
      check(open.diagnostics, 'open');
    } finally {
      await client.close(open.uri);
    }
    // The CLI refuses the same file.
    const cli = spawnSync(process.execPath, [CLI, 'validate', 'gaps.playbook.yaml'], { cwd: at('broken'), encoding: 'utf8', timeout: 30000 });
    assert.strictEqual(cli.stderr, cliConfigError('.playbookrc.yaml', PARTIAL));
  });

  test('an open .playbookrc.yaml is checked as it is typed (its own language, not `playbook`); fixing it clears its diagnostics; the playbooks follow the file on disk', async () => {
    const rcUri = uri('good/.playbookrc.yaml');
    let since = client.mark();
    await client.notify('textDocument/didOpen', { textDocument: { uri: rcUri, languageId: 'yaml', version: 1, text: GOOD_RC } });
    let p = await client.waitForDiagnostics(rcUri, 'opened', (x) => x.version === 1, since);
    assert.deepStrictEqual(p.diagnostics, []);
    try {
      since = client.mark();
      await client.notify('textDocument/didChange', { textDocument: { uri: rcUri, version: 2 }, contentChanges: [{ text: BROKEN_CONFIGS[1].text }] });
      p = await client.waitForDiagnostics(rcUri, 'typed broken', (x) => x.version === 2, since);
      assert.deepStrictEqual(configShape(p.diagnostics), BROKEN_CONFIGS[1].problems.map(asDiagnostic));
      // Not a playbook: no playbook features on it.
      assert.strictEqual(await client.request('textDocument/hover', { textDocument: { uri: rcUri }, position: { line: 1, character: 3 } }), null);
      assert.strictEqual(await client.request('textDocument/documentSymbol', { textDocument: { uri: rcUri } }), null);
      assert.strictEqual(await client.request('textDocument/completion', { textDocument: { uri: rcUri }, position: { line: 1, character: 3 } }), null);
      // The playbooks it governs follow the saved file (what the CLI reads): still its rules, no error.
      since = client.mark();
      await client.request('playbook/validateWorkspace');
      const governed = await client.waitForDiagnostics(uri('good/gaps.playbook.yaml'), 'validateWorkspace', () => true, since);
      assert.deepStrictEqual(fromServer(governed.diagnostics), fromCli(cliFindings(at('good/gaps.playbook.yaml'), at('good')), uri('good/gaps.playbook.yaml')));
      since = client.mark();
      await client.notify('textDocument/didChange', { textDocument: { uri: rcUri, version: 3 }, contentChanges: [{ text: GOOD_RC }] });
      p = await client.waitForDiagnostics(rcUri, 'fixed', (x) => x.version === 3, since);
      assert.deepStrictEqual(p.diagnostics, [], 'fixed: cleared');
    } finally {
      since = client.mark();
      await client.close(rcUri);
    }
    p = await client.waitForDiagnostics(rcUri, 'closed: the file on disk', () => true, since);
    assert.deepStrictEqual(p.diagnostics, []);
  });

  test('fixed on disk (watched-file change): its diagnostics and the playbooks\' error go, its rules apply; broken again: back; deleted: cleared', async () => {
    const rcFile = at('broken/.playbookrc.yaml');
    const rcUri = uri('broken/.playbookrc.yaml');
    const gapsUri = uri('broken/gaps.playbook.yaml');
    const hasBanner = (x: PublishDiagnosticsParams) => x.diagnostics.some((d) => d.code === 'invalid-configuration');
    try {
      fs.writeFileSync(rcFile, 'rules:\n  coverage-gap: off\n  kpi-unmeasured: off\n');
      let since = client.mark();
      await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: rcUri, type: 2 }] });
      assert.deepStrictEqual((await client.waitForDiagnostics(rcUri, 'fixed on disk', () => true, since)).diagnostics, []);
      let p = await client.waitForDiagnostics(gapsUri, 'fixed on disk', () => true, since);
      assert.ok(!hasBanner(p), 'no error about the configuration');
      assert.deepStrictEqual(fromServer(p.diagnostics), fromCli(cliFindings(at('broken/gaps.playbook.yaml'), at('broken')), gapsUri), 'the rules of the fixed file apply, as in the CLI');
      assert.ok(!p.diagnostics.some((d) => d.code === 'kpi-unmeasured' || d.code === 'coverage-gap'));

      fs.writeFileSync(rcFile, PARTIAL.text);
      since = client.mark();
      await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: rcUri, type: 2 }] });
      assert.deepStrictEqual(configShape((await client.waitForDiagnostics(rcUri, 'broken again', () => true, since)).diagnostics), PARTIAL.problems.map(asDiagnostic));
      assert.ok(hasBanner(await client.waitForDiagnostics(gapsUri, 'broken again', () => true, since)));

      fs.rmSync(rcFile);
      since = client.mark();
      await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: rcUri, type: 3 }] });
      assert.deepStrictEqual((await client.waitForDiagnostics(rcUri, 'deleted', () => true, since)).diagnostics, []);
      p = await client.waitForDiagnostics(gapsUri, 'deleted', () => true, since);
      assert.ok(!hasBanner(p));
      assert.deepStrictEqual(fromServer(p.diagnostics), fromCli(cliFindings(at('broken/gaps.playbook.yaml'), at('broken')), gapsUri), 'no configuration: the default rules, as in the CLI');
    } finally {
      fs.writeFileSync(rcFile, PARTIAL.text);
      const since = client.mark();
      await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: rcUri, type: 1 }] });
      await client.waitForDiagnostics(rcUri, 'restored', (x) => x.diagnostics.length > 0, since);
    }
  });
});

function asPosition(p: ConfigProblem): Position {
  return { line: p.line - 1, character: p.column - 1 };
}

suite('Configuration files: an unreadable .playbookrc.yaml (chmod 000; as root, which reads it anyway, the server runs as `nobody`, and the test is skipped only when that is impossible)', () => {
  let root = '';
  let world: NobodyWorld | undefined;
  let client: LspClient | undefined;

  suiteSetup(function () {
    const files = { 'locked/.playbookrc.yaml': 'rules:\n  coverage-gap: off\n', 'locked/gaps.playbook.yaml': GAPS_TEXT };
    let as: Parameters<typeof LspClient.start>[1];
    if (canSwitchToNobody()) {
      try {
        world = makeNobodyWorld(SERVER, 'playbook-lsp-nobody-');
      } catch (err) {
        console.log(`      skipped: running as root, which reads a chmod 000 file, and the server cannot run as nobody: ${(err as Error).message}`);
        this.skip();
      }
      for (const [rel, text] of Object.entries(files)) world.write(rel, text);
      // The CLI beside the server, to compare the messages: its launcher and the bundle it loads.
      for (const [from, to] of [[CLI, 'playbook.js'], [CLI.replace(/\.js$/, '-bundle.js'), 'cli-bundle.js']]) {
        fs.copyFileSync(from, path.join(world.root, 'bin', to));
        fs.chmodSync(path.join(world.root, 'bin', to), 0o644);
      }
      root = fs.realpathSync(world.files);
      as = { node: world.node, server: world.cli, ...world.ids };
    } else {
      root = makeFolder('playbook-lsp-locked-', files);
    }
    fs.chmodSync(path.join(root, 'locked', '.playbookrc.yaml'), 0o000);
    if (!as) {
      let readable = true;
      try {
        fs.readFileSync(path.join(root, 'locked', '.playbookrc.yaml'));
      } catch {
        readable = false;
      }
      if (readable) {
        console.log('      skipped: this user reads a chmod 000 file anyway (a capability such as CAP_DAC_OVERRIDE) and is not root, so it cannot switch to nobody');
        this.skip();
      }
    }
    client = LspClient.start(root, as);
  });
  suiteTeardown(() => {
    client?.dispose();
    if (world) world.remove();
    else if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  test('one error at 0:0 with the I/O message the CLI prints; its playbooks get the default rules and an error naming it; readable again: both go', async () => {
    const c = client!;
    await c.initialize([root], root);
    const rcFile = path.join(root, 'locked', '.playbookrc.yaml');
    const rcUri = uriOf(rcFile);
    const gapsUri = uriOf(path.join(root, 'locked', 'gaps.playbook.yaml'));
    const p = await c.waitForDiagnostics(rcUri, 'workspace scan', (x) => x.diagnostics.length > 0);
    const message = `permission denied: ${rcFile}`;
    assert.deepStrictEqual(p.diagnostics, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: SEVERITY.error, source: 'playbook', message }]);
    if (world) {
      const cli = spawnSync(world.node, [path.join(world.root, 'bin', 'playbook.js'), 'validate'], { cwd: path.join(root, 'locked'), encoding: 'utf8', timeout: 30000, env: { ...process.env, NODE_OPTIONS: '', PLAYBOOK_CODE_CACHE: 'off' }, ...world.ids });
      assert.strictEqual(cli.stderr, `playbook: ${message}\n`, 'the CLI, as nobody, prints the same message');
    } else {
      const cli = spawnSync(process.execPath, [CLI, 'validate'], { cwd: path.join(root, 'locked'), encoding: 'utf8', timeout: 30000 });
      assert.strictEqual(cli.stderr, `playbook: ${message}\n`, 'the CLI prints the same message');
    }
    const gaps = await c.waitForDiagnostics(gapsUri, 'workspace scan');
    const [banner, ...rest] = gaps.diagnostics;
    assert.strictEqual(banner.code, 'invalid-configuration');
    assert.strictEqual(banner.message, `configuration locked/.playbookrc.yaml cannot be read: ${message} (none of its settings apply, so this playbook is checked with the default rule settings until it can be read)`);
    assert.deepStrictEqual(banner.range.start, { line: 0, character: 0 });
    assert.ok(rest.some((d) => d.code === 'coverage-gap'), 'coverage-gap is not turned off by the unreadable file');

    fs.chmodSync(rcFile, 0o644);
    const since = c.mark();
    await c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: rcUri, type: 2 }] });
    assert.deepStrictEqual((await c.waitForDiagnostics(rcUri, 'readable again', () => true, since)).diagnostics, []);
    const after = await c.waitForDiagnostics(gapsUri, 'readable again', () => true, since);
    assert.ok(!after.diagnostics.some((d) => d.code === 'invalid-configuration' || d.code === 'coverage-gap'), 'its rules apply now');
  });
});

suite('URIs: one file is one key and one set of diagnostics, on the client\'s spelling of its URI', () => {
  let root = '';
  let client: LspClient;
  const FOLDER = 'team+ops (eu)';
  /** The client's spelling (Node's pathToFileURL: `+`, `(`, `)` as they are) and the server's own (vscode-uri: `%2B`, `%28`, `%29`). */
  const clientUri = (rel: string) => uriOf(path.join(root, rel));
  const serverUri = (rel: string) => URI.file(path.join(root, rel)).toString();

  suiteSetup(async () => {
    root = makeFolder('playbook uris+(', {
      [`${FOLDER}/.playbookrc.yaml`]: 'rules:\n  coverage-gap: off\n',
      [`${FOLDER}/renewals.playbook.yaml`]: GAPS_TEXT,
    });
    client = LspClient.start(root);
    await client.initialize([root], root);
    await workspaceValidated(client);
  });
  suiteTeardown(() => {
    client?.dispose();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  test('the spellings differ (so this test means something)', () => {
    const rel = `${FOLDER}/renewals.playbook.yaml`;
    assert.notStrictEqual(clientUri(rel), serverUri(rel));
    assert.match(serverUri(rel), /team%2Bops%20%28eu%29/);
    assert.match(clientUri(rel), /team\+ops%20\(eu\)/);
  });

  test('scanned, opened, re-validated and closed: diagnostics under one URI at a time, the client\'s once it named the file; the same .playbookrc.yaml applies', async () => {
    const rel = `${FOLDER}/renewals.playbook.yaml`;
    const file = path.join(root, rel);
    const want = (u: string) => fromCli(cliFindings(file, path.dirname(file)), u);
    assert.ok(!cliFindings(file, path.dirname(file)).some((f) => f.ruleId === 'coverage-gap'), 'the CLI applies the folder\'s .playbookrc.yaml');
    // Never named by the client: the scan publishes it under the server's spelling.
    const scanned = await client.waitForDiagnostics(serverUri(rel), 'workspace scan');
    assert.deepStrictEqual(fromServer(scanned.diagnostics), want(serverUri(rel)));
    assert.deepStrictEqual(client.publishes(clientUri(rel)), []);

    const since = client.mark();
    const doc = await client.open(clientUri(rel), GAPS_TEXT);
    assert.deepStrictEqual(fromServer(doc.diagnostics), want(clientUri(rel)), 'open: the same findings, the same configuration');
    await client.request('playbook/validateWorkspace');
    await workspaceValidatedAfter(client, since);
    await client.close(doc.uri);
    const closed = await client.waitForDiagnostics(clientUri(rel), 'closed', (x) => x.version === undefined || x.version === null, since);
    assert.deepStrictEqual(fromServer(closed.diagnostics), want(clientUri(rel)), 'closed: the on-disk findings, on the client\'s spelling');

    // The server's spelling was cleared when the client opened the file, and never filled again.
    const onServerSpelling = client.publishes(serverUri(rel), since);
    assert.ok(onServerSpelling.length >= 1, 'the old spelling is cleared');
    assert.ok(onServerSpelling.every((x) => x.diagnostics.length === 0), `nothing but clearing on the server's spelling: ${JSON.stringify(onServerSpelling.map((x) => x.diagnostics.length))}`);
    assert.deepStrictEqual(shownFor(client, serverUri(rel)), []);
    assert.ok((shownFor(client, clientUri(rel)) ?? []).length > 0);
  });

  test('a file announced by a watched-file notice in the client\'s spelling: published there only', async () => {
    const rel = `${FOLDER}/created (1).playbook.yaml`;
    fs.writeFileSync(path.join(root, rel), GAPS_TEXT);
    const since = client.mark();
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: clientUri(rel), type: 1 }] });
    const p = await client.waitForDiagnostics(clientUri(rel), 'created', () => true, since);
    assert.deepStrictEqual(fromServer(p.diagnostics), fromCli(cliFindings(path.join(root, rel), path.join(root, FOLDER)), clientUri(rel)));
    await client.request('playbook/validateWorkspace');
    await workspaceValidatedAfter(client, since);
    assert.deepStrictEqual(client.publishes(serverUri(rel)), [], 'never under the server\'s spelling');
  });

  test('the same file opened under a third spelling (lower-case percent-encoding): the diagnostics move there, the others are cleared', async () => {
    const rel = `${FOLDER}/renewals.playbook.yaml`;
    const lower = serverUri(rel).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
    assert.notStrictEqual(lower, serverUri(rel));
    const since = client.mark();
    const doc = await client.open(lower, GAPS_TEXT);
    try {
      assert.ok(doc.diagnostics.length > 0);
      assert.deepStrictEqual(shownFor(client, clientUri(rel)), [], 'the earlier spelling is cleared');
      assert.ok(client.publishes(clientUri(rel), since).length > 0);
    } finally {
      await client.close(lower);
    }
  });
});

/** Resolves once a workspace validation that began at or after `since` has ended. */
function workspaceValidatedAfter(c: LspClient, since: number): Promise<LoggedEvent> {
  return c.waitFor('a workspace validation to end', () => c.events.find((e) => e.seq >= since && e.method === '$/progress' && (e.params as { value?: { kind?: string } }).value?.kind === 'end'));
}

suite('LSP manners: capabilities registered dynamically only where the client supports it', () => {
  let root = '';
  const clients: LspClient[] = [];
  suiteSetup(() => {
    root = makeFolder('playbook-lsp-manners-', { 'gaps.playbook.yaml': GAPS_TEXT });
  });
  suiteTeardown(() => {
    for (const c of clients) c.dispose();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  test('a client without `didChangeConfiguration.dynamicRegistration` (like Emacs eglot) gets no client/registerCapability; settings are still read', async () => {
    const c = LspClient.start(root);
    clients.push(c);
    await c.initialize([root], root, (params) => {
      params.capabilities.workspace = { configuration: true, workspaceFolders: true };
    });
    await workspaceValidated(c);
    assert.ok(c.events.some((e) => e.method === 'workspace/configuration'), 'the settings are asked for');
    assert.deepStrictEqual(
      c.events.filter((e) => e.method === 'client/registerCapability').map((e) => e.params),
      [],
      'no dynamic registration at all',
    );
  });

  test('a client without `workspace/configuration` (settings pushed with didChangeConfiguration): the pushed `playbook` section applies', async () => {
    const c = LspClient.start(root);
    clients.push(c);
    await c.initialize([root], root, (params) => {
      params.capabilities.workspace = { didChangeConfiguration: { dynamicRegistration: false } };
    });
    await workspaceValidated(c);
    const gapsUri = uriOf(path.join(root, 'gaps.playbook.yaml'));
    assert.ok((shownFor(c, gapsUri) ?? []).length > 0);
    assert.ok(!c.events.some((e) => e.method === 'workspace/configuration' || e.method === 'client/registerCapability'));
    let since = c.mark();
    await c.notify('workspace/didChangeConfiguration', { settings: { playbook: { validate: { enable: false } } } });
    assert.deepStrictEqual((await c.waitForDiagnostics(gapsUri, 'disabled by pushed settings', () => true, since)).diagnostics, []);
    since = c.mark();
    await c.notify('workspace/didChangeConfiguration', { settings: { playbook: { validate: { enable: true }, rules: { 'coverage-gap': 'off' } } } });
    const p = await c.waitForDiagnostics(gapsUri, 'enabled again', (x) => x.diagnostics.length > 0, since);
    assert.ok(!p.diagnostics.some((d) => d.code === 'coverage-gap'), 'the pushed rules apply');
  });
});

suite('LSP manners: the server\'s wiring reads at once', () => {
  test('startServer (server/src/lsp/server.ts) is under 60 lines; capabilities, settings and file events live in modules of their own', () => {
    const source = fs.readFileSync(path.join(ROOT, 'server', 'src', 'lsp', 'server.ts'), 'utf8').split('\n');
    const start = source.findIndex((l) => l.startsWith('export function startServer('));
    const end = source.findIndex((l, i) => i > start && l === '}');
    assert.ok(start >= 0 && end > start, 'startServer is a top-level function');
    assert.ok(end - start + 1 < 60, `startServer has ${end - start + 1} lines`);
    for (const module of ['capabilities', 'settings', 'fileEvents']) assert.ok(fs.existsSync(path.join(ROOT, 'server', 'src', 'lsp', `${module}.ts`)), `server/src/lsp/${module}.ts`);
    // What the helpers hold is not spelled out in the wiring: the capability list, the settings request, the watched-file filter.
    for (const detail of ['completionProvider', 'getConfiguration', 'PLAYBOOK_FILE', 'client.register']) assert.ok(!source.some((l) => l.includes(detail)), `server.ts leaves ${detail} to a helper`);
  });
});
