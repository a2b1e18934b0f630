/**
 * Memory over time: open, edit and close the 2,000-touchpoint playbook 200 times and compare
 * the server's JS heap (after a full GC) at the start and at the end.
 *   node out/bench/memory.js [rounds]
 */
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { generatePlaybook } from './generate';
import { LspClient } from './lspClient';

const ROOT = path.resolve(__dirname, '../..');

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 200);
  const dir = path.join(ROOT, 'bench', 'generated', 'memory');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'bench-2000.playbook.yaml');
  const text = generatePlaybook(2000);
  fs.writeFileSync(file, text);
  const uri = pathToFileURL(file).toString();
  const client = new LspClient(process.execPath, ['--expose-gc', path.join(ROOT, 'dist/server.js'), '--stdio'], { validate: { enable: true }, rules: {}, debounceMs: 0 });
  await client.initialize(pathToFileURL(dir).toString());
  const heap = async () => (await client.request<{ heapUsed: number }>('playbook/serverInfo', null)).heapUsed / (1024 * 1024);
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l === '  - id: touchpoint-1000') + 7;
  const col = lines[line].indexOf(':') + 2;
  const round = async () => {
    const opened = client.nextDiagnostics(uri);
    client.open(uri, 'playbook', text);
    await opened;
    for (let v = 2; v < 7; v++) {
      const next = client.nextDiagnostics(uri);
      client.change(uri, v, { start: { line, character: col }, end: { line, character: col + 2 } }, v % 2 ? '3d' : '4d');
      await next;
    }
    await client.request('textDocument/completion', { textDocument: { uri }, position: { line, character: col } });
    client.close(uri);
  };
  // Warm-up: the first rounds also grow compiled code and caches that then stay constant.
  for (let i = 0; i < 10; i++) await round();
  const start = await heap();
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    await round();
    if ((i + 1) % 50 === 0) samples.push(await heap());
  }
  const end = await heap();
  const peak = client.samplePeak();
  await client.shutdown();
  const growth = ((end - start) / start) * 100;
  console.log(`heap after a full GC: start ${start.toFixed(1)} MiB, end ${end.toFixed(1)} MiB after ${rounds} open/edit/close rounds (${growth >= 0 ? '+' : ''}${growth.toFixed(1)} %); every 50 rounds: ${samples.map((s) => s.toFixed(1)).join(', ')} MiB; peak RSS ${peak.toFixed(0)} MiB`);
  fs.writeFileSync(path.join(ROOT, 'bench', 'memory-results.json'), `${JSON.stringify({ rounds, startMiB: start, endMiB: end, growthPercent: growth, samples, peakRssMiB: peak }, null, 2)}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
