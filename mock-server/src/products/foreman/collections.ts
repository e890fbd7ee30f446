import { BUILTIN_DEFAULT_ROLE } from './constants.js';
import { availableTaxonomies, integerText, type Req } from './context.js';
import { halt, internalError, json, resourceNotFound, type Reply } from './errors.js';
import { renderIndex, ResultCache } from './listing.js';
import type { AuthSourceRow, AuthSourceType, ForemanModel, RoleRow, TaxonomyRow, TaxonomyType, UsergroupRow, UserRow } from './model.js';
import { NO_IDS } from './model.js';
import { detectParent, type Parent } from './parents.js';
import { rubyToI } from './params.js';
import type { ManyRelation, SearchDefinition, SearchField } from './search.js';
import { authSourceItem, externalItem, internalItem, ldapItem, roleMain, roleShow, taxonomyMain, taxonomyShow } from './serialize.js';

/** The read-only collections around users: roles, locations, organizations and the auth sources. */

const byName = <T extends { name: string; id: number }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id);
const byId = <T extends { id: number }>(a: T, b: T) => a.id - b.id;

/** `<id>-<name>`, the friendly name, or the id (`to_i`), within the scope; else 404. */
function findIn<T extends { id: number }>(rows: readonly T[], id: string, friendly: ((r: T) => string) | undefined, resource: string): T {
  const byIdName = /^\d+-/.test(id) ? rows.find((r) => r.id === parseInt(id, 10)) : undefined;
  const named = friendly && !integerText(id) ? rows.find((r) => friendly(r) === id) : undefined;
  const found = byIdName ?? named ?? rows.find((r) => r.id === rubyToI(id));
  if (!found) halt(resourceNotFound(resource, id));
  return found;
}

function taxonomyRelation<R extends { locs: readonly number[]; orgs: readonly number[] }>(
  model: ForemanModel,
  type: TaxonomyType,
  value: 'name' | 'id',
): ManyRelation<R> {
  const of = (r: R) => (type === 'Location' ? r.locs : r.orgs);
  return {
    candidates: () => model.taxonomiesOfType(type).map((t) => ({ id: t.id, value: value === 'name' ? t.name : t.id })),
    linked: (r, ids) => of(r).some((id) => ids.has(id)),
    any: (r) => of(r).length > 0,
    values: (r) => of(r).map((id) => (value === 'name' ? model.taxonomies.get(id)?.name ?? null : id)),
  };
}

function associationNotFound(parent: Parent): never {
  halt(internalError(`Association not found for ${parent.name}`));
}

export class Roles {
  private readonly def: SearchDefinition<RoleRow>;
  private readonly results = new ResultCache();

  constructor(private readonly model: ForemanModel) {
    model.db.onReset(() => this.results.clear());
    const perms: ManyRelation<RoleRow> = {
      candidates: () => [],
      linked: () => false,
      any: (r) => r.permissions.length > 0,
      values: (r) => [...r.permissions],
    };
    this.def = {
      fields: new Map<string, SearchField<RoleRow, never>>([
        ['id', { type: 'integer', column: 'id', explicitOnly: true, integerValidator: true, value: (r) => r.id }],
        ['name', { type: 'string', column: 'name', value: (r) => r.name }],
        ['builtin', { type: 'integer', column: 'builtin', set: 'numeric', value: (r) => r.builtin }],
        ['description', { type: 'text', column: 'description', nullable: true, value: (r) => r.description }],
        [
          'locked',
          {
            type: 'boolean',
            column: 'locked',
            explicitOnly: true,
            ext: (r, _x, op, raw) => {
              const want = op === '<>' ? raw !== 'true' : raw === 'true';
              return (r.origin !== null && r.builtin !== BUILTIN_DEFAULT_ROLE) === want;
            },
          },
        ],
        [
          'permission',
          {
            type: 'string',
            column: 'name',
            explicitOnly: true,
            many: perms,
            ext: (r, _x, op, raw) => {
              const lower = raw.toLowerCase();
              if (op === '<>') return !r.permissions.includes(raw);
              if (op === 'ILIKE') return r.permissions.some((p) => p.toLowerCase().includes(lower));
              if (op === 'NOT ILIKE') return !r.permissions.some((p) => p.toLowerCase().includes(lower));
              return r.permissions.includes(raw);
            },
          },
        ],
      ]),
    };
  }

  private scope(req: Req): { rows: RoleRow[]; key: string } {
    const m = this.model;
    const all = [...m.roles.values()];
    const parent = detectParent(req, ['user_id']);
    if (!parent) return { rows: all.sort(byId), key: 'all' };
    const record = parent.record;
    let rows: RoleRow[];
    switch (parent.name) {
      case 'user':
        rows = record ? all.filter((r) => m.roleIdsOf(record as UserRow).includes(r.id)) : [];
        break;
      case 'usergroup':
        rows = record ? all.filter((r) => (record as UsergroupRow).roles.includes(r.id)) : [];
        break;
      case 'location':
      case 'organization':
        if (parent.anyTaxonomy) rows = all;
        else rows = record ? all.filter((r) => (parent.name === 'location' ? r.locs : r.orgs).includes(record.id)) : [];
        break;
      default:
        associationNotFound(parent);
    }
    return { rows: rows.sort(byId), key: `${parent.name}:${record?.id ?? 'any'}` };
  }

  index(req: Req): Reply {
    const { rows, key } = this.scope(req);
    return renderIndex(req, { def: this.def, scope: rows, cacheKey: key, render: roleMain, permissionResource: 'roles', defaultOrderParam: 'name' }, this.results);
  }

  show(req: Req, id: string): Reply {
    const role = findIn(this.scope(req).rows, id, (r) => r.name, 'role');
    return json(200, roleShow(this.model, role));
  }
}

export class Taxonomies {
  private readonly def: SearchDefinition<TaxonomyRow>;
  private readonly results = new ResultCache();
  private readonly resource: string;

  constructor(
    private readonly model: ForemanModel,
    private readonly type: TaxonomyType,
  ) {
    model.db.onReset(() => this.results.clear());
    this.resource = type === 'Location' ? 'location' : 'organization';
    this.def = {
      defaultOrder: 'title',
      fields: new Map<string, SearchField<TaxonomyRow, never>>([
        ['description', { type: 'text', column: 'description', explicitOnly: true, nullable: true, value: (t) => t.description }],
        ['id', { type: 'integer', column: 'id', integerValidator: true, value: (t) => t.id }],
        [`${this.resource}_id`, { type: 'integer', column: 'id', explicitOnly: true, integerValidator: true, value: (t) => t.id }],
        ['title', { type: 'string', column: 'title', nullable: true, value: (t) => model.title(t) }],
        ['name', { type: 'string', column: 'name', value: (t) => t.name }],
      ]),
    };
  }

  private scope(req: Req): { rows: TaxonomyRow[]; key: string } {
    const m = this.model;
    const all = availableTaxonomies(m, req.caller, req.admin, this.type);
    const titled = (rows: TaxonomyRow[]) => rows.map((t) => ({ t, title: m.title(t) })).sort((a, b) => (a.title < b.title ? -1 : a.title > b.title ? 1 : a.t.id - b.t.id)).map((x) => x.t);
    const parent = detectParent(req, []);
    if (!parent) return { rows: titled(all), key: `all:${req.caller.id}` };
    const record = parent.record;
    let rows: TaxonomyRow[];
    switch (parent.name) {
      case 'location':
      case 'organization':
        rows = all;
        break;
      case 'user': {
        const own = record ? (this.type === 'Location' ? (record as UserRow).locs : (record as UserRow).orgs) ?? NO_IDS : NO_IDS;
        rows = all.filter((t) => own.includes(t.id));
        break;
      }
      case 'role': {
        const own = record ? (this.type === 'Location' ? (record as RoleRow).locs : (record as RoleRow).orgs) : NO_IDS;
        rows = all.filter((t) => own.includes(t.id));
        break;
      }
      case 'usergroup':
        associationNotFound(parent);
      default: {
        const own = record ? (this.type === 'Location' ? (record as AuthSourceRow).locs : (record as AuthSourceRow).orgs) : NO_IDS;
        rows = all.filter((t) => own.includes(t.id));
      }
    }
    return { rows: rows.sort(byId), key: `${parent.name}:${record?.id ?? 'any'}:${req.caller.id}` };
  }

  index(req: Req): Reply {
    const { rows, key } = this.scope(req);
    return renderIndex(
      req,
      { def: this.def, scope: rows, cacheKey: key, render: (t) => taxonomyMain(this.model, t), permissionResource: `${this.resource}s` },
      this.results,
    );
  }

  show(req: Req, id: string): Reply {
    const t = findIn(this.scope(req).rows, id, (x) => this.model.title(x), this.resource);
    return json(200, taxonomyShow(this.model, t));
  }
}

type AuthSourceKind = 'auth_source' | 'auth_source_ldap' | 'auth_source_external' | 'auth_source_internal';

const KIND_TYPE: Record<AuthSourceKind, AuthSourceType | undefined> = {
  auth_source: undefined,
  auth_source_ldap: 'AuthSourceLdap',
  auth_source_external: 'AuthSourceExternal',
  auth_source_internal: 'AuthSourceInternal',
};

export class AuthSources {
  private readonly def: SearchDefinition<AuthSourceRow>;
  private readonly results = new ResultCache();

  constructor(
    private readonly model: ForemanModel,
    private readonly kind: AuthSourceKind,
  ) {
    model.db.onReset(() => this.results.clear());
    this.def = {
      fields: new Map<string, SearchField<AuthSourceRow, never>>([
        ['name', { type: 'string', column: 'name', value: (a) => a.name }],
        ['location', { type: 'string', column: 'name', explicitOnly: true, many: taxonomyRelation(model, 'Location', 'name') }],
        ['location_id', { type: 'integer', column: 'id', explicitOnly: true, integerValidator: true, many: taxonomyRelation(model, 'Location', 'id') }],
        ['organization', { type: 'string', column: 'name', explicitOnly: true, many: taxonomyRelation(model, 'Organization', 'name') }],
        ['organization_id', { type: 'integer', column: 'id', explicitOnly: true, integerValidator: true, many: taxonomyRelation(model, 'Organization', 'id') }],
        ['id', { type: 'integer', column: 'id', explicitOnly: true, integerValidator: true, value: (a) => a.id }],
      ]),
    };
  }

  private render(a: AuthSourceRow, show: boolean): unknown {
    switch (this.kind) {
      case 'auth_source':
        return authSourceItem(this.model, a);
      case 'auth_source_ldap':
        return ldapItem(this.model, a, show);
      case 'auth_source_external':
        return externalItem(this.model, a, show);
      default:
        return internalItem(a);
    }
  }

  private scope(req: Req): { rows: AuthSourceRow[]; key: string } {
    const type = KIND_TYPE[this.kind];
    let rows = [...this.model.authSources.values()].filter((a) => (type ? a.type === type : a.type !== 'AuthSourceHidden'));
    rows.sort(this.kind === 'auth_source_ldap' ? byName : byId);
    const parent = detectParent(req, []);
    if (!parent) return { rows, key: 'all' };
    if ((parent.name === 'location' || parent.name === 'organization') && !parent.anyTaxonomy) {
      const id = parent.record?.id;
      rows = rows.filter((a) => (parent.name === 'location' ? a.locs : a.orgs).includes(id ?? -1)).sort(byId);
    } else if (parent.name !== 'location' && parent.name !== 'organization' && !parent.name.startsWith('auth_source')) {
      associationNotFound(parent);
    }
    return { rows, key: `${parent.name}:${parent.record?.id ?? 'any'}` };
  }

  index(req: Req): Reply {
    const { rows, key } = this.scope(req);
    return renderIndex(req, { def: this.def, scope: rows, cacheKey: key, render: (a) => this.render(a, false), permissionResource: 'authenticators' }, this.results);
  }

  show(req: Req, id: string): Reply {
    const a = findIn(this.scope(req).rows, id, undefined, this.kind);
    return json(200, this.render(a, true));
  }
}

