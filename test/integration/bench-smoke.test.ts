/** A small run of `npm run bench` (--quick): both servers, the CLI against ajv-cli, the preview in Chromium. */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../../..');

suite('benchmark smoke run', () => {
  test('bench --quick measures every figure and writes its results', function () {
    this.timeout(300000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'playbook-bench-'));
    try {
      const out = path.join(dir, 'results.json');
      const r = spawnSync(process.execPath, [path.join(ROOT, 'out/bench/run.js'), '--quick', '--out', out, '--dir', path.join(dir, 'generated')], { cwd: ROOT, encoding: 'utf8', timeout: 280000 });
      assert.strictEqual(r.status, 0, `exit ${r.status}, signal ${r.signal}, ${r.error ? `error ${r.error.message}` : 'no spawn error'}\n${r.stdout}\n${r.stderr}`);
      const results = JSON.parse(fs.readFileSync(out, 'utf8'));
      assert.deepStrictEqual(results.servers.map((s: { server: string; sync: string }) => `${s.server} ${s.sync}`).sort(), ['playbook full', 'playbook incremental', 'yaml-language-server incremental']);
      for (const o of results.opens) {
        for (const f of [o.clean.ours, o.clean.yaml, o.clean.oursUncached, o.clean.oursUntuned, o.findings.ours, o.findings.yaml]) assert.ok(f.medianMs > 0 && f.samplesMs.length === results.openRuns, JSON.stringify(o));
        assert.ok(o.findings.ours.count > 0 && o.clean.ours.count === 0, JSON.stringify(o));
      }
      // The code cache was there (or written) before the measured starts: `loaded`, or `absent, written by this start`.
      assert.match(results.codeCache, /^(loaded|absent, written by this start|rejected, written by this start|off)$/);
      assert.match(r.stdout, /first start after installing \(no code cache\)/);
      for (const w of results.workspace) assert.ok(w.files > 0 && w.completeMs > 0 && w.peakRssMiB > 0 && w.switched > 0 && w.settleMs > 0, JSON.stringify(w));
      assert.match(r.stdout, /Machine: \d+ cores/);
      assert.match(r.stdout, /full-text client/);
      for (const s of results.servers) {
        for (const k of ['openMs', 'editMedianMs', 'editP95Ms', 'referenceEditMedianMs', 'referenceEditP95Ms', 'completionMedianMs', 'hoverMedianMs', 'peakRssMiB']) assert.ok(Number.isFinite(s[k]) && s[k] > 0, `${s.server} ${k} = ${s[k]}`);
      }
      assert.ok(results.cli.playbookMs > 0 && results.cli.ajvCliMs > 0 && results.cli.ajvOk, JSON.stringify(results.cli));
      assert.ok(results.preview.medianMs > 0, JSON.stringify(results.preview));
      assert.match(r.stdout, /\| 200 \(\d+\) \| edit → diagnostics, median \|/);
      assert.match(r.stdout, /ajv-cli \(schema only\)/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
