import { changeToFix } from '../edits';
import { code, suggest } from '../text';
import type { Rule } from './rule';

/** The stage id, the framework's id, and the framework's stage closest to it. */
export type StageNotInFrameworkData = { id: string; framework: string; suggestion?: string };

/** With a built-in framework, `stages` may refine its stages but not add new ones. */
export const stageNotInFramework: Rule<StageNotInFrameworkData> = {
  id: 'stage-not-in-framework',
  defaultSeverity: 'error',
  description: 'A `stages` entry is not a stage of the named built-in framework.',
  reads: ['stage.id', 'stage.notInFramework'],
  check({ model, report }) {
    const fw = model.framework;
    if (!fw || fw.id === 'custom') return;
    for (const e of model.stageEntries) {
      if (!e.notInFramework || e.id === undefined) continue;
      // Always named: the framework's few stages are the only ids that can go here.
      const suggestion = suggest(e.id, fw.stages, 'reference')?.candidate;
      report({
        pointer: `${e.pointer}/id`,
        message: `Stage ${code(e.id)} is not a stage of the \`${fw.id}\` framework (${fw.stages.map((s) => code(s)).join(', ')}), so it is ignored.${suggestion ? ` Did you mean ${code(suggestion)}?` : ''} To define your own stages, use \`framework: custom\`.`,
        data: { id: e.id, framework: fw.id, ...(suggestion ? { suggestion } : {}) },
      });
    }
  },
  fixes(analysis, finding) {
    const { suggestion } = finding.data;
    return suggestion === undefined ? [] : [changeToFix(analysis, finding, suggestion)];
  },
};
