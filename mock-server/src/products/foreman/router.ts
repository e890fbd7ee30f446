import type { Context } from 'hono';
import type { ProductEnv } from '../product.js';
import { ForemanAuth, SESSION_COOKIE, type Authentication } from './auth.js';
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
import { header } from './headers.js';
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
  /** Body parameters of requests without a body, by JSON controller (or 'none'). */
  private readonly emptyBodies = new Map<string, ParamHash>();
  private readonly authSources: Record<'auth_sources' | 'auth_source_ldaps' | 'auth_source_externals' | 'auth_source_internals', AuthSources>;

  constructor(
    private readonly env: ProductEnv,
    private readonly prefix: string,
  ) {
    this.model = new ForemanModel(env.db);
    this.auth = new ForemanAuth(this.model, env);
    this.users = new Users(this.model, env.warm);
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

  /**
   * Answers one request. Synchronous as long as nothing has to wait (a GET with known credentials);
   * the answer's headers are a plain object in the order a `Headers` object would list them.
   */
  handle(c: Context): Response | Promise<Response> {
    const method = c.req.method;
    const head = method === 'HEAD';
    const out: AnswerHeaders = { setCookie: undefined, info: undefined };
    let reply: Reply | Promise<Reply>;
    try {
      reply = this.process(c, head ? 'GET' : method, out);
    } catch (e) {
      reply = failure(e);
    }
    if (reply instanceof Promise) {
      return reply.then(
        (r) => answer(r, out, head),
        (e) => answer(failure(e), out, head),
      );
    }
    return answer(reply, out, head);
  }

  private process(c: Context, method: string, out: AnswerHeaders): Reply | Promise<Reply> {
    const route = matchRoute(c.req.path.slice(this.prefix.length), method);
    if (!route) return routeNotFound();
    // GET and HEAD requests have no body (Node's fetch adapter drops it)
    if (method === 'GET') return this.withBody(c, method, route, this.emptyBodyParams(c, route), out);
    return c.req.text().then((text) => this.withBody(c, method, route, this.bodyParams(c, route, text), out));
  }

  private withBody(c: Context, method: string, route: Route, body: ParamHash | Reply, out: AnswerHeaders): Reply | Promise<Reply> {
    if (!(body instanceof Map)) return body;
    const query = queryOf(c);
    const params = mergeParams(body, query === '' ? NO_PARAMS : parseFormParams(query), route.path);
    const now = this.env.clock().getTime();
    const authn = this.auth.authenticate(c, now);
    if (authn instanceof Promise) return authn.then((a) => this.authorized(c, method, route, params, now, a, out));
    return this.authorized(c, method, route, params, now, authn, out);
  }

  private authorized(c: Context, method: string, route: Route, params: ParamHash, now: number, authn: Authentication, out: AnswerHeaders): Reply | Promise<Reply> {
    if (!authn.ok) return authn.blocked ? tooManyTries() : unauthorized(authn.login);
    if (authn.fresh) out.setCookie = `${SESSION_COOKIE}=${authn.session}; path=/; HttpOnly; SameSite=Lax`;
    const caller = authn.user;
    if (caller.disabled) return accountDisabled();
    const admin = this.model.effectiveAdmin(caller);
    const permissions = admin ? NO_PERMISSIONS : this.auth.permissionsOf(caller);

    const resource = PERMISSION[route.controller];
    if (resource && route.action !== 'show_current' && !admin) {
      const permission = `${VERB[route.action]}_${resource}`;
      const self = route.controller === 'users' && (route.action === 'show' || route.action === 'update') && editingSelf(caller, route.id!);
      if (!self && !permissions.has(permission)) return accessDenied(permission);
    }

    const location = this.taxonomyContext(params, 'Location', caller, admin);
    if (location !== null && 'reply' in location) return location.reply;
    const organization = this.taxonomyContext(params, 'Organization', caller, admin);
    if (organization !== null && 'reply' in organization) return organization.reply;

    out.info =
      location || organization
        ? {
            location: location ? `${location.row.id}; ${location.row.name}` : '; ANY',
            organization: organization ? `${organization.row.id}; ${organization.row.name}` : '; ANY',
          }
        : ANY_CONTEXT;

    if (!authn.fresh) {
      if (authn.expired) {
        this.auth.endSession(authn.session);
        return sessionExpired();
      }
      this.auth.touch(authn.session, now);
    }

    if (method === 'POST' || method === 'PUT') {
      const type = header(c, 'content-type');
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
      location: location ? location.row : null,
      organization: organization ? organization.row : null,
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
  private bodyParams(c: Context, route: Route, text: string): ParamHash | Reply {
    const media = mediaType(header(c, 'content-type'));
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

  /** `bodyParams(c, route, '')`, shared (GET parameters are only read): the same few Maps every time. */
  private emptyBodyParams(c: Context, route: Route): ParamHash {
    const media = mediaType(header(c, 'content-type'));
    const kind = JSON_MEDIA.has(media) ? route.controller : 'none';
    let params = this.emptyBodies.get(kind);
    if (params === undefined) {
      params = this.bodyParams(c, route, '') as ParamHash;
      this.emptyBodies.set(kind, params);
    }
    return params;
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

  /** `set_taxonomy`: an explicit `location_id`/`organization_id` must name one the caller may use (null: none given). */
  private taxonomyContext(params: ParamHash, type: TaxonomyType, caller: UserRow, admin: boolean): { row: TaxonomyRow } | { reply: Reply } | null {
    const key = type === 'Location' ? 'location_id' : 'organization_id';
    const raw = params.get(key);
    if (!params.has(key) || blank(raw)) return null;
    const found = findByResourceId(availableTaxonomies(this.model, caller, admin, type), raw, (t) => this.model.title(t));
    if (found) return { row: found };
    return { reply: plainNotFound(`${type} with id ${paramText(raw) ?? ''} not found`) };
  }
}

const NO_PERMISSIONS: ReadonlySet<string> = new Set();
const NO_PARAMS: ParamHash = new Map();

/** The answer's own headers, besides its content type. */
interface AnswerHeaders {
  setCookie: string | undefined;
  /** The info headers, once `set_taxonomy` has run. */
  info: { readonly location: string; readonly organization: string } | undefined;
}

const API_VERSION_TEXT = String(API_VERSION);
const ANY_CONTEXT = { location: '; ANY', organization: '; ANY' } as const;

/**
 * The Response: headers as a plain object (the fast path of the Node adapter), named and ordered as a
 * `Headers` object would list them, with the Content-Length the adapter would append.
 */
function answer(reply: Reply, out: AnswerHeaders, head: boolean): Response {
  const headers: Record<string, string | number> = { 'content-type': reply.type };
  if (out.info) {
    headers.foreman_api_version = API_VERSION_TEXT;
    headers.foreman_current_location = out.info.location;
    headers.foreman_current_organization = out.info.organization;
    headers.foreman_version = FOREMAN_VERSION;
  }
  if (out.setCookie !== undefined) headers['set-cookie'] = out.setCookie;
  if (head) return new Response(null, { status: reply.status, headers: headers as Record<string, string> });
  headers['Content-Length'] = typeof reply.body === 'string' ? Buffer.byteLength(reply.body) : reply.body.byteLength;
  return new Response(reply.body as BodyInit, { status: reply.status, headers: headers as Record<string, string> });
}

/** What an exception becomes. */
function failure(e: unknown): Reply {
  if (e instanceof Halt) return e.reply;
  if (e instanceof QueryNotSupported) return queryNotSupported(e.message);
  if (e instanceof QueryFailed) return internalError(e.message);
  return internalError();
}

/**
 * The query string as `new URL(url).search` gives it (without "?"): the raw text when it holds nothing
 * the URL parser would percent-encode or cut, else the parser's answer.
 */
function queryOf(c: Context): string {
  const url = c.req.url;
  const q = url.indexOf('?');
  if (q < 0) return url.includes('#') ? new URL(url).search.slice(1) : '';
  const raw = url.slice(q + 1);
  return SAFE_QUERY.test(raw) ? raw : new URL(url).search.slice(1);
}
const SAFE_QUERY = /^[!$%&()*+,\-./0-9:;=?@A-Z[\\\]^_`a-z{|}~]*$/;

/** The media type of a Content-Type: up to the first ";" or ",", trimmed, lower case. */
function mediaType(contentType: string | undefined): string {
  if (contentType === undefined) return '';
  if (contentType === 'application/json') return contentType;
  let end = contentType.length;
  for (let i = 0; i < end; i++) {
    const c = contentType.charCodeAt(i);
    if (c === 59 || c === 44) end = i;
  }
  return contentType.slice(0, end).trim().toLowerCase();
}
