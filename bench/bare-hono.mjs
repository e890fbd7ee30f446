// The ceilings the mock server is compared with: a bare Hono app on @hono/node-server.
// - Constant bodies (the same bytes the mock answers for a workload), registered with
//   PUT /__body?path=<path>, optionally with `&headers=<JSON object>`: the product's own response
//   headers, sent as a plain object (the adapter's fast path) besides the content type.
// - Get by id as the issue defines its ceiling: a Map of users answered with `c.json`. Registered with
//   PUT /__users?template=<path with __ID__>&count=N and a JSON object { id: answer } of sampled answers;
//   the Map is filled to N entries with copies, so it holds as many users as the mock. DELETE /__users
//   drops it again, so the other ceilings are measured without it.
// Any other request gets what was registered for its path.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const answers = new Map();
let byId;
const app = new Hono();
app.put('/__body', async (c) => {
  const headers = c.req.query('headers');
  answers.set(c.req.query('path'), { body: await c.req.text(), headers: headers ? JSON.parse(headers) : { 'content-type': 'application/json' } });
  return c.body(null, 204);
});
app.put('/__users', async (c) => {
  const template = c.req.query('template');
  const at = template.indexOf('__ID__');
  const sampled = Object.entries(await c.req.json());
  const users = new Map(sampled);
  for (let i = users.size; i < Number(c.req.query('count')); i++) users.set(`~${i}`, structuredClone(sampled[i % sampled.length][1]));
  byId = { prefix: template.slice(0, at), suffix: template.slice(at + 6), users };
  return c.body(null, 204);
});
app.delete('/__users', (c) => {
  byId = undefined;
  return c.body(null, 204);
});
app.all('*', (c) => {
  const url = c.req.url;
  const path = url.slice(url.indexOf('/', 8));
  if (byId !== undefined && path.startsWith(byId.prefix) && path.endsWith(byId.suffix)) {
    const user = byId.users.get(decodeURIComponent(path.slice(byId.prefix.length, path.length - byId.suffix.length)));
    if (user !== undefined) return c.json(user);
  }
  const answer = answers.get(path) ?? answers.get(c.req.path);
  return answer === undefined ? c.text('not registered', 404) : new Response(answer.body, { status: 200, headers: answer.headers });
});
serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => console.log(`bare hono listening on http://127.0.0.1:${info.port}`));
