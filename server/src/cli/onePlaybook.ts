/** One playbook named on the command line (`render`, `capacity`): read, decoded and analysed with its configuration. */
import * as fs from 'fs';
import * as path from 'path';
import { Analysis, analyzePlaybook } from '../core/analyze';
import { decodeBytes } from '../core/text';
import { ConfigCache, ioMessage, UsageError } from '../host/files';
import type { CliIO } from './main';

/** The analysis of FILE (`-`: standard input) with the nearest `.playbookrc.yaml` (or `configFile`); a usage error when it cannot be read. */
export async function analyseOnePlaybook(io: CliIO, file: string, configFile: string | undefined): Promise<Analysis> {
  let bytes: Buffer;
  try {
    bytes = file === '-' ? await io.readStdin() : fs.readFileSync(path.resolve(io.cwd, file));
  } catch (err) {
    throw new UsageError(ioMessage(err, file));
  }
  const decoded = decodeBytes(bytes);
  if (!decoded.ok) throw new UsageError(`${file}: ${decoded.message}`);
  const configs = new ConfigCache();
  const config = configFile ? configs.load(path.resolve(io.cwd, configFile)) : configs.forPlaybook(path.resolve(io.cwd, file === '-' ? 'stdin.playbook.yaml' : file));
  return analyzePlaybook(decoded.text, { rules: config?.config.rules, retain: false });
}

/** Says on stderr that FILE does not parse (with its first syntax error) when it does not; true when it parses. */
export function parses(io: CliIO, analysis: Analysis, file: string, what: string): boolean {
  if (analysis.model) return true;
  const first = analysis.findings.find((f) => f.ruleId === 'syntax');
  io.error(`playbook: cannot ${what} ${file}: it does not parse${first ? ` (${first.range.start.line + 1}:${first.range.start.character + 1}: ${first.message})` : ''}\n`);
  return false;
}
