/**
 * Test entry for the browser extension host (@vscode/test-electron's `run()` convention), bundled
 * for a web worker by scripts/extension-tests.mjs --web: mocha's browser build, no Node (`fs`, `path`).
 */
// Mocha's browser build: sets the global `mocha`.
import 'mocha/mocha.js';

declare const require: { (id: string): unknown };

export function run(): Promise<void> {
  // The spec reporter writes with console.log, which the workbench passes on to the test runner.
  mocha.setup({ ui: 'tdd', reporter: 'spec', timeout: 60000 });
  // The suites: required here so that the bundler puts them in.
  require('./web.test');
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      console.log(`${mocha.suite.total() - failures} passed, ${failures} failed`);
      if (failures > 0) reject(new Error(`${failures} tests failed.`));
      else resolve();
    });
  });
}
