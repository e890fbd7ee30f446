import { Hono, type Context } from 'hono';
import { limitBody } from '../../http/body-limit.js';
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
    // Failures are answered by the dispatch rather than by `app.onError`: a sub-app with its own error
    // handler has every handler wrapped in an async compose when mounted (a Promise per request).
    const limit = limitBody(env.config.bodyLimit, () => errorOf(tooLarge()));
    const handle = (c: Context) => dispatch(c, PREFIX, routes, env.config);
    app.all('*', (c) => {
      const res = limit(c, handle);
      return res instanceof Promise ? res.catch(() => errorOf(internalError())) : res;
    });
    return app;
  },
  credentials: (config) =>
    `authtoken: ${config.credentials['servicedesk-plus'].authtoken} (or Authorization: Zoho-oauthtoken ${config.credentials['servicedesk-plus'].oauthtoken})`,
  errorResponse: (_c, status) => errorOf(errorForStatus(status)),
  expiredResponse: () => errorOf(invalidApiKey()),
};
