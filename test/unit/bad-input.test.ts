/**
 * Hostile and unusual input: the analysis never throws, and every finding has a
 * range inside the document. Decoding bytes reports, never throws.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzePlaybook, Analysis } from '../../server/src/core/analyze';
import { decodeBytes } from '../../server/src/core/text';
import type { Finding } from '../../server/src/core/types';
import { dedent, repoRoot, testRuns } from './helpers';


/** Lines as an editor sees them (CRLF, LF and lone CR all end a line). */
function editorLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** Asserts that every finding (and related location) lies inside the text, and that offsets and range agree. */
function assertInside(text: string, findings: Finding[]): void {
  const lines = editorLines(text);
  const inside = (p: { line: number; character: number }, what: string) => {
    assert.ok(Number.isInteger(p.line) && p.line >= 0 && p.line < lines.length, `${what}: line ${p.line} outside 0..${lines.length - 1}`);
    assert.ok(Number.isInteger(p.character) && p.character >= 0 && p.character <= lines[p.line].length, `${what}: character ${p.character} outside line ${p.line} (length ${lines[p.line].length})`);
  };
  for (const f of findings) {
    const what = `${f.ruleId} "${f.message.slice(0, 80)}"`;
    inside(f.range.start, what);
    inside(f.range.end, what);
    assert.ok(
      f.range.start.line < f.range.end.line || (f.range.start.line === f.range.end.line && f.range.start.character <= f.range.end.character),
      `${what}: range ends before it starts ${JSON.stringify(f.range)}`,
    );
    assert.ok(f.offsets[0] >= 0 && f.offsets[0] <= f.offsets[1] && f.offsets[1] <= text.length, `${what}: offsets ${JSON.stringify(f.offsets)} outside 0..${text.length}`);
    for (const r of f.related ?? []) {
      inside(r.range.start, `${what} related`);
      inside(r.range.end, `${what} related`);
    }
    assert.ok(typeof f.message === 'string' && f.message.length > 0, what);
    assert.ok(['error', 'warning', 'info'].includes(f.severity), what);
  }
}

/** Analyses without throwing, and checks the ranges. */
function safeAnalyze(text: string): Analysis {
  let a: Analysis | undefined;
  assert.doesNotThrow(() => {
    a = analyzePlaybook(text);
  });
  assertInside(text, a!.findings);
  return a!;
}

function brief(f: Finding): string {
  return `${f.ruleId}@${f.range.start.line + 1}:${f.range.start.character + 1}`;
}

const VALID = dedent(`
  playbook: demo
  title: Demo
  framework: aida
  owners:
    - id: csm
      type: human
  segments:
    - id: smb
  touchpoints:
    - id: a
      stage: awareness
      channel: email
      owner: csm
    - id: b
      stage: interest
      channel: email
      owner: csm
    - id: c
      stage: desire
      channel: email
      owner: csm
    - id: d
      stage: action
      channel: email
      owner: csm
`);

// Several kinds of finding at known places (schema errors, a missing key, a semantic warning).
const FLAWED = dedent(`
  # A flawed playbook
  playbook: demo
  title: Demo   # trailing comment
  framework: aida
  owners:
    - id: csm
      type: human
  segments:
    - id: smb
    - id: big
      size: many
  touchpoints:
    - id: a
      stage: awareness
      channel: emial
      owner: csm
    - id: b
      stage: intrest
      channel: email
  kpis:
    - id: nps
      metric: nps
`);

suite('bad input: never throws, ranges inside the document', () => {
  test('the valid reference snippet has no findings', () => {
    assert.deepStrictEqual(safeAnalyze(VALID).findings.map(brief), []);
  });

  test('empty file', () => {
    const a = safeAnalyze('');
    assert.deepStrictEqual(a.findings.map(brief), ['schema@1:1']);
  });

  test('whitespace-only file', () => {
    for (const text of [' ', '\n', '   \n\n  \n', '\t\n', '\r\n\r\n']) {
      const a = safeAnalyze(text);
      assert.strictEqual(a.findings.length, 1, JSON.stringify(text));
      assert.strictEqual(a.findings[0].ruleId, 'schema');
      assert.ok(/empty/i.test(a.findings[0].message), a.findings[0].message);
    }
  });

  test('comment-only file', () => {
    const a = safeAnalyze('# just a comment\n# and another\n');
    assert.strictEqual(a.findings.length, 1);
    assert.strictEqual(a.findings[0].ruleId, 'schema');
    assert.ok(/empty/i.test(a.findings[0].message), a.findings[0].message);
  });

  test('plain text that is not a YAML mapping', () => {
    const a = safeAnalyze('This is my customer engagement plan.\nWe call everyone on Mondays.\n');
    assert.deepStrictEqual(a.findings.map(brief), ['schema@1:1']);
    assert.ok(a.findings[0].message.includes('mapping'), a.findings[0].message);
  });

  test('a list of strings and a bare number', () => {
    assert.deepStrictEqual(safeAnalyze('- one\n- two\n').findings.map(brief), ['schema@1:1']);
    assert.deepStrictEqual(safeAnalyze('42\n').findings.map(brief), ['schema@1:1']);
  });

  test('odd fragments never throw', () => {
    const fragments = [
      ':',
      '- :',
      '? a\n: b',
      '{',
      '[',
      '}',
      '"unterminated',
      "'",
      '|',
      '>\n  folded',
      '&a',
      '*',
      '!!binary aGVsbG8=',
      '!custom-tag {a: 1}',
      '%YAML 1.2\n---\nplaybook: a',
      '...',
      '---',
      '--- |\n  text',
      'a: b: c',
      'touchpoints: [[[]]]',
      'touchpoints:\n  - [1, 2]\n  - null\n  - ~\n  - {id: 3}',
      'owners: null\nsegments: ~\ntouchpoints: 5\nkpis: "x"\nstages: {}\ntriggers: true\nrules: []',
      'rules: {a: {b: c}}',
      '\u0000',
      'a: "\u0000"',
      '\uFEFFplaybook: demo',
      'playbook: demo\n\uFEFF',
      '\u2028\u2029',
      'key: \uD800',
      'x'.repeat(10_000),
      '- '.repeat(5_000),
    ];
    for (const text of fragments) safeAnalyze(text);
  });

  test('decodeBytes: binary data with NUL bytes is reported, not thrown', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    const r = decodeBytes(png);
    assert.strictEqual(r.ok, false);
    const nul = decodeBytes(new TextEncoder().encode('playbook: demo\n\u0000\u0000title: x\n'));
    assert.strictEqual(nul.ok, false);
    if (!nul.ok) {
      assert.ok(/NUL|binary/i.test(nul.message), nul.message);
      assert.strictEqual(nul.offset, 15, 'offset of the first NUL');
    }
  });

  test('decodeBytes: invalid UTF-8 gives a message and the offset of the first bad byte', () => {
    const r = decodeBytes(new Uint8Array([0x61, 0x62, 0xff, 0x63]));
    assert.strictEqual(r.ok, false);
    if (!r.ok) {
      assert.ok(/UTF-8/.test(r.message), r.message);
      assert.ok(r.message.includes('3'), `names byte 3: ${r.message}`);
      assert.strictEqual(r.offset, 2);
      assert.strictEqual(r.text, 'ab');
    }
  });

  test('decodeBytes: invalid UTF-8 after multi-byte characters: offset counts characters', () => {
    // "é" is 2 bytes, "€" 3 bytes; the bad byte is byte 7 (1-based), after 3 characters.
    const bytes = new Uint8Array([0xc3, 0xa9, 0xe2, 0x82, 0xac, 0x61, 0xc0, 0x80]);
    const r = decodeBytes(bytes);
    assert.strictEqual(r.ok, false);
    if (!r.ok) {
      assert.strictEqual(r.text, 'é€a');
      assert.strictEqual(r.offset, 3);
      assert.ok(r.message.includes('7'), r.message);
    }
  });

  test('decodeBytes: a truncated UTF-8 sequence at the end', () => {
    const r = decodeBytes(new Uint8Array([0x61, 0x3a, 0x20, 0xe2, 0x82]));
    assert.strictEqual(r.ok, false);
    if (!r.ok) assert.strictEqual(r.offset, 3);
  });

  test('decodeBytes: valid UTF-8 round-trips', () => {
    const text = 'title: Café — 日本 🎉\n';
    assert.deepStrictEqual(decodeBytes(new TextEncoder().encode(text)), { ok: true, text });
  });

  test('decodeBytes: a UTF-8 BOM is stripped', () => {
    const body = new TextEncoder().encode(VALID);
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...body]);
    const r = decodeBytes(bytes);
    assert.ok(r.ok);
    assert.strictEqual(r.text, VALID);
    assert.strictEqual(r.text.charCodeAt(0), 'p'.charCodeAt(0));
    assert.deepStrictEqual(safeAnalyze(r.text).findings.map(brief), []);
  });

  test('decodeBytes: UTF-16 LE and BE with a BOM', () => {
    const le = Buffer.from(FLAWED, 'utf16le');
    const be = Buffer.from(le);
    be.swap16();
    const fromLe = decodeBytes(new Uint8Array([0xff, 0xfe, ...le]));
    const fromBe = decodeBytes(new Uint8Array([0xfe, 0xff, ...be]));
    assert.deepStrictEqual(fromLe, { ok: true, text: FLAWED });
    assert.deepStrictEqual(fromBe, { ok: true, text: FLAWED });
    const expected = analyzePlaybook(FLAWED).findings.map(brief);
    assert.deepStrictEqual(safeAnalyze(fromLe.text).findings.map(brief), expected);
    assert.deepStrictEqual(safeAnalyze(fromBe.text).findings.map(brief), expected);
  });

  test('decodeBytes: empty input', () => {
    assert.deepStrictEqual(decodeBytes(new Uint8Array([])), { ok: true, text: '' });
  });

  test('analysing the partial text of a bad file does not throw', () => {
    const r = decodeBytes(new Uint8Array([...new TextEncoder().encode('playbook: demo\ntitle: x'), 0xfe, 0x0a]));
    assert.strictEqual(r.ok, false);
    safeAnalyze(r.text);
    safeAnalyze('playbook: demo\u0000\ntitle: x\n');
  });

  test('the flawed reference snippet: the findings this suite compares against', () => {
    const a = safeAnalyze(FLAWED);
    assert.deepStrictEqual(
      a.findings.filter((f) => f.ruleId === 'schema' || f.ruleId === 'unknown-reference').map(brief),
      ['schema@11:11', 'schema@15:14', 'schema@17:5', 'unknown-reference@18:12'],
    );
  });

  test('CRLF line endings: same findings, same lines and characters as LF', () => {
    const lf = safeAnalyze(FLAWED).findings;
    const crlfText = FLAWED.replace(/\n/g, '\r\n');
    const crlf = safeAnalyze(crlfText).findings;
    assert.deepStrictEqual(
      crlf.map((f) => [f.ruleId, f.range, f.message]),
      lf.map((f) => [f.ruleId, f.range, f.message]),
    );
    for (const f of crlf) assert.ok(!crlfText.slice(f.offsets[0], f.offsets[1]).endsWith('\r'), `${brief(f)} range ends with CR`);
  });

  test('CRLF line endings on every sample: same findings as LF', () => {
    const dir = path.join(repoRoot(), 'samples');
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.playbook.yaml'))) {
      const lf = fs.readFileSync(path.join(dir, file), 'utf8').replace(/\r\n/g, '\n');
      const crlf = lf.replace(/\n/g, '\r\n');
      assert.deepStrictEqual(
        safeAnalyze(crlf).findings.map((f) => [f.ruleId, f.range, f.message]),
        analyzePlaybook(lf).findings.map((f) => [f.ruleId, f.range, f.message]),
        file,
      );
    }
  });

  test('lone CR line endings do not throw and stay inside the document', () => {
    safeAnalyze(FLAWED.replace(/\n/g, '\r'));
    safeAnalyze(VALID.replace(/\n/g, '\r'));
  });

  test('mixed line endings do not throw', () => {
    const lines = FLAWED.split('\n');
    safeAnalyze(lines.map((l, i) => l + (i % 3 === 0 ? '\r\n' : i % 3 === 1 ? '\n' : '\r')).join(''));
  });

  test('several YAML documents: one syntax finding on the second document\'s line', () => {
    const text = `${VALID}---\nplaybook: other\ntitle: Other\n`;
    const a = safeAnalyze(text);
    const secondLine = VALID.split('\n').length; // 1-based line of `---`
    assert.deepStrictEqual(a.findings.map(brief), [`syntax@${secondLine}:1`]);
    assert.ok(a.findings[0].message.includes('one YAML document'), a.findings[0].message);
    assert.strictEqual(a.model, undefined);
  });

  test('three YAML documents: still one syntax finding, on the second document', () => {
    const a = safeAnalyze('playbook: a\n---\nplaybook: b\n---\nplaybook: c\n');
    assert.deepStrictEqual(a.findings.map(brief), ['syntax@2:1']);
    assert.ok(a.findings[0].message.includes('3'), a.findings[0].message);
  });

  test('a leading `---` is a single document', () => {
    const a = safeAnalyze(`---\n${VALID}`);
    assert.deepStrictEqual(a.findings.map(brief), []);
  });

  test('duplicate keys: a syntax finding on the repeated key', () => {
    const text = VALID.replace('title: Demo\n', 'title: Demo\ntitle: Again\n');
    const a = safeAnalyze(text);
    assert.deepStrictEqual(a.findings.map(brief), ['syntax@3:1']);
    assert.ok(a.findings[0].message.includes('twice'), a.findings[0].message);
  });

  test('duplicate keys inside a list entry', () => {
    const text = VALID.replace('    channel: email\n', '    channel: email\n    channel: phone\n');
    const a = safeAnalyze(text);
    assert.deepStrictEqual(a.findings.map(brief), ['syntax@13:5']);
  });

  test('tabs as indentation: a syntax finding on that line', () => {
    const text = VALID.replace('  - id: csm\n    type: human', '  - id: csm\n\t  type: human');
    const a = safeAnalyze(text);
    const syntax = a.findings.filter((f) => f.ruleId === 'syntax');
    assert.ok(syntax.length >= 1, a.findings.map(brief).join());
    assert.strictEqual(syntax[0].range.start.line + 1, 6);
    assert.ok(/tab/i.test(syntax[0].message), syntax[0].message);
    assert.ok(a.findings.every((f) => f.ruleId === 'syntax'));
  });

  test('anchors, aliases and merge keys used legitimately work', () => {
    const text = dedent(`
      playbook: demo
      title: Demo
      framework: laer
      owners:
        - id: csm
          type: human
      segments:
        - id: enterprise
        - id: smb
      touchpoints:
        - &call
          id: land-call
          stage: land
          segments: &both [enterprise, smb]
          channel: phone
          owner: csm
        - <<: *call
          id: adopt-call
          stage: adopt
        - <<: *call
          id: expand-call
          stage: expand
          segments: *both
        - <<: *call
          id: renew-call
          stage: renew
    `);
    const a = safeAnalyze(text);
    assert.deepStrictEqual(a.findings.map(brief), []);
    assert.deepStrictEqual(
      a.model!.touchpoints.map((t) => `${t.id}:${t.stage}:${t.owner}:${t.segments?.map((s) => s.id).join('+')}`),
      ['land-call:land:csm:enterprise+smb', 'adopt-call:adopt:csm:enterprise+smb', 'expand-call:expand:csm:enterprise+smb', 'renew-call:renew:csm:enterprise+smb'],
    );
  });

  test('a finding inside a merged mapping points into the source, not outside it', () => {
    const text = dedent(`
      playbook: demo
      title: Demo
      framework: aida
      owners:
        - id: csm
          type: human
      segments:
        - id: smb
      touchpoints:
        - &base
          id: a
          stage: awareness
          channel: emial
          owner: csm
        - <<: *base
          id: b
          stage: interest
    `);
    const a = safeAnalyze(text);
    const schema = a.findings.filter((f) => f.ruleId === 'schema');
    assert.ok(schema.length >= 1, a.findings.map(brief).join());
    assert.strictEqual(schema[0].range.start.line + 1, 13);
  });

  test('an alias bomb (billion laughs) is a syntax finding, not an expansion', () => {
    let text = 'playbook: demo\nl0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n';
    for (let i = 1; i <= 10; i++) text += `l${i}: &l${i} [${Array(10).fill(`*l${i - 1}`).join(', ')}]\n`;
    const started = Date.now();
    const a = safeAnalyze(text);
    const elapsed = Date.now() - started;
    assert.ok(elapsed < 30_000, `hang guard: took ${elapsed} ms`);
    assert.deepStrictEqual(a.findings.map((f) => f.ruleId), ['syntax']);
    assert.ok(/alias/i.test(a.findings[0].message), a.findings[0].message);
    assert.strictEqual(a.model, undefined);
  });

  test('an alias bomb through mappings is caught too', () => {
    let text = 'a0: &a0 {x: 1, y: 2, z: 3, w: 4, v: 5, u: 6, t: 7, s: 8, r: 9, q: 10}\n';
    for (let i = 1; i <= 10; i++) text += `a${i}: &a${i} {${Array.from({ length: 10 }, (_, k) => `k${k}: *a${i - 1}`).join(', ')}}\n`;
    const started = Date.now();
    const a = safeAnalyze(text);
    assert.ok(Date.now() - started < 30_000, 'hang guard');
    assert.deepStrictEqual(a.findings.map((f) => f.ruleId), ['syntax']);
  });

  test('an unresolved alias is a syntax finding on the alias', () => {
    const text = VALID.replace('owner: csm\n', 'owner: *csm-owner\n');
    const a = safeAnalyze(text);
    const syntax = a.findings.filter((f) => f.ruleId === 'syntax');
    assert.strictEqual(syntax.length >= 1, true, a.findings.map(brief).join());
    assert.strictEqual(syntax[0].range.start.line + 1, 13);
    assert.ok(/alias|anchor/i.test(syntax[0].message), syntax[0].message);
  });

  test('100-level block nesting', () => {
    let text = 'playbook: demo\ntitle: Demo\nframework: aida\nowners: []\nsegments: []\ntouchpoints: []\ndeep:\n';
    for (let i = 0; i < 100; i++) text += `${'  '.repeat(i + 1)}level${i}:\n`;
    text += `${'  '.repeat(101)}bottom\n`;
    const a = safeAnalyze(text);
    assert.deepStrictEqual(a.findings.filter((f) => f.ruleId === 'schema').map(brief), ['schema@7:1']);
  });

  test('100-level nesting inside a touchpoint and in flow style', () => {
    let inner = '1';
    for (let i = 0; i < 100; i++) inner = `[${inner}]`;
    const flow = VALID.replace('    channel: email\n', `    channel: email\n    description: ${inner}\n`);
    const a = safeAnalyze(flow);
    assert.deepStrictEqual(a.findings.filter((f) => f.ruleId === 'schema').map((f) => f.range.start.line + 1), [13]);
    let maps = 'x';
    for (let i = 0; i < 100; i++) maps = `{k${i}: ${maps}}`;
    safeAnalyze(`touchpoints: ${maps}\n`);
  });

  test('a 1 MB single line', () => {
    const long = 'a'.repeat(1024 * 1024);
    const a = safeAnalyze(VALID.replace('title: Demo', `title: ${long}`));
    assert.deepStrictEqual(a.findings.map(brief), []);
    const b = safeAnalyze(long);
    assert.deepStrictEqual(b.findings.map(brief), ['schema@1:1']);
    assert.ok(b.findings[0].message.length < 2000, 'the message does not quote the whole line');
    const c = safeAnalyze(`playbook: ${long}\n`);
    assert.ok(c.findings.every((f) => f.message.length < 4000), 'messages stay short');
  });

  // 10 MB in `npm test`, 1 MB in the inner loop.
  const BIG_MB = testRuns(10, 1);
  test(`a ~${BIG_MB} MB generated valid playbook`, function () {
    this.timeout(120_000);
    const stages = ['land', 'adopt', 'expand', 'renew'];
    const parts = [
      dedent(`
        # generated
        playbook: big
        title: Big generated playbook
        framework: laer
        owners:
          - id: csm
            type: human
          - id: bot
            type: automation
        segments:
          - id: enterprise
          - id: smb
        kpis:
          - id: nps
            metric: nps
            direction: increase
            target: 50
        touchpoints:
      `),
    ];
    let size = parts[0].length;
    let n = 0;
    while (size < BIG_MB * 1024 * 1024) {
      const t =
        `  - id: touchpoint-${n}\n` +
        `    name: Touchpoint ${n}, a generated interaction with a reasonably long name\n` +
        `    stage: ${stages[n % 4]}\n` +
        `    segments: [${n % 2 ? 'enterprise' : 'smb'}]\n` +
        `    channel: ${n % 3 ? 'email' : 'phone'}\n` +
        `    owner: ${n % 3 ? 'bot' : 'csm'}\n` +
        `    kpis: [nps]\n` +
        `    emotion: ${(n % 5) - 2}\n`;
      parts.push(t);
      size += t.length;
      n++;
    }
    const text = parts.join('');
    assert.ok(text.length >= BIG_MB * 1024 * 1024);
    const started = Date.now();
    let a: Analysis | undefined;
    assert.doesNotThrow(() => {
      a = analyzePlaybook(text);
    });
    const elapsed = Date.now() - started;
    assert.ok(elapsed < 60_000, `hang guard: took ${elapsed} ms`);
    assert.deepStrictEqual(a!.findings.filter((f) => ['syntax', 'schema', 'internal-error'].includes(f.ruleId)).map(brief), []);
    assert.strictEqual(a!.model!.touchpoints.length, n);
    assert.strictEqual(a!.model!.touchpoints[n - 1].id, `touchpoint-${n - 1}`);
    assertInside(text, a!.findings);
  });
});
