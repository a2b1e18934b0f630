/** The environment the CLI runs in under test: no colour forcing or disabling, no NODE_OPTIONS inherited from whoever runs the tests. */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  delete env.NODE_OPTIONS;
  return env;
}
