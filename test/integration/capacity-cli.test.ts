/** `playbook capacity FILE`: the figures of format v1.1 per owner and per segment, in each format, with the exit code of the findings. */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';
import type { CapacityReport } from '../../server/src/cli/capacity';
import { cleanEnv } from './cliEnv';

const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist/cli.js');
const OVER = 'test/fixtures/workload/over.playbook.yaml';

function capacity(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, 'capacity', ...args], { cwd: ROOT, encoding: 'utf8', env: cleanEnv() });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

suite('CLI: playbook capacity', () => {
  test('json: per owner type, headcount, accounts, workload, available hours, utilisation and the costliest touchpoints; per segment touches a month', () => {
    const r = capacity(OVER, '--format', 'json');
    assert.strictEqual(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout) as CapacityReport;
    assert.deepStrictEqual(report.owners, [
      // check-in: 260 accounts × 1 h × monthly (a schedule trigger) = 260 h; qbr: 260 × 3 h ÷ 3 months = 260 h.
      { id: 'csm', name: null, type: 'team', headcount: 3, accounts: 260, workload: 520, available: 260, utilisation: 200, top: [{ touchpoint: 'check-in', hours: 260 }, { touchpoint: 'qbr', hours: 260 }] },
      // kickoff: once, 8 new accounts a month × 2 h.
      { id: 'am', name: null, type: 'human', headcount: 1, accounts: 0, workload: 16, available: null, utilisation: null, top: [{ touchpoint: 'kickoff', hours: 16 }] },
      // Automation: no workload, whatever its effort says.
      { id: 'bot', name: null, type: 'automation', headcount: 1, accounts: 0, workload: 0, available: null, utilisation: null, top: [] },
    ]);
    // digest weekly (730.56 ÷ 168 = 4.35) + check-in monthly (1) + qbr quarterly (0.33); kickoff is once: not a touch.
    assert.deepStrictEqual(report.segments, [{ id: 'enterprise', name: null, touchesPerMonth: 5.68, maxTouchesPerMonth: 2 }]);
    assert.deepStrictEqual(report.findings, { error: 0, warning: 4, info: 1 });
  });

  test('table (default) and markdown; the exit code follows the findings as for validate', () => {
    const table = capacity(OVER);
    assert.strictEqual(table.status, 0, 'warnings only: below the default fail severity');
    assert.match(table.stdout, /^csm +team +3 +260 +520 h +260 h +200 % ! +check-in \(260 h\), qbr \(260 h\)$/m);
    assert.match(table.stdout, /^enterprise +5\.7 +2$/m);
    assert.match(table.stdout, /^536 person-hours a month in total · 5 findings/m);
    const md = capacity(OVER, '--format', 'markdown', '--fail-severity', 'warning');
    assert.strictEqual(md.status, 1, 'warnings at the fail severity');
    assert.match(md.stdout, /^\| csm \| team \| 3 \| 260 \| 520 h \| 260 h \| 200 % \*\*over\*\* \| check-in \(260 h\), qbr \(260 h\) \|$/m);
    assert.strictEqual(capacity('samples/laer.playbook.yaml').status, 0);
  });

  test('a playbook without workload keys: zero hours, no figures invented', () => {
    const r = capacity('samples/race.playbook.yaml', '--format', 'json');
    const report = JSON.parse(r.stdout) as CapacityReport;
    assert.ok(report.owners.every((o) => o.workload === 0 && o.available === null && o.utilisation === null));
  });

  test('usage problems: exit 2 with one line', () => {
    for (const [args, message] of [
      [[], /^playbook: capacity takes exactly one playbook file/],
      [[OVER, '--format', 'csv'], /^playbook: unknown capacity format "csv": use table, json or markdown$/],
      [['nope.playbook.yaml'], /^playbook: no such file or directory: nope\.playbook\.yaml$/],
    ] as [string[], RegExp][]) {
      const r = capacity(...args);
      assert.strictEqual(r.status, 2, r.stderr);
      assert.match(r.stderr.trim(), message);
      assert.strictEqual(r.stderr.trim().split('\n').length, 1);
    }
  });
});
