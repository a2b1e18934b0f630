import { countBySeverity, FileReport, FormatOptions, plural } from '../report';

const COLORS = { red: 31, yellow: 33, blue: 34, green: 32, dim: 2, bold: 1, underline: 4 } as const;

/** Human output for terminals, in the style of ESLint's `stylish`. */
export function formatStylish(reports: FileReport[], options: FormatOptions): string {
  const paint = (c: keyof typeof COLORS, s: string) => (options.color ? `\u001b[${COLORS[c]}m${s}\u001b[0m` : s);
  const sevColor = { error: 'red', warning: 'yellow', info: 'blue' } as const;
  const lines: string[] = [];
  const all = reports.flatMap((r) => r.findings);
  for (const r of reports) {
    if (!r.findings.length) continue;
    lines.push(paint('underline', r.path));
    const pos = r.findings.map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1}`);
    const posWidth = Math.max(...pos.map((p) => p.length));
    r.findings.forEach((f, i) => {
      const sev = paint(sevColor[f.severity], f.severity.padEnd(7));
      lines.push(`  ${paint('dim', pos[i].padEnd(posWidth))}  ${sev}  ${f.message.replace(/\s*\n\s*/g, ' ')}  ${paint('dim', f.ruleId)}`);
    });
    lines.push('');
  }
  const c = countBySeverity(all);
  const files = plural(reports.length, 'playbook');
  if (!all.length) {
    lines.push(paint('green', `✔ ${files} checked, no problems`));
  } else {
    const parts = [plural(c.error, 'error'), plural(c.warning, 'warning'), plural(c.info, 'info')];
    const mark = c.error ? paint('red', '✖') : c.warning ? paint('yellow', '⚠') : paint('blue', 'ℹ');
    lines.push(`${mark} ${paint('bold', `${plural(all.length, 'problem')} (${parts.join(', ')})`)} in ${files} checked`);
  }
  return `${lines.join('\n')}\n`;
}
