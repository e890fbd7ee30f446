/**
 * One editor page: header, toolbar, banners, the form and the side column (memberships, held items),
 * bound to an EditorModel. Reacts to host messages and turns user intent into WebviewMessages.
 */
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import type { EditorError, EditorUser } from '../../../src/editors/protocol';
import type { FieldValue, FieldValues, Membership } from '../../../src/model';
import { Toolbar, productActions } from './actions';
import { Banners } from './banners';
import { codicon, el, replaceChildren } from './dom';
import { buildForm, type FieldView } from './form';
import { heldItemsView } from './held-items';
import { MembershipsView } from './memberships';
import { EditorModel, panelKey, type InitMessage } from './state';
import type { HostApi, PersistedState } from './vscode-api';

export interface Draft {
  edits: FieldValues;
  /** The version the edits started from (kept when a hidden panel is shown again). */
  baseVersion?: string;
}

export class EditorView {
  readonly root: HTMLElement;
  readonly model: EditorModel;
  readonly banners = new Banners();
  readonly key: string;
  private readonly views: Map<string, FieldView>;
  private readonly toolbar: Toolbar;
  private readonly memberships: MembershipsView;
  private readonly formRoot: HTMLElement;
  private readonly progress: HTMLElement;
  private readonly busyText: HTMLElement;
  private readonly header: HeaderView;
  private busyWhat: string | undefined;
  private focusBeforeBusy: Element | null = null;
  private postedDirty = false;
  private persisted = '';
  /** The server's version from the last conflict: an overwrite is based on it. */
  private conflictVersion: string | undefined;
  private readonly shownProblems = new Map<string, string>();

  constructor(
    readonly init: InitMessage,
    private readonly api: HostApi,
    draft?: Draft,
  ) {
    this.key = panelKey(init);
    this.model = new EditorModel(init);
    if (draft) this.model.applyDraft(draft.edits, draft.baseVersion);

    this.header = new HeaderView(init);
    this.toolbar = new Toolbar(init.mode, {
      save: () => this.submit(),
      revert: () => this.revert(),
      reload: () => this.reload(),
      action: (action) => this.api.post({ type: 'action', action }),
    });
    this.toolbar.setActions(productActions(init.capabilities, init.terms, init.productTitle, this.model.user));
    this.progress = el('vscode-progress-bar', { class: 'busy-bar', attrs: { indeterminate: true, 'aria-label': 'Working' } });
    this.progress.hidden = true;
    this.busyText = el('span', { class: 'busy-text', attrs: { role: 'status', 'aria-live': 'polite' } });

    const form = buildForm(this.model, init.productTitle, {
      changed: (key, value) => this.changed(key, value),
      left: (key) => {
        this.model.touched.add(key);
        this.refresh();
      },
    });
    this.views = form.views;
    this.formRoot = form.root;

    this.memberships = new MembershipsView(init.capabilities, init.terms, init.productTitle, init.mode === 'create', {
      add: (kind) => this.api.post({ type: 'addMembership', kind }),
      remove: (membership) => this.api.post({ type: 'removeMembership', membership }),
    });
    this.memberships.render(init.memberships ?? []);
    const held = init.heldItems?.length ? heldItemsView(init.heldItems) : null;
    const side = el('aside', { class: 'side-column', attrs: { 'aria-label': 'Memberships and related items' } }, this.memberships.root, held);
    const hasSide = !this.memberships.root.hidden || !!held;

    this.root = el(
      'div',
      { class: `editor mode-${init.mode} product-${init.product}`, attrs: { 'data-mode': init.mode, 'data-product': init.product } },
      el('div', { class: 'topbar' }, this.header.root, this.toolbar.root, el('div', { class: 'busy' }, this.progress, this.busyText)),
      this.banners.root,
      el('div', { class: `content${hasSide ? ' has-side' : ''}` }, el('main', { class: 'main-column' }, this.formRoot), hasSide ? side : null),
    );
    this.refresh();
  }

  /** First field to type into (create mode focuses it). */
  focusFirstField(): void {
    const first = this.model.editableFields.map((f) => this.views.get(f.key)).find(Boolean);
    first?.focus();
  }

  // ── user intent ──────────────────────────────────────────────────────────────────────────────

  private changed(key: string, value: FieldValue): void {
    this.model.set(key, value);
    this.refresh();
  }

  /** Save (edit) or Create: only when valid; otherwise shows every problem and focuses the first. */
  submit(overwrite = false): void {
    if (this.busyWhat !== undefined) return;
    const invalid = this.model.invalidKeys();
    if (invalid.length) {
      this.model.showAllProblems = true;
      this.refresh();
      this.views.get(invalid[0])?.focus();
      return;
    }
    if (this.model.mode === 'create') {
      const values = this.model.createValues();
      if (!Object.keys(values).length) return;
      this.api.post({ type: 'create', values });
      this.setBusy('Creating…');
    } else {
      const changes = this.model.changes();
      if (!Object.keys(changes).length) return;
      const baseVersion = overwrite ? (this.conflictVersion ?? this.model.baseVersion) : this.model.baseVersion;
      this.api.post({ type: 'save', changes, baseVersion, overwrite });
      this.setBusy('Saving…');
    }
    this.banners.dismiss('error');
    this.banners.dismiss('conflict');
  }

  revert(): void {
    if (this.busyWhat !== undefined) return;
    this.model.revert();
    for (const v of this.views.values()) v.show(this.model.current[v.spec.key]);
    this.banners.dismiss('error');
    this.banners.dismiss('conflict');
    this.refresh();
  }

  /** Asks the host for the user again; unsaved edits are dropped. */
  reload(): void {
    if (this.busyWhat !== undefined) return;
    this.reloadRequested = true;
    this.api.post({ type: 'reload' });
    this.setBusy('Loading…');
  }

  /** Set when the user asked for a reload: the next `init` replaces the edits instead of keeping them. */
  reloadRequested = false;

  // ── host messages ────────────────────────────────────────────────────────────────────────────

  setBusy(what: string | undefined): void {
    const wasBusy = this.busyWhat !== undefined;
    this.busyWhat = what;
    const busy = what !== undefined;
    this.progress.hidden = !busy;
    this.busyText.textContent = what ?? '';
    this.root.setAttribute('aria-busy', String(busy));
    if (busy && !wasBusy) this.focusBeforeBusy = document.activeElement;
    this.formRoot.inert = busy;
    this.memberships.setBusy(busy);
    if (!busy && wasBusy) {
      const before = this.focusBeforeBusy;
      this.focusBeforeBusy = null;
      if (before instanceof HTMLElement && before.isConnected && (document.activeElement === document.body || !document.activeElement)) before.focus();
    }
    this.refresh();
  }

  saved(values: FieldValues, user: EditorUser, message: string): void {
    this.model.applySaved(values, user);
    this.conflictVersion = undefined;
    for (const v of this.views.values()) v.show(this.model.current[v.spec.key]);
    this.header.update(user, this.init);
    this.toolbar.setActions(productActions(this.init.capabilities, this.init.terms, this.init.productTitle, user));
    this.banners.dismiss('error');
    this.banners.dismiss('conflict');
    this.setBusy(undefined);
    this.banners.show({ kind: 'success', title: message || 'Saved.', timeoutMs: 4000 });
  }

  /** The product rejected the change (or an action failed): its message, code and status; field messages under the fields. Edits stay. */
  failed(error: EditorError): void {
    const fieldErrors: Record<string, string[]> = {};
    const elsewhere: string[] = [];
    for (const [key, messages] of Object.entries(error.fields ?? {})) {
      const list = (Array.isArray(messages) ? messages : [String(messages)]).map(String);
      if (this.views.has(key) && !this.model.spec(key)?.readOnly) fieldErrors[key] = list;
      else elsewhere.push(...list.map((m) => `${this.model.spec(key)?.label ?? key}: ${m}`));
    }
    this.model.serverErrors = fieldErrors;
    this.setBusy(undefined);
    const codeLine = [this.init.productTitle, error.code ? `code ${error.code}` : '', error.status ? `HTTP ${error.status}` : ''].filter(Boolean).join(' · ');
    this.banners.show({ kind: 'error', title: error.message || `${this.init.productTitle} reported an error.`, details: [...elsewhere, codeLine] });
    this.refresh();
    const first = this.model.fields.find((f) => fieldErrors[f.key]) ?? this.model.fields.find((f) => f.key === this.model.invalidKeys()[0]);
    if (first) this.views.get(first.key)?.focus();
  }

  conflict(serverValues: FieldValues, serverVersion: string): void {
    this.conflictVersion = serverVersion;
    this.setBusy(undefined);
    const changed = this.model.changedOnServer(serverValues);
    const { terms, productTitle } = this.init;
    this.banners.show({
      kind: 'conflict',
      title: `This ${terms.user} was changed on ${productTitle} since you opened it.`,
      details: [
        changed.length ? `Changed there: ${changed.join(', ')}.` : '',
        'Reload to see the current version (your changes are discarded), or overwrite it with your changes.',
      ],
      actions: [
        { label: 'Reload (discard my changes)', icon: 'refresh', name: 'reload', run: () => this.reload() },
        { label: 'Overwrite', icon: 'save', primary: true, name: 'overwrite', run: () => this.submit(true) },
      ],
    });
  }

  setMemberships(list: Membership[]): void {
    this.memberships.render(list);
    this.setBusy(undefined);
  }

  notice(message: string, level: 'info' | 'warning' | 'error'): void {
    this.setBusy(undefined);
    this.banners.show({ kind: level, title: message, timeoutMs: level === 'info' ? 5000 : undefined });
  }

  // ── rendering ────────────────────────────────────────────────────────────────────────────────

  /** Brings messages, toolbar, dirty marker and the kept state in line with the model. */
  private refresh(): void {
    const dirty = this.model.dirty;
    const busy = this.busyWhat !== undefined;
    for (const [key, view] of this.views) {
      const problems = this.model.visibleProblems(key);
      const sig = problems.join('\n');
      if (this.shownProblems.get(key) === sig) continue;
      this.shownProblems.set(key, sig);
      view.setProblems(problems);
    }
    const invalid = this.model.invalidKeys().length;
    this.toolbar.update({
      canSubmit: this.model.canSubmit,
      dirty,
      busy,
      problems: this.model.showAllProblems || dirty ? invalid : 0,
    });
    this.header.setDirty(dirty);
    document.title = `${dirty ? '● ' : ''}${this.header.title}`;
    if (dirty !== this.postedDirty) {
      this.postedDirty = dirty;
      this.api.post({ type: 'dirty', dirty });
    }
    this.persist(dirty);
  }

  private persist(dirty: boolean): void {
    const state: PersistedState = {
      connectionId: this.init.panel.connectionId,
      userId: this.init.panel.userId,
      panel: this.init.panel,
      draft: dirty ? { key: this.key, baseVersion: this.model.baseVersion, edits: this.model.draftEdits() } : undefined,
    };
    const json = JSON.stringify(state);
    if (json === this.persisted) return;
    this.persisted = json;
    this.api.setState(state);
  }
}

/** Title, login, connection, product, state badges, picture, and the unsaved-changes marker. */
class HeaderView {
  readonly root: HTMLElement;
  title = '';
  private readonly name = el('h1', { class: 'user-name' });
  private readonly subtitle = el('div', { class: 'subtitle' });
  private readonly badges = el('div', { class: 'badges', attrs: { 'aria-label': 'State' } });
  private readonly dirtyMark = el('span', { class: 'dirty-indicator', attrs: { 'aria-live': 'polite' } });

  constructor(init: InitMessage) {
    const picture = init.picture && /^data:image\/(png|jpe?g|gif|webp|bmp|svg\+xml);base64,[A-Za-z0-9+/=]+$/.test(init.picture) ? init.picture : undefined;
    const avatar = picture
      ? el('img', { class: 'avatar avatar-picture', attrs: { src: picture, alt: `Picture of ${init.user?.displayName ?? 'the user'}`, width: 56, height: 56 } })
      : el('div', { class: 'avatar avatar-icon', attrs: { 'aria-hidden': 'true' } }, codicon(init.mode === 'create' ? 'person-add' : 'account'));
    this.root = el('header', { class: 'editor-header' }, avatar, el('div', { class: 'heading' }, el('div', { class: 'title-row' }, this.name, this.dirtyMark), this.subtitle, this.badges));
    this.update(init.user, init);
  }

  update(user: EditorUser | undefined, init: InitMessage): void {
    const who = user ? user.displayName || user.login || user.id : `New ${init.terms.user}`;
    this.title = `${who} — ${init.connectionLabel}`;
    this.name.textContent = who;
    replaceChildren(
      this.subtitle,
      user?.login ? el('span', { class: 'login', attrs: { title: 'Login' } }, codicon('person'), user.login) : null,
      el('span', { class: 'connection', attrs: { title: 'Connection' } }, codicon('plug'), init.connectionLabel),
      el('span', { class: 'product', attrs: { title: 'Product' } }, codicon('server'), init.productTitle),
    );
    const badge = (kind: string, icon: string, text: string) => el('span', { class: `badge badge-${kind}`, attrs: { 'data-badge': kind } }, codicon(icon), text);
    const s = user?.state;
    replaceChildren(
      this.badges,
      !s ? badge('new', 'sparkle', 'Not created yet') : null,
      s && (init.capabilities.enableDisable || !s.active) ? (s.active ? badge('active', 'pass', 'Active') : badge('disabled', 'circle-slash', 'Disabled')) : null,
      s?.deleted ? badge('deleted', 'trash', `In ${init.terms.trash ?? 'trash'}`) : null,
      s?.admin ? badge('admin', 'star-full', 'Administrator') : null,
      s?.technician ? badge('technician', 'tools', 'Technician') : null,
    );
  }

  setDirty(dirty: boolean): void {
    const text = dirty ? '● Unsaved changes' : '';
    if (this.dirtyMark.textContent !== text) this.dirtyMark.textContent = text;
    this.dirtyMark.hidden = !dirty;
  }
}
