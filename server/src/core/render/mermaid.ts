/**
 * The Mermaid `journey` export: one `section` per stage in lifecycle order, one task per
 * touchpoint, scored 1–5 from its emotion, with the segments it reaches as actors.
 *
 * How Mermaid reads the text (its journey grammar, database and entity handling, the same
 * in mermaid 11.17 and 12.3; what it draws checked in Chromium):
 * - Before lexing, Mermaid replaces every `#<digits>;` by a placeholder that it turns into the
 *   character reference `&#<digits>;` in the SVG. A character written `#58;` is therefore never
 *   syntax, and is drawn as `:`. Such codes replace, in every name:
 *   `:` (ends a task name, splits a task's data), `,` (splits actors), `#` (starts a comment),
 *   `;` (ends a title, section or task), `%` (a task line starting `%` or `x%%` is a comment,
 *   `%%{…}%%` anywhere is a directive), `<` (`<br>` splits a task or section into lines; in a
 *   title with a `<`, DOMPurify drops tags and turns `&` into a visible `&amp;`;
 *   `<tag a="b">` has its quotes rewritten), and `¶` and `ﬂ` (Mermaid's placeholders are made
 *   of them, `ﬂ°°58¶ß`: written raw, `a¶ßb` would be drawn `a;b`).
 *   Not needed, so left readable: `{` `}` (with `%` written as a code there is no directive,
 *   and `accDescr {` is handled below), `>` and `&` (harmless without `<`).
 * - Whitespace runs, line breaks included, become one space (a line break ends a statement).
 * - A task line starting with `journey`, `title `, `section ` or `accDescr {` (any case) is
 *   read as that keyword, so such a task name has its first letter written as a code
 *   (`#84;itle workshop`). A title or section is one token to the end of its line, so no
 *   keyword can start inside it.
 * - An empty name cannot be written (`section` with nothing after it is a parse error):
 *   an empty stage or touchpoint name falls back to its id, an empty title to the playbook id
 *   (then 'Journey map').
 *
 * Decisions:
 * - A stage without touchpoints is a `section` line with no task under it. Mermaid parses
 *   that, but its renderer draws a section only above the section's tasks, so a gap stage
 *   is missing from the drawn diagram (it is in the text, in order). We never invent a task
 *   for it: a gap is not a touchpoint.
 * - A touchpoint that reaches no segment (the playbook has none, or its `segments` name
 *   none that exist) is written without an actor list, `Name (Owner): 3`, which the grammar
 *   allows; `Name (Owner): 3:` would make an actor with an empty name.
 * - A touchpoint whose id repeats an earlier touchpoint's (duplicate-id) is left out: the
 *   first one in file order is the touchpoint its id means, even when it is not listed
 *   itself. Touchpoints with a missing or unknown stage are not listed.
 * - Actors: the names of the segments reached, each once (Mermaid knows actors by name, so
 *   two segments with one name are one actor); the owner is in the task text,
 *   `Kickoff call (CSM team)`.
 */
import type { JourneyModel, JourneyTouchpoint } from '../journey';

/** Characters written as `#<code point>;` (see above why each). */
const ENCODED = /[:,#;%<\u00b6\ufb02]/g;

/** Task-line starts the journey lexer reads as a keyword or comment (its patterns; those with `:` or `%` cannot occur once encoded). */
const KEYWORD_START = /^(?:journey\b|title\s|section\s|acctitle\s*:|accdescr\s*[:{]|%)/i;

/** The first non-empty text among the candidates, written for Mermaid ('' when all are empty). */
function mermaidText(...candidates: (string | undefined)[]): string {
  for (const c of candidates) {
    const flat = (c ?? '').replace(/\s+/g, ' ').trim();
    if (flat) return flat.replace(ENCODED, (ch) => `#${ch.codePointAt(0)};`);
  }
  return '';
}

/** A task name that cannot be read as a keyword: its first letter as a code when it would be. */
function taskName(text: string): string {
  return KEYWORD_START.test(text) ? `#${text.codePointAt(0)};${text.slice(1)}` : text;
}

/** 1–5 from the emotion -2..+2 (rounded, clamped); 3 when none. */
function score(t: JourneyTouchpoint): number {
  return t.emotion === undefined ? 3 : Math.min(5, Math.max(1, Math.round(t.emotion + 3)));
}

/** The Mermaid `journey` diagram of the journey (see the file comment for the choices). */
export function renderMermaidExport(j: JourneyModel): string {
  const segmentName = new Map(j.segments.map((s) => [s.key, s.name]));
  const firstWithId = new Map<string, JourneyTouchpoint>();
  for (const t of j.touchpoints) if (t.id !== undefined && !firstWithId.has(t.id)) firstWithId.set(t.id, t);
  const listed = j.touchpoints.filter((t) => t.id === undefined || firstWithId.get(t.id) === t);

  const lines = ['journey', `  title ${mermaidText(j.playbook.title, j.playbook.id, 'Journey map')}`];
  j.stages.forEach((st, i) => {
    lines.push(`  section ${mermaidText(st.name, st.id, `Stage ${i + 1}`)}`);
    for (const t of listed) {
      if (t.stage !== st.id) continue;
      const name = mermaidText(t.name, t.id, `Touchpoint ${t.index + 1}`);
      const owner = mermaidText(t.ownerName, t.owner);
      const actors = [...new Set(t.segments.map((k) => mermaidText(segmentName.get(k), k)).filter(Boolean))];
      const task = taskName(owner ? `${name} (${owner})` : name);
      lines.push(`    ${task}: ${score(t)}${actors.length ? `: ${actors.join(', ')}` : ''}`);
    }
  });
  return `${lines.join('\n')}\n`;
}
