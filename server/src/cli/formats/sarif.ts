import { ruleDocsUrl } from '../../core/docs';
import { ALL_RULES } from '../../core/rules';
import type { Severity } from '../../core/types';
import { FileReport, formatAll, FormatOptions, nestedJson, ReportWriter } from '../report';

const LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note' };
const RESULTS = '"results": []';

/**
 * SARIF 2.1.0, as read by GitHub code scanning and other CI dashboards. The results come
 * last in the log, so they are streamed: the tool description first, then each file's results.
 */
export function sarifWriter(options: FormatOptions): ReportWriter {
  const ruleIndex = new Map(ALL_RULES.map((r, i) => [r.id, i]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'playbook',
            fullName: 'Engagement Playbooks validator',
            version: options.toolVersion,
            semanticVersion: options.toolVersion,
            informationUri: 'https://github.com/engagement-playbooks/engagement-playbooks',
            rules: ALL_RULES.map((r) => ({
              id: r.id,
              name: r.id.replace(/(^|-)([a-z])/g, (_m, _d, ch: string) => ch.toUpperCase()),
              shortDescription: { text: r.description },
              helpUri: ruleDocsUrl(r.id),
              help: { text: `${r.description} See ${ruleDocsUrl(r.id)}` },
              defaultConfiguration: { level: LEVEL[r.defaultSeverity] },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { '%SRCROOT%': { uri: `${toUri(process.cwd())}/` } },
        results: [],
      },
    ],
  };
  // The log printed with no results, cut where the results go (`results` is the run's last key).
  const skeleton = JSON.stringify(log, null, 2);
  const cut = skeleton.lastIndexOf(RESULTS);
  let count = 0;
  return {
    begin: () => `${skeleton.slice(0, cut + RESULTS.length - 1)}`,
    file(r) {
      let out = '';
      for (const f of r.findings) {
        const result = {
          ruleId: f.ruleId,
          ruleIndex: ruleIndex.get(f.ruleId) ?? 0,
          level: LEVEL[f.severity],
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: toUri(r.path), ...(r.path.startsWith('/') || r.path === '<stdin>' ? {} : { uriBaseId: '%SRCROOT%' }) },
                region: {
                  startLine: f.range.start.line + 1,
                  startColumn: f.range.start.character + 1,
                  endLine: f.range.end.line + 1,
                  endColumn: f.range.end.character + 1,
                },
              },
            },
          ],
          ...(f.related
            ? {
                relatedLocations: f.related.map((rel, id) => ({
                  id,
                  message: { text: rel.message },
                  physicalLocation: {
                    artifactLocation: { uri: toUri(r.path) },
                    region: { startLine: rel.range.start.line + 1, startColumn: rel.range.start.character + 1, endLine: rel.range.end.line + 1, endColumn: rel.range.end.character + 1 },
                  },
                })),
              }
            : {}),
        };
        out += `${count++ ? ',' : ''}\n        ${nestedJson(result, 4)}`;
      }
      return out;
    },
    end: () => `${count ? '\n      ' : ''}]${skeleton.slice(cut + RESULTS.length)}\n`,
  };
}

export function formatSarif(reports: FileReport[], options: FormatOptions): string {
  return formatAll(sarifWriter, reports, options);
}

function toUri(p: string): string {
  if (p === '<stdin>') return 'stdin';
  const encoded = p.split('/').map(encodeURIComponent).join('/');
  return p.startsWith('/') ? `file://${encoded}` : encoded;
}
