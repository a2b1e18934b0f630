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
import { CONFIG_FILE_NAME } from '../core/config';
import { decodeBytes } from '../core/text';
import type { FileReader } from '../host/configFiles';
import { ReadFileRequest, ReadFileResult, WorkspaceFilesRequest } from '../protocol';
import type { ServerHost } from './host';
import { isConfigFile } from './configs';
import { pathToUri, uriToPath } from './uri';

/** A configuration file as last read: its bytes, or the client's message when it could not be read. */
type Copy = Uint8Array | { error: string; missing: boolean };

function bytesOf(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export class WebHost implements ServerHost {
  /** The workspace's configuration files, by path. */
  private readonly configs = new Map<string, Copy>();
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
      return await this.connection.sendRequest(ReadFileRequest, { uri: pathToUri(file) });
    } catch (err) {
      return { error: err instanceof Error ? err.message : String(err), missing: false };
    }
  }

  private async copyConfig(file: string): Promise<void> {
    const got = await this.fetch(file);
    if ('base64' in got) this.configs.set(file, bytesOf(got.base64));
    else if (got.missing) this.configs.delete(file);
    else this.configs.set(file, got);
  }

  async sync(folders: readonly string[]): Promise<boolean> {
    const known = this.configs.size;
    let uris: string[] = [];
    try {
      ({ uris } = await this.connection.sendRequest(WorkspaceFilesRequest, { folders: folders.map(pathToUri) }));
    } catch {
      // A client that cannot list files: only the open documents are checked.
    }
    this.files = uris.map(uriToPath).filter((f): f is string => f !== undefined).sort();
    this.generation++;
    this.generations.clear();
    this.configs.clear();
    await Promise.all(this.files.filter((f) => f.endsWith(`/${CONFIG_FILE_NAME}`)).map((f) => this.copyConfig(f)));
    return known > 0 || this.configs.size > 0;
  }

  async changed(files: readonly string[]): Promise<void> {
    for (const f of files) this.generations.set(f, (this.generations.get(f) ?? 0) + 1);
    await Promise.all(files.filter(isConfigFile).map((f) => this.copyConfig(f)));
  }

  listFiles(): string[] {
    return [...this.files];
  }

  async readText(file: string): Promise<string | undefined> {
    const got = await this.fetch(file);
    return 'base64' in got ? decodeBytes(bytesOf(got.base64)).text : undefined;
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
