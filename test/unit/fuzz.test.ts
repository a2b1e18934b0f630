/**
 * Property-based fuzzing of the public core APIs with fast-check.
 *
 * Inputs: valid playbooks generated from an arbitrary (frameworks, stages,
 * owners, segments, triggers of every type, touchpoints, KPIs, rules,
 * comments, suppressions, quoting styles, unicode text), mutations of the
 * bundled samples and of generated playbooks (deletions, insertions, swapped
 * value types, unicode incl. astral chars / RTL / combining marks / lone
 * surrogates, truncation, line duplication, indentation changes, line swaps,
 * line-end changes, anchors/aliases/merge keys, inserted keys), large generated
 * playbooks, and the truncation of the smallest sample at EVERY offset
 * (about 10,800 inputs in all with the default counts).
 *
 * For every input (see `checkInput`):
 *  - `analyzePlaybook` never throws nor hangs (a 30 s guard for inputs <= 100 KB; speed is the bench's);
 *  - every finding (and related location) lies inside the document and its
 *    range agrees with its offsets; its rule id is known; `internal-error`
 *    (a crashing rule) never appears;
 *  - completion, hover and definition (occurrenceAt + declarationOf) at 3
 *    offsets never throw and return offsets inside the document;
 *  - document symbols and folding ranges stay inside the document;
 *  - `buildJourney` never throws and its ranges lie inside the document;
 *  - the CLI formatters never throw; JSON and SARIF output parses.
 *
 * Deterministic by default (fixed seed). To explore with another seed:
 *   FUZZ_SEED=12345 npx mocha out/test/unit/fuzz.test.js
 *   FUZZ_SEED=random npx mocha out/test/unit/fuzz.test.js   (prints the seed it used)
 * FUZZ_RUNS_SCALE=4 multiplies the number of fast-check runs (default 1).
 * FUZZ_IGNORE=<regex> (triage only) skips failures whose message matches, to find
 * the bugs hidden behind a known one; FUZZ_TRACE=<file> writes every input to that
 * file before checking it, to catch an input that crashes or exhausts the process.
 *
 * Every failing input is saved as a regression fixture in
 * test/fixtures/fuzz/<hash>.playbook.yaml (for fast-check properties: the
 * counterexample minimised line by line, see `minimize`); the last suite re-runs
 * every fixture in that folder. Known failures are real product bugs: do not
 * weaken a check to make them pass.
 */
import * as assert from 'assert';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import fc from 'fast-check';
import { analyzePlaybook, Analysis } from '../../server/src/core/analyze';
import { completeAt } from '../../server/src/core/completion';
import { hoverAt } from '../../server/src/core/hover';
import { buildJourney } from '../../server/src/core/journey';
import { declarationOf, occurrenceAt } from '../../server/src/core/navigation';
import { renderHtmlExport, renderMermaidExport, renderSvgExport } from '../../server/src/core/render/exports';
import { documentSymbols, foldingRanges } from '../../server/src/core/symbols';
import type { Finding, Position, Range } from '../../server/src/core/types';
import { formatGithub } from '../../server/src/cli/formats/github';
import { formatJson } from '../../server/src/cli/formats/json';
import { formatJunit } from '../../server/src/cli/formats/junit';
import { formatSarif } from '../../server/src/cli/formats/sarif';
import { formatStylish } from '../../server/src/cli/formats/stylish';
import type { FileReport, FormatOptions } from '../../server/src/cli/report';
import { rng } from '../../bench/generate';
import { editorLineStarts, testStride } from './helpers';

// The compiled file lands in out/test/unit/, three levels below the repository root.
const ROOT = path.resolve(__dirname, '..', '..', '..');
const SAMPLES_DIR = path.join(ROOT, 'samples');
const FIXTURE_DIR = path.join(ROOT, 'test', 'fixtures', 'fuzz');

const FIXED_SEED = 20_240_611;
const SEED = seedFromEnv(process.env.FUZZ_SEED);
const RUNS_SCALE = Math.max(0.01, (Number(process.env.FUZZ_RUNS_SCALE ?? '1') || 1) * (Number(process.env.PLAYBOOK_TEST_SCALE ?? '1') || 1));
const runs = (n: number) => Math.max(1, Math.round(n * RUNS_SCALE));
/** Every offset in `npm test`; every 31st in the inner loop (`npm run test:unit`, a tenth of the counts). */
const TRUNCATION_STRIDE = testStride();
/** Triage only: failures whose message matches this regex are skipped, to look past a known bug. */
const IGNORE = process.env.FUZZ_IGNORE ? new RegExp(process.env.FUZZ_IGNORE) : undefined;
const SHRINK_BUDGET_MS = 12_000;
/** Triage only: FUZZ_TRACE=<file> writes each input there before checking it (to catch what kills the process). */
const TRACE = process.env.FUZZ_TRACE;

function seedFromEnv(v: string | undefined): number {
  if (v === undefined || v === '') return FIXED_SEED;
  if (v === 'random') return (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
  const n = Number(v);
  if (!Number.isInteger(n)) throw new Error(`FUZZ_SEED must be an integer or "random", not ${JSON.stringify(v)}`);
  return n | 0;
}

/** Rule ids of FORMAT.md plus the product's own ones; the oracle for "known rule id". */
const KNOWN_RULES = new Set([
  'syntax',
  'schema',
  'unknown-reference',
  'duplicate-id',
  'stage-without-touchpoint',
  'segment-without-touchpoint',
  'coverage-gap',
  'touch-mismatch',
  'kpi-without-target',
  'kpi-unmeasured',
  'unused-definition',
  'escalation-cycle',
  'stage-not-in-framework',
  'owner-over-capacity',
  'kpi-direction',
  'target-direction',
  'owner-over-hours',
  'effort-without-hours',
  'contact-fatigue',
  'cadence-shorter-than-sla',
  'unused-suppression',
  'internal-error',
]);
const CONFIGURABLE = [...KNOWN_RULES].filter((r) => !['syntax', 'schema', 'internal-error'].includes(r));

const FRAMEWORK_STAGES: Record<string, string[]> = {
  aida: ['awareness', 'interest', 'desire', 'action'],
  aidae: ['attention', 'interest', 'desire', 'action', 'engagement'],
  race: ['reach', 'act', 'convert', 'engage'],
  aarrr: ['acquisition', 'activation', 'retention', 'referral', 'revenue'],
  laer: ['land', 'adopt', 'expand', 'renew'],
  'mckinsey-cdj': ['initial-consideration', 'active-evaluation', 'purchase', 'post-purchase'],
  'four-stage': ['unaware', 'aware', 'discovery-onboarding', 'post-onboarding'],
  'seven-stage': ['unaware', 'discovery', 'consideration', 'acquisition', 'onboarding', 'retention', 'advocacy'],
};
const CHANNELS = ['email', 'in-app', 'chat', 'chatbot', 'phone', 'video-call', 'meeting', 'sms', 'push', 'webinar', 'community', 'social', 'direct-mail', 'survey', 'knowledge-base', 'event', 'qbr'];
const METRICS = ['nps', 'csat', 'ces', 'clv', 'retention-rate', 'churn-rate', 'conversion-rate', 'activation-rate', 'engagement-score', 'expansion-revenue', 'time-to-value', 'referral-rate', 'custom'];
const ENGAGEMENTS = ['high-touch', 'low-touch', 'no-touch', 'hybrid'];
const OWNER_TYPES = ['human', 'team', 'automation'];
const TRIGGER_TYPES = ['event', 'schedule', 'inactivity', 'score', 'date', 'manual'];
const SEVERITIES = ['error', 'warning', 'info', 'off'];
const UNITS = ['h', 'd', 'w', 'mo', 'q', 'y'];

const FORMAT_OPTIONS: FormatOptions = { color: false, failSeverity: 'error', toolVersion: '0.0.0-fuzz' };

// ---------------------------------------------------------------------------
// Counts (printed at the end)

const counts = {
  generated: 0,
  sampleMutations: 0,
  generatedMutations: 0,
  unicode: 0,
  truncations: 0,
  fixtures: 0,
  total: 0,
  parsed: 0,
  syntaxOnly: 0,
  findings: 0,
  completions: 0,
  hovers: 0,
  definitions: 0,
  slowestMs: 0,
};

// ---------------------------------------------------------------------------
// Regression fixtures

/** Saves a failing input as test/fixtures/fuzz/<hash>.playbook.yaml; returns the path. */
function saveCounterexample(text: string, note: string): string {
  const hash = crypto.createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 16);
  const file = path.join(FIXTURE_DIR, `${hash}.playbook.yaml`);
  try {
    fs.mkdirSync(FIXTURE_DIR, { recursive: true });
    if (!fs.existsSync(file)) fs.writeFileSync(file, encodeFixture(text));
  } catch (err) {
    console.log(`      could not save fuzz fixture ${file}: ${(err as Error).message}`);
  }
  console.log(`      saved failing input (${note}) as ${path.relative(ROOT, file)}`);
  return file;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Fixture bytes: UTF-8, unless the text holds a lone UTF-16 surrogate (which
 * UTF-8 cannot carry): then UTF-16LE code units behind an FF FE mark, exactly.
 */
function encodeFixture(text: string): Buffer {
  if (!LONE_SURROGATE.test(text)) return Buffer.from(text, 'utf8');
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}

/** The exact text of a fixture written by `encodeFixture`. */
function decodeFixture(bytes: Buffer): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  return bytes.toString('utf8');
}

/** A fuzz input: the text and 3 raw numbers that become offsets for completion, hover and definition. */
interface Input {
  text: string;
  probes: number[];
}

/** What identifies a failure: its first line, numbers left out. */
function signature(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n')[0].replace(/\d+/g, 'N').slice(0, 200);
}

/**
 * Shrinks a failing text by deleting chunks of lines (delta debugging) while the
 * same failure remains, within a time budget. Returns the smallest failing text.
 */
function minimize(text: string, fails: (t: string) => boolean, budgetMs: number): string {
  const deadline = performance.now() + budgetMs;
  let lines = text.split(/(?<=\n)/);
  let parts = 2;
  while (lines.length >= 2 && performance.now() < deadline) {
    const chunk = Math.ceil(lines.length / parts);
    let reduced = false;
    for (let i = 0; i < lines.length && performance.now() < deadline; i += chunk) {
      const candidate = [...lines.slice(0, i), ...lines.slice(i + chunk)];
      if (fails(candidate.join(''))) {
        lines = candidate;
        parts = Math.max(parts - 1, 2);
        reduced = true;
        break;
      }
    }
    if (!reduced) {
      if (parts >= lines.length) break;
      parts = Math.min(lines.length, parts * 2);
    }
  }
  return lines.join('');
}

/**
 * Runs a fast-check property over inputs with a fixed seed. Every run is executed
 * (a known bug does not hide the others, and the number of inputs stays the same);
 * failures are grouped by their first message line. fast-check's own shrinking is
 * not used (slow and memory-hungry on these inputs): the first failing text of each
 * group is minimised line by line, saved as a fixture, and the test fails.
 */
function checkProperty(name: string, counter: keyof typeof counts, arb: fc.Arbitrary<Input>, check: (text: string, probes: number[]) => void, numRuns: number): void {
  let ignored = 0;
  let run = 0;
  const failures = new Map<string, { input: Input; run: number; count: number; message: string }>();
  const details = fc.check(
    fc.property(arb, (v) => {
      counts[counter]++;
      run++;
      try {
        check(v.text, v.probes);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        if (IGNORE && IGNORE.test(message)) {
          ignored++;
          return;
        }
        const sig = signature(err);
        const hit = failures.get(sig);
        if (hit) hit.count++;
        else failures.set(sig, { input: { text: v.text, probes: v.probes }, run, count: 1, message });
      }
    }),
    { numRuns, seed: SEED },
  );
  const failing = [...failures.values()].reduce((n, f) => n + f.count, 0);
  console.log(`      ${name}: ${details.numRuns} runs (seed ${SEED}), ${failing} failing${IGNORE ? `, ${ignored} failures ignored by FUZZ_IGNORE` : ''}`);
  if (details.failed) assert.fail(`fast-check itself failed: ${fc.defaultReportMessage(details)}`);
  if (!failures.size) return;
  const report: string[] = [];
  const budget = Math.max(2000, SHRINK_BUDGET_MS / failures.size);
  for (const [sig, f] of failures) {
    const small = minimize(
      f.input.text,
      (t) => {
        try {
          check(t, f.input.probes);
          return false;
        } catch (err) {
          return signature(err) === sig;
        }
      },
      budget,
    );
    let message = f.message;
    try {
      check(small, f.input.probes);
    } catch (err) {
      message = err instanceof Error ? err.message : String(err);
    }
    const file = saveCounterexample(small, `${name} run ${f.run}, minimised from ${f.input.text.length} to ${small.length} chars`);
    report.push(`- ${f.count}× (first at run ${f.run}, probes ${JSON.stringify(f.input.probes)}), saved as ${path.relative(ROOT, file)}:\n  ${message.split('\n').slice(0, 6).join('\n  ')}\n  input: ${JSON.stringify(small).slice(0, 1500)}`);
  }
  const summary = `${name}: ${failing} of ${details.numRuns} inputs fail (seed ${SEED}), ${failures.size} distinct failures:\n${report.join('\n')}`;
  console.log(`      ${summary.slice(0, 3000)}`);
  assert.fail(summary);
}

/** Collects failures of a plain loop, keeping one example per distinct message. */
class FailureLog {
  readonly bySignature = new Map<string, { text: string; message: string; count: number; label: string }>();
  total = 0;

  run(label: string, text: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (IGNORE?.test(message)) return;
      this.total++;
      const sig = message.split('\n')[0].replace(/\d+/g, 'N').slice(0, 200);
      const hit = this.bySignature.get(sig);
      if (hit) {
        hit.count++;
        // keep the shortest example of each kind of failure
        if (text.length < hit.text.length) Object.assign(hit, { text, message, label });
      } else this.bySignature.set(sig, { text, message, count: 1, label });
    }
  }

  /** Saves one fixture per distinct failure and fails the test with a summary. */
  assertNone(what: string): void {
    if (!this.total) return;
    const lines: string[] = [];
    for (const f of this.bySignature.values()) {
      const file = saveCounterexample(f.text, f.label);
      lines.push(`- ${f.count}× e.g. ${f.label} (${path.relative(ROOT, file)}): ${f.message.slice(0, 600)}`);
    }
    assert.fail(`${what}: ${this.total} failing inputs, ${this.bySignature.size} distinct failures:\n${lines.join('\n')}`);
  }
}

// ---------------------------------------------------------------------------
// The checks applied to every input


interface Doc {
  text: string;
  starts: number[];
  /** Length of each line without its line break. */
  lengths: number[];
}

function docOf(text: string): Doc {
  const starts = editorLineStarts(text);
  const lengths = starts.map((s, i) => {
    let end = i + 1 < starts.length ? starts[i + 1] : text.length;
    while (end > s && (text.charCodeAt(end - 1) === 10 || text.charCodeAt(end - 1) === 13)) end--;
    return end - s;
  });
  return { text, starts, lengths };
}

function assertPosition(doc: Doc, p: Position, what: string): void {
  assert.ok(p && Number.isInteger(p.line) && Number.isInteger(p.character), `${what}: not a position ${JSON.stringify(p)}`);
  assert.ok(p.line >= 0 && p.line < doc.starts.length, `${what}: line ${p.line} outside 0..${doc.starts.length - 1}`);
  assert.ok(p.character >= 0 && p.character <= doc.lengths[p.line], `${what}: character ${p.character} outside line ${p.line} (length ${doc.lengths[p.line]})`);
}

function assertRange(doc: Doc, r: Range, what: string): void {
  assertPosition(doc, r.start, `${what} start`);
  assertPosition(doc, r.end, `${what} end`);
  assert.ok(r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character), `${what}: range ends before it starts ${JSON.stringify(r)}`);
}

function assertOffsets(doc: Doc, o: readonly [number, number] | undefined, what: string): void {
  assert.ok(Array.isArray(o) && o.length === 2, `${what}: offsets missing`);
  assert.ok(Number.isInteger(o[0]) && Number.isInteger(o[1]), `${what}: offsets not integers ${JSON.stringify(o)}`);
  assert.ok(o[0] >= 0 && o[0] <= o[1] && o[1] <= doc.text.length, `${what}: offsets ${JSON.stringify(o)} outside 0..${doc.text.length}`);
}

/** The LSP position of an offset, as an editor computes it. */
function positionOf(doc: Doc, offset: number): Position {
  let lo = 0;
  let hi = doc.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (doc.starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - doc.starts[lo] };
}

function assertFinding(doc: Doc, f: Finding): void {
  const what = `${f.ruleId} ${JSON.stringify(f.message?.slice(0, 100))}`;
  assert.ok(KNOWN_RULES.has(f.ruleId), `unknown rule id ${JSON.stringify(f.ruleId)}`);
  assert.notStrictEqual(f.ruleId, 'internal-error', `a rule crashed: ${f.message}`);
  assert.ok(['error', 'warning', 'info'].includes(f.severity), `${what}: severity ${f.severity}`);
  assert.ok(typeof f.message === 'string' && f.message.length > 0, `${what}: empty message`);
  assertOffsets(doc, f.offsets, what);
  assertRange(doc, f.range, what);
  assert.deepStrictEqual(f.range.start, positionOf(doc, f.offsets[0]), `${what}: range start ${JSON.stringify(f.range.start)} does not match offset ${f.offsets[0]}`);
  assert.deepStrictEqual(f.range.end, positionOf(doc, f.offsets[1]), `${what}: range end ${JSON.stringify(f.range.end)} does not match offset ${f.offsets[1]}`);
  for (const r of f.related ?? []) assertRange(doc, r.range, `${what} related`);
  // A duplicate-key finding names the key and sits on it (the product covers "the whole key").
  const dup = /^Key `([^`]*)` appears twice/.exec(f.message);
  if (f.ruleId === 'syntax' && dup) {
    assert.ok(dup[1].trim() !== '', `duplicate-key finding names a blank key ${JSON.stringify(dup[1])} at ${JSON.stringify(f.offsets)}`);
    assert.strictEqual(doc.text.slice(f.offsets[0], f.offsets[1]), dup[1], `duplicate-key finding for ${JSON.stringify(dup[1])} is not on that key`);
  }
}

/** Every `range`/`idRange` in the journey model lies inside the document. */
function assertJourneyRanges(doc: Doc, value: unknown, where: string, depth = 0): void {
  if (depth > 12 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    value.forEach((v, i) => assertJourneyRanges(doc, v, `${where}[${i}]`, depth + 1));
    return;
  }
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if ((k === 'range' || k === 'idRange') && v && typeof v === 'object' && 'start' in v) assertRange(doc, v as Range, `journey ${where}.${k}`);
    else assertJourneyRanges(doc, v, `${where}.${k}`, depth + 1);
  }
}

interface CheckOptions {
  /** Also run the HTML/SVG/Mermaid exporters on the journey. */
  render?: boolean;
}

/**
 * All the invariants for one input. `probes` are raw numbers turned into
 * offsets inside the text (completion, hover and definition run at each).
 */
export function checkInput(text: string, probes: number[], options: CheckOptions = {}): Analysis {
  const doc = docOf(text);
  counts.total++;
  if (TRACE) fs.writeFileSync(TRACE, encodeFixture(text)); // the input in progress, should the process die

  let analysis: Analysis | undefined;
  const t0 = performance.now();
  try {
    analysis = analyzePlaybook(text);
  } catch (err) {
    assert.fail(`analyzePlaybook threw: ${(err as Error)?.stack ?? String(err)}`);
  }
  const ms = performance.now() - t0;
  counts.slowestMs = Math.max(counts.slowestMs, ms);
  // A hang guard only (speed is measured by `npm run bench`): generous for a loaded CI machine.
  if (Buffer.byteLength(text, 'utf8') <= 100 * 1024) assert.ok(ms < 30_000, `hang guard: analysis took ${ms.toFixed(0)} ms for <= 100 KB`);
  assert.ok(analysis && Array.isArray(analysis.findings), 'analysis has no findings array');
  if (analysis.model) counts.parsed++;
  else counts.syntaxOnly++;
  counts.findings += analysis.findings.length;
  for (const f of analysis.findings) assertFinding(doc, f);

  const a = analysis;
  for (const probe of probes) {
    const offset = Math.abs(Math.trunc(probe)) % (text.length + 1);
    const at = `at offset ${offset}`;
    let completions: ReturnType<typeof completeAt> = [];
    try {
      completions = completeAt(text, offset, a.model);
    } catch (err) {
      assert.fail(`completeAt ${at} threw: ${(err as Error)?.stack ?? String(err)}`);
    }
    assert.ok(Array.isArray(completions), `completeAt ${at} did not return a list`);
    counts.completions++;
    for (const c of completions) {
      assert.ok(typeof c.label === 'string' && typeof c.insertText === 'string', `completion ${at}: bad entry ${JSON.stringify(c)}`);
      assertOffsets(doc, c.replace, `completion ${JSON.stringify(c.label)} ${at} replace`);
    }

    let hover: ReturnType<typeof hoverAt>;
    try {
      hover = hoverAt(a, offset);
    } catch (err) {
      assert.fail(`hoverAt ${at} threw: ${(err as Error)?.stack ?? String(err)}`);
    }
    if (hover) {
      counts.hovers++;
      assert.ok(typeof hover.markdown === 'string' && hover.markdown.length > 0, `hover ${at}: empty markdown`);
      assertOffsets(doc, hover.offsets, `hover ${at}`);
    }

    let occ: ReturnType<typeof occurrenceAt>;
    try {
      occ = occurrenceAt(a, offset);
    } catch (err) {
      assert.fail(`occurrenceAt ${at} threw: ${(err as Error)?.stack ?? String(err)}`);
    }
    if (occ) {
      assertOffsets(doc, occ.offsets, `occurrence ${at}`);
      assert.ok(offset >= occ.offsets[0] && offset <= occ.offsets[1], `occurrence ${at} does not contain the offset: ${JSON.stringify(occ.offsets)}`);
      let decl: ReturnType<typeof declarationOf>;
      try {
        decl = declarationOf(a, occ.kind, occ.id);
      } catch (err) {
        assert.fail(`declarationOf(${occ.kind}, ${occ.id}) threw: ${(err as Error)?.stack ?? String(err)}`);
      }
      if (decl) {
        counts.definitions++;
        assertOffsets(doc, decl.offsets, `declaration of ${occ.kind} ${occ.id}`);
        assert.strictEqual(decl.id, occ.id, 'declaration of another id');
      }
    }
  }

  let symbols: ReturnType<typeof documentSymbols> = [];
  let folds: ReturnType<typeof foldingRanges> = [];
  try {
    symbols = documentSymbols(a);
    folds = foldingRanges(a);
  } catch (err) {
    assert.fail(`documentSymbols/foldingRanges threw: ${(err as Error)?.stack ?? String(err)}`);
  }
  const walk = (list: typeof symbols) => {
    for (const s of list) {
      assertOffsets(doc, s.offsets, `symbol ${s.name}`);
      assertOffsets(doc, s.selection, `symbol ${s.name} selection`);
      walk(s.children);
    }
  };
  walk(symbols);
  for (const [s, e] of folds) assert.ok(s >= 0 && s <= e && e < doc.starts.length, `folding range ${s}-${e} outside 0..${doc.starts.length - 1}`);

  let journey: ReturnType<typeof buildJourney>;
  try {
    journey = buildJourney(a);
  } catch (err) {
    assert.fail(`buildJourney threw: ${(err as Error)?.stack ?? String(err)}`);
  }
  if (a.model) assert.ok(journey, 'buildJourney returned nothing for a text that parsed');
  if (journey) {
    assertJourneyRanges(doc, journey, 'journey');
    assert.doesNotThrow(() => JSON.stringify(journey), 'journey model is not JSON-serialisable');
    if (options.render) {
      try {
        renderHtmlExport(journey);
        renderSvgExport(journey);
        renderMermaidExport(journey);
      } catch (err) {
        assert.fail(`a journey exporter threw: ${(err as Error)?.stack ?? String(err)}`);
      }
    }
  }

  const reports: FileReport[] = [{ path: 'fuzz/input.playbook.yaml', findings: a.findings }];
  let outputs: Record<string, string> = {};
  try {
    outputs = {
      json: formatJson(reports, FORMAT_OPTIONS),
      sarif: formatSarif(reports, FORMAT_OPTIONS),
      junit: formatJunit(reports, FORMAT_OPTIONS),
      github: formatGithub(reports),
      stylish: formatStylish(reports, FORMAT_OPTIONS),
    };
  } catch (err) {
    assert.fail(`a CLI formatter threw: ${(err as Error)?.stack ?? String(err)}`);
  }
  let json: { files: { findings: unknown[] }[] };
  try {
    json = JSON.parse(outputs.json);
  } catch (err) {
    assert.fail(`JSON output does not parse: ${(err as Error).message}`);
  }
  assert.strictEqual(json.files[0].findings.length, a.findings.length, 'JSON output lost findings');
  let sarif: { runs: { results: unknown[] }[] };
  try {
    sarif = JSON.parse(outputs.sarif);
  } catch (err) {
    assert.fail(`SARIF output does not parse: ${(err as Error).message}`);
  }
  assert.strictEqual(sarif.runs[0].results.length, a.findings.length, 'SARIF output lost findings');
  assert.ok(outputs.junit.startsWith('<?xml') && outputs.junit.trimEnd().endsWith('</testsuites>'), 'JUnit output is not a complete document');
  assert.strictEqual(outputs.github.split('\n').filter((l) => l.startsWith('::')).length, a.findings.length, 'one GitHub annotation line per finding (messages must not break lines)');
  return a;
}

// ---------------------------------------------------------------------------
// Generating valid playbooks

/** Characters YAML cannot hold literally (outside c-printable), plus line breaks and the BOM. */
function needsEscape(cp: number): boolean {
  if (cp === 0x09) return false;
  if (cp < 0x20 || cp === 0x7f) return true;
  if (cp >= 0x80 && cp <= 0x9f) return true;
  if (cp === 0x2028 || cp === 0x2029 || cp === 0xfeff || cp === 0xfffe || cp === 0xffff) return true;
  if (cp >= 0xd800 && cp <= 0xdfff) return true; // lone surrogate
  return false;
}

/** A YAML double-quoted scalar for any string. */
function doubleQuoted(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (needsEscape(cp)) out += cp > 0xffff ? `\\U${cp.toString(16).padStart(8, '0')}` : `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

const RESERVED_PLAIN = /^(null|Null|NULL|~|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;

/** A YAML scalar for a string: plain when that is safe, else single- or double-quoted (style picks). */
function yamlString(s: string, style: number): string {
  const printable = [...s].every((ch) => !needsEscape(ch.codePointAt(0)!));
  if (style % 3 === 2 && /^[A-Za-z][A-Za-z0-9 ._()/]*$/.test(s) && !/\s$/.test(s) && !RESERVED_PLAIN.test(s)) return s;
  if (style % 3 === 1 && printable) return `'${s.replace(/'/g, "''")}'`;
  return doubleQuoted(s);
}

/** Text for a comment: no line breaks, nothing YAML cannot hold. */
function commentText(s: string): string {
  return [...s].map((ch) => (needsEscape(ch.codePointAt(0)!) || ch === '\u0085' ? '?' : ch)).join('');
}

const SPECIAL_STRINGS = [
  'مرحبا بالعالم',
  'שלום עולם',
  '\u202Eevil\u202C override',
  '\u200F\u200Erlm marks',
  'e\u0301\u0302\u0303 combining',
  'Z\u0351\u0352\u0353algo',
  '👩‍👩‍👧‍👦 family',
  '𝕳𝖊𝖑𝖑𝖔 𝔀𝓸𝓻𝓵𝓭',
  '\u{10FFFD}\u{1F600}\u{1D11E}',
  '中文客户成功',
  'a: b # not a comment',
  '- looks like a list',
  '&anchor *alias !tag',
  '{[flow]}, "quotes" \'single\'',
  'back\\slash',
  'null',
  'true',
  '123',
  '0x1F',
  '~',
  '',
  ' leading and trailing ',
  'tab\there',
  'line\nbreak',
  '# hash',
  '%directive',
  '@at `backtick`',
  '---',
  '...',
];

const textArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 24 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
  { weight: 2, arbitrary: fc.constantFrom(...SPECIAL_STRINGS) },
);

const idArb = fc.stringMatching(/^[a-z][a-z0-9]{0,7}(-[a-z0-9]{1,4}){0,2}$/);
const durationArb = fc.tuple(fc.integer({ min: 0, max: 400 }), fc.constantFrom(...UNITS)).map(([n, u]) => `${n}${u}`);
const signedDurationArb = fc.tuple(fc.constantFrom('', '-', '+'), durationArb).map(([s, d]) => s + d);
const numberArb = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -1000, max: 100_000 }) },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }) },
);

type Scalar = { t: 'scalar'; text: string };
type FlowList = { t: 'flow'; items: string[] };
type BlockList = { t: 'blocklist'; items: string[] };
type BlockText = { t: 'block'; lines: string[]; header: string };
type Value = Scalar | FlowList | BlockList | BlockText;
type Entry = [string, Value][];

interface Style {
  ind: number;
  /** `key:\n  - item` (true) or `key:\n- item` (false). */
  indentLists: boolean;
  quote: () => number;
  /** A trailing comment for a line, or ''. */
  trailing: () => string;
  /** An own-line comment, or undefined. */
  ownLine: () => string | undefined;
}

function emitValueLines(key: string, v: Value, indent: number, style: Style, firstPrefix: string): string[] {
  const pad = ' '.repeat(indent);
  const head = firstPrefix || pad;
  switch (v.t) {
    case 'scalar':
      return [`${head}${key}: ${v.text}${style.trailing()}`];
    case 'flow':
      return [`${head}${key}: [${v.items.join(', ')}]${style.trailing()}`];
    case 'blocklist': {
      const itemPad = ' '.repeat(indent + (style.indentLists ? style.ind : 0));
      return [`${head}${key}:${style.trailing()}`, ...v.items.map((i) => `${itemPad}- ${i}${style.trailing()}`)];
    }
    case 'block': {
      const inner = ' '.repeat(indent + style.ind);
      return [`${head}${key}: ${v.header}`, ...v.lines.map((l) => (l ? inner + l : ''))];
    }
  }
}

function emitList(key: string, entries: Entry[], style: Style): string[] {
  const out: string[] = [`${key}:${style.trailing()}`];
  const dashIndent = style.indentLists ? style.ind : 0;
  const keyIndent = dashIndent + 2;
  for (const entry of entries) {
    const c = style.ownLine();
    if (c !== undefined) out.push(`${' '.repeat(dashIndent)}${c}`);
    entry.forEach(([k, v], i) => {
      if (i > 0) {
        const c2 = style.ownLine();
        if (c2 !== undefined) out.push(`${' '.repeat(keyIndent)}${c2}`);
      }
      out.push(...emitValueLines(k, v, keyIndent, style, i === 0 ? `${' '.repeat(dashIndent)}- ` : ''));
    });
  }
  return out;
}

const scalar = (text: string): Scalar => ({ t: 'scalar', text });

/** Builds a valid playbook text (no syntax, schema or reference problems) from fast-check's generator. */
function generatePlaybook(g: fc.GeneratorValue, scale = 1): string {
  const n = (max: number) => Math.round(max * scale);
  const pick = <T>(items: readonly T[]): T => g(() => fc.constantFrom(...items));
  const bool = (p = 0.5) => g(fc.double, { min: 0, max: 1, noNaN: true }) < p;
  const ids = (min: number, max: number): string[] => g(() => fc.uniqueArray(idArb, { minLength: scale > 1 ? Math.max(min, max >> 1) : min, maxLength: max }));
  const subset = <T>(items: T[], min = 0): T[] => g(() => fc.subarray(items, { minLength: Math.min(min, items.length) }));
  const shuffled = <T>(items: T[], min: number): T[] => g(() => fc.shuffledSubarray(items, { minLength: min }));
  const str = (): string => g(() => textArb);
  const quoteStyle = g(fc.integer, { min: 0, max: 2 });
  const commentRate = pick([0, 0.05, 0.2, 0.5]);
  const style: Style = {
    ind: pick([2, 4]),
    indentLists: bool(),
    quote: () => (bool(0.7) ? quoteStyle : g(fc.integer, { min: 0, max: 2 })),
    trailing: () => (commentRate && bool(commentRate) ? ` # ${commentText(str())}` : ''),
    ownLine: () => (commentRate && bool(commentRate / 2) ? `# ${commentText(str())}` : undefined),
  };
  const text = (s: string) => scalar(yamlString(s, style.quote()));
  /** Ids are plain when they cannot be read as something else, else quoted. */
  const id = (s: string) => scalar(RESERVED_PLAIN.test(s) ? `"${s}"` : bool(0.85) ? s : style.quote() % 2 ? `'${s}'` : `"${s}"`);
  const idList = (items: string[]): Value => {
    const rendered = items.map((s) => (RESERVED_PLAIN.test(s) || bool(0.1) ? `"${s}"` : s));
    return rendered.length && bool() ? { t: 'blocklist', items: rendered } : { t: 'flow', items: rendered };
  };
  const num = () => {
    const n = g(() => numberArb);
    return String(Object.is(n, -0) ? 0 : n);
  };
  const optional = (entry: Entry, key: string, p: number, make: () => Value) => {
    if (bool(p)) entry.push([key, make()]);
  };
  const blockText = (): Value => {
    const lines = g(fc.array, textArb, { minLength: 1, maxLength: 4 }).map((l) => commentText(l).replace(/^\s+/, '').replace(/\s+$/, ''));
    if (!lines[0]) lines[0] = 'text';
    return { t: 'block', header: pick(['|', '>', '|-', '>+']), lines };
  };

  // Stages
  const framework = pick([...Object.keys(FRAMEWORK_STAGES), 'custom', null]);
  const builtIn = framework && framework !== 'custom' ? FRAMEWORK_STAGES[framework] : undefined;
  const stageIds = builtIn ?? ids(1, n(5));
  const listedStages = builtIn ? (bool(0.4) ? shuffled(builtIn, 1) : []) : stageIds;
  const stages: Entry[] = listedStages.map((s) => {
    const e: Entry = [['id', id(s)]];
    optional(e, 'name', 0.5, () => text(str()));
    optional(e, 'description', 0.2, blockText);
    optional(e, 'goal', 0.4, () => text(str()));
    optional(e, 'exitCriteria', 0.3, () => text(str()));
    return e;
  });

  // Owners, segments, triggers, KPIs, touchpoints
  const ownerIds = ids(1, n(4));
  const owners: Entry[] = ownerIds.map((o) => {
    const e: Entry = [['id', id(o)]];
    optional(e, 'name', 0.6, () => text(str()));
    e.push(['type', scalar(pick(OWNER_TYPES))]);
    optional(e, 'capacity', 0.4, () => scalar(String(g(fc.integer, { min: 0, max: 500 }))));
    optional(e, 'headcount', 0.3, () => scalar(String(g(fc.integer, { min: 1, max: 50 }))));
    optional(e, 'contact', 0.2, () => text(str()));
    return e;
  });
  const segmentIds = ids(0, n(4));
  const segments: Entry[] = segmentIds.map((s) => {
    const e: Entry = [['id', id(s)]];
    optional(e, 'name', 0.6, () => text(str()));
    optional(e, 'description', 0.2, () => text(str()));
    optional(e, 'criteria', 0.4, () => text(str()));
    optional(e, 'engagement', 0.5, () => scalar(pick(ENGAGEMENTS)));
    optional(e, 'owner', 0.5, () => id(pick(ownerIds)));
    optional(e, 'size', 0.5, () => scalar(String(g(fc.integer, { min: 0, max: 100_000 }))));
    return e;
  });
  const triggerIds = ids(0, n(6));
  const triggers: Entry[] = triggerIds.map((t, i) => {
    // every type at least once when there are enough triggers
    const type = i < TRIGGER_TYPES.length && bool(0.7) ? TRIGGER_TYPES[(i + g(fc.nat, 5)) % TRIGGER_TYPES.length] : pick(TRIGGER_TYPES);
    const e: Entry = [['id', id(t)]];
    optional(e, 'name', 0.4, () => text(str()));
    e.push(['type', scalar(type)]);
    switch (type) {
      case 'event':
        e.push(['event', text(pick(['contract.signed', 'user.invited', 'ticket.opened', str()]))]);
        break;
      case 'schedule':
        e.push(['every', scalar(g(() => durationArb))]);
        break;
      case 'inactivity':
        e.push(['after', scalar(g(() => durationArb))]);
        break;
      case 'score': {
        e.push(['metric', text(pick(['health', 'nps', str()]))]);
        const which = pick(['below', 'above', 'both']);
        if (which !== 'above') e.push(['below', scalar(num())]);
        if (which !== 'below') e.push(['above', scalar(num())]);
        break;
      }
      case 'date':
        e.push(['field', text(pick(['renewal_date', 'trial_end', str()]))]);
        optional(e, 'offset', 0.7, () => scalar(g(() => signedDurationArb)));
        break;
    }
    optional(e, 'reentry', 0.3, () => scalar(pick(['once', 'always', g(() => durationArb)])));
    return e;
  });
  const kpiIds = ids(0, n(4));
  const kpis: Entry[] = kpiIds.map((k) => {
    const e: Entry = [['id', id(k)]];
    optional(e, 'name', 0.5, () => text(str()));
    e.push(['metric', scalar(pick(METRICS))]);
    optional(e, 'unit', 0.4, () => text(str()));
    optional(e, 'direction', 0.6, () => scalar(pick(['increase', 'decrease'])));
    optional(e, 'target', 0.6, () => scalar(num()));
    optional(e, 'baseline', 0.5, () => scalar(num()));
    optional(e, 'stage', 0.3, () => id(pick(stageIds)));
    optional(e, 'owner', 0.3, () => id(pick(ownerIds)));
    return e;
  });
  const touchpointIds = ids(0, n(8));
  const touchpoints: Entry[] = touchpointIds.map((t) => {
    const e: Entry = [['id', id(t)]];
    optional(e, 'name', 0.5, () => text(str()));
    e.push(['stage', id(pick(stageIds))]);
    if (segmentIds.length && bool(0.6)) e.push(['segments', idList(subset(segmentIds, 1))]);
    e.push(['channel', scalar(pick(CHANNELS))]);
    e.push(['owner', id(pick(ownerIds))]);
    if (triggerIds.length) optional(e, 'trigger', 0.5, () => id(pick(triggerIds)));
    optional(e, 'within', 0.3, () => scalar(g(() => durationArb)));
    if (kpiIds.length) optional(e, 'kpis', 0.4, () => idList(subset(kpiIds)));
    optional(e, 'escalatesTo', 0.2, () => id(pick(touchpointIds)));
    optional(e, 'emotion', 0.5, () => scalar(String(bool(0.8) ? g(fc.integer, { min: -2, max: 2 }) : g(fc.double, { min: -2, max: 2, noNaN: true }))));
    optional(e, 'description', 0.2, blockText);
    // keys in any order, id first (it is what the entry is known by)
    const rest = shuffled(e.slice(1), e.length - 1);
    return [e[0], ...rest];
  });

  // Top level
  const top: string[][] = [];
  top.push([`playbook: ${id(g(() => idArb)).text}${style.trailing()}`]);
  top.push([`title: ${text(str()).text}${style.trailing()}`]);
  if (bool(0.4)) top.push(emitValueLines('description', bool() ? blockText() : text(str()), 0, style, ''));
  if (bool(0.4)) top.push([`version: ${g(fc.integer, { min: 1, max: 99 })}`]);
  if (framework) top.push([`framework: ${framework}${style.trailing()}`]);
  if (bool(0.4)) top.push([`engagement: ${pick(ENGAGEMENTS)}`]);
  if (stages.length) top.push(emitList('stages', stages, style));
  top.push(owners.length ? emitList('owners', owners, style) : ['owners: []']);
  if (segments.length && bool(0.3)) {
    // a suppression comment before one segment (used or not)
    const lines = emitList('segments', segments, style);
    const at = lines.findIndex((l) => /^\s*- /.test(l));
    const rules = subset(['coverage-gap', 'segment-without-touchpoint', 'touch-mismatch', 'no-such-rule', 'schema'], 1);
    lines.splice(at, 0, `${/^\s*/.exec(lines[at])![0]}# playbook-disable-next-line ${rules.join(', ')}${bool() ? ' -- fuzz' : ''}`);
    top.push(lines);
  } else top.push(segments.length ? emitList('segments', segments, style) : ['segments: []']);
  if (triggers.length) top.push(emitList('triggers', triggers, style));
  top.push(touchpoints.length ? emitList('touchpoints', touchpoints, style) : ['touchpoints: []']);
  if (kpis.length) top.push(emitList('kpis', kpis, style));
  if (bool(0.25)) {
    const chosen = subset(CONFIGURABLE, 1).slice(0, 4);
    top.push(['rules:', ...chosen.map((r) => `${' '.repeat(style.ind)}${r}: ${pick(SEVERITIES)}`)]);
  }
  const order = shuffled(top, top.length);
  const lines: string[] = [];
  if (bool(0.3)) lines.push(`# ${commentText(str())}`);
  for (const block of order) {
    const c = style.ownLine();
    if (c !== undefined) lines.push(c);
    lines.push(...block);
  }
  const eol = pick(['\n', '\n', '\n', '\r\n']);
  return lines.join(eol) + (bool(0.9) ? eol : '');
}

const generatedArb: fc.Arbitrary<string> = fc.gen().map((g) => generatePlaybook(g));
/** Playbooks with many entries each (tens of KB), for the time limit. */
const largeGeneratedArb: fc.Arbitrary<string> = fc.gen().map((g) => generatePlaybook(g, 6));

// ---------------------------------------------------------------------------
// Mutations

const SAMPLE_FILES = fs
  .readdirSync(SAMPLES_DIR)
  .filter((f) => /\.playbook\.ya?ml$/.test(f))
  .sort();
const SAMPLES = SAMPLE_FILES.map((f) => ({ name: f, text: fs.readFileSync(path.join(SAMPLES_DIR, f), 'utf8') }));

const UNICODE_BITS = [
  '\u{1F600}',
  '\u{10FFFF}',
  '\u{1D573}',
  '\u{20000}',
  '\u202E',
  '\u202D',
  '\u200F',
  '\u200E',
  '\u061C',
  '\u0301',
  '\u0308\u0301\u0327',
  '\u200D',
  '\uFEFF',
  '\u00A0',
  '\u3000',
  '\u2028',
  '\u2029',
  '\u0085',
  '\uD800',
  '\uDC00',
  '\uDBFF\uDBFF',
  '\uFFFE',
  '\uFFFF',
  '\u0000',
  '\u0007',
  '\u001B[31m',
  '\t',
  'עברית',
  'العربية',
  '👨‍👩‍👧',
  'ǅ',
  'ﷺ',
  'İı',
  'ß',
];
const unicodeArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...UNICODE_BITS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 6 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 4 }) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...UNICODE_BITS), { minLength: 2, maxLength: 6 }).map((a) => a.join('')) },
);

const TOKENS = [
  ':',
  ': ',
  '- ',
  '-',
  '[',
  ']',
  '{',
  '}',
  ',',
  '&a ',
  '*a',
  '*undefined',
  '<<: *a',
  '!!str ',
  '!!map',
  '!custom ',
  '|',
  '>-',
  '#',
  ' # c',
  "'",
  '"',
  '"\\x',
  '%YAML 1.2\n---\n',
  '\n---\n',
  '\n...\n',
  '? ',
  '@',
  '`',
  '\n',
  '\r',
  '\r\n',
  '\t',
  '  ',
  'id: ',
  '- id: x\n',
  'stage: ',
  'segments: [',
  'owner: ',
  'escalatesTo: ',
  'kpis: ',
  'rules: {coverage-gap: off}\n',
  '# playbook-disable-next-line coverage-gap -- why\n',
  '# playbook-disable-next-line\n',
  'touchpoints:\n',
  'framework: custom\n',
  '\ufeff',
  '\u0000',
];
const VALUES = [
  '42',
  '-1',
  '0',
  '3.14',
  '1e309',
  '-1e309',
  '.inf',
  '-.inf',
  '.nan',
  'true',
  'false',
  'null',
  '~',
  '',
  '[]',
  '{}',
  '[a, b]',
  '[[nested]]',
  '{a: 1}',
  '{id: x, type: team}',
  '""',
  "''",
  '"x"',
  '&a value',
  '*a',
  '!!binary aGVsbG8=',
  '!!str 5',
  '!!int x',
  '!!float abc',
  '!!timestamp 2024-01-01',
  '!custom v',
  '|',
  '>-',
  '2024-01-01',
  '12:30:00',
  '0x1F',
  '0o17',
  '- a',
  "'a'b'",
  '? x',
  '9007199254740993',
  '-0',
  '1_000',
  '"\\u0000"',
  '"\\uD800"',
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  '\n      nested: 1',
  '\n      - item',
  '\n  - a\n  - b',
];
const valueArb: fc.Arbitrary<string> = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...VALUES) }, { weight: 1, arbitrary: textArb.map((s) => s.replace(/[\r\n]/g, ' ')) });

type Mutation =
  | { k: 'delete'; pos: number; len: number }
  | { k: 'deleteLines'; line: number; count: number }
  | { k: 'insert'; pos: number; s: string }
  | { k: 'swapType'; line: number; v: string }
  | { k: 'unicode'; pos: number; s: string; replace: boolean }
  | { k: 'truncate'; pos: number }
  | { k: 'dupLine'; line: number; count: number }
  | { k: 'indent'; line: number; span: number; delta: number; tabs: boolean }
  | { k: 'swapLines'; a: number; b: number }
  | { k: 'eol'; style: string }
  | { k: 'aliasValue'; from: number; to: number }
  | { k: 'aliasEntry'; line: number; merge: boolean; target: number }
  | { k: 'keyLine'; line: number; key: string; v: string; deeper: boolean };

/** Keys to insert: real keys of every list, typos, prototype names, merge and complex keys. */
const KEYS = [
  'id', 'name', 'type', 'stage', 'segments', 'channel', 'owner', 'trigger', 'within', 'kpis', 'escalatesTo', 'emotion', 'description',
  'capacity', 'headcount', 'contact', 'criteria', 'engagement', 'size', 'event', 'every', 'after', 'metric', 'below', 'above', 'field',
  'offset', 'reentry', 'unit', 'direction', 'target', 'baseline', 'goal', 'exitCriteria', 'framework', 'stages', 'owners', 'triggers',
  'touchpoints', 'rules', 'playbook', 'title', 'version', 'chanel', 'ownr', 'Stage', '__proto__', 'constructor', 'prototype', 'toString',
  '<<', '"quoted key"', '? complex', '[a, b]', '{x: 1}', '1', 'null', 'true', '',
];

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ k: fc.constant('delete' as const), pos: fc.nat(), len: fc.integer({ min: 1, max: 120 }) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('deleteLines' as const), line: fc.nat(), count: fc.integer({ min: 1, max: 6 }) }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('insert' as const), pos: fc.nat(), s: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 12 })) }) },
  { weight: 4, arbitrary: fc.record({ k: fc.constant('swapType' as const), line: fc.nat(), v: valueArb }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('unicode' as const), pos: fc.nat(), s: unicodeArb, replace: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('truncate' as const), pos: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('dupLine' as const), line: fc.nat(), count: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('indent' as const), line: fc.nat(), span: fc.integer({ min: 1, max: 8 }), delta: fc.integer({ min: -6, max: 6 }), tabs: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('swapLines' as const), a: fc.nat(), b: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('eol' as const), style: fc.constantFrom('\r\n', '\r', '\n') }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('aliasValue' as const), from: fc.nat(), to: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('aliasEntry' as const), line: fc.nat(), merge: fc.boolean(), target: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('keyLine' as const), line: fc.nat(), key: fc.constantFrom(...KEYS), v: valueArb, deeper: fc.boolean() }) },
);


const KEY_LINE = /^(\s*(?:-\s+)?[A-Za-z_$][\w$-]*\s*:)([ \t]*)(.*)$/;

function applyMutation(text: string, m: Mutation): string {
  const at = (n: number) => n % (text.length + 1);
  const lines = text.split('\n');
  const lineAt = (n: number) => n % lines.length;
  switch (m.k) {
    case 'delete': {
      const p = at(m.pos);
      return text.slice(0, p) + text.slice(p + m.len);
    }
    case 'deleteLines': {
      const l = lineAt(m.line);
      lines.splice(l, m.count);
      return lines.join('\n');
    }
    case 'insert': {
      const p = at(m.pos);
      return text.slice(0, p) + m.s + text.slice(p);
    }
    case 'swapType': {
      const keyLines = lines.map((l, i) => [i, KEY_LINE.exec(l)] as const).filter(([, mm]) => mm);
      if (!keyLines.length) return text + m.v;
      const [i, mm] = keyLines[m.line % keyLines.length];
      lines[i] = `${mm![1]} ${m.v}`;
      return lines.join('\n');
    }
    case 'unicode': {
      const p = at(m.pos);
      return text.slice(0, p) + m.s + text.slice(m.replace ? Math.min(text.length, p + m.s.length) : p);
    }
    case 'truncate':
      return text.slice(0, at(m.pos));
    case 'dupLine': {
      const l = lineAt(m.line);
      lines.splice(l, 0, ...lines.slice(l, l + m.count));
      return lines.join('\n');
    }
    case 'indent': {
      const l = lineAt(m.line);
      for (let i = l; i < Math.min(lines.length, l + m.span); i++) {
        if (m.delta >= 0) lines[i] = (m.tabs ? '\t' : ' ').repeat(m.delta) + lines[i];
        else lines[i] = lines[i].replace(new RegExp(`^ {0,${-m.delta}}`), '');
      }
      return lines.join('\n');
    }
    case 'swapLines': {
      const a = lineAt(m.a);
      const b = lineAt(m.b);
      [lines[a], lines[b]] = [lines[b], lines[a]];
      return lines.join('\n');
    }
    case 'eol':
      return text.replace(/\r\n|\r|\n/g, m.style);
    case 'aliasValue': {
      // anchor one value, refer to it from another key (before or after it)
      const keyLines = lines.map((l, i) => [i, KEY_LINE.exec(l)] as const).filter(([, mm]) => mm && mm[3] && !mm[3].startsWith('#'));
      if (keyLines.length < 2) return text;
      const [i, a] = keyLines[m.from % keyLines.length];
      const [j, b] = keyLines[m.to % keyLines.length];
      const name = `v${(m.from + m.to) % 5}`;
      lines[i] = `${a![1]} &${name} ${a![3]}`;
      if (j !== i) lines[j] = `${b![1]} *${name}`;
      return lines.join('\n');
    }
    case 'aliasEntry': {
      // anchor a whole list entry, then repeat it with an alias or merge it into another entry
      const entries = lines.map((l, i) => [i, /^(\s*)- (\S.*)$/.exec(l)] as const).filter(([, mm]) => mm && /^[\w$-]+\s*:/.test(mm[2]));
      if (!entries.length) return text;
      const [i, mm] = entries[m.line % entries.length];
      const dash = mm![1];
      const name = `e${m.line % 5}`;
      lines.splice(i, 1, `${dash}- &${name}`, `${dash}  ${mm![2]}`);
      if (m.merge) {
        const [j, other] = entries[m.target % entries.length];
        const at = j > i ? j + 1 : j;
        lines.splice(at + 1, 0, `${other![1]}  <<: *${name}`);
      } else {
        let k = i + 2;
        while (k < lines.length && (!lines[k].trim() || /^\s*/.exec(lines[k])![0].length > dash.length)) k++;
        lines.splice(k, 0, `${dash}- *${name}`);
      }
      return lines.join('\n');
    }
    case 'keyLine': {
      // a new `key: value` line at the indentation of an existing key (or deeper)
      const l = lineAt(m.line);
      const indent = /^\s*(?:-\s+)?/.exec(lines[l])![0].length + (m.deeper ? 2 : 0);
      lines.splice(l + 1, 0, `${' '.repeat(indent)}${m.key}: ${m.v}`);
      return lines.join('\n');
    }
  }
}

interface Mutated extends Input {
  base: string;
  mutations: Mutation[];
}

const probesArb = fc.array(fc.nat(), { minLength: 3, maxLength: 3 });

function mutatedArb(baseArb: fc.Arbitrary<string>, maxMutations: number, mArb = mutationArb): fc.Arbitrary<Mutated> {
  return fc.tuple(baseArb, fc.array(mArb, { minLength: 1, maxLength: maxMutations }), probesArb).map(([base, mutations, probes]) => ({
    base,
    mutations,
    probes,
    text: mutations.reduce(applyMutation, base),
  }));
}

const sampleArb = fc.constantFrom(...SAMPLES.map((s) => s.text));


// ---------------------------------------------------------------------------

suite('fuzz: core APIs never crash and stay inside the document', function () {
  this.timeout(240_000);

  suiteSetup(() => {
    console.log(`      fuzz seed ${SEED}${SEED === FIXED_SEED ? ' (fixed; FUZZ_SEED=random or FUZZ_SEED=<n> to explore)' : ''}`);
  });

  suiteTeardown(() => {
    const generatedTotal = counts.generated + counts.sampleMutations + counts.generatedMutations + counts.unicode + counts.truncations;
    console.log(
      `      fuzz totals: ${generatedTotal} generated/mutated inputs (${counts.generated} valid generated, ${counts.sampleMutations} sample mutations, ` +
        `${counts.generatedMutations} mutations of generated playbooks, ${counts.unicode} unicode mutations, ${counts.truncations} truncations), ` +
        `${counts.fixtures} regression fixtures; ${counts.total} analyses in all (incl. minimisation), ${counts.parsed} parsed, ${counts.syntaxOnly} with syntax errors, ` +
        `${counts.findings} findings, ${counts.completions} completion / ${counts.hovers} hover / ${counts.definitions} definition results checked; slowest analysis ${counts.slowestMs.toFixed(1)} ms`,
    );
  });

  test('generated valid playbooks: no syntax, schema or reference findings, and every invariant', () => {
    checkProperty(
      'valid generated playbooks',
      'generated',
      fc.record({ text: generatedArb, probes: probesArb }),
      (text, probes) => {
        const a = checkInput(text, probes, { render: true });
        const wrong = a.findings.filter((f) => ['syntax', 'schema', 'unknown-reference', 'duplicate-id', 'stage-not-in-framework', 'internal-error'].includes(f.ruleId));
        assert.deepStrictEqual(
          wrong.map((f) => `${f.ruleId}@${f.range.start.line + 1}:${f.range.start.character + 1} ${f.message}`),
          [],
          'a valid playbook must not get these findings',
        );
        assert.ok(a.model, 'a valid playbook has a model');
      },
      runs(700),
    );
  });

  test('large generated playbooks (tens of KB) analyse without a finding of syntax, schema or internal error', () => {
    let largest = 0;
    checkProperty(
      'large generated playbooks',
      'generated',
      fc.record({ text: largeGeneratedArb, probes: probesArb }),
      (text, probes) => {
        largest = Math.max(largest, text.length);
        const a = checkInput(text, probes);
        assert.deepStrictEqual(
          a.findings.filter((f) => ['syntax', 'schema', 'internal-error'].includes(f.ruleId)).map((f) => f.message),
          [],
        );
      },
      runs(20),
    );
    console.log(`      largest generated playbook: ${(largest / 1024).toFixed(0)} KB`);
  });

  test('mutated samples (deletions, insertions, swapped value types, unicode, truncation, duplicated lines, indentation, line ends, aliases, keys)', () => {
    checkProperty('mutated samples', 'sampleMutations', mutatedArb(sampleArb, 4), (text, probes) => void checkInput(text, probes), runs(2000));
  });

  test('mutated generated playbooks', () => {
    checkProperty('mutated generated playbooks', 'generatedMutations', mutatedArb(generatedArb, 3), (text, probes) => void checkInput(text, probes), runs(400));
  });

  test('random unicode (astral, RTL, combining marks, lone surrogates, BOM, NEL/LS/PS) in samples', () => {
    const unicodeOnly: fc.Arbitrary<Mutation> = fc.record({ k: fc.constant('unicode' as const), pos: fc.nat(), s: unicodeArb, replace: fc.boolean() });
    checkProperty('unicode mutations', 'unicode', mutatedArb(sampleArb, 6, unicodeOnly), (text, probes) => void checkInput(text, probes), runs(400));
  });

  test('truncation of the smallest sample at every offset', () => {
    const smallest = [...SAMPLES].sort((a, b) => a.text.length - b.text.length)[0];
    const random = rng(SEED);
    const log = new FailureLog();
    for (let i = 0; i <= smallest.text.length; i += TRUNCATION_STRIDE) {
      const text = smallest.text.slice(0, i);
      counts.truncations++;
      // completion where the user is typing (the end), plus two random offsets
      const probes = [i, Math.floor(random() * (i + 1)), Math.floor(random() * (i + 1))];
      log.run(`${smallest.name} truncated at ${i}`, text, () => checkInput(text, probes));
    }
    console.log(`      truncations of ${smallest.name}: ${Math.floor(smallest.text.length / TRUNCATION_STRIDE) + 1} (offsets 0..${smallest.text.length}, step ${TRUNCATION_STRIDE}), ${log.total} failing`);
    log.assertNone(`truncating ${smallest.name}`);
  });
});

/** Offsets to probe in a saved fixture: the start, middle and end of every line. */
function fixtureProbes(text: string): number[] {
  const doc = docOf(text);
  const out = new Set<number>([0, text.length]);
  doc.starts.forEach((s, i) => {
    out.add(s);
    out.add(s + (doc.lengths[i] >> 1));
    out.add(s + doc.lengths[i]);
  });
  return [...out];
}

suite('fuzz: regression fixtures (test/fixtures/fuzz)', function () {
  this.timeout(120_000);

  test('every saved failing input passes the same checks', () => {
    const files = fs.existsSync(FIXTURE_DIR) ? fs.readdirSync(FIXTURE_DIR).filter((f) => f !== 'README.md').sort() : [];
    const log = new FailureLog();
    for (const f of files) {
      const text = decodeFixture(fs.readFileSync(path.join(FIXTURE_DIR, f)));
      counts.fixtures++;
      log.run(f, text, () => checkInput(text, fixtureProbes(text), { render: true }));
    }
    console.log(`      regression fixtures: ${files.length} checked, ${log.total} failing`);
    if (log.total) {
      const lines = [...log.bySignature.values()].map((f) => `- ${f.count}× e.g. ${f.label}: ${f.message.slice(0, 600)}`);
      assert.fail(`${log.total} of ${files.length} regression fixtures fail:\n${lines.join('\n')}`);
    }
  });
});
