// The ceiling the mock server is compared with: a bare Hono app on @hono/node-server that answers
// constant bodies (the same bytes the mock answers for each workload). Bodies are registered by the
// bench with PUT /__body?path=<path>, optionally with `&headers=<JSON object>`: the product's own
// response headers, sent as a plain object (the adapter's fast path) besides the content type.
// Any other request gets what was registered for its path.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const answers = new Map();
const app = new Hono();
app.put('/__body', async (c) => {
  const headers = c.req.query('headers');
  answers.set(c.req.query('path'), { body: await c.req.text(), headers: headers ? JSON.parse(headers) : { 'content-type': 'application/json' } });
  return c.body(null, 204);
});
app.all('*', (c) => {
  const url = c.req.url;
  const path = url.slice(url.indexOf('/', 8));
  const answer = answers.get(path) ?? answers.get(c.req.path);
  return answer === undefined ? c.text('not registered', 404) : new Response(answer.body, { status: 200, headers: answer.headers });
});
serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => console.log(`bare hono listening on http://127.0.0.1:${info.port}`));
