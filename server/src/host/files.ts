/**
 * Playbooks and their configuration on disk: discovery (folders, globs),
 * nearest `.playbookrc.yaml`, include/exclude. Shared by the CLI and the
 * language server so both pick the same files and the same config.
 */
import * as fs from 'fs';
import * as path from 'path';
import picomatch from 'picomatch';
import { ConfigFile, ConfigFiles, FileReader, findConfigFile as findConfigFileWith, ioMessage, isSelected, PLAYBOOK_FILE, UsageError } from './configFiles';

export { ioMessage, isSelected, PLAYBOOK_FILE, UsageError } from './configFiles';
export type { ConfigFile, UnreadableConfig } from './configFiles';

/** Files on this machine's disk. */
export const nodeReader: FileReader = {
  exists: (file) => fs.existsSync(file),
  readFile: (file) => fs.readFileSync(file),
};

/** Nearest `.playbookrc.yaml` on disk in `dir` or a parent folder. */
export function findConfigFile(dir: string): string | undefined {
  return findConfigFileWith(dir, nodeReader);
}

/** Configuration files on disk, loaded once each. */
export class ConfigCache extends ConfigFiles {
  constructor() {
    super(nodeReader);
  }
}
const SKIPPED_DIRS = new Set(['node_modules', '.git']);

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
