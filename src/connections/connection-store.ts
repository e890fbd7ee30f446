import * as vscode from 'vscode';
import type { ConnectionInfo, ConnectionSecrets } from '../backends/directory-backend';
import { parseConnections, toSettingsEntry, type SettingsProblem } from './connection-settings';

const SECTION = 'userDirectory';
const KEY = 'connections';

/**
 * Connections: their description in the `userDirectory.connections` setting (user scope), their
 * secrets in SecretStorage under `userDirectory.connection.<id>`. Nothing secret ever goes to settings.
 */
export class ConnectionStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SECTION}.${KEY}`)) this.changed.fire();
    });
  }

  list(): ConnectionInfo[] {
    return this.read().connections;
  }

  problems(): SettingsProblem[] {
    return this.read().problems;
  }

  get(id: string): ConnectionInfo | undefined {
    return this.list().find((c) => c.id === id);
  }

  async getSecrets(id: string): Promise<ConnectionSecrets> {
    const text = await this.secrets.get(secretKey(id));
    if (!text) return {};
    try {
      return JSON.parse(text) as ConnectionSecrets;
    } catch {
      return {};
    }
  }

  /** Adds or replaces a connection; `secrets` undefined keeps the stored ones. */
  async save(connection: ConnectionInfo, secrets?: ConnectionSecrets): Promise<void> {
    if (secrets) await this.secrets.store(secretKey(connection.id), JSON.stringify(secrets));
    const raw = this.raw();
    const entry = toSettingsEntry(connection);
    const at = raw.findIndex((e) => (e as { id?: unknown })?.id === connection.id);
    if (at >= 0) raw[at] = entry;
    else raw.push(entry);
    await this.write(raw);
  }

  async remove(id: string): Promise<void> {
    await this.secrets.delete(secretKey(id));
    await this.write(this.raw().filter((e) => (e as { id?: unknown })?.id !== id));
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  private read() {
    return parseConnections(vscode.workspace.getConfiguration(SECTION).get(KEY));
  }

  private raw(): unknown[] {
    const value = vscode.workspace.getConfiguration(SECTION).inspect<unknown[]>(KEY)?.globalValue;
    return Array.isArray(value) ? [...value] : [];
  }

  private async write(entries: unknown[]): Promise<void> {
    await vscode.workspace.getConfiguration(SECTION).update(KEY, entries, vscode.ConfigurationTarget.Global);
    this.changed.fire();
  }
}

function secretKey(id: string): string {
  return `${SECTION}.connection.${id}`;
}
