/**
 * The `schema` rule: structural problems against schemas/playbook.schema.json,
 * one finding per real problem, placed on the offending value (missing keys on
 * the first line of the mapping that lacks them). FORMAT.md, "Findings".
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { analyzePlaybook } from '../../server/src/core/analyze';
import type { Finding } from '../../server/src/core/types';
import { dedent, repoRoot } from './helpers';


const ROOT = repoRoot();

/** `line:col`, 1-based, of a finding's start. */
function at(f: Finding): string {
  return `${f.range.start.line + 1}:${f.range.start.character + 1}`;
}

/** `line:col-line:col`, 1-based, of a finding's range. */
function span(f: Finding): string {
  return `${at(f)}-${f.range.end.line + 1}:${f.range.end.character + 1}`;
}

interface SchemaCase {
  name: string;
  /** The playbook (dedented). */
  yaml: string;
  /** Starts of every `schema` finding, `line:col` 1-based, in file order; [] for a valid snippet. */
  at: string[];
  /** Optional substrings per finding (same order); each entry's substrings must all appear. */
  messages?: (string | string[])[];
  /** Optional full ranges per finding, `line:col-line:col`. */
  spans?: string[];
}

// Lines 1-8 of most snippets below (no trailing newline: the next line is line 9).
const HEAD = `
  playbook: demo
  title: Demo
  framework: laer
  owners:
    - id: csm
      type: human
  segments:
    - id: smb`;

const CASES: SchemaCase[] = [
  {
    name: 'valid snippet: no schema finding',
    yaml: `${HEAD}
  touchpoints:
    - id: welcome
      stage: land
      channel: email
      owner: csm
`,
    at: [],
  },
  {
    name: 'channel typo: on the value, suggests `email`',
    yaml: `${HEAD}
  touchpoints:
    - id: welcome
      stage: land
      channel: emial
      owner: csm
`,
    at: ['12:14'],
    spans: ['12:14-12:19'],
    messages: [['`emial`', 'channel', 'Did you mean `email`']],
  },
  {
    name: 'framework typo suggests the closest framework',
    yaml: `
  playbook: demo
  title: Demo
  framework: lear
  owners: []
  segments: []
  touchpoints: []
`,
    at: ['3:12'],
    messages: [['`lear`', 'Did you mean `laer`']],
  },
  {
    name: 'owner type typo',
    yaml: `
  playbook: demo
  title: Demo
  framework: laer
  owners:
    - id: csm
      type: humane
  segments: []
  touchpoints: []
`,
    at: ['6:11'],
    messages: [['`humane`', 'Did you mean `human`']],
  },
  {
    name: 'engagement typo in a segment',
    yaml: `
  playbook: demo
  title: Demo
  framework: laer
  owners: []
  segments:
    - id: enterprise
      engagement: high touch
  touchpoints: []
`,
    at: ['7:17'],
    messages: [['Did you mean `high-touch`']],
  },
  {
    name: 'unknown key (typo) in a touchpoint: on the key, with a suggestion',
    yaml: `${HEAD}
  touchpoints:
    - id: welcome
      stage: land
      channel: email
      owner: csm
      descripton: Say hello
`,
    at: ['14:5'],
    spans: ['14:5-14:15'],
    messages: [['Unknown key `descripton`', 'touchpoint `welcome`', 'Did you mean `description`']],
  },
  {
    name: 'unknown key at the top level, far from every allowed key: lists the allowed keys',
    yaml: `${HEAD}
  touchpoints: []
  zzzzzzzzzzzz: 1
`,
    at: ['10:1'],
    messages: [['Unknown key `zzzzzzzzzzzz`', '`touchpoints`']],
  },
  {
    name: 'missing required key in a touchpoint: first line of that touchpoint',
    yaml: `${HEAD}
  touchpoints:
    - id: welcome
      stage: land
      channel: email
    - id: call
      stage: adopt
      channel: phone
      owner: csm
`,
    at: ['10:5'],
    spans: ['10:5-10:16'],
    messages: [['Touchpoint `welcome`', 'missing the required key `owner`']],
  },
  {
    name: 'missing required key in a touchpoint whose first key is not `id`',
    yaml: `${HEAD}
  touchpoints:
    - stage: land   # comment is not part of the range
      channel: email
      owner: csm
`,
    at: ['10:5'],
    spans: ['10:5-10:16'],
    messages: [['missing the required key `id`']],
  },
  {
    name: 'missing required key at the top level: first line of the mapping (after a leading comment)',
    yaml: `
  # A playbook without a title
  playbook: demo
  framework: laer
  owners: []
  segments: []
  touchpoints: []
`,
    at: ['2:1'],
    messages: [['the playbook', 'missing the required key `title`']],
  },
  {
    name: 'missing required top-level lists: one finding per missing key',
    yaml: `
  playbook: demo
  title: Demo
  framework: laer
`,
    at: ['1:1', '1:1', '1:1'],
    messages: ['`owners`', '`segments`', '`touchpoints`'],
  },
  {
    name: 'missing `metric` in a KPI',
    yaml: `${HEAD}
  touchpoints: []
  kpis:
    - id: nps
      target: 50
`,
    at: ['11:5'],
    messages: [['KPI `nps`', 'missing the required key `metric`']],
  },
  {
    name: 'event trigger with `every`: exactly one finding, on `every`',
    yaml: `${HEAD}
  triggers:
    - id: signed
      type: event
      event: contract.signed
      every: 7d
  touchpoints: []
`,
    at: ['13:5'],
    messages: [['`every` does not apply', '`event`']],
  },
  {
    name: 'manual trigger with a type field: one finding on the field',
    yaml: `${HEAD}
  triggers:
    - id: by-hand
      type: manual
      event: contract.signed
  touchpoints: []
`,
    at: ['12:5'],
    messages: [['`event` does not apply', '`manual`']],
  },
  {
    name: 'score trigger without below/above: exactly one finding',
    yaml: `${HEAD}
  triggers:
    - id: health-drop
      type: score
      metric: health
  touchpoints: []
`,
    at: ['10:5'],
    messages: [['`below`', '`above`']],
  },
  {
    name: 'score trigger with only `above`: valid',
    yaml: `${HEAD}
  triggers:
    - id: promoter
      type: score
      metric: nps
      above: 8
  touchpoints: []
`,
    at: [],
  },
  {
    name: 'date trigger without `field`: one finding on the trigger',
    yaml: `${HEAD}
  triggers:
    - id: renewal
      type: date
      offset: -90d
  touchpoints: []
`,
    at: ['10:5'],
    messages: [['Trigger `renewal`', 'missing the required key `field`']],
  },
  {
    name: 'date trigger without `offset`: valid (defaults to 0d)',
    yaml: `${HEAD}
  triggers:
    - id: renewal
      type: date
      field: renewal_date
  touchpoints: []
`,
    at: [],
  },
  {
    name: 'date trigger with a bad offset',
    yaml: `${HEAD}
  triggers:
    - id: renewal
      type: date
      field: renewal_date
      offset: 90 days before
  touchpoints: []
`,
    at: ['13:13'],
    messages: [['not a valid offset']],
  },
  {
    name: 'no cascades: wrong trigger type, missing type, wrong value types: one finding each',
    yaml: `${HEAD}
  triggers:
    - id: t1
      type: sms
      event: x
    - id: t2
      event: x
    - id: t3
      type: score
      metric: health
      below: low
  touchpoints:
    - id: a
      stage: 5
      channel: 5
      owner: csm
      emotion: high
      segments: [Enterprise]
`,
    at: ['11:11', '13:5', '18:12', '21:12', '22:14', '24:14', '25:16'],
    messages: [
      ['`sms`', '`event`'],
      'missing the required key `type`',
      ['`below`', 'number'],
      ['`stage`', 'text'],
      ['`channel`', 'text'],
      ['`emotion`', 'number'],
      ['`Enterprise`', 'Use `enterprise`'],
    ],
  },
  {
    name: 'neither framework nor stages: exactly one finding',
    yaml: `
  playbook: demo
  title: Demo
  owners: []
  segments: []
  touchpoints: []
`,
    at: ['1:1'],
    messages: [['`framework`', '`stages`']],
  },
  {
    name: 'stages without framework: valid',
    yaml: `
  playbook: demo
  title: Demo
  stages:
    - id: trial
    - id: paid
  owners: []
  segments: []
  touchpoints: []
`,
    at: [],
  },
  {
    name: 'framework: custom without stages',
    yaml: `
  playbook: demo
  title: Demo
  framework: custom
  owners: []
  segments: []
  touchpoints: []
`,
    at: ['1:1'],
    messages: [['missing the required key `stages`']],
  },
  {
    name: 'bad id pattern: suggests the kebab id',
    yaml: `${HEAD}
  touchpoints:
    - id: Welcome Call
      stage: land
      channel: email
      owner: csm
`,
    at: ['10:9'],
    spans: ['10:9-10:21'],
    messages: [['`Welcome Call` is not a valid id', 'Use `welcome-call`']],
  },
  {
    name: 'bad playbook id',
    yaml: `
  playbook: Demo_Playbook
  title: Demo
  framework: laer
  owners: []
  segments: []
  touchpoints: []
`,
    at: ['1:11'],
    messages: [['not a valid id', 'Use `demo-playbook`']],
  },
  {
    name: 'bad duration in `within`',
    yaml: `${HEAD}
  touchpoints:
    - id: welcome
      stage: land
      channel: email
      owner: csm
      within: 3 days
`,
    at: ['14:13'],
    messages: [['`3 days`', 'not a valid duration', '`within`']],
  },
  {
    name: 'bad duration in a schedule trigger',
    yaml: `${HEAD}
  triggers:
    - id: weekly
      type: schedule
      every: weekly
  touchpoints: []
`,
    at: ['12:12'],
    messages: [['`weekly`', 'not a valid duration', '`every`']],
  },
  {
    name: 'bad reentry',
    yaml: `${HEAD}
  triggers:
    - id: by-hand
      type: manual
      reentry: sometimes
  touchpoints: []
`,
    at: ['12:14'],
    messages: [['`sometimes`', '`reentry`', '`once`', '`always`']],
  },
  {
    name: 'reentry cooldown duration: valid',
    yaml: `${HEAD}
  triggers:
    - id: by-hand
      type: manual
      reentry: 30d
  touchpoints: []
`,
    at: [],
  },
  {
    name: 'emotion out of range (above and below)',
    yaml: `${HEAD}
  touchpoints:
    - id: welcome
      stage: land
      channel: email
      owner: csm
      emotion: 3
    - id: call
      stage: land
      channel: phone
      owner: csm
      emotion: -2.5
`,
    at: ['14:14', '19:14'],
    messages: [['between -2 and 2', '3'], ['between -2 and 2', '-2.5']],
  },
  {
    name: 'wrong type: size "many"',
    yaml: `
  playbook: demo
  title: Demo
  framework: laer
  owners: []
  segments:
    - id: smb
      size: many
  touchpoints: []
`,
    at: ['7:11'],
    messages: [['`size`', 'whole number', '`many`']],
  },
  {
    name: 'wrong type: a list given as a mapping',
    yaml: `
  playbook: demo
  title: Demo
  framework: laer
  owners: {}
  segments: []
  touchpoints: []
`,
    at: ['4:9'],
    messages: [['`owners`', 'must be a list', 'mapping']],
  },
  {
    name: 'wrong type: touchpoint segments as a single id',
    yaml: `${HEAD}
  touchpoints:
    - id: welcome
      stage: land
      segments: smb
      channel: email
      owner: csm
`,
    at: ['12:15'],
    messages: [['`segments`', 'must be a list']],
  },
  {
    name: 'empty segments list',
    yaml: `${HEAD}
  touchpoints:
    - id: welcome
      stage: land
      segments: []
      channel: email
      owner: csm
`,
    at: ['12:15'],
    messages: [['names no segment']],
  },
  {
    name: 'version below 1',
    yaml: `
  playbook: demo
  title: Demo
  version: 0
  framework: laer
  owners: []
  segments: []
  touchpoints: []
`,
    at: ['3:10'],
    messages: [['`version`', 'at least 1']],
  },
  {
    name: 'two problems in one touchpoint: exactly two findings',
    yaml: `${HEAD}
  touchpoints:
    - id: welcome
      stage: land
      channel: emial
      owner: csm
      within: soon
`,
    at: ['12:14', '14:13'],
    messages: ['channel', 'duration'],
  },
  {
    name: '`rules: {syntax: off}`: one finding, at the `syntax` key',
    yaml: `${HEAD}
  touchpoints: []
  rules:
    syntax: off
`,
    at: ['11:3'],
    messages: ['`syntax`'],
  },
  {
    name: 'unknown rule id in `rules`: suggestion',
    yaml: `${HEAD}
  touchpoints: []
  rules:
    coverage-gaps: off
`,
    at: ['11:3'],
    messages: [['`coverage-gaps`', 'Did you mean `coverage-gap`']],
  },
  {
    name: 'invalid severity in `rules`',
    yaml: `${HEAD}
  touchpoints: []
  rules:
    coverage-gap: loud
`,
    at: ['11:17'],
    messages: [['`loud`', '`off`']],
  },
  {
    name: 'valid `rules` map',
    yaml: `${HEAD}
  touchpoints: []
  rules:
    coverage-gap: off
    kpi-unmeasured: error
    unused-suppression: warning
`,
    at: [],
  },
  {
    name: 'the root is a list',
    yaml: `
  - playbook: demo
  - title: Demo
`,
    at: ['1:1'],
    messages: [['must be a YAML mapping', 'a list']],
  },
  {
    name: 'the root is a scalar',
    yaml: `
  hello world
`,
    at: ['1:1'],
    messages: [['must be a YAML mapping', '`hello world`']],
  },
  {
    name: 'the root is a number',
    yaml: `
  42
`,
    at: ['1:1'],
    messages: [['must be a YAML mapping', '`42`']],
  },
];

suite('schema findings', () => {
  for (const c of CASES) {
    test(c.name, () => {
      const all = analyzePlaybook(dedent(c.yaml)).findings;
      const dump = all.map((f) => `${f.ruleId}@${span(f)} ${f.message}`).join('\n');
      assert.deepStrictEqual(
        all.filter((f) => f.ruleId === 'syntax').map((f) => f.message),
        [],
        'snippet must parse',
      );
      const mine = all.filter((f) => f.ruleId === 'schema');
      assert.deepStrictEqual(mine.map(at), c.at, `schema findings:\n${dump}`);
      if (c.spans) assert.deepStrictEqual(mine.map(span), c.spans, `schema ranges:\n${dump}`);
      c.messages?.forEach((m, i) => {
        for (const part of Array.isArray(m) ? m : [m]) {
          assert.ok(mine[i]?.message.includes(part), `message ${i} should contain ${JSON.stringify(part)}: ${mine[i]?.message}`);
        }
      });
      for (const f of mine) {
        assert.strictEqual(f.severity, 'error', 'schema findings are errors');
        assert.ok(f.docsUrl.endsWith('/schema.md'), f.docsUrl);
      }
    });
  }

  test('an empty file: one finding at the start', () => {
    const findings = analyzePlaybook('').findings;
    assert.deepStrictEqual(
      findings.map((f) => `${f.ruleId}@${span(f)}`),
      ['schema@1:1-1:1'],
    );
    assert.ok(/empty/i.test(findings[0].message), findings[0].message);
    assert.ok(findings[0].message.includes('`playbook`'), findings[0].message);
  });

  test('a segment listed twice in a touchpoint: exactly one finding', () => {
    const yaml = `${HEAD}
  touchpoints:
    - id: welcome
      stage: land
      segments: [smb, smb]
      channel: email
      owner: csm
`;
    const mine = analyzePlaybook(dedent(yaml)).findings.filter((f) => f.ruleId === 'schema');
    assert.strictEqual(mine.length, 1, mine.map((f) => f.message).join('\n'));
    assert.strictEqual(mine[0].range.start.line + 1, 12);
    assert.ok(mine[0].message.includes('`smb` is listed twice'), mine[0].message);
  });

  test('a file with only blank lines: one finding', () => {
    const findings = analyzePlaybook('\n\n   \n').findings;
    assert.deepStrictEqual(findings.map((f) => `${f.ruleId}@${at(f)}`), ['schema@1:1']);
  });

  test('problems in several entries are all reported, each once', () => {
    const yaml = `${HEAD}
  triggers:
    - id: a
      type: event
    - id: b
      type: inactivity
      after: often
  touchpoints:
    - id: welcome
      stage: land
      channel: emial
      owner: csm
    - id: welcome-2
      stage: land
      channel: email
`;
    const mine = analyzePlaybook(dedent(yaml)).findings.filter((f) => f.ruleId === 'schema');
    assert.deepStrictEqual(mine.map(at), ['10:5', '14:12', '18:14', '20:5']);
    assert.ok(mine[0].message.includes('`event`'), mine[0].message);
    assert.ok(mine[3].message.includes('`owner`'), mine[3].message);
  });
});

suite('schema: samples and the schema file', () => {
  const samplesDir = path.join(ROOT, 'samples');
  const samples = fs
    .readdirSync(samplesDir)
    .filter((f) => /\.playbook\.ya?ml$/.test(f))
    .sort();

  test('the samples folder holds the expected samples', () => {
    assert.ok(samples.length >= 9, samples.join(', '));
    assert.ok(samples.includes('gaps.playbook.yaml'));
  });

  for (const file of samples.filter((f) => f !== 'gaps.playbook.yaml')) {
    test(`sample ${file} has no syntax or schema finding`, () => {
      const text = fs.readFileSync(path.join(samplesDir, file), 'utf8');
      const bad = analyzePlaybook(text).findings.filter((f) => f.ruleId === 'schema' || f.ruleId === 'syntax');
      assert.deepStrictEqual(bad.map((f) => `${f.ruleId}@${at(f)} ${f.message}`), []);
    });
  }

  test('gaps.playbook.yaml is schema-valid too (its problems are semantic)', () => {
    const text = fs.readFileSync(path.join(samplesDir, 'gaps.playbook.yaml'), 'utf8');
    const findings = analyzePlaybook(text).findings;
    assert.deepStrictEqual(findings.filter((f) => f.ruleId === 'schema' || f.ruleId === 'syntax').map((f) => f.message), []);
    assert.ok(findings.length > 0, 'gaps sample has semantic findings');
  });

  const schemaFiles = ['playbook.schema.json', 'playbookrc.schema.json'];
  for (const name of schemaFiles) {
    const load = () => JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', name), 'utf8')) as Record<string, unknown>;

    test(`${name}: every property has a description and a markdownDescription`, () => {
      const missing: string[] = [];
      let checked = 0;
      const walk = (node: unknown, where: string): void => {
        if (Array.isArray(node)) {
          node.forEach((n, i) => walk(n, `${where}/${i}`));
          return;
        }
        if (node === null || typeof node !== 'object') return;
        const o = node as Record<string, unknown>;
        if (o.properties && typeof o.properties === 'object') {
          for (const [key, prop] of Object.entries(o.properties as Record<string, unknown>)) {
            if (typeof prop === 'boolean') continue; // `then` branches switch keys on and off
            checked++;
            const p = prop as Record<string, unknown>;
            if (typeof p.description !== 'string' || !p.description.trim()) missing.push(`${where}/properties/${key}: description`);
            if (typeof p.markdownDescription !== 'string' || !p.markdownDescription.trim()) missing.push(`${where}/properties/${key}: markdownDescription`);
          }
        }
        for (const [k, v] of Object.entries(o)) {
          if (k === 'if' || k === 'examples' || k === 'default' || k === 'enum' || k === 'const') continue;
          walk(v, `${where}/${k}`);
        }
      };
      walk(load(), '#');
      assert.ok(checked > 5, `walked ${checked} properties`);
      assert.deepStrictEqual(missing, []);
    });

    test(`${name}: the root has a description and a markdownDescription`, () => {
      const s = load();
      assert.strictEqual(typeof s.description, 'string');
      assert.strictEqual(typeof s.markdownDescription, 'string');
    });

    test(`${name}: compiles with ajv in strict mode`, () => {
      const ajv = new Ajv({ strict: true, allErrors: true });
      ajv.addKeyword('markdownDescription');
      const validate = ajv.compile(load());
      assert.strictEqual(typeof validate, 'function');
    });
  }

  test('schemas have stable $id URLs, and the SchemaStore entries in schemas/README.md match them', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'schemas', 'README.md'), 'utf8');
    const block = /## SchemaStore catalog entries[\s\S]*?```json\n([\s\S]*?)```/.exec(readme);
    assert.ok(block, 'a json block under "SchemaStore catalog entries"');
    const entries = JSON.parse(`[${block[1]}]`) as { name: string; description: string; fileMatch: string[]; url: string }[];
    const byFile: Record<string, string[]> = { 'playbook.schema.json': ['*.playbook.yaml', '*.playbook.yml'], 'playbookrc.schema.json': ['.playbookrc.yaml'] };
    for (const [file, fileMatch] of Object.entries(byFile)) {
      const id = (JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', file), 'utf8')) as { $id?: string }).$id;
      assert.match(id ?? '', new RegExp(`^https://[^\\s]+/schemas/${file.replace(/\./g, '\\.')}$`), `${file} $id`);
      const entry = entries.find((e) => e.url === id);
      assert.ok(entry, `a catalog entry with url ${id}`);
      assert.deepStrictEqual(entry.fileMatch, fileMatch);
      assert.ok(entry.name && entry.description, 'name and description');
    }
  });

  test('the playbook schema accepts every valid sample and rejects a broken one', () => {
    const ajv = new Ajv({ strict: true, allErrors: true });
    ajv.addKeyword('markdownDescription');
    const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', 'playbook.schema.json'), 'utf8')));
    assert.strictEqual(validate({ playbook: 'demo', title: 'Demo', owners: [], segments: [], touchpoints: [] }), false);
    assert.strictEqual(validate({ playbook: 'demo', title: 'Demo', framework: 'laer', owners: [], segments: [], touchpoints: [] }), true);
  });
});
