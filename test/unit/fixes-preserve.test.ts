/**
 * Quick fixes and rename never lose a comment and change only what they mean to
 * change (FORMAT.md: "Comments are allowed everywhere and must survive any edit
 * the tools make (quick fixes, rename, formatting)").
 *
 * For every fix offered on every finding (`fixesFor`), and for `fixAll`, on every
 * bundled sample and on hand-written broken playbooks:
 *  - every comment line and trailing comment of the original survives (only the
 *    "Remove the unused suppression" fix removes its own comment; "Disable ... for
 *    this line" adds one, or adds the rule id to the suppression right above), and
 *    no comment appears that the fix did not write;
 *  - only the lines touched by the edit offsets change (the other lines appear
 *    unchanged and in order; inserted lines are allowed);
 *  - the result still parses (no `syntax` finding);
 *  - the fixed finding's rule reports fewer findings at that place (for
 *    `coverage-gap`/`touch-mismatch`, which name several stages in one finding,
 *    naming fewer stages counts);
 *  - suppression fixes ("Disable ... for this line", "Remove the unused
 *    suppression") change nothing but that one finding: no other finding appears
 *    or disappears.
 * Rename (`renameEdits`) of every id of every sample to a fresh id: only the id
 * occurrences change, comments are byte-identical, and the findings stay the same.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzePlaybook, Analysis } from '../../server/src/core/analyze';
import { Fix, fixAll, fixesFor } from '../../server/src/core/fixes';
import { occurrencesOf, renameEdits, TextEdit } from '../../server/src/core/navigation';
import { documentSymbols } from '../../server/src/core/symbols';
import type { Finding } from '../../server/src/core/types';
import { editorLineStarts } from './helpers';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SAMPLES_DIR = path.join(ROOT, 'samples');

// ---------------------------------------------------------------------------
// Text helpers


function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

function lineOf(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Applies non-overlapping edits (asserted). */
function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.offsets[0] - b.offsets[0] || a.offsets[1] - b.offsets[1]);
  for (const e of sorted) assert.ok(e.offsets[0] >= 0 && e.offsets[0] <= e.offsets[1] && e.offsets[1] <= text.length, `edit ${JSON.stringify(e.offsets)} outside 0..${text.length}`);
  for (let i = 1; i < sorted.length; i++) assert.ok(sorted[i].offsets[0] >= sorted[i - 1].offsets[1], `edits overlap: ${JSON.stringify(sorted[i - 1].offsets)} and ${JSON.stringify(sorted[i].offsets)}`);
  let out = text;
  for (const e of [...sorted].reverse()) out = out.slice(0, e.offsets[0]) + e.newText + out.slice(e.offsets[1]);
  return out;
}

/** Where an offset of the original text lands after the edits (an offset inside a replaced range lands at its start). */
function mapOffset(offset: number, edits: TextEdit[]): number {
  let delta = 0;
  for (const e of [...edits].sort((x, y) => x.offsets[0] - y.offsets[0])) {
    const [s, en] = e.offsets;
    if (s === en) {
      // an insertion at or before the offset moves the original text right
      if (s <= offset) delta += e.newText.length;
    } else if (en <= offset) delta += e.newText.length - (en - s);
    else if (s <= offset) return s + delta;
  }
  return offset + delta;
}

interface Comment {
  /** From `#` to the end of the line, trailing whitespace removed. */
  text: string;
  offsets: [number, number];
  line: number;
  /** A trailing comment (after content on its line), not a comment line of its own. */
  trailing: boolean;
}

/**
 * The YAML comments of a text, found with a small lexer of its own (independent
 * of the product's parser): `#` at the start of a line or after whitespace,
 * outside quoted scalars and block scalars (`|`, `>`).
 */
function commentsOf(text: string): Comment[] {
  const out: Comment[] = [];
  const starts = editorLineStarts(text);
  const lines = splitLines(text);
  let quote: '"' | "'" | undefined;
  let blockParent = -1; // inside a block scalar: lines indented more than this are content
  let flowDepth = 0;
  lines.forEach((line, ln) => {
    const indent = /^ */.exec(line)![0].length;
    if (blockParent >= 0) {
      if (!line.trim() || indent > blockParent) return;
      blockParent = -1;
    }
    let canStart = !quote; // a quote can open here (start of a scalar)
    let sawColon = false;
    let keyCol = -1;
    for (let j = 0; j < line.length; j++) {
      const c = line[j];
      if (quote) {
        if (quote === '"' && c === '\\') {
          j++;
          continue;
        }
        if (c === quote) {
          if (quote === "'" && line[j + 1] === "'") {
            j++;
            continue;
          }
          quote = undefined;
          canStart = false;
        }
        continue;
      }
      if (c === '#' && (j === 0 || /\s/.test(line[j - 1]))) {
        const body = line.slice(j).replace(/\s+$/, '');
        out.push({ text: body, offsets: [starts[ln] + j, starts[ln] + j + body.length], line: ln, trailing: line.slice(0, j).trim() !== '' });
        break;
      }
      if (c === ' ' || c === '\t') continue;
      if ((c === '"' || c === "'") && canStart) {
        quote = c;
        continue;
      }
      if (c === '[' || c === '{') {
        flowDepth++;
        canStart = true;
        continue;
      }
      if (c === ']' || c === '}') {
        flowDepth = Math.max(0, flowDepth - 1);
        canStart = false;
        continue;
      }
      if (c === ',' && flowDepth > 0) {
        canStart = true;
        continue;
      }
      if ((c === '-' || c === '?') && canStart && (j + 1 >= line.length || /\s/.test(line[j + 1]))) continue;
      if (c === ':' && (j + 1 >= line.length || /[\s,\]}]/.test(line[j + 1]))) {
        sawColon = true;
        canStart = true;
        continue;
      }
      if ((c === '&' || c === '!') && canStart) {
        while (j + 1 < line.length && !/\s/.test(line[j + 1])) j++;
        continue;
      }
      if ((c === '|' || c === '>') && canStart && flowDepth === 0 && /^[|>][0-9+-]*(\s+#.*)?\s*$/.test(line.slice(j))) {
        blockParent = sawColon ? keyCol : j - 2;
        const m = /\s#.*$/.exec(line.slice(j));
        if (m) {
          const at = j + m.index + m[0].indexOf('#');
          const body = line.slice(at).replace(/\s+$/, '');
          out.push({ text: body, offsets: [starts[ln] + at, starts[ln] + at + body.length], line: ln, trailing: true });
        }
        break;
      }
      if (keyCol < 0 && !sawColon) keyCol = j;
      canStart = false;
    }
  });
  return out;
}

function multiset(items: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const i of items) m.set(i, (m.get(i) ?? 0) + 1);
  return m;
}

/** Items of `a` not matched in `b` (multiset difference). */
function minus(a: string[], b: string[]): string[] {
  const mb = multiset(b);
  const out: string[] = [];
  for (const x of a) {
    const n = mb.get(x) ?? 0;
    if (n > 0) mb.set(x, n - 1);
    else out.push(x);
  }
  return out;
}

/**
 * The lines of `before` that no edit touches must appear in `after` unchanged and
 * in order, each untouched run as one contiguous block; whatever lies between
 * them in `after` is the edits' replacement and inserted lines.
 */
function assertOnlyTouchedLinesChange(before: string, after: string, edits: TextEdit[]): void {
  const starts = editorLineStarts(before);
  const a = splitLines(before);
  const b = splitLines(after);
  const touched = new Set<number>();
  for (const e of edits) {
    const first = lineOf(starts, e.offsets[0]);
    const last = lineOf(starts, e.offsets[1] > e.offsets[0] ? e.offsets[1] - 1 : e.offsets[1]);
    for (let l = first; l <= last; l++) touched.add(l);
    // text replaced up to the end of a line break joins the next line
    if (e.offsets[1] > e.offsets[0] && starts.includes(e.offsets[1]) && e.newText && !/[\r\n]$/.test(e.newText)) touched.add(lineOf(starts, e.offsets[1]));
  }
  // runs of untouched lines
  const runs: [number, number][] = [];
  for (let l = 0; l < a.length; l++) {
    if (touched.has(l)) continue;
    if (runs.length && runs[runs.length - 1][1] === l - 1) runs[runs.length - 1][1] = l;
    else runs.push([l, l]);
  }
  let pos = 0;
  for (const [s, e] of runs) {
    const block = a.slice(s, e + 1);
    let found = -1;
    for (let i = pos; i + block.length <= b.length; i++) {
      if (block.every((line, k) => b[i + k] === line)) {
        found = i;
        break;
      }
      if (s === 0) break; // the first run must stay at the top
    }
    assert.ok(found >= 0, `untouched lines ${s + 1}-${e + 1} changed or moved:\n${block.slice(0, 5).join('\n')}`);
    if (e === a.length - 1) assert.strictEqual(found + block.length, b.length, `untouched last lines ${s + 1}-${e + 1} are no longer at the end`);
    pos = found + block.length;
  }
}

// ---------------------------------------------------------------------------
// Inputs

const SAMPLES = fs
  .readdirSync(SAMPLES_DIR)
  .filter((f) => /\.playbook\.ya?ml$/.test(f))
  .sort()
  .map((f) => ({ name: f, text: fs.readFileSync(path.join(SAMPLES_DIR, f), 'utf8') }));

/** Hand-written broken playbooks, each aimed at one kind of edit. */
const HAND_WRITTEN: { name: string; text: string }[] = [
  {
    name: 'typos and semantic mistakes, comments everywhere',
    text: `# Hand-written: one mistake per line, each with a comment.
playbook: typos  # the id
title: Typos # trailing comment on the title
framework: laer
owners:
  # the people
  - id: csm-team   # the CS team
    type: team
    capacity: 10   # far too small
  - id: bot
    type: automation
  - id: unused-owner # nobody uses me
    type: human
    # a comment line inside the unused entry
    contact: "#unused # channel"  # hash inside quotes, then a real comment
segments:
  - id: enterprise # high-touch, automation only in adopt
    owner: csm-team
    size: 30  # more than 10
    engagement: high-touch
  - id: smb   # no-touch segment
    engagement: no-touch
triggers:
  - id: spare-trigger # unused
    type: manual
touchpoints:
  - id: welcome
    stage: land
    chanel: email        # typo in a key
    owner: csm-tem       # typo in a reference
  - id: call
    stage: adopt
    channel: emial       # typo in a value
    owner: bot
    escalatesTo: follow-up # loop
  - id: follow-up
    stage: adopt
    segments: [smb]  # a human team for a no-touch segment
    channel: phone
    owner: csm-team
    escalatesTo: call # loop back
kpis:
  - id: churn
    metric: churn-rate
    direction: increase   # wrong direction
    baseline: 10
  - id: nps-score
    metric: nps
    direction: increase
    baseline: 40
    target: 30 # lower than the baseline
# the end
`,
  },
  {
    name: 'suppressions: partly stale, trailing, and a line with two findings',
    text: `playbook: supp
title: Suppressions
framework: laer
owners:
  - id: csm
    type: human
segments:
  # playbook-disable-next-line coverage-gap, kpi-unmeasured -- only coverage-gap is needed here
  - id: pilot
  - id: other
    owner: csm # playbook-disable-next-line segment-without-touchpoint -- trailing suppression
  - id: lonely
touchpoints:
  - id: a
    stage: land
    segments: [other]
    channel: email
    owner: csm
`,
  },
  {
    name: 'a schema key typo next to the key it should be',
    text: `playbook: dup-key
title: Key typo next to the real key
framework: aida
owners:
  - id: csm
    type: human
segments:
  - id: all
touchpoints:
  - id: t
    stage: awareness
    channel: email
    owner: csm   # the real owner
    ownr: csm    # a typo'd duplicate
`,
  },
  {
    name: 'hashes inside values and block scalars',
    text: `playbook: hashes
title: "Hash # inside a title"   # real comment
description: |
  # not a comment: a Markdown heading inside a block scalar
  Still the description. # also not a comment
framework: laer
owners:
  - id: team-a
    type: team
    contact: "#team-a # channel"  # a real one
  - id: spare   # unused owner with a comment
    name: |
      Spare # person
    type: human
    # own-line comment inside the entry
segments:
  - id: seg
    criteria: "plan = 'x' # not a comment"
touchpoints:
  - id: tp
    stage: land
    channel: email
    owner: team-a
kpis:
  - id: k
    metric: csat
    direction: increase
    name: >
      Satisfaction # folded, not a comment
`,
  },
  {
    name: 'flow style, quoted ids, CRLF, no final line break',
    text: [
      '# CRLF file',
      'playbook: "flowy"',
      "title: 'Flow style' # title",
      'framework: aida',
      'owners: [{id: ops, type: team, capacity: 1}, {id: bot, type: automation}]  # flow owners',
      'segments:',
      '  - {id: "big", owner: ops, size: 5, engagement: high-touch}',
      'touchpoints:',
      '  - {id: t1, stage: awareness, channel: email, owner: "bot", escalatesTo: t2} # loop',
      '  - {id: t2, stage: interest, channel: emial, owner: ops, escalatesTo: t1}',
      'kpis:',
      '  - {id: k1, metric: nps, direction: decrease} # wrong direction',
      '  - id: k2',
      '    metric: csat',
      '    # no target',
    ].join('\r\n'),
  },
  {
    name: 'gaps sample with CRLF line ends',
    text: (SAMPLES.find((s) => s.name === 'gaps.playbook.yaml')?.text ?? '').replace(/\n/g, '\r\n'),
  },
];

/**
 * Each clean sample broken in the usual ways (a typo'd reference and channel, a
 * wrong KPI direction, a missing target, an unused owner, a stale suppression),
 * so that the fixes run on every sample's own formatting and comments.
 */
function breakSample(text: string): string {
  const nl = text.includes('\r\n') ? '\r\n' : '\n';
  const touchpoints = text.search(/^touchpoints:/m);
  let out = text;
  if (touchpoints >= 0) {
    const at = out.slice(touchpoints).search(/^ {4}owner: [a-z0-9-]+/m);
    if (at >= 0) out = out.slice(0, touchpoints + at) + out.slice(touchpoints + at).replace(/^( {4}owner: [a-z0-9-]+)/m, '$1x');
  }
  out = out.replace(/^( +channel: )email\b/m, '$1emial');
  out = out.replace(/^( +direction: )increase\b/m, '$1decrease');
  out = out.replace(/^ +target: .*(\r?\n)/m, '');
  out = out.replace(/^owners:.*(\r?\n)/m, (m) => `${m}  - id: spare-owner   # nobody uses this one${nl}    type: human${nl}`);
  out = out.replace(/^segments:.*(\r?\n)/m, (m) => `${m}  # playbook-disable-next-line coverage-gap -- stale reason${nl}`);
  return out;
}

const BROKEN_SAMPLES = SAMPLES.filter((s) => s.name !== 'gaps.playbook.yaml').map((s) => ({ name: `broken ${s.name}`, text: breakSample(s.text) }));

// ---------------------------------------------------------------------------
// Checks

const stats = { findings: 0, fixes: 0, fixAll: 0, fixAllEdits: 0, renames: 0, renameEdits: 0, renameRefused: 0 };

function findingKey(f: Finding): string {
  return `${f.ruleId}: ${f.message}`;
}

function describe(f: Finding): string {
  return `${f.ruleId}@${f.range.start.line + 1}:${f.range.start.character + 1}`;
}

/** The comment texts expected after a fix (original, minus removed, plus the fix's own). */
function checkComments(before: string, after: string, edits: TextEdit[], exempt: (c: Comment) => boolean, amended?: { ruleId: string }): void {
  const orig = commentsOf(before);
  // A suppression trimmed to the ids that still silence something is the exempt comment, rewritten:
  // the rewrite must be that comment with ids removed (same directive, same reason).
  const trimmedFrom = orig.filter((c) => exempt(c) && /playbook-disable-next-line/.test(c.text));
  const isTrimmed = (t: string) =>
    trimmedFrom.some((c) => {
      const [ids, reason] = c.text.split(/\s--\s/);
      const [newIds, newReason] = t.split(/\s--\s/);
      const words = (x: string) => x.replace(/^#\s*playbook-disable-next-line\s*/, '').split(/[\s,]+/).filter(Boolean);
      return reason === newReason && words(newIds).length > 0 && words(newIds).every((w) => words(ids).includes(w)) && words(newIds).length < words(ids).length;
    });
  const res = commentsOf(after).map((c) => c.text).filter((t) => !isTrimmed(t));
  const written = edits.flatMap((e) => commentsOf(e.newText).map((c) => c.text));
  const kept = orig.filter((c) => !exempt(c));
  let missing = minus(
    kept.map((c) => c.text),
    res,
  );
  if (amended && missing.length) {
    // "Disable R for this line" may add R to the suppression comment right above
    const amendedTexts = res.filter((t) => t.includes(`, ${amended.ruleId}`)).map((t) => t.replace(`, ${amended.ruleId}`, ''));
    missing = minus(missing, amendedTexts);
  }
  assert.deepStrictEqual(missing, [], 'comments of the original are lost');
  const extra = minus(
    minus(
      res,
      orig.map((c) => c.text),
    ),
    written,
  ).filter((t) => !(amended && t.includes(`, ${amended.ruleId}`)));
  assert.deepStrictEqual(extra, [], 'comments appear that are neither in the original nor written by the fix');
}

/** Stages named by a multi-stage finding (coverage-gap, touch-mismatch). */
function stagesOf(f: Finding): number {
  const s = (f.data as { stages?: unknown[] } | undefined)?.stages;
  return Array.isArray(s) ? s.length : 0;
}

function checkFix(text: string, analysis: Analysis, finding: Finding, fix: Fix): void {
  const result = applyEdits(text, fix.edits);
  // Removing a stale suppression, or only its stale ids, rewrites that one comment on purpose.
  const isRemoveSuppression = fix.title === 'Remove the unused suppression' || /^Remove .+ from the suppression$/.test(fix.title);
  const isDisable = fix.title.startsWith('Disable ');
  checkComments(
    text,
    result,
    fix.edits,
    (c) => isRemoveSuppression && c.offsets[0] <= finding.offsets[0] && finding.offsets[0] <= c.offsets[1],
    isDisable ? { ruleId: finding.ruleId } : undefined,
  );
  assertOnlyTouchedLinesChange(text, result, fix.edits);
  const after = analyzePlaybook(result);
  const syntax = after.findings.filter((f) => f.ruleId === 'syntax');
  assert.deepStrictEqual(syntax.map((f) => `${describe(f)} ${f.message}`), [], 'the fixed text no longer parses');

  // the fixed rule reports less at that place
  const line = finding.range.start.line;
  const beforeHere = analysis.findings.filter((f) => f.ruleId === finding.ruleId && f.range.start.line === line);
  const mappedLine = lineOf(editorLineStarts(result), mapOffset(finding.offsets[0], fix.edits));
  const afterHere = after.findings.filter((f) => f.ruleId === finding.ruleId && f.range.start.line === mappedLine);
  const fewer =
    afterHere.length < beforeHere.length ||
    (afterHere.length === beforeHere.length && stagesOf(finding) > 0 && afterHere.reduce((n, f) => n + stagesOf(f), 0) < beforeHere.reduce((n, f) => n + stagesOf(f), 0));
  assert.ok(
    fewer,
    `${finding.ruleId} still reports ${afterHere.length} finding(s) at line ${mappedLine + 1} (was ${beforeHere.length} at line ${line + 1}): ${afterHere.map((f) => f.message).join(' | ')}`,
  );

  if (isDisable || isRemoveSuppression) {
    // A suppression fix changes nothing but that finding (a line suppression silences
    // every finding of the rule that starts on the line, so those go too).
    const silenced = isDisable ? beforeHere : [finding];
    const expected = minus(analysis.findings.map(findingKey), silenced.map(findingKey));
    const got = after.findings.map(findingKey);
    assert.deepStrictEqual({ appeared: minus(got, expected), disappeared: minus(expected, got) }, { appeared: [], disappeared: [] }, 'the suppression fix changed other findings');
  }
}

/** Runs every fix of every finding of one input; fails with every problem at once. */
function checkAllFixes(name: string, text: string): void {
  const analysis = analyzePlaybook(text);
  const problems: string[] = [];
  let fixes = 0;
  for (const finding of analysis.findings) {
    stats.findings++;
    for (const fix of fixesFor(analysis, finding)) {
      fixes++;
      stats.fixes++;
      try {
        checkFix(text, analysis, finding, fix);
      } catch (err) {
        problems.push(`- ${describe(finding)} "${fix.title}": ${(err as Error).message.split('\n').slice(0, 12).join('\n    ')}`);
      }
    }
  }
  console.log(`      ${name}: ${analysis.findings.length} findings, ${fixes} fixes applied, ${problems.length} failing`);
  assert.ok(fixes > 0 || analysis.findings.every((f) => f.ruleId === 'syntax' || f.ruleId === 'schema'), `${name}: no fix offered at all`);
  if (problems.length) assert.fail(`${name}: ${problems.length} fixes break the rules:\n${problems.join('\n')}`);
}

function checkFixAll(name: string, text: string): void {
  const analysis = analyzePlaybook(text);
  const edits = fixAll(analysis);
  stats.fixAll++;
  stats.fixAllEdits += edits.length;
  const result = applyEdits(text, edits);
  // Stale suppressions that fix-all removed, or trimmed to the ids that still silence something.
  const removedSuppressions = analysis.findings.filter((f) => f.ruleId === 'unused-suppression' && edits.some((e) => e.offsets[0] < f.offsets[1] && f.offsets[0] < Math.max(e.offsets[1], e.offsets[0] + 1)));
  checkComments(text, result, edits, (c) => removedSuppressions.some((f) => c.offsets[0] <= f.offsets[0] && f.offsets[0] <= c.offsets[1]));
  assertOnlyTouchedLinesChange(text, result, edits);
  const after = analyzePlaybook(result);
  assert.deepStrictEqual(after.findings.filter((f) => f.ruleId === 'syntax').map((f) => `${describe(f)} ${f.message}`), [], 'the text no longer parses after fix all');
  if (edits.length) assert.ok(after.findings.length < analysis.findings.length, `fix all did not reduce the findings (${analysis.findings.length} -> ${after.findings.length})`);
  console.log(`      ${name}: fix all applied ${edits.length} edits, findings ${analysis.findings.length} -> ${after.findings.length}`);
}

function checkRenames(name: string, text: string): void {
  const analysis = analyzePlaybook(text);
  assert.ok(analysis.model, `${name} must parse`);
  const problems: string[] = [];
  const before = analysis.findings.map((f) => `${f.ruleId}@${f.range.start.line + 1}`);
  const origComments = commentsOf(text);
  let renamed = 0;
  let refused = 0;
  const seen = new Set<string>();
  for (const group of documentSymbols(analysis)) {
    for (const sym of group.children) {
      if (sym.kind === 'group' || sym.selection[0] === sym.selection[1]) continue;
      const key = `${sym.kind}:${sym.name}`;
      if (seen.has(key)) continue; // a repeated id: renaming the first renames all
      seen.add(key);
      const fresh = `zz-renamed-${sym.kind}-${seen.size}`;
      // the middle of the id value (its selection includes the quotes of a quoted id)
      const r = renameEdits(analysis, (sym.selection[0] + sym.selection[1]) >> 1, fresh);
      if ('error' in r) {
        refused++;
        stats.renameRefused++;
        if (!(sym.kind === 'stage' && analysis.model!.framework && analysis.model!.framework.id !== 'custom')) problems.push(`- rename of ${key} refused: ${r.error}`);
        continue;
      }
      renamed++;
      stats.renames++;
      stats.renameEdits += r.edits.length;
      try {
        const occ = occurrencesOf(analysis, sym.kind, sym.name);
        assert.strictEqual(r.edits.length, occ.length, 'one edit per occurrence');
        for (const e of r.edits) assert.strictEqual(text.slice(e.offsets[0], e.offsets[1]), sym.name, `an edit at ${JSON.stringify(e.offsets)} replaces "${text.slice(e.offsets[0], e.offsets[1])}", not the id`);
        const result = applyEdits(text, r.edits);
        // every other byte unchanged: the result is the original with exactly these ranges replaced
        let rebuilt = '';
        let last = 0;
        for (const e of [...r.edits].sort((x, y) => x.offsets[0] - y.offsets[0])) {
          rebuilt += text.slice(last, e.offsets[0]) + fresh;
          last = e.offsets[1];
        }
        assert.strictEqual(result, rebuilt + text.slice(last));
        assert.deepStrictEqual(
          commentsOf(result).map((c) => c.text),
          origComments.map((c) => c.text),
          'comments changed',
        );
        const after = analyzePlaybook(result);
        assert.deepStrictEqual(
          after.findings.map((f) => `${f.ruleId}@${f.range.start.line + 1}`),
          before,
          'findings changed after the rename',
        );
        assert.strictEqual(occurrencesOf(after, sym.kind, fresh).length, occ.length, 'the renamed id has fewer occurrences');
        assert.strictEqual(occurrencesOf(after, sym.kind, sym.name).length, 0, 'the old id still occurs');
      } catch (err) {
        problems.push(`- rename ${key} -> ${fresh}: ${(err as Error).message.split('\n').slice(0, 10).join('\n    ')}`);
      }
    }
  }
  console.log(`      ${name}: ${renamed} ids renamed, ${refused} refused (built-in stages)`);
  assert.ok(renamed > 0, `${name}: nothing renamed`);
  if (problems.length) assert.fail(`${name}:\n${problems.join('\n')}`);
}

// ---------------------------------------------------------------------------

suite('fixes and rename preserve comments and unrelated lines', function () {
  this.timeout(120_000);

  suiteTeardown(() => {
    console.log(
      `      totals: ${stats.fixes} fixes applied on ${stats.findings} findings, fix all on ${stats.fixAll} inputs (${stats.fixAllEdits} edits), ` +
        `${stats.renames} renames (${stats.renameEdits} edits), ${stats.renameRefused} renames refused`,
    );
  });

  test('the comment lexer of this test finds the comments of the samples', () => {
    const gaps = SAMPLES.find((s) => s.name === 'gaps.playbook.yaml')!;
    const comments = commentsOf(gaps.text);
    assert.ok(comments.every((c) => c.text.startsWith('#')));
    assert.ok(comments.some((c) => c.text.startsWith('# <- owner-over-capacity') && c.trailing));
    assert.ok(comments.some((c) => c.text.startsWith('# playbook-disable-next-line coverage-gap') && !c.trailing));
    const hashes = HAND_WRITTEN.find((h) => h.name.startsWith('hashes'))!;
    assert.deepStrictEqual(
      commentsOf(hashes.text).map((c) => c.text),
      ['# real comment', '# a real one', '# unused owner with a comment', '# own-line comment inside the entry'],
    );
  });

  test('the checks of this test catch a lost, an added and a moved comment', () => {
    const before = 'a: 1 # one\n# two\nb: 2\nc: 3\n';
    assert.throws(() => checkComments(before, 'a: 1\n# two\nb: 2\nc: 3\n', [], () => false), /lost/);
    assert.throws(() => checkComments(before, 'a: 1 # one\n# two\nb: 2 # new\nc: 3\n', [], () => false), /appear/);
    assert.doesNotThrow(() => checkComments(before, 'a: 1 # one\n# two\nb: 2 # new\nc: 3\n', [{ offsets: [16, 20], newText: 'b: 2 # new' }], () => false));
    assert.throws(() => assertOnlyTouchedLinesChange(before, 'a: 1 # one\n# two\nb: 2\nc: 4\n', [{ offsets: [16, 20], newText: 'b: 2' }]), /untouched/);
    assert.doesNotThrow(() => assertOnlyTouchedLinesChange(before, 'a: 1 # one\n# two\nb: 5\nx: 0\nc: 3\n', [{ offsets: [16, 20], newText: 'b: 5\nx: 0' }]));
  });

  suite('every fix of every finding', () => {
    for (const s of SAMPLES) test(s.name, () => checkAllFixes(s.name, s.text));
    for (const h of HAND_WRITTEN) test(`hand-written: ${h.name}`, () => checkAllFixes(h.name, h.text));
    for (const b of BROKEN_SAMPLES) test(b.name, () => checkAllFixes(b.name, b.text));
  });

  suite('fix all', () => {
    for (const s of SAMPLES) test(s.name, () => checkFixAll(s.name, s.text));
    for (const h of HAND_WRITTEN) test(`hand-written: ${h.name}`, () => checkFixAll(h.name, h.text));
    for (const b of BROKEN_SAMPLES) test(b.name, () => checkFixAll(b.name, b.text));
  });

  suite('rename every id to a fresh id', () => {
    for (const s of SAMPLES) test(s.name, () => checkRenames(s.name, s.text));
    for (const h of HAND_WRITTEN) test(`hand-written: ${h.name}`, () => checkRenames(h.name, h.text));
  });
});
