/** The outline of a playbook: one group per list, one symbol per entry. */
import type { Analysis } from './analyze';
import { entriesOf, Kind, KINDS, LIST_KEY, reachedSegments } from './model';
import { locate } from './parse';

export interface PlaybookSymbol {
  name: string;
  detail?: string;
  kind: Kind | 'group';
  offsets: [number, number];
  selection: [number, number];
  children: PlaybookSymbol[];
}

/** Hierarchical symbols: stages, owners, segments, triggers, touchpoints, KPIs. */
export function documentSymbols(analysis: Analysis): PlaybookSymbol[] {
  const { model, parsed } = analysis;
  if (!model) return [];
  const out: PlaybookSymbol[] = [];
  for (const kind of KINDS) {
    const listLoc = locate(parsed, `/${LIST_KEY[kind]}`);
    if (!listLoc.kind || !listLoc.key) continue;
    const children: PlaybookSymbol[] = entriesOf(model, kind).map((e) => {
      const loc = locate(parsed, e.pointer);
      const idLoc = parsed.nodes.get(`${e.pointer}/id`);
      const detail = [e.name, 'type' in e ? e.type : undefined, 'stage' in e && kind === 'touchpoint' ? e.stage : undefined, 'channel' in e ? e.channel : undefined]
        .filter(Boolean)
        .join(' · ');
      return {
        name: e.id ?? `#${e.index + 1}`,
        detail: detail || undefined,
        kind,
        offsets: loc.value,
        selection: idLoc?.kind ? idLoc.value : [loc.value[0], loc.value[0]],
        children: [],
      };
    });
    out.push({ name: LIST_KEY[kind], kind: 'group', detail: `${children.length}`, offsets: [listLoc.key[0], listLoc.value[1]], selection: listLoc.key, children });
  }
  return out;
}

/** Folding ranges: every mapping or list that spans several lines, as [startLine, endLine]. */
export function foldingRanges(analysis: Analysis): [number, number][] {
  const out: [number, number][] = [];
  const { parsed } = analysis;
  for (const loc of parsed.nodes.values()) {
    if (loc.kind !== 'map' && loc.kind !== 'seq') continue;
    const start = parsed.lines.positionAt(loc.key ? loc.key[0] : loc.value[0]).line;
    let endOffset = loc.value[1];
    while (endOffset > loc.value[0] && /\s/.test(parsed.text[endOffset - 1])) endOffset--;
    const end = parsed.lines.positionAt(endOffset).line;
    if (end > start) out.push([start, end]);
  }
  return out.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
}

/** Per-stage lens: "3 touchpoints · 2 segments uncovered", placed on the stage's id or the framework value. */
export function stageLenses(analysis: Analysis): { offsets: [number, number]; title: string; stage: string }[] {
  const { model, parsed } = analysis;
  if (!model) return [];
  const out: { offsets: [number, number]; title: string; stage: string }[] = [];
  for (const st of model.stages) {
    const tps = model.touchpoints.filter((t) => t.stage === st.id);
    const reached = new Set(tps.flatMap((t) => reachedSegments(model, t)));
    const uncovered = model.segments.filter((s) => !reached.has(s)).length;
    const loc = st.entry ? locate(parsed, `${st.entry.pointer}/id`) : locate(parsed, '/framework');
    if (!loc.kind) continue;
    out.push({
      offsets: loc.value,
      stage: st.id,
      title: `${st.entry ? '' : `${st.id}: `}${tps.length} touchpoint${tps.length === 1 ? '' : 's'} · ${uncovered ? `${uncovered} segment${uncovered === 1 ? '' : 's'} uncovered` : 'all segments covered'}`,
    });
  }
  return out;
}
