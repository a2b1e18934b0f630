/**
 * Playbooks and their configuration on disk: discovery (folders, globs),
 * nearest `.playbookrc.yaml`, include/exclude. Shared by the CLI and the
 * language server so both pick the same files and the same config.
 */
import * as fs from 'fs';
import * as path from 'path';
import picomatch from 'picomatch';
import { CONFIG_FILE_NAME, LoadedConfig, parseConfig } from '../core/config';
import { decodeBytes } from '../core/text';

export const PLAYBOOK_FILE = /\.playbook\.ya?ml$/;
const SKIPPED_DIRS = new Set(['node_modules', '.git']);

/** An I/O or usage problem: the CLI prints it on one line and exits 2. */
export class UsageError extends Error {}

/** Turns a Node I/O error into a one-line message for a path. */
export function ioMessage(err: unknown, file: string): string {
  const e = err as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'ENOENT':
      return `no such file or directory: ${file}`;
    case 'EACCES':
    case 'EPERM':
      return `permission denied: ${file}`;
    case 'EISDIR':
      return `is a directory, not a file: ${file}`;
    case 'ELOOP':
      return `too many levels of symbolic links: ${file}`;
    default:
      return `cannot read ${file}: ${e?.message ?? String(err)}`;
  }
}

/** Nearest `.playbookrc.yaml` in `dir` or a parent folder. */
export function findConfigFile(dir: string): string | undefined {
  let d = path.resolve(dir);
  for (;;) {
    const candidate = path.join(d, CONFIG_FILE_NAME);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(d);
    if (parent === d) return undefined;
    d = parent;
  }
}

export interface ConfigFile extends LoadedConfig {
  file: string;
  dir: string;
}

/** A config file that could not be read: the one-line I/O message the CLI prints for it. */
export interface UnreadableConfig {
  file: string;
  error: string;
  /** The file is not there (any more). */
  missing: boolean;
}

/** Loads config files, once each. */
export class ConfigCache {
  private readonly cache = new Map<string, ConfigFile>();
  /** Config files that could not be read (asked again only after clear()). */
  private readonly failures = new Map<string, UnreadableConfig>();
  /** Folder -> nearest config file path (or none), so repeated lookups do no I/O. */
  private readonly lookups = new Map<string, string | undefined>();

  /** The config file at `file`; throws UsageError when it cannot be read. */
  load(file: string): ConfigFile {
    const hit = this.read(file);
    if ('error' in hit) throw new UsageError(hit.error);
    return hit;
  }

  /** The config file at `file`, or why it cannot be read (never throws). */
  read(file: string): ConfigFile | UnreadableConfig {
    const abs = path.resolve(file);
    const hit = this.cache.get(abs);
    if (hit) return hit;
    const failed = this.failures.get(abs);
    if (failed) return failed;
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(abs);
    } catch (err) {
      const unreadable = { file: abs, error: ioMessage(err, file), missing: (err as NodeJS.ErrnoException)?.code === 'ENOENT' };
      this.failures.set(abs, unreadable);
      return unreadable;
    }
    const loaded: ConfigFile = { ...parseConfig(decodeBytes(bytes).text), file: abs, dir: path.dirname(abs) };
    this.cache.set(abs, loaded);
    return loaded;
  }

  /** The nearest `.playbookrc.yaml` above a playbook (its path), if any. */
  nearest(playbookPath: string): string | undefined {
    const dir = path.dirname(path.resolve(playbookPath));
    if (this.lookups.has(dir)) return this.lookups.get(dir);
    const rc = findConfigFile(dir);
    this.lookups.set(dir, rc);
    return rc;
  }

  /** The config that applies to a playbook: nearest `.playbookrc.yaml` above it, if any; throws UsageError when it cannot be read. */
  forPlaybook(playbookPath: string): ConfigFile | undefined {
    const rc = this.nearest(playbookPath);
    return rc ? this.load(rc) : undefined;
  }

  clear(): void {
    this.cache.clear();
    this.failures.clear();
    this.lookups.clear();
  }
}

/** The include/exclude matcher of each loaded config, compiled once (a compile costs far more than a match). */
const selectors = new WeakMap<ConfigFile, (rel: string) => boolean>();

/** Whether a config's include/exclude globs select a file (paths relative to the config's folder). */
export function isSelected(config: ConfigFile | undefined, file: string): boolean {
  if (!config) return PLAYBOOK_FILE.test(file);
  const rel = path.relative(config.dir, path.resolve(file)).split(path.sep).join('/');
  if (rel.startsWith('../')) return PLAYBOOK_FILE.test(file);
  let select = selectors.get(config);
  if (!select) {
    const opts = { dot: true };
    const include = picomatch(config.config.include, opts);
    const exclude = config.config.exclude.length ? picomatch(config.config.exclude, opts) : undefined;
    select = (r) => include(r) && !(exclude && exclude(r));
    selectors.set(config, select);
  }
  return select(rel);
}

/**
 * Every playbook file under a folder (skipping node_modules and .git, following symlinks once).
 * `onFile` also gets the file's real path when the walk knows it (a regular file in a folder
 * whose real path is known), so that callers need not ask the system for it.
 */
export function walkPlaybooks(root: string, onFile: (file: string, real?: string) => void): void {
  walkFiles(root, (name) => PLAYBOOK_FILE.test(name), onFile);
}

/**
 * Every file under a folder whose name `wanted` accepts, walked as walkPlaybooks does (the
 * language server's scan takes playbooks and `.playbookrc.yaml` files in one walk).
 */
export function walkFiles(root: string, wanted: (name: string) => boolean, onFile: (file: string, real?: string) => void, seen = new Set<string>()): void {
  let real: string;
  try {
    real = fs.realpathSync(root);
  } catch (err) {
    throw new UsageError(ioMessage(err, root));
  }
  if (seen.has(real)) return;
  seen.add(real);
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(root, { withFileTypes: true });
  } catch (err) {
    throw new UsageError(ioMessage(err, root));
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const full = path.join(root, e.name);
    if (e.isDirectory()) {
      if (!SKIPPED_DIRS.has(e.name)) walkFiles(full, wanted, onFile, seen);
    } else if (e.isSymbolicLink()) {
      let st: fs.Stats;
      try {
        st = fs.statSync(full);
      } catch {
        continue; // dangling or looping link: nothing to check there
      }
      if (st.isDirectory()) {
        // A link back to a folder above this one would walk outside what was asked for (and loop).
        let target = '';
        try {
          target = fs.realpathSync(full);
        } catch {
          continue;
        }
        const isAncestor = real === target || real.startsWith(target.endsWith(path.sep) ? target : target + path.sep);
        if (!SKIPPED_DIRS.has(e.name) && !isAncestor) walkFiles(full, wanted, onFile, seen);
      } else if (wanted(e.name)) onFile(full);
    } else if (e.isFile() && wanted(e.name)) onFile(full, real + (real.endsWith(path.sep) ? '' : path.sep) + e.name);
  }
}

/** Whether a command-line argument is a glob pattern rather than a path. */
export function isGlob(arg: string): boolean {
  return /[*?[\]{}]/.test(arg);
}

/**
 * Resolves command-line paths to playbook files: files as given, folders and
 * globs expanded (and filtered by the nearest config's include/exclude).
 */
export function resolveInputs(args: string[], configs: ConfigCache, cwd: string, forcedConfig?: ConfigFile): string[] {
  const out: string[] = [];
  const real = new Set<string>();
  // The same file reached twice (two arguments, or through a link) is checked once.
  const add = (f: string, known?: string) => {
    let r = known ?? f;
    if (known === undefined) {
      try {
        r = fs.realpathSync.native(f); // one system call, where the JS version lstats every folder on the way
      } catch {
        r = f;
      }
    }
    if (real.has(r)) return;
    real.add(r);
    out.push(f);
  };
  const selected = (f: string) => isSelected(forcedConfig ?? configs.forPlaybook(f), f);
  for (const arg of args.length ? args : ['.']) {
    if (isGlob(arg)) {
      const scan = picomatch.scan(arg);
      const base = path.resolve(cwd, scan.base || '.');
      const match = picomatch(path.resolve(cwd, arg).split(path.sep).join('/'), { dot: false });
      const before = out.length;
      if (fs.existsSync(base)) {
        walkPlaybooks(base, (f, known) => {
          if (match(f.split(path.sep).join('/')) && selected(f)) add(f, known);
        });
      }
      if (out.length === before) throw new UsageError(`no playbook matched ${arg}`);
      continue;
    }
    const abs = path.resolve(cwd, arg);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch (err) {
      throw new UsageError(ioMessage(err, arg));
    }
    if (st.isDirectory()) {
      const before = out.length;
      walkPlaybooks(abs, (f, known) => {
        if (selected(f)) add(f, known);
      });
      if (out.length === before) throw new UsageError(`no playbook (*.playbook.yaml or *.playbook.yml) found in ${arg}`);
    } else {
      add(abs);
    }
  }
  return out;
}
