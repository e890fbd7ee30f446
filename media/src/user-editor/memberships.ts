/**
 * Memberships: one section for groups and one for profiles/roles/realms (the product's own terms),
 * with Add… and Remove. The host performs both (it asks which group, confirms removal) and answers
 * with a `memberships` message.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { VscodeButton } from '@vscode-elements/elements/dist/vscode-button/vscode-button.js';
import type { Capabilities, Membership, MembershipKind, ProductTerms } from '../../../src/model';
import { codicon, el, replaceChildren, uid } from './dom';

export interface MembershipCallbacks {
  add(kind: MembershipKind): void;
  remove(membership: Membership): void;
}

interface KindInfo {
  kind: MembershipKind;
  title: string;
  singular: string;
  editable: boolean;
  icon: string;
}

function kinds(caps: Capabilities, terms: ProductTerms): KindInfo[] {
  const out: KindInfo[] = [];
  if (caps.groups) out.push({ kind: 'group', title: terms.groups ?? 'Groups', singular: terms.group ?? 'group', editable: caps.editGroupMembership, icon: 'organization' });
  if (caps.profiles) out.push({ kind: 'profile', title: terms.profiles ?? 'Profiles', singular: terms.profile ?? 'profile', editable: caps.editProfileMembership, icon: 'shield' });
  return out;
}

export class MembershipsView {
  readonly root: HTMLElement;
  private readonly lists = new Map<MembershipKind, { list: HTMLElement; count: HTMLElement; info: KindInfo }>();
  private buttons: VscodeButton[] = [];

  constructor(caps: Capabilities, terms: ProductTerms, productTitle: string, creating: boolean, private readonly cb: MembershipCallbacks) {
    this.root = el('div', { class: 'memberships' });
    for (const info of kinds(caps, terms)) {
      const headingId = uid(`memberships-${info.kind}`);
      const count = el('span', { class: 'count-badge', attrs: { 'aria-hidden': 'true' } });
      const list = el('ul', { class: 'membership-list', attrs: { 'aria-labelledby': headingId } });
      const add =
        info.editable && !creating
          ? (el('vscode-button', { class: 'membership-add', attrs: { secondary: true, icon: 'add', 'data-add': info.kind, title: `Add this user to a ${info.singular}` } }, `Add ${info.singular}…`) as VscodeButton)
          : null;
      add?.addEventListener('click', () => {
        if (!add.disabled) this.cb.add(info.kind);
      });
      if (add) this.buttons.push(add);
      const section = el(
        'section',
        { class: `side-section memberships-${info.kind}`, attrs: { 'aria-labelledby': headingId } },
        el('div', { class: 'side-heading' }, el('h2', { class: 'section-title', attrs: { id: headingId } }, codicon(info.icon), info.title, count), add),
        creating ? el('p', { class: 'empty' }, `${info.title} can be assigned once the ${terms.user} is created.`) : list,
        !creating && !info.editable ? el('p', { class: 'side-note' }, codicon('lock'), ` Read-only here: ${productTitle} changes these elsewhere.`) : null,
      );
      this.lists.set(info.kind, { list, count, info });
      this.root.appendChild(section);
    }
    this.root.hidden = this.lists.size === 0;
  }

  render(memberships: Membership[]): void {
    for (const [kind, { list, count, info }] of this.lists) {
      const mine = memberships.filter((m) => m.kind === kind);
      count.textContent = String(mine.length);
      if (!mine.length) {
        replaceChildren(list, el('li', { class: 'empty' }, kind === 'group' ? `Not a member of any ${info.singular}.` : `No ${info.singular} assigned.`));
        continue;
      }
      replaceChildren(
        list,
        ...mine.map((m) => {
          let remove: VscodeButton | null = null;
          if (m.removable) {
            remove = el('vscode-button', {
              class: 'membership-remove',
              attrs: { secondary: true, icon: 'close', 'icon-only': true, 'aria-label': `Remove from ${m.targetName}`, title: `Remove from ${m.targetName}`, 'data-remove': m.id },
            }) as VscodeButton;
            const b = remove;
            b.addEventListener('click', () => {
              if (!b.disabled) this.cb.remove(m);
            });
            this.buttons.push(b);
          }
          return el(
            'li',
            { class: 'membership', attrs: { 'data-membership': m.id } },
            codicon(info.icon, 'membership-icon'),
            el('div', { class: 'membership-text' }, el('span', { class: 'membership-name' }, m.targetName), m.detail ? el('span', { class: 'membership-detail' }, m.detail) : null),
            remove,
          );
        }),
      );
    }
    this.buttons = this.buttons.filter((b) => b.isConnected);
  }

  setBusy(busy: boolean): void {
    for (const b of this.buttons) b.disabled = busy;
  }
}
