import { execFileSync } from 'child_process';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { ruleDocsUrl } from '../../core/docs';
import { ALL_RULES } from '../../core/rules';
import type { Severity } from '../../core/types';
import { FileReport, formatAll, FormatOptions, nestedJson, ReportWriter } from '../report';

const LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note' };
const RESULTS = '"results": []';
/** The base that every file's `uri` is relative to (SARIF §3.14.14). */
const SRCROOT = '%SRCROOT%';

/** The repository root of each folder asked about (one `git` run per folder and process: once per CLI run). */
const repositoryRoots = new Map<string, string | undefined>();

/** The root of the git work tree holding `cwd` (`git rev-parse --show-toplevel`), or undefined without git or outside a repository. */
export function repositoryRoot(cwd: string): string | undefined {
  if (repositoryRoots.has(cwd)) return repositoryRoots.get(cwd);
  let root: string | undefined;
  try {
    const out = execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000, windowsHide: true }).trim();
    root = out ? path.resolve(out) : undefined;
  } catch {
    root = undefined; // no git, not a repository, or git failed: paths stay relative to the current folder
  }
  repositoryRoots.set(cwd, root);
  return root;
}

/**
 * SARIF 2.1.0, as read by GitHub code scanning and other CI dashboards. The results come
 * last in the log, so they are streamed: the tool description first, then each file's results.
 *
 * File locations are relative to `%SRCROOT%`, declared in `originalUriBaseIds`: the repository
 * root (`git rev-parse --show-toplevel`, run once) whatever folder the CLI runs in, so code
 * scanning finds the files; outside a repository (or without git) the current folder. They use
 * `/` separators and percent-encoding. A file outside that root gets an absolute `file:` URI.
 */
export function sarifWriter(options: FormatOptions): ReportWriter {
  const ruleIndex = new Map(ALL_RULES.map((r, i) => [r.id, i]));
  const cwd = options.cwd ?? process.cwd();
  const repository = options.sourceRoot ?? repositoryRoot(cwd);
  const root = repository ?? cwd;
  const rootUri = pathToFileURL(root).href;
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'playbook',
            fullName: 'Engagement Playbooks validator',
            version: options.toolVersion,
            semanticVersion: options.toolVersion,
            informationUri: 'https://github.com/engagement-playbooks/engagement-playbooks',
            rules: ALL_RULES.map((r) => ({
              id: r.id,
              name: r.id.replace(/(^|-)([a-z])/g, (_m, _d, ch: string) => ch.toUpperCase()),
              shortDescription: { text: r.description },
              helpUri: ruleDocsUrl(r.id),
              help: { text: `${r.description} See ${ruleDocsUrl(r.id)}` },
              defaultConfiguration: { level: LEVEL[r.defaultSeverity] },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: {
          [SRCROOT]: {
            uri: rootUri.endsWith('/') ? rootUri : `${rootUri}/`,
            description: { text: repository === undefined ? 'The folder the check ran in (not inside a git repository).' : 'The root of the repository checked.' },
          },
        },
        results: [],
      },
    ],
  };
  // The log printed with no results, cut where the results go (`results` is the run's last key).
  const skeleton = JSON.stringify(log, null, 2);
  const cut = skeleton.lastIndexOf(RESULTS);
  let count = 0;
  /** The artifact location of a report's path (relative to the current folder, or absolute). */
  let last: { path: string; location: Record<string, string> } | undefined;
  const artifactLocation = (shown: string): Record<string, string> => {
    if (last?.path !== shown) last = { path: shown, location: locationOf(shown, cwd, root) };
    return last.location;
  };
  return {
    begin: () => `${skeleton.slice(0, cut + RESULTS.length - 1)}`,
    file(r) {
      let out = '';
      for (const f of r.findings) {
        const result = {
          ruleId: f.ruleId,
          ruleIndex: ruleIndex.get(f.ruleId) ?? 0,
          level: LEVEL[f.severity],
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: artifactLocation(r.path),
                region: {
                  startLine: f.range.start.line + 1,
                  startColumn: f.range.start.character + 1,
                  endLine: f.range.end.line + 1,
                  endColumn: f.range.end.character + 1,
                },
              },
            },
          ],
          ...(f.related
            ? {
                relatedLocations: f.related.map((rel, id) => ({
                  id,
                  message: { text: rel.message },
                  physicalLocation: {
                    artifactLocation: artifactLocation(r.path),
                    region: { startLine: rel.range.start.line + 1, startColumn: rel.range.start.character + 1, endLine: rel.range.end.line + 1, endColumn: rel.range.end.character + 1 },
                  },
                })),
              }
            : {}),
        };
        out += `${count++ ? ',' : ''}\n        ${nestedJson(result, 4)}`;
      }
      return out;
    },
    end: () => `${count ? '\n      ' : ''}]${skeleton.slice(cut + RESULTS.length)}\n`,
  };
}

export function formatSarif(reports: FileReport[], options: FormatOptions): string {
  return formatAll(sarifWriter, reports, options);
}

/** A path relative to `%SRCROOT%` as a URI reference: `/` separators, each segment percent-encoded. */
function relativeUri(rel: string): string {
  return rel.split(path.sep).map(encodeURIComponent).join('/');
}

/**
 * Where a reported file is, for SARIF: relative to `%SRCROOT%` when inside it, else an
 * absolute `file:` URI. Standard input without a name stays `stdin` (no base: it has no file).
 */
function locationOf(shown: string, cwd: string, root: string): Record<string, string> {
  if (shown === '<stdin>') return { uri: 'stdin' };
  const abs = path.resolve(cwd, shown);
  const rel = path.relative(root, abs);
  if (rel && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel)) return { uri: relativeUri(rel), uriBaseId: SRCROOT };
  return { uri: pathToFileURL(abs).href };
}
