import type { Table } from '../../store/table.js';
import { CREATE, PURGE, READ, UPDATE, type RightName } from './builtins.js';
import { columnValues } from './coerce.js';
import type { Ctx, ItemType } from './context.js';
import { MSG } from './errors.js';
import { purgeHistory } from './logs.js';
import { withChanges, type Cell, type Model, type Rec, type Tree } from './model.js';
import { PhpMap, phpJson, type Dict } from './php.js';
import { DOCUMENT_ITEM_COLUMNS, DROPDOWN_COLUMNS, ENTITY_COLUMNS, GROUP_COLUMNS, LOCATION_COLUMNS, PROFILE_COLUMNS, USER_COLUMNS, type Column } from './schema.js';
import { entityVisible } from './sessions.js';

/**
 * The dropdowns around users: groups and locations (entity-assigned trees), titles and categories
 * (flat lists), and the read-only entity tree and profiles. Purging a dropdown clears the references
 * to it and moves its children up to its parent, as the product does.
 */

interface TreeSpec {
  parentField: string;
  tree(m: Model): Tree;
}

interface DropdownSpec {
  name: string;
  table: string;
  columns: readonly Column[];
  rows(m: Model): Table<Rec>;
  right: RightName;
  tree?: TreeSpec;
  /** Rows carry entities_id / is_recursive. */
  entityAssigned: boolean;
  /** The user column that points at this dropdown (cleared on purge). */
  userColumn?: string;
  onPurge?(ctx: Ctx, row: Rec): void;
}

/** An id → id map as the product caches it in `*_cache` columns (JSON of a PHP array). */
function idCache(ids: Iterable<number>): string {
  const map = new PhpMap();
  for (const id of ids) map.set(id, id);
  return phpJson(map);
}

function treeColumns(t: TreeSpec, m: Model, row: Rec): Record<string, Cell> {
  const node = t.tree(m).node(row.id);
  if (!node) return {};
  return {
    completename: node.completename,
    level: node.level,
    ancestors_cache: idCache(node.ancestors),
    sons_cache: idCache([...node.sons].sort((a, b) => a - b)),
  };
}

const USER_COLS = new Map(USER_COLUMNS.map((c) => [c.name, c]));

function denied(ctx: Ctx): false {
  ctx.messages.push(MSG.rightMissing);
  return false;
}

function dropdownType(spec: DropdownSpec): ItemType {
  const colMap = new Map(spec.columns.map((c) => [c.name, c]));
  const entityOk = (ctx: Ctx, values: Record<string, Cell>) => !spec.entityAssigned || entityVisible(ctx.session, (values.entities_id ?? 0) as number, false);
  const parentFor = (m: Model, id: number | undefined, wanted: Cell): number => {
    const t = spec.tree!;
    const parent = typeof wanted === 'number' ? wanted : 0;
    if (parent <= 0 || !spec.rows(m).has(parent)) return 0;
    if (id !== undefined && t.tree(m).sonsOf(id).has(parent)) return -1;
    return parent;
  };
  const type: ItemType = {
    name: spec.name,
    table: spec.table,
    columns: spec.columns,
    colMap,
    rows: spec.rows,
    right: spec.right,
    trash: false,
    entityAssigned: spec.entityAssigned,
    children: [],
    tree: spec.tree ? { field: spec.tree.parentField, tree: spec.tree.tree } : undefined,
    computed: spec.tree ? (m, row) => treeColumns(spec.tree!, m, row) : undefined,
    label: (m, row) => (spec.tree ? (spec.tree.tree(m).node(row.id)?.completename ?? '') : String(row.name ?? '')),
    canViewItem: spec.entityAssigned ? (ctx, row) => entityVisible(ctx.session, (row.entities_id ?? 0) as number, row.is_recursive === 1) : undefined,
    canCreate: (ctx) => ctx.can(spec.right, CREATE),
    canUpdate: (ctx, row) => ctx.can(spec.right, UPDATE) && entityOk(ctx, row as unknown as Record<string, Cell>),
    canDelete: (ctx, row) => ctx.can(spec.right, PURGE) && entityOk(ctx, row as unknown as Record<string, Cell>),
    create(ctx: Ctx, input: Dict) {
      const m = ctx.model;
      const c = columnValues(spec.columns, input);
      if (!c.ok) return (ctx.messages.push(c.message), false);
      const v = c.values;
      if (!entityOk(ctx, v) || (spec.entityAssigned && !m.entities.has((v.entities_id ?? 0) as number))) return denied(ctx);
      if (spec.tree) v[spec.tree.parentField] = parentFor(m, undefined, v[spec.tree.parentField] ?? 0);
      const table = spec.rows(m);
      const id = m.nextId(table);
      const row = withChanges({ id } as Rec, colMap, { ...v, date_mod: ctx.nowSql, date_creation: ctx.nowSql });
      table.put(row);
      ctx.messages.push(`Item successfully added: ${String(row.name ?? '')}`);
      return id;
    },
    update(ctx: Ctx, row: Rec, input: Dict) {
      const m = ctx.model;
      const c = columnValues(spec.columns, input);
      if (!c.ok) return (ctx.messages.push(c.message), false);
      const v = c.values;
      if (v.entities_id !== undefined && (!entityOk(ctx, v) || !m.entities.has(v.entities_id as number))) return denied(ctx);
      if (spec.tree && v[spec.tree.parentField] !== undefined) {
        const parent = parentFor(m, row.id, v[spec.tree.parentField]);
        if (parent < 0) delete v[spec.tree.parentField];
        else v[spec.tree.parentField] = parent;
      }
      const effective: Record<string, Cell> = {};
      for (const key of Object.keys(v)) if ((row[key] ?? colMap.get(key)!.def) !== v[key]) effective[key] = v[key];
      if (Object.keys(effective).length) spec.rows(m).put(withChanges(row, colMap, { ...effective, date_mod: ctx.nowSql }));
      return true;
    },
    remove(ctx: Ctx, row: Rec) {
      const m = ctx.model;
      const table = spec.rows(m);
      if (spec.tree) {
        const field = spec.tree.parentField;
        const up = (row[field] ?? 0) as number;
        for (const child of table.toArray()) if (child[field] === row.id) table.put(withChanges(child, colMap, { [field]: up }));
      }
      if (spec.userColumn) {
        const col = spec.userColumn;
        for (const u of m.users.toArray()) if (u[col] === row.id) m.users.put(withChanges(u, USER_COLS, { [col]: 0 }));
      }
      spec.onPurge?.(ctx, row);
      purgeHistory(m, spec.name, row.id);
      m.deleteRow(table, row.id);
      return true;
    },
  };
  return type;
}

export const groupType = dropdownType({
  name: 'Group',
  table: 'glpi_groups',
  columns: GROUP_COLUMNS,
  rows: (m) => m.groups,
  right: 'group',
  tree: { parentField: 'groups_id', tree: (m) => m.groupTree },
  entityAssigned: true,
  userColumn: 'groups_id',
  onPurge(ctx, row) {
    const m = ctx.model;
    for (const gu of [...m.groupUsersByGroup.get(row.id)]) m.deleteRow(m.groupUsers, gu.id);
  },
});

export const locationType = dropdownType({
  name: 'Location',
  table: 'glpi_locations',
  columns: LOCATION_COLUMNS,
  rows: (m) => m.locations,
  right: 'location',
  tree: { parentField: 'locations_id', tree: (m) => m.locationTree },
  entityAssigned: true,
  userColumn: 'locations_id',
});

export const userTitleType = dropdownType({
  name: 'UserTitle',
  table: 'glpi_usertitles',
  columns: DROPDOWN_COLUMNS,
  rows: (m) => m.titles,
  right: 'dropdown',
  entityAssigned: false,
  userColumn: 'usertitles_id',
});

export const userCategoryType = dropdownType({
  name: 'UserCategory',
  table: 'glpi_usercategories',
  columns: DROPDOWN_COLUMNS,
  rows: (m) => m.categories,
  right: 'dropdown',
  entityAssigned: false,
  userColumn: 'usercategories_id',
});

/** Entities: readable tree; the mock does not create or delete entities (see README). */
export const entityType: ItemType = {
  name: 'Entity',
  table: 'glpi_entities',
  columns: ENTITY_COLUMNS,
  colMap: new Map(ENTITY_COLUMNS.map((c) => [c.name, c])),
  rows: (m) => m.entities,
  right: 'entity',
  trash: false,
  entityAssigned: true,
  children: ['Document_Item'],
  zeroIdIsItem: true,
  tree: { field: 'entities_id', tree: (m) => m.entityTree },
  computed: (m, row) => treeColumns({ parentField: 'entities_id', tree: (mm) => mm.entityTree }, m, row),
  label: (m, row) => m.entityTree.node(row.id)?.completename ?? '',
  canViewItem: (ctx, row) => ctx.session.activeEntities.includes(row.id),
  canCreate: () => false,
  canUpdate: () => false,
  canDelete: () => false,
};

/** Profiles: the eight built-in ones, readable; the mock does not change profiles (see README). */
export const profileType: ItemType = {
  name: 'Profile',
  table: 'glpi_profiles',
  columns: PROFILE_COLUMNS,
  colMap: new Map(PROFILE_COLUMNS.map((c) => [c.name, c])),
  rows: (m) => m.profiles,
  right: 'profile',
  trash: false,
  entityAssigned: false,
  children: [],
  label: (_m, row) => String(row.name ?? ''),
  canCreate: () => false,
  canUpdate: () => false,
  canDelete: () => false,
};

/** Document links: none are seeded and the mock stores no documents, so lists are empty. */
export const documentItemType: ItemType = {
  name: 'Document_Item',
  table: 'glpi_documents_items',
  columns: DOCUMENT_ITEM_COLUMNS,
  colMap: new Map(DOCUMENT_ITEM_COLUMNS.map((c) => [c.name, c])),
  rows: (m) => m.documentItems,
  right: 'user',
  trash: false,
  entityAssigned: false,
  children: [],
  label: (_m, row) => String(row.id),
  attachedTo: () => [],
  canViewItem: (ctx) => ctx.can('user', READ),
  canCreate: () => false,
  canUpdate: () => false,
  canDelete: () => false,
};

