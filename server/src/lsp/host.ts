/**
 * What the language server needs of the machine it runs on: the workspace's files. The Node
 * server reads the disk (nodeHost.ts); the browser server, which has no file system, asks the
 * client (webHost.ts). Everything else in the server is the same code on both.
 */
import type { FileReader } from '../host/configFiles';
import type { ServerInfo } from '../protocol';

export interface ServerHost {
  /** How `.playbookrc.yaml` files are read (synchronously: a lookup happens inside an analysis). */
  readonly reader: FileReader;
  /**
   * Brings what the host knows of the workspace up to date before a full validation. Resolves
   * true when configuration files may have become known that analyses made before did not see
   * (the open documents are then checked again).
   */
  sync(folders: readonly string[]): Promise<boolean>;
  /** Files changed on disk (watched-file notices): forget what is known of them. */
  changed(files: readonly string[]): Promise<void>;
  /** Every playbook and `.playbookrc.yaml` under the folders (not in `node_modules` or `.git`), in a stable order. */
  listFiles(folders: readonly string[]): string[];
  /**
   * A file's text; undefined when it is not there (the Node host: cannot be read). May throw when
   * the file could not be read for a passing reason (the browser: the editor did not answer):
   * then what is known of the file stays as it is.
   */
  readText(file: string): Promise<string | undefined>;
  /** What changes when the file does (modification time and size); undefined when it is gone. */
  stamp(file: string): Promise<string | undefined>;
  /** Lets the editor's requests and edits in (between files of a long job). */
  yield(): Promise<void>;
  /** The process, for the server-info request. */
  processInfo(): Omit<ServerInfo, 'version'>;
  /**
   * The first document was opened (its analysis is scheduled at once, and runs most of the server
   * for the first time): the Node host, a moment later, keeps the compiled code for the next start
   * (host/codeCache.ts).
   */
  firstDocumentOpened?(): void;
  /**
   * A client sent a document's whole text (`length` characters) and the change is applied: the
   * Node host collects the garbage such a message leaves (host/youngGeneration.ts).
   */
  wholeTextChanged?(length: number): void;
}
