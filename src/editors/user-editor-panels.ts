import * as vscode from 'vscode';
import type { UserEditors } from '../commands/command-context';
import type { ConnectionBackends } from '../connections/connection-backends';
import type { ConnectionStore } from '../connections/connection-store';
import type { ConnectionInfo } from '../backends/directory-backend';
import type { Log } from '../log';
import type { Prompts } from '../ui/prompts';
import type { EditorPanelState } from './protocol';
import { UserEditorPanel } from './user-editor-panel';

export const USER_EDITOR_VIEW_TYPE = 'userDirectory.userEditor';

/**
 * All open user editors: one panel per user (opening it again focuses it), restored after a window
 * reload by the serializer.
 */
export class UserEditorPanels implements UserEditors, vscode.WebviewPanelSerializer<EditorPanelState>, vscode.Disposable {
  private readonly panels = new Map<string, UserEditorPanel>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly store: ConnectionStore,
    private readonly backends: ConnectionBackends,
    private readonly log: Log,
    private readonly prompts: () => Prompts,
    private readonly changed: (connectionId: string) => void,
  ) {}

  async open(connection: ConnectionInfo, userId: string): Promise<void> {
    const existing = this.panels.get(UserEditorPanel.keyOf(connection.id, userId));
    if (existing) return existing.reveal();
    const panel = vscode.window.createWebviewPanel(USER_EDITOR_VIEW_TYPE, 'User', vscode.ViewColumn.Active, { enableScripts: true, enableFindWidget: true });
    await this.attach(panel, connection, userId);
  }

  async openCreate(connection: ConnectionInfo): Promise<void> {
    const existing = this.panels.get(UserEditorPanel.keyOf(connection.id, undefined));
    if (existing) return existing.reveal();
    const panel = vscode.window.createWebviewPanel(USER_EDITOR_VIEW_TYPE, 'New user', vscode.ViewColumn.Active, { enableScripts: true });
    await this.attach(panel, connection, undefined);
  }

  close(connectionId: string, userId: string): void {
    this.panels.get(UserEditorPanel.keyOf(connectionId, userId))?.panel.dispose();
  }

  /** Open panels (for tests). */
  openKeys(): string[] {
    return [...this.panels.keys()];
  }

  /** The open panel of a user (`userId` undefined: the create panel of that connection). */
  panel(connectionId: string, userId: string | undefined): UserEditorPanel | undefined {
    return this.panels.get(UserEditorPanel.keyOf(connectionId, userId));
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: EditorPanelState | undefined): Promise<void> {
    const connection = state ? this.store.get(state.connectionId) : undefined;
    if (!connection) {
      panel.dispose();
      return;
    }
    await this.attach(panel, connection, state?.userId);
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) p.panel.dispose();
  }

  private async attach(panel: vscode.WebviewPanel, connection: ConnectionInfo, userId: string | undefined): Promise<void> {
    const backend = await this.backends.get(connection);
    const editor = new UserEditorPanel(panel, connection, backend, userId, {
      extensionUri: this.extensionUri,
      log: this.log,
      prompts: this.prompts,
      changed: this.changed,
      rekey: (p, oldKey) => {
        this.panels.delete(oldKey);
        this.panels.set(p.key, p);
      },
      closed: (p) => {
        if (this.panels.get(p.key) === p) this.panels.delete(p.key);
      },
    });
    this.panels.set(editor.key, editor);
  }
}
