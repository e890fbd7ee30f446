import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ProductModule } from '../product.js';
import { errorForStatus, serverError, unauthenticated } from './errors.js';
import { toResponse } from './http.js';
import { SnipeRouter } from './router.js';
import { seedSnipeIt } from './seed.js';

const PREFIX = '/snipe-it';

function appUrl(c: Context): string {
  return `${new URL(c.req.url).origin}${PREFIX}`;
}

/** Snipe-IT API v1: users, permission groups and the records they refer to (see README.md). */
export const snipeIt: ProductModule = {
  id: 'snipe-it',
  title: 'Snipe-IT',
  prefix: PREFIX,
  apiBase: `${PREFIX}/api/v1`,
  seed: (roster, rng) => seedSnipeIt(roster, rng),
  app(env) {
    const router = new SnipeRouter(env, PREFIX);
    const app = new Hono();
    app.use(
      '*',
      bodyLimit({
        maxSize: env.config.bodyLimit,
        onError: (c: Context) => toResponse(errorForStatus(413), appUrl(c)),
      }),
    );
    app.all('*', (c) => router.handle(c));
    app.onError((_err, c) => toResponse(serverError(), appUrl(c)));
    return app;
  },
  credentials: (config) => `Authorization: Bearer ${config.credentials['snipe-it'].token}`,
  errorResponse: (c, status) => toResponse(errorForStatus(status), appUrl(c)),
  expiredResponse: (c) => toResponse(unauthenticated({ expectsJson: true, appUrl: appUrl(c), previousUrl: appUrl(c) }), appUrl(c)),
};
