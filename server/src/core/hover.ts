/** Hover content: what a key means, what an id names, a framework's stages, and the rules behind findings. */
import type { Analysis } from './analyze';
import { FRAMEWORKS, humanizeId } from './frameworks';
import { summarizeTrigger } from './journey';
import { Kind, OwnerEntry, PlaybookModel } from './model';
import { occurrenceAt } from './navigation';
import { locate } from './parse';
import { getRuleMeta } from './rules';
import { schemaAt, schemaDocs } from './schemaInfo';
import { Cadence, effectiveCadence, hasWorkload, HOURS_PER_MONTH, ownerWorkloads, shown, touchpointCost } from './workload';

export interface HoverResult {
  markdown: string;
  offsets: [number, number];
}

/**
 * What an owner can carry, as owner-over-capacity computes it: "capacity 20 × headcount 3 =
 * 60 accounts" (headcount defaults to 1), or just the headcount when there is no capacity.
 */
export function describeCapacity(owner: OwnerEntry): string {
  if (owner.capacity === undefined) return `headcount ${owner.headcount}, no capacity set`;
  return `capacity ${owner.capacity} × headcount ${owner.headcount} = ${owner.capacity * owner.headcount} accounts`;
}

/** How often, in words: "1 a month", "4.3 a month", "every 3 months", "once (8 new accounts a month)". */
function frequency(c: Cadence): string {
  if (c.hours === undefined) return 'once';
  if (c.hours <= 0) return 'never (a zero cadence)';
  const perMonth = HOURS_PER_MONTH / c.hours;
  return perMonth >= 1 ? `every ${c.text}, ${shown(perMonth, 1)} a month` : `every ${c.text}, once in ${shown(1 / perMonth, 1)} months`;
}

/**
 * What a touchpoint's `effort` or `cadence` costs its owner a month, or an owner's
 * `hoursPerWeek` gives (format v1.1): "≈ 260 h a month for `csm`: enterprise 260 accounts × 1 h,
 * every 1mo, 1 a month = 260 h".
 */
function workloadHover(model: PlaybookModel, pointer: string): string | undefined {
  const t = /^\/touchpoints\/(\d+)\/(effort|cadence)$/.exec(pointer);
  if (t) {
    const tp = model.touchpoints.find((x) => x.index === Number(t[1]));
    if (!tp) return undefined;
    const owner = tp.owner !== undefined ? model.byId.owner.get(tp.owner) : undefined;
    const cost = touchpointCost(model, tp);
    const cadence = effectiveCadence(model, tp);
    const from = { cadence: '', schedule: ' (its trigger\'s schedule)', date: ' (yearly: a date trigger)', default: ' (no cadence: once)' }[cadence.from];
    if (!cost) return `**${tp.id ?? 'touchpoint'}** — cadence ${frequency(cadence)}${from}; no \`effort\`, so it costs no hours`;
    if (!hasWorkload(owner)) return `**${tp.id ?? 'touchpoint'}** — ${owner?.type === 'automation' ? `owned by automation \`${owner.id}\`: no person's hours` : 'its owner is not a person or a team: no workload'}`;
    const parts = cost.parts.map((p) =>
      cadence.hours === undefined
        ? `${p.segment.id ?? 'a segment'}: ${p.segment.newPerMonth ?? 0} new accounts a month × ${shown(cost.effort, 2)} h = ${shown(p.hours, 1)} h`
        : `${p.segment.id ?? 'a segment'}: ${p.segment.size ?? 0} accounts × ${shown(cost.effort, 2)} h × ${shown(HOURS_PER_MONTH / cadence.hours!, 2)} a month = ${shown(p.hours, 1)} h`,
    );
    return `**${tp.id ?? 'touchpoint'}** — ≈ ${shown(cost.hours, 0)} h a month for \`${owner!.id}\`, ${frequency(cadence)}${from}${parts.length ? `:\n\n${parts.map((x) => `- ${x}`).join('\n')}` : ' (it reaches no segment)'}`;
  }
  const o = /^\/owners\/(\d+)\/hoursPerWeek$/.exec(pointer);
  if (o) {
    const w = ownerWorkloads(model).find((x) => x.owner.index === Number(o[1]));
    if (!w || w.available === undefined) return undefined;
    return `**${w.owner.id ?? 'owner'}** — hoursPerWeek ${w.owner.hoursPerWeek} × headcount ${w.owner.headcount} × 52 ÷ 12 = ${shown(w.available, 0)} h a month available; its touchpoints take ≈ ${shown(w.workload, 0)} h (${shown((w.workload / w.available) * 100, 0)} %)`;
  }
  return undefined;
}

/** The accounts an owner is accountable for (segments whose `owner` resolves to it and that have a `size`), or undefined when none has. */
function accountableFor(model: PlaybookModel, owner: OwnerEntry): number | undefined {
  const sized = model.segments.filter((s) => s.owner !== undefined && s.size !== undefined && model.byId.owner.get(s.owner) === owner);
  return sized.length ? sized.reduce((sum, s) => sum + s.size!, 0) : undefined;
}

/** One line describing an entity: "segment · Enterprise · high-touch · 95 accounts · owner csm-team". */
export function describeEntity(model: PlaybookModel, kind: Kind, id: string, short = false): string {
  const parts: string[] = [kind === 'kpi' ? 'KPI' : kind];
  if (kind === 'stage') {
    const s = model.stageById.get(id);
    if (!s) return `${kind} (not defined)`;
    parts.push(s.entry?.name ?? humanizeId(id));
    if (!short && s.entry?.goal) parts.push(`goal: ${s.entry.goal}`);
    parts.push(`stage ${s.order + 1} of ${model.stages.length}`);
    return parts.join(' · ');
  }
  const e = model.byId[kind].get(id);
  if (!e) return `${kind} (not defined)`;
  if (e.name) parts.push(e.name);
  switch (e.kind) {
    case 'owner':
      if (e.type) parts.push(e.type);
      if (e.capacity !== undefined) parts.push(describeCapacity(e));
      break;
    case 'segment':
      if (e.engagement) parts.push(e.engagement);
      if (e.size !== undefined) parts.push(`${e.size} accounts`);
      if (e.owner) parts.push(`owner ${e.owner}`);
      break;
    case 'trigger':
      parts.push(summarizeTrigger(e.type, e.fields));
      break;
    case 'touchpoint':
      if (e.stage) parts.push(`stage ${e.stage}`);
      if (e.channel) parts.push(e.channel);
      if (e.owner) parts.push(`owner ${e.owner}`);
      break;
    case 'kpi':
      if (e.metric) parts.push(e.metric);
      if (e.target !== undefined) parts.push(`${e.baseline !== undefined ? `${e.baseline} → ` : 'target '}${e.target}${e.unit ? ` ${e.unit}` : ''}`);
      break;
  }
  return parts.join(' · ');
}

/** Hover at an offset, or undefined. */
export function hoverAt(analysis: Analysis, offset: number): HoverResult | undefined {
  const sections: string[] = [];
  let offsets: [number, number] | undefined;
  const { model, parsed } = analysis;

  const occ = model ? occurrenceAt(analysis, offset) : undefined;
  if (occ && model) {
    sections.push(`**${occ.id}** — ${describeEntity(model, occ.kind, occ.id)}`);
    offsets = occ.offsets;
  } else if (model) {
    const fw = locate(parsed, '/framework');
    if (fw.kind && offset >= fw.value[0] && offset <= fw.value[1] && model.framework) {
      const f = FRAMEWORKS.find((x) => x.id === model.framework!.id)!;
      sections.push(`**${f.name}** — ${f.summary}\n\n${f.stages.length ? `Stages: ${f.stages.map((s) => `\`${s}\``).join(' → ')}` : `Stages: ${model.stages.map((s) => `\`${s.id}\``).join(' → ') || 'none yet'}`}`);
      offsets = fw.value;
    } else {
      for (const [pointer, loc] of parsed.nodes.entriesAround(offset)) {
        // An owner's capacity or headcount: what it can carry, and what it is accountable for.
        const m = /^\/owners\/(\d+)\/(capacity|headcount)$/.exec(pointer);
        const owner = m ? model.owners.find((o) => o.index === Number(m[1])) : undefined;
        const onKey = loc.key !== undefined && offset >= loc.key[0] && offset <= loc.key[1];
        const onValue = offset >= loc.value[0] && offset <= loc.value[1];
        const cost = (onKey || onValue) && model ? workloadHover(model, pointer) : undefined;
        if (cost) {
          const docs = onKey ? schemaDocs(schemaAt(pointer.split('/').slice(1))) : undefined;
          if (docs) sections.push(docs);
          sections.push(cost);
          offsets = onKey ? loc.key : loc.value;
          break;
        }
        if (owner && (onKey || onValue)) {
          const docs = onKey ? schemaDocs(schemaAt(pointer.split('/').slice(1))) : undefined;
          if (docs) sections.push(docs);
          const load = accountableFor(model, owner);
          sections.push(`**${owner.id ?? `owner #${owner.index + 1}`}** — ${describeCapacity(owner)}${load === undefined ? '' : `; accountable for ${load} accounts`}`);
          offsets = onKey ? loc.key : loc.value;
          break;
        }
        if (onKey) {
          const docs = schemaDocs(schemaAt(pointer.split('/').slice(1)));
          if (docs) {
            sections.push(docs);
            offsets = loc.key;
          }
          break;
        }
      }
    }
  }
  for (const f of analysis.findings) {
    if (offset < f.offsets[0] || offset > f.offsets[1]) continue;
    const meta = getRuleMeta(f.ruleId);
    sections.push(`---\n**${f.ruleId}** (${f.severity}): ${meta?.description ?? ''} [Rule documentation](${f.docsUrl})`);
    offsets ??= f.offsets;
  }
  return sections.length && offsets ? { markdown: sections.join('\n\n'), offsets } : undefined;
}
