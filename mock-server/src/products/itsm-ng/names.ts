import type { Cell, Model, Rec } from './model.js';

/**
 * Names as the product shows them for a foreign key: complete names for tree dropdowns
 * ("Root entity > Berlin"), "Realname Firstname" for users (the default name format), plain names
 * otherwise; an unknown id has no name.
 */

/** `formatUserName`: "Realname Firstname", or the login when there is no real name. */
export function userDisplayName(row: Rec): string {
  const real = typeof row.realname === 'string' ? row.realname.trim() : '';
  const first = typeof row.firstname === 'string' ? row.firstname.trim() : '';
  if (real) return first ? `${real} ${first}` : real;
  return String(row.name ?? '');
}

export function dropdownName(m: Model, itemtype: string, id: number): string {
  switch (itemtype) {
    case 'Location':
      return m.locationTree.node(id)?.completename ?? '';
    case 'Entity':
      return m.entityTree.node(id)?.completename ?? '';
    case 'Group':
      return m.groupTree.node(id)?.completename ?? '';
    case 'User': {
      const u = m.users.get(id);
      return u ? userDisplayName(u) : '';
    }
    case 'Profile':
      return String(m.profiles.get(id)?.name ?? '');
    case 'UserTitle':
      return String(m.titles.get(id)?.name ?? '');
    case 'UserCategory':
      return String(m.categories.get(id)?.name ?? '');
    default:
      return '';
  }
}

/** The product's test for a foreign-key column name. */
export function isForeignKey(column: string): boolean {
  return /_id$/.test(column) || /_id_/.test(column);
}

const TARGETS: Record<string, string> = {
  locations_id: 'Location',
  entities_id: 'Entity',
  profiles_id: 'Profile',
  usertitles_id: 'UserTitle',
  usercategories_id: 'UserCategory',
  groups_id: 'Group',
  users_id: 'User',
  users_id_supervisor: 'User',
  default_requesttypes_id: 'RequestType',
  tickettemplates_id: 'TicketTemplate',
  changetemplates_id: 'ChangeTemplate',
  problemtemplates_id: 'ProblemTemplate',
  authldaps_id: 'AuthLDAP',
};

/** The itemtype a foreign key points to (`auths_id` depends on the row's `authtype`). */
export function foreignKeyTarget(column: string, fields: Record<string, unknown>): string {
  if (column === 'items_id' && typeof fields.itemtype === 'string' && fields.itemtype) return fields.itemtype;
  if (column === 'auths_id') return fields.authtype === 3 ? 'AuthLDAP' : fields.authtype === 2 ? 'AuthMail' : 'Auth';
  if (TARGETS[column]) return TARGETS[column];
  const base = column.replace(/_id.*$/, '').replace(/s$/, '');
  return base.charAt(0).toUpperCase() + base.slice(1);
}

/** A history value for a dropdown change: the name, or `&nbsp;` for none (as the product logs it). */
export function historyName(m: Model, itemtype: string, id: Cell): string {
  if (typeof id !== 'number' || id === 0) return '&nbsp;';
  return dropdownName(m, itemtype, id) || '&nbsp;';
}
