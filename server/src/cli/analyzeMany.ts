/**
 * Analyses many playbook files as a stream: each file is read, decoded and analysed, and its
 * findings are handed on as soon as they are known; nothing else of the file is kept. With `threads`
 * > 1 and enough files, worker threads running this same file read and check chunks of
 * files too. Only a few chunks are in flight at any time, so memory stays bounded however
 * many files there are.
 */
import * as fs from 'fs';
import * as os from 'os';
import { isMainThread, parentPort, Worker, workerData } from 'worker_threads';
import { analyzePlaybook } from '../core/analyze';
import { ruleDocsUrl } from '../core/docs';
import { decodeBytes } from '../core/text';
import type { Finding, SeveritySetting } from '../core/types';

export interface AnalysisJob {
  text: string;
  rules?: Record<string, SeveritySetting>;
}

/** A file to check: its absolute path and the rule settings of its configuration. */
export interface FileJob {
  file: string;
  rules?: Record<string, SeveritySetting>;
}

/** The findings of a file, or the I/O error that stopped its reading (`code` and `message` of the Node error). */
export type FileOutcome = { findings: Finding[]; ms: number } | { error: { code?: string; message: string } };

const ROLE = 'playbook-analysis-worker';
/** Files per message to a worker. */
const CHUNK = 16;
/** Chunks a worker holds at a time: one being checked, one waiting, so it never idles. */
const IN_FLIGHT = 2;
/** How far (in files) this thread may run ahead of the oldest chunk a worker still has. */
const WINDOW = 64 * CHUNK;
/** A worker's first message: it has loaded and takes chunks. */
const READY = 'ready';
/**
 * Files per extra thread before threads pay off. A worker needs ~70 ms to load and much
 * longer to warm up (its own compiled code), and two threads checking at once each go
 * slower than one alone: measured on 2 cores with small playbooks, one worker is even
 * with no worker at 1,000 files, 1.3x faster at 2,000 and 1.4x at 5,000.
 */
const FILES_PER_EXTRA_THREAD = 1500;

/** Findings of one playbook text, exactly those of `analyzePlaybook`. */
export function findingsOf(job: AnalysisJob): Finding[] {
  return analyzePlaybook(job.text, { rules: job.rules, retain: false }).findings;
}

/** Findings of a playbook's bytes: a syntax error where undecodable bytes start, else those of the text. */
export function findingsOfBytes(bytes: Buffer, rules?: Record<string, SeveritySetting>): Finding[] {
  const d = decodeBytes(bytes);
  if (d.ok) return findingsOf({ text: d.text, rules });
  // Report where the bad bytes start, counted in the text that could be decoded.
  const before = d.text.slice(0, d.offset);
  const line = before.split(/\r\n|\r|\n/).length - 1;
  const character = before.length - Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')) - 1;
  const pos = { line, character };
  return [{ ruleId: 'syntax', severity: 'error', message: d.message, range: { start: pos, end: pos }, offsets: [d.offset, d.offset], docsUrl: ruleDocsUrl('syntax') }];
}

/** One read buffer per thread, grown as needed: files are read into it and decoded (copied) at once. */
let readBuffer = Buffer.allocUnsafe(64 * 1024);

/** The bytes of a file, in `readBuffer` (valid until the next read). Like `fs.readFileSync`, without its `fstat` and allocation. */
function readInto(file: string): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    let size = 0;
    for (;;) {
      if (size === readBuffer.length) {
        const bigger = Buffer.allocUnsafe(readBuffer.length * 2);
        readBuffer.copy(bigger, 0, 0, size);
        readBuffer = bigger;
      }
      const n = fs.readSync(fd, readBuffer, size, readBuffer.length - size, null);
      if (n === 0) break;
      size += n;
    }
    return readBuffer.subarray(0, size);
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads and checks one file. */
export function checkFile(job: FileJob): FileOutcome {
  const started = performance.now();
  let bytes: Buffer;
  try {
    bytes = readInto(job.file);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return { error: { code: e?.code, message: e?.message ?? String(err) } };
  }
  const findings = findingsOfBytes(bytes, job.rules);
  // A huge file should not keep a huge buffer for the rest of the run.
  if (readBuffer.length > 16 * 1024 * 1024) readBuffer = Buffer.allocUnsafe(64 * 1024);
  return { findings, ms: performance.now() - started };
}

/** The number of workers used by default: one per core. */
export function defaultJobs(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/**
 * Checks every file, handing each outcome to `sink` with the file's index (not necessarily in
 * order). When `sink` returns a promise (the output is full), no more work is handed out
 * until it settles; when it throws, the run stops and `checkFiles` rejects with that error.
 */
export async function checkFiles(
  jobs: FileJob[],
  threads: number,
  entryFile: string,
  sink: (index: number, outcome: FileOutcome) => void | Promise<void>,
  filesPerExtraThread = FILES_PER_EXTRA_THREAD,
): Promise<void> {
  const count = Math.max(0, Math.min(threads - 1, Math.floor(jobs.length / filesPerExtraThread)));
  let next = 0;
  let failed: { error: unknown } | undefined;
  let waitFor: Promise<void> | undefined;
  const deliver = (i: number, outcome: FileOutcome) => {
    if (failed) return;
    try {
      const p = sink(i, outcome);
      if (p) waitFor = waitFor ? waitFor.then(() => p) : p;
    } catch (error) {
      failed = { error };
    }
  };
  const settle = async () => {
    while (waitFor && !failed) {
      const p = waitFor;
      waitFor = undefined;
      try {
        await p;
      } catch (error) {
        failed = { error };
      }
    }
  };

  if (count < 1) {
    for (let i = 0; i < jobs.length && !failed; i++) {
      deliver(i, checkFile(jobs[i]));
      if (waitFor) await settle();
    }
    if (failed) throw failed.error;
    return;
  }

  // Workers get chunks once they have loaded (until then this thread checks the first files,
  // so the first reports are not held up by a worker's start); this thread never runs more
  // than WINDOW files ahead of the oldest chunk still in a worker, so the outcomes waiting
  // for their turn stay few.
  const workers: { worker: Worker; ready: boolean; chunks: number[][] }[] = [];
  let wake: (() => void) | undefined;
  const poke = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  let workerError: unknown;
  const dispatch = () => {
    for (const w of workers) {
      while (w.ready && w.chunks.length < IN_FLIGHT && next < jobs.length && !waitFor && !failed) {
        const chunk: number[] = [];
        for (let k = 0; k < CHUNK && next < jobs.length; k++) chunk.push(next++);
        w.chunks.push(chunk);
        w.worker.postMessage(chunk.map((i) => jobs[i]));
      }
    }
  };
  const oldestInWorkers = () => workers.reduce((m, w) => (w.chunks.length ? Math.min(m, w.chunks[0][0]) : m), Infinity);
  for (let k = 0; k < count; k++) {
    const w = { worker: new Worker(entryFile, { workerData: { role: ROLE } }), ready: false, chunks: [] as number[][] };
    w.worker.on('message', (outcomes: FileOutcome[] | typeof READY) => {
      if (outcomes === READY) w.ready = true;
      else {
        const chunk = w.chunks.shift() ?? [];
        outcomes.forEach((o, i) => deliver(chunk[i], o));
      }
      dispatch();
      poke();
    });
    w.worker.on('error', (err) => {
      workerError ??= err;
      poke();
    });
    w.worker.on('exit', (code) => {
      if (w.chunks.length) workerError ??= new Error(`an analysis worker stopped (exit code ${code})`);
      poke();
    });
    workers.push(w);
  }
  try {
    for (;;) {
      if (workerError !== undefined) throw workerError;
      if (waitFor) await settle();
      if (failed) throw failed.error;
      dispatch();
      if (next < jobs.length && next - oldestInWorkers() < WINDOW) {
        const end = Math.min(jobs.length, next + CHUNK);
        while (next < end && !failed) {
          const i = next++;
          deliver(i, checkFile(jobs[i]));
        }
        // Let the workers' answers in.
        await new Promise<void>((resolve) => setImmediate(resolve));
      } else if (workers.some((w) => w.chunks.length) || next < jobs.length) {
        await new Promise<void>((resolve) => (wake = resolve));
      } else break;
    }
  } finally {
    await Promise.all(workers.map((w) => w.worker.terminate()));
  }
}

/** In a worker thread started by `checkFiles`: answer chunks until terminated. */
if (!isMainThread && workerData?.role === ROLE && parentPort) {
  const port = parentPort;
  port.on('message', (chunk: FileJob[]) => port.postMessage(chunk.map(checkFile)));
  port.postMessage(READY);
}

/** Whether this thread is one of the analysis workers (the CLI must not run there). */
export const isAnalysisWorker = !isMainThread && workerData?.role === ROLE;
