/**
 * `.playbookrc.yaml` files: the nearest one above a playbook, read once each, and its
 * include/exclude. Shared by the CLI, the Node language server and the browser language
 * server, so all three pick the same configuration; each reads files its own way (a
 * FileReader: Node's fs, or the copy of the workspace the browser server is given).
 */
import * as path from 'path';
import picomatch from 'picomatch';
import { CONFIG_FILE_NAME, LoadedConfig, parseConfig } from '../core/config';
import { decodeBytes } from '../core/text';

export const PLAYBOOK_FILE = /\.playbook\.ya?ml$/;

/** How configuration files are read: synchronously (a lookup happens inside an analysis). */
export interface FileReader {
  exists(file: string): boolean;
  /** The file's bytes; throws an error with a Node-style `code` (ENOENT, EACCES...) when it cannot. */
  readFile(file: string): Uint8Array;
}

/** An I/O or usage problem: the CLI prints it on one line and exits 2. */
export class UsageError extends Error {}

/** Turns a Node I/O error into a one-line message for a path. */
export function ioMessage(err: unknown, file: string): string {
  const e = err as { code?: string; message?: string } | undefined;
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
export function findConfigFile(dir: string, reader: FileReader): string | undefined {
  let d = path.resolve(dir);
  for (;;) {
    const candidate = path.join(d, CONFIG_FILE_NAME);
    if (reader.exists(candidate)) return candidate;
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

/** Loads config files, once each, through a FileReader. */
export class ConfigFiles {
  private readonly cache = new Map<string, ConfigFile>();
  /** Config files that could not be read (asked again only after clear()). */
  private readonly failures = new Map<string, UnreadableConfig>();
  /** Folder -> nearest config file path (or none), so repeated lookups do no I/O. */
  private readonly lookups = new Map<string, string | undefined>();

  constructor(private readonly reader: FileReader) {}

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
    let bytes: Uint8Array;
    try {
      bytes = this.reader.readFile(abs);
    } catch (err) {
      const unreadable = { file: abs, error: ioMessage(err, file), missing: (err as { code?: string } | undefined)?.code === 'ENOENT' };
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
    const rc = findConfigFile(dir, this.reader);
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

