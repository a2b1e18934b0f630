/**
 * Running the built CLI as `nobody` (uid/gid 65534), for the tests of a file the CLI may not
 * read: as root a chmod 000 file is still readable, so those tests switch user.
 *
 * `nobody` cannot reach a checkout inside a folder only its owner may enter (a home folder
 * with mode 0700, a private temp folder), so it never runs the repository's dist/cli.js.
 * makeNobodyWorld() copies what the CLI needs at run time into a fresh folder every ancestor
 * of which others may enter, the fixtures go beside it, and one real run as `nobody`
 * (`--version`) proves the copy starts. When no such folder can be made, it throws an Error
 * saying exactly why: the test fails, it neither passes nor hides.
 *
 * What the CLI needs: dist/cli.js is a small launcher that loads dist/cli-bundle.js, one esbuild
 * bundle (its dependencies and package.json are inlined; its analysis workers start from the
 * launcher, see server/src/cli/analyzeMany.ts), so the copy is those two files and the bundle's
 * source map (the language server's launcher and bundle likewise). The Node binary is copied too when `nobody`
 * cannot reach it where it is (e.g. under a private home folder).
 */
import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const NOBODY = 65534;

/** Only root can switch to `nobody` (spawn's uid/gid options). */
export function canSwitchToNobody(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

export interface NobodyWorld {
  /** The folder holding everything below (removed by remove()). */
  readonly root: string;
  /** The Node binary `nobody` runs (process.execPath, or a copy of it). */
  readonly node: string;
  /** The copy of dist/cli.js. */
  readonly cli: string;
  /** Where the fixtures go; the working directory of run(). Mode 0755. */
  readonly files: string;
  /** A folder `nobody` may write into (mode 1777), e.g. for a measurement's output. */
  readonly tmp: string;
  /** The spawn options that switch to `nobody`. */
  readonly ids: { uid: number; gid: number };
  /** Writes a fixture under `files` (parent folders 0755), then sets its mode; returns its path. */
  write(rel: string, content: string | Buffer, mode?: number): string;
  /** Runs `node cli.js ...args` as `nobody` in `files` (without NODE_OPTIONS). */
  run(args: string[], options?: { env?: NodeJS.ProcessEnv; timeout?: number }): SpawnSyncReturns<string>;
  /** Deletes the folder. */
  remove(): void;
}

/** Whether `nobody` (uid and gid 65534, no other group) has permission `bit` (4 read, 1 search/execute) on a file. */
function nobodyMay(st: fs.Stats, bit: 4 | 1): boolean {
  const shift = st.uid === NOBODY ? 6 : st.gid === NOBODY ? 3 : 0;
  return ((st.mode >> shift) & bit) !== 0;
}

const described = (p: string, st: fs.Stats) => `${p} (mode ${(st.mode & 0o7777).toString(8).padStart(4, '0')}, owner ${st.uid}:${st.gid})`;

/**
 * Why `nobody` cannot reach `target` (every ancestor searchable; the target itself readable,
 * and executable when `exec`), or undefined when it can. Follows symbolic links.
 */
export function whyNobodyCannotReach(target: string, exec = false): string | undefined {
  let real: string;
  try {
    real = fs.realpathSync(target);
  } catch (err) {
    return `${target} does not resolve: ${(err as Error).message}`;
  }
  const parts = real.split(path.sep).filter(Boolean);
  for (let i = 0; i <= parts.length; i++) {
    const p = path.sep + parts.slice(0, i).join(path.sep);
    const st = fs.statSync(p);
    const last = i === parts.length;
    if (!last || st.isDirectory()) {
      if (!nobodyMay(st, 1)) return `${described(p, st)} is a folder that uid ${NOBODY} may not enter`;
    }
    if (last && !st.isDirectory()) {
      if (!nobodyMay(st, 4)) return `${described(p, st)} is not readable by uid ${NOBODY}`;
      if (exec && !nobodyMay(st, 1)) return `${described(p, st)} is not executable by uid ${NOBODY}`;
    }
  }
  return undefined;
}

/** Folders a world may be made in: the temp folder first (TMPDIR), then the usual shared ones. */
function candidateBases(): string[] {
  return [...new Set([os.tmpdir(), '/var/tmp', '/tmp', '/dev/shm'])];
}

/**
 * Makes a world `nobody` can run the CLI in: a copy of `cli` (dist/cli.js) in a fresh folder
 * under the first of os.tmpdir(), /var/tmp, /tmp, /dev/shm that `nobody` can reach. Throws
 * an Error saying why when that is impossible or the copy does not start as `nobody`.
 * Call it as root (see canSwitchToNobody()).
 */
export function makeNobodyWorld(cli: string, prefix = 'playbook-nobody-'): NobodyWorld {
  if (!canSwitchToNobody()) throw new Error(`running as uid ${NOBODY} needs root; this process runs as uid ${process.getuid?.()}`);
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run \`node scripts/build.mjs\` first`);
  const refused: string[] = [];
  let base: string | undefined;
  for (const candidate of candidateBases()) {
    if (!fs.existsSync(candidate)) continue;
    const why = whyNobodyCannotReach(candidate);
    if (!why) {
      base = candidate;
      break;
    }
    refused.push(`${candidate}: ${why}`);
  }
  if (!base) {
    throw new Error(
      `no folder to run the CLI as uid ${NOBODY} in: ${refused.join('; ')}. ` +
        `Set TMPDIR to a folder that every user may enter (every ancestor with mode o+x) and run the tests again.`,
    );
  }
  if (refused.length) console.log(`      (uid ${NOBODY} cannot use ${refused.join('; ')}: using ${base})`);

  const root = fs.mkdtempSync(path.join(base, prefix));
  try {
    fs.chmodSync(root, 0o755);
    const bin = path.join(root, 'bin');
    const files = path.join(root, 'files');
    const tmp = path.join(root, 'tmp');
    fs.mkdirSync(bin, { mode: 0o755 });
    fs.mkdirSync(files, { mode: 0o755 });
    fs.mkdirSync(tmp);
    fs.chmodSync(bin, 0o755);
    fs.chmodSync(files, 0o755);
    fs.chmodSync(tmp, 0o1777);

    const cliCopy = path.join(bin, 'cli.js');
    fs.copyFileSync(cli, cliCopy);
    fs.chmodSync(cliCopy, 0o644);
    // The bundle the launcher loads, beside it under its own name.
    const bundle = cli.replace(/\.js$/, '-bundle.js');
    for (const f of [bundle, `${bundle}.map`]) {
      if (!fs.existsSync(f)) continue;
      const copy = path.join(bin, path.basename(f));
      fs.copyFileSync(f, copy);
      fs.chmodSync(copy, 0o644);
    }
    let node = process.execPath;
    const nodeBlocked = whyNobodyCannotReach(node, true);
    if (nodeBlocked) {
      node = path.join(bin, 'node');
      fs.copyFileSync(process.execPath, node);
      fs.chmodSync(node, 0o755);
      console.log(`      (uid ${NOBODY} cannot run ${process.execPath}: ${nodeBlocked}; using a copy)`);
    }
    const ids = { uid: NOBODY, gid: NOBODY };

    const world: NobodyWorld = {
      root,
      node,
      cli: cliCopy,
      files,
      tmp,
      ids,
      write(rel, content, mode = 0o644) {
        const file = path.join(files, rel);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        for (let dir = path.dirname(file); dir.startsWith(files + path.sep); dir = path.dirname(dir)) fs.chmodSync(dir, 0o755);
        fs.writeFileSync(file, content);
        fs.chmodSync(file, mode);
        return file;
      },
      run(args, options = {}) {
        // NODE_OPTIONS may name files (--require) `nobody` cannot read; the code cache is root's.
        const env: NodeJS.ProcessEnv = { ...(options.env ?? process.env), PLAYBOOK_CODE_CACHE: 'off' };
        delete env.NODE_OPTIONS;
        return spawnSync(node, [cliCopy, ...args], { cwd: files, env, encoding: 'utf8', input: '', timeout: options.timeout ?? 30_000, ...ids });
      },
      remove() {
        fs.rmSync(root, { recursive: true, force: true });
      },
    };

    // The proof: `nobody` starts the copy.
    const probe = world.run(['--version']);
    if (probe.error || probe.status !== 0 || !probe.stdout.trim()) {
      const blocked = [whyNobodyCannotReach(node, true), whyNobodyCannotReach(cliCopy), whyNobodyCannotReach(files)].filter(Boolean);
      throw new Error(
        `uid ${NOBODY} cannot run the copy of the CLI (${node} ${cliCopy} --version in ${files}): ` +
          (probe.error ? `${probe.error.message}${(probe.error as NodeJS.ErrnoException).code === 'EPERM' ? ' (this process may not switch user: no CAP_SETUID?)' : ''}` : `exit ${probe.status ?? probe.signal}, stderr: ${probe.stderr.trim() || '(empty)'}`) +
          (blocked.length ? `; ${blocked.join('; ')}` : ''),
      );
    }
    return world;
  } catch (err) {
    fs.rmSync(root, { recursive: true, force: true });
    throw err;
  }
}
