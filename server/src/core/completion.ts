/**
 * Completion data: keys valid at the cursor, enum values, the playbook's own
 * ids that fit the key, framework choices and entry snippets. Editor-neutral.
 */
import { cursorContext } from './context';
import { FRAMEWORKS } from './frameworks';
import { Kind, PlaybookModel } from './model';
import { describeEntity } from './hover';
import { schemaAt, schemaDocs } from './schemaInfo';
import type { LineIndex } from './text';

export interface CompletionEntry {
  label: string;
  kind: 'key' | 'value' | 'id' | 'framework' | 'snippet';
  detail?: string;
  documentation?: string;
  insertText: string;
  /** `insertText` uses LSP snippet syntax ($1, ${1:placeholder}). */
  snippet?: boolean;
  sortText: string;
  replace: [number, number];
}

/** Which kind of id each reference key expects, by the list its entry sits in. */
const ID_KEYS: Record<string, Record<string, Kind>> = {
  touchpoints: { stage: 'stage', segments: 'segment', owner: 'owner', trigger: 'trigger', kpis: 'kpi', escalatesTo: 'touchpoint' },
  segments: { owner: 'owner' },
  kpis: { stage: 'stage', owner: 'owner' },
};

/**
 * Completions at an offset. `model` supplies the ids; pass the last model that
 * parsed when the current text does not.
 */
export function completeAt(text: string, offset: number, model: PlaybookModel | undefined, lines?: LineIndex): CompletionEntry[] {
  const ctx = cursorContext(text, offset, lines);
  const out: CompletionEntry[] = [];
  const listKey = ctx.path.length >= 2 && ctx.path[ctx.path.length - 1] === '[]' ? ctx.path[ctx.path.length - 2] : undefined;
  const inEntryOf = ctx.path.length === 2 ? listKey : undefined;

  if (ctx.mode === 'value' || (ctx.key && ctx.newItem && !ctx.siblings.length && ctx.path.length >= 3)) {
    const key = ctx.key!;
    const ownerPath = ctx.mode === 'value' ? ctx.path : ctx.path.slice(0, -2);
    const ownerList = ownerPath.length === 2 ? ownerPath[0] : undefined;
    const idKind = ownerList ? ID_KEYS[ownerList]?.[key] : undefined;
    // Right after `key:` the value needs its space.
    const lead = text[ctx.replace[0] - 1] === ':' ? ' ' : '';
    if (idKind && model) {
      idsOf(model, idKind).forEach((id, i) => {
        out.push({ label: id, kind: 'id', detail: describeEntity(model, idKind, id, true), insertText: lead + id, sortText: `0${String(i).padStart(5, '0')}`, replace: ctx.replace });
      });
      return out;
    }
    if (ownerPath.length === 0 && key === 'framework') {
      for (const f of FRAMEWORKS) {
        out.push({
          label: f.id,
          kind: 'framework',
          detail: f.name,
          documentation: `**${f.name}** — ${f.summary}\n\n${f.stages.length ? `Stages: ${f.stages.map((s) => `\`${s}\``).join(' → ')}` : 'Stages: whatever `stages` lists.'}`,
          insertText: lead + f.id,
          sortText: `0${String(FRAMEWORKS.indexOf(f)).padStart(2, '0')}`,
          replace: ctx.replace,
        });
      }
      return out;
    }
    const node = schemaAt([...ownerPath, key]);
    const values = node?.enum ?? (node?.type === 'string' ? node?.examples : undefined) ?? [];
    values.forEach((v, i) => {
      out.push({ label: String(v), kind: 'value', detail: node?.description?.split('.')[0], insertText: lead + String(v), sortText: `0${String(i).padStart(3, '0')}`, replace: ctx.replace });
    });
    return out;
  }

  const node = schemaAt(ctx.path);
  if (!node?.properties) return out;
  const required = new Set(node.required ?? []);
  for (const [key, prop] of Object.entries(node.properties)) {
    if (ctx.siblings.includes(key) || key === '$schema') continue;
    out.push({
      label: key,
      kind: 'key',
      detail: required.has(key) ? 'required' : 'optional',
      documentation: schemaDocs(prop),
      insertText: `${key}: `,
      sortText: `${required.has(key) ? '0' : '1'}${String(Object.keys(node.properties).indexOf(key)).padStart(3, '0')}`,
      replace: ctx.replace,
    });
  }
  if (inEntryOf && !ctx.siblings.length && SNIPPETS[inEntryOf]) {
    const indent = ' '.repeat(ctx.replace[0] - text.lastIndexOf('\n', ctx.replace[0] - 1) - 1);
    const body = SNIPPETS[inEntryOf].body.split('\n').map((l, i) => (i === 0 ? l : indent + l)).join('\n');
    out.push({ label: `new ${SNIPPETS[inEntryOf].name}`, kind: 'snippet', detail: `A ${SNIPPETS[inEntryOf].name} with its required keys`, insertText: body, snippet: true, sortText: '00', replace: ctx.replace });
  }
  return out;
}

/** Snippets for a new list entry, indented relative to the entry's first key. */
export const SNIPPETS: Record<string, { name: string; body: string }> = {
  touchpoints: { name: 'touchpoint', body: 'id: ${1:new-touchpoint}\nname: ${2:Name}\nstage: ${3}\nchannel: ${4|email,in-app,chat,phone,video-call,meeting,webinar,qbr|}\nowner: ${5}\nwithin: ${6:2d}' },
  segments: { name: 'segment', body: 'id: ${1:new-segment}\nname: ${2:Name}\ncriteria: ${3:arr >= 100000}\nengagement: ${4|high-touch,low-touch,no-touch,hybrid|}\nsize: ${5:100}' },
  owners: { name: 'owner', body: 'id: ${1:new-owner}\nname: ${2:Name}\ntype: ${3|human,team,automation|}\ncapacity: ${4:50}\nheadcount: ${5:1}' },
  triggers: { name: 'trigger', body: 'id: ${1:new-trigger}\nname: ${2:Name}\ntype: event\nevent: ${3:contract.signed}' },
  kpis: { name: 'KPI', body: 'id: ${1:new-kpi}\nname: ${2:Name}\nmetric: ${3|nps,csat,ces,clv,retention-rate,churn-rate,conversion-rate,activation-rate,engagement-score,expansion-revenue,time-to-value,referral-rate,custom|}\ndirection: ${4|increase,decrease|}\nbaseline: ${5:0}\ntarget: ${6:0}' },
  stages: { name: 'stage', body: 'id: ${1:new-stage}\nname: ${2:Name}\ngoal: ${3:What the customer achieves}\nexitCriteria: ${4:How we know they moved on}' },
};

function idsOf(model: PlaybookModel, kind: Kind): string[] {
  if (kind === 'stage') return model.stages.map((s) => s.id);
  return [...model.byId[kind].keys()];
}
