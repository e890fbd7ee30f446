import { Hono, type Context } from 'hono';
import { limitBody } from '../../http/body-limit.js';
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
    const limit = limitBody(env.config.bodyLimit, (c: Context) => toResponse(errorForStatus(413), appUrl(c)));
    const handle = (c: Context) => router.handle(c);
    const failed = (c: Context) => toResponse(serverError(), appUrl(c));
    // errors are answered here, not by `app.onError`: a mounted sub-app with its own error handler
    // wraps every handler in an async compose, which costs every request a Promise; a GET answered
    // synchronously lets the Node adapter write it at once
    app.all('*', (c): Response | Promise<Response> => {
      try {
        const res = limit(c, handle);
        return res instanceof Promise ? res.catch(() => failed(c)) : res;
      } catch {
        return failed(c);
      }
    });
    return app;
  },
  credentials: (config) => `Authorization: Bearer ${config.credentials['snipe-it'].token}`,
  errorResponse: (c, status) => toResponse(errorForStatus(status), appUrl(c)),
  expiredResponse: (c) => toResponse(unauthenticated({ expectsJson: true, appUrl: appUrl(c), previousUrl: appUrl(c) }), appUrl(c)),
};
