import { Hono } from 'hono';
import type { ProductModule } from '../product.js';

/** ITSM-NG emulation (being built: see its README once written). */
export const itsmNg: ProductModule = {
  id: 'itsm-ng',
  title: 'ITSM-NG',
  prefix: '/itsm-ng',
  apiBase: '/itsm-ng/apirest.php',
  async seed() {
    return { tables: {} };
  },
  app() {
    const app = new Hono();
    app.all('*', (c) => c.json({ error: 'Not implemented yet' }, 404));
    return app;
  },
  credentials: (config) => `App-Token ${config.credentials["itsm-ng"].appToken}; login ${config.credentials["itsm-ng"].login}/${config.credentials["itsm-ng"].password} or Authorization: user_token ${config.credentials["itsm-ng"].userToken}`,
  errorResponse: (c, status) => c.json({ error: 'error' }, status as 500),
  expiredResponse: (c) => c.json({ error: 'expired' }, 401),
};
