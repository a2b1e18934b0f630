/**
 * Analyses many playbooks: clean files are confirmed by the quick check, the
 * rest get the full analysis; with `jobs` > 1 the work is spread over worker
 * threads running this same file. Results come back in input order.
 */
import * as os from 'os';
import { isMainThread, parentPort, Worker, workerData } from 'worker_threads';
import { analyzePlaybook } from '../core/analyze';
import { isCertainlyClean } from '../core/quickCheck';
import type { Finding, SeveritySetting } from '../core/types';

export interface AnalysisJob {
  text: string;
  rules?: Record<string, SeveritySetting>;
}

const ROLE = 'playbook-analysis-worker';
const CHUNK = 16;
/**
 * Input bytes per extra thread before threads pay off: a worker needs ~65 ms to start and
 * a few hundred ms of warm-up, and one thread checks about 8 MB of playbooks per second.
 */
const BYTES_PER_EXTRA_THREAD = 16 * 1024 * 1024;

/** Findings of one playbook, exactly those of `analyzePlaybook`. */
export function findingsOf(job: AnalysisJob): Finding[] {
  return isCertainlyClean(job.text, job.rules) ? [] : analyzePlaybook(job.text, { rules: job.rules }).findings;
}

/** The number of workers used by default: one per core. */
export function defaultJobs(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/**
 * Findings of every job, in order. With `threads` > 1 and enough work, `threads - 1`
 * worker threads share the jobs with this thread, a chunk at a time.
 */
export async function analyzeMany(jobs: AnalysisJob[], threads: number, entryFile: string): Promise<Finding[][]> {
  const bytes = jobs.reduce((n, j) => n + j.text.length, 0);
  const count = Math.min(threads - 1, Math.floor(jobs.length / (CHUNK * 4)), Math.floor(bytes / BYTES_PER_EXTRA_THREAD));
  if (count < 1) return jobs.map(findingsOf);
  const results: Finding[][] = new Array(jobs.length);
  let next = 0;
  // This thread takes a chunk whenever it is free, between the workers' messages.
  const local = new Promise<void>((resolve) => {
    const step = () => {
      if (next >= jobs.length) return resolve();
      const end = Math.min(jobs.length, next + CHUNK);
      for (; next < end; ) {
        const i = next++;
        results[i] = findingsOf(jobs[i]);
      }
      setImmediate(step);
    };
    setImmediate(step);
  });
  await Promise.all([
    local,
    ...Array.from({ length: count }, () => {
      return new Promise<void>((resolve, reject) => {
        const worker = new Worker(entryFile, { workerData: { role: ROLE } });
        let sent: number[] = [];
        const send = () => {
          if (next >= jobs.length) {
            void worker.terminate().then(() => resolve());
            return;
          }
          sent = [];
          for (let i = 0; i < CHUNK && next < jobs.length; i++) sent.push(next++);
          worker.postMessage(sent.map((i) => jobs[i]));
        };
        worker.on('message', (batch: Finding[][]) => {
          batch.forEach((f, k) => (results[sent[k]] = f));
          send();
        });
        worker.on('error', reject);
        send();
      });
    }),
  ]);
  return results;
}

/** In a worker thread started by `analyzeMany`: answer batches until terminated. */
if (!isMainThread && workerData?.role === ROLE && parentPort) {
  const port = parentPort;
  port.on('message', (batch: AnalysisJob[]) => port.postMessage(batch.map(findingsOf)));
}

/** Whether this thread is one of the analysis workers (the CLI must not run there). */
export const isAnalysisWorker = !isMainThread && workerData?.role === ROLE;
