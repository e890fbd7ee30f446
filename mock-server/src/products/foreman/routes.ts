import type { ParamHash } from './params.js';

/**
 * Foreman's API routes (config/routes/api/v2.rb) for the resources emulated here: `/api/…` and
 * `/api/v2/…`, nested resources, and the `.json` format suffix. User ids may contain dots (the routes
 * constrain `:id` to `[^/]+`); other ids end at a dot, which starts the format.
 */
export type Controller =
  | 'home' | 'users' | 'usergroups' | 'roles' | 'locations' | 'organizations'
  | 'auth_sources' | 'auth_source_ldaps' | 'auth_source_externals' | 'auth_source_internals';
export type Action = 'index' | 'show' | 'create' | 'update' | 'destroy' | 'status' | 'show_current';

export interface Route {
  readonly controller: Controller;
  readonly action: Action;
  /** `params[:id]` as sent (member actions). */
  readonly id?: string;
  /** Path parameters (`role_id`, `id`, …), merged into the request parameters last. */
  readonly path: ParamHash;
}

type Collection = Exclude<Controller, 'home'>;
const ALL: readonly Action[] = ['index', 'show', 'create', 'update', 'destroy'];
const READ: readonly Action[] = ['index', 'show'];

/** What each collection implements at the top level. */
const TOP: Record<Collection, readonly Action[]> = {
  users: ALL,
  usergroups: ALL,
  roles: READ,
  locations: READ,
  organizations: READ,
  auth_sources: READ,
  auth_source_ldaps: READ,
  auth_source_externals: READ,
  auth_source_internals: READ,
};

const AUTH_LISTS = { auth_sources: READ, auth_source_ldaps: READ, auth_source_externals: READ } as const;

/** parent collection → child collection → actions routed. */
const NESTED: Partial<Record<Collection, Partial<Record<Collection, readonly Action[]>>>> = {
  auth_source_ldaps: { users: ALL, locations: READ, organizations: READ },
  auth_source_externals: { users: ['index', 'show', 'create', 'update'], locations: READ, organizations: READ },
  auth_sources: { locations: READ, organizations: READ },
  usergroups: { users: ALL, usergroups: ALL },
  roles: { users: ALL },
  users: { locations: READ, organizations: READ, roles: READ, usergroups: ALL },
  locations: { users: READ, organizations: READ, ...AUTH_LISTS },
  organizations: { users: READ, locations: READ, ...AUTH_LISTS },
};

/** Routes nested two levels: locations/:id/organizations/:id/… and the reverse. */
const DOUBLE: Partial<Record<Collection, readonly Collection[]>> = {
  locations: ['organizations'],
  organizations: ['locations'],
};
const DOUBLE_CHILDREN: Partial<Record<Collection, readonly Action[]>> = { users: READ, ...AUTH_LISTS };

const PARENT_PARAM: Record<Collection, string> = {
  users: 'user_id',
  usergroups: 'usergroup_id',
  roles: 'role_id',
  locations: 'location_id',
  organizations: 'organization_id',
  auth_sources: 'auth_source_id',
  auth_source_ldaps: 'auth_source_ldap_id',
  auth_source_externals: 'auth_source_external_id',
  auth_source_internals: 'auth_source_internal_id',
};

const isCollection = (s: string): s is Collection => Object.hasOwn(TOP, s);

/** A path segment without its `.json` suffix; undefined when it names another format. */
function withoutFormat(segment: string, dotsAllowed: boolean): string | undefined {
  if (dotsAllowed) return segment;
  const dot = segment.indexOf('.');
  if (dot < 0) return segment;
  return segment.slice(dot + 1) === 'json' ? segment.slice(0, dot) : undefined;
}

const routeCache = new Map<string, Route | null>();
const ROUTE_CACHE_SIZE = 10_000;

/**
 * Matches a path below the product prefix; null when Rails would find no route. Answers are kept (by
 * method and path) and shared: a Route and its `path` parameters are never changed.
 */
export function matchRoute(pathBelowPrefix: string, method: string): Route | null {
  const key = `${method} ${pathBelowPrefix}`;
  let route = routeCache.get(key);
  if (route === undefined) {
    route = parseRoute(pathBelowPrefix, method);
    if (routeCache.size >= ROUTE_CACHE_SIZE) routeCache.clear();
    routeCache.set(key, route);
  }
  return route;
}

function parseRoute(pathBelowPrefix: string, method: string): Route | null {
  let segments = pathBelowPrefix.split('/').slice(1).map(decodeSegment);
  if (segments.some((s) => s === undefined)) return null;
  if (segments.length && segments[segments.length - 1] === '') segments = segments.slice(0, -1);
  const seg = segments as string[];
  if (seg[0] !== 'api' && seg[0] !== 'api.json') return null;
  let rest = seg[0] === 'api.json' ? [] : seg.slice(1);
  if (seg[0] === 'api' && (rest[0] === 'v2' || rest[0] === 'v2.json')) rest = rest[0] === 'v2.json' ? [] : rest.slice(1);
  if (seg[0] === 'api.json' && seg.length > 1) return null;

  const path: ParamHash = new Map();
  if (rest.length === 0) return method === 'GET' ? { controller: 'home', action: 'index', path } : null;
  if (rest.length === 1) {
    const single = withoutFormat(rest[0], false);
    if (single === 'status') return method === 'GET' ? { controller: 'home', action: 'status', path } : null;
    if (single === 'current_user') return method === 'GET' ? { controller: 'users', action: 'show_current', path } : null;
  }

  // [collection, id, collection, id, …]: the last collection is the controller
  const pairs: Array<[Collection, string | undefined]> = [];
  for (let i = 0; i < rest.length; i += 2) {
    const last = i + 2 >= rest.length;
    const name = last && i + 1 >= rest.length ? withoutFormat(rest[i], false) : rest[i];
    if (name === undefined || !isCollection(name)) return null;
    let id: string | undefined;
    if (i + 1 < rest.length) {
      id = withoutFormat(rest[i + 1], last && name === 'users');
      if (id === undefined || id === '') return null;
    }
    pairs.push([name, id]);
  }
  const [controller, id] = pairs[pairs.length - 1];
  const parents = pairs.slice(0, -1);
  if (parents.some(([, pid]) => pid === undefined)) return null;

  let allowed: readonly Action[] | undefined;
  if (parents.length === 0) allowed = TOP[controller];
  else if (parents.length === 1) allowed = NESTED[parents[0][0]]?.[controller];
  else if (parents.length === 2 && DOUBLE[parents[0][0]]?.includes(parents[1][0])) allowed = DOUBLE_CHILDREN[controller];
  if (!allowed) return null;

  const action = actionFor(method, id !== undefined);
  if (!action || !allowed.includes(action) || !TOP[controller].includes(action)) return null;
  for (const [name, pid] of parents) path.set(PARENT_PARAM[name], pid!);
  if (id !== undefined) path.set('id', id);
  return { controller, action, id, path };
}

function actionFor(method: string, member: boolean): Action | undefined {
  if (!member) return method === 'GET' ? 'index' : method === 'POST' ? 'create' : undefined;
  if (method === 'GET') return 'show';
  if (method === 'PUT' || method === 'PATCH') return 'update';
  if (method === 'DELETE') return 'destroy';
  return undefined;
}

function decodeSegment(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

/** `GET /api`: the documented resources and their actions (apipie's first route of each method). */
export function apiLinks(): Record<string, Record<string, string>> {
  return {
    auth_source_externals: {
      'List external authentication sources': '/api/auth_source_externals',
      'Show an external authentication source': '/api/auth_source_externals/:id',
    },
    auth_source_internals: {
      'List internal authentication sources': '/api/auth_source_internals',
      'Show an internal authentication source': '/api/auth_source_internals/:id',
    },
    auth_source_ldaps: {
      'List all LDAP authentication sources': '/api/auth_source_ldaps',
      'Show an LDAP authentication source': '/api/auth_source_ldaps/:id',
    },
    auth_sources: {
      'List all authentication sources': '/api/auth_sources',
      'Show an authentication source': '/api/auth_sources/:id',
    },
    home: { 'Show available API links': '/api', 'Show status': '/api/status' },
    locations: { 'List all locations': '/api/locations', 'Show a location': '/api/locations/:id' },
    organizations: { 'List all organizations': '/api/organizations', 'Show organization': '/api/organizations/:id' },
    roles: { 'List all roles': '/api/roles', 'Show a role': '/api/roles/:id' },
    usergroups: {
      'List all user groups': '/api/usergroups',
      'Show a user group': '/api/usergroups/:id',
      'Create a user group': '/api/usergroups',
      'Update a user group': '/api/usergroups/:id',
      'Delete a user group': '/api/usergroups/:id',
    },
    users: {
      'List all users': '/api/users',
      'Show a user': '/api/users/:id',
      'Show the currently logged-in user': '/api/current_user',
      'Create a user': '/api/users',
      'Update a user': '/api/users/:id',
      'Delete a user': '/api/users/:id',
    },
  };
}
