import type { UserRow } from './model.js';
import { foldLike } from './php.js';

/**
 * A user's own searchable columns and the "first last" concatenation, folded for LIKE and joined
 * with `\u0001` so no match spans two of them.
 */
export function searchText(u: UserRow): string {
  const locale = u.locale === undefined ? 'en-US' : u.locale;
  const parts = [
    u.address, u.city, u.country, u.email, u.employee_num, u.first_name, u.jobtitle, u.last_name, locale, u.notes, u.phone, u.state, u.username,
    u.website, u.zip, u.display_name, u.mobile,
    // CONCAT(first_name, " ", last_name) is NULL when last_name is
    u.last_name === null || u.last_name === undefined ? null : `${u.first_name} ${u.last_name}`,
  ];
  return foldLike(parts.filter((p): p is string => p !== null && p !== undefined).join('\u0001'));
}

/**
 * `searchText` kept per row object for the rows a search has read (rows are immutable: a changed
 * user is a new row). Keyed by the row, not by id: ids set in sort order would make a sparse, slow array.
 */
export class SearchTexts {
  private texts = new WeakMap<UserRow, string>();

  get(u: UserRow): string {
    let text = this.texts.get(u);
    if (text === undefined) {
      text = searchText(u);
      this.texts.set(u, text);
    }
    return text;
  }

  clear(): void {
    this.texts = new WeakMap();
  }
}
