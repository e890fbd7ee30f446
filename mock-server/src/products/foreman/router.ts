import type { Context } from 'hono';
import type { ProductEnv } from '../product.js';
import { ForemanAuth, SESSION_COOKIE } from './auth.js';
import { AuthSources, Roles, Taxonomies } from './collections.js';
import { API_VERSION, FOREMAN_VERSION } from './constants.js';
import { availableTaxonomies, findByResourceId, paramText, type Req } from './context.js';
import {
  accessDenied,
  accountDisabled,
  Halt,
  internalError,
  json,
  jsonParseError,
  plainNotFound,
  queryNotSupported,
  routeNotFound,
  sessionExpired,
  tooManyTries,
  unauthorized,
  unsupportedMediaType,
  type Reply,
} from './errors.js';
import { ForemanModel, type TaxonomyRow, type TaxonomyType, type UserRow } from './model.js';
import { blank, isHash, JsonSyntaxError, mergeParams, parseFormParams, parseJson, type ParamHash } from './params.js';
import { apiLinks, matchRoute, type Action, type Controller, type Route } from './routes.js';
import { QueryFailed, QueryNotSupported } from './search.js';
import { USER_WRAP_KEYS } from './user-form.js';
import { USERGROUP_WRAP_KEYS, Usergroups } from './usergroups.js';
import { editingSelf, Users } from './users.js';

const JSON_MEDIA = new Set(['application/json', 'text/x-json', 'application/jsonrequest']);

/** The permission each action needs (null: authentication only). */
const PERMISSION: Record<Controller, string | null> = {
  home: null,
  users: 'users',
  usergroups: 'usergroups',
  roles: 'roles',
  locations: 'locations',
  organizations: 'organizations',
  auth_sources: 'authenticators',
  auth_source_ldaps: 'authenticators',
  auth_source_externals: 'authenticators',
  auth_source_internals: 'authenticators',
};
const VERB: Record<Action, string> = { index: 'view', show: 'view', create: 'create', update: 'edit', destroy: 'destroy', status: 'view', show_current: 'view' };

/**
 * One request through Foreman's API stack: routing, parameter parsing (JSON errors before anything
 * else), `authorize` (brute-force guard, authentication, disabled accounts, permissions),
 * `set_taxonomy`, the info headers, session expiry, the media-type check, then the action.
 */
export class ForemanRouter {
  readonly model: ForemanModel;
  readonly auth: ForemanAuth;
  private readonly users: Users;
  private readonly usergroups: Usergroups;
  private readonly roles: Roles;
  private readonly locations: Taxonomies;
  private readonly organizations: Taxonomies;
  private readonly authSources: Record<'auth_sources' | 'auth_source_ldaps' | 'auth_source_externals' | 'auth_source_internals', AuthSources>;

  constructor(
    private readonly env: ProductEnv,
    private readonly prefix: string,
  ) {
    this.model = new ForemanModel(env.db);
    this.auth = new ForemanAuth(this.model, env);
    this.users = new Users(this.model);
    this.usergroups = new Usergroups(this.model);
    this.roles = new Roles(this.model);
    this.locations = new Taxonomies(this.model, 'Location');
    this.organizations = new Taxonomies(this.model, 'Organization');
    this.authSources = {
      auth_sources: new AuthSources(this.model, 'auth_source'),
      auth_source_ldaps: new AuthSources(this.model, 'auth_source_ldap'),
      auth_source_externals: new AuthSources(this.model, 'auth_source_external'),
      auth_source_internals: new AuthSources(this.model, 'auth_source_internal'),
    };
  }

  async handle(c: Context): Promise<Response> {
    const headers = new Headers();
    const head = c.req.method === 'HEAD';
    let reply: Reply;
    try {
      reply = await this.process(c, head ? 'GET' : c.req.method, headers);
    } catch (e) {
      if (e instanceof Halt) reply = e.reply;
      else if (e instanceof QueryNotSupported) reply = queryNotSupported(e.message);
      else if (e instanceof QueryFailed) reply = internalError(e.message);
      else reply = internalError();
    }
    headers.set('content-type', reply.type);
    return new Response(head ? null : reply.body, { status: reply.status, headers });
  }

  private async process(c: Context, method: string, headers: Headers): Promise<Reply> {
    const route = matchRoute(c.req.path.slice(this.prefix.length), method);
    if (!route) return routeNotFound();

    const body = await this.bodyParams(c, route);
    if (!(body instanceof Map)) return body;
    const url = new URL(c.req.url);
    const params = mergeParams(body, parseFormParams(url.search.slice(1)), route.path);

    const now = this.env.clock().getTime();
    const authn = await this.auth.authenticate(c, now);
    if (!authn.ok) return authn.blocked ? tooManyTries() : unauthorized(authn.login);
    if (authn.fresh) headers.append('set-cookie', `${SESSION_COOKIE}=${authn.session}; path=/; HttpOnly; SameSite=Lax`);
    const caller = authn.user;
    if (caller.disabled) return accountDisabled();
    const admin = this.model.effectiveAdmin(caller);
    const permissions = admin ? new Set<string>() : this.auth.permissionsOf(caller);

    const resource = PERMISSION[route.controller];
    if (resource && route.action !== 'show_current' && !admin) {
      const permission = `${VERB[route.action]}_${resource}`;
      const self = route.controller === 'users' && (route.action === 'show' || route.action === 'update') && editingSelf(caller, route.id!);
      if (!self && !permissions.has(permission)) return accessDenied(permission);
    }

    const locationContext = this.taxonomyContext(params, 'Location', caller, admin);
    if ('reply' in locationContext) return locationContext.reply;
    const organizationContext = this.taxonomyContext(params, 'Organization', caller, admin);
    if ('reply' in organizationContext) return organizationContext.reply;
    const location = locationContext.row;
    const organization = organizationContext.row;

    headers.set('foreman_version', FOREMAN_VERSION);
    headers.set('foreman_api_version', String(API_VERSION));
    headers.set('foreman_current_location', location ? `${location.id}; ${location.name}` : '; ANY');
    headers.set('foreman_current_organization', organization ? `${organization.id}; ${organization.name}` : '; ANY');

    if (!authn.fresh) {
      if (authn.expired) {
        this.auth.endSession(authn.session);
        return sessionExpired();
      }
      this.auth.touch(authn.session, now);
    }

    if (method === 'POST' || method === 'PUT') {
      const type = c.req.header('content-type');
      if (mediaType(type) !== 'application/json') return unsupportedMediaType(type ?? '');
    }

    const req: Req = {
      c,
      env: this.env,
      model: this.model,
      auth: this.auth,
      method,
      action: route.action,
      params,
      now,
      caller: this.model.user(caller.id) ?? caller,
      admin,
      permissions,
      location,
      organization,
    };
    return this.dispatch(req, route);
  }

  private dispatch(req: Req, route: Route): Reply | Promise<Reply> {
    const id = route.id!;
    switch (route.controller) {
      case 'home':
        return route.action === 'status'
          ? json(200, { result: 'ok', status: 200, version: FOREMAN_VERSION, api_version: API_VERSION })
          : json(200, { links: apiLinks() });
      case 'users':
        switch (route.action) {
          case 'show_current':
            return this.users.current(req);
          case 'index':
            return this.users.index(req);
          case 'show':
            return this.users.show(req, id);
          case 'create':
            return this.users.create(req);
          case 'update':
            return this.users.update(req, id);
          default:
            return this.users.destroy(req, id);
        }
      case 'usergroups':
        switch (route.action) {
          case 'index':
            return this.usergroups.index(req);
          case 'show':
            return this.usergroups.show(req, id);
          case 'create':
            return this.usergroups.create(req);
          case 'update':
            return this.usergroups.update(req, id);
          default:
            return this.usergroups.destroy(req, id);
        }
      case 'roles':
        return route.action === 'index' ? this.roles.index(req) : this.roles.show(req, id);
      case 'locations':
        return route.action === 'index' ? this.locations.index(req) : this.locations.show(req, id);
      case 'organizations':
        return route.action === 'index' ? this.organizations.index(req) : this.organizations.show(req, id);
      default: {
        const list = this.authSources[route.controller];
        return route.action === 'index' ? list.index(req) : list.show(req, id);
      }
    }
  }

  /**
   * The body's parameters: JSON (a syntax error answers 400 before anything else) or a form. A JSON
   * object without the resource's key has its attribute keys copied under it (`wrap_parameters`).
   */
  private async bodyParams(c: Context, route: Route): Promise<ParamHash | Reply> {
    const media = mediaType(c.req.header('content-type'));
    const text = await c.req.text();
    if (JSON_MEDIA.has(media)) {
      if (!text.length) return this.wrap(new Map(), route);
      let value;
      try {
        value = parseJson(text);
      } catch (e) {
        if (e instanceof JsonSyntaxError) return jsonParseError(e.message);
        throw e;
      }
      return isHash(value) ? this.wrap(value, route) : new Map([['_json', value]]);
    }
    if (media === 'application/x-www-form-urlencoded') return parseFormParams(text);
    return new Map();
  }

  private wrap(body: ParamHash, route: Route): ParamHash {
    const [key, keys] =
      route.controller === 'users' ? ['user', USER_WRAP_KEYS] : route.controller === 'usergroups' ? ['usergroup', USERGROUP_WRAP_KEYS] : [undefined, []];
    if (!key || body.has(key)) return body;
    const wrapped: ParamHash = new Map();
    for (const k of keys) if (body.has(k)) wrapped.set(k, body.get(k)!);
    const out = new Map(body);
    out.set(key, wrapped);
    return out;
  }

  /** `set_taxonomy`: an explicit `location_id`/`organization_id` must name one the caller may use. */
  private taxonomyContext(params: ParamHash, type: TaxonomyType, caller: UserRow, admin: boolean): { row: TaxonomyRow | null } | { reply: Reply } {
    const key = type === 'Location' ? 'location_id' : 'organization_id';
    const raw = params.get(key);
    if (!params.has(key) || blank(raw)) return { row: null };
    const found = findByResourceId(availableTaxonomies(this.model, caller, admin, type), raw, (t) => this.model.title(t));
    if (found) return { row: found };
    return { reply: plainNotFound(`${type} with id ${paramText(raw) ?? ''} not found`) };
  }
}

function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(/\s*[;,]\s*/, 1)[0].trim().toLowerCase();
}
