/** The server's custom requests (server/src/protocol.ts): the journey, exports, frameworks, scaffolds, workspace validation, process info. */
import type { Connection } from 'vscode-languageserver';
import { FRAMEWORKS } from '../core/frameworks';
import { buildJourney } from '../core/journey';
import { EXPORT_RENDERERS } from '../core/render/exports';
import { scaffold } from '../core/scaffold';
import pkg from '../../../package.json';
import { Analysis, analyzePlaybook } from '../core/analyze';
import { journeyCompare } from '../core/compare';
import { diffPlaybooks } from '../core/diff';
import { ExportRequest, FrameworksRequest, JourneyCompare, JourneyRequest, ScaffoldRequest, ServerInfoRequest, ValidateWorkspaceRequest } from '../protocol';
import { playbookDocument, revalidateAll, ServerContext } from './context';

export function registerCustomRequests(connection: Connection, ctx: ServerContext): void {
  const { cache } = ctx;
  /** The other version of compare mode, analysed once per text (the preview sends it with each update). */
  let compared: { uri: string; text: string; analysis: Analysis } | undefined;
  connection.onRequest(JourneyRequest, ({ uri, compareWith }) => {
    const doc = playbookDocument(ctx, uri);
    if (!doc) return { uri, version: null, journey: undefined, syntaxErrors: [] };
    const analysis = cache.get(doc);
    const journey = buildJourney(analysis);
    let compare: JourneyCompare | undefined;
    if (compareWith && journey) {
      const text = typeof compareWith.text === 'string' ? compareWith.text : undefined;
      if (text !== undefined && (compared?.uri !== uri || compared.text !== text)) compared = { uri, text, analysis: analyzePlaybook(text, { rules: cache.rulesFor(uri), retain: false }) };
      const before = text === undefined ? undefined : compared!.analysis;
      compare = journeyCompare(diffPlaybooks(before, analysis), before?.model, journey, String(compareWith.label).slice(0, 200));
    }
    return {
      uri,
      version: doc.version,
      journey,
      syntaxErrors: analysis.model ? [] : analysis.findings.filter((f) => f.ruleId === 'syntax').map((f) => ({ message: f.message, ...f.range.start })),
      ...(compare ? { compare } : {}),
    };
  });

  connection.onRequest(ExportRequest, ({ uri, format }) => {
    const render = Object.prototype.hasOwnProperty.call(EXPORT_RENDERERS, format) ? EXPORT_RENDERERS[format] : undefined;
    if (!render) return { error: `unknown export format "${String(format)}" (html, svg or mermaid)` };
    const doc = playbookDocument(ctx, uri);
    if (!doc) return { error: 'the playbook is not open' };
    const journey = buildJourney(cache.get(doc));
    if (!journey) return { error: 'the playbook does not parse yet; fix the syntax errors before exporting its journey map' };
    return { content: render(journey) };
  });

  connection.onRequest(FrameworksRequest, () => FRAMEWORKS.map((f) => ({ id: f.id, name: f.name, summary: f.summary, stages: [...f.stages] })));

  connection.onRequest(ScaffoldRequest, ({ framework, name }) => scaffold(String(framework), String(name ?? '')));

  connection.onRequest(ValidateWorkspaceRequest, async () => ({ files: await revalidateAll(ctx, [], true) }));

  connection.onRequest(ServerInfoRequest, () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc) gc();
    return { ...ctx.host.processInfo(), version: pkg.version };
  });
}
