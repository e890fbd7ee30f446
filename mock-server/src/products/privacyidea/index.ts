import { Hono } from 'hono';
import type { ProductModule } from '../product.js';

/** privacyIDEA emulation (being built: see its README once written). */
export const privacyidea: ProductModule = {
  id: 'privacyidea',
  title: 'privacyIDEA',
  prefix: '/privacyidea',
  apiBase: '/privacyidea',
  async seed() {
    return { tables: {} };
  },
  app() {
    const app = new Hono();
    app.all('*', (c) => c.json({ error: 'Not implemented yet' }, 404));
    return app;
  },
  credentials: (config) => `POST /auth with ${config.credentials.privacyidea.login}/${config.credentials.privacyidea.password}, then Authorization: <JWT>`,
  errorResponse: (c, status) => c.json({ error: 'error' }, status as 500),
  expiredResponse: (c) => c.json({ error: 'expired' }, 401),
};
