import * as os from 'os';
import { escapeXml as xml } from '../../core/text';
import { SEVERITY_RANK } from '../../core/types';
import { FileReport, formatAll, FormatOptions, plural, ReportWriter } from '../report';

/**
 * JUnit XML in Apache Ant's format, the one CI readers accept most widely (checked against
 * test/junit/ant-junit.xsd): one testsuite, one testcase per playbook with the time its check
 * took, failing when the playbook has findings at or above the fail severity. Findings below it
 * go to the suite's system-out, one line each. The totals come first in the document, so each
 * file's testcase is kept as a short piece of text (not its findings) until the end.
 */
export function junitWriter(options: FormatOptions): ReportWriter {
  const testcases: string[] = [];
  const below: string[] = [];
  let failures = 0;
  const clock = options.clock ?? (() => performance.now());
  const started = clock();
  const startedAt = options.startedAt ?? new Date();
  return {
    begin: () => '',
    file(r) {
      const line = (f: (typeof r.findings)[number]) => `${r.path}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.message} [${f.ruleId}] ${f.docsUrl}`;
      const bad = r.findings.filter((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[options.failSeverity]);
      let tc = `    <testcase name="${xml(r.path)}" classname="playbook" time="${seconds(r.ms ?? 0)}"`;
      if (bad.length) {
        failures++;
        tc += `>\n      <failure type="${bad.some((f) => f.severity === 'error') ? 'error' : bad[0].severity}" message="${xml(`${plural(bad.length, 'problem')} at or above ${options.failSeverity}`)}">${xml(r.findings.map(line).join('\n'))}</failure>\n    </testcase>\n`;
      } else {
        tc += '/>\n';
        for (const f of r.findings) below.push(line(f));
      }
      testcases.push(tc);
      return '';
    },
    end() {
      const attrs = [
        'package="playbook"',
        'id="0"',
        'name="playbook validate"',
        `timestamp="${localTimestamp(startedAt)}"`,
        `hostname="${xml(options.hostname ?? (os.hostname() || 'localhost'))}"`,
        `tests="${testcases.length}"`,
        `failures="${failures}"`,
        'errors="0"',
        `time="${seconds(clock() - started)}"`,
      ];
      let out = '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n';
      out += `  <testsuite ${attrs.join(' ')}>\n`;
      out += `    <properties>\n      <property name="tool" value="${xml(`playbook ${options.toolVersion}`)}"/>\n      <property name="fail-severity" value="${options.failSeverity}"/>\n    </properties>\n`;
      for (const tc of testcases) out += tc;
      out += `    <system-out>${xml(below.join('\n'))}</system-out>\n    <system-err></system-err>\n`;
      testcases.length = 0;
      below.length = 0;
      return `${out}  </testsuite>\n</testsuites>\n`;
    },
  };
}

/** Milliseconds as JUnit's seconds, to the millisecond. */
function seconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}

/** Ant's timestamp: local date and time to the second, no time zone. */
function localTimestamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

export function formatJunit(reports: FileReport[], options: FormatOptions): string {
  return formatAll(junitWriter, reports, options);
}
