/**
 * `# playbook-disable-next-line <rule-id>[, <rule-id>] -- <reason>` comments:
 * found once per text, applied to findings that start on the next line.
 */
import type { ParsedPlaybook } from './parse';

export interface Suppression {
  /** Line of the comment (0-based); it silences findings starting on `line + 1`. */
  line: number;
  /** Offsets of the comment itself. */
  offsets: [number, number];
  /** Rule ids as written, with their offsets. */
  rules: { id: string; offsets: [number, number] }[];
  reason?: string;
}

/** The word that makes a comment a suppression. */
export const SUPPRESSION_DIRECTIVE = 'playbook-disable-next-line';

const DIRECTIVE = /#\s*playbook-disable-next-line\b([^\n\r]*)/g;

/** Every suppression comment of the text (a `#` inside a quoted or plain value does not count). */
export function findSuppressions(parsed: ParsedPlaybook): Suppression[] {
  const out: Suppression[] = [];
  const { text } = parsed;
  if (!text.includes(SUPPRESSION_DIRECTIVE)) return out;
  DIRECTIVE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = DIRECTIVE.exec(text))) {
    const hash = m.index;
    if (hash > 0 && !/\s/.test(text[hash - 1])) continue; // `a#b` is not a comment in YAML
    if (insideScalar(parsed, hash)) continue;
    const body = m[1];
    const bodyStart = hash + m[0].length - body.length;
    const sep = body.search(/(^|\s)--(\s|$)/);
    const idsPart = sep >= 0 ? body.slice(0, sep) : body;
    const reason = sep >= 0 ? body.slice(sep).replace(/^\s*--\s*/, '').trim() : undefined;
    const rules: Suppression['rules'] = [];
    const idRe = /[^\s,]+/g;
    let r: RegExpExecArray | null;
    while ((r = idRe.exec(idsPart))) rules.push({ id: r[0], offsets: [bodyStart + r.index, bodyStart + r.index + r[0].length] });
    let end = hash + m[0].length;
    while (end > hash && /\s/.test(text[end - 1])) end--;
    out.push({ line: parsed.lines.positionAt(hash).line, offsets: [hash, end], rules, reason: reason || undefined });
  }
  return out;
}

/** Whether an offset is inside a key or a scalar value (only the nodes that can hold it are looked at). */
function insideScalar(parsed: ParsedPlaybook, offset: number): boolean {
  for (const [, loc] of parsed.nodes.entriesAround(offset)) {
    if (loc.kind === 'scalar' && offset > loc.value[0] && offset < loc.value[1]) return true;
    if (loc.key && offset > loc.key[0] && offset < loc.key[1]) return true;
  }
  return false;
}
