/** Custom requests between the VS Code client (or any client) and the server, declared once. */
import { RequestType, RequestType0 } from 'vscode-languageserver-protocol';
import type { JourneyModel } from './core/journey';

export interface JourneyParams {
  uri: string;
}

export interface JourneyResult {
  uri: string;
  version: number | null;
  /** Undefined while the text has syntax errors (the preview keeps its last good map). */
  journey: JourneyModel | undefined;
  syntaxErrors: { message: string; line: number; character: number }[];
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
