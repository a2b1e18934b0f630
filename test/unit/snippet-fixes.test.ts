/**
 * Quick fixes that insert new content (a touchpoint, a KPI target) carry a snippet with tab stops
 * on the placeholders, and never answer a finding with made-up data: what the fix cannot know is
 * `TODO`, which the schema flags, so the new content is itself flagged until the user fills it in.
 */
import * as assert from 'assert';
import { analyzePlaybook } from '../../server/src/core/analyze';
import { renderInsert } from '../../server/src/core/edits';
import { Fix, fixesFor } from '../../server/src/core/fixes';
import type { Finding } from '../../server/src/core/types';
import { samples } from './helpers';

/** A snippet's text with every placeholder at its default (VS Code's snippet syntax, as far as fixes use it). */
function expand(snippet: string, pick: (stop: number, values: string[]) => string = (_s, v) => v[0]): string {
  let out = '';
  for (let i = 0; i < snippet.length; i++) {
    const c = snippet[i];
    if (c === '\\') {
      out += snippet[++i];
    } else if (c === '$' && snippet[i + 1] === '{') {
      const m = /^\$\{(\d+)([:|])/.exec(snippet.slice(i));
      assert.ok(m, `a placeholder at ${i}: ${snippet.slice(i, i + 20)}`);
      let j = i + m[0].length;
      const values: string[] = [];
      let cur = '';
      for (; ; j++) {
        const d = snippet[j];
        assert.ok(d !== undefined, 'an unclosed placeholder');
        if (d === '\\' && (m[2] === ':' || /[,|\\]/.test(snippet[j + 1]))) cur += snippet[++j];
        else if (m[2] === '|' && (d === ',' || d === '|')) {
          values.push(cur);
          cur = '';
          if (d === '|') {
            assert.strictEqual(snippet[j + 1], '}');
            j++;
            break;
          }
        } else if (m[2] === ':' && d === '}') {
          values.push(cur);
          break;
        } else cur += d;
      }
      out += pick(Number(m[1]), values);
      i = j;
    } else if (c === '$') {
      assert.fail(`an unescaped $ at ${i}`);
    } else out += c;
  }
  return out;
}

function apply(text: string, fix: Fix, newText = fix.edits[0].newText): string {
  const [s, e] = fix.edits[0].offsets;
  return text.slice(0, s) + newText + text.slice(e);
}

const brief = (fs: Finding[]) => fs.map((f) => `${f.ruleId}: ${f.message}`).sort();

suite('quick fixes that insert content: snippets and placeholders', () => {
  test('the plain text and the snippet of an insertion agree, with $, } and \\ escaped', () => {
    const { plain, snippet } = renderInsert(['a $1 {x} \\ ', { stop: 1, text: 'v$}' }, ' ', { stop: 2, text: 'TODO', choices: ['x,y', 'a|b', 'TODO', 'c$m}'] }]);
    assert.strictEqual(plain, 'a $1 {x} \\ v$} TODO');
    assert.strictEqual(expand(snippet, (s, v) => (s === 2 ? v[3] : v[0])), 'a $1 {x} \\ v$} c$m}', 'no escapes inside a choice but , | and \\');
    assert.strictEqual(expand(snippet), plain);
    assert.strictEqual(expand(snippet, (s, v) => (s === 2 ? v[1] : v[0])), 'a $1 {x} \\ v$} x,y');
    assert.strictEqual(expand(snippet, (s, v) => (s === 2 ? v[2] : v[0])), 'a $1 {x} \\ v$} a|b');
  });

  const gaps = samples().find((s) => s.name === 'gaps.playbook.yaml')!;
  const inserting = () => {
    const analysis = analyzePlaybook(gaps.text);
    return analysis.findings.flatMap((finding) => fixesFor(analysis, finding).filter((f) => f.snippet).map((fix) => ({ finding, fix })));
  };

  test('every inserting fix of the gaps sample: a snippet at the edit, tab stops from $1, the plain edit its defaults', () => {
    const fixes = inserting();
    const titles = new Set(fixes.map((f) => f.fix.title.replace(/`[^`]*`/g, 'X')));
    for (const t of ['Add a touchpoint for stage X', 'Add a touchpoint for segment X in stage X', 'Add a `target`'.replace(/`[^`]*`/g, 'X')]) assert.ok(titles.has(t), `${t} among ${[...titles].join(' | ')}`);
    for (const { fix } of fixes) {
      assert.strictEqual(fix.edits.length, 1);
      assert.strictEqual(fix.snippet!.offset, fix.edits[0].offsets[0]);
      assert.strictEqual(fix.edits[0].offsets[0], fix.edits[0].offsets[1], 'an insertion');
      assert.strictEqual(expand(fix.snippet!.text), fix.edits[0].newText);
      assert.match(fix.snippet!.text, /\$\{1[:|]/, 'a first tab stop');
    }
  });

  test('a placeholder never silences a finding with made-up data: the new content is flagged until filled in, then clean', () => {
    const before = analyzePlaybook(gaps.text).findings;
    let checked = 0;
    for (const { finding, fix } of inserting()) {
      const placeholders = (fix.edits[0].newText.match(/\bTODO\b/g) ?? []).length;
      assert.ok(placeholders >= 1, `${fix.title}: what it cannot know is TODO`);
      // Applied as offered: the finding it answers is gone, and each TODO is flagged by the schema.
      const applied = analyzePlaybook(apply(gaps.text, fix)).findings;
      assert.ok(!brief(applied).includes(`${finding.ruleId}: ${finding.message}`), `${fix.title} answers its finding`);
      const flagged = applied.filter((f) => f.ruleId === 'schema' && /TODO/.test(f.message));
      assert.strictEqual(flagged.length, placeholders, `${fix.title}: each TODO flagged (${brief(applied).filter((m) => m.startsWith('schema')).join(' / ')})`);
      // Filled in (a target of 50; the first real choice offered for a channel or an owner): nothing new.
      const filled = expand(fix.snippet!.text, (_s, v) => (v[0] === 'TODO' ? (v.find((x) => x !== 'TODO') ?? '50') : v[0]));
      const done = analyzePlaybook(apply(gaps.text, fix, filled)).findings;
      const added = brief(done).filter((m) => !brief(before).includes(m));
      // (Coverage moves on: the answered finding may remain for the stages still uncovered, or a segment
      // once empty now shows its other gaps;
      // an owner picked from the list may not suit the segment or have room, an arbitrary target may go
      // the wrong way: those are judged on their own.)
      const own = added.filter((m) => !m.startsWith(`${finding.ruleId}:`) && !/^(touch-mismatch|owner-over-capacity|kpi-unmeasured|target-direction|coverage-gap|stage-without-touchpoint|segment-without-touchpoint):/.test(m));
      assert.deepStrictEqual(own, [], `${fix.title}: filled in, it adds no finding of its own`);
      checked++;
    }
    assert.ok(checked >= 5, `${checked} inserting fixes checked`);
  });
});

suite('"Add a touchpoint" after an entry that ends with a block scalar keeping its line breaks', () => {
  const base = (tail: string) =>
    'playbook: keep\ntitle: Keep\nframework: laer\nowners:\n  - id: csm\n    type: human\nsegments:\n  - id: a\n    owner: csm\n  - id: b\n    owner: csm\n' +
    'touchpoints:\n  - id: t1\n    stage: land\n    channel: email\n    owner: csm\n    segments: [a]\n' +
    tail;
  const cases: [string, string][] = [
    ['`|+` then a top-level key', '    description: |+\n      keep these lines\n\n\nkpis: []\n'],
    ['`>+` nested, at the end of the file', '    description: >+\n      folded kept\n\n'],
    ['`|2+` with an indentation indicator', '    description: |2+\n        indented two more\n\n'],
    ['`|` (clipped: the blank lines are not its value)', '    description: |\n      clipped\n\n\nkpis: []\n'],
  ];
  for (const [name, tail] of cases) {
    test(name, () => {
      const text = base(tail);
      const before = analyzePlaybook(text);
      const finding = before.findings.find((f) => f.ruleId === 'coverage-gap')!;
      assert.ok(finding, 'the gap is found');
      const fix = fixesFor(before, finding).find((f) => f.title.startsWith('Add a touchpoint'))!;
      assert.ok(fix, 'the fix is offered');
      const [edit] = fix.edits;
      const after = analyzePlaybook(text.slice(0, edit.offsets[0]) + edit.newText + text.slice(edit.offsets[1]));
      const value = after.parsed.value as { touchpoints: Record<string, unknown>[] };
      assert.deepStrictEqual(value.touchpoints[0], (before.parsed.value as { touchpoints: unknown[] }).touchpoints[0], 'the existing entry keeps its value, line breaks included');
      assert.strictEqual(value.touchpoints.length, 2);
      assert.deepStrictEqual([value.touchpoints[1].stage, value.touchpoints[1].segments], ['land', ['b']]);
      assert.ok(!after.findings.some((f) => f.ruleId === 'syntax'));
    });
  }
});
