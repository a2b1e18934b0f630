/**
 * The `schema` rule id: its metadata and quick fixes. The check itself is ../schema.ts
 * (ajv over the plain data, its errors turned into one report per real problem).
 */
import { changeToFix, replaceValueFix } from '../edits';
import { innerOffsets } from '../navigation';
import { suggest } from '../text';
import type { RuleModule } from './rule';

/** What a schema finding records, by the kind of problem (every field is optional). */
export type SchemaFindingData = {
  /** A required key that is missing. */
  missingKey?: string;
  /** A key the mapping may not have, and the pointer of that mapping (for an unknown key). */
  unknownKey?: string;
  parent?: string;
  /** The value or key meant, when there is a likely one. */
  suggestion?: string;
  /** The values an enum allows. */
  allowed?: string[];
};

export const schemaRule: RuleModule<SchemaFindingData> = {
  id: 'schema',
  defaultSeverity: 'error',
  description: 'Structure that breaks the playbook JSON Schema.',
  configurable: false,
  fixes(analysis, finding) {
    const { suggestion, unknownKey, parent } = finding.data;
    if (suggestion === undefined) return [];
    if (unknownKey !== undefined) {
      // Not when the mapping already has that key: renaming would repeat it.
      if (parent !== undefined && analysis.parsed.nodes.has(`${parent}/${suggestion}`)) return [];
      return [replaceValueFix(analysis, finding, `Rename key to \`${suggestion}\``, suggestion, true)];
    }
    const text = analysis.parsed.text;
    const written = text.slice(...innerOffsets(text, finding.offsets));
    return [changeToFix(analysis, finding, suggestion, suggest(written, [suggestion], 'autoFix')!.near)];
  },
};
