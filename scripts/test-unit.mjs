// `npm run test:unit`: the fast inner loop. Compiles (no bundle, no lint, no real hosts) and runs
// the unit suites with the property and fuzz tests at a tenth of their runs (PLAYBOOK_TEST_SCALE).
// `npm test` runs everything at the full counts. Ends with "N passed, N failed".
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import Mocha from 'mocha';
import { testFiles } from './test-files.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const started = Date.now();
for (const args of [['scripts/gen-validators.mjs'], ['scripts/gen-styles.mjs'], ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--incremental', '--tsBuildInfoFile', 'out/.tsbuildinfo-unit']]) {
  const r = spawnSync(process.execPath, args.map((a, i) => (i === 0 ? join(root, a) : a)), { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.log(`${args[0]} failed (exit ${r.status ?? r.signal})\n0 passed, 1 failed`);
    process.exit(1);
  }
}
process.env.PLAYBOOK_TEST_SCALE ??= '0.1';

// The files run in parallel, one worker per core (at most 4): the suites share no state.
const jobs = Math.max(1, Math.min(4, availableParallelism()));
const mocha = new Mocha({ ui: 'tdd', reporter: 'spec', timeout: 60000, color: Boolean(process.stdout.isTTY), parallel: jobs > 1, jobs });
for (const f of testFiles(join(root, 'out/test/unit'))) mocha.addFile(f);
// The closing line once, at exit, from the runner's final counts (mocha's parallel runner can report
// its end twice when a worker fails outside a test).
const runner = mocha.run((failures) => {
  process.exitCode = failures ? 1 : 0;
});
process.once('exit', () => {
  console.log(`\nunit suites at PLAYBOOK_TEST_SCALE=${process.env.PLAYBOOK_TEST_SCALE}, ${jobs} ${jobs === 1 ? 'process' : 'processes'}, in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`${runner.stats.passes} passed, ${runner.stats.failures} failed`);
});
