/**
 * A V8 code cache for the Node executables (the language server and the CLI).
 *
 * Node compiles each function of a bundle the first time it runs. The first open of a large
 * playbook runs most of the analysis for the first time, so part of it was compiling: loading the
 * server's bundle takes 1 ms instead of 22 with the cache; open → diagnostics on the
 * 2,000-touchpoint benchmark playbook was between 0 and 10 % shorter, depending on the run
 * (docs/performance.md). This is the mechanism Chromium and VS Code use for their own scripts (and Node 22's
 * compile cache): V8 writes the bytecode it has compiled so far, and accepts it back only for the
 * same source, V8 version and flags.
 *
 * Where: `PLAYBOOK_CODE_CACHE` (a folder; `off` disables it), else the user's cache folder
 * (`$XDG_CACHE_HOME` or `~/.cache`, `~/Library/Caches`, `%LOCALAPPDATA%`), under
 * `engagement-playbooks/code-cache`. The VS Code extension points it at its own storage. A folder
 * that exists and is not the user's own, or that others may write to, is not used: the cache is
 * code the process will run. Each file carries a SHA-256 of its contents, checked before use; its
 * name holds a hash of the bundle's source, the Node version, the platform and the flags, so a
 * new build, another Node or other flags never read an old cache. Every failure (no home folder,
 * a read-only disk, a corrupt file) only means the bundle is compiled as without a cache.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import { createRequire } from 'module';
import * as os from 'os';
import * as path from 'path';
import * as vm from 'vm';
import { isMainThread } from 'worker_threads';

/**
 * What became of the cache in this process: `off` (disabled), `unusable` (the folder is not
 * safely the user's own), `absent` (no cache yet for this bundle, Node and flags), `rejected`
 * (a file was there but corrupt, or V8 refused it), `loaded` (the bundle's functions came from it).
 */
export type CodeCacheState = 'off' | 'unusable' | 'absent' | 'rejected' | 'loaded';

export interface CodeCache {
  readonly state: CodeCacheState;
  /** The cache file for this bundle, Node and flags (undefined when the cache is off). */
  readonly file: string | undefined;
  /** The script that loads the bundle (worker threads start from it, to load through the cache too). */
  readonly launcher: string;
  /** Whether this process has written the cache. */
  readonly saved: boolean;
  /** The V8 flags the launcher set at run time ('' when none). */
  readonly v8Flags: string;
  /**
   * Writes what V8 has compiled so far, at most once per process, when there was no usable cache
   * or this process has compiled noticeably more than the one it loaded (a first session that only
   * printed `--version` does not leave a cache without the analysis in it). Never throws; returns
   * whether a file was written.
   */
  save(): boolean;
}

const HANDLE = Symbol.for('engagement-playbooks.codeCache');
const MAGIC = Buffer.from('PBCC1\n');
const DIGEST_BYTES = 32;
/** A cache is written again when this process's would be this much larger than the one loaded. */
const GROWTH = 1.1;
/** Cache files kept per executable (older builds' are removed, the most recently written first kept). */
const KEEP = 4;

/** The code cache of this process, when its bundle was started by `runWithCodeCache`. */
export function currentCodeCache(): CodeCache | undefined {
  return (globalThis as Record<symbol, CodeCache | undefined>)[HANDLE];
}

/** Where the cache lives: undefined when it is off (or there is no home folder to put it in). */
export function codeCacheFolder(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = safeHome()): string | undefined {
  const setting = env.PLAYBOOK_CODE_CACHE;
  if (setting !== undefined) return /^\s*(|0|off|false|no)\s*$/i.test(setting) ? undefined : path.resolve(setting.trim());
  if (!home) return undefined;
  const own = (base: string) => path.join(base, 'engagement-playbooks', 'code-cache');
  if (platform === 'win32') return own(env.LOCALAPPDATA && path.isAbsolute(env.LOCALAPPDATA) ? env.LOCALAPPDATA : path.join(home, 'AppData', 'Local'));
  if (platform === 'darwin') return own(path.join(home, 'Library', 'Caches'));
  return own(env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(home, '.cache'));
}

function safeHome(): string {
  try {
    return os.homedir();
  } catch {
    return '';
  }
}

/**
 * What a folder is to the cache: `missing` (it is made, private, when the cache is written;
 * nothing is read from it before), `usable` (a folder of this user's that nobody else may write
 * to: POSIX; on Windows the user's profile folders are private by default), or `unusable`.
 */
function folderState(folder: string): 'missing' | 'usable' | 'unusable' {
  let st: fs.Stats;
  try {
    st = fs.statSync(folder);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'unusable';
  }
  return st.isDirectory() && ownedPrivately(st) ? 'usable' : 'unusable';
}

/** Whether a folder may hold the cache: missing, or usable (see `folderState`). */
export function usableFolder(folder: string): boolean {
  return folderState(folder) !== 'unusable';
}

/** A file or folder of this user's (or root's) that group and others may not write to; true where there are no such owners (Windows). */
function ownedPrivately(st: fs.Stats): boolean {
  if (process.platform === 'win32' || typeof process.getuid !== 'function') return true;
  return (st.uid === process.getuid() || st.uid === 0) && (st.mode & 0o022) === 0;
}

/** The cache file's name: the executable's, then a hash of everything V8 checks the cache against. */
function cacheFileName(name: string, source: string, v8Flags: string): string {
  const key = crypto.createHash('sha256');
  key.update(source);
  for (const part of [process.version, process.platform, process.arch, process.execArgv.join(' '), process.env.NODE_OPTIONS ?? '', v8Flags]) key.update(`\0${part}`);
  return `${name}-${key.digest('hex').slice(0, 32)}.cache`;
}

/**
 * A cache file's payload, if the file is there, this user's and whole (undefined, and `corrupt`
 * when it is there but not whole or not this user's). Owner and mode are checked on the opened
 * file, so what is read is what was checked.
 */
function readCacheFile(file: string): { data?: Buffer; corrupt: boolean } {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return { corrupt: false };
  }
  let bytes: Buffer;
  try {
    if (!ownedPrivately(fs.fstatSync(fd))) return { corrupt: true };
    bytes = fs.readFileSync(fd);
  } catch {
    return { corrupt: true };
  } finally {
    fs.closeSync(fd);
  }
  const head = MAGIC.length + DIGEST_BYTES;
  if (bytes.length <= head || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return { corrupt: true };
  const data = bytes.subarray(head);
  const digest = crypto.createHash('sha256').update(data).digest();
  return digest.equals(bytes.subarray(MAGIC.length, head)) ? { data, corrupt: false } : { corrupt: true };
}

/** Writes a cache file whole or not at all (a temporary file, then renamed), and removes older builds' files. */
function writeCacheFile(folder: string, file: string, name: string, data: Buffer): boolean {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    makePrivateFolders(folder);
    if (!usableFolder(folder)) return false;
    const digest = crypto.createHash('sha256').update(data).digest();
    fs.writeFileSync(temp, Buffer.concat([MAGIC, digest, data]), { mode: 0o600 });
    fs.renameSync(temp, file);
  } catch {
    try {
      fs.rmSync(temp, { force: true });
    } catch {
      // nothing was written
    }
    return false;
  }
  pruneOlder(folder, file, name);
  return true;
}

/**
 * Makes the folder, private to the user, and its parent if that is missing too
 * (`engagement-playbooks/code-cache`); deeper missing folders (`~/.cache` itself) are not
 * made: another tool's, or a `sudo` run's, to create. Throws when it cannot.
 */
function makePrivateFolders(folder: string): void {
  if (fs.existsSync(folder)) return;
  const parent = path.dirname(folder);
  if (!fs.existsSync(parent)) {
    if (!fs.existsSync(path.dirname(parent))) throw new Error(`${path.dirname(parent)} does not exist`);
    fs.mkdirSync(parent, { mode: 0o700 });
  }
  fs.mkdirSync(folder, { mode: 0o700 });
}

/** Keeps the newest cache files of this executable (other builds may still be in use: a few are kept). */
function pruneOlder(folder: string, keep: string, name: string): void {
  try {
    const prefix = `${name}-`;
    const names = fs.readdirSync(folder);
    // Temporary files of processes that stopped between writing and renaming, an hour old or more.
    for (const f of names) {
      const full = path.join(folder, f);
      if (f.startsWith(prefix) && f.endsWith('.tmp') && Date.now() - fs.statSync(full).mtimeMs > 3_600_000) fs.rmSync(full, { force: true });
    }
    const others = names
      .filter((f) => f.startsWith(prefix) && f.endsWith('.cache') && path.join(folder, f) !== keep)
      .map((f) => {
        const full = path.join(folder, f);
        return { full, mtime: fs.statSync(full).mtimeMs };
      })
      .sort((a, b) => b.mtime - a.mtime);
    for (const old of others.slice(KEEP - 1)) fs.rmSync(old.full, { force: true });
  } catch {
    // another process may be pruning too
  }
}

/**
 * Runs a CommonJS bundle as Node would run it as the main module, with its compiled code read
 * from (and later written to) the code cache. `name` names the executable in the cache folder.
 * With `saveAtExit`, the cache is written when the process exits (the CLI); otherwise when the
 * bundle calls `currentCodeCache().save()` (the language server, once its first document is
 * analysed). Worker threads read the cache and never write it. `v8Flags`: the flags the launcher
 * set at run time (v8Tuning.ts), part of the cache's key as the command line's flags are.
 */
export function runWithCodeCache(launcher: string, bundle: string, name: string, options: { saveAtExit?: boolean; v8Flags?: string } = {}): void {
  let source: string;
  try {
    // A shebang line is only valid at the start of a script: kept as an empty line (line numbers stay).
    source = fs.readFileSync(bundle, 'utf8').replace(/^#!.*/, '');
  } catch (err) {
    process.stderr.write(`${name}: cannot start, ${bundle} cannot be read (${(err as Error).message}); reinstall the package.\n`);
    process.exitCode = 2;
    return;
  }
  const folder = codeCacheFolder();
  let state: CodeCacheState = folder === undefined ? 'off' : 'absent';
  let file: string | undefined;
  let cachedData: Buffer | undefined;
  if (folder !== undefined) {
    file = path.join(folder, cacheFileName(name, source, options.v8Flags ?? ''));
    const at = folderState(folder);
    if (at === 'unusable') state = 'unusable';
    else if (at === 'usable') {
      const read = readCacheFile(file);
      cachedData = read.data;
      if (read.corrupt) state = 'rejected';
    }
  }
  // The module wrapper on a line of its own, so that line numbers in stack traces are the bundle's.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {\n${source}\n})`, { filename: bundle, lineOffset: -1, cachedData });
  if (cachedData) state = script.cachedDataRejected ? 'rejected' : 'loaded';
  let tried = false;
  let saved = false;
  const handle: CodeCache = {
    state,
    file,
    launcher,
    v8Flags: options.v8Flags ?? '',
    get saved() {
      return saved;
    },
    save() {
      if (tried || !isMainThread || folder === undefined || file === undefined || state === 'unusable') return false;
      tried = true;
      try {
        const data = script.createCachedData();
        if (state === 'loaded' && cachedData && data.length < cachedData.length * GROWTH) return false;
        saved = writeCacheFile(folder, file, name, data);
      } catch {
        saved = false;
      }
      return saved;
    },
  };
  (globalThis as Record<symbol, CodeCache>)[HANDLE] = handle;
  if (options.saveAtExit && isMainThread) process.once('exit', () => handle.save());
  // The bundle is the main module, as when Node runs it itself (`require.main === module` holds).
  const mod = { exports: {}, filename: bundle, id: '.', loaded: false };
  const load = createRequire(bundle);
  const require = Object.assign((id: string) => load(id), load, { main: mod });
  const run = script.runInThisContext() as (exports: unknown, require: unknown, module: unknown, filename: string, dirname: string) => void;
  run.call(mod.exports, mod.exports, require, mod, bundle, path.dirname(bundle));
}
