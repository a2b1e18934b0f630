/**
 * `playbook diff [BASE] [HEAD] [paths...]`: what a change does to the engagement model, per
 * playbook (core/diff.ts), between two git versions, or two files (`--base-file`, `--head-file`).
 *
 * BASE defaults to HEAD and HEAD to the working tree (untracked playbooks included). As in a
 * pull request, the BASE side is where BASE and HEAD meet (their merge base), so changes made
 * on BASE since do not show as reverted. Renames are followed (git's rename detection). Each
 * side is analysed with the `.playbookrc.yaml` files of that side, and a playbook their
 * include/exclude leave out on both sides is not reported.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Analysis, analyzePlaybook } from '../core/analyze';
import { diffPlaybooks, PlaybookDiff } from '../core/diff';
import { ruleDocsUrl } from '../core/docs';
import { decodeBytes } from '../core/text';
import { SEVERITY_RANK, Severity } from '../core/types';
import { ConfigFiles, FileReader, isSelected, PLAYBOOK_FILE } from '../host/configFiles';
import { ConfigCache, ioMessage, nodeReader, UsageError } from '../host/files';
import { Git, GitChange } from '../host/git';
import { DIFF_FORMATS, DiffFile, DiffReport } from './formats/diff';
import type { CliIO } from './main';

export interface DiffOptions {
  /** Arguments from this index on are paths (they came after `--`). */
  pathsOnlyFrom: number;
  format: string;
  failOnNew?: string;
  baseFile?: string;
  headFile?: string;
  color: boolean;
  version: string;
}

/** One side's text as an analysis; bytes that are not text give one `syntax` finding and no model. */
function analyseBytes(bytes: Buffer, rules: Record<string, 'error' | 'warning' | 'info' | 'off'> | undefined): Analysis {
  const d = decodeBytes(bytes);
  if (d.ok) return analyzePlaybook(d.text, { rules, retain: false });
  const empty = analyzePlaybook('', { retain: false });
  const pos = { line: 0, character: 0 };
  return { ...empty, model: undefined, findings: [{ ruleId: 'syntax', severity: 'error', message: d.message, range: { start: pos, end: pos }, offsets: [0, 0], docsUrl: ruleDocsUrl('syntax') }] };
}

function counts(diffs: DiffFile[], which: 'introduced' | 'resolved'): Record<Severity, number> {
  const c: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of diffs) for (const x of f.diff.findings[which]) c[x.severity]++;
  return c;
}

export function diffReport(files: DiffFile[], base: DiffReport['base'], head: DiffReport['head'], version: string): DiffReport {
  return { tool: 'playbook', version, base, head, files, summary: { files: files.length, introduced: counts(files, 'introduced'), resolved: counts(files, 'resolved') } };
}

export async function diffCommand(io: CliIO, args: string[], options: DiffOptions): Promise<number> {
  const writer = DIFF_FORMATS[options.format];
  if (!writer) throw new UsageError(`unknown diff format "${options.format}": use markdown, json or stylish`);
  let failRank = Infinity;
  if (options.failOnNew !== undefined) {
    if (!(options.failOnNew in SEVERITY_RANK)) throw new UsageError(`--fail-on-new must be error, warning or info, not "${options.failOnNew}"`);
    failRank = SEVERITY_RANK[options.failOnNew as Severity];
  }
  const report = options.baseFile !== undefined || options.headFile !== undefined ? diffFiles(io, args, options) : diffGit(io, args, options.pathsOnlyFrom, options.version);
  io.write(writer(report, { color: options.color }));
  const failing = report.files.some((f) => f.diff.findings.introduced.some((x) => SEVERITY_RANK[x.severity] >= failRank));
  return failing ? 1 : 0;
}

/** `--base-file A --head-file B`: two files, each with its nearest `.playbookrc.yaml`. */
function diffFiles(io: CliIO, args: string[], options: DiffOptions): DiffReport {
  if (options.baseFile === undefined || options.headFile === undefined) throw new UsageError('--base-file and --head-file go together: the two playbooks to compare');
  if (args.length) throw new UsageError('with --base-file and --head-file, give no refs or paths');
  const configs = new ConfigCache();
  const side = (file: string): Analysis => {
    const abs = path.resolve(io.cwd, file);
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(abs);
    } catch (err) {
      throw new UsageError(ioMessage(err, file));
    }
    return analyseBytes(bytes, configs.forPlaybook(abs)?.config.rules);
  };
  const before = side(options.baseFile);
  const after = side(options.headFile);
  const status = options.baseFile === options.headFile ? 'modified' : 'renamed';
  const file: DiffFile = { path: options.headFile, ...(status === 'renamed' ? { previousPath: options.baseFile } : {}), status, diff: diffPlaybooks(before, after) };
  return diffReport([file], { file: options.baseFile }, { file: options.headFile }, options.version);
}

/** Splits the arguments into up to two refs, then paths (those from `pathsFrom` on are paths whatever they look like). */
function refsAndPaths(git: Git, io: CliIO, args: string[], pathsFrom: number): { refs: string[]; paths: string[] } {
  const refs: string[] = [];
  let i = 0;
  while (i < Math.min(args.length, pathsFrom) && refs.length < 2) {
    const arg = args[i];
    if (git.resolve(arg)) {
      refs.push(arg);
      i++;
      continue;
    }
    // Neither a ref nor anything on disk, and not a playbook's name (a deleted one is a fine path): a ref mistyped or not fetched.
    const onDisk = fs.existsSync(path.resolve(io.cwd, arg));
    if (!onDisk && !PLAYBOOK_FILE.test(arg) && !/[*?[\]{}]/.test(arg)) git.commit(arg);
    break;
  }
  return { refs, paths: args.slice(i) };
}

/** Reads the working tree's file (root-relative path). */
function workingFile(git: Git, file: string): Buffer | undefined {
  try {
    return fs.readFileSync(path.join(git.root, file));
  } catch {
    return undefined;
  }
}

function diffGit(io: CliIO, args: string[], pathsFrom: number, version: string): DiffReport {
  const git = new Git(io.cwd);
  const { refs, paths } = refsAndPaths(git, io, args, pathsFrom);
  const baseRef = refs[0] ?? 'HEAD';
  const headRef = refs[1];
  const baseTip = git.commit(baseRef);
  const headCommit = headRef === undefined ? undefined : git.commit(headRef);
  const base = git.mergeBase(baseTip, headCommit ?? git.commit('HEAD'));
  const changes = git.changes(base, headCommit, paths).filter((c) => PLAYBOOK_FILE.test(c.path) || (c.previousPath !== undefined && PLAYBOOK_FILE.test(c.previousPath)));

  const sideConfigs = (reader: FileReader) => new ConfigFiles(reader);
  const beforeConfigs = sideConfigs(git.configReader(base));
  const afterConfigs = sideConfigs(headCommit ? git.configReader(headCommit) : nodeReader);
  /** The rules of one side's configuration for a file, and whether it selects the file; a broken configuration is a usage error, as for validate. */
  const configFor = (configs: ConfigFiles, file: string) => {
    const config = configs.forPlaybook(path.join(git.root, file));
    if (config) {
      const bad = config.findings.find((f) => f.severity === 'error');
      if (bad) throw new UsageError(`invalid configuration ${path.relative(git.root, config.file).split(path.sep).join('/')}:${bad.range.start.line + 1}:${bad.range.start.character + 1}: ${bad.message}`);
    }
    return { rules: config?.config.rules, selected: isSelected(config, path.join(git.root, file)) && PLAYBOOK_FILE.test(file) };
  };

  const files: DiffFile[] = [];
  for (const change of changes) {
    const beforePath = change.status === 'added' ? undefined : (change.previousPath ?? change.path);
    const afterPath = change.status === 'deleted' ? undefined : change.path;
    const b = beforePath === undefined ? undefined : configFor(beforeConfigs, beforePath);
    const a = afterPath === undefined ? undefined : configFor(afterConfigs, afterPath);
    const beforeBytes = beforePath !== undefined && b?.selected ? git.show(base, beforePath) : undefined;
    const afterBytes = afterPath !== undefined && a?.selected ? (headCommit ? git.show(headCommit, afterPath) : workingFile(git, afterPath)) : undefined;
    if (!beforeBytes && !afterBytes) continue;
    const status: GitChange['status'] = !beforeBytes ? 'added' : !afterBytes ? 'deleted' : change.status === 'renamed' && beforePath !== afterPath ? 'renamed' : 'modified';
    const diff: PlaybookDiff = diffPlaybooks(beforeBytes ? analyseBytes(beforeBytes, b?.rules) : undefined, afterBytes ? analyseBytes(afterBytes, a?.rules) : undefined);
    const shown = status === 'deleted' ? beforePath! : afterPath!;
    files.push({ path: shown, ...(status === 'renamed' ? { previousPath: beforePath } : {}), status, diff });
  }
  return diffReport(files, { ref: baseRef, commit: base }, headCommit ? { ref: headRef!, commit: headCommit } : { ref: null, commit: null }, version);
}
