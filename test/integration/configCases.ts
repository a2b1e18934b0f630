/**
 * Broken `.playbookrc.yaml` files and what both tools say about them, written once so that the
 * CLI suite and the language-server suite hold them to the same message texts: the CLI prints
 * `playbook: invalid configuration <file>:<line>:<column>: <message>` for the first problem and
 * exits 2; the language server shows every problem on the file itself with the same messages.
 */

export interface ConfigProblem {
  /** 1-based, as the CLI prints it. */
  line: number;
  column: number;
  message: string;
}

export interface BrokenConfig {
  name: string;
  text: string;
  /** Every problem of the file, in file order. */
  problems: ConfigProblem[];
}

export const BROKEN_CONFIGS: BrokenConfig[] = [
  {
    name: 'an unknown severity next to a valid entry',
    text: '# Team rules\nrules:\n  coverage-gap: loud\n  kpi-unmeasured: off\n',
    problems: [{ line: 3, column: 17, message: '`loud` is not a severity for rule `coverage-gap`: use `error`, `warning`, `info`, `off`.' }],
  },
  {
    name: 'two unknown severities and an exclude that is not a list',
    text: 'rules:\n  coverage-gap: loud\n  kpi-unmeasured: often\nexclude: drafts\n',
    problems: [
      { line: 2, column: 17, message: '`loud` is not a severity for rule `coverage-gap`: use `error`, `warning`, `info`, `off`.' },
      { line: 3, column: 19, message: '`often` is not a severity for rule `kpi-unmeasured`: use `error`, `warning`, `info`, `off`.' },
      { line: 4, column: 10, message: '`exclude` in the configuration file must be a list, but it is the text `drafts`.' },
    ],
  },
  {
    name: 'YAML that does not parse',
    text: 'rules: [\n',
    problems: [{ line: 2, column: 1, message: 'YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]' }],
  },
  {
    name: 'a rule that cannot be turned off',
    text: 'rules:\n  syntax: off\n',
    problems: [
      {
        line: 2,
        column: 3,
        message: '`syntax` findings cannot be turned off: a playbook that does not parse or breaks the schema cannot be checked reliably. Remove this entry.',
      },
    ],
  },
];

/** The CLI's line on standard error for a broken configuration shown as `shown` (its first problem). */
export function cliConfigError(shown: string, config: BrokenConfig): string {
  const first = config.problems[0];
  return `playbook: invalid configuration ${shown}:${first.line}:${first.column}: ${first.message}\n`;
}
