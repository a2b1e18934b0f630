/** The outline of a playbook: the playbook itself, one group per list, one symbol per entry. */
import type { Analysis } from './analyze';
import { humanizeId } from './frameworks';
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

/** The playbook itself, on its `playbook:` line: its id, with the title as detail. Undefined when there is no `playbook` id. */
export function playbookSymbol(analysis: Analysis): Omit<PlaybookSymbol, 'kind' | 'children'> | undefined {
  const { model, parsed } = analysis;
  const loc = parsed.nodes.get('/playbook');
  if (!model?.playbookId || !loc?.key || !loc.kind) return undefined;
  return { name: model.playbookId, detail: model.title, offsets: [loc.key[0], loc.value[1]], selection: loc.value };
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

/**
 * Per-stage lens: "3 touchpoints · 2 segments uncovered" on the id of each stage listed in
 * `stages`. The built-in stages of the framework that `stages` does not list have no line of
 * their own: they get one lens each on the `framework:` line, in lifecycle order and named
 * ("Adopt: 5 touchpoints · 2 segments uncovered"), before the listed stages' lenses.
 */
export function stageLenses(analysis: Analysis): { offsets: [number, number]; title: string; stage: string }[] {
  const { model, parsed } = analysis;
  if (!model) return [];
  const onFramework: { offsets: [number, number]; title: string; stage: string }[] = [];
  const onStages: { offsets: [number, number]; title: string; stage: string }[] = [];
  const framework = locate(parsed, '/framework');
  for (const st of model.stages) {
    const tps = model.touchpoints.filter((t) => t.stage === st.id);
    const reached = new Set(tps.flatMap((t) => reachedSegments(model, t)));
    const uncovered = model.segments.filter((s) => !reached.has(s)).length;
    const counts = `${tps.length} touchpoint${tps.length === 1 ? '' : 's'} · ${uncovered ? `${uncovered} segment${uncovered === 1 ? '' : 's'} uncovered` : 'all segments covered'}`;
    if (st.entry) {
      const loc = locate(parsed, `${st.entry.pointer}/id`);
      if (loc.kind) onStages.push({ offsets: loc.value, stage: st.id, title: counts });
    } else if (framework.kind) {
      onFramework.push({ offsets: [framework.key?.[0] ?? framework.value[0], framework.value[1]], stage: st.id, title: `${humanizeId(st.id)}: ${counts}` });
    }
  }
  return [...onFramework, ...onStages];
}
