import { Hono, type Context } from 'hono';
import { limitBody } from '../../http/body-limit.js';
import type { ProductEnv } from '../product.js';
import { postAuth } from './auth.js';
import { checkAuthToken, type Call, type Caller, type Role } from './call.js';
import { Directory } from './directory.js';
import { failure, unsignedFailure, type ReplyContext } from './envelope.js';
import { internalError, PiError } from './errors.js';
import { BodyError, ParamsByQuery, pyUnquote, readParams, type Params } from './params.js';
import { defaultRealm, listRealms, listResolvers, superuserRealms } from './realms.js';
import { notFound, optionsResponse, redirectPage, Router, werkzeugPage, type Match, type Rule } from './router.js';
import { createUser, deleteUser, listUsers, updateUser } from './users.js';

type Handler = (call: Call, caller: Caller | undefined, args: ReadonlyMap<string, string>) => Response | Promise<Response>;

/** The caller is always present behind the `user` and `admin` blueprints' checks. */
const withCaller =
  (f: (call: Call, caller: Caller) => Response | Promise<Response>): Handler =>
  (call, caller) =>
    f(call, caller!);

const RULES: ReadonlyArray<Rule<Handler>> = [
  { path: '/auth', methods: ['POST'], blueprint: 'auth', handler: (call) => postAuth(call) },
  { path: '/user/', methods: ['GET'], blueprint: 'user', handler: withCaller(listUsers) },
  { path: '/user', methods: ['POST', 'PUT'], blueprint: 'user', handler: (call, caller) => (call.c.req.method === 'PUT' ? updateUser : createUser)(call, caller!) },
  { path: '/user/', methods: ['POST', 'PUT'], blueprint: 'user', handler: (call, caller) => (call.c.req.method === 'PUT' ? updateUser : createUser)(call, caller!) },
  { path: '/user/<resolvername>/<username>', methods: ['DELETE'], blueprint: 'user', handler: withCaller(deleteUser) },
  { path: '/realm/', methods: ['GET'], blueprint: 'admin', handler: (call) => listRealms(call) },
  { path: '/realm/superuser', methods: ['GET'], blueprint: 'admin', handler: (call) => superuserRealms(call) },
  { path: '/defaultrealm', methods: ['GET'], blueprint: 'admin', handler: (call) => defaultRealm(call) },
  { path: '/resolver/', methods: ['GET'], blueprint: 'admin', handler: (call) => listResolvers(call) },
  { path: '/resolver/<resolver>', methods: ['GET'], blueprint: 'admin', handler: (call, _caller, args) => listResolvers(call, args.get('resolver')) },
];

const router = new Router(RULES);
const NO_ARGS: ReadonlyMap<string, string> = new Map();
const ANY_ROLE: readonly Role[] = ['user', 'admin'];
const ADMIN_ROLE: readonly Role[] = ['admin'];
/** Routing answers by method and decoded path (bounded: DELETE paths carry names). */
const ROUTE_CACHE_SIZE = 1024;
/** Parameters of body-less requests kept by query string (a client reading users one by one asks thousands). */
const PARAMS_CACHE_SIZE = 4096;

/** Path and query (without `?`) of a request URL; the adapter's URL is absolute and, when unusual, normalised. */
function pathAndQuery(href: string): [string, string] {
  const start = href.indexOf('/', href.indexOf('//') + 2);
  if (start < 0 || href.includes('#')) {
    const url = new URL(href);
    return [url.pathname, url.search.slice(1)];
  }
  const q = href.indexOf('?', start);
  return q < 0 ? [href.slice(start), ''] : [href.slice(start, q), href.slice(q + 1)];
}

/**
 * The privacyIDEA sub-app: one catch-all handler that routes as Werkzeug does, then runs the
 * blueprint's checks (no middleware: each would cost every request).
 */
export function createPrivacyideaApp(prefix: string, env: ProductEnv): Hono {
  const dir = new Directory(env.db);
  const app = new Hono();
  const routes = new Map<string, Match<Handler>>();
  const byQuery = new ParamsByQuery(PARAMS_CACHE_SIZE);
  // a body over the limit fails as the Flask app's own error handler answers it: an unsigned 500
  const limit = limitBody(env.config.bodyLimit, () => unsignedFailure(env.clock, internalError()));

  const route = (path: string, method: string): Match<Handler> => {
    const key = `${method} ${path}`;
    let match = routes.get(key);
    if (!match) {
      match = router.match(path, method);
      if (routes.size >= ROUTE_CACHE_SIZE) routes.clear();
      routes.set(key, match);
    }
    return match;
  };

  /** Synchronous unless the request has a body to read or its handler waits (writes). */
  const dispatch = (c: Context): Response | Promise<Response> => {
    const [pathname, query] = pathAndQuery(c.req.url);
    const rawPath = pathname.slice(prefix.length) || '/';
    const method = c.req.method;
    const match = route(pyUnquote(rawPath), method);
    if (match.kind === 'redirect') {
      const url = new URL(c.req.url);
      return redirectPage(`${url.protocol}//${url.host}${prefix}${rawPath}/${url.search}`);
    }
    if (match.kind === 'method') return werkzeugPage(405, { Allow: match.allow.join(', ') });
    if (match.kind === 'none') return notFound();

    // Any failure to read the body recurs when the response is signed, which turns it into an unsigned 500.
    const unreadable = (e: unknown) => {
      if (e instanceof BodyError) return unsignedFailure(env.clock, internalError());
      throw e;
    };
    const withParams = (): Response | Promise<Response> => {
      let params;
      try {
        params = readParams(c, query, match.args, env.config.bodyLimit, byQuery);
      } catch (e) {
        return unreadable(e);
      }
      return params instanceof Promise ? params.then((p) => run(c, match, p), unreadable) : run(c, match, params);
    };
    return limit(c, withParams);
  };

  const run = (c: Context, match: Extract<Match<Handler>, { kind: 'rule' }>, params: Params): Response | Promise<Response> => {
    const reply: ReplyContext = { clock: env.clock, nonce: params.get('nonce') };
    const call: Call = { c, env, dir, params, reply };
    const failed = (e: unknown) => failure(reply, e instanceof PiError ? e : internalError());
    try {
      const { blueprint } = match.rule;
      const caller =
        blueprint === 'user' ? checkAuthToken(call, ANY_ROLE, null) : blueprint === 'admin' ? checkAuthToken(call, ADMIN_ROLE, null) : undefined;
      if (c.req.method === 'OPTIONS') return optionsResponse(match.allow);
      const res = match.rule.handler(call, caller, match.args.length ? new Map(match.args) : NO_ARGS);
      return res instanceof Promise ? res.catch(failed) : res;
    } catch (e) {
      return failed(e);
    }
  };

  app.all('*', (c) => {
    // what an error handler on the app would answer
    const broken = () => failure({ clock: env.clock, nonce: undefined }, internalError());
    try {
      const res = dispatch(c);
      return res instanceof Promise ? res.catch(broken) : res;
    } catch {
      return broken();
    }
  });
  return app;
}
