import { Hono } from 'hono';
import type { ProductModule } from '../product.js';

/** ServiceDesk Plus emulation (being built: see its README once written). */
export const servicedeskPlus: ProductModule = {
  id: 'servicedesk-plus',
  title: 'ServiceDesk Plus',
  prefix: '/servicedesk-plus',
  apiBase: '/servicedesk-plus/api/v3',
  async seed() {
    return { tables: {} };
  },
  app() {
    const app = new Hono();
    app.all('*', (c) => c.json({ error: 'Not implemented yet' }, 404));
    return app;
  },
  credentials: (config) => `authtoken: ${config.credentials["servicedesk-plus"].authtoken} (or Authorization: Zoho-oauthtoken ${config.credentials["servicedesk-plus"].oauthtoken})`,
  errorResponse: (c, status) => c.json({ error: 'error' }, status as 500),
  expiredResponse: (c) => c.json({ error: 'expired' }, 401),
};
