/**
 * Custom requests between the VS Code client (or any client) and the server, declared once.
 * The extension reaches the analysis only through these: it imports nothing from `core`
 * (the lint rules in eslint.config.mjs keep it so), so the types it needs are re-exported here.
 */
import { RequestType, RequestType0 } from 'vscode-languageserver-protocol';
import type { JourneyCompare } from './core/compare';
import type { JourneyModel } from './core/journey';

export type { JourneyCompare } from './core/compare';
export type { JourneyModel } from './core/journey';

export interface JourneyParams {
  uri: string;
  /**
   * Compare mode: the other version's text (null: the file is not in that version, so
   * everything is new) and what to call it ("HEAD", "main"). The result then has `compare`.
   */
  compareWith?: { label: string; text: string | null };
}

export interface JourneyResult {
  uri: string;
  version: number | null;
  /** Undefined while the text has syntax errors (the preview keeps its last good map). */
  journey: JourneyModel | undefined;
  syntaxErrors: { message: string; line: number; character: number }[];
  /** Compare mode's overlay (when asked with `compareWith` and the text parses). */
  compare?: JourneyCompare;
}

export interface ValidateWorkspaceResult {
  files: number;
}

/** Re-validates every playbook of the workspace (closed files included). */
export const ValidateWorkspaceRequest = new RequestType0<ValidateWorkspaceResult, void>('playbook/validateWorkspace');

export interface ServerInfo {
  pid: number;
  version: string;
  /** JS heap in use, in bytes (after a full GC when the server runs with --expose-gc). */
  heapUsed: number;
  /**
   * What became of the Node server's code cache at start (server/src/host/codeCache.ts): `loaded`,
   * `absent`, `rejected`, `unusable` or `off`; and whether this process has written it. Absent in the browser.
   */
  codeCache?: { state: 'off' | 'unusable' | 'absent' | 'rejected' | 'loaded'; saved: boolean };
  /** Collections run after whole-text changes (server/src/host/youngGeneration.ts). Absent in the browser. */
  wholeTextCollections?: { young: number; full: number };
  /** The V8 flags the Node server's launcher set (server/src/host/v8Tuning.ts; '' when none). Absent in the browser, or when the server was not started by its launcher. */
  v8Flags?: string;
}

/** The server process (shown in the output channel; used to test crash recovery). */
export const ServerInfoRequest = new RequestType0<ServerInfo, void>('playbook/serverInfo');

/** The journey model of an open playbook, for the preview. */
export const JourneyRequest = new RequestType<JourneyParams, JourneyResult, void>('playbook/journey');

export interface SettingsShape {
  validate: { enable: boolean };
  rules: Record<string, 'error' | 'warning' | 'info' | 'off'>;
  /** Delay before new findings are shown; null (the default) adapts: see DiagnosticsScheduler. */
  debounceMs: number | null;
}

export const DEFAULT_SETTINGS: SettingsShape = { validate: { enable: true }, rules: {}, debounceMs: null };

/** The export formats the server writes as text (PNG is drawn by the preview). */
export type TextExportFormat = 'html' | 'svg' | 'mermaid';

export interface ExportParams {
  uri: string;
  format: TextExportFormat;
}

/** The export's text, or why there is none (the playbook does not parse, or is not open). */
export type ExportResult = { content: string } | { error: string };

/** The journey map of an open playbook as HTML, SVG or Mermaid text. */
export const ExportRequest = new RequestType<ExportParams, ExportResult, void>('playbook/export');

export interface FrameworkSummary {
  id: string;
  /** Display name ("RACE", "AARRR (pirate metrics)"). */
  name: string;
  summary: string;
  /** Built-in stages in order; empty for `custom` (the playbook lists its own). */
  stages: string[];
}

/** The lifecycle frameworks a playbook can follow (FORMAT.md), for pickers. */
export const FrameworksRequest = new RequestType0<FrameworkSummary[], void>('playbook/frameworks');

export interface ScaffoldParams {
  framework: string;
  /** What the user called the playbook (usually its file name without `.playbook.yaml`). */
  name: string;
}

export interface ScaffoldResult {
  /** The text of a new playbook that analyses clean. */
  text: string;
  /** The playbook id used (the name made into an id). */
  playbookId: string;
}

/** A new playbook for a framework. */
export const ScaffoldRequest = new RequestType<ScaffoldParams, ScaffoldResult, void>('playbook/scaffold');

/**
 * `data` of a quick fix that inserts new content: the same insertion as the action's edit, as a
 * snippet (tab stops on the placeholders) at a position of the document. A client that knows
 * it (the VS Code extension) runs the snippet; any other applies the plain edit.
 */
export interface SnippetFixData {
  snippet: { line: number; character: number; text: string };
}

export function isSnippetFixData(data: unknown): data is SnippetFixData {
  const s = (data as SnippetFixData | undefined)?.snippet;
  return typeof s === 'object' && s !== null && typeof s.text === 'string' && Number.isInteger(s.line) && Number.isInteger(s.character);
}

/**
 * Files through the client: what the language server asks when it runs where it has no file
 * system of its own (the browser: github.dev, vscode.dev). The client answers from the
 * editor's file system (`vscode.workspace.fs`, `workspace.findFiles`).
 */
export interface WorkspaceFilesParams {
  /** The workspace folders' URIs. */
  folders: string[];
}

export interface WorkspaceFilesResult {
  /** Every playbook (`*.playbook.yaml`, `*.playbook.yml`) and `.playbookrc.yaml` under the folders, outside `node_modules` and `.git`. */
  uris: string[];
}

/** Server → client: the playbooks and configuration files of the workspace. */
export const WorkspaceFilesRequest = new RequestType<WorkspaceFilesParams, WorkspaceFilesResult, void>('playbook/workspaceFiles');

export interface ReadFileParams {
  uri: string;
}

/** A file's bytes (base64), or why they cannot be read. */
export type ReadFileResult = { base64: string } | { error: string; missing: boolean };

/** Server → client: a file's content. */
export const ReadFileRequest = new RequestType<ReadFileParams, ReadFileResult, void>('playbook/readFile');
