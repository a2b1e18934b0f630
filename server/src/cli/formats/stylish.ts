import { countBySeverity, FileReport, formatAll, FormatOptions, plural, ReportWriter } from '../report';

const COLORS = { red: 31, yellow: 33, blue: 34, green: 32, dim: 2, bold: 1, underline: 4 } as const;

/** Human output for terminals, in the style of ESLint's `stylish`: a block per file with findings, then a summary. */
export function stylishWriter(options: FormatOptions): ReportWriter {
  const paint = (c: keyof typeof COLORS, s: string) => (options.color ? `\u001b[${COLORS[c]}m${s}\u001b[0m` : s);
  const sevColor = { error: 'red', warning: 'yellow', info: 'blue' } as const;
  const c = { error: 0, warning: 0, info: 0 };
  let files = 0;
  return {
    begin: () => '',
    file(r) {
      files++;
      if (!r.findings.length) return '';
      const counts = countBySeverity(r.findings);
      c.error += counts.error;
      c.warning += counts.warning;
      c.info += counts.info;
      const lines = [paint('underline', r.path)];
      const pos = r.findings.map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1}`);
      const posWidth = Math.max(...pos.map((p) => p.length));
      r.findings.forEach((f, i) => {
        const sev = paint(sevColor[f.severity], f.severity.padEnd(7));
        lines.push(`  ${paint('dim', pos[i].padEnd(posWidth))}  ${sev}  ${f.message.replace(/\s*\n\s*/g, ' ')}  ${paint('dim', f.ruleId)}`);
      });
      return `${lines.join('\n')}\n\n`;
    },
    end() {
      const all = c.error + c.warning + c.info;
      const checked = plural(files, 'playbook');
      if (!all) return `${paint('green', `✔ ${checked} checked, no problems`)}\n`;
      const parts = [plural(c.error, 'error'), plural(c.warning, 'warning'), plural(c.info, 'info')];
      const mark = c.error ? paint('red', '✖') : c.warning ? paint('yellow', '⚠') : paint('blue', 'ℹ');
      return `${mark} ${paint('bold', `${plural(all, 'problem')} (${parts.join(', ')})`)} in ${checked} checked\n`;
    },
  };
}

export function formatStylish(reports: FileReport[], options: FormatOptions): string {
  return formatAll(stylishWriter, reports, options);
}
