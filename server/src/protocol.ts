/** Custom requests between the VS Code client (or any client) and the server, declared once. */
import { RequestType } from 'vscode-languageserver-protocol';
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

/** The journey model of an open playbook, for the preview. */
export const JourneyRequest = new RequestType<JourneyParams, JourneyResult, void>('playbook/journey');

export interface SettingsShape {
  validate: { enable: boolean };
  rules: Record<string, 'error' | 'warning' | 'info' | 'off'>;
  debounceMs: number;
}

export const DEFAULT_SETTINGS: SettingsShape = { validate: { enable: true }, rules: {}, debounceMs: 200 };
