import { Hono, type Context } from 'hono';
import { limitBody } from '../../http/body-limit.js';
import type { ProductModule } from '../product.js';
import { err, errorForStatus } from './errors.js';
import { apiUrlOf, errorResponse } from './http.js';
import { Model } from './model.js';
import { Router } from './router.js';
import { seedItsm } from './seed.js';
import { SessionStore } from './sessions.js';

const PREFIX = '/itsm-ng';
const API_SUFFIX = '/apirest.php';
const API_AT = PREFIX.length;

/** ITSM-NG (GLPI 9.5 `apirest.php`) emulation: see README.md in this folder. */
export const itsmNg: ProductModule = {
  id: 'itsm-ng',
  title: 'ITSM-NG',
  prefix: PREFIX,
  apiBase: '/itsm-ng/apirest.php',
  seed: (roster, rng, config) => seedItsm(roster, rng, config),
  app(env) {
    const model = new Model(env.db);
    const sessions = new SessionStore();
    // the default orders, built once the server is up rather than on the first request
    env.warm(() => model.warm());
    env.db.onReset(() => {
      sessions.clear();
      model.searchCache.clear();
      model.listCache.clear();
      env.warm(() => model.warm());
    });
    const router = new Router(env, model, sessions);
    // the body limit runs inside the one handler rather than as a middleware layer: reads skip it
    // (and stay synchronous when answered from a cache)
    const limit = limitBody(env.config.bodyLimit, (c) => errorResponse(c, c.req.method.toUpperCase(), err.fileTooBig(), apiUrlOf(c)));
    const limited = (handle: (c: Context) => Response | Promise<Response>) => (c: Context) => limit(c, handle);
    const app = new Hono();
    const notFound = (c: Context) =>
      c.html('<!DOCTYPE html><html><head><title>404 Not Found</title></head><body><h1>Not Found</h1><p>The requested URL was not found on this server.</p></body></html>', 404);
    // one route (a second matching one would make Hono compose handlers on every request); outside
    // apirest.php the web server answers
    // Failures are answered here rather than by `app.onError`: a mounted sub-app with its own error
    // handler has every handler wrapped in an async compose (a Promise per request).
    const internalError = (c: Context) => errorResponse(c, c.req.method.toUpperCase(), errorForStatus(500), apiUrlOf(c));
    const guarded =
      (handle: (c: Context) => Response | Promise<Response>) =>
      (c: Context): Response | Promise<Response> => {
        try {
          const res = handle(c);
          return res instanceof Promise ? res.catch(() => internalError(c)) : res;
        } catch {
          return internalError(c);
        }
      };
    app.all(
      '*',
      guarded(
        limited((c) => {
          const path = c.req.path;
          const at = path.indexOf(API_SUFFIX);
          const rest = at < 0 ? undefined : path.slice(at + API_SUFFIX.length);
          return (at === API_AT || at === 0) && (rest === '' || rest!.startsWith('/')) ? router.handle(c) : notFound(c);
        }),
      ),
    );
    return app;
  },
  credentials: (config) => {
    const c = config.credentials['itsm-ng'];
    return `App-Token ${c.appToken}; login ${c.login}/${c.password} or Authorization: user_token ${c.userToken}`;
  },
  errorResponse: (c, status) => errorResponse(c, c.req.method.toUpperCase(), errorForStatus(status), apiUrlOf(c)),
  expiredResponse: (c) => errorResponse(c, c.req.method.toUpperCase(), err.sessionInvalid(), apiUrlOf(c)),
};
