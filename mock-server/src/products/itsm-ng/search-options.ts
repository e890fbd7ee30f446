import type { ItemType } from './context.js';
import { cell, type Cell, type Model, type Rec, type Tree } from './model.js';
import { PhpMap } from './php.js';
import { USER_COLUMNS, type Column } from './schema.js';

/**
 * Search options: the numbered columns of the search engine (`search/<Itemtype>`,
 * `listSearchOptions/<Itemtype>`). Each knows how to read its values for a row: its own column, a
 * linked dropdown (one value), or linked rows (several values: emails, groups, profiles).
 */

/** How values compare: text (LIKE), integers, 0/1 flags, SQL datetimes. */
export type OptionKind = 'text' | 'number' | 'bool' | 'datetime';

export interface SearchOption {
  readonly id: number;
  readonly name: string;
  readonly table: string;
  readonly field: string;
  readonly datatype: string;
  readonly nosearch?: boolean;
  readonly nodisplay?: boolean;
  readonly searchtypes: readonly string[];
  readonly uid: string;
  readonly kind: OptionKind;
  /** For options on the row's own column: its one value, without building a list. */
  readonly single?: (row: Rec) => Cell;
  /** The row's values for this option; none means no linked row (SQL NULL). */
  values(m: Model, row: Rec): Cell[];
  /** For options on another table: the linked rows' ids (`equals` compares these). */
  linkedIds?(m: Model, row: Rec): number[];
  /**
   * For options on rows linked to many (emails, groups, profiles): visits every linked row once as
   * (owner id, linked id, value), so a criterion can be decided for all rows in one pass.
   */
  linkedScan?(m: Model, visit: (owner: number, id: number, value: Cell) => void): void;
  /** For tree dropdowns: `under` walks this tree. */
  tree?(m: Model): Tree;
}

export interface OptionSet {
  /** In the product's order (`common` header first). */
  readonly options: readonly SearchOption[];
  readonly byId: ReadonlyMap<number, SearchOption>;
  /** Shown when `forcedisplay` is absent (display preferences), after option 1. */
  readonly defaultView: readonly number[];
}

const TEXT = ['contains', 'notcontains'] as const;
const DROPDOWN = ['contains', 'notcontains', 'equals', 'notequals'] as const;
const TREE = ['contains', 'notcontains', 'equals', 'notequals', 'under', 'notunder'] as const;
const BOOL = ['equals', 'notequals', 'contains', 'notcontains'] as const;
const DATETIME = ['equals', 'notequals', 'lessthan', 'morethan', 'contains', 'notcontains'] as const;

const USER_COL = new Map(USER_COLUMNS.map((c) => [c.name, c]));

type Base = Omit<SearchOption, 'values' | 'kind' | 'searchtypes'> & Partial<Pick<SearchOption, 'kind' | 'searchtypes'>>;

/** An option on a column of the searched row itself. */
function own(o: Base & { columns?: ReadonlyMap<string, Column> }): SearchOption {
  const col = (o.columns ?? USER_COL).get(o.field);
  const kind = o.kind ?? (o.datatype === 'number' ? 'number' : o.datatype === 'bool' ? 'bool' : o.datatype === 'datetime' ? 'datetime' : 'text');
  const searchtypes = o.searchtypes ?? (kind === 'bool' ? BOOL : kind === 'datetime' ? DATETIME : TEXT);
  const single = col ? (row: Rec) => cell(row, col) : (row: Rec) => (row[o.field] ?? null) as Cell;
  return { ...o, kind, searchtypes, single, values: (_m, row) => [single(row)] };
}

/** An option on a dropdown the row points to through `fk`. */
function linked(o: Base & { fk: string; target: (m: Model, id: number) => Rec | undefined; value: (m: Model, target: Rec) => Cell; tree?: (m: Model) => Tree }): SearchOption {
  const idOf = (row: Rec) => (row[o.fk] ?? 0) as number;
  return {
    ...o,
    kind: o.kind ?? 'text',
    searchtypes: o.searchtypes ?? (o.tree ? TREE : DROPDOWN),
    values: (m, row) => {
      const t = idOf(row) ? o.target(m, idOf(row)) : undefined;
      return t ? [o.value(m, t)] : [];
    },
    linkedIds: (m, row) => (idOf(row) && o.target(m, idOf(row)) ? [idOf(row)] : []),
  };
}

const locationOf = (m: Model, id: number) => m.locations.get(id);
const userLocationField = (id: number, field: string, name: string, datatype = 'string'): SearchOption =>
  linked({ id, name, table: 'glpi_locations', field, datatype, uid: `User.Location.${field}`, fk: 'locations_id', target: locationOf, value: (_m, l) => (l[field] ?? null) as Cell, searchtypes: TEXT });

const completeName = (tree: (m: Model) => Tree) => (m: Model, r: Rec) => tree(m).node(r.id)?.completename ?? null;

/** The User search options, in the product's order (ids and labels as in its source). */
const USER_OPTIONS: SearchOption[] = [
  own({ id: 1, name: 'Login', table: 'glpi_users', field: 'name', datatype: 'itemlink', uid: 'User.name', searchtypes: DROPDOWN }),
  own({ id: 2, name: 'ID', table: 'glpi_users', field: 'id', datatype: 'number', uid: 'User.id' }),
  own({ id: 34, name: 'Last name', table: 'glpi_users', field: 'realname', datatype: 'string', uid: 'User.realname' }),
  own({ id: 9, name: 'First name', table: 'glpi_users', field: 'firstname', datatype: 'string', uid: 'User.firstname' }),
  {
    id: 5,
    name: 'Emails',
    table: 'glpi_useremails',
    field: 'email',
    datatype: 'email',
    uid: 'User.UserEmail.email',
    kind: 'text',
    searchtypes: TEXT,
    values: (m, row) => m.emailsByUser.get(row.id).map((e) => (e.email ?? null) as Cell),
    linkedIds: (m, row) => m.emailsByUser.get(row.id).map((e) => e.id),
    linkedScan: (m, visit) => {
      for (const e of m.emails.values()) visit(e.users_id as number, e.id, (e.email ?? null) as Cell);
    },
  },
  own({ id: 150, name: 'Picture', table: 'glpi_users', field: 'picture', datatype: 'specific', nosearch: true, uid: 'User.picture' }),
  own({ id: 28, name: 'Synchronization field', table: 'glpi_users', field: 'sync_field', datatype: 'string', uid: 'User.sync_field' }),
  linked({ id: 3, name: 'Location', table: 'glpi_locations', field: 'completename', datatype: 'dropdown', uid: 'User.Location.completename', fk: 'locations_id', target: locationOf, value: completeName((m) => m.locationTree), tree: (m) => m.locationTree }),
  userLocationField(101, 'address', 'Address'),
  userLocationField(102, 'postcode', 'Postal code'),
  userLocationField(103, 'town', 'City'),
  userLocationField(104, 'state', 'State'),
  userLocationField(105, 'country', 'Country'),
  userLocationField(91, 'building', 'Building number'),
  userLocationField(92, 'room', 'Room number'),
  userLocationField(93, 'comment', 'Location comments', 'text'),
  userLocationField(998, 'latitude', 'Latitude'),
  userLocationField(999, 'longitude', 'Longitude'),
  own({ id: 8, name: 'Active', table: 'glpi_users', field: 'is_active', datatype: 'bool', uid: 'User.is_active' }),
  own({ id: 6, name: 'Phone', table: 'glpi_users', field: 'phone', datatype: 'string', uid: 'User.phone' }),
  own({ id: 10, name: 'Phone 2', table: 'glpi_users', field: 'phone2', datatype: 'string', uid: 'User.phone2' }),
  own({ id: 11, name: 'Mobile phone', table: 'glpi_users', field: 'mobile', datatype: 'string', uid: 'User.mobile' }),
  {
    id: 13,
    name: 'Groups',
    table: 'glpi_groups',
    field: 'completename',
    datatype: 'itemlink',
    uid: 'User.Group_User.Group.completename',
    kind: 'text',
    searchtypes: TREE,
    values: (m, row) => groupIds(m, row).map((id) => m.groupTree.node(id)?.completename ?? null),
    linkedIds: groupIds,
    linkedScan: (m, visit) => {
      for (const g of m.groupUsers.values()) {
        const node = m.groupTree.node(g.groups_id as number);
        if (node) visit(g.users_id as number, g.groups_id as number, node.completename);
      }
    },
    tree: (m) => m.groupTree,
  },
  own({ id: 14, name: 'Last login', table: 'glpi_users', field: 'last_login', datatype: 'datetime', uid: 'User.last_login' }),
  own({ id: 15, name: 'Authentication', table: 'glpi_users', field: 'authtype', datatype: 'specific', uid: 'User.authtype', kind: 'number', searchtypes: ['equals'] }),
  linked({ id: 30, name: 'LDAP directory for authentication', table: 'glpi_authldaps', field: 'name', datatype: 'dropdown', uid: 'User.auths_id.AuthLDAP.name', fk: 'auths_id', target: () => undefined, value: () => null }),
  linked({ id: 31, name: 'Email server for authentication', table: 'glpi_authmails', field: 'name', datatype: 'dropdown', uid: 'User.auths_id.AuthMail.name', fk: 'auths_id', target: () => undefined, value: () => null }),
  own({ id: 16, name: 'Comments', table: 'glpi_users', field: 'comment', datatype: 'text', uid: 'User.comment' }),
  own({ id: 17, name: 'Language', table: 'glpi_users', field: 'language', datatype: 'language', uid: 'User.language' }),
  own({ id: 19, name: 'Last update', table: 'glpi_users', field: 'date_mod', datatype: 'datetime', uid: 'User.date_mod' }),
  own({ id: 121, name: 'Creation date', table: 'glpi_users', field: 'date_creation', datatype: 'datetime', uid: 'User.date_creation' }),
  {
    id: 20,
    name: 'Profiles (Entity)',
    table: 'glpi_profiles',
    field: 'name',
    datatype: 'dropdown',
    uid: 'User.Profile_User.Profile.name',
    kind: 'text',
    searchtypes: DROPDOWN,
    values: (m, row) => profileIds(m, row).map((id) => (m.profiles.get(id)?.name ?? null) as Cell),
    linkedIds: profileIds,
    linkedScan: (m, visit) => {
      for (const pu of m.profileUsers.values()) {
        const p = m.profiles.get(pu.profiles_id as number);
        if (p) visit(pu.users_id as number, p.id, (p.name ?? null) as Cell);
      }
    },
  },
  own({ id: 21, name: 'User DN', table: 'glpi_users', field: 'user_dn', datatype: 'text', uid: 'User.user_dn' }),
  own({ id: 22, name: 'Administrative number', table: 'glpi_users', field: 'registration_number', datatype: 'string', uid: 'User.registration_number' }),
  own({ id: 23, name: 'Last synchronization', table: 'glpi_users', field: 'date_sync', datatype: 'datetime', uid: 'User.date_sync' }),
  own({ id: 24, name: 'Deleted user in LDAP directory', table: 'glpi_users', field: 'is_deleted_ldap', datatype: 'bool', uid: 'User.is_deleted_ldap' }),
  {
    id: 80,
    name: 'Entities (Profile)',
    table: 'glpi_entities',
    field: 'completename',
    datatype: 'dropdown',
    uid: 'User.Profile_User.Entity.completename',
    kind: 'text',
    searchtypes: TREE,
    values: (m, row) => profileEntityIds(m, row).map((id) => m.entityTree.node(id)?.completename ?? null),
    linkedIds: profileEntityIds,
    linkedScan: (m, visit) => {
      for (const pu of m.profileUsers.values()) {
        const id = (pu.entities_id ?? 0) as number;
        const node = m.entityTree.node(id);
        if (node) visit(pu.users_id as number, id, node.completename);
      }
    },
    tree: (m) => m.entityTree,
  },
  linked({ id: 81, name: 'Title', table: 'glpi_usertitles', field: 'name', datatype: 'dropdown', uid: 'User.UserTitle.name', fk: 'usertitles_id', target: (m, id) => m.titles.get(id), value: (_m, r) => (r.name ?? null) as Cell }),
  linked({ id: 82, name: 'Category', table: 'glpi_usercategories', field: 'name', datatype: 'dropdown', uid: 'User.UserCategory.name', fk: 'usercategories_id', target: (m, id) => m.categories.get(id), value: (_m, r) => (r.name ?? null) as Cell }),
  linked({ id: 79, name: 'Default profile', table: 'glpi_profiles', field: 'name', datatype: 'dropdown', uid: 'User.Profile.name', fk: 'profiles_id', target: (m, id) => m.profiles.get(id), value: (_m, r) => (r.name ?? null) as Cell }),
  linked({ id: 77, name: 'Default entity', table: 'glpi_entities', field: 'name', datatype: 'dropdown', uid: 'User.Entity.name', fk: 'entities_id', target: (m, id) => m.entities.get(id), value: (_m, r) => (r.name ?? null) as Cell, tree: (m) => m.entityTree }),
  own({ id: 62, name: 'Begin date', table: 'glpi_users', field: 'begin_date', datatype: 'datetime', uid: 'User.begin_date' }),
  own({ id: 63, name: 'End date', table: 'glpi_users', field: 'end_date', datatype: 'datetime', uid: 'User.end_date' }),
  ticketCount(60, 'Number of tickets as requester', 'User.Ticket_User.Ticket.id'),
  ticketCount(61, 'Number of written tickets', 'User.users_id_recipient.Ticket.id'),
  ticketCount(64, 'Number of assigned tickets', 'User.Ticket_User.Ticket.id'),
  linked({ id: 99, name: 'Responsible', table: 'glpi_users', field: 'name', datatype: 'dropdown', uid: 'User.users_id_supervisor.name', fk: 'users_id_supervisor', target: (m, id) => m.users.get(id), value: (_m, r) => (r.name ?? null) as Cell }),
];

/** The mock keeps no tickets: these counts are always 0. */
function ticketCount(id: number, name: string, uid: string): SearchOption {
  return { id, name, table: 'glpi_tickets', field: 'id', datatype: 'count', uid, kind: 'number', searchtypes: TEXT, values: () => [0] };
}

function groupIds(m: Model, row: Rec): number[] {
  return m.groupUsersByUser.get(row.id).map((g) => g.groups_id as number).filter((id) => m.groups.has(id));
}

function profileIds(m: Model, row: Rec): number[] {
  return [...new Set(m.profileUsersByUser.get(row.id).map((p) => p.profiles_id as number))].filter((id) => m.profiles.has(id));
}

function profileEntityIds(m: Model, row: Rec): number[] {
  return [...new Set(m.profileUsersByUser.get(row.id).map((p) => (p.entities_id ?? 0) as number))].filter((id) => m.entities.has(id));
}

function optionSet(options: SearchOption[], defaultView: number[]): OptionSet {
  return { options, byId: new Map(options.map((o) => [o.id, o])), defaultView };
}

/** Options of a dropdown itemtype (name, id, comments, dates, and the entity for assigned ones). */
function dropdownOptions(type: ItemType): SearchOption[] {
  const { name: itemtype, table, colMap: cols, tree } = type;
  const opts: SearchOption[] = [];
  if (tree) {
    const t = tree.tree;
    opts.push({ id: 1, name: 'Complete name', table, field: 'completename', datatype: 'itemlink', uid: `${itemtype}.completename`, kind: 'text', searchtypes: DROPDOWN, values: (m, r) => [t(m).node(r.id)?.completename ?? null] });
    opts.push(own({ id: 2, name: 'ID', table, field: 'id', datatype: 'number', uid: `${itemtype}.id`, columns: cols }));
    opts.push(own({ id: 14, name: 'Name', table, field: 'name', datatype: 'string', uid: `${itemtype}.name`, columns: cols }));
    opts.push(
      linked({ id: 13, name: 'As child of', table, field: 'completename', datatype: 'dropdown', uid: `${itemtype}.${tree.field}.completename`, fk: tree.field, target: (m, id) => type.rows(m).get(id), value: (m, r) => t(m).node(r.id)?.completename ?? null, tree: t }),
    );
  } else {
    opts.push(own({ id: 1, name: 'Name', table, field: 'name', datatype: 'itemlink', uid: `${itemtype}.name`, searchtypes: DROPDOWN, columns: cols }));
    opts.push(own({ id: 2, name: 'ID', table, field: 'id', datatype: 'number', uid: `${itemtype}.id`, columns: cols }));
  }
  if (cols.has('comment')) opts.push(own({ id: 16, name: 'Comments', table, field: 'comment', datatype: 'text', uid: `${itemtype}.comment`, columns: cols }));
  if (cols.has('entities_id') && itemtype !== 'Entity') {
    opts.push(linked({ id: 80, name: 'Entity', table: 'glpi_entities', field: 'completename', datatype: 'dropdown', uid: `${itemtype}.Entity.completename`, fk: 'entities_id', target: (m, id) => m.entities.get(id), value: (m, r) => m.entityTree.node(r.id)?.completename ?? null, tree: (m) => m.entityTree }));
  }
  if (cols.has('is_recursive')) opts.push(own({ id: 86, name: 'Child entities', table, field: 'is_recursive', datatype: 'bool', uid: `${itemtype}.is_recursive`, columns: cols }));
  if (cols.has('date_mod')) opts.push(own({ id: 19, name: 'Last update', table, field: 'date_mod', datatype: 'datetime', uid: `${itemtype}.date_mod`, columns: cols }));
  if (cols.has('date_creation')) opts.push(own({ id: 121, name: 'Creation date', table, field: 'date_creation', datatype: 'datetime', uid: `${itemtype}.date_creation`, columns: cols }));
  return opts;
}

const cache = new Map<string, OptionSet>();

/** The search options of an itemtype. */
export function searchOptions(type: ItemType): OptionSet {
  let set = cache.get(type.name);
  if (!set) {
    set = type.name === 'User' ? optionSet(USER_OPTIONS, [34, 5, 6, 3, 8]) : optionSet(dropdownOptions(type), type.entityAssigned && type.colMap.has('entities_id') && type.name !== 'Entity' ? [80] : []);
    cache.set(type.name, set);
  }
  return set;
}

/** `listSearchOptions`: the `common` header, then each option's public description. */
export function describeOptions(set: OptionSet): PhpMap {
  const out = new PhpMap().set('common', 'Characteristics');
  for (const o of set.options) {
    out.set(o.id, {
      name: o.name,
      table: o.table,
      field: o.field,
      datatype: o.datatype,
      nosearch: o.nosearch ?? false,
      nodisplay: o.nodisplay ?? false,
      available_searchtypes: [...o.searchtypes],
      uid: o.uid,
    });
  }
  return out;
}
