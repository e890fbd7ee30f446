import { Hono, type Context } from 'hono';
import { limitBody } from '../../http/body-limit.js';
import type { ProductModule } from '../product.js';
import { errorForStatus, internalError, payloadTooLarge, sessionExpired, type Reply } from './errors.js';
import { ForemanRouter } from './router.js';
import { seedForeman } from './seed.js';

const PREFIX = '/foreman';

function send(reply: Reply): Response {
  return new Response(reply.body as BodyInit, { status: reply.status, headers: { 'content-type': reply.type } });
}

/** Foreman API v2: users and what surrounds them (see README.md for the wire behaviour). */
export const foreman: ProductModule = {
  id: 'foreman',
  title: 'Foreman',
  prefix: PREFIX,
  apiBase: `${PREFIX}/api`,
  seed: (roster, rng, config) => seedForeman(roster, rng, config),
  app(env) {
    const router = new ForemanRouter(env, PREFIX);
    const app = new Hono();
    const limit = limitBody(env.config.bodyLimit, (c: Context) => send(payloadTooLarge(c.req.path.slice(PREFIX.length), c.req.method)));
    const handle = (c: Context) => router.handle(c);
    // Errors are answered here rather than by `app.onError`: a sub-app with its own error handler has
    // every handler wrapped in an async compose when mounted, which costs every request a Promise.
    app.all('*', (c): Response | Promise<Response> => {
      try {
        const res = limit(c, handle);
        return res instanceof Promise ? res.catch(() => send(internalError())) : res;
      } catch {
        return send(internalError());
      }
    });
    return app;
  },
  credentials: (config) => `HTTP Basic ${config.credentials.foreman.login}/${config.credentials.foreman.password}`,
  errorResponse: (_c, status) => send(errorForStatus(status)),
  expiredResponse: () => send(sessionExpired()),
};
