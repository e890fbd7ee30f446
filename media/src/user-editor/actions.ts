/**
 * The toolbar: Save / Revert / Reload (Create when creating) and the product actions the backend's
 * capabilities allow for this user's state. The host performs the actions (and asks trash vs purge).
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { VscodeButton } from '@vscode-elements/elements/dist/vscode-button/vscode-button.js';
import type { EditorAction, EditorUser } from '../../../src/editors/protocol';
import type { Capabilities, ProductTerms } from '../../../src/model';
import { el, replaceChildren } from './dom';

export interface ActionSpec {
  action: EditorAction;
  label: string;
  icon: string;
  title: string;
}

/** The product actions for a user in a given state (none when creating). */
export function productActions(caps: Capabilities, terms: ProductTerms, productTitle: string, user: EditorUser | undefined): ActionSpec[] {
  if (!user) return [];
  const out: ActionSpec[] = [];
  const { deleted, active, technician } = user.state;
  if (caps.enableDisable && !deleted) {
    out.push(
      active
        ? { action: 'disable', label: 'Disable', icon: 'circle-slash', title: `Disable this ${terms.user}: it can no longer sign in to ${productTitle}` }
        : { action: 'enable', label: 'Enable', icon: 'pass', title: `Enable this ${terms.user} again` },
    );
  }
  if (caps.changeToTechnician && !technician && !deleted) {
    out.push({ action: 'changeToTechnician', label: 'Change to Technician…', icon: 'tools', title: `Make this ${terms.user} a ${productTitle} technician (asks for the technician's details)` });
  }
  if (deleted && caps.restore) {
    out.push({ action: 'restore', label: 'Restore', icon: 'discard', title: `Restore this ${terms.user} from ${terms.trash ?? 'the trash'}` });
  }
  if (caps.deleteUser && !deleted) {
    out.push({
      action: 'delete',
      label: 'Delete…',
      icon: 'trash',
      title: caps.trash ? `Move this ${terms.user} to ${terms.trash ?? 'the trash'}${caps.purge ? ' or delete it permanently' : ''}` : `Delete this ${terms.user} permanently`,
    });
  }
  if (deleted && caps.purge) {
    out.push({ action: 'purge', label: 'Delete Permanently…', icon: 'trash', title: `Delete this ${terms.user} for good (cannot be undone)` });
  }
  out.push({ action: 'copyJson', label: 'Copy as JSON', icon: 'json', title: `Copy ${productTitle}'s own JSON for this ${terms.user}` });
  out.push({ action: 'openInWebUi', label: 'Open in Web UI', icon: 'link-external', title: `Open this ${terms.user} in ${productTitle}'s web interface` });
  return out;
}

export interface ToolbarCallbacks {
  save(): void;
  revert(): void;
  reload(): void;
  action(action: EditorAction): void;
}

export class Toolbar {
  readonly root: HTMLElement;
  readonly save: VscodeButton;
  readonly revert: VscodeButton | undefined;
  readonly reload: VscodeButton | undefined;
  private readonly actions: HTMLElement;
  private readonly status: HTMLElement;
  private actionButtons: VscodeButton[] = [];

  constructor(
    mode: 'create' | 'edit',
    private readonly cb: ToolbarCallbacks,
  ) {
    const button = (label: string, icon: string, secondary: boolean, title: string, onClick: () => void, name: string) => {
      const b = el('vscode-button', { class: `toolbar-button toolbar-${name}`, attrs: { icon, secondary, title, 'data-command': name } }, label) as VscodeButton;
      b.addEventListener('click', () => {
        if (!b.disabled) onClick();
      });
      return b;
    };
    this.save = mode === 'create' ? button('Create', 'person-add', false, 'Create the user (Ctrl+S)', () => cb.save(), 'create') : button('Save', 'save', false, 'Save the changed fields (Ctrl+S)', () => cb.save(), 'save');
    this.revert = mode === 'edit' ? button('Revert', 'discard', true, 'Discard unsaved changes', () => cb.revert(), 'revert') : undefined;
    this.reload = mode === 'edit' ? button('Reload', 'refresh', true, 'Load the user again from the server', () => cb.reload(), 'reload') : undefined;
    this.actions = el('div', { class: 'toolbar-group toolbar-actions', attrs: { role: 'group', 'aria-label': 'User actions' } });
    this.status = el('span', { class: 'toolbar-status', attrs: { role: 'status' } });
    this.root = el(
      'div',
      { class: 'toolbar', attrs: { role: 'group', 'aria-label': 'Editor commands' } },
      el('div', { class: 'toolbar-group toolbar-main' }, this.save, this.revert, this.reload),
      this.actions,
      this.status,
    );
  }

  setActions(actions: ActionSpec[]): void {
    this.actionButtons = actions.map((a) => {
      const b = el('vscode-button', { class: 'toolbar-button', attrs: { icon: a.icon, secondary: true, title: a.title, 'data-action': a.action } }, a.label) as VscodeButton;
      b.addEventListener('click', () => {
        if (!b.disabled) this.cb.action(a.action);
      });
      return b;
    });
    replaceChildren(this.actions, ...this.actionButtons);
    this.actions.hidden = actions.length === 0;
  }

  update(s: { canSubmit: boolean; dirty: boolean; busy: boolean; problems: number }): void {
    this.save.disabled = s.busy || !s.canSubmit;
    if (this.revert) this.revert.disabled = s.busy || !s.dirty;
    if (this.reload) this.reload.disabled = s.busy;
    for (const b of this.actionButtons) b.disabled = s.busy;
    const text = s.problems ? `${s.problems} ${s.problems === 1 ? 'field needs' : 'fields need'} attention` : '';
    if (this.status.textContent !== text) this.status.textContent = text;
  }
}
