import { countBySeverity, FileReport, formatAll, FormatOptions, nestedJson, ReportWriter } from '../report';

/** Machine-readable output: every finding with 1-based line/column and the 0-based LSP range; the `files` array is streamed. */
export function jsonWriter(options: FormatOptions): ReportWriter {
  const total = { files: 0, errors: 0, warnings: 0, infos: 0 };
  return {
    begin: () => `{\n  "tool": "playbook",\n  "version": ${JSON.stringify(options.toolVersion)},\n  "files": [`,
    file(r) {
      const c = countBySeverity(r.findings);
      total.errors += c.error;
      total.warnings += c.warning;
      total.infos += c.info;
      const entry = {
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
      return `${total.files++ ? ',' : ''}\n    ${nestedJson(entry, 2)}`;
    },
    end: () => `${total.files ? '\n  ' : ''}],\n  "summary": ${nestedJson(total, 1)}\n}\n`,
  };
}

export function formatJson(reports: FileReport[], options: FormatOptions): string {
  return formatAll(jsonWriter, reports, options);
}
