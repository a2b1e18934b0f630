/**
 * Watches what the semantic rules read: every entry of a model is replaced by a proxy that
 * records `kind.field` for each field read, and every reference records the field it was
 * written under when its id is read. Used to check the rules' declared `reads`.
 */
import * as assert from 'assert';
import { buildModel, EffectiveStage, Entry, PlaybookModel, PLACE_FIELDS, Reference } from '../../server/src/core/model';
import { parsePlaybook } from '../../server/src/core/parse';
import { SEMANTIC_RULES } from '../../server/src/core/rules';
import type { Rule } from '../../server/src/core/rules/rule';

/** The model of `value` with every read of an entry field recorded in `reads`. */
export function watchedModel(value: unknown, reads: Set<string>): PlaybookModel {
  const model = buildModel(value);
  const proxies = new Map<Entry, Entry>();
  const watch = <E extends Entry>(e: E): E => {
    let p = proxies.get(e);
    if (!p) {
      p = new Proxy(e, {
        get(target, prop, receiver) {
          if (typeof prop === 'string') reads.add(`${target.kind}.${prop}`);
          return Reflect.get(target, prop, receiver) as unknown;
        },
      });
      proxies.set(e, p);
    }
    return p as E;
  };
  const stages: EffectiveStage[] = model.stages.map((s) => ({ ...s, entry: s.entry && watch(s.entry) }));
  const table = <E extends Entry>(m: ReadonlyMap<string, E>) => new Map([...m].map(([id, e]) => [id, watch(e)]));
  const references: Reference[] = model.references.map((r) => {
    const from = watch(r.from);
    return {
      target: r.target,
      get id() {
        reads.add(`${r.from.kind}.${r.field}`);
        return r.id;
      },
      pointer: r.pointer,
      from,
      field: r.field,
    };
  });
  return {
    ...model,
    stageEntries: model.stageEntries.map(watch),
    stages,
    stageById: new Map(stages.map((s) => [s.id, s])),
    owners: model.owners.map(watch),
    segments: model.segments.map(watch),
    triggers: model.triggers.map(watch),
    touchpoints: model.touchpoints.map(watch),
    kpis: model.kpis.map(watch),
    byId: { owner: table(model.byId.owner), segment: table(model.byId.segment), trigger: table(model.byId.trigger), touchpoint: table(model.byId.touchpoint), kpi: table(model.byId.kpi) },
    references,
  };
}

/** For each rule that reads fields it does not declare: its id and those fields (kind, index and pointer are free). */
export function undeclaredReads(text: string, rules: readonly Rule[] = SEMANTIC_RULES): [string, string[]][] {
  const value = parsePlaybook(text).value;
  const out: [string, string[]][] = [];
  for (const rule of rules) {
    const reads = new Set<string>();
    try {
      rule.check({ model: watchedModel(value, reads), report: () => undefined });
    } catch {
      // A failing rule is reported as internal-error by the analysis; its reads so far still count.
    }
    const extra = [...reads].filter((r) => !PLACE_FIELDS.has(r.slice(r.indexOf('.') + 1)) && !rule.reads.includes(r)).sort();
    if (extra.length) out.push([rule.id, extra]);
  }
  return out;
}

/** Fails when a rule reads a field it does not declare. */
export function assertDeclaredReads(text: string, name: string): void {
  const extra = undeclaredReads(text);
  assert.deepStrictEqual(extra, [], `${name}: rules read fields missing from their \`reads\``);
}
