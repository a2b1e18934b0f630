/**
 * URIs and the files they name, through `vscode-uri` (the URI code VS Code itself uses).
 *
 * One file can reach the server under several spellings: `file:///c%3A/Users/...` (VS Code),
 * `file:///C:/Users/...` (other clients), percent-encoding of `+`, `(`, `)` or not, in upper or
 * lower case. Every map of the server that stands for "a file" is keyed by fileKey()/pathKey(),
 * which give the same key for every spelling, and diagnostics go out under the client's own
 * spelling of the file (ClientUris), so a client that compares URIs as strings sees one set.
 */
import { URI } from 'vscode-uri';

/** A Windows path with a drive letter (`C:\...`, `c:/...`), whatever platform the server runs on. */
const DRIVE_PATH = /^[A-Za-z]:[\\/]/;
// The Node server's platform; a web worker has no `process` (and no Windows paths: see anyScheme).
// eslint-disable-next-line no-restricted-globals
const onWindows = typeof process !== 'undefined' && process.platform === 'win32';

/**
 * Whether files have URIs of any scheme. On a machine's disk (the Node server) only `file:`
 * URIs name files. In the browser (github.dev, vscode.dev) the workspace's files have other
 * schemes (`vscode-vfs://github/owner/repo/...`), which the browser server reads through the
 * client; each URI (`file:` ones too) is given a POSIX path, `/<scheme>:<authority><path>`, so that the
 * code that looks for the nearest `.playbookrc.yaml` or a path relative to a folder works the
 * same on both. Set once, by the browser server's entry.
 */
let anyScheme = false;

/** The browser server: files have URIs of any scheme but `untitled:` (see anyScheme). `false` undoes it (tests). */
export function useWorkspaceUris(on = true): void {
  anyScheme = on;
}

/** `/<scheme>:<authority><path>`: the path given to a URI of another scheme than `file:`. */
const SCHEME_PATH = /^\/([A-Za-z][A-Za-z0-9+.-]*):([^/]*)(\/.*)?$/;

/**
 * The file system path a `file:` URI names (drive letter in lower case, as vscode-uri gives it);
 * undefined for other schemes, unless the server runs in the browser (see anyScheme).
 */
export function uriToPath(uri: string): string | undefined {
  let parsed: URI;
  try {
    parsed = URI.parse(uri);
  } catch {
    return undefined;
  }
  if (!anyScheme) return parsed.scheme === 'file' && parsed.path ? parsed.fsPath : undefined;
  // In the browser every scheme, `file:` included (vscode.dev's local folders), maps the same way,
  // from the URI's path (never fsPath: in a worker vscode-uri would guess the platform from the
  // user agent and give Windows paths). A query or fragment names a version of a file (a diff
  // view's `git:` side), not the file.
  if (parsed.scheme === 'untitled' || !parsed.path.startsWith('/') || parsed.query || parsed.fragment) return undefined;
  return `/${parsed.scheme}:${parsed.authority}${parsed.path}`;
}

/** The URI of a path as VS Code spells it (`file:///c%3A/Users/...` for a Windows path; in the browser, the URI the path was made from). */
export function pathToUri(p: string): string {
  const other = anyScheme ? SCHEME_PATH.exec(p) : null;
  if (other) return URI.from({ scheme: other[1], authority: other[2], path: other[3] ?? '/' }).toString();
  return URI.file(DRIVE_PATH.test(p) ? p.replace(/\\/g, '/') : p).toString();
}

/**
 * The key of a file path: the same for every spelling of the same path (drive letter case,
 * `\` or `/` on Windows). Paths are otherwise compared as they are (file systems that ignore
 * case beyond the drive letter are not folded).
 */
export function pathKey(p: string): string {
  if (!onWindows && !DRIVE_PATH.test(p)) return p;
  const slashed = p.replace(/\\/g, '/');
  return DRIVE_PATH.test(slashed) ? slashed[0].toLowerCase() + slashed.slice(1) : slashed;
}

/** The key of a document URI: its file's pathKey(), or the URI itself when it names no file (`untitled:`). */
export function fileKey(uri: string): string {
  const p = uriToPath(uri);
  return p === undefined ? uri : pathKey(p);
}

/**
 * How the client spells each file's URI. A document the client opened is known by its URI
 * (and keeps that spelling after it is closed); a file the client only announced (a watched
 * file change) by the spelling of that notice; any other file by vscode-uri's spelling.
 */
export class ClientUris {
  /** File key -> the URI of the open document. */
  private readonly open = new Map<string, string>();
  /** File key -> the client's spelling (from an open, else from a notice). */
  private readonly spelled = new Map<string, string>();

  opened(uri: string): void {
    const key = fileKey(uri);
    this.open.set(key, uri);
    this.spelled.set(key, uri);
  }

  closed(uri: string): void {
    const key = fileKey(uri);
    if (this.open.get(key) === uri) this.open.delete(key);
  }

  /** A URI the client sent in a notice (a watched file): used unless the client opened the file under another. */
  heard(uri: string): void {
    const key = fileKey(uri);
    if (!this.spelled.has(key)) this.spelled.set(key, uri);
  }

  /** The URI of the open document for a path, however the client spelled it. */
  openUri(file: string): string | undefined {
    return this.open.get(pathKey(file));
  }

  /** The URI to publish a file's diagnostics under. */
  uriOf(file: string): string {
    return this.spelled.get(pathKey(file)) ?? pathToUri(file);
  }
}
