/**
 * Git, for `playbook diff`: the repository, refs, the files changed between two versions
 * (renames followed), a file's bytes at a commit, and the `.playbookrc.yaml` files of a commit
 * (a FileReader, so the configuration of each side is the one of that side). Every git problem
 * is a UsageError with one line: not a repository, an unknown ref, a shallow clone without it.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { CONFIG_FILE_NAME } from '../core/config';
import { FileReader, UsageError } from './configFiles';

/** A change between two versions, paths relative to the repository root with `/`. */
export interface GitChange {
  status: 'added' | 'deleted' | 'modified' | 'renamed';
  path: string;
  /** A renamed file's path before. */
  previousPath?: string;
}

export class Git {
  readonly root: string;
  private shallow: boolean | undefined;

  constructor(private readonly cwd: string) {
    const top = this.run(['rev-parse', '--show-toplevel'], { allowFail: true });
    if (top === undefined) throw new UsageError(`not a git repository: ${cwd} (playbook diff compares git versions; use --base-file and --head-file to compare two files)`);
    this.root = top.toString('utf8').trim();
  }

  /** Runs git; its stdout, or undefined when it failed and `allowFail`. */
  private run(args: string[], options: { allowFail?: boolean } = {}): Buffer | undefined {
    const r = spawnSync('git', args, { cwd: this.cwd, maxBuffer: 1024 * 1024 * 1024, env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' } });
    if (r.error) {
      const code = (r.error as NodeJS.ErrnoException).code;
      throw new UsageError(code === 'ENOENT' ? 'git is not installed (or not on PATH): playbook diff needs it' : `cannot run git: ${r.error.message}`);
    }
    if (r.status !== 0) {
      if (options.allowFail) return undefined;
      const why = r.stderr.toString('utf8').trim().split('\n').pop() ?? '';
      throw new UsageError(`git ${args[0]} failed${why ? `: ${why}` : ''}`);
    }
    return r.stdout;
  }

  private isShallow(): boolean {
    this.shallow ??= this.run(['rev-parse', '--is-shallow-repository'], { allowFail: true })?.toString().trim() === 'true';
    return this.shallow;
  }

  /** The commit a ref names, or undefined. */
  resolve(ref: string): string | undefined {
    if (ref.startsWith('-')) return undefined;
    return this.run(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], { allowFail: true })?.toString().trim() || undefined;
  }

  /** The commit a ref names; a UsageError that says why when there is none. */
  commit(ref: string): string {
    const sha = this.resolve(ref);
    if (sha) return sha;
    if (this.isShallow()) throw new UsageError(`unknown git ref "${ref}": this is a shallow clone, which may not have it (fetch it, e.g. git fetch origin ${ref.replace(/^origin\//, '')}, or check out with fetch-depth: 0)`);
    throw new UsageError(`unknown git ref "${ref}"`);
  }

  /** Where the two lines of history meet (what a pull request is compared with). */
  mergeBase(a: string, b: string): string {
    const base = this.run(['merge-base', a, b], { allowFail: true })?.toString().trim();
    if (base) return base;
    if (this.isShallow()) throw new UsageError(`cannot find where ${a.slice(0, 12)} and ${b.slice(0, 12)} meet: this is a shallow clone without their common history (check out with fetch-depth: 0, or git fetch --deepen)`);
    throw new UsageError(`${a.slice(0, 12)} and ${b.slice(0, 12)} have no common history`);
  }

  /**
   * The files changed from `base` to `head` (a commit; undefined: the working tree, untracked
   * files included), limited to `pathspecs` (relative to the current folder) when given.
   */
  changes(base: string, head: string | undefined, pathspecs: string[]): GitChange[] {
    const specs = ['--', ...(pathspecs.length ? pathspecs : ['.'])].map((p, i) => (i === 0 ? p : `:(top)${path.relative(this.root, path.resolve(this.cwd, p)).split(path.sep).join('/')}`));
    const out = this.run(['-c', 'core.quotepath=off', 'diff', '--name-status', '-z', '--find-renames', '--no-ext-diff', base, ...(head ? [head] : []), ...specs])!.toString('utf8');
    const parts = out.split('\0').filter((p) => p !== '');
    const changes: GitChange[] = [];
    for (let i = 0; i < parts.length; ) {
      const status = parts[i++];
      if (status.startsWith('R')) {
        const from = parts[i++];
        const to = parts[i++];
        changes.push({ status: 'renamed', path: to, previousPath: from });
      } else if (status.startsWith('C')) {
        i++;
        changes.push({ status: 'added', path: parts[i++] });
      } else {
        const p = parts[i++];
        changes.push({ status: status === 'A' ? 'added' : status === 'D' ? 'deleted' : 'modified', path: p });
      }
    }
    if (!head) {
      const untracked = this.run(['-c', 'core.quotepath=off', 'ls-files', '--others', '--exclude-standard', '-z', ...specs])!.toString('utf8');
      for (const p of untracked.split('\0').filter(Boolean)) changes.push({ status: 'added', path: path.relative(this.root, path.resolve(this.cwd, p)).split(path.sep).join('/') });
    }
    return changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /** A file's bytes at a commit (path relative to the root, with `/`); undefined when it is not there. */
  show(commit: string, file: string): Buffer | undefined {
    return this.run(['cat-file', 'blob', `${commit}:${file}`], { allowFail: true });
  }

  /** The `.playbookrc.yaml` files of a commit, read from git (absolute paths under the root). */
  configReader(commit: string): FileReader {
    const listed = this.run(['ls-tree', '-r', '-z', '--name-only', commit])!.toString('utf8').split('\0');
    const configs = new Set(listed.filter((p) => p === CONFIG_FILE_NAME || p.endsWith(`/${CONFIG_FILE_NAME}`)).map((p) => path.join(this.root, p)));
    return {
      exists: (file) => configs.has(file),
      readFile: (file) => {
        const bytes = configs.has(file) ? this.show(commit, path.relative(this.root, file).split(path.sep).join('/')) : undefined;
        if (!bytes) throw Object.assign(new Error(`no such file at ${commit.slice(0, 12)}: ${file}`), { code: 'ENOENT' });
        return bytes;
      },
    };
  }
}
