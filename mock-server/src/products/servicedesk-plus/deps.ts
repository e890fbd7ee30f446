import { TextIndex } from '../../store/text-index.js';
import type { ProductEnv } from '../product.js';
import { internalError } from './errors.js';
import { departmentFields, roleFields, siteFields, supportGroupFields, technicianFields, userFields } from './fields.js';
import { ListRunner, type ListSource } from './list.js';
import { createModel, type Collection, type DepartmentRow, type Model, type NamedRow, type RoleRow, type SiteRow, type SupportGroupRow, type UserRow } from './model.js';
import { UserJson } from './render.js';
import { ResponseCache } from './response-cache.js';
import { Serializer, TECHNICIAN_OUTPUT_FIELDS, USER_OUTPUT_FIELDS } from './serialize.js';

/** What the route handlers share: the data, its list sources, the serializer and the clock. */
export interface Deps {
  readonly env: ProductEnv;
  readonly m: Model;
  readonly s: Serializer;
  /** The user shape as text (the serializer's output, encoded directly). */
  readonly json: UserJson;
  /** Answers of list requests, valid for one dataVersion(). */
  readonly responses: ResponseCache;
  /** Changes whenever any of the product's tables does. */
  dataVersion(): number;
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

/**
 * A trigram index of one user text field, built on first use, in id order. Its folding keeps every
 * match of the searches' case-insensitive (Unicode simple case folding) test for printable-ASCII needles:
 * besides ASCII letters only U+212A (Kelvin, lower-cased to k) and U+017F (long s) fold to ASCII.
 */
function containsIndex(m: Model, text: (u: UserRow) => string | undefined): TextIndex<UserRow> {
  return new TextIndex(m.users, {
    text: (u) => text(u) ?? '',
    fold: (s) => s.toLowerCase().replace(/\u017f/g, 's'),
    order: m.usersById,
    compare: (a, b) => a.id - b.id,
  });
}

export function createDeps(env: ProductEnv): Deps {
  const m = createModel(env.db);
  const lists = new ListRunner();
  const responses = new ResponseCache();
  // the id and name orders of users, sorted before the first client asks for them
  const warm = () => env.warm(() => [m.usersById, m.usersByName].forEach((view) => view.all()));
  env.db.onReset(() => {
    lists.clear();
    responses.clear();
    warm();
  });
  warm();
  const s = new Serializer(m);
  // versions only grow, so their sum changes whenever one of them does
  const dataVersion = () =>
    m.users.version + m.departments.table.version + m.sites.table.version + m.roles.table.version + m.supportGroups.table.version + m.projectRoles.version + m.domains.version;
  return {
    env,
    m,
    s,
    json: new UserJson(m, s),
    responses,
    dataVersion,
    lists,
    users: {
      key: 'users',
      fields: userFields(m),
      outputFields: USER_OUTPUT_FIELDS,
      version: () => m.users.version,
      byId: () => m.usersById.all(),
      presorted: { id: () => m.usersById.all(), name: () => m.usersByName.all() },
      containsIndex: {
        name: containsIndex(m, (u) => u.name),
        email_id: containsIndex(m, (u) => u.email),
        login_name: containsIndex(m, (u) => u.login),
      },
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
