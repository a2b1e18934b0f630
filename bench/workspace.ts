/**
 * The language server on a whole workspace: time from start to complete diagnostics (every
 * playbook published) and peak RSS, for workspaces of growing size; then a branch switch:
 * 1,000 files rewritten on disk at once and announced in bursts of file-change
 * notifications, timed until every one of them has its new diagnostics.
 */
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { generatePlaybook } from './generate';
import { LspClient } from './lspClient';

export interface WorkspaceResult {
  files: number;
  /** From spawning the server to the last of the workspace's playbooks published. */
  completeMs: number;
  peakRssMiB: number;
  /** Files rewritten by the branch switch, and the time until all of them were published again. */
  switched: number;
  settleMs: number;
}

function fileOf(dir: string, i: number): string {
  return path.join(dir, `team-${Math.floor(i / 500)}`, `programme-${i}.playbook.yaml`);
}

/** Writes `count` small playbooks (kept between runs when the count matches). */
function generateWorkspace(dir: string, count: number): void {
  const stamp = path.join(dir, '.generated');
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === String(count)) {
    // Undo the previous run's branch switch.
    for (const i of switchedIndexes(count)) fs.writeFileSync(fileOf(dir, i), playbookText(i, 0));
    return;
  }
  fs.rmSync(dir, { recursive: true, force: true });
  for (let i = 0; i < count; i++) {
    const f = fileOf(dir, i);
    if (i % 500 === 0) fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, playbookText(i, 0));
  }
  fs.writeFileSync(stamp, String(count));
}

/** The files a branch switch rewrites: 1,000 spread over the tree. */
function switchedIndexes(count: number): number[] {
  const n = Math.min(1000, count);
  const step = Math.floor(count / n);
  return Array.from({ length: n }, (_, k) => k * step);
}

/** Variant 0: branch A; variant 1: branch B, every third file with an owner that does not exist. */
function playbookText(i: number, variant: number): string {
  const text = generatePlaybook(8 + (i % 24), i + 7 + variant * 100003, `programme-${i}`);
  return variant && i % 3 === 0 ? text.replace(/^( {4}owner: ).*$/m, '$1owner-gone') : text;
}

export async function benchWorkspace(root: string, serverJs: string, counts: number[]): Promise<WorkspaceResult[]> {
  const out: WorkspaceResult[] = [];
  for (const count of counts) {
    const dir = path.join(root, `workspace-${count}`);
    generateWorkspace(dir, count);
    const uri = pathToFileURL(dir).toString();
    const t0 = performance.now();
    const client = new LspClient(process.execPath, [serverJs, '--stdio'], { validate: { enable: true }, rules: {} });
    await client.initialize(uri);
    const deadline = Date.now() + 600000;
    while (client.last.size < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const completeMs = Math.max(...[...client.last.values()].map((p) => p.at)) - t0;
    if (client.last.size < count) throw new Error(`only ${client.last.size} of ${count} files published`);

    // Branch switch: 1,000 files spread over the tree rewritten, then announced in bursts.
    const indexes = switchedIndexes(count);
    const switched = indexes.length;
    const files = indexes.map((i) => fileOf(dir, i));
    for (const i of indexes) fs.writeFileSync(fileOf(dir, i), playbookText(i, 1));
    const t1 = performance.now();
    const changes = files.map((f) => ({ uri: pathToFileURL(f).toString(), type: 2 }));
    for (let k = 0; k < changes.length; k += 50) void client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: changes.slice(k, k + 50) });
    const uris = changes.map((c) => c.uri);
    while (uris.some((u) => (client.last.get(u)?.at ?? 0) < t1) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    const settleMs = Math.max(...uris.map((u) => client.last.get(u)!.at)) - t1;
    const peak = client.samplePeak();
    await client.shutdown();
    out.push({ files: count, completeMs: Math.round(completeMs), peakRssMiB: Math.round(peak * 10) / 10, switched, settleMs: Math.round(settleMs) });
  }
  return out;
}
