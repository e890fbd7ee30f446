import type { ProductEnv } from '../product.js';
import { internalError } from './errors.js';
import { departmentFields, roleFields, siteFields, supportGroupFields, technicianFields, userFields } from './fields.js';
import { ListRunner, type ListSource } from './list.js';
import { createModel, type Collection, type DepartmentRow, type Model, type NamedRow, type RoleRow, type SiteRow, type SupportGroupRow, type UserRow } from './model.js';
import { Serializer, TECHNICIAN_OUTPUT_FIELDS, USER_OUTPUT_FIELDS } from './serialize.js';

/** What the route handlers share: the data, its list sources, the serializer and the clock. */
export interface Deps {
  readonly env: ProductEnv;
  readonly m: Model;
  readonly s: Serializer;
  readonly lists: ListRunner;
  readonly users: ListSource<UserRow>;
  readonly technicians: ListSource<UserRow>;
  readonly departments: ListSource<DepartmentRow>;
  readonly sites: ListSource<SiteRow>;
  readonly roles: ListSource<RoleRow>;
  readonly supportGroups: ListSource<SupportGroupRow>;
}

function collectionSource<R extends NamedRow>(key: string, c: Collection<R>, fields: ListSource<R>['fields'], outputFields: readonly string[]): ListSource<R> {
  return {
    key,
    fields,
    outputFields: new Set(outputFields),
    version: () => c.table.version,
    byId: () => c.byId.all(),
    presorted: { id: () => c.byId.all(), name: () => c.byName.all() },
  };
}

export function createDeps(env: ProductEnv): Deps {
  const m = createModel(env.db);
  const lists = new ListRunner();
  env.db.onReset(() => lists.clear());
  return {
    env,
    m,
    s: new Serializer(m),
    lists,
    users: {
      key: 'users',
      fields: userFields(m),
      outputFields: USER_OUTPUT_FIELDS,
      version: () => m.users.version,
      byId: () => m.usersById.all(),
      presorted: { id: () => m.usersById.all(), name: () => m.usersByName.all() },
    },
    technicians: {
      key: 'technicians',
      fields: technicianFields(m),
      outputFields: TECHNICIAN_OUTPUT_FIELDS,
      version: () => m.users.version,
      byId: () => m.techniciansById.all(),
      presorted: { id: () => m.techniciansById.all(), name: () => m.techniciansByName.all() },
    },
    departments: collectionSource('departments', m.departments, departmentFields(m), ['id', 'name', 'description', 'site']),
    sites: collectionSource('sites', m.sites, siteFields(), ['id', 'name', 'description', 'region', 'door_no', 'street', 'city', 'state', 'postal_code', 'country']),
    roles: collectionSource('roles', m.roles, roleFields(), ['id', 'name', 'description']),
    supportGroups: collectionSource('support_groups', m.supportGroups, supportGroupFields(m), ['id', 'name', 'description', 'site']),
  };
}

/** Makes the request's changes durable; the store has undone them if that fails. */
export async function commit(d: Deps): Promise<void> {
  try {
    await d.env.db.commit();
  } catch {
    throw internalError();
  }
}
