import { countBySeverity, FileReport, FormatOptions } from '../report';

/** Machine-readable output: every finding with 1-based line/column and the 0-based LSP range. */
export function formatJson(reports: FileReport[], options: FormatOptions): string {
  const files = reports.map((r) => {
    const c = countBySeverity(r.findings);
    return {
      filePath: r.path,
      errorCount: c.error,
      warningCount: c.warning,
      infoCount: c.info,
      findings: r.findings.map((f) => ({
        ruleId: f.ruleId,
        severity: f.severity,
        message: f.message,
        line: f.range.start.line + 1,
        column: f.range.start.character + 1,
        endLine: f.range.end.line + 1,
        endColumn: f.range.end.character + 1,
        range: f.range,
        docsUrl: f.docsUrl,
        ...(f.related ? { related: f.related } : {}),
      })),
    };
  });
  const total = countBySeverity(reports.flatMap((r) => r.findings));
  return `${JSON.stringify({ tool: 'playbook', version: options.toolVersion, files, summary: { files: reports.length, errors: total.error, warnings: total.warning, infos: total.info } }, null, 2)}\n`;
}
