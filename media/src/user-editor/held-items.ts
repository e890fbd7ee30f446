/**
 * What the user holds in the product (Snipe-IT assets, licenses, accessories): read-only tables,
 * plain accessible <table>s (caption, column headers) styled with the theme's variables.
 */
import type { HeldItems } from '../../../src/model';
import { codicon, el, uid } from './dom';

const ICONS: Record<string, string> = { assets: 'device-desktop', licenses: 'key', accessories: 'plug', consumables: 'package' };

export function heldItemsView(items: HeldItems[]): HTMLElement {
  const root = el('div', { class: 'held-items' });
  for (const h of items) {
    const headingId = uid('held');
    const icon = ICONS[h.title.toLowerCase()] ?? 'list-unordered';
    const body = h.rows.length
      ? el(
          'div',
          { class: 'table-scroll' },
          el(
            'table',
            { class: 'held-table', attrs: { 'aria-labelledby': headingId } },
            el('thead', {}, el('tr', {}, ...h.columns.map((c) => el('th', { attrs: { scope: 'col' } }, c)))),
            el('tbody', {}, ...h.rows.map((r) => el('tr', {}, ...h.columns.map((_, i) => el('td', {}, r[i] ?? ''))))),
          ),
        )
      : el('p', { class: 'empty' }, `No ${h.title.toLowerCase()}.`);
    root.appendChild(
      el(
        'section',
        { class: 'side-section held', attrs: { 'aria-labelledby': headingId } },
        el('div', { class: 'side-heading' }, el('h2', { class: 'section-title', attrs: { id: headingId } }, codicon(icon), h.title, el('span', { class: 'count-badge', attrs: { 'aria-hidden': 'true' } }, String(h.rows.length)))),
        body,
      ),
    );
  }
  return root;
}
