import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ProductModule } from '../product.js';
import { errorForStatus, internalError, payloadTooLarge, sessionExpired, type Reply } from './errors.js';
import { ForemanRouter } from './router.js';
import { seedForeman } from './seed.js';

const PREFIX = '/foreman';

function send(reply: Reply): Response {
  return new Response(reply.body, { status: reply.status, headers: { 'content-type': reply.type } });
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
    app.use(
      '*',
      bodyLimit({
        maxSize: env.config.bodyLimit,
        onError: (c: Context) => send(payloadTooLarge(c.req.path.slice(PREFIX.length), c.req.method)),
      }),
    );
    app.all('*', (c) => router.handle(c));
    app.onError(() => send(internalError()));
    return app;
  },
  credentials: (config) => `HTTP Basic ${config.credentials.foreman.login}/${config.credentials.foreman.password}`,
  errorResponse: (_c, status) => send(errorForStatus(status)),
  expiredResponse: () => send(sessionExpired()),
};
