import * as vscode from 'vscode';
import { BackendError, isBackendError } from '../backends/backend-error';
import type { ConnectionInfo, DirectoryBackend } from '../backends/directory-backend';
import { addMembershipFlow, describeMembership } from '../commands/membership-flow';
import type { Log } from '../log';
import { PRODUCT_TITLES, type FieldSpec, type FieldValues, type User } from '../model';
import type { Prompts } from '../ui/prompts';
import { type EditorAction, type EditorError, type EditorUser, type HostMessage, type WebviewMessage } from './protocol';
import { newNonce, userEditorHtml } from './webview-html';

export interface PanelHost {
  extensionUri: vscode.Uri;
  log: Log;
  prompts(): Prompts;
  /** The tree shows this connection's data again (after a change here). */
  changed(connectionId: string): void;
  /** The panel's key changed (a created user now has an id). */
  rekey(panel: UserEditorPanel, oldKey: string): void;
  closed(panel: UserEditorPanel): void;
}

/**
 * One user's editor: a webview panel speaking the typed protocol. Loads fields, values, memberships
 * and product extras from the backend; saves only changed fields; detects a concurrent change on the
 * server; never sends a password value to the webview.
 */
export class UserEditorPanel {
  private user: User | undefined;
  private fields: FieldSpec[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private readonly posts = new vscode.EventEmitter<HostMessage>();
  /** Every message sent to the webview (tests watch the conversation through it). */
  readonly onDidPost = this.posts.event;
  private dirty = false;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly connection: ConnectionInfo,
    private readonly backend: DirectoryBackend,
    private userId: string | undefined,
    private readonly host: PanelHost,
  ) {
    const media = vscode.Uri.joinPath(host.extensionUri, 'dist', 'media');
    panel.webview.options = { enableScripts: true, localResourceRoots: [media] };
    panel.iconPath = vscode.Uri.joinPath(media, 'user-editor-icon.svg');
    const nonce = newNonce();
    const uri = (file: string) => panel.webview.asWebviewUri(vscode.Uri.joinPath(media, file)).toString();
    panel.webview.html = userEditorHtml({
      cspSource: panel.webview.cspSource,
      nonce,
      scriptUri: uri('user-editor.js'),
      styleUris: [uri('user-editor.css')],
      codiconUri: uri('codicon.css'),
      title: this.title(),
    });
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: WebviewMessage) => void this.receive(m)),
      panel.onDidDispose(() => this.dispose()),
    );
    this.updateTitle();
  }

  get key(): string {
    return UserEditorPanel.keyOf(this.connection.id, this.userId);
  }

  static keyOf(connectionId: string, userId: string | undefined): string {
    return userId ? `${connectionId}/${userId}` : `${connectionId}/new`;
  }

  get state(): { connectionId: string; userId?: string } {
    return { connectionId: this.connection.id, userId: this.userId };
  }

  reveal(): void {
    this.panel.reveal();
  }

  private post(message: HostMessage): void {
    this.posts.fire(message);
    void this.panel.webview.postMessage(message);
  }

  /** Handles one message from the webview; resolves when the work it started is done. */
  async receive(m: WebviewMessage): Promise<void> {
    try {
      switch (m.type) {
        case 'ready':
        case 'reload':
          return await this.load();
        case 'dirty':
          this.dirty = m.dirty;
          return this.updateTitle();
        case 'save':
          return await this.save(m.changes, m.baseVersion, m.overwrite);
        case 'create':
          return await this.create(m.values);
        case 'addMembership':
          if (!this.userId) return;
          if (await addMembershipFlow(this.host.prompts(), this.backend, this.connection, this.userId, m.kind)) await this.refreshMemberships();
          return;
        case 'removeMembership': {
          if (!this.userId) return;
          const term = (m.membership.kind === 'group' ? this.backend.terms.group : this.backend.terms.profile) ?? m.membership.kind;
          const ok = await this.host.prompts().confirm(`Remove this ${term}?`, `${this.user?.displayName ?? 'The user'} loses ${describeMembership(m.membership)}.`, 'Remove');
          if (ok !== 'Remove') return;
          await this.backend.removeMembership(this.userId, m.membership);
          return await this.refreshMemberships();
        }
        case 'action':
          return await this.action(m.action);
      }
    } catch (e) {
      this.fail(e);
    }
  }

  /** Sends the form: fields, values (passwords never included), memberships and extras. */
  private async load(): Promise<void> {
    this.post({ type: 'busy', what: 'Loading…' });
    const mode = this.userId ? 'edit' : 'create';
    this.fields = await this.backend.userFields({ mode });
    if (!this.userId) {
      const defaults = Object.fromEntries(this.fields.filter((f) => f.default !== undefined).map((f) => [f.key, f.default!]));
      this.post({ ...(await this.initBase()), mode, values: defaults });
      return;
    }
    const user = await this.backend.getUser(this.userId);
    this.user = user;
    this.updateTitle();
    const caps = this.backend.capabilities;
    const [memberships, heldItems, picture] = await Promise.all([
      caps.groups || caps.profiles ? this.backend.userMemberships(user.id) : Promise.resolve([]),
      caps.checkedOutItems ? this.backend.heldItems(user.id) : Promise.resolve(undefined),
      caps.picture ? this.backend.picture(user.id).catch(() => undefined) : Promise.resolve(undefined),
    ]);
    this.post({
      ...(await this.initBase()),
      mode,
      values: this.withoutSecrets(user.fields),
      user: this.editorUser(user),
      memberships,
      heldItems,
      picture: picture ? `data:${picture.mime};base64,${Buffer.from(picture.data).toString('base64')}` : undefined,
    });
  }

  private async initBase() {
    return {
      type: 'init' as const,
      panel: this.state,
      product: this.connection.product,
      productTitle: PRODUCT_TITLES[this.connection.product],
      connectionLabel: this.connection.label,
      terms: this.backend.terms,
      capabilities: this.backend.capabilities,
      fields: this.fields,
    };
  }

  private async save(changes: FieldValues, baseVersion: string, overwrite: boolean): Promise<void> {
    if (!this.userId) return;
    this.post({ type: 'busy', what: 'Saving…' });
    if (!overwrite) {
      const current = await this.backend.getUser(this.userId);
      if (current.version && baseVersion && current.version !== baseVersion) {
        this.post({ type: 'busy', what: undefined });
        this.post({ type: 'conflict', serverValues: this.withoutSecrets(current.fields), serverVersion: current.version });
        return;
      }
    }
    if (Object.keys(changes).length) await this.backend.updateUser(this.userId, changes);
    const fresh = await this.backend.getUser(this.userId);
    this.user = fresh;
    this.dirty = false;
    this.updateTitle();
    this.post({ type: 'saved', values: this.withoutSecrets(fresh.fields), user: this.editorUser(fresh), message: `Saved ${fresh.displayName} on ${this.connection.label}.` });
    this.host.changed(this.connection.id);
  }

  private async create(values: FieldValues): Promise<void> {
    this.post({ type: 'busy', what: 'Creating…' });
    const created = await this.backend.createUser(values);
    const oldKey = this.key;
    this.userId = created.id;
    this.dirty = false;
    this.host.rekey(this, oldKey);
    this.host.changed(this.connection.id);
    void vscode.window.showInformationMessage(`Created ${created.displayName} on ${this.connection.label}.`);
    await this.load();
  }

  private async refreshMemberships(): Promise<void> {
    if (!this.userId) return;
    this.post({ type: 'memberships', memberships: await this.backend.userMemberships(this.userId) });
    this.host.changed(this.connection.id);
  }

  private async action(action: EditorAction): Promise<void> {
    const id = this.userId;
    if (!id || !this.user) return;
    const name = this.user.displayName;
    switch (action) {
      case 'delete':
      case 'purge': {
        const caps = this.backend.capabilities;
        const canTrash = action === 'delete' && caps.trash && !this.user.state.deleted;
        const buttons = canTrash ? (caps.purge ? ['Move to Trash', 'Delete Permanently'] : ['Move to Trash']) : ['Delete Permanently'];
        const ok = await this.host.prompts().confirm(
          `Delete ${name}?`,
          canTrash ? `The user can be restored from the trash${caps.purge ? ', unless deleted permanently' : ''}.` : 'This cannot be undone.',
          ...buttons,
        );
        if (!ok) return;
        const purge = ok === 'Delete Permanently';
        this.post({ type: 'busy', what: 'Deleting…' });
        await this.backend.deleteUser(id, { purge });
        this.host.changed(this.connection.id);
        if (purge) {
          void vscode.window.showInformationMessage(`${name} was deleted.`);
          this.panel.dispose();
          return;
        }
        return this.load();
      }
      case 'restore':
        await this.backend.restoreUser(id);
        this.host.changed(this.connection.id);
        return this.load();
      case 'enable':
      case 'disable':
        await this.backend.setUserActive(id, action === 'enable');
        this.host.changed(this.connection.id);
        return this.load();
      case 'changeToTechnician': {
        const values = await this.askTechnician();
        if (!values) return;
        this.post({ type: 'busy', what: 'Changing to technician…' });
        await this.backend.changeToTechnician(id, values);
        this.host.changed(this.connection.id);
        return this.load();
      }
      case 'copyJson':
        await vscode.env.clipboard.writeText(JSON.stringify(this.user.raw, null, 2));
        this.post({ type: 'notice', message: 'Copied the user as JSON.', level: 'info' });
        return;
      case 'openInWebUi': {
        const url = this.backend.webUrl('user', id);
        if (url) await vscode.env.openExternal(vscode.Uri.parse(url));
        return;
      }
    }
  }

  /** The technician form of ServiceDesk Plus, asked field by field (sites, support groups, roles). */
  private async askTechnician(): Promise<FieldValues | undefined> {
    const prompts = this.host.prompts();
    const values: FieldValues = {};
    for (const f of await this.backend.technicianFields()) {
      if (f.options && (f.type === 'multi-enum' || f.type === 'enum')) {
        const picked = await prompts.pick(
          f.options.map((o) => ({ label: o.label, value: o.value })),
          { title: `Change to technician: ${f.label}`, placeholder: f.help },
        );
        if (picked === undefined) return undefined;
        values[f.key] = f.type === 'multi-enum' ? [picked] : picked;
      } else if (f.type === 'boolean') {
        const picked = await prompts.pick([{ label: 'Yes', value: true }, { label: 'No', value: false }], { title: `Change to technician: ${f.label}` });
        if (picked === undefined) return undefined;
        values[f.key] = picked;
      }
    }
    return values;
  }

  private fail(e: unknown): void {
    const error = isBackendError(e) ? e : new BackendError('protocol', (e as Error)?.message ?? String(e));
    if (error.kind === 'cancelled') return;
    this.host.log.error(`${this.connection.label}: ${error.describe(PRODUCT_TITLES[this.connection.product])}`);
    const payload: EditorError = { message: error.message, status: error.status, code: error.code, fields: error.details.fields };
    this.post({ type: 'busy', what: undefined });
    this.post({ type: 'saveFailed', error: payload });
  }

  /** Password fields are write-only: their values never travel to the webview. */
  private withoutSecrets(values: FieldValues): FieldValues {
    const secret = new Set(this.fields.filter((f) => f.type === 'password').map((f) => f.key));
    const out: FieldValues = {};
    for (const [k, v] of Object.entries(values)) if (!secret.has(k)) out[k] = v;
    return out;
  }

  private editorUser(u: User): EditorUser {
    return { id: u.id, login: u.login, displayName: u.displayName, state: u.state, version: u.version };
  }

  private title(): string {
    return this.userId ? `${this.user?.displayName ?? 'User'} — ${this.connection.label}` : `New ${this.backend.terms.user} — ${this.connection.label}`;
  }

  private updateTitle(): void {
    this.panel.title = `${this.dirty ? '● ' : ''}${this.title()}`;
  }

  private dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.posts.dispose();
    this.host.closed(this);
  }
}

