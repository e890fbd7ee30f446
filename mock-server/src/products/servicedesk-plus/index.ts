import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ProductModule } from '../product.js';
import { collectionRoutes } from './collections.js';
import { createDeps } from './deps.js';
import { errorForStatus, errorOf, internalError, invalidApiKey, tooLarge } from './errors.js';
import { dispatch } from './router.js';
import { seedServicedeskPlus } from './seed.js';
import { technicianRoutes } from './technicians.js';
import { userRoutes } from './users.js';

const PREFIX = '/servicedesk-plus';

/** ManageEngine ServiceDesk Plus API v3 (users, technicians and what they refer to): see README.md. */
export const servicedeskPlus: ProductModule = {
  id: 'servicedesk-plus',
  title: 'ServiceDesk Plus',
  prefix: PREFIX,
  apiBase: `${PREFIX}/api/v3`,
  seed: (roster, rng) => seedServicedeskPlus(roster, rng),
  app(env) {
    const deps = createDeps(env);
    const routes = [...userRoutes(deps), ...technicianRoutes(deps), ...collectionRoutes(deps)];
    const app = new Hono();
    app.use('*', bodyLimit({ maxSize: env.config.bodyLimit, onError: () => errorOf(tooLarge()) }));
    app.all('*', (c) => dispatch(c, PREFIX, routes, env.config));
    app.onError(() => errorOf(internalError()));
    return app;
  },
  credentials: (config) =>
    `authtoken: ${config.credentials['servicedesk-plus'].authtoken} (or Authorization: Zoho-oauthtoken ${config.credentials['servicedesk-plus'].oauthtoken})`,
  errorResponse: (_c, status) => errorOf(errorForStatus(status)),
  expiredResponse: () => errorOf(invalidApiKey()),
};
