import { SEVERITY_RANK } from '../../core/types';
import { FileReport, FormatOptions, plural } from '../report';

/** JUnit XML: one testcase per playbook, failing when it has findings at or above the fail severity. */
export function formatJunit(reports: FileReport[], options: FormatOptions): string {
  const failing = (r: FileReport) => r.findings.filter((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[options.failSeverity]);
  const failures = reports.filter((r) => failing(r).length).length;
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(`<testsuites name="playbook" tests="${reports.length}" failures="${failures}" errors="0">`);
  out.push(`  <testsuite name="playbook validate" tests="${reports.length}" failures="${failures}" errors="0" skipped="0">`);
  for (const r of reports) {
    const lines = r.findings.map((f) => `${r.path}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.message} [${f.ruleId}] ${f.docsUrl}`);
    out.push(`    <testcase classname="playbook" name="${xml(r.path)}" file="${xml(r.path)}">`);
    const bad = failing(r);
    if (bad.length) {
      out.push(`      <failure type="${bad.some((f) => f.severity === 'error') ? 'error' : bad[0].severity}" message="${xml(`${plural(bad.length, 'problem')} at or above ${options.failSeverity}`)}">${xml(lines.join('\n'))}</failure>`);
    } else if (lines.length) {
      out.push(`      <system-out>${xml(lines.join('\n'))}</system-out>`);
    }
    out.push('    </testcase>');
  }
  out.push('  </testsuite>', '</testsuites>');
  return `${out.join('\n')}\n`;
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
