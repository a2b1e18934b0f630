/**
 * `.playbookrc.yaml`: per-repository rule severities and the files to check.
 * Parsing and checking only; finding the file on disk is the caller's job.
 */
import type { ValidateFunction } from 'ajv';
import { toFindings } from './findings';
import { isRecord } from './model';
import { parsePlaybook } from './parse';
import { schemaErrorsToReports } from './schema';
import type { Finding, SeveritySetting } from './types';

export const CONFIG_FILE_NAME = '.playbookrc.yaml';
export const DEFAULT_INCLUDE = ['**/*.playbook.yaml', '**/*.playbook.yml'];

export interface PlaybookConfig {
  rules: Record<string, SeveritySetting>;
  include: string[];
  exclude: string[];
}

export interface LoadedConfig {
  config: PlaybookConfig;
  /** Problems in the config file itself (syntax or schema), with positions in it. */
  findings: Finding[];
}

export const EMPTY_CONFIG: PlaybookConfig = { rules: {}, include: DEFAULT_INCLUDE, exclude: [] };

let rcValidator: ValidateFunction | undefined;

/** Parses and checks the text of a `.playbookrc.yaml`. Never throws. */
export function parseConfig(text: string): LoadedConfig {
  const parsed = parsePlaybook(text);
  const syntaxFindings = toFindings(parsed, parsed.syntax, {});
  if (syntaxFindings.some((f) => f.severity === 'error')) return { config: EMPTY_CONFIG, findings: syntaxFindings };
  const value = parsed.value ?? {};
  // Precompiled by ajv at build time (scripts/gen-validators.mjs).
  // Loaded when first needed; a static path, which the bundles (the browser's too) resolve at build time.
  // eslint-disable-next-line @typescript-eslint/no-require-imports, no-restricted-globals
  rcValidator ??= require('./generated/playbookrcValidator') as ValidateFunction;
  const reports = rcValidator(value) ? [] : schemaErrorsToReports(rcValidator.errors ?? [], value, 'configuration file');
  const findings = [...syntaxFindings, ...toFindings(parsed, reports.map((r) => ({ ...r, ruleId: 'schema' })), {})];
  const v = isRecord(value) ? value : {};
  const rules: Record<string, SeveritySetting> = {};
  if (isRecord(v.rules)) {
    for (const [k, s] of Object.entries(v.rules)) if (s === 'error' || s === 'warning' || s === 'info' || s === 'off') rules[k] = s;
  }
  const strings = (x: unknown) => (Array.isArray(x) ? x.filter((g): g is string => typeof g === 'string' && g.length > 0) : undefined);
  return { config: { rules, include: strings(v.include) ?? DEFAULT_INCLUDE, exclude: strings(v.exclude) ?? [] }, findings };
}
