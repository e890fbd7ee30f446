import type { Context } from 'hono';
import { requestHeader } from '../../http/request-header.js';
import type { ProductEnv } from '../product.js';
import { bearerToken, Caller, TokenAuth, VERIFY } from './auth.js';
import { CollectionsApi } from './collections.js';
import { DEFAULT_THROTTLE_PER_MINUTE, LOGIN_PATH, MSG, THROTTLE_ENV } from './constants.js';
import { StoreFailure, type Req } from './context.js';
import { methodNotAllowed, routeNotFound, serverError, tooManyRequests, unauthenticated, type Negotiation } from './errors.js';
import { GroupsApi } from './groups.js';
import { htmlPage, json, toResponse, type Reply } from './http.js';
import { readInput, type RequestInput } from './input.js';
import { SnipeModel, type UserRow } from './model.js';
import { Throttle, throttleLimit } from './throttle.js';
import { UsersApi } from './users.js';
import { QueryFailure, UserQuery } from './users-query.js';

type Handler = (req: Req, params: string[]) => Reply | Promise<Reply>;

interface Route {
  /** Path segments below /api/v1; `*` matches any one segment (a route parameter). */
  readonly pattern: readonly string[];
  readonly methods: Readonly<Record<string, Handler>>;
}

interface RequestUrl {
  readonly origin: string;
  readonly pathname: string;
  readonly search: string;
}

const origins = new Map<string, string>();
/** Paths and queries the URL parser would leave exactly as they are (no dot segments, nothing to encode). */
const PLAIN_PATH = /^\/[A-Za-z0-9_\-/~]*$/;
const PLAIN_QUERY = /^[\x21\x24-\x26\x28-\x3b\x3d\x3f-\x7e]*$/;

/** `new URL(raw)`'s origin, path and query, without parsing the URL when nothing in it needs normalising. */
function requestUrl(raw: string): RequestUrl {
  const pathStart = raw.indexOf('/', raw.indexOf('//') + 2);
  const q = raw.indexOf('?');
  const path = pathStart < 0 ? '' : raw.slice(pathStart, q < 0 ? undefined : q);
  const query = q < 0 ? '' : raw.slice(q + 1);
  if (pathStart < 0 || (q >= 0 && q < pathStart) || !PLAIN_PATH.test(path) || !PLAIN_QUERY.test(query)) return new URL(raw);
  const rawOrigin = raw.slice(0, pathStart);
  let origin = origins.get(rawOrigin);
  if (origin === undefined) {
    origin = new URL(rawOrigin).origin;
    if (origins.size >= 64) origins.clear();
    origins.set(rawOrigin, origin);
  }
  return { origin, pathname: path, search: query === '' ? '' : `?${query}` };
}

const negotiated = new Map<string, boolean>();

/** `expectsJson` for the headers of a request, remembered (clients send the same few over and over). */
function expectsJsonCached(accept: string | undefined, requestedWith: string | undefined, pjax: string | undefined): boolean {
  const key = `${accept ?? ''}\u0000${requestedWith ?? '\u0001'}\u0000${pjax ?? ''}`;
  let hit = negotiated.get(key);
  if (hit === undefined) {
    hit = expectsJson(accept, requestedWith, pjax);
    if (negotiated.size >= 256) negotiated.clear();
    negotiated.set(key, hit);
  }
  return hit;
}

/** Laravel's `expectsJson()` from the request headers. */
export function expectsJson(accept: string | undefined, requestedWith: string | undefined, pjax: string | undefined): boolean {
  const types = (accept ?? '')
    .split(',')
    .map((part, i) => {
      const [type, ...params] = part.split(';').map((s) => s.trim());
      const q = params.find((p) => p.startsWith('q='));
      return { type: type.toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1, i };
    })
    .filter((t) => t.type !== '')
    .sort((a, b) => b.q - a.q || a.i - b.i);
  const first = types[0]?.type;
  const wantsJson = first !== undefined && (first.includes('/json') || first.includes('+json'));
  const acceptsAnything = first === undefined || first === '*/*' || first === '*';
  return wantsJson || (requestedWith === 'XMLHttpRequest' && !pjax && acceptsAnything);
}

/**
 * One request through Snipe-IT's API stack: routing (405 before anything else), Passport
 * authentication, the per-user throttle, then the controller action.
 */
export class SnipeRouter {
  readonly model: SnipeModel;
  private readonly auth: TokenAuth;
  private readonly throttle: Throttle;
  private readonly routes: readonly Route[];
  private readonly callers = new WeakMap<UserRow, { version: number; caller: Caller }>();

  constructor(
    private readonly env: ProductEnv,
    private readonly prefix: string,
  ) {
    this.model = new SnipeModel(env.db);
    const query = new UserQuery(this.model);
    this.auth = new TokenAuth(this.model, env.config);
    this.throttle = new Throttle(throttleLimit(process.env[THROTTLE_ENV], DEFAULT_THROTTLE_PER_MINUTE));
    env.db.onReset(() => {
      this.auth.reset();
      this.throttle.reset();
      query.reset();
      env.warm(() => query.warm());
      env.warm(() => query.warmSearch());
    });
    // the list orders clients ask for first, sorted once the server is up, then the search index
    env.warm(() => query.warm());
    env.warm(() => query.warmSearch());
    const users = new UsersApi(this.model, query, env);
    const groups = new GroupsApi(this.model, env);
    const lists = new CollectionsApi(this.model);
    const missingMethod: Handler = (req) => serverError(req.negotiation);
    this.routes = [
      { pattern: [], methods: { GET: () => json({ status: 'error', message: MSG.baseNotFound, payload: null }, 404) } },
      { pattern: ['companies', 'selectlist'], methods: { GET: (r) => lists.selectlist(r, 'companies') } },
      { pattern: ['companies'], methods: { GET: (r) => lists.companies(r) } },
      { pattern: ['companies', '*'], methods: { GET: (r, [id]) => lists.company(r, id) } },
      { pattern: ['departments', 'selectlist'], methods: { GET: (r) => lists.selectlist(r, 'departments') } },
      { pattern: ['departments'], methods: { GET: (r) => lists.departments(r) } },
      { pattern: ['departments', '*'], methods: { GET: (r, [id]) => lists.department(r, id) } },
      { pattern: ['groups'], methods: { GET: (r) => groups.index(r), POST: (r) => groups.store(r) } },
      {
        pattern: ['groups', '*'],
        methods: { GET: (r, [id]) => groups.show(r, id), PUT: (r, [id]) => groups.update(r, id), PATCH: (r, [id]) => groups.update(r, id), DELETE: (r, [id]) => groups.destroy(r, id) },
      },
      { pattern: ['locations', 'selectlist'], methods: { GET: (r) => lists.selectlist(r, 'locations') } },
      { pattern: ['locations'], methods: { GET: (r) => lists.locations(r) } },
      { pattern: ['locations', '*'], methods: { GET: (r, [id]) => lists.location(r, id) } },
      { pattern: ['users', 'selectlist'], methods: { GET: (r) => users.selectlist(r) } },
      { pattern: ['users', 'two_factor_reset'], methods: { POST: (r) => users.twoFactorReset(r) } },
      { pattern: ['users', 'me'], methods: { GET: (r) => users.me(r) } },
      // routed, but the controller has no such method: the real server fails with a 500
      { pattern: ['users', 'list'], methods: { GET: missingMethod } },
      { pattern: ['users', 'list', '*'], methods: { GET: missingMethod } },
      { pattern: ['users', '*', 'assets'], methods: { GET: (r, [id]) => users.assets(r, id) } },
      { pattern: ['users', '*', 'email'], methods: { POST: (r, [id]) => users.email(r, id) } },
      { pattern: ['users', '*', 'accessories'], methods: { GET: (r, [id]) => users.accessories(r, id) } },
      { pattern: ['users', '*', 'licenses'], methods: { GET: (r, [id]) => users.licenses(r, id) } },
      { pattern: ['users', '*', 'upload'], methods: { POST: missingMethod } },
      { pattern: ['users', '*', 'restore'], methods: { POST: (r, [id]) => users.restore(r, id) } },
      { pattern: ['users'], methods: { GET: (r) => users.index(r), POST: (r) => users.store(r) } },
      {
        pattern: ['users', '*'],
        methods: {
          GET: (r, [id]) => users.show(r, id),
          PUT: (r, [id]) => users.update(r, id, 'PUT'),
          PATCH: (r, [id]) => users.update(r, id, 'PATCH'),
          DELETE: (r, [id]) => users.destroy(r, id),
        },
      },
    ];
  }

  /** Answers synchronously unless something has to wait (a body, a password hash, a disk write). */
  handle(c: Context): Response | Promise<Response> {
    const url = requestUrl(c.req.url);
    const appUrl = `${url.origin}${this.prefix}`;
    const n: Negotiation = {
      expectsJson: expectsJsonCached(requestHeader(c, 'accept'), requestHeader(c, 'x-requested-with'), requestHeader(c, 'x-pjax')),
      appUrl,
      previousUrl: requestHeader(c, 'referer') ?? appUrl,
    };
    const input = readInput(c, url.search.slice(1));
    if (input instanceof Promise) return input.then((i) => this.route(c, url, n, i));
    return this.route(c, url, n, input);
  }

  private route(c: Context, url: RequestUrl, n: Negotiation, input: RequestInput): Response | Promise<Response> {
    const appUrl = n.appUrl;
    const segments = url.pathname
      .slice(this.prefix.length)
      .split('/')
      .filter((s) => s !== '')
      .map((s) => {
        try {
          return decodeURIComponent(s);
        } catch {
          return s;
        }
      });
    if (input.badOverride) return toResponse(routeNotFound(n), appUrl);
    if (segments[0] !== 'api' || segments[1] !== 'v1') {
      if (input.method === 'GET' && segments.length === 1 && `/${segments[0]}` === LOGIN_PATH) {
        return toResponse(htmlPage(200, 'Login', 'Please log in.'), appUrl);
      }
      return toResponse(routeNotFound(n), appUrl);
    }
    const rest = segments.slice(2);
    const method = input.method;
    const matching = this.routes.filter((r) => r.pattern.length === rest.length && r.pattern.every((p, i) => p === '*' || p === rest[i]));
    const route = matching.find((r) => r.methods[method]);
    if (!route && method !== 'GET') {
      // every path answers GET (the fallback route), so any other verb without a route is a 405
      if (method === 'OPTIONS') {
        const allowed = new Set(['GET', 'HEAD']);
        for (const r of matching) for (const m of Object.keys(r.methods)) allowed.add(m);
        return toResponse({ status: 200, body: '', type: 'text/html; charset=utf-8', headers: { allow: [...allowed].join(',') } }, appUrl);
      }
      return toResponse(methodNotAllowed(n), appUrl);
    }

    const token = bearerToken(requestHeader(c, 'authorization'));
    const known = this.auth.authenticateNow(token);
    const call = (user: UserRow | undefined) => this.dispatch(n, input, user, route, rest);
    if (known === VERIFY) return this.auth.authenticate(token).then(call);
    return call(known);
  }

  private dispatch(n: Negotiation, input: RequestInput, user: UserRow | undefined, route: Route | undefined, rest: string[]): Response | Promise<Response> {
    const appUrl = n.appUrl;
    if (!user) return toResponse(unauthenticated(n), appUrl);
    const now = this.env.clock();
    const remaining = this.throttle.hit(user.id, now.getTime());
    if (remaining < 0) return toResponse(tooManyRequests(n, this.throttle.refusal(user.id, now.getTime())), appUrl);

    const caller = this.callerOf(user);
    const req: Req = { input, negotiation: n, caller, now, render: { model: this.model, caller, appUrl, now } };
    const failed = (e: unknown) => {
      if (!(e instanceof QueryFailure || e instanceof StoreFailure)) this.log(e);
      return toResponse(serverError(n), appUrl, this.throttle.headers(remaining));
    };
    let reply: Reply | Promise<Reply>;
    try {
      if (!route) reply = json({ status: 'error', message: MSG.fallbackNotFound, payload: null }, 404);
      else reply = route.methods[input.method](req, rest.filter((_s, i) => route.pattern[i] === '*'));
    } catch (e) {
      return failed(e);
    }
    if (reply instanceof Promise) return reply.then((r) => toResponse(r, appUrl, this.throttle.headers(remaining)), failed);
    return toResponse(reply, appUrl, this.throttle.headers(remaining));
  }

  /** The caller for a user row, reused while neither the row nor any group changes (its rights are memoised). */
  private callerOf(user: UserRow): Caller {
    const version = this.model.groups.version;
    const hit = this.callers.get(user);
    if (hit && hit.version === version) return hit.caller;
    const caller = new Caller(user, this.model);
    this.callers.set(user, { version, caller });
    return caller;
  }

  private log(e: unknown): void {
    // a failed disk write is already undone by the store; anything else is a bug worth seeing
    if (!(e instanceof Error && e.message.startsWith('could not persist'))) console.error('snipe-it:', e);
  }
}
