/** `playbook validate`: read every input first, then analyse and report. */
import * as fs from 'fs';
import * as path from 'path';
import { ruleDocsUrl } from '../core/docs';
import { decodeBytes } from '../core/text';
import type { Finding } from '../core/types';
import { ConfigCache, ConfigFile, ioMessage, resolveInputs, UsageError } from '../node/files';
import { analyzeMany } from './analyzeMany';
import type { FileReport } from './report';

export interface ValidateInput {
  paths: string[];
  cwd: string;
  configFile?: string;
  readStdin?: () => Promise<Buffer>;
  stdinFilename?: string;
  /** Worker threads for the analysis (1 = in this thread). */
  jobs?: number;
}

/** Checks playbooks; throws UsageError (exit 2) for I/O and config problems, before any output. */
export async function validatePlaybooks(input: ValidateInput): Promise<FileReport[]> {
  const configs = new ConfigCache();
  const forced = input.configFile ? configs.load(path.resolve(input.cwd, input.configFile)) : undefined;
  const fileArgs = input.paths.filter((p) => p !== '-');
  const useStdin = input.paths.includes('-');
  const files = fileArgs.length || !useStdin ? resolveInputs(fileArgs, configs, input.cwd, forced) : [];

  // Read everything first: an unreadable file stops the run before any output.
  const texts: { path: string; text: string; decodeProblem?: Finding; config?: ConfigFile }[] = [];
  if (useStdin) {
    if (!input.readStdin) throw new UsageError('cannot read standard input');
    const bytes = await input.readStdin();
    const virtualPath = path.resolve(input.cwd, input.stdinFilename ?? 'stdin.playbook.yaml');
    texts.push({ path: input.stdinFilename ?? '<stdin>', ...decoded(bytes), config: forced ?? configs.forPlaybook(virtualPath) });
  }
  for (const f of files) {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(f);
    } catch (err) {
      throw new UsageError(ioMessage(err, displayPath(f, input.cwd)));
    }
    texts.push({ path: displayPath(f, input.cwd), ...decoded(bytes), config: forced ?? configs.forPlaybook(f) });
  }
  for (const t of texts) {
    const bad = t.config?.findings.find((f) => f.severity === 'error');
    if (bad) {
      throw new UsageError(`invalid configuration ${displayPath(t.config!.file, input.cwd)}:${bad.range.start.line + 1}:${bad.range.start.character + 1}: ${bad.message}`);
    }
  }
  const results = await analyzeMany(
    texts.map((t) => ({ text: t.decodeProblem ? '' : t.text, rules: t.config?.config.rules })),
    input.jobs ?? 1,
    __filename,
  );
  return texts.map((t, i) => ({ path: t.path, findings: t.decodeProblem ? [t.decodeProblem] : results[i] }));
}

function decoded(bytes: Buffer): { text: string; decodeProblem?: Finding } {
  const d = decodeBytes(bytes);
  if (d.ok) return { text: d.text };
  // Report where the bad bytes start, counted in the text that could be decoded.
  const before = d.text.slice(0, d.offset);
  const line = before.split(/\r\n|\r|\n/).length - 1;
  const character = before.length - Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')) - 1;
  const pos = { line, character };
  return {
    text: '',
    decodeProblem: {
      ruleId: 'syntax',
      severity: 'error',
      message: d.message,
      range: { start: pos, end: pos },
      offsets: [d.offset, d.offset],
      docsUrl: ruleDocsUrl('syntax'),
    },
  };
}

/** Paths relative to the current folder when inside it, with `/` separators. */
export function displayPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return (rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file).split(path.sep).join('/');
}
