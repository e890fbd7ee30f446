// The ceiling the mock server is compared with: a bare Hono app on @hono/node-server that answers
// constant bodies (the same bytes the mock answers for each workload). Bodies are registered by the
// bench with PUT /__body?path=<path>; any other request gets the body registered for its path.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const bodies = new Map();
const app = new Hono();
app.put('/__body', async (c) => {
  bodies.set(c.req.query('path'), await c.req.text());
  return c.body(null, 204);
});
app.all('*', (c) => {
  const url = c.req.url;
  const path = url.slice(url.indexOf('/', 8));
  const body = bodies.get(path) ?? bodies.get(c.req.path);
  return body === undefined ? c.text('not registered', 404) : c.body(body, 200, { 'content-type': 'application/json' });
});
serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => console.log(`bare hono listening on http://127.0.0.1:${info.port}`));
