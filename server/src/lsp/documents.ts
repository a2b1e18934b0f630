/**
 * The analysis of each document, computed once per version, with the
 * configuration the CLI would use for the same file.
 */
import { URI } from './uri';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Analysis, analyzePlaybook } from '../core/analyze';
import type { PlaybookModel } from '../core/model';
import { ConfigCache } from '../node/files';
import type { SettingsShape } from '../protocol';

interface Entry {
  version: number;
  text: string;
  analysis: Analysis;
  lastGoodModel?: PlaybookModel;
}

export class AnalysisCache {
  private readonly entries = new Map<string, Entry>();
  readonly configs = new ConfigCache();

  constructor(private settings: () => SettingsShape) {}

  /** The analysis of a document's current text (cached per version). */
  get(doc: TextDocument): Analysis {
    return this.getEntry(doc.uri, doc.version, doc.getText()).analysis;
  }

  /** The model to complete ids from: the current one, or the last that parsed. */
  modelFor(doc: TextDocument): PlaybookModel | undefined {
    const e = this.getEntry(doc.uri, doc.version, doc.getText());
    return e.analysis.model ?? e.lastGoodModel;
  }

  /** Analyses a text for a URI (also for files on disk that are not open). */
  analyzeText(uri: string, text: string): Analysis {
    return analyzePlaybook(text, { rules: this.rulesFor(uri) });
  }

  private getEntry(uri: string, version: number, text: string): Entry {
    const hit = this.entries.get(uri);
    if (hit && hit.version === version && hit.text === text) return hit;
    const analysis = this.analyzeText(uri, text);
    const entry: Entry = { version, text, analysis, lastGoodModel: analysis.model ?? hit?.lastGoodModel };
    this.entries.set(uri, entry);
    return entry;
  }

  /** Editor settings first, then the nearest .playbookrc.yaml (the playbook's own rules win inside core). */
  private rulesFor(uri: string): Record<string, 'error' | 'warning' | 'info' | 'off'> {
    const file = URI.toFsPath(uri);
    let rc: Record<string, 'error' | 'warning' | 'info' | 'off'> = {};
    if (file) {
      try {
        rc = this.configs.forPlaybook(file)?.config.rules ?? {};
      } catch {
        rc = {};
      }
    }
    return { ...this.settings().rules, ...rc };
  }

  forget(uri: string): void {
    this.entries.delete(uri);
  }

  /** Drops every cached analysis and config (settings or .playbookrc.yaml changed). */
  reset(): void {
    this.entries.clear();
    this.configs.clear();
  }
}
