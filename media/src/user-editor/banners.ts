/**
 * Banners above the form: the product's error when it rejects a change, the conflict warning,
 * notices. Escape (or the close button) dismisses the newest one.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { VscodeButton } from '@vscode-elements/elements/dist/vscode-button/vscode-button.js';
import { codicon, el } from './dom';

export type BannerKind = 'error' | 'conflict' | 'warning' | 'info' | 'success';

export interface BannerOptions {
  kind: BannerKind;
  title: string;
  /** Lines under the title (text). */
  details?: string[];
  actions?: { label: string; icon?: string; primary?: boolean; name: string; run: () => void }[];
  /** Removed by itself after this many milliseconds. */
  timeoutMs?: number;
}

const ICONS: Record<BannerKind, string> = { error: 'error', conflict: 'warning', warning: 'warning', info: 'info', success: 'check' };

export class Banners {
  readonly root = el('div', { class: 'banners' });
  private readonly stack: HTMLElement[] = [];

  show(o: BannerOptions): HTMLElement {
    // One banner per kind: a newer error replaces the older one.
    this.dismiss(o.kind);
    const close = el('vscode-button', { class: 'banner-close', attrs: { icon: 'close', secondary: true, 'icon-only': true, 'aria-label': 'Dismiss', title: 'Dismiss (Escape)' } }) as VscodeButton;
    const banner = el(
      'div',
      {
        class: `banner banner-${o.kind}`,
        attrs: { role: o.kind === 'error' || o.kind === 'conflict' ? 'alert' : 'status', 'data-kind': o.kind },
      },
      codicon(ICONS[o.kind], 'banner-icon'),
      el(
        'div',
        { class: 'banner-body' },
        el('div', { class: 'banner-title' }, o.title),
        ...(o.details ?? []).filter(Boolean).map((d) => el('div', { class: 'banner-detail' }, d)),
        o.actions?.length
          ? el(
              'div',
              { class: 'banner-actions' },
              ...o.actions.map((a) => {
                const b = el('vscode-button', { attrs: { secondary: !a.primary, icon: a.icon, 'data-banner-action': a.name } }, a.label) as VscodeButton;
                b.addEventListener('click', () => {
                  if (!b.disabled) a.run();
                });
                return b;
              }),
            )
          : null,
      ),
      close,
    );
    close.addEventListener('click', () => this.remove(banner));
    this.root.appendChild(banner);
    this.stack.push(banner);
    if (o.timeoutMs) setTimeout(() => this.remove(banner), o.timeoutMs);
    return banner;
  }

  /** Dismisses the newest banner; false when there is none. */
  dismissNewest(): boolean {
    const top = this.stack.at(-1);
    if (!top) return false;
    this.remove(top);
    return true;
  }

  dismiss(kind?: BannerKind): void {
    for (const b of [...this.stack]) if (!kind || b.dataset.kind === kind) this.remove(b);
  }

  has(kind: BannerKind): boolean {
    return this.stack.some((b) => b.dataset.kind === kind);
  }

  private remove(banner: HTMLElement): void {
    const i = this.stack.indexOf(banner);
    if (i < 0) return;
    this.stack.splice(i, 1);
    // Keep focus inside the editor when the focused banner goes away.
    const hadFocus = banner.contains(document.activeElement);
    banner.remove();
    if (hadFocus) document.dispatchEvent(new CustomEvent('banner-focus-lost'));
  }
}
