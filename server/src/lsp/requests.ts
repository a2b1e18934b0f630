/** The server's custom requests (server/src/protocol.ts): the journey, exports, frameworks, scaffolds, workspace validation, process info. */
import type { Connection } from 'vscode-languageserver';
import { FRAMEWORKS } from '../core/frameworks';
import { buildJourney } from '../core/journey';
import { EXPORT_RENDERERS } from '../core/render/exports';
import { scaffold } from '../core/scaffold';
import pkg from '../../../package.json';
import { ExportRequest, FrameworksRequest, JourneyRequest, ScaffoldRequest, ServerInfoRequest, ValidateWorkspaceRequest } from '../protocol';
import { playbookDocument, revalidateAll, ServerContext } from './context';

export function registerCustomRequests(connection: Connection, ctx: ServerContext): void {
  const { cache } = ctx;
  connection.onRequest(JourneyRequest, ({ uri }) => {
    const doc = playbookDocument(ctx, uri);
    if (!doc) return { uri, version: null, journey: undefined, syntaxErrors: [] };
    const analysis = cache.get(doc);
    return {
      uri,
      version: doc.version,
      journey: buildJourney(analysis),
      syntaxErrors: analysis.model ? [] : analysis.findings.filter((f) => f.ruleId === 'syntax').map((f) => ({ message: f.message, ...f.range.start })),
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
