/** Shared helpers for table-driven tests. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzePlaybook, AnalyzeOptions } from '../../server/src/core/analyze';
import { buildJourney, JourneyModel } from '../../server/src/core/journey';
import type { Finding } from '../../server/src/core/types';
import { assertDeclaredReads } from './ruleReads';

/**
 * The number of runs of a property test: the full count in `npm test`, fewer in the
 * inner loop (`npm run test:unit` sets PLAYBOOK_TEST_SCALE=0.1). FUZZ_RUNS_SCALE, the
 * fuzz suite's own knob, scales them too.
 */
export function testRuns(n: number, min = 1): number {
  return Math.max(min, Math.round(n * testScale()));
}

function testScale(): number {
  const scale = Number(process.env.PLAYBOOK_TEST_SCALE ?? '1') * Number(process.env.FUZZ_RUNS_SCALE ?? '1');
  return scale > 0 ? scale : 1;
}

/**
 * The step of an "at every offset" loop: 1 in `npm test`; in the inner loop about three times
 * 1/scale, plus one (31 at a tenth), so that the offsets tried fall at different columns from line
 * to line (these loops cost about as much per offset as a whole analysis).
 */
export function testStride(): number {
  const step = Math.max(1, Math.round(1 / Math.min(1, testScale())));
  return step === 1 ? 1 : step * 3 + 1;
}

/** Removes the common leading indentation of a template literal (and the first newline). */
export function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
}

/** Findings of a YAML snippet. */
export function findingsOf(yaml: string, options?: AnalyzeOptions): Finding[] {
  return analyzePlaybook(dedent(yaml), options).findings;
}

/** A compact, comparable view of a finding: `rule-id@line` (1-based line). */
export function brief(f: Finding): string {
  return `${f.ruleId}@${f.range.start.line + 1}`;
}

export interface RuleCase {
  name: string;
  yaml: string;
  /** 1-based lines where the rule under test must report, in order; [] for a valid case. */
  lines: number[];
  /** Optional: substrings each message must contain, in the same order. */
  messages?: string[];
  options?: AnalyzeOptions;
}

/** Runs a rule's table: each case asserts exactly the lines that rule reports on. */
export function ruleTable(ruleId: string, cases: RuleCase[]): void {
  suite(`rule ${ruleId}`, () => {
    for (const c of cases) {
      test(c.name, () => {
        const all = findingsOf(c.yaml, c.options);
        assert.deepStrictEqual(
          all.filter((f) => f.ruleId === 'syntax').map((f) => f.message),
          [],
          'snippet must parse',
        );
        const mine = all.filter((f) => f.ruleId === ruleId);
        assert.deepStrictEqual(
          mine.map((f) => f.range.start.line + 1),
          c.lines,
          `findings: ${all.map((f) => `${brief(f)} ${f.message}`).join('\n')}`,
        );
        c.messages?.forEach((m, i) => assert.ok(mine[i]?.message.includes(m), `message ${i} should contain ${JSON.stringify(m)}: ${mine[i]?.message}`));
        // Every rule (not only this one) reads only what it declares, on this case too.
        assertDeclaredReads(dedent(c.yaml), c.name);
      });
    }
  });
}

/** The repository root (the folder holding `samples/` and `schemas/`), found from the compiled test's folder. */
export function repoRoot(): string {
  let d = __dirname;
  for (;;) {
    if (fs.existsSync(path.join(d, 'samples')) && fs.existsSync(path.join(d, 'schemas', 'playbook.schema.json'))) return d;
    const parent = path.dirname(d);
    if (parent === d) throw new Error(`repository root not found above ${__dirname}`);
    d = parent;
  }
}

/** Line starts as an editor sees them (CRLF, LF and lone CR end a line): the tests' own count, independent of the product's. */
export function editorLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/** The journey model of a playbook text (asserted to parse). */
export function journeyOf(yaml: string): JourneyModel {
  const j = buildJourney(analyzePlaybook(yaml));
  assert.ok(j, 'journey built');
  return j!;
}

/** The bundled samples (file name and text), sorted by file name. */
export function samples(): { name: string; text: string }[] {
  const dir = path.join(repoRoot(), 'samples');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.playbook.yaml'))
    .sort()
    .map((f) => ({ name: f, text: fs.readFileSync(path.join(dir, f), 'utf8') }));
}
