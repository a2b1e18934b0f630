/**
 * The browser language server's host (github.dev, vscode.dev): no file system in a web worker,
 * so the workspace's files are read through the client (protocol.ts: WorkspaceFilesRequest,
 * ReadFileRequest; the extension answers from `vscode.workspace.fs`).
 *
 * A lookup of the nearest `.playbookrc.yaml` happens inside an analysis, which is synchronous,
 * so the host keeps a copy of every configuration file of the workspace: fetched at start and
 * at each full validation (sync), and again when the client says one changed (changed).
 * Playbooks are read when their turn comes. Files outside the workspace folders (a
 * `.playbookrc.yaml` above the repository) cannot be reached from the browser and are not seen.
 */
import type { Connection } from 'vscode-languageserver';
import { decodeBytes } from '../core/text';
import type { FileReader } from '../host/configFiles';
import { ReadFileRequest, ReadFileResult, WorkspaceFilesRequest } from '../protocol';
import type { ServerHost } from './host';
import { isConfigFile } from './configs';
import { pathToUri, uriToPath } from './uri';

/** A configuration file as last read: its bytes, or the client's message when it could not be read. */
type Copy = Uint8Array | { error: string; missing: boolean };

/** How long the client may take to answer a file request before the server goes on without it. */
const CLIENT_TIMEOUT_MS = 30_000;

function withTimeout<T>(request: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the editor did not answer in time (${what})`)), CLIENT_TIMEOUT_MS);
  });
  return Promise.race([request, late]).finally(() => clearTimeout(timer));
}

function bytesOf(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export class WebHost implements ServerHost {
  /** The workspace's configuration files, by path. */
  private configs = new Map<string, Copy>();
  /** The playbooks and configuration files found by the last sync. */
  private files: string[] = [];
  /** Per file, how many times it changed since the start (what its stamp is made of). */
  private readonly generations = new Map<string, number>();
  private generation = 0;
  private readonly ticks = new MessageChannel();
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly connection: Connection) {
    // (A web worker's MessagePort; the server is type-checked against Node's declarations.)
    (this.ticks.port1 as unknown as { onmessage: () => void }).onmessage = () => this.waiting.shift()?.();
  }

  readonly reader: FileReader = {
    exists: (file) => {
      const copy = this.configs.get(file);
      return copy !== undefined && !('missing' in copy && copy.missing);
    },
    readFile: (file) => {
      const copy = this.configs.get(file);
      if (copy instanceof Uint8Array) return copy;
      throw Object.assign(new Error(copy?.error ?? 'not in the workspace'), { code: !copy || copy.missing ? 'ENOENT' : undefined });
    },
  };

  private async fetch(file: string): Promise<ReadFileResult> {
    try {
      return await withTimeout(this.connection.sendRequest(ReadFileRequest, { uri: pathToUri(file) }), `reading ${pathToUri(file)}`);
    } catch (err) {
      return { error: err instanceof Error ? err.message : String(err), missing: false };
    }
  }

  /** A configuration file's copy as the client has it now (in `into`, else in the host's copies). */
  private async copyConfig(file: string, into = this.configs): Promise<void> {
    const got = await this.fetch(file);
    if ('base64' in got) into.set(file, bytesOf(got.base64));
    else if (got.missing) into.delete(file);
    else into.set(file, got);
  }

  private syncing: Promise<boolean> | undefined;

  /** One sync at a time: a caller that comes while one runs shares it. */
  sync(folders: readonly string[]): Promise<boolean> {
    this.syncing ??= this.doSync(folders).finally(() => (this.syncing = undefined));
    return this.syncing;
  }

  private async doSync(folders: readonly string[]): Promise<boolean> {
    const known = this.configs.size;
    let uris: string[];
    try {
      ({ uris } = await withTimeout(this.connection.sendRequest(WorkspaceFilesRequest, { folders: folders.map(pathToUri) }), 'listing the workspace'));
    } catch {
      // A client that cannot list files (or did not answer): what was known stays; at first, only open documents are checked.
      return false;
    }
    const files = uris.map(uriToPath).filter((f): f is string => f !== undefined).sort();
    // Built aside and swapped in at once: a lookup meanwhile sees the previous copies, never half of the new ones.
    const configs = new Map<string, Copy>();
    await Promise.all(files.filter(isConfigFile).map((f) => this.copyConfig(f, configs)));
    // A configuration the client reported (changed) that its file search does not list yet stays.
    for (const [f, copy] of this.configs) if (this.reported.has(f) && !configs.has(f)) configs.set(f, copy);
    this.files = files;
    this.configs = configs;
    this.generation++;
    this.generations.clear();
    return known > 0 || this.configs.size > 0;
  }

  /** Configuration files the client said changed (kept at the next sync even when its file search lags). */
  private readonly reported = new Set<string>();

  async changed(files: readonly string[]): Promise<void> {
    for (const f of files) this.generations.set(f, (this.generations.get(f) ?? 0) + 1);
    const configs = files.filter(isConfigFile);
    for (const f of configs) this.reported.add(f);
    await Promise.all(configs.map((f) => this.copyConfig(f)));
  }

  listFiles(): string[] {
    return [...this.files];
  }

  /** Undefined when the file is not there; throws when the client could not read it (the file's state stays as it was). */
  async readText(file: string): Promise<string | undefined> {
    const got = await this.fetch(file);
    if ('base64' in got) return decodeBytes(bytesOf(got.base64)).text;
    if (got.missing) return undefined;
    throw new Error(got.error);
  }

  /** Changes when the client says the file changed, or at the next full validation. */
  async stamp(file: string): Promise<string | undefined> {
    return `${this.generation}:${this.generations.get(file) ?? 0}`;
  }

  yield(): Promise<void> {
    // A message to itself: a task of its own, without the clamping of nested timers.
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.ticks.port2.postMessage(0);
    });
  }

  /** Closes the channel yield() uses (a worker ends with its server; tests in Node close it). */
  dispose(): void {
    (this.ticks.port1 as unknown as { close(): void }).close();
  }

  processInfo(): { pid: number; heapUsed: number } {
    const memory = (performance as { memory?: { usedJSHeapSize?: number } }).memory;
    return { pid: 0, heapUsed: memory?.usedJSHeapSize ?? 0 };
  }
}
