import { Hono } from 'hono';
import type { ProductModule } from '../product.js';

/** Foreman emulation (being built: see its README once written). */
export const foreman: ProductModule = {
  id: 'foreman',
  title: 'Foreman',
  prefix: '/foreman',
  apiBase: '/foreman/api',
  async seed() {
    return { tables: {} };
  },
  app() {
    const app = new Hono();
    app.all('*', (c) => c.json({ error: 'Not implemented yet' }, 404));
    return app;
  },
  credentials: (config) => `HTTP Basic ${config.credentials.foreman.login}/${config.credentials.foreman.password}`,
  errorResponse: (c, status) => c.json({ error: 'error' }, status as 500),
  expiredResponse: (c) => c.json({ error: 'expired' }, 401),
};
