/** A minimal LSP client over stdio for the benchmark: spawn, initialize, open, edit, wait for diagnostics. */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import { createMessageConnection, MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

export interface Published {
  uri: string;
  version?: number;
  count: number;
  at: number;
}

export class LspClient {
  readonly process: ChildProcess;
  readonly connection: MessageConnection;
  private waiters: { uri: string; after: number; resolve: (p: Published) => void }[] = [];
  /** The last diagnostics published for each URI. */
  readonly last = new Map<string, Published>();
  private peakRss = 0;
  private sampler: NodeJS.Timeout;

  constructor(command: string, args: string[], private readonly settings: unknown, env?: NodeJS.ProcessEnv) {
    this.process = spawn(command, args, { stdio: ['pipe', 'pipe', 'ignore'], env: env ?? process.env });
    this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number; diagnostics: unknown[] }) => {
      const pub: Published = { uri: p.uri, version: p.version, count: p.diagnostics.length, at: performance.now() };
      this.last.set(p.uri, pub);
      const ready = this.waiters.filter((w) => w.uri === p.uri && pub.at >= w.after);
      this.waiters = this.waiters.filter((w) => !ready.includes(w));
      for (const w of ready) w.resolve(pub);
    });
    this.connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => p.items.map(() => this.settings));
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onNotification(() => undefined);
    this.connection.listen();
    this.sampler = setInterval(() => this.samplePeak(), 50);
  }

  /** Peak resident memory of the server process (VmHWM), in MiB. */
  samplePeak(): number {
    try {
      const status = fs.readFileSync(`/proc/${this.process.pid}/status`, 'utf8');
      const m = /VmHWM:\s+(\d+) kB/.exec(status);
      if (m) this.peakRss = Math.max(this.peakRss, Number(m[1]) / 1024);
    } catch {
      // process gone
    }
    return this.peakRss;
  }

  async initialize(rootUri: string): Promise<void> {
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'bench' }],
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, workspaceFolders: true },
        textDocument: {
          synchronization: { didSave: true },
          publishDiagnostics: { versionSupport: true },
          completion: { completionItem: { snippetSupport: true } },
          hover: { contentFormat: ['markdown', 'plaintext'] },
        },
        window: { workDoneProgress: true },
      },
    });
    await this.connection.sendNotification('initialized', {});
    await this.connection.sendNotification('workspace/didChangeConfiguration', { settings: this.settings });
  }

  /** Resolves on the next diagnostics for `uri` published after now. */
  nextDiagnostics(uri: string, timeoutMs = 60000): Promise<Published> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ uri, after: performance.now(), resolve: (p) => (clearTimeout(timer), resolve(p)) });
    });
  }

  open(uri: string, languageId: string, text: string): void {
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  change(uri: string, version: number, range: { start: { line: number; character: number }; end: { line: number; character: number } }, text: string): void {
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
  }

  /** A change as a full-sync client sends it: the whole new text, no range. */
  changeFull(uri: string, version: number, text: string): void {
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  close(uri: string): void {
    void this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  request<T>(method: string, params: unknown): Promise<T> {
    return this.connection.sendRequest(method, params) as Promise<T>;
  }

  async shutdown(): Promise<void> {
    clearInterval(this.sampler);
    this.samplePeak();
    try {
      // A server that does not answer gets 3 s; the timer is cleared either way (it held the bench open after its last table).
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => (timer = setTimeout(r, 3000)))]).finally(() => clearTimeout(timer));
      await this.connection.sendNotification('exit');
    } catch {
      // already gone
    }
    this.connection.dispose();
    this.process.kill();
  }
}
