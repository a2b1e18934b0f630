import type { Severity } from '../../core/types';
import { FileReport, formatAll, FormatOptions, ReportWriter } from '../report';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/** GitHub Actions workflow commands: each finding becomes an annotation on the pull request. */
export function githubWriter(): ReportWriter {
  return {
    begin: () => '',
    file(r) {
      let out = '';
      for (const f of r.findings) {
        const props = [
          `file=${prop(r.path)}`,
          `line=${f.range.start.line + 1}`,
          `col=${f.range.start.character + 1}`,
          `endLine=${f.range.end.line + 1}`,
          `endColumn=${f.range.end.character + 1}`,
          `title=${prop(`playbook(${f.ruleId})`)}`,
        ];
        out += `::${COMMAND[f.severity]} ${props.join(',')}::${data(`${f.message} (${f.docsUrl})`)}\n`;
      }
      return out;
    },
    end: () => '',
  };
}

export function formatGithub(reports: FileReport[], options?: FormatOptions): string {
  return formatAll(githubWriter, reports, options ?? { color: false, failSeverity: 'error', toolVersion: '' });
}

function data(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function prop(s: string): string {
  return data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
