import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ProductEnv } from '../product.js';
import { postAuth } from './auth.js';
import { checkAuthToken, type Call, type Caller } from './call.js';
import { Directory } from './directory.js';
import { failure, unsignedFailure, type ReplyContext } from './envelope.js';
import { internalError, PiError } from './errors.js';
import { BodyError, pyUnquote, readParams } from './params.js';
import { defaultRealm, listRealms, listResolvers, superuserRealms } from './realms.js';
import { notFound, optionsResponse, redirectPage, Router, werkzeugPage, type Rule } from './router.js';
import { createUser, deleteUser, listUsers, updateUser } from './users.js';

type Handler = (call: Call, caller: Caller | undefined, args: ReadonlyMap<string, string>) => Promise<Response>;

/** The caller is always present behind the `user` and `admin` blueprints' checks. */
const withCaller =
  (f: (call: Call, caller: Caller) => Promise<Response>): Handler =>
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

/** The privacyIDEA sub-app: one catch-all that routes as Werkzeug does, then runs the blueprint's checks. */
export function createPrivacyideaApp(prefix: string, env: ProductEnv): Hono {
  const dir = new Directory(env.db);
  const app = new Hono();

  const dispatch = async (c: Context, bodyTooLarge: boolean): Promise<Response> => {
    const url = new URL(c.req.url);
    const rawPath = url.pathname.slice(prefix.length) || '/';
    const method = c.req.method;
    const match = router.match(pyUnquote(rawPath), method);
    if (match.kind === 'redirect') return redirectPage(`${url.protocol}//${url.host}${prefix}${rawPath}/${url.search}`);
    if (match.kind === 'method') return werkzeugPage(405, { Allow: match.allow.join(', ') });
    if (match.kind === 'none') return notFound();

    // Any failure to read the body recurs when the response is signed, which turns it into an unsigned 500.
    if (bodyTooLarge) return unsignedFailure(env.clock, internalError());
    let params;
    try {
      params = await readParams(c, match.args, env.config.bodyLimit);
    } catch (e) {
      if (e instanceof BodyError) return unsignedFailure(env.clock, internalError());
      throw e;
    }
    const reply: ReplyContext = { clock: env.clock, nonce: params.get('nonce') };
    const call: Call = { c, env, dir, params, reply };
    try {
      const { blueprint } = match.rule;
      const caller =
        blueprint === 'user' ? checkAuthToken(call, ['user', 'admin'], null) : blueprint === 'admin' ? checkAuthToken(call, ['admin'], null) : undefined;
      if (method === 'OPTIONS') return optionsResponse(match.allow);
      return await match.rule.handler(call, caller, new Map(match.args));
    } catch (e) {
      return failure(reply, e instanceof PiError ? e : internalError());
    }
  };

  app.use('*', bodyLimit({ maxSize: env.config.bodyLimit, onError: (c) => dispatch(c, true) }));
  app.all('*', (c) => dispatch(c, false));
  app.onError(() => failure({ clock: env.clock, nonce: undefined }, internalError()));
  return app;
}
