/**
 * `.playbookrc.yaml`: parsing, severity layering with the playbook's own
 * `rules:`, and finding / applying the file on disk (FORMAT.md, "Turning findings down").
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { analyzePlaybook } from '../../server/src/core/analyze';
import { CONFIG_FILE_NAME, DEFAULT_INCLUDE, parseConfig } from '../../server/src/core/config';
import type { Finding } from '../../server/src/core/types';
import { ConfigCache, ConfigFile, findConfigFile, isSelected } from '../../server/src/host/files';
import { dedent } from './helpers';

function at(f: Finding): string {
  return `${f.range.start.line + 1}:${f.range.start.character + 1}`;
}

suite('parseConfig', () => {
  test('reads the rules map, include and exclude', () => {
    const { config, findings } = parseConfig(
      dedent(`
        rules:
          coverage-gap: off
          kpi-unmeasured: error
          touch-mismatch: info
        include:
          - "plays/**/*.playbook.yaml"
        exclude:
          - "**/drafts/**"
      `),
    );
    assert.deepStrictEqual(findings, []);
    assert.deepStrictEqual(config.rules, { 'coverage-gap': 'off', 'kpi-unmeasured': 'error', 'touch-mismatch': 'info' });
    assert.deepStrictEqual(config.include, ['plays/**/*.playbook.yaml']);
    assert.deepStrictEqual(config.exclude, ['**/drafts/**']);
  });

  test('include and exclude default when absent', () => {
    const { config, findings } = parseConfig('rules:\n  coverage-gap: off\n');
    assert.deepStrictEqual(findings, []);
    assert.deepStrictEqual(config.include, DEFAULT_INCLUDE);
    assert.ok(config.include.includes('**/*.playbook.yaml') && config.include.includes('**/*.playbook.yml'), String(config.include));
    assert.deepStrictEqual(config.exclude, []);
  });

  test('an empty file is an empty config, without findings', () => {
    const { config, findings } = parseConfig('');
    assert.deepStrictEqual(findings, []);
    assert.deepStrictEqual(config.rules, {});
    assert.deepStrictEqual(config.include, DEFAULT_INCLUDE);
    assert.deepStrictEqual(config.exclude, []);
  });

  test('a comment-only file is an empty config, without findings', () => {
    const { config, findings } = parseConfig('# nothing configured yet\n');
    assert.deepStrictEqual(findings, []);
    assert.deepStrictEqual(config.rules, {});
  });

  test('invalid YAML: a syntax finding with a position inside the file, default config', () => {
    const text = 'rules:\n  coverage-gap: off\ninclude: [a, b\n';
    const { config, findings } = parseConfig(text);
    assert.ok(findings.length >= 1);
    assert.ok(findings.every((f) => f.ruleId === 'syntax' && f.severity === 'error'), findings.map((f) => f.ruleId).join());
    const lines = text.split('\n').length;
    for (const f of findings) {
      assert.ok(f.range.start.line >= 0 && f.range.end.line < lines, JSON.stringify(f.range));
      assert.ok(f.offsets[0] >= 0 && f.offsets[1] <= text.length, JSON.stringify(f.offsets));
    }
    assert.deepStrictEqual(config.rules, {});
    assert.deepStrictEqual(config.include, DEFAULT_INCLUDE);
  });

  test('duplicate keys are a syntax finding on the repeated key', () => {
    const { findings } = parseConfig('rules:\n  coverage-gap: off\nrules:\n  kpi-unmeasured: off\n');
    assert.deepStrictEqual(findings.map((f) => `${f.ruleId}@${at(f)}`), ['syntax@3:1']);
  });

  test('unknown keys: a schema finding on each key, with a suggestion', () => {
    const { config, findings } = parseConfig('rulez:\n  coverage-gap: off\nincludes: []\n');
    assert.deepStrictEqual(findings.map((f) => `${f.ruleId}@${at(f)}`), ['schema@1:1', 'schema@3:1']);
    assert.ok(findings[0].message.includes('`rulez`') && findings[0].message.includes('Did you mean `rules`'), findings[0].message);
    assert.ok(findings[1].message.includes('`includes`') && findings[1].message.includes('Did you mean `include`'), findings[1].message);
    assert.deepStrictEqual(findings[0].range.end, { line: 0, character: 5 });
    assert.deepStrictEqual(config.rules, {}, 'a misspelt `rules` key is not read');
  });

  test('`schema: off` is rejected with a finding at the entry', () => {
    const { findings } = parseConfig('rules:\n  schema: off\n');
    assert.deepStrictEqual(findings.map((f) => `${f.ruleId}@${at(f)}`), ['schema@2:3']);
    assert.ok(findings[0].message.includes('`schema`'), findings[0].message);
  });

  test('`syntax: off` is rejected with a finding at the entry', () => {
    const { findings } = parseConfig('rules:\n  syntax: off\n');
    assert.deepStrictEqual(findings.map((f) => `${f.ruleId}@${at(f)}`), ['schema@2:3']);
    assert.ok(findings[0].message.includes('`syntax`'), findings[0].message);
  });

  test('an unknown rule id gets a suggestion', () => {
    const { findings } = parseConfig('rules:\n  coverage-gaps: off\n');
    assert.deepStrictEqual(findings.map((f) => `${f.ruleId}@${at(f)}`), ['schema@2:3']);
    assert.ok(findings[0].message.includes('Did you mean `coverage-gap`'), findings[0].message);
  });

  test('an invalid severity: finding on the value, the entry is not read', () => {
    const { config, findings } = parseConfig('rules:\n  coverage-gap: loud\n  kpi-unmeasured: off\n');
    assert.deepStrictEqual(findings.map((f) => `${f.ruleId}@${at(f)}`), ['schema@2:17']);
    assert.ok(findings[0].message.includes('`loud`'), findings[0].message);
    assert.deepStrictEqual(config.rules, { 'kpi-unmeasured': 'off' });
  });

  test('include given as a string instead of a list: finding, defaults kept', () => {
    const { config, findings } = parseConfig('include: "**/*.yaml"\n');
    assert.deepStrictEqual(findings.map((f) => `${f.ruleId}@${at(f)}`), ['schema@1:10']);
    assert.ok(findings[0].message.includes('list'), findings[0].message);
    assert.deepStrictEqual(config.include, DEFAULT_INCLUDE);
  });

  test('a config that is a list, not a mapping: one finding', () => {
    const { findings } = parseConfig('- rules\n- include\n');
    assert.deepStrictEqual(findings.map((f) => `${f.ruleId}@${at(f)}`), ['schema@1:1']);
    assert.ok(findings[0].message.includes('mapping'), findings[0].message);
  });

  test('never throws on odd input', () => {
    for (const text of ['\u0000', ':', '[', '{a: *x}', 'rules: 5', 'rules: [a]', 'include: [1, 2]', '\t- a', 'a: &a [*a]']) {
      const r = parseConfig(text);
      assert.ok(Array.isArray(r.findings));
      assert.ok(Array.isArray(r.config.include));
    }
  });
});

// A playbook with exactly two findings: coverage-gap (info) on `enterprise` (line 8)
// and kpi-without-target (warning) on `nps` (line 30). Line 14 holds the first `channel`.
const PLAY = `
  playbook: demo
  title: Demo
  framework: aida
  owners:
    - id: csm
      type: human
  segments:
    - id: enterprise
    - id: smb
  touchpoints:
    - id: a
      stage: awareness
      segments: [smb]
      channel: email
      owner: csm
      kpis: [nps]
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
  kpis:
    - id: nps
      metric: nps
`;

function severityOf(findings: Finding[], ruleId: string): string[] {
  return findings.filter((f) => f.ruleId === ruleId).map((f) => f.severity);
}

suite('severity layering', () => {
  test('defaults without any configuration', () => {
    const { findings } = analyzePlaybook(dedent(PLAY));
    assert.deepStrictEqual(severityOf(findings, 'kpi-without-target'), ['warning']);
    assert.deepStrictEqual(severityOf(findings, 'coverage-gap'), ['info']);
    assert.deepStrictEqual(
      findings.map((f) => `${f.ruleId}@${f.range.start.line + 1}`),
      ['coverage-gap@8', 'kpi-without-target@30'],
    );
  });

  test('options.rules (the rc layer) changes a severity', () => {
    const { findings, severities } = analyzePlaybook(dedent(PLAY), { rules: { 'kpi-without-target': 'error', 'coverage-gap': 'warning' } });
    assert.deepStrictEqual(severityOf(findings, 'kpi-without-target'), ['error']);
    assert.deepStrictEqual(severityOf(findings, 'coverage-gap'), ['warning']);
    assert.strictEqual(severities['kpi-without-target'], 'error');
  });

  test('options.rules turns a rule off', () => {
    const { findings, severities } = analyzePlaybook(dedent(PLAY), { rules: { 'coverage-gap': 'off' } });
    assert.deepStrictEqual(severityOf(findings, 'coverage-gap'), []);
    assert.deepStrictEqual(severityOf(findings, 'kpi-without-target'), ['warning']);
    assert.strictEqual(severities['coverage-gap'], 'off');
  });

  test('the playbook\'s own rules win over options.rules', () => {
    const text = `${dedent(PLAY)}rules:\n  kpi-without-target: info\n  coverage-gap: error\n`;
    const { findings } = analyzePlaybook(text, { rules: { 'kpi-without-target': 'error', 'coverage-gap': 'off' } });
    assert.deepStrictEqual(severityOf(findings, 'kpi-without-target'), ['info']);
    assert.deepStrictEqual(severityOf(findings, 'coverage-gap'), ['error']);
  });

  test('the playbook turns off what the rc layer raised', () => {
    const text = `${dedent(PLAY)}rules:\n  kpi-without-target: off\n`;
    const { findings } = analyzePlaybook(text, { rules: { 'kpi-without-target': 'error' } });
    assert.deepStrictEqual(severityOf(findings, 'kpi-without-target'), []);
  });

  test('rules not named by the playbook keep the rc layer', () => {
    const text = `${dedent(PLAY)}rules:\n  kpi-without-target: info\n`;
    const { findings } = analyzePlaybook(text, { rules: { 'coverage-gap': 'error' } });
    assert.deepStrictEqual(severityOf(findings, 'coverage-gap'), ['error']);
    assert.deepStrictEqual(severityOf(findings, 'kpi-without-target'), ['info']);
  });

  test('parseConfig output feeds analyzePlaybook', () => {
    const { config } = parseConfig('rules:\n  kpi-without-target: error\n  coverage-gap: off\n');
    const { findings } = analyzePlaybook(dedent(PLAY), { rules: config.rules });
    assert.deepStrictEqual(
      findings.map((f) => `${f.ruleId}:${f.severity}`),
      ['kpi-without-target:error'],
    );
  });

  test('`schema` cannot be turned off from options.rules', () => {
    const broken = dedent(PLAY).replace('channel: email', 'channel: emial');
    const { findings } = analyzePlaybook(broken, { rules: { schema: 'off', syntax: 'off' } });
    assert.deepStrictEqual(severityOf(findings, 'schema'), ['error']);
  });

  test('`schema` cannot be downgraded from options.rules', () => {
    const broken = dedent(PLAY).replace('channel: email', 'channel: emial');
    const { findings } = analyzePlaybook(broken, { rules: { schema: 'info' } });
    assert.deepStrictEqual(severityOf(findings, 'schema'), ['error']);
  });

  test('`schema` cannot be turned off by the playbook (and the attempt is itself reported)', () => {
    const broken = `${dedent(PLAY).replace('channel: email', 'channel: emial')}rules:\n  schema: off\n`;
    const { findings } = analyzePlaybook(broken);
    const schema = findings.filter((f) => f.ruleId === 'schema');
    assert.deepStrictEqual(schema.map((f) => `${f.severity}@${f.range.start.line + 1}`), ['error@14', 'error@33']);
  });

  test('`syntax` cannot be turned off from options.rules', () => {
    const { findings } = analyzePlaybook('playbook: demo\ntitle: [unclosed\n', { rules: { syntax: 'off', schema: 'off' } });
    assert.ok(findings.length > 0);
    assert.ok(findings.every((f) => f.ruleId === 'syntax' && f.severity === 'error'), findings.map((f) => f.ruleId).join());
  });

  test('unknown ids in options.rules are ignored, not applied', () => {
    const { findings, severities } = analyzePlaybook(dedent(PLAY), { rules: { 'no-such-rule': 'error' } });
    assert.strictEqual(severities['no-such-rule'], undefined);
    assert.deepStrictEqual(severityOf(findings, 'kpi-without-target'), ['warning']);
  });
});

suite('config files on disk', () => {
  let tmp: string;

  suiteSetup(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'playbookrc-test-')));
  });

  suiteTeardown(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  const write = (rel: string, text: string): string => {
    const file = path.join(tmp, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
  };

  test('the config file name', () => {
    assert.strictEqual(CONFIG_FILE_NAME, '.playbookrc.yaml');
  });

  test('findConfigFile finds the file in a parent folder', () => {
    const rc = write('repo/.playbookrc.yaml', 'rules:\n  coverage-gap: off\n');
    const deep = path.join(tmp, 'repo', 'teams', 'cs', 'plays');
    fs.mkdirSync(deep, { recursive: true });
    assert.strictEqual(findConfigFile(deep), rc);
    assert.strictEqual(findConfigFile(path.join(tmp, 'repo')), rc, 'in the folder itself');
  });

  test('findConfigFile prefers the nearest file', () => {
    const outer = write('nested/.playbookrc.yaml', '');
    const inner = write('nested/teams/.playbookrc.yaml', '');
    const deep = path.join(tmp, 'nested', 'teams', 'cs');
    fs.mkdirSync(deep, { recursive: true });
    assert.strictEqual(findConfigFile(deep), inner);
    assert.strictEqual(findConfigFile(path.join(tmp, 'nested')), outer);
  });

  test('findConfigFile resolves relative folders', () => {
    const rc = write('rel/.playbookrc.yaml', '');
    fs.mkdirSync(path.join(tmp, 'rel', 'a'), { recursive: true });
    const relDir = path.relative(process.cwd(), path.join(tmp, 'rel', 'a'));
    assert.strictEqual(findConfigFile(relDir), rc);
  });

  test('findConfigFile finds nothing inside a folder tree without one', () => {
    const dir = path.join(tmp, 'bare', 'a', 'b');
    fs.mkdirSync(dir, { recursive: true });
    const found = findConfigFile(dir);
    // Whatever lies above the temp folder is not ours; nothing below it may be picked.
    assert.ok(found === undefined || !found.startsWith(path.join(tmp, 'bare')), String(found));
  });

  test('ConfigCache.forPlaybook loads the nearest config for a playbook', () => {
    write('cache/.playbookrc.yaml', 'rules:\n  kpi-unmeasured: off\nexclude: ["**/drafts/**"]\n');
    const play = write('cache/plays/a.playbook.yaml', 'playbook: a\n');
    const cache = new ConfigCache();
    const cfg = cache.forPlaybook(play);
    assert.ok(cfg);
    assert.strictEqual(cfg!.dir, path.join(tmp, 'cache'));
    assert.deepStrictEqual(cfg!.config.rules, { 'kpi-unmeasured': 'off' });
    assert.deepStrictEqual(cfg!.config.exclude, ['**/drafts/**']);
    assert.deepStrictEqual(cfg!.findings, []);
    assert.strictEqual(cache.forPlaybook(play), cfg, 'loaded once');
  });

  test('ConfigCache reports problems in the config file with positions', () => {
    const rc = write('broken/.playbookrc.yaml', 'rules:\n  coverage-gapp: off\n');
    const cfg = new ConfigCache().load(rc);
    assert.deepStrictEqual(cfg.findings.map((f) => `${f.ruleId}@${at(f)}`), ['schema@2:3']);
  });

  test('isSelected honours include and exclude relative to the config folder', () => {
    const rc = write('sel/.playbookrc.yaml', 'include:\n  - "plays/**/*.playbook.yaml"\nexclude:\n  - "**/drafts/**"\n');
    const cfg: ConfigFile = new ConfigCache().load(rc);
    const dir = path.join(tmp, 'sel');
    assert.strictEqual(isSelected(cfg, path.join(dir, 'plays', 'a.playbook.yaml')), true);
    assert.strictEqual(isSelected(cfg, path.join(dir, 'plays', 'team', 'b.playbook.yaml')), true);
    assert.strictEqual(isSelected(cfg, path.join(dir, 'plays', 'drafts', 'c.playbook.yaml')), false, 'excluded');
    assert.strictEqual(isSelected(cfg, path.join(dir, 'plays', 'team', 'drafts', 'd.playbook.yaml')), false, 'excluded deeper');
    assert.strictEqual(isSelected(cfg, path.join(dir, 'other', 'e.playbook.yaml')), false, 'not included');
    assert.strictEqual(isSelected(cfg, path.join(dir, 'e.playbook.yaml')), false, 'not included at the root');
    assert.strictEqual(isSelected(cfg, path.join(dir, 'plays', 'a.playbook.yml')), false, 'include names .yaml only');
  });

  test('isSelected: default include picks playbooks anywhere below the config folder', () => {
    const rc = write('defaults/.playbookrc.yaml', 'exclude: ["archive/**"]\n');
    const cfg = new ConfigCache().load(rc);
    const dir = path.join(tmp, 'defaults');
    assert.strictEqual(isSelected(cfg, path.join(dir, 'a.playbook.yaml')), true);
    assert.strictEqual(isSelected(cfg, path.join(dir, 'x', 'y', 'b.playbook.yml')), true);
    assert.strictEqual(isSelected(cfg, path.join(dir, 'archive', 'old.playbook.yaml')), false);
    assert.strictEqual(isSelected(cfg, path.join(dir, 'x', 'archive', 'kept.playbook.yaml')), true, 'archive/** is anchored at the config folder');
    assert.strictEqual(isSelected(cfg, path.join(dir, 'notes.yaml')), false);
    assert.strictEqual(isSelected(cfg, path.join(dir, '.hidden', 'c.playbook.yaml')), true, 'dot folders are matched');
  });

  test('isSelected: globs are relative to the config folder, not the working directory', () => {
    const rc = write('anchor/sub/.playbookrc.yaml', 'include: ["*.playbook.yaml"]\n');
    const cfg = new ConfigCache().load(rc);
    assert.strictEqual(isSelected(cfg, path.join(tmp, 'anchor', 'sub', 'top.playbook.yaml')), true);
    assert.strictEqual(isSelected(cfg, path.join(tmp, 'anchor', 'sub', 'deeper', 'x.playbook.yaml')), false);
  });

  test('isSelected without a config: any *.playbook.yaml / .yml', () => {
    assert.strictEqual(isSelected(undefined, path.join(tmp, 'a.playbook.yaml')), true);
    assert.strictEqual(isSelected(undefined, path.join(tmp, 'a.playbook.yml')), true);
    assert.strictEqual(isSelected(undefined, path.join(tmp, 'a.yaml')), false);
  });
});
