import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ProductModule } from '../product.js';
import { err, errorForStatus } from './errors.js';
import { apiUrlOf, errorResponse } from './http.js';
import { Model } from './model.js';
import { Router } from './router.js';
import { seedItsm } from './seed.js';
import { SessionStore } from './sessions.js';

/** ITSM-NG (GLPI 9.5 `apirest.php`) emulation: see README.md in this folder. */
export const itsmNg: ProductModule = {
  id: 'itsm-ng',
  title: 'ITSM-NG',
  prefix: '/itsm-ng',
  apiBase: '/itsm-ng/apirest.php',
  seed: (roster, rng, config) => seedItsm(roster, rng, config),
  app(env) {
    const model = new Model(env.db);
    const sessions = new SessionStore();
    // build the default orders now rather than on the first request
    setImmediate(() => model.warm());
    env.db.onReset(() => {
      sessions.clear();
      model.searchCache.clear();
      model.listCache.clear();
      setImmediate(() => model.warm());
    });
    const router = new Router(env, model, sessions);
    const app = new Hono();
    app.use(
      '*',
      bodyLimit({
        maxSize: env.config.bodyLimit,
        onError: (c) => errorResponse(c, c.req.method.toUpperCase(), err.fileTooBig(), apiUrlOf(c)),
      }),
    );
    app.all('/apirest.php', (c) => router.handle(c));
    app.all('/apirest.php/*', (c) => router.handle(c));
    // outside apirest.php the web server answers
    app.all('*', (c) => c.html('<!DOCTYPE html><html><head><title>404 Not Found</title></head><body><h1>Not Found</h1><p>The requested URL was not found on this server.</p></body></html>', 404));
    app.onError((_e, c) => errorResponse(c, c.req.method.toUpperCase(), errorForStatus(500), apiUrlOf(c)));
    return app;
  },
  credentials: (config) => {
    const c = config.credentials['itsm-ng'];
    return `App-Token ${c.appToken}; login ${c.login}/${c.password} or Authorization: user_token ${c.userToken}`;
  },
  errorResponse: (c, status) => errorResponse(c, c.req.method.toUpperCase(), errorForStatus(status), apiUrlOf(c)),
  expiredResponse: (c) => errorResponse(c, c.req.method.toUpperCase(), err.sessionInvalid(), apiUrlOf(c)),
};
