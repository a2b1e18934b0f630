/**
 * `.playbookrc.yaml` in the language server: which one governs a playbook, whether it may
 * apply, and what the editor shows about it.
 *
 * The editor and CI agree: the CLI refuses to run (exit 2) with a configuration it cannot read
 * or that has an error, and prints `invalid configuration <file>:<line>:<col>: <message>` or the
 * I/O message. The editor shows every problem of such a file on the file itself, with the same
 * message texts, and checks the playbooks it governs with the default rule settings (the
 * editor's `playbook.rules`, then the playbook's own `rules:`), none of the broken file's
 * settings (not even its well-formed entries), plus one error at the top of each playbook that
 * names the file and its first problem. Nobody believes partial rules are in force.
 *
 * What governs playbooks is the file as saved on disk (what the CLI reads); an open config
 * document's own diagnostics follow its text as it is typed.
 */
import * as path from 'path';
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import { CONFIG_FILE_NAME, parseConfig } from '../core/config';
import type { Finding } from '../core/types';
import { ConfigFile, ConfigFiles, FileReader, isSelected, UnreadableConfig } from '../host/configFiles';
import { toDiagnostic } from './convert';
import { uriToPath } from './uri';

/** The diagnostic code of the error put on a playbook whose configuration cannot apply. */
export const CONFIG_PROBLEM_CODE = 'invalid-configuration';
/** Where configuration files are documented. */
export const CONFIG_DOCS_URL = 'https://github.com/engagement-playbooks/engagement-playbooks#turning-findings-down';

/** Why the configuration of a playbook does not apply: its first error, or the I/O message. */
export type ConfigProblem = { file: string; finding: Finding } | { file: string; error: string };

/** The configuration that governs a playbook: its rules apply only when it is readable and has no error. */
export interface Governing {
  config?: ConfigFile;
  problem?: ConfigProblem;
}

/** Whether a URI or path names a configuration file. */
export function isConfigFile(uriOrPath: string): boolean {
  return uriOrPath.endsWith(`/${CONFIG_FILE_NAME}`) || uriOrPath.endsWith(`\\${CONFIG_FILE_NAME}`) || uriOrPath === CONFIG_FILE_NAME;
}

/** The configuration files of the workspace, read once each until clear(), never throwing. */
export class PlaybookConfigs {
  private readonly cache: ConfigFiles;
  /** Config files read since the last clear(), in the order they were first read. */
  readonly seen = new Set<string>();

  /** `onRead` hears of each config file the first time a lookup reads it after a clear(). */
  constructor(
    reader: FileReader,
    private readonly onRead: (file: string) => void = () => undefined,
  ) {
    this.cache = new ConfigFiles(reader);
  }

  /** The config file at `file` (read once), or why it cannot be read. */
  read(file: string): ConfigFile | UnreadableConfig {
    const got = this.cache.read(file);
    this.seen.add(got.file);
    return got;
  }

  /** The nearest configuration above the playbook at `file`, and whether it may apply. */
  governing(file: string): Governing {
    const rc = this.cache.nearest(file);
    if (!rc) return {};
    const first = !this.seen.has(rc);
    const got = this.read(rc);
    if (first) this.onRead(got.file);
    if ('error' in got) return got.missing ? {} : { problem: { file: got.file, error: got.error } };
    const bad = got.findings.find((f) => f.severity === 'error');
    return bad ? { problem: { file: got.file, finding: bad } } : { config: got };
  }

  /** Whether the workspace scan checks a file (include/exclude of a configuration that applies; every playbook otherwise). */
  selects(file: string): boolean {
    return isSelected(this.governing(file).config, file);
  }

  clear(): void {
    this.cache.clear();
    this.seen.clear();
  }
}

/** The diagnostics of a configuration file: every finding in it, or its I/O message at 0:0. */
export function configFileDiagnostics(got: ConfigFile | UnreadableConfig, uri: string): Diagnostic[] {
  if ('error' in got) {
    return [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: DiagnosticSeverity.Error, source: 'playbook', message: got.error }];
  }
  return got.findings.map((f) => toDiagnostic(f, uri));
}

/** The diagnostics of the text of an open configuration document. */
export function configTextDiagnostics(text: string, uri: string): Diagnostic[] {
  return parseConfig(text).findings.map((f) => toDiagnostic(f, uri));
}

/**
 * The error at the top of a playbook whose configuration does not apply: the CLI's message for
 * that file (`shown` is its path as the user knows it) and what the editor does instead; the
 * problem's place in the configuration file is its related information.
 */
export function configProblemDiagnostic(problem: ConfigProblem, text: string, shown: string, configUri: string): Diagnostic {
  const firstLine = /^[^\r\n]*/.exec(text)![0];
  const diagnostic: Diagnostic = {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: firstLine.length } },
    severity: DiagnosticSeverity.Error,
    code: CONFIG_PROBLEM_CODE,
    codeDescription: { href: CONFIG_DOCS_URL },
    source: 'playbook',
    message: '',
  };
  const instead = 'none of its settings apply, so this playbook is checked with the default rule settings until';
  if ('finding' in problem) {
    const { range, message } = problem.finding;
    diagnostic.message = `invalid configuration ${shown}:${range.start.line + 1}:${range.start.character + 1}: ${message} (${instead} it is fixed)`;
    diagnostic.relatedInformation = [{ location: { uri: configUri, range }, message }];
  } else {
    diagnostic.message = `configuration ${shown} cannot be read: ${problem.error} (${instead} it can be read)`;
    diagnostic.relatedInformation = [{ location: { uri: configUri, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }, message: problem.error }];
  }
  return diagnostic;
}

/** A configuration file's path as the user knows it: relative to the workspace folder holding it, with `/`; else absolute. */
export function shownPath(file: string, folders: readonly string[]): string {
  for (const folder of folders) {
    const rel = path.relative(folder, file);
    if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) return rel.split(path.sep).join('/');
  }
  return file;
}

/** The path of a configuration document's URI, when it names one on disk. */
export function configPathOf(uri: string): string | undefined {
  const file = uriToPath(uri);
  return file && isConfigFile(file) ? file : undefined;
}
