/** Conversions between core values (offsets, findings) and LSP types. */
import { Diagnostic, DiagnosticSeverity, Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../core/types';

export function toRange(doc: TextDocument, offsets: [number, number]): Range {
  return { start: doc.positionAt(offsets[0]), end: doc.positionAt(offsets[1]) };
}

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;

/** A finding as an LSP diagnostic: code = rule id, codeDescription = the rule's page, source = playbook. */
export function toDiagnostic(f: Finding, uri: string): Diagnostic {
  const d: Diagnostic = {
    range: f.range,
    severity: SEVERITY[f.severity],
    code: f.ruleId,
    codeDescription: { href: f.docsUrl },
    source: 'playbook',
    message: f.message,
  };
  if (f.related?.length) d.relatedInformation = f.related.map((r) => ({ location: { uri, range: r.range }, message: r.message }));
  if (f.data) d.data = f.data;
  return d;
}
