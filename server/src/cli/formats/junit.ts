import { SEVERITY_RANK } from '../../core/types';
import { FileReport, formatAll, FormatOptions, plural, ReportWriter } from '../report';

/**
 * JUnit XML: one testcase per playbook, failing when it has findings at or above the fail
 * severity. The totals come first in the document, so each file's testcase is kept as a
 * short piece of text (not its findings) and the document is written at the end.
 */
export function junitWriter(options: FormatOptions): ReportWriter {
  const testcases: string[] = [];
  let failures = 0;
  return {
    begin: () => '',
    file(r) {
      const lines = r.findings.map((f) => `${r.path}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.message} [${f.ruleId}] ${f.docsUrl}`);
      let tc = `    <testcase classname="playbook" name="${xml(r.path)}" file="${xml(r.path)}">\n`;
      const bad = r.findings.filter((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[options.failSeverity]);
      if (bad.length) {
        failures++;
        tc += `      <failure type="${bad.some((f) => f.severity === 'error') ? 'error' : bad[0].severity}" message="${xml(`${plural(bad.length, 'problem')} at or above ${options.failSeverity}`)}">${xml(lines.join('\n'))}</failure>\n`;
      } else if (lines.length) {
        tc += `      <system-out>${xml(lines.join('\n'))}</system-out>\n`;
      }
      testcases.push(`${tc}    </testcase>\n`);
      return '';
    },
    end() {
      let out = '<?xml version="1.0" encoding="UTF-8"?>\n';
      out += `<testsuites name="playbook" tests="${testcases.length}" failures="${failures}" errors="0">\n`;
      out += `  <testsuite name="playbook validate" tests="${testcases.length}" failures="${failures}" errors="0" skipped="0">\n`;
      for (const tc of testcases) out += tc;
      testcases.length = 0;
      return `${out}  </testsuite>\n</testsuites>\n`;
    },
  };
}

export function formatJunit(reports: FileReport[], options: FormatOptions): string {
  return formatAll(junitWriter, reports, options);
}

/** Escapes text for XML attributes and content, dropping characters XML 1.0 cannot hold. */
function xml(s: string): string {
  return s
    // eslint-disable-next-line no-control-regex -- XML 1.0 allows tab, LF and CR among the control characters
    .replace(/[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
