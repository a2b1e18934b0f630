import * as assert from 'assert';
import { analyzePlaybook } from '../../server/src/core/analyze';
import { FRAMEWORKS } from '../../server/src/core/frameworks';
import { playbookIdFrom, scaffold, scaffoldTitle } from '../../server/src/core/scaffold';

suite('new playbook scaffolds', () => {
  test('every framework, under any name a user types, gives a playbook that analyses clean', () => {
    for (const fw of FRAMEWORKS) {
      for (const name of ['', 'Acme Onboarding', `${fw.id}-engagement`, '2027 plan', 'Ünïcödé  Kunden—Reise', '???', 'x', 'Запуск клиентов', '顧客導入 "2027"']) {
        const { text, playbookId } = scaffold(fw.id, name);
        const analysis = analyzePlaybook(text);
        assert.deepStrictEqual(analysis.findings.map((f) => `${f.ruleId}: ${f.message}`), [], `${fw.id} / ${JSON.stringify(name)}`);
        assert.match(playbookId, /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, `${fw.id} / ${JSON.stringify(name)}`);
        assert.ok(text.includes(`\nplaybook: ${playbookId}\n`));
        assert.ok(text.includes(`\nframework: ${fw.id}\n`));
      }
    }
  });

  test('the title and header use the framework display name, not its id', () => {
    assert.strictEqual(scaffoldTitle('race', 'race-engagement'), 'RACE engagement');
    assert.strictEqual(scaffoldTitle('aarrr', 'aarrr-engagement'), 'AARRR engagement');
    assert.strictEqual(scaffoldTitle('mckinsey-cdj', 'mckinsey-cdj-engagement'), 'McKinsey consumer decision journey engagement');
    assert.strictEqual(scaffoldTitle('race', 'acme-growth'), 'Acme growth');
    const { text } = scaffold('race', 'race-engagement');
    assert.match(text, /^# RACE engagement playbook\./);
    assert.match(text, /^title: RACE engagement$/m);
    assert.ok(!/title: Race/.test(text));
  });

  test('a name in a script ids cannot hold: the id falls back to the framework, the title is the name as written', () => {
    const { text, playbookId } = scaffold('laer', '  Запуск   клиентов ');
    assert.strictEqual(playbookId, 'laer-engagement');
    assert.match(text, /^title: "Запуск клиентов"$/m);
    assert.strictEqual((analyzePlaybook(text).parsed.value as { title: string }).title, 'Запуск клиентов');
    assert.match(scaffold('laer', '???').text, /^title: LAER engagement$/m, 'no letters: the framework title');
  });

  test('names become ids as FORMAT.md writes them', () => {
    assert.strictEqual(playbookIdFrom('Acme Onboarding'), 'acme-onboarding');
    assert.strictEqual(playbookIdFrom('  Kunden--Reise 2027 '), 'kunden-reise-2027');
    assert.strictEqual(playbookIdFrom('Café'), 'cafe');
    assert.strictEqual(playbookIdFrom('2027 plan'), 'plan');
    assert.strictEqual(playbookIdFrom('???'), '');
  });
});
