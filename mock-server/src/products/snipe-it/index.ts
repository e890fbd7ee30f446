import { Hono } from 'hono';
import type { ProductModule } from '../product.js';

/** Snipe-IT emulation (being built: see its README once written). */
export const snipeIt: ProductModule = {
  id: 'snipe-it',
  title: 'Snipe-IT',
  prefix: '/snipe-it',
  apiBase: '/snipe-it/api/v1',
  async seed() {
    return { tables: {} };
  },
  app() {
    const app = new Hono();
    app.all('*', (c) => c.json({ error: 'Not implemented yet' }, 404));
    return app;
  },
  credentials: (config) => `Authorization: Bearer ${config.credentials["snipe-it"].token}`,
  errorResponse: (c, status) => c.json({ error: 'error' }, status as 500),
  expiredResponse: (c) => c.json({ error: 'expired' }, 401),
};
