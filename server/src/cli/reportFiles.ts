/**
 * `--report FORMAT=FILE` (repeatable): the same run writes its report in other formats to files
 * besides standard output, so a CI step that wants annotations, JSON and SARIF checks the
 * playbooks once, not once per format. Each file is written as the run goes (a small buffer),
 * into a temporary file beside it that takes the file's name only when the run completes: a run
 * that stops leaves no half-written report, and an earlier report stays as it was.
 */
import * as fs from 'fs';
import * as path from 'path';
import { UsageError } from '../host/files';
import type { FileReport, ReportWriter, WriterFactory } from './report';

const BATCH = 64 * 1024;

interface Target {
  file: string;
  temp: string;
  fd: number;
  writer: ReportWriter;
  buffered: string;
}

/** `json=out/report.json` -> format and file; a usage error for anything else. */
export function parseReportSpec(spec: string, formats: readonly string[]): { format: string; file: string } {
  const at = spec.indexOf('=');
  const format = at < 0 ? '' : spec.slice(0, at);
  const file = at < 0 ? '' : spec.slice(at + 1);
  if (!formats.includes(format) || !file) throw new UsageError(`--report must be FORMAT=FILE with FORMAT one of ${formats.join(', ')}, not "${spec}"`);
  return { format, file };
}

export class ReportFiles {
  private readonly targets: Target[] = [];

  /** Opens every file (its folder made when missing) before any playbook is checked. */
  constructor(specs: readonly string[], formats: Record<string, WriterFactory>, cwd: string, makeWriter: (factory: WriterFactory) => ReportWriter) {
    const wanted = specs.map((spec) => {
      const { format, file } = parseReportSpec(spec, Object.keys(formats));
      return { format, file, full: path.resolve(cwd, file) };
    });
    const twice = wanted.find((w, i) => wanted.findIndex((x) => x.full === w.full) !== i);
    if (twice) throw new UsageError(`--report names ${twice.file} twice`);
    try {
      for (const { format, file, full } of wanted) {
        const temp = `${full}.${process.pid}.partial`;
        try {
          makeFolders(path.dirname(full));
          this.targets.push({ file: full, temp, fd: fs.openSync(temp, 'w'), writer: makeWriter(formats[format]), buffered: '' });
        } catch (err) {
          throw new UsageError(`cannot write the report ${file}: ${(err as Error).message}`);
        }
      }
    } catch (err) {
      this.abandon();
      throw err;
    }
  }

  get size(): number {
    return this.targets.length;
  }

  begin(): void {
    for (const t of this.targets) this.write(t, t.writer.begin());
  }

  file(report: FileReport): void {
    for (const t of this.targets) this.write(t, t.writer.file(report));
  }

  /** Writes the ends and gives each file its name. */
  finish(): void {
    try {
      for (const t of this.targets) {
        this.write(t, t.writer.end(), true);
        fs.closeSync(t.fd);
        t.fd = -1;
        fs.renameSync(t.temp, t.file);
      }
    } catch (err) {
      this.abandon();
      throw new UsageError(`cannot write a report file: ${(err as Error).message}`);
    }
  }

  /** A run that stopped: the temporary files go, the reports named keep what they held. */
  abandon(): void {
    for (const t of this.targets) {
      try {
        if (t.fd >= 0) fs.closeSync(t.fd);
      } catch {
        // already closed
      }
      t.fd = -1;
      fs.rmSync(t.temp, { force: true });
    }
  }

  private write(t: Target, text: string, now = false): void {
    t.buffered += text;
    if (t.buffered.length < BATCH && !now) return;
    try {
      fs.writeSync(t.fd, t.buffered);
    } catch (err) {
      throw new UsageError(`cannot write the report ${t.file}: ${(err as Error).message}`);
    }
    t.buffered = '';
  }
}

/**
 * Makes a folder and its missing parents, one level at a time (Node's recursive `mkdirSync`
 * can spin forever under some file systems, such as a path below /proc).
 */
function makeFolders(folder: string): void {
  const missing: string[] = [];
  for (let f = folder; !fs.existsSync(f); f = path.dirname(f)) {
    missing.push(f);
    if (path.dirname(f) === f) break;
  }
  for (const f of missing.reverse()) fs.mkdirSync(f);
}
