/** The `playbook` settings of the editor: read at start and whenever the client says they changed. */
import { Connection, DidChangeConfigurationNotification } from 'vscode-languageserver';
import { DEFAULT_SETTINGS, SettingsShape } from '../protocol';
import type { ClientSupport } from './capabilities';

/** Settings as the client gave them (any shape) made whole: unknown or invalid values take the defaults. */
export function normalizeSettings(s: Partial<SettingsShape> | undefined): SettingsShape {
  const rules = s?.rules && typeof s.rules === 'object' && !Array.isArray(s.rules) ? s.rules : {};
  const debounceMs = typeof s?.debounceMs === 'number' && Number.isFinite(s.debounceMs) && s.debounceMs >= 0 ? s.debounceMs : DEFAULT_SETTINGS.debounceMs;
  return { validate: { enable: s?.validate?.enable ?? DEFAULT_SETTINGS.validate.enable }, rules, debounceMs };
}

export class EditorSettings {
  current: SettingsShape = DEFAULT_SETTINGS;

  constructor(
    private readonly connection: Connection,
    private readonly support: () => ClientSupport,
  ) {}

  /**
   * Asks to be told of changes to the `playbook` section, only where the client supports a
   * dynamic registration for it (a client that does not would log "unsupported capability";
   * such clients send didChangeConfiguration anyway, or never).
   */
  registerForChanges(): void {
    if (this.support().configurationChangeRegistration) void this.connection.client.register(DidChangeConfigurationNotification.type, { section: 'playbook' });
  }

  /**
   * Reads the settings again: from `workspace/configuration` when the client answers it; else
   * from what a didChangeConfiguration carried (`{ playbook: {...} }`), when it carried any.
   * Resolves true when they changed.
   */
  async refresh(pushed?: unknown): Promise<boolean> {
    const before = JSON.stringify(this.current);
    if (this.support().configuration) {
      const s = (await this.connection.workspace.getConfiguration('playbook').catch(() => undefined)) as Partial<SettingsShape> | undefined;
      this.current = normalizeSettings(s);
    } else if (pushed && typeof pushed === 'object' && 'playbook' in pushed) {
      this.current = normalizeSettings((pushed as { playbook?: Partial<SettingsShape> }).playbook);
    }
    return JSON.stringify(this.current) !== before;
  }
}
