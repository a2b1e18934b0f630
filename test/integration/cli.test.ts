/**
 * End-to-end tests of the bundled `playbook` CLI (dist/cli.js): every command,
 * option, output format and exit code of the CLI contract, run as a child
 * process on fixtures written to a fresh temporary folder per suite.
 *
 * Build first: `npx tsc -p . && node scripts/build.mjs`.
 */
import * as assert from 'assert';
import { validateXML } from 'xmllint-wasm';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import Ajv04 from 'ajv-draft-04';
import type { ValidateFunction } from 'ajv-draft-04';
import { canSwitchToNobody, makeNobodyWorld } from './asNobody';
import { BROKEN_CONFIGS, cliConfigError } from './configCases';

// The compiled file lands in out/test/integration/, three levels below the repository root.
const ROOT = path.resolve(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const SAMPLES = path.join(ROOT, 'samples');
const PLAYBOOK_NAME = /\.playbook\.ya?ml$/;
const FORMATS = ['stylish', 'json', 'sarif', 'junit', 'github'] as const;
const ESC = String.fromCharCode(27);
const ANSI = new RegExp(`${ESC}\\[[0-9;]*m`);
const ANSI_ALL = new RegExp(ANSI.source, 'g');

// ---------------------------------------------------------------------------
// Running the CLI

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface RunOptions {
  cwd?: string;
  input?: string | Buffer;
  /** Extra environment; `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
}

/** A clean environment: no colour forcing or disabling inherited from whoever runs the tests. */
function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

function run(args: string[], options: RunOptions = {}): RunResult {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? ROOT,
    input: options.input ?? '',
    env: cleanEnv(options.env),
    encoding: 'utf8',
    timeout: 30000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  assert.strictEqual(r.signal, null, `playbook ${args.join(' ')} was killed by ${r.signal} (hung?)`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Context for assertion messages. */
function show(r: RunResult): string {
  const cut = (s: string) => (s.length > 3000 ? `${s.slice(0, 3000)}…` : s);
  return `\n--- exit ${r.code}\n--- stdout:\n${cut(r.stdout)}\n--- stderr:\n${cut(r.stderr)}`;
}

function assertExit(r: RunResult, code: number): void {
  assert.strictEqual(r.code, code, `expected exit ${code}${show(r)}`);
}

/** Exit 2: one line on stderr starting `playbook:`, no stack trace, nothing on stdout. */
function assertUsageError(r: RunResult, message?: RegExp): void {
  assertExit(r, 2);
  assert.strictEqual(r.stdout, '', `nothing may be printed on stdout with exit 2${show(r)}`);
  const lines = r.stderr.replace(/\r?\n$/, '').split(/\r?\n/);
  assert.strictEqual(lines.length, 1, `exactly one line on stderr${show(r)}`);
  assert.match(lines[0], /^playbook: \S/, `stderr starts with "playbook:"${show(r)}`);
  assert.doesNotMatch(r.stderr, /^\s*at\s/m, `no stack frames${show(r)}`);
  assert.doesNotMatch(r.stderr, /\.(js|ts):\d+/, `no source locations of the tool${show(r)}`);
  assert.doesNotMatch(r.stderr, /internal error/i, `an expected I/O or usage problem, not an internal error${show(r)}`);
  if (message) assert.match(lines[0], message, show(r));
}

// ---------------------------------------------------------------------------
// JSON output

interface JsonFinding {
  ruleId: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  docsUrl?: string;
}
interface JsonFile {
  filePath: string;
  errorCount: number;
  warningCount: number;
  infoCount: number;
  findings: JsonFinding[];
}
interface JsonReport {
  files: JsonFile[];
  summary: { files: number; errors: number; warnings: number; infos: number };
}

function parseJson(r: RunResult): JsonReport {
  try {
    return JSON.parse(r.stdout) as JsonReport;
  } catch (err) {
    assert.fail(`stdout is not JSON: ${(err as Error).message}${show(r)}`);
  }
}

function fileOf(report: JsonReport, filePath: string): JsonFile {
  const f = report.files.find((x) => x.filePath === filePath);
  assert.ok(f, `no entry for ${filePath} in ${JSON.stringify(report.files.map((x) => x.filePath))}`);
  return f;
}

function jsonRun(args: string[], options?: RunOptions): { r: RunResult; report: JsonReport } {
  const r = run([...args, '--format', 'json'], options);
  return { r, report: parseJson(r) };
}

/** 1-based line and column of the first character of `needle` in `text` (after `after`, if given). */
function posOf(text: string, needle: string, after?: string): { line: number; column: number } {
  const from = after === undefined ? 0 : text.indexOf(after);
  assert.ok(from >= 0, `fixture lacks ${after}`);
  const i = text.indexOf(needle, from);
  assert.ok(i >= 0, `fixture lacks ${needle}`);
  const before = text.slice(0, i);
  const line = before.split('\n').length;
  return { line, column: i - (before.lastIndexOf('\n') + 1) + 1 };
}

// ---------------------------------------------------------------------------
// SARIF: the official SARIF 2.1.0 JSON Schema (draft-04), as shipped by @microsoft/jest-sarif.

let sarifValidator: ValidateFunction | undefined;

function sarifSchemaValidator(): ValidateFunction {
  if (!sarifValidator) {
    const schemaFile = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
    const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8')) as Record<string, unknown>;
    // strict: false because the official schema itself trips Ajv's strict mode (a `required` without
    // `properties` in an anyOf); unicodeRegExp: false because its `language` pattern is not valid
    // with the `u` flag. Formats are still checked.
    const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false, logger: false });
    ajv.addFormat('uri', { type: 'string', validate: (s: string) => isAbsoluteUri(s) });
    ajv.addFormat('uri-reference', { type: 'string', validate: (s: string) => isUriReference(s) });
    ajv.addFormat('date-time', { type: 'string', validate: (s: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i.test(s) });
    sarifValidator = ajv.compile(schema);
  }
  return sarifValidator;
}

function isAbsoluteUri(s: string): boolean {
  if (!/^[a-z][a-z0-9+.-]*:/i.test(s) || /\s/.test(s)) return false;
  try {
    new URL(s);
    return true;
  } catch {
    return false;
  }
}

function isUriReference(s: string): boolean {
  if (/[\s<>"{}|\\^`]/.test(s)) return false;
  try {
    new URL(s, 'file:///base/');
    return true;
  } catch {
    return false;
  }
}

interface SarifRegion {
  startLine?: number;
  startColumn?: number;
}
interface SarifArtifactLocation {
  uri?: string;
  uriBaseId?: string;
}
interface SarifResult {
  ruleId?: string;
  ruleIndex?: number;
  level?: string;
  message: { text?: string };
  locations?: { physicalLocation?: { artifactLocation?: SarifArtifactLocation; region?: SarifRegion } }[];
  relatedLocations?: { physicalLocation?: { artifactLocation?: SarifArtifactLocation } }[];
}
interface SarifRule {
  id: string;
  helpUri?: string;
  defaultConfiguration?: { level?: string };
}
interface SarifLog {
  version: string;
  runs: { tool: { driver: { name: string; rules?: SarifRule[] } }; originalUriBaseIds?: Record<string, SarifArtifactLocation>; results?: SarifResult[] }[];
}

function parseSarif(r: RunResult): SarifLog {
  let log: unknown;
  try {
    log = JSON.parse(r.stdout);
  } catch (err) {
    assert.fail(`SARIF output is not JSON: ${(err as Error).message}${show(r)}`);
  }
  const validate = sarifSchemaValidator();
  assert.ok(validate(log), `SARIF output does not validate against the SARIF 2.1.0 schema: ${JSON.stringify(validate.errors, null, 2)}`);
  return log as SarifLog;
}

// ---------------------------------------------------------------------------
// JUnit: a small, strict XML well-formedness checker (elements, attributes, entities, characters).

interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const XML_NAME = '[A-Za-z_:][-A-Za-z0-9_:.]*';
// eslint-disable-next-line no-control-regex -- XML 1.0 allows tab, LF and CR among the control characters
const XML_ILLEGAL_CHAR = /[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;

function decodeXmlText(raw: string, where: string): string {
  const bad = /&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);)/.exec(raw);
  if (bad) throw new Error(`unescaped & in ${where}: ${raw.slice(bad.index, bad.index + 20)}`);
  const out = raw.replace(/&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/g, (_m, e: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (named[e]) return named[e];
    return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
  if (XML_ILLEGAL_CHAR.test(out)) throw new Error(`character not allowed in XML 1.0 in ${where}`);
  return out;
}

/** Parses a document, throwing on anything that is not well-formed XML. */
function parseXml(src: string): XmlElement {
  let s = src.charCodeAt(0) === 0xfeff ? src.slice(1) : src;
  if (XML_ILLEGAL_CHAR.test(s)) throw new Error(`character not allowed in XML 1.0 at ${s.search(XML_ILLEGAL_CHAR)}`);
  const decl = /^<\?xml\s[^?]*\?>/.exec(s);
  if (!decl && s.startsWith('<?xml')) throw new Error('malformed XML declaration');
  s = decl ? s.slice(decl[0].length) : s;
  const open = new RegExp(`<(${XML_NAME})((?:\\s+${XML_NAME}\\s*=\\s*(?:"[^"<]*"|'[^'<]*'))*)\\s*(/?)>`, 'y');
  const close = new RegExp(`</(${XML_NAME})\\s*>`, 'y');
  const attr = new RegExp(`(${XML_NAME})\\s*=\\s*(?:"([^"<]*)"|'([^'<]*)')`, 'g');
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let i = 0;
  while (i < s.length) {
    if (s.startsWith('<!--', i)) {
      const end = s.indexOf('-->', i + 4);
      if (end < 0) throw new Error('unterminated comment');
      i = end + 3;
    } else if (s.startsWith('<![CDATA[', i)) {
      const end = s.indexOf(']]>', i);
      if (end < 0 || !stack.length) throw new Error('bad CDATA section');
      stack[stack.length - 1].text += s.slice(i + 9, end);
      i = end + 3;
    } else if (s.startsWith('<?', i)) {
      const end = s.indexOf('?>', i);
      if (end < 0) throw new Error('unterminated processing instruction');
      i = end + 2;
    } else if (s.startsWith('<!', i)) {
      throw new Error('unexpected markup declaration');
    } else if (s.startsWith('</', i)) {
      close.lastIndex = i;
      const m = close.exec(s);
      if (!m) throw new Error(`malformed end tag at ${i}: ${s.slice(i, i + 40)}`);
      const top = stack.pop();
      if (!top || top.name !== m[1]) throw new Error(`end tag </${m[1]}> does not match <${top?.name ?? '(none)'}>`);
      i = close.lastIndex;
    } else if (s[i] === '<') {
      open.lastIndex = i;
      const m = open.exec(s);
      if (!m) throw new Error(`malformed start tag at ${i}: ${s.slice(i, i + 60)}`);
      const el: XmlElement = { name: m[1], attrs: {}, children: [], text: '' };
      for (const a of m[2].matchAll(attr)) {
        if (a[1] in el.attrs) throw new Error(`duplicate attribute ${a[1]} on <${m[1]}>`);
        el.attrs[a[1]] = decodeXmlText(a[2] ?? a[3], `attribute ${a[1]} of <${m[1]}>`);
      }
      if (stack.length) stack[stack.length - 1].children.push(el);
      else if (root) throw new Error(`second root element <${m[1]}>`);
      else root = el;
      if (!m[3]) stack.push(el);
      i = open.lastIndex;
    } else {
      const next = s.indexOf('<', i);
      const end = next < 0 ? s.length : next;
      const raw = s.slice(i, end);
      if (raw.includes(']]>')) throw new Error('"]]>" in text');
      if (stack.length) stack[stack.length - 1].text += decodeXmlText(raw, `text of <${stack[stack.length - 1].name}>`);
      else if (raw.trim()) throw new Error(`text outside the root element: ${raw.trim().slice(0, 40)}`);
      i = end;
    }
  }
  if (stack.length) throw new Error(`unclosed element <${stack[stack.length - 1].name}>`);
  if (!root) throw new Error('no root element');
  return root;
}

function findAll(el: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  const visit = (e: XmlElement) => {
    if (e.name === name) out.push(e);
    e.children.forEach(visit);
  };
  visit(el);
  return out;
}

function parseJunit(r: RunResult): XmlElement {
  try {
    return parseXml(r.stdout);
  } catch (err) {
    assert.fail(`JUnit output is not well-formed XML: ${(err as Error).message}${show(r)}`);
  }
}

/** Testcases by the file they stand for (`file` attribute, else `name`). */
function junitCases(doc: XmlElement): Map<string, XmlElement> {
  const cases = findAll(doc, 'testcase');
  const byFile = new Map<string, XmlElement>();
  for (const c of cases) {
    const key = c.attrs.file ?? c.attrs.name;
    assert.ok(key !== undefined, 'testcase without file or name');
    assert.ok(!byFile.has(key), `two testcases for ${key}`);
    byFile.set(key, c);
  }
  return byFile;
}

function hasFailure(tc: XmlElement): boolean {
  return tc.children.some((c) => c.name === 'failure' || c.name === 'error');
}

// ---------------------------------------------------------------------------
// GitHub workflow commands

interface Annotation {
  command: string;
  props: Record<string, string>;
  message: string;
}

function parseGithub(r: RunResult): Annotation[] {
  const lines = r.stdout.split('\n').filter((l) => l !== '');
  return lines.map((l) => {
    const m = /^::(error|warning|notice) ([^:]*)::(.*)$/.exec(l);
    assert.ok(m, `not a workflow command: ${JSON.stringify(l)}${show(r)}`);
    const props: Record<string, string> = {};
    for (const p of m[2].split(',')) {
      const eq = p.indexOf('=');
      assert.ok(eq > 0, `bad property ${JSON.stringify(p)} in ${l}`);
      props[p.slice(0, eq)] = p.slice(eq + 1);
    }
    return { command: m[1], props, message: m[3] };
  });
}

/** Undoes the workflow-command escaping of data and property values. */
function unescapeGithub(s: string): string {
  return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
}

// ---------------------------------------------------------------------------
// Fixtures

type Tree = Record<string, string | Buffer>;

function makeTempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'playbook-cli-test-'));
}

function writeTree(root: string, tree: Tree): void {
  for (const [rel, content] of Object.entries(tree)) {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
}

function removeDir(dir: string | undefined): void {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}

const CLEAN = `# A small playbook with no findings.
playbook: clean-one
title: Clean one
stages:
  - id: onboard
owners:
  - id: csm
    type: human
segments:
  - id: smb
touchpoints:
  - id: welcome
    stage: onboard
    channel: email
    owner: csm
`;

const CLEAN_TWO = `playbook: clean-two
title: Clean two
framework: custom
stages:
  - id: adopt
owners:
  - id: success-team
    type: team
segments:
  - id: enterprise
touchpoints:
  - id: kickoff-call
    stage: adopt
    channel: video-call
    owner: success-team
`;

/** One error (unknown-reference on `csmm`), nothing else. */
const ERRORS = `playbook: with-errors
title: With errors
stages:
  - id: onboard
owners:
  - id: csm
    type: human
segments:
  - id: smb
touchpoints:
  - id: welcome
    stage: onboard
    channel: email
    owner: csmm
  - id: follow-up
    stage: onboard
    channel: phone
    owner: csm
`;

/** One warning (stage-without-touchpoint on `renew`), nothing else. */
const WARNINGS = `playbook: only-warnings
title: Only warnings
stages:
  - id: onboard
  - id: renew
owners:
  - id: csm
    type: human
segments:
  - id: smb
touchpoints:
  - id: welcome
    stage: onboard
    channel: email
    owner: csm
`;

/** One info (unused-definition on owner `bot`), nothing else. */
const INFOS = `playbook: only-infos
title: Only infos
stages:
  - id: onboard
owners:
  - id: csm
    type: human
  - id: bot
    type: automation
segments:
  - id: smb
touchpoints:
  - id: welcome
    stage: onboard
    channel: email
    owner: csm
`;

/** One error, one warning and one info. */
const MIXED = `playbook: mixed
title: Mixed
stages:
  - id: onboard
  - id: renew
owners:
  - id: csm
    type: human
  - id: bot
    type: automation
segments:
  - id: smb
touchpoints:
  - id: welcome
    stage: onboard
    channel: email
    owner: csmm
  - id: follow-up
    stage: onboard
    channel: phone
    owner: csm
`;

/** Messages that quote a value with %, <, &, >, quotes, a newline and a control character. */
const AWKWARD = `playbook: awkward
title: Awkward
stages:
  - id: onboard
owners:
  - id: csm
    type: human
segments:
  - id: smb
touchpoints:
  - id: welcome
    stage: onboard
    channel: email
    owner: csm
  - id: second
    stage: onboard
    channel: email
    owner: "100% <&> \\"q\\"\\nsure\\x07"
`;
const AWKWARD_NAME = 'odd, name:1.playbook.yaml';

/** `title` repeated: a YAML duplicate key. */
const DUPLICATE_KEY = CLEAN.replace('title: Clean one\n', 'title: Clean one\ntitle: Clean again\n');

/** Valid UTF-8 up to `caf`, then a Latin-1 é (0xE9), which is not UTF-8. */
const BAD_UTF8 = Buffer.concat([Buffer.from('playbook: bad-bytes\ntitle: "caf'), Buffer.from([0xe9]), Buffer.from('"\n')]);
const BAD_UTF8_POS = { line: 2, column: 'title: "caf'.length + 1 };

const EXPECTED_RULES: Record<string, string> = {
  syntax: 'error',
  schema: 'error',
  'unknown-reference': 'error',
  'duplicate-id': 'error',
  'stage-without-touchpoint': 'warning',
  'segment-without-touchpoint': 'warning',
  'coverage-gap': 'info',
  'touch-mismatch': 'warning',
  'kpi-without-target': 'warning',
  'kpi-unmeasured': 'info',
  'unused-definition': 'info',
  'escalation-cycle': 'error',
  'stage-not-in-framework': 'error',
  'owner-over-capacity': 'warning',
  'kpi-direction': 'warning',
  'target-direction': 'warning',
  'owner-over-hours': 'warning',
  'effort-without-hours': 'info',
  'contact-fatigue': 'warning',
  'cadence-shorter-than-sla': 'warning',
  'unused-suppression': 'info',
};

function sampleFiles(): string[] {
  return fs.existsSync(SAMPLES) ? fs.readdirSync(SAMPLES).filter((f) => PLAYBOOK_NAME.test(f)).sort() : [];
}

// ---------------------------------------------------------------------------

suite('CLI (dist/cli.js)', () => {
  suiteSetup(() => {
    assert.ok(fs.existsSync(CLI), `${CLI} is missing: run "node scripts/build.mjs" first`);
  });

  suite('help, version, rules', () => {
    const version = () => (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

    for (const flag of ['--help', '-h']) {
      test(`${flag} prints usage with every command and option, exit 0`, () => {
        const r = run([flag]);
        assertExit(r, 0);
        assert.match(r.stdout, /usage/i);
        for (const word of ['validate', 'rules', '--format', '--fail-severity', '--max-warnings', '--quiet', '--config', '--color', '--no-color', '--help', '--version']) {
          assert.ok(r.stdout.includes(word), `help mentions ${word}${show(r)}`);
        }
        for (const fmt of FORMATS) assert.ok(r.stdout.includes(fmt), `help mentions format ${fmt}`);
        assert.strictEqual(r.stderr, '');
      });
    }

    test('validate --help prints the usage too', () => {
      const r = run(['validate', '--help']);
      assertExit(r, 0);
      assert.match(r.stdout, /usage/i);
    });

    for (const flag of ['--version', '-v']) {
      test(`${flag} prints the package version, exit 0`, () => {
        const r = run([flag]);
        assertExit(r, 0);
        assert.strictEqual(r.stdout.trim(), version());
        assert.strictEqual(r.stderr, '');
      });
    }

    test('rules lists every rule id (incl. syntax and schema) with its default severity', () => {
      const r = run(['rules']);
      assertExit(r, 0);
      const listed = new Map<string, string>();
      for (const line of r.stdout.split('\n')) {
        const m = /^\s*([a-z][a-z0-9-]*)\s+(error|warning|info)\b/.exec(line);
        if (m) listed.set(m[1], m[2]);
      }
      for (const [id, severity] of Object.entries(EXPECTED_RULES)) {
        assert.strictEqual(listed.get(id), severity, `rule ${id} listed with default ${severity}${show(r)}`);
      }
    });

    test('rules takes no arguments: exit 2', () => {
      assertUsageError(run(['rules', 'extra']));
    });
  });

  suite('usage errors: exit 2, one line on stderr, nothing on stdout', () => {
    const cases: [string, string[]][] = [
      ['no command', []],
      ['unknown command', ['frobnicate']],
      ['unknown option', ['validate', '--bogus', 'samples']],
      ['unknown short option', ['validate', '-z', 'samples']],
      ['unknown format', ['validate', '--format', 'xml', 'samples']],
      ['--format without a value', ['validate', 'samples', '--format']],
      ['bad --fail-severity', ['validate', '--fail-severity', 'fatal', 'samples']],
      ['--fail-severity in the wrong case', ['validate', '--fail-severity', 'Error', 'samples']],
      ['negative --max-warnings', ['validate', '--max-warnings', '-1', 'samples']],
      ['non-numeric --max-warnings', ['validate', '--max-warnings', 'many', 'samples']],
      ['fractional --max-warnings', ['validate', '--max-warnings', '1.5', 'samples']],
      ['empty --max-warnings', ['validate', '--max-warnings=', 'samples']],
      ['blank --max-warnings', ['validate', '--max-warnings', ' ', 'samples']],
    ];
    for (const [name, args] of cases) {
      test(`${name}: playbook ${args.join(' ')}`, () => {
        assertUsageError(run(args));
      });
    }

    test('unknown command message names the command', () => {
      assertUsageError(run(['frobnicate']), /frobnicate/);
    });

    test('render --format png says PNG is drawn by the editor and how to get a picture here', () => {
      assertUsageError(run(['render', 'samples/laer.playbook.yaml', '--format', 'png']), /PNG is drawn by the editor.*--format svg/);
    });
  });

  suite('samples/ of the repository', () => {
    const samples = sampleFiles();

    test('the samples folder has playbooks, including gaps.playbook.yaml', () => {
      assert.ok(samples.length >= 2, `samples: ${samples.join(', ')}`);
      assert.ok(samples.includes('gaps.playbook.yaml'));
    });

    for (const name of samples) {
      const failing = name === 'gaps.playbook.yaml';
      test(`${name} exits ${failing ? 1 : 0}`, () => {
        const r = run(['validate', `samples/${name}`]);
        assertExit(r, failing ? 1 : 0);
        if (failing) assert.match(r.stdout, /gaps\.playbook\.yaml/);
      });
    }

    test("quoted glob 'samples/*.playbook.yaml' is expanded by the CLI: every sample, only gaps fails", () => {
      const { r, report } = jsonRun(['validate', 'samples/*.playbook.yaml']);
      assertExit(r, 1);
      assert.deepStrictEqual(report.files.map((f) => f.filePath).sort(), samples.map((s) => `samples/${s}`));
      for (const f of report.files) {
        if (f.filePath === 'samples/gaps.playbook.yaml') assert.ok(f.errorCount > 0, 'gaps has errors');
        else assert.strictEqual(f.errorCount, 0, `${f.filePath} has no errors: ${JSON.stringify(f.findings)}`);
      }
      assert.strictEqual(report.summary.files, samples.length);
    });

    test('validate samples (a folder) exits 1 and checks every sample', () => {
      const { r, report } = jsonRun(['validate', 'samples']);
      assertExit(r, 1);
      assert.strictEqual(report.files.length, samples.length);
    });

    test('the clean samples together exit 0', () => {
      const clean = samples.filter((s) => s !== 'gaps.playbook.yaml').map((s) => `samples/${s}`);
      assertExit(run(['validate', ...clean]), 0);
    });

    test('SARIF of all samples validates against the SARIF 2.1.0 schema', () => {
      const r = run(['validate', 'samples', '--format', 'sarif']);
      assertExit(r, 1);
      const log = parseSarif(r);
      assert.ok((log.runs[0].results ?? []).length > 0, 'gaps findings are in the results');
    });

    test('JUnit of all samples: one testcase per sample, a failure only for gaps', () => {
      const r = run(['validate', 'samples', '--format', 'junit']);
      assertExit(r, 1);
      const cases = junitCases(parseJunit(r));
      assert.deepStrictEqual([...cases.keys()].sort(), samples.map((s) => `samples/${s}`));
      for (const [file, tc] of cases) assert.strictEqual(hasFailure(tc), file === 'samples/gaps.playbook.yaml', file);
    });
  });

  suite('output formats', () => {
    let dir: string;

    suiteSetup(() => {
      dir = makeTempDir();
      writeTree(dir, {
        'clean.playbook.yaml': CLEAN,
        'clean-two.playbook.yml': CLEAN_TWO,
        'errors.playbook.yaml': ERRORS,
        'warnings.playbook.yaml': WARNINGS,
        'infos.playbook.yaml': INFOS,
        'mixed.playbook.yaml': MIXED,
        [AWKWARD_NAME]: AWKWARD,
        'bad-utf8.playbook.yaml': BAD_UTF8,
        'dup-key.playbook.yaml': DUPLICATE_KEY,
      });
    });
    suiteTeardown(() => removeDir(dir));

    suite('stylish', () => {
      test('is the default: path, line:col, severity, message and rule id of each finding, then a summary', () => {
        const r = run(['validate', 'errors.playbook.yaml'], { cwd: dir });
        assertExit(r, 1);
        const { line, column } = posOf(ERRORS, 'csmm');
        assert.match(r.stdout, /^errors\.playbook\.yaml$/m, `file path on its own line${show(r)}`);
        const findingLine = r.stdout.split('\n').find((l) => l.includes(`${line}:${column}`));
        assert.ok(findingLine, `a line with ${line}:${column}${show(r)}`);
        assert.match(findingLine, /\berror\b/);
        assert.match(findingLine, /Unknown owner `csmm`/);
        assert.match(findingLine, /\bunknown-reference\s*$/);
        const last = r.stdout.trimEnd().split('\n').pop() ?? '';
        assert.match(last, /\b1 error\b/, `summary line${show(r)}`);
        assert.match(last, /\b1 playbook\b/, `summary line counts playbooks${show(r)}`);
      });

      test('shows every severity and counts them in the summary', () => {
        const r = run(['validate', 'mixed.playbook.yaml'], { cwd: dir });
        assertExit(r, 1);
        for (const [sev, needle] of [
          ['error', 'csmm'],
          ['warning', 'renew'],
          ['info', 'bot'],
        ] as const) {
          const { line, column } = posOf(MIXED, needle);
          assert.match(r.stdout, new RegExp(`^\\s+${line}:${column}\\s+${sev}\\s`, 'm'), `${sev} at ${line}:${column}${show(r)}`);
        }
        const last = r.stdout.trimEnd().split('\n').pop() ?? '';
        assert.match(last, /\b1 error\b/);
        assert.match(last, /\b1 warning\b/);
        assert.match(last, /\b1 info\b/);
      });

      test('a clean run says so, with the number of playbooks checked', () => {
        const r = run(['validate', 'clean.playbook.yaml', 'clean-two.playbook.yml'], { cwd: dir });
        assertExit(r, 0);
        assert.doesNotMatch(r.stdout, /\b(error|warning)\b/);
        assert.match(r.stdout, /\b2 playbooks\b/);
        assert.match(r.stdout, /no problems|\b0 problems\b/i);
      });

      test('several files: one block per file with findings, summary over all', () => {
        const r = run(['validate', 'errors.playbook.yaml', 'warnings.playbook.yaml', 'clean.playbook.yaml'], { cwd: dir });
        assertExit(r, 1);
        assert.match(r.stdout, /^errors\.playbook\.yaml$/m);
        assert.match(r.stdout, /^warnings\.playbook\.yaml$/m);
        assert.doesNotMatch(r.stdout, /^clean\.playbook\.yaml$/m, 'files without findings get no block');
        const last = r.stdout.trimEnd().split('\n').pop() ?? '';
        assert.match(last, /\b3 playbooks\b/);
      });

      test('no ANSI codes when stdout is a pipe', () => {
        const r = run(['validate', 'mixed.playbook.yaml'], { cwd: dir });
        assert.doesNotMatch(r.stdout, ANSI, show(r));
      });

      test('ANSI codes with --color', () => {
        const r = run(['validate', 'mixed.playbook.yaml', '--color'], { cwd: dir });
        assertExit(r, 1);
        assert.match(r.stdout, ANSI, show(r));
        // The text is still all there under the colours.
        assert.match(r.stdout.replace(ANSI_ALL, ''), /unknown-reference/);
      });

      test('ANSI codes with FORCE_COLOR=1', () => {
        const r = run(['validate', 'mixed.playbook.yaml'], { cwd: dir, env: { FORCE_COLOR: '1' } });
        assert.match(r.stdout, ANSI, show(r));
      });

      test('no ANSI codes with FORCE_COLOR=0', () => {
        const r = run(['validate', 'mixed.playbook.yaml'], { cwd: dir, env: { FORCE_COLOR: '0' } });
        assert.doesNotMatch(r.stdout, ANSI, show(r));
      });

      test('no ANSI codes with NO_COLOR=1', () => {
        const r = run(['validate', 'mixed.playbook.yaml'], { cwd: dir, env: { NO_COLOR: '1' } });
        assert.doesNotMatch(r.stdout, ANSI, show(r));
      });

      test('--no-color wins over FORCE_COLOR', () => {
        const r = run(['validate', 'mixed.playbook.yaml', '--no-color'], { cwd: dir, env: { FORCE_COLOR: '1' } });
        assert.doesNotMatch(r.stdout, ANSI, show(r));
      });

      suite('on a terminal (through script(1))', () => {
        const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
        const ttyRun = (args: string[], env: Record<string, string | undefined> = {}) => {
          const cmd = [process.execPath, CLI, ...args].map(shq).join(' ');
          const r = spawnSync('script', ['-qec', cmd, '/dev/null'], { cwd: dir, env: cleanEnv(env), encoding: 'utf8', timeout: 30000, input: '' });
          return r;
        };
        let hasScript = false;
        suiteSetup(() => {
          const probe = spawnSync('script', ['-qec', 'true', '/dev/null'], { encoding: 'utf8', timeout: 10000, input: '' });
          hasScript = !probe.error && probe.status === 0;
        });

        test('colours on a TTY by default', function () {
          assert.ok(hasScript, 'script(1) (util-linux) is needed to give the CLI a terminal');
          const r = ttyRun(['validate', 'mixed.playbook.yaml']);
          assert.strictEqual(r.status, 1, r.stdout + r.stderr);
          assert.match(r.stdout, ANSI, r.stdout);
        });

        test('no colours on a TTY with NO_COLOR=1', function () {
          assert.ok(hasScript, 'script(1) (util-linux) is needed to give the CLI a terminal');
          const r = ttyRun(['validate', 'mixed.playbook.yaml'], { NO_COLOR: '1' });
          assert.strictEqual(r.status, 1, r.stdout + r.stderr);
          assert.doesNotMatch(r.stdout, ANSI, r.stdout);
        });

        test('no colours on a TTY with --no-color', function () {
          assert.ok(hasScript, 'script(1) (util-linux) is needed to give the CLI a terminal');
          const r = ttyRun(['validate', 'mixed.playbook.yaml', '--no-color']);
          assert.strictEqual(r.status, 1, r.stdout + r.stderr);
          assert.doesNotMatch(r.stdout, ANSI, r.stdout);
        });
      });
    });

    suite('json', () => {
      test('one finding with its 1-based line and column, counts per file and in the summary', () => {
        const { r, report } = jsonRun(['validate', 'errors.playbook.yaml'], { cwd: dir });
        assertExit(r, 1);
        assert.strictEqual(report.files.length, 1);
        const f = fileOf(report, 'errors.playbook.yaml');
        assert.deepStrictEqual([f.errorCount, f.warningCount, f.infoCount], [1, 0, 0]);
        assert.strictEqual(f.findings.length, 1);
        const [finding] = f.findings;
        const pos = posOf(ERRORS, 'csmm');
        assert.strictEqual(finding.ruleId, 'unknown-reference');
        assert.strictEqual(finding.severity, 'error');
        assert.match(finding.message, /csmm/);
        assert.deepStrictEqual([finding.line, finding.column], [pos.line, pos.column]);
        assert.deepStrictEqual([finding.endLine, finding.endColumn], [pos.line, pos.column + 'csmm'.length]);
        assert.match(finding.docsUrl ?? '', /unknown-reference/);
        assert.deepStrictEqual(report.summary, { files: 1, errors: 1, warnings: 0, infos: 0 });
      });

      test('warnings and infos: positions and counts', () => {
        const { r, report } = jsonRun(['validate', 'warnings.playbook.yaml', 'infos.playbook.yaml', 'clean.playbook.yaml'], { cwd: dir });
        assertExit(r, 0);
        const w = fileOf(report, 'warnings.playbook.yaml');
        assert.deepStrictEqual([w.errorCount, w.warningCount, w.infoCount], [0, 1, 0]);
        const wp = posOf(WARNINGS, 'renew');
        assert.deepStrictEqual([w.findings[0].ruleId, w.findings[0].severity, w.findings[0].line, w.findings[0].column], ['stage-without-touchpoint', 'warning', wp.line, wp.column]);
        const i = fileOf(report, 'infos.playbook.yaml');
        assert.deepStrictEqual([i.errorCount, i.warningCount, i.infoCount], [0, 0, 1]);
        const ip = posOf(INFOS, 'bot');
        assert.deepStrictEqual([i.findings[0].ruleId, i.findings[0].severity, i.findings[0].line, i.findings[0].column], ['unused-definition', 'info', ip.line, ip.column]);
        const c = fileOf(report, 'clean.playbook.yaml');
        assert.deepStrictEqual(c.findings, []);
        assert.deepStrictEqual(report.summary, { files: 3, errors: 0, warnings: 1, infos: 1 });
      });

      test('counts match the findings in every file', () => {
        const { report } = jsonRun(['validate', '.'], { cwd: dir });
        for (const f of report.files) {
          const count = (s: string) => f.findings.filter((x) => x.severity === s).length;
          assert.deepStrictEqual([f.errorCount, f.warningCount, f.infoCount], [count('error'), count('warning'), count('info')], f.filePath);
        }
        const total = (k: 'errorCount' | 'warningCount' | 'infoCount') => report.files.reduce((n, f) => n + f[k], 0);
        assert.deepStrictEqual(report.summary, { files: report.files.length, errors: total('errorCount'), warnings: total('warningCount'), infos: total('infoCount') });
      });

      test('invalid UTF-8: exit 1, a syntax error where the bad byte is', () => {
        const { r, report } = jsonRun(['validate', 'bad-utf8.playbook.yaml'], { cwd: dir });
        assertExit(r, 1);
        const f = fileOf(report, 'bad-utf8.playbook.yaml');
        assert.strictEqual(f.findings.length, 1, JSON.stringify(f.findings));
        assert.strictEqual(f.findings[0].ruleId, 'syntax');
        assert.strictEqual(f.findings[0].severity, 'error');
        assert.match(f.findings[0].message, /UTF-8/);
        assert.deepStrictEqual([f.findings[0].line, f.findings[0].column], [BAD_UTF8_POS.line, BAD_UTF8_POS.column]);
      });

      test('a duplicate key: exit 1, a syntax error on the repeat that names the key (`title`)', () => {
        const { r, report } = jsonRun(['validate', 'dup-key.playbook.yaml'], { cwd: dir });
        assertExit(r, 1);
        const syntax = report.files[0].findings.filter((f) => f.ruleId === 'syntax');
        assert.strictEqual(syntax.length, 1, JSON.stringify(report.files[0].findings));
        const pos = posOf(DUPLICATE_KEY, 'title: Clean again');
        assert.deepStrictEqual([syntax[0].line, syntax[0].column], [pos.line, pos.column]);
        assert.match(syntax[0].message, /`title`/, 'the message names the repeated key');
      });

      test('stays plain JSON with --color and FORCE_COLOR', () => {
        const r = run(['validate', 'mixed.playbook.yaml', '--format', 'json', '--color'], { cwd: dir, env: { FORCE_COLOR: '1' } });
        assert.doesNotMatch(r.stdout, ANSI);
        parseJson(r);
      });
    });

    suite('sarif', () => {
      test('the schema check is real: an invalid log is rejected', () => {
        const r = run(['validate', 'errors.playbook.yaml', '--format', 'sarif'], { cwd: dir });
        const log = JSON.parse(r.stdout) as SarifLog;
        const validate = sarifSchemaValidator();
        assert.ok(validate(log), JSON.stringify(validate.errors));
        const badLevel = JSON.parse(r.stdout) as SarifLog;
        (badLevel.runs[0].results ?? [])[0].level = 'fatal';
        assert.strictEqual(validate(badLevel), false, 'level "fatal" is rejected');
        const badVersion = { ...log, version: '2.0.0' };
        assert.strictEqual(validate(badVersion), false, 'version 2.0.0 is rejected');
      });

      test('valid SARIF 2.1.0; every rule in tool.driver.rules has a helpUri; results match the findings', () => {
        const files = ['errors.playbook.yaml', 'warnings.playbook.yaml', 'infos.playbook.yaml', 'clean.playbook.yaml'];
        const r = run(['validate', ...files, '--format', 'sarif'], { cwd: dir });
        assertExit(r, 1);
        const log = parseSarif(r);
        assert.strictEqual(log.version, '2.1.0');
        assert.strictEqual(log.runs.length, 1);
        const rules = log.runs[0].tool.driver.rules ?? [];
        const ids = rules.map((x) => x.id);
        assert.strictEqual(new Set(ids).size, ids.length, 'rule ids are unique');
        for (const id of Object.keys(EXPECTED_RULES)) assert.ok(ids.includes(id), `rule ${id} in tool.driver.rules`);
        for (const rule of rules) {
          assert.ok(rule.helpUri && isAbsoluteUri(rule.helpUri) && /^https?:/.test(rule.helpUri), `helpUri of ${rule.id}: ${rule.helpUri}`);
          assert.ok(rule.helpUri.includes(rule.id), `helpUri of ${rule.id} points at its page: ${rule.helpUri}`);
        }

        const { report } = jsonRun(['validate', ...files], { cwd: dir });
        const expected = report.files.flatMap((f) => f.findings.map((x) => ({ file: f.filePath, ...x })));
        const results = log.runs[0].results ?? [];
        assert.strictEqual(results.length, expected.length);
        const level = { error: 'error', warning: 'warning', info: 'note' } as const;
        const key = (file: string, ruleId: string, lvl: string, line: number, col: number) => `${file}|${ruleId}|${lvl}|${line}|${col}`;
        const want = expected.map((x) => key(x.file, x.ruleId, level[x.severity], x.line, x.column)).sort();
        const got = results
          .map((res) => {
            const loc = res.locations?.[0]?.physicalLocation;
            assert.ok(res.ruleId, 'result has a ruleId');
            if (res.ruleIndex !== undefined) assert.strictEqual(rules[res.ruleIndex]?.id, res.ruleId, 'ruleIndex points at the rule');
            assert.ok(res.message.text, 'result has a message');
            return key(decodeURIComponent(loc?.artifactLocation?.uri ?? ''), res.ruleId, res.level ?? 'warning', loc?.region?.startLine ?? -1, loc?.region?.startColumn ?? -1);
          })
          .sort();
        assert.deepStrictEqual(got, want);
      });

      test('the helpUri of each rule is its page under docs/rules/, which exists in the repository', () => {
        const log = parseSarif(run(['validate', 'clean.playbook.yaml', '--format', 'sarif'], { cwd: dir }));
        for (const rule of log.runs[0].tool.driver.rules ?? []) {
          const m = /\/docs\/rules\/([a-z0-9-]+)\.md$/.exec(rule.helpUri ?? '');
          assert.ok(m && m[1] === rule.id, `helpUri of ${rule.id}: ${rule.helpUri}`);
          assert.ok(fs.existsSync(path.join(ROOT, 'docs', 'rules', `${rule.id}.md`)), `docs/rules/${rule.id}.md exists`);
        }
      });

      test('a clean run is valid SARIF with no results, exit 0', () => {
        const r = run(['validate', 'clean.playbook.yaml', '--format', 'sarif'], { cwd: dir });
        assertExit(r, 0);
        assert.deepStrictEqual(parseSarif(r).runs[0].results ?? [], []);
      });

      test('awkward path and message characters, and invalid UTF-8, still give valid SARIF', () => {
        const r = run(['validate', AWKWARD_NAME, 'bad-utf8.playbook.yaml', '--format', 'sarif'], { cwd: dir });
        assertExit(r, 1);
        const log = parseSarif(r);
        const uris = new Set((log.runs[0].results ?? []).map((x) => decodeURIComponent(x.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '')));
        assert.deepStrictEqual([...uris].sort(), [AWKWARD_NAME, 'bad-utf8.playbook.yaml'].sort());
      });

      test('stdin gives valid SARIF', () => {
        const r = run(['validate', '-', '--format', 'sarif'], { cwd: dir, input: ERRORS });
        assertExit(r, 1);
        assert.strictEqual((parseSarif(r).runs[0].results ?? []).length, 1);
      });
    });

    suite('sarif paths: relative to the repository root, whatever folder the CLI runs in', () => {
    let repo: string;
    let outside: string;
    /** Errors, and a repeated owner id whose finding has a related location (the first `csm`). */
    const WITH_RELATED = ERRORS.replace('segments:', '  - id: csm\n    type: team\nsegments:');
    const NAMED = 'q3 renewals+(eu).playbook.yaml';

    suiteSetup(function () {
      const git = spawnSync('git', ['--version'], { encoding: 'utf8' });
      if (git.error || git.status !== 0) this.skip(); // the repository case needs git; the others run below without it
      repo = fs.realpathSync(makeTempDir());
      const init = spawnSync('git', ['init', '-q'], { cwd: repo, encoding: 'utf8' });
      assert.strictEqual(init.status, 0, init.stderr);
      writeTree(repo, {
        'teams/emea/errors.playbook.yaml': WITH_RELATED,
        [`teams/emea/${NAMED}`]: ERRORS,
        'teams/amer/errors.playbook.yaml': ERRORS,
      });
      outside = fs.realpathSync(makeTempDir());
      writeTree(outside, { 'teams/emea/errors.playbook.yaml': WITH_RELATED });
    });
    suiteTeardown(() => {
      removeDir(repo);
      removeDir(outside);
    });

    /** Every artifact location of a log (results and related locations), as `uriBaseId|uri`. */
    const locations = (log: SarifLog): string[] =>
      [
        ...new Set(
          (log.runs[0].results ?? []).flatMap((x) =>
            [...(x.locations ?? []), ...(x.relatedLocations ?? [])].map((l) => `${l.physicalLocation?.artifactLocation?.uriBaseId ?? ''}|${l.physicalLocation?.artifactLocation?.uri ?? ''}`),
          ),
        ),
      ].sort();
    const srcroot = (log: SarifLog) => log.runs[0].originalUriBaseIds?.['%SRCROOT%']?.uri;
    const dirUri = (dir: string) => `${pathToFileURL(dir).href}/`;

    test('run from a subfolder of a git repository: paths from the repository root, `/` separators, percent-encoded; %SRCROOT% is the root', () => {
      const cwd = path.join(repo, 'teams', 'emea');
      const r = run(['validate', '--format', 'sarif'], { cwd });
      assertExit(r, 1);
      const log = parseSarif(r);
      assert.strictEqual(srcroot(log), dirUri(repo));
      assert.deepStrictEqual(locations(log), ['%SRCROOT%|teams/emea/errors.playbook.yaml', `%SRCROOT%|teams/emea/${encodeURIComponent(NAMED)}`].sort());
      assert.ok((log.runs[0].results ?? []).some((x) => x.relatedLocations?.length), 'the fixture has a related location');
    });

    test('the same files give the same paths from the root, from another subfolder and with a path outside the current folder', () => {
      const want = ['%SRCROOT%|teams/amer/errors.playbook.yaml', '%SRCROOT%|teams/emea/errors.playbook.yaml'];
      const fromRoot = parseSarif(run(['validate', 'teams/emea/errors.playbook.yaml', 'teams/amer', '--format', 'sarif'], { cwd: repo }));
      const fromAmer = parseSarif(run(['validate', '../emea/errors.playbook.yaml', '.', '--format', 'sarif'], { cwd: path.join(repo, 'teams', 'amer') }));
      for (const log of [fromRoot, fromAmer]) {
        assert.strictEqual(srcroot(log), dirUri(repo));
        assert.deepStrictEqual(locations(log), want);
      }
    });

    test('without git on the PATH: relative to the current folder, which is %SRCROOT%', () => {
      const cwd = path.join(repo, 'teams', 'emea');
      const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'playbook-no-git-'));
      try {
        const r = run(['validate', 'errors.playbook.yaml', '--format', 'sarif'], { cwd, env: { PATH: empty } });
        assertExit(r, 1);
        const log = parseSarif(r);
        assert.strictEqual(srcroot(log), dirUri(cwd));
        assert.deepStrictEqual(locations(log), ['%SRCROOT%|errors.playbook.yaml']);
      } finally {
        removeDir(empty);
      }
    });

    test('outside a repository: relative to the current folder, which is %SRCROOT%', () => {
      const cwd = path.join(outside, 'teams');
      const r = run(['validate', '--format', 'sarif'], { cwd });
      assertExit(r, 1);
      const log = parseSarif(r);
      assert.strictEqual(srcroot(log), dirUri(cwd));
      assert.deepStrictEqual(locations(log), ['%SRCROOT%|emea/errors.playbook.yaml']);
    });

    test('a file outside %SRCROOT%: an absolute file URI, no base', () => {
      const cwd = path.join(outside, 'teams');
      const file = path.join(repo, 'teams', 'amer', 'errors.playbook.yaml');
      const log = parseSarif(run(['validate', file, '--format', 'sarif'], { cwd }));
      assert.deepStrictEqual(locations(log), [`|${pathToFileURL(file).href}`]);
    });
  });

  suite('junit', () => {
      test('the XML checker is real: malformed XML is rejected', () => {
        assert.throws(() => parseXml('<a><b></a></b>'));
        assert.throws(() => parseXml('<a x="1" x="2"/>'));
        assert.throws(() => parseXml('<a>fish & chips</a>'));
        assert.throws(() => parseXml('<a/><b/>'));
        assert.throws(() => parseXml('<a>\u0007</a>'));
        assert.throws(() => parseXml('<a b="<"/>'));
        assert.strictEqual(parseXml('<?xml version="1.0"?>\n<a q="&lt;&amp;&quot;">x &gt; y<b/></a>\n').attrs.q, '<&"');
      });

      test('one testcase per file, a failure for each failing file only', () => {
        const files = ['clean.playbook.yaml', 'errors.playbook.yaml', 'warnings.playbook.yaml', 'infos.playbook.yaml'];
        const r = run(['validate', ...files, '--format', 'junit'], { cwd: dir });
        assertExit(r, 1);
        const doc = parseJunit(r);
        const cases = junitCases(doc);
        assert.deepStrictEqual([...cases.keys()].sort(), [...files].sort());
        for (const [file, tc] of cases) assert.strictEqual(hasFailure(tc), file === 'errors.playbook.yaml', `failure for ${file}`);
        const failure = cases.get('errors.playbook.yaml')!.children.find((c) => c.name === 'failure')!;
        assert.match(failure.text + JSON.stringify(failure.attrs), /unknown-reference/);
        const suites = findAll(doc, 'testsuite');
        assert.ok(suites.length >= 1, 'has a testsuite');
        const sum = (attr: string) => suites.reduce((n, s) => n + Number(s.attrs[attr] ?? NaN), 0);
        assert.strictEqual(sum('tests'), files.length, 'testsuite tests=');
        assert.strictEqual(sum('failures'), 1, 'testsuite failures=');
      });

      test('--fail-severity warning / info turns warnings / infos into failures', () => {
        const files = ['clean.playbook.yaml', 'errors.playbook.yaml', 'warnings.playbook.yaml', 'infos.playbook.yaml'];
        const warn = junitCases(parseJunit(run(['validate', ...files, '--format', 'junit', '--fail-severity', 'warning'], { cwd: dir })));
        assert.deepStrictEqual(files.map((f) => hasFailure(warn.get(f)!)), [false, true, true, false]);
        const info = junitCases(parseJunit(run(['validate', ...files, '--format', 'junit', '--fail-severity', 'info'], { cwd: dir })));
        assert.deepStrictEqual(files.map((f) => hasFailure(info.get(f)!)), [false, true, true, true]);
      });

      test('awkward characters (<, &, quotes, newline, control character, comma and colon in the path) stay well-formed', () => {
        const r = run(['validate', AWKWARD_NAME, 'bad-utf8.playbook.yaml', '--format', 'junit'], { cwd: dir });
        assertExit(r, 1);
        const cases = junitCases(parseJunit(r));
        assert.deepStrictEqual([...cases.keys()].sort(), [AWKWARD_NAME, 'bad-utf8.playbook.yaml'].sort());
        const failure = cases.get(AWKWARD_NAME)!.children.find((c) => c.name === 'failure');
        assert.ok(failure, 'the awkward file fails');
        assert.ok(failure.text.includes('100% <&> "q"'), `escaped text decodes back: ${failure.text}`);
      });

      test('passes the Ant JUnit XSD (test/junit/ant-junit.xsd), with a time on every testcase and on the suite', async () => {
        const xsd = fs.readFileSync(path.join(ROOT, 'test/junit/ant-junit.xsd'), 'utf8');
        const check = async (xml: string) => (await validateXML({ xml: [{ fileName: 'report.xml', contents: xml }], schema: [{ fileName: 'ant-junit.xsd', contents: xsd }] })).errors.map((e) => e.rawMessage);
        // The checker is real: what Ant's format does not allow is rejected.
        assert.notDeepStrictEqual(await check('<testsuites name="x"/>'), []);
        const files = ['clean.playbook.yaml', 'errors.playbook.yaml', 'warnings.playbook.yaml', 'infos.playbook.yaml'];
        const outputs = [
          run(['validate', ...files, '--format', 'junit'], { cwd: dir }),
          run(['validate', ...files, '--format', 'junit', '--fail-severity', 'info'], { cwd: dir }),
          run(['validate', AWKWARD_NAME, 'bad-utf8.playbook.yaml', '--format', 'junit'], { cwd: dir }),
          run(['validate', '-', '--format', 'junit'], { cwd: dir, input: ERRORS }),
          run(['validate', 'clean.playbook.yaml', '--format', 'junit'], { cwd: dir }),
        ];
        for (const r of outputs) {
          assert.deepStrictEqual(await check(r.stdout), [], r.stdout.slice(0, 2000));
          const doc = parseJunit(r);
          for (const tc of findAll(doc, 'testcase')) assert.match(tc.attrs.time ?? '', /^\d+\.\d{3}$/, 'testcase time');
          const suite = findAll(doc, 'testsuite')[0];
          assert.match(suite.attrs.time ?? '', /^\d+\.\d{3}$/, 'suite time');
          assert.match(suite.attrs.timestamp ?? '', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
        }
        // A file element or a missing time would not pass.
        assert.notDeepStrictEqual(await check(outputs[0].stdout.replace(/<testcase /, '<testcase file="x" ')), []);
        assert.notDeepStrictEqual(await check(outputs[0].stdout.replace(/ time="[^"]*"/, '')), []);
        // Findings below the fail severity are kept, in the suite's system-out.
        const out = findAll(parseJunit(outputs[0]), 'system-out')[0];
        assert.match(out.text, /warnings\.playbook\.yaml:\d+:\d+ warning /);
      });

      test('stdin is one testcase', () => {
        const r = run(['validate', '-', '--format', 'junit'], { cwd: dir, input: ERRORS });
        assertExit(r, 1);
        const cases = findAll(parseJunit(r), 'testcase');
        assert.strictEqual(cases.length, 1);
        assert.ok(hasFailure(cases[0]));
      });
    });

    suite('github', () => {
      test('one ::error/::warning/::notice line per finding, with file, line and col', () => {
        const r = run(['validate', 'mixed.playbook.yaml', 'clean.playbook.yaml', '--format', 'github'], { cwd: dir });
        assertExit(r, 1);
        const annotations = parseGithub(r);
        const { report } = jsonRun(['validate', 'mixed.playbook.yaml', 'clean.playbook.yaml'], { cwd: dir });
        const findings = report.files.flatMap((f) => f.findings.map((x) => ({ file: f.filePath, ...x })));
        assert.strictEqual(annotations.length, findings.length);
        const command = { error: 'error', warning: 'warning', info: 'notice' } as const;
        const want = findings.map((x) => `${command[x.severity]} ${x.file} ${x.line} ${x.column}`).sort();
        const got = annotations.map((a) => `${a.command} ${unescapeGithub(a.props.file)} ${a.props.line} ${a.props.col}`).sort();
        assert.deepStrictEqual(got, want);
        for (const a of annotations) {
          const f = findings.find((x) => String(x.line) === a.props.line && String(x.column) === a.props.col && command[x.severity] === a.command)!;
          assert.ok(unescapeGithub(a.message).includes(f.message), `message of ${f.ruleId}: ${a.message}`);
        }
      });

      test('escapes % and newlines in messages and , and : in the path', () => {
        const r = run(['validate', AWKWARD_NAME, '--format', 'github'], { cwd: dir });
        assertExit(r, 1);
        assert.ok(r.stdout.split('\n').every((l) => l === '' || l.startsWith('::')), `no raw line breaks inside an annotation${show(r)}`);
        assert.doesNotMatch(r.stdout, /\r/);
        const annotations = parseGithub(r);
        assert.ok(annotations.length >= 1);
        for (const a of annotations) {
          assert.strictEqual(a.props.file, 'odd%2C name%3A1.playbook.yaml');
          assert.strictEqual(unescapeGithub(a.props.file), AWKWARD_NAME);
        }
        const quoting = annotations.filter((a) => a.message.includes('100%25 <&> "q"%0Asure'));
        assert.ok(quoting.length >= 1, `the value is escaped as 100%25 ... %0Asure${show(r)}`);
        const { report } = jsonRun(['validate', AWKWARD_NAME], { cwd: dir });
        for (const f of report.files[0].findings) {
          assert.ok(
            annotations.some((a) => unescapeGithub(a.message).includes(f.message)),
            `the escaped message decodes back to ${JSON.stringify(f.message)}`,
          );
        }
      });

      test('a clean run prints no annotations, exit 0', () => {
        const r = run(['validate', 'clean.playbook.yaml', '--format', 'github'], { cwd: dir });
        assertExit(r, 0);
        assert.doesNotMatch(r.stdout, /^::(error|warning|notice)/m);
      });
    });
  });

  suite('exit codes: --fail-severity, --max-warnings, --quiet', () => {
    let dir: string;
    suiteSetup(() => {
      dir = makeTempDir();
      writeTree(dir, {
        'clean.playbook.yaml': CLEAN,
        'errors.playbook.yaml': ERRORS,
        'warnings.playbook.yaml': WARNINGS,
        'warnings-two.playbook.yaml': WARNINGS.replace('only-warnings', 'only-warnings-two'),
        'infos.playbook.yaml': INFOS,
        'mixed.playbook.yaml': MIXED,
      });
    });
    suiteTeardown(() => removeDir(dir));

    const matrix: [string, string[], number][] = [
      ['clean', [], 0],
      ['errors', [], 1],
      ['warnings', [], 0],
      ['infos', [], 0],
      ['clean', ['--fail-severity', 'info'], 0],
      ['errors', ['--fail-severity', 'error'], 1],
      ['errors', ['--fail-severity', 'warning'], 1],
      ['warnings', ['--fail-severity', 'error'], 0],
      ['warnings', ['--fail-severity', 'warning'], 1],
      ['warnings', ['--fail-severity', 'info'], 1],
      ['infos', ['--fail-severity', 'warning'], 0],
      ['infos', ['--fail-severity', 'info'], 1],
      ['warnings', ['--max-warnings', '0'], 1],
      ['warnings', ['--max-warnings=0'], 1],
      ['warnings', ['--max-warnings', '1'], 0],
      ['infos', ['--max-warnings', '0'], 0],
      ['clean', ['--max-warnings', '0'], 0],
    ];
    for (const [name, flags, code] of matrix) {
      test(`${name}.playbook.yaml ${flags.join(' ') || '(defaults)'} → exit ${code}`, () => {
        assertExit(run(['validate', `${name}.playbook.yaml`, ...flags], { cwd: dir }), code);
      });
    }

    test('--max-warnings counts warnings over all files: 2 warnings, max 1 → exit 1; max 2 → exit 0', () => {
      assertExit(run(['validate', 'warnings.playbook.yaml', 'warnings-two.playbook.yaml', '--max-warnings', '1'], { cwd: dir }), 1);
      assertExit(run(['validate', 'warnings.playbook.yaml', 'warnings-two.playbook.yaml', '--max-warnings', '2'], { cwd: dir }), 0);
    });

    test('--max-warnings with -f json still prints parseable JSON on stdout', () => {
      const r = run(['validate', 'warnings.playbook.yaml', '--max-warnings', '0', '--format', 'json'], { cwd: dir });
      assertExit(r, 1);
      assert.strictEqual(parseJson(r).summary.warnings, 1);
    });

    test('every format gives the same exit code', () => {
      for (const format of FORMATS) {
        assertExit(run(['validate', 'errors.playbook.yaml', '--format', format], { cwd: dir }), 1);
        assertExit(run(['validate', 'warnings.playbook.yaml', '--format', format], { cwd: dir }), 0);
        assertExit(run(['validate', 'warnings.playbook.yaml', '-f', format, '--fail-severity', 'warning'], { cwd: dir }), 1);
      }
    });

    test('--quiet hides warnings and infos (stylish)', () => {
      const r = run(['validate', 'mixed.playbook.yaml', '--quiet'], { cwd: dir });
      assertExit(r, 1);
      assert.match(r.stdout, /unknown-reference/);
      assert.doesNotMatch(r.stdout, /stage-without-touchpoint|unused-definition/);
      assert.doesNotMatch(r.stdout, /^\s+\d+:\d+\s+(warning|info)\s/m);
    });

    test('-q hides warnings and infos (json)', () => {
      const { r, report } = jsonRun(['validate', 'mixed.playbook.yaml', '-q'], { cwd: dir });
      assertExit(r, 1);
      const f = fileOf(report, 'mixed.playbook.yaml');
      assert.deepStrictEqual(f.findings.map((x) => x.severity), ['error']);
      assert.deepStrictEqual([f.errorCount, f.warningCount, f.infoCount], [1, 0, 0]);
    });

    test('--quiet on a warnings-only file: nothing reported, exit 0', () => {
      const r = run(['validate', 'warnings.playbook.yaml', '--quiet'], { cwd: dir });
      assertExit(r, 0);
      assert.doesNotMatch(r.stdout, /stage-without-touchpoint/);
    });

    test('--quiet --fail-severity warning shows warnings but not infos', () => {
      const { r, report } = jsonRun(['validate', 'mixed.playbook.yaml', '--quiet', '--fail-severity', 'warning'], { cwd: dir });
      assertExit(r, 1);
      assert.deepStrictEqual(fileOf(report, 'mixed.playbook.yaml').findings.map((x) => x.severity).sort(), ['error', 'warning']);
    });

    test('--quiet applies to every format', () => {
      const gh = parseGithub(run(['validate', 'mixed.playbook.yaml', '--quiet', '-f', 'github'], { cwd: dir }));
      assert.deepStrictEqual(gh.map((a) => a.command), ['error']);
      const sarif = parseSarif(run(['validate', 'mixed.playbook.yaml', '--quiet', '-f', 'sarif'], { cwd: dir }));
      assert.deepStrictEqual((sarif.runs[0].results ?? []).map((x) => x.level), ['error']);
    });
  });

  suite('file discovery', () => {
    let dir: string;
    const expected = [
      '.github/ci.playbook.yaml',
      'clean.playbook.yaml',
      'loop/looped.playbook.yaml',
      'loop/sub/real.playbook.yaml',
      'nested/deeper/warnings.playbook.yaml',
      'nested/infos.playbook.yml',
    ];

    suiteSetup(() => {
      dir = makeTempDir();
      writeTree(dir, {
        'clean.playbook.yaml': CLEAN,
        'nested/deeper/warnings.playbook.yaml': WARNINGS,
        'nested/infos.playbook.yml': INFOS,
        // Hidden folders other than .git are searched too.
        '.github/ci.playbook.yaml': CLEAN_TWO,
        // Not playbooks: ignored by folder discovery even though they would fail.
        'notes.yaml': ERRORS,
        'config.yml': ERRORS,
        'playbook.yaml': ERRORS,
        'errors.playbook.yaml.bak': ERRORS,
        'nested/errors.playbook.json': ERRORS,
        // Skipped folders.
        'node_modules/some-pkg/errors.playbook.yaml': ERRORS,
        'nested/node_modules/errors.playbook.yml': ERRORS,
        '.git/errors.playbook.yaml': ERRORS,
        '.git/hooks/errors.playbook.yml': ERRORS,
        'empty/notes.yaml': 'just: yaml\n',
        'loop/looped.playbook.yaml': CLEAN,
        'loop/sub/real.playbook.yaml': CLEAN_TWO,
      });
      // A folder symlink loop (loop/sub/back -> loop): must neither hang nor report files twice.
      fs.symlinkSync('..', path.join(dir, 'loop', 'sub', 'back'));
    });
    suiteTeardown(() => removeDir(dir));

    test('no arguments = every *.playbook.yaml|yml under the current folder, skipping node_modules and .git', () => {
      const { r, report } = jsonRun(['validate'], { cwd: dir });
      assertExit(r, 0);
      assert.deepStrictEqual(report.files.map((f) => f.filePath).sort(), expected);
      assert.strictEqual(report.summary.files, expected.length);
    });

    test('no arguments (stylish): exit 0 and the summary counts the discovered playbooks', () => {
      const r = run(['validate'], { cwd: dir });
      assertExit(r, 0);
      assert.match(r.stdout, new RegExp(`\\b${expected.length} playbooks\\b`));
      assert.doesNotMatch(r.stdout, /errors\.playbook|node_modules|\.git\//);
    });

    test('"." is the same as no arguments', () => {
      const { report } = jsonRun(['validate', '.'], { cwd: dir });
      assert.deepStrictEqual(report.files.map((f) => f.filePath).sort(), expected);
    });

    test('an absolute folder path works from anywhere', () => {
      const { report } = jsonRun(['validate', dir], { cwd: os.tmpdir() });
      assert.strictEqual(report.files.length, expected.length);
    });

    test('a folder argument', () => {
      const { r, report } = jsonRun(['validate', 'nested'], { cwd: dir });
      assertExit(r, 0);
      assert.deepStrictEqual(report.files.map((f) => f.filePath).sort(), ['nested/deeper/warnings.playbook.yaml', 'nested/infos.playbook.yml']);
    });

    test('a folder holding a symlink back to an ancestor (a loop): only the files under that folder, once each', () => {
      const { r, report } = jsonRun(['validate', 'loop/sub'], { cwd: dir });
      assertExit(r, 0);
      assert.deepStrictEqual(report.files.map((f) => f.filePath), ['loop/sub/real.playbook.yaml']);
    });

    test('--fail-severity info fails the discovered set (it has an info)', () => {
      assertExit(run(['validate', '--fail-severity', 'info'], { cwd: dir }), 1);
    });

    test("glob '**/*.playbook.yml' is expanded by the CLI (not in node_modules or .git)", () => {
      const { r, report } = jsonRun(['validate', '**/*.playbook.yml'], { cwd: dir });
      assertExit(r, 0);
      assert.deepStrictEqual(report.files.map((f) => f.filePath), ['nested/infos.playbook.yml']);
    });

    test("glob 'nested/**/*.playbook.yaml'", () => {
      const { report } = jsonRun(['validate', 'nested/**/*.playbook.yaml'], { cwd: dir });
      assert.deepStrictEqual(report.files.map((f) => f.filePath), ['nested/deeper/warnings.playbook.yaml']);
    });

    test('a glob that matches nothing: exit 2', () => {
      assertUsageError(run(['validate', '**/*.nothing.playbook.yaml'], { cwd: dir }));
    });

    test('no arguments in a folder without playbooks: exit 2', () => {
      assertUsageError(run(['validate'], { cwd: path.join(dir, 'empty') }));
    });

    test('a folder argument without playbooks: exit 2', () => {
      assertUsageError(run(['validate', 'empty'], { cwd: dir }));
    });
  });

  suite('.playbookrc.yaml and --config', () => {
    let dir: string;
    suiteSetup(() => {
      dir = makeTempDir();
      writeTree(dir, {
        'plain/warnings.playbook.yaml': WARNINGS,
        'off/.playbookrc.yaml': 'rules:\n  stage-without-touchpoint: off\n',
        'off/warnings.playbook.yaml': WARNINGS,
        'off/sub/warnings.playbook.yml': WARNINGS,
        'own/.playbookrc.yaml': 'rules:\n  stage-without-touchpoint: off\n',
        'own/warnings.playbook.yaml': WARNINGS.replace('title: Only warnings\n', 'title: Only warnings\nrules:\n  stage-without-touchpoint: error\n'),
        'excl/.playbookrc.yaml': 'exclude:\n  - "drafts/**"\n  - "**/*.wip.playbook.yaml"\n',
        'excl/clean.playbook.yaml': CLEAN,
        'excl/drafts/errors.playbook.yaml': ERRORS,
        'excl/errors.wip.playbook.yaml': ERRORS,
        'bad-value/.playbookrc.yaml': 'rules:\n  coverage-gap: loud\n',
        'bad-value/clean.playbook.yaml': CLEAN,
        'bad-syntax/.playbookrc.yaml': 'rules: [\n',
        'bad-syntax/clean.playbook.yaml': CLEAN,
        'bad-key/.playbookrc.yaml': 'rules:\n  syntax: off\n',
        'bad-key/clean.playbook.yaml': CLEAN,
        'dup-key/.playbookrc.yaml': 'rules:\n  coverage-gap: off\nrules:\n  kpi-unmeasured: off\n',
        'dup-key/clean.playbook.yaml': CLEAN,
        'not-a-map/.playbookrc.yaml': 'just a string\n',
        'not-a-map/clean.playbook.yaml': CLEAN,
        'configs/strict.yaml': 'rules:\n  stage-without-touchpoint: error\n',
        'configs/lenient.yaml': 'rules:\n  stage-without-touchpoint: off\n',
      });
    });
    suiteTeardown(() => removeDir(dir));

    test('without a config the warning is reported (baseline)', () => {
      const { r, report } = jsonRun(['validate', 'plain'], { cwd: dir });
      assertExit(r, 0);
      assert.strictEqual(report.summary.warnings, 1);
    });

    test('a .playbookrc.yaml that turns a rule off applies to its folder and below', () => {
      const { r, report } = jsonRun(['validate', 'off'], { cwd: dir });
      assertExit(r, 0);
      assert.strictEqual(report.files.length, 2);
      assert.deepStrictEqual(report.summary, { files: 2, errors: 0, warnings: 0, infos: 0 });
    });

    test('...also for a file named explicitly, and with no arguments from inside the folder', () => {
      assert.strictEqual(jsonRun(['validate', 'off/sub/warnings.playbook.yml'], { cwd: dir }).report.summary.warnings, 0);
      assert.strictEqual(jsonRun(['validate'], { cwd: path.join(dir, 'off') }).report.summary.warnings, 0);
    });

    test("the playbook's own rules win over .playbookrc.yaml", () => {
      const { r, report } = jsonRun(['validate', 'own'], { cwd: dir });
      assertExit(r, 1);
      assert.deepStrictEqual(report.files[0].findings.map((f) => `${f.ruleId}:${f.severity}`), ['stage-without-touchpoint:error']);
    });

    test('exclude globs drop files from folder discovery', () => {
      const { r, report } = jsonRun(['validate', 'excl'], { cwd: dir });
      assertExit(r, 0);
      assert.deepStrictEqual(report.files.map((f) => f.filePath), ['excl/clean.playbook.yaml']);
    });

    test('exclude globs apply with no arguments and to CLI globs too', () => {
      const cwd = path.join(dir, 'excl');
      assert.deepStrictEqual(jsonRun(['validate'], { cwd }).report.files.map((f) => f.filePath), ['clean.playbook.yaml']);
      const { r, report } = jsonRun(['validate', '**/*.playbook.yaml'], { cwd });
      assertExit(r, 0);
      assert.deepStrictEqual(report.files.map((f) => f.filePath), ['clean.playbook.yaml']);
    });

    test('--config FILE is used instead of the nearest .playbookrc.yaml', () => {
      assertExit(run(['validate', 'plain/warnings.playbook.yaml', '--config', 'configs/strict.yaml'], { cwd: dir }), 1);
      assertExit(run(['validate', 'off/warnings.playbook.yaml', '--config', 'configs/strict.yaml'], { cwd: dir }), 1);
      const { r, report } = jsonRun(['validate', 'plain/warnings.playbook.yaml', '-c', 'configs/lenient.yaml'], { cwd: dir });
      assertExit(r, 0);
      assert.strictEqual(report.summary.warnings, 0);
    });

    test('--config with an absolute path', () => {
      assertExit(run(['validate', 'plain', '--config', path.join(dir, 'configs', 'strict.yaml')], { cwd: dir }), 1);
    });

    test('--config that does not exist: exit 2', () => {
      assertUsageError(run(['validate', 'plain', '--config', 'configs/missing.yaml'], { cwd: dir }), /missing\.yaml/);
    });

    test('--config that is a folder: exit 2', () => {
      assertUsageError(run(['validate', 'plain', '--config', 'configs'], { cwd: dir }));
    });

    test('--config naming an invalid file: exit 2', () => {
      assertUsageError(run(['validate', 'plain', '--config', 'bad-value/.playbookrc.yaml'], { cwd: dir }));
    });

    for (const name of ['bad-value', 'bad-syntax', 'bad-key', 'dup-key', 'not-a-map']) {
      test(`invalid .playbookrc.yaml (${name}): exit 2 naming the config file`, () => {
        assertUsageError(run(['validate', name], { cwd: dir }), /\.playbookrc\.yaml/);
      });
    }

    test('invalid .playbookrc.yaml with a duplicate key: the message names the key (`rules`)', () => {
      const r = run(['validate', 'dup-key'], { cwd: dir });
      assertUsageError(r, /`rules`/);
    });

    // The language server shows the same texts on the file itself (lsp.test.ts, "configuration files").
    for (const broken of BROKEN_CONFIGS) {
      test(`invalid .playbookrc.yaml (${broken.name}): exactly the message the editor shows, for the first problem`, () => {
        const sub = path.join(dir, `same-text-${BROKEN_CONFIGS.indexOf(broken)}`);
        writeTree(sub, { 'team/.playbookrc.yaml': broken.text, 'team/clean.playbook.yaml': CLEAN });
        const r = run(['validate'], { cwd: sub });
        assertUsageError(r);
        assert.strictEqual(r.stderr, cliConfigError('team/.playbookrc.yaml', broken), show(r));
      });
    }

    test('an unreadable .playbookrc.yaml (chmod 000): exit 2 with the I/O message the editor shows (run as an unprivileged user when the tests run as root)', () => {
      if (!canSwitchToNobody()) {
        const sub = path.join(dir, 'locked-rc');
        writeTree(sub, { '.playbookrc.yaml': 'rules:\n  coverage-gap: off\n', 'clean.playbook.yaml': CLEAN });
        fs.chmodSync(path.join(sub, '.playbookrc.yaml'), 0o000);
        try {
          const r = run(['validate'], { cwd: sub });
          assertUsageError(r);
          assert.strictEqual(r.stderr, `playbook: permission denied: ${path.join(fs.realpathSync(sub), '.playbookrc.yaml')}\n`);
        } finally {
          fs.chmodSync(path.join(sub, '.playbookrc.yaml'), 0o644);
        }
        return;
      }
      // As root, chmod 000 does not stop reading: run the CLI as `nobody` (see asNobody.ts).
      const world = makeNobodyWorld(CLI);
      try {
        world.write('.playbookrc.yaml', 'rules:\n  coverage-gap: off\n', 0o000);
        world.write('clean.playbook.yaml', CLEAN);
        const r = world.run(['validate'], { env: cleanEnv() });
        assert.strictEqual(r.status, 2, `${r.stdout}\n${r.stderr}`);
        assert.strictEqual(r.stderr, `playbook: permission denied: ${path.join(fs.realpathSync(world.files), '.playbookrc.yaml')}\n`);
        assert.strictEqual(r.stdout, '');
      } finally {
        world.remove();
      }
    });

    test('.playbookrc.yaml that is not a mapping: the message does not suggest playbook keys', () => {
      const r = run(['validate', 'not-a-map'], { cwd: dir });
      assertUsageError(r);
      assert.doesNotMatch(r.stderr, /touchpoints:|`playbook:`/, `a configuration file holds rules/include/exclude, not playbook keys${show(r)}`);
    });
  });

  suite('standard input', () => {
    let dir: string;
    suiteSetup(() => {
      dir = makeTempDir();
      writeTree(dir, {
        'clean.playbook.yaml': CLEAN,
        'off/.playbookrc.yaml': 'rules:\n  stage-without-touchpoint: off\n',
      });
    });
    suiteTeardown(() => removeDir(dir));

    test('"-" reads a clean playbook from stdin: exit 0', () => {
      const r = run(['validate', '-'], { cwd: dir, input: CLEAN });
      assertExit(r, 0);
      assert.match(r.stdout, /\b1 playbook\b/);
    });

    test('"-" with errors: exit 1, positions as for a file', () => {
      const { r, report } = jsonRun(['validate', '-'], { cwd: dir, input: ERRORS });
      assertExit(r, 1);
      assert.strictEqual(report.files.length, 1);
      const pos = posOf(ERRORS, 'csmm');
      const [f] = report.files[0].findings;
      assert.deepStrictEqual([f.ruleId, f.line, f.column], ['unknown-reference', pos.line, pos.column]);
    });

    test('"-" with warnings only: exit 0, or 1 with --fail-severity warning', () => {
      assertExit(run(['validate', '-'], { cwd: dir, input: WARNINGS }), 0);
      assertExit(run(['validate', '-', '--fail-severity', 'warning'], { cwd: dir, input: WARNINGS }), 1);
    });

    test('"-" with invalid UTF-8 bytes: exit 1, syntax error', () => {
      const { r, report } = jsonRun(['validate', '-'], { cwd: dir, input: BAD_UTF8 });
      assertExit(r, 1);
      const [f] = report.files[0].findings;
      assert.deepStrictEqual([f.ruleId, f.line, f.column], ['syntax', BAD_UTF8_POS.line, BAD_UTF8_POS.column]);
    });

    test('--stdin-filename is the reported path and finds the config', () => {
      const { report } = jsonRun(['validate', '-', '--stdin-filename', 'off/virtual.playbook.yaml'], { cwd: dir, input: WARNINGS });
      assert.strictEqual(report.files[0].filePath, 'off/virtual.playbook.yaml');
      assert.strictEqual(report.summary.warnings, 0, 'off/.playbookrc.yaml applies');
    });

    test('"-" together with files', () => {
      const { r, report } = jsonRun(['validate', 'clean.playbook.yaml', '-'], { cwd: dir, input: ERRORS });
      assertExit(r, 1);
      assert.strictEqual(report.files.length, 2);
      assert.deepStrictEqual(report.summary, { files: 2, errors: 1, warnings: 0, infos: 0 });
    });

    test('"-" with the github format', () => {
      const r = run(['validate', '-', '--format', 'github'], { cwd: dir, input: ERRORS });
      assertExit(r, 1);
      assert.deepStrictEqual(parseGithub(r).map((a) => a.command), ['error']);
    });
  });

  suite('I/O problems: exit 2, one line on stderr, nothing on stdout', () => {
    let dir: string;
    suiteSetup(() => {
      dir = makeTempDir();
      writeTree(dir, {
        'clean.playbook.yaml': CLEAN,
        'errors.playbook.yaml': ERRORS,
        'locked.playbook.yaml': CLEAN,
        'nul.playbook.yaml': Buffer.concat([Buffer.from('playbook: binary\n'), Buffer.from([0, 1, 2, 3])]),
        'walk/clean.playbook.yaml': CLEAN,
      });
      fs.mkdirSync(path.join(dir, 'dir.playbook.yaml'));
      fs.symlinkSync('does-not-exist.playbook.yaml', path.join(dir, 'dangling.playbook.yaml'));
      fs.symlinkSync('loop-b.playbook.yaml', path.join(dir, 'loop-a.playbook.yaml'));
      fs.symlinkSync('loop-a.playbook.yaml', path.join(dir, 'loop-b.playbook.yaml'));
      fs.symlinkSync('self.playbook.yaml', path.join(dir, 'self.playbook.yaml'));
      fs.symlinkSync('loop-b.playbook.yaml', path.join(dir, 'walk', 'loop-a.playbook.yaml'));
      fs.symlinkSync('loop-a.playbook.yaml', path.join(dir, 'walk', 'loop-b.playbook.yaml'));
      fs.chmodSync(path.join(dir, 'locked.playbook.yaml'), 0o000);
    });
    suiteTeardown(() => {
      if (dir) {
        try {
          fs.chmodSync(path.join(dir, 'locked.playbook.yaml'), 0o644);
        } catch {
          // already gone
        }
      }
      removeDir(dir);
    });

    test('file not found: exit 2, the message names the file', () => {
      assertUsageError(run(['validate', 'missing.playbook.yaml'], { cwd: dir }), /missing\.playbook\.yaml/);
    });

    test('a missing file among good ones: exit 2 and no partial report', () => {
      for (const format of FORMATS) {
        assertUsageError(run(['validate', 'errors.playbook.yaml', 'missing.playbook.yaml', 'clean.playbook.yaml', '--format', format], { cwd: dir }));
      }
    });

    test('a dangling symlink named explicitly: exit 2', () => {
      assertUsageError(run(['validate', 'dangling.playbook.yaml'], { cwd: dir }), /dangling\.playbook\.yaml/);
    });

    test('a symlink loop named explicitly: exit 2', () => {
      assertUsageError(run(['validate', 'loop-a.playbook.yaml'], { cwd: dir }), /loop-a\.playbook\.yaml/);
      assertUsageError(run(['validate', 'self.playbook.yaml'], { cwd: dir }), /self\.playbook\.yaml/);
    });

    test('a directory named x.playbook.yaml given as the file: exit 2', () => {
      assertUsageError(run(['validate', 'dir.playbook.yaml'], { cwd: dir }), /dir\.playbook\.yaml/);
    });

    test('a file whose read fails with EIO (/proc/self/mem, unreadable even for root): exit 2', function () {
      if (process.platform !== 'linux' || !fs.existsSync('/proc/self/mem')) this.skip();
      assertUsageError(run(['validate', '/proc/self/mem'], { cwd: dir }), /\/proc\/self\/mem/);
    });

    test('a chmod 000 file: exit 2 (run as an unprivileged user when the tests run as root)', () => {
      if (!canSwitchToNobody()) {
        assertUsageError(run(['validate', 'locked.playbook.yaml'], { cwd: dir }), /locked\.playbook\.yaml/);
        return;
      }
      // As root, chmod 000 does not stop reading: run the CLI as `nobody`, from a copy it can reach (see asNobody.ts).
      const world = makeNobodyWorld(CLI);
      try {
        world.write('locked.playbook.yaml', CLEAN, 0o000);
        const r = world.run(['validate', 'locked.playbook.yaml'], { env: cleanEnv() });
        assert.strictEqual(r.status, 2, `${r.stdout}\n${r.stderr}`);
        assert.match(r.stderr, /^playbook: permission denied: locked\.playbook\.yaml\n$/);
        assert.strictEqual(r.stdout, '');
      } finally {
        world.remove();
      }
    });

    test('a symlink loop inside a searched folder neither hangs nor crashes', () => {
      const r = run(['validate', 'walk', '--format', 'json'], { cwd: dir });
      if (r.code === 2) {
        assertUsageError(r);
      } else {
        assertExit(r, 0);
        assert.ok(parseJson(r).files.some((f) => f.filePath === 'walk/clean.playbook.yaml'));
      }
    });

    test('a binary file (NUL bytes): exit 1 with a syntax error, not a crash', () => {
      const { r, report } = jsonRun(['validate', 'nul.playbook.yaml'], { cwd: dir });
      assertExit(r, 1);
      assert.deepStrictEqual(report.files[0].findings.map((f) => f.ruleId), ['syntax']);
    });

    suite('machine formats print nothing on stdout on exit 2', () => {
      const cases: [string, string[]][] = [
        ['file not found', ['validate', 'missing.playbook.yaml']],
        ['glob without match', ['validate', 'nothing/*.playbook.yaml']],
        ['symlink loop', ['validate', 'loop-a.playbook.yaml']],
        ['bad option', ['validate', 'clean.playbook.yaml', '--fail-severity', 'fatal']],
        ['missing --config', ['validate', 'clean.playbook.yaml', '--config', 'nope.yaml']],
      ];
      for (const format of FORMATS) {
        for (const [name, args] of cases) {
          test(`${format}: ${name}`, () => {
            assertUsageError(run([...args, '--format', format], { cwd: dir }));
          });
        }
      }

      for (const format of FORMATS) {
        test(`${format}: invalid .playbookrc.yaml`, () => {
          const sub = path.join(dir, `rc-${format}`);
          writeTree(sub, { '.playbookrc.yaml': 'rules:\n  coverage-gap: loud\n', 'clean.playbook.yaml': CLEAN });
          assertUsageError(run(['validate', '--format', format], { cwd: sub }));
        });
      }
    });
  });
});

suite('CLI --report FORMAT=FILE: several formats from one run', () => {
  let dir: string;
  suiteSetup(() => {
    dir = makeTempDir();
  });
  suiteTeardown(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('each file holds exactly what --format prints for it; standard output keeps its own format; the exit code is the run\'s', () => {
    const r = run(['validate', SAMPLES, '--format', 'github', '--report', 'json=out/r.json', '--report', 'sarif=out/deep/r.sarif', '--report', `junit=${path.join(dir, 'r.xml')}`, '--report', 'stylish=s.txt'], { cwd: dir });
    const alone = (format: string) => run(['validate', SAMPLES, '--format', format, '--no-color'], { cwd: dir });
    assertExit(r, alone('github').code ?? -1);
    assert.strictEqual(r.stdout, alone('github').stdout);
    assert.strictEqual(fs.readFileSync(path.join(dir, 'out/r.json'), 'utf8'), alone('json').stdout);
    assert.strictEqual(fs.readFileSync(path.join(dir, 'out/deep/r.sarif'), 'utf8'), alone('sarif').stdout);
    // JUnit carries timings and a timestamp: the same suites and test cases.
    const cases = (xml: string) => [...xml.matchAll(/<testcase [^>]*name="([^"]*)"/g)].map((m) => m[1]);
    assert.deepStrictEqual(cases(fs.readFileSync(path.join(dir, 'r.xml'), 'utf8')), cases(alone('junit').stdout));
    assert.strictEqual(fs.readFileSync(path.join(dir, 's.txt'), 'utf8'), alone('stylish').stdout, 'files are written without colour');
    assert.deepStrictEqual(fs.readdirSync(path.join(dir, 'out')).sort(), ['deep', 'r.json'], 'no temporary file left');
  });

  test('--quiet applies to every report', () => {
    const r = run(['validate', SAMPLES, '--quiet', '--format', 'json', '--report', 'json=q.json'], { cwd: dir });
    assert.strictEqual(fs.readFileSync(path.join(dir, 'q.json'), 'utf8'), r.stdout);
  });

  test('a bad spec, a file named twice, a file that cannot be made: exit 2 before any check, one line', () => {
    for (const [args, message] of [
      [['--report', 'xml=a.xml'], /--report must be FORMAT=FILE/],
      [['--report', 'json'], /--report must be FORMAT=FILE/],
      [['--report', 'json='], /--report must be FORMAT=FILE/],
      [['--report', 'json=twice.json', '--report', 'sarif=twice.json'], /names twice\.json twice/],
      [['--report', 'json=/proc/no-such-folder/r.json'], /cannot write the report/],
    ] as const) {
      const r = run(['validate', SAMPLES, ...args], { cwd: dir });
      assertExit(r, 2);
      assert.strictEqual(r.stdout, '', show(r));
      assert.match(r.stderr, message);
      assert.strictEqual(r.stderr.trim().split('\n').length, 1, show(r));
    }
    assert.ok(!fs.existsSync(path.join(dir, 'twice.json')));
  });

  test('a run that stops leaves an earlier report as it was and no partial file', () => {
    fs.writeFileSync(path.join(dir, 'keep.json'), 'earlier\n');
    const r = run(['validate', path.join(dir, 'no-such-folder'), '--report', 'json=keep.json'], { cwd: dir });
    assertExit(r, 2);
    assert.strictEqual(fs.readFileSync(path.join(dir, 'keep.json'), 'utf8'), 'earlier\n');
    assert.deepStrictEqual(fs.readdirSync(dir).filter((f) => f.includes('partial')), []);
  });
});
