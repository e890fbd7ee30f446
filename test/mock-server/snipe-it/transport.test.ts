import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startMock, type RunningMock } from '../../support/mock-process';
import { API, assertError, assertForbidden, assertJson, call, get, makeCaller, post, SEEDED_PASSWORD, TOKEN } from './snipe-it';

describe('Snipe-IT: authentication, routing, headers and encoding', () => {
  let mock: RunningMock;
  let base: string;
  before(async () => {
    mock = await startMock(['--port', '0', '--in-memory', '--users', '200']);
    base = mock.baseUrl;
  });
  after(async () => {
    await mock.stop();
  });

  describe('authentication', () => {
    it('answers 401 {"error": …} without a token, with a wrong token and with a non-Bearer scheme', async () => {
      const variants: Array<Record<string, string>> = [{}, { Authorization: 'Bearer wrong' }, { Authorization: `Basic ${TOKEN}` }, { Authorization: 'Bearer ' }];
      for (const headers of variants) {
        const r = await call(base, 'GET', '/users', { token: null, headers });
        assert.equal(r.status, 401, JSON.stringify(headers));
        assertJson(r);
        assert.equal(r.text, '{"error":"Unauthorized or unauthenticated."}');
        assert.equal(r.headers.get('x-ratelimit-limit'), null, 'no throttle headers before authentication');
      }
    });

    it('redirects to the login page (302) when the caller does not ask for JSON', async () => {
      for (const accept of [null, '*/*', 'text/html']) {
        const r = await call(base, 'GET', '/users', { token: 'wrong', accept });
        assert.equal(r.status, 302, String(accept));
        assert.equal(r.headers.get('location'), `${base}/snipe-it/login`);
        assert.match(r.headers.get('content-type') ?? '', /^text\/html/);
        assert.match(r.text, /Redirecting to <a href="http:\/\/127\.0\.0\.1:\d+\/snipe-it\/login">/);
      }
      const login = await call(base, 'GET', '/snipe-it/login', { token: null, accept: 'text/html' });
      assert.equal(login.status, 200);
    });

    it('answers web callers with redirects and HTML pages where Laravel would (validation, refusals, 403)', async () => {
      const invalid = await call(base, 'POST', '/users', { json: {}, accept: 'text/html', headers: { Referer: 'http://example.test/form' } });
      assert.equal(invalid.status, 302);
      assert.equal(invalid.headers.get('location'), 'http://example.test/form');
      const refused = await call(base, 'DELETE', '/users/1', { accept: null });
      assert.equal(refused.status, 302);
      assert.equal(refused.headers.get('location'), `${base}/snipe-it/users`);
      const plain = await makeCaller(base, {});
      const denied = await call(base, 'GET', '/users', { token: plain.token, accept: 'text/html' });
      assert.equal(denied.status, 403);
      assert.match(denied.headers.get('content-type') ?? '', /^text\/html/);
      const ok = await call(base, 'GET', '/users/me', { accept: null });
      assert.equal(ok.status, 200, 'successful answers are JSON whatever the Accept');
      assert.equal(ok.body.id, 1);
    });

    it('treats an XHR that accepts anything as a JSON caller', async () => {
      const r = await call(base, 'GET', '/users', { token: 'wrong', accept: '*/*', headers: { 'X-Requested-With': 'XMLHttpRequest' } });
      assert.equal(r.status, 401);
      assert.deepEqual(r.body, { error: 'Unauthorized or unauthenticated.' });
    });

    it('reads the token after the last "Bearer " (case-insensitive), up to a comma', async () => {
      const r = await call(base, 'GET', '/users/me', { token: null, headers: { Authorization: `bearer ${TOKEN},extra` } });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.id, 1);
      assert.equal(r.body.username, 'admin');
    });

    it('accepts <username>:<password> tokens for seeded users, and refuses a wrong password or a deleted user', async () => {
      const roster = await get(base, '/users?limit=500&sort=id&order=asc');
      const person = roster.body.rows.find((u: { id: number }) => u.id === 2);
      const ok = await get(base, '/users/me', { token: `${person.username}:${SEEDED_PASSWORD}` });
      assert.equal(ok.status, 200, ok.text);
      assert.equal(ok.body.id, 2);
      const again = await get(base, '/users/me', { token: `${person.username.toUpperCase()}:${SEEDED_PASSWORD}` });
      assert.equal(again.body.id, 2, 'usernames compare case-insensitively');
      const bad = await get(base, '/users/me', { token: `${person.username}:nope` });
      assert.equal(bad.status, 401);
      const deleted = await get(base, '/users?deleted=true&limit=1');
      assert.ok(deleted.body.total > 0, 'the seed has deleted users');
      const gone = await get(base, '/users/me', { token: `${deleted.body.rows[0].username}:${SEEDED_PASSWORD}` });
      assert.equal(gone.status, 401);
    });

    it('answers 403 (pretty-printed Laravel message) to a caller without the permission', async () => {
      const plain = await makeCaller(base, {});
      assertForbidden(await get(base, '/users', { token: plain.token }));
      assertForbidden(await get(base, '/users/2', { token: plain.token }));
      assertForbidden(await get(base, '/groups', { token: plain.token }));
      const me = await get(base, '/users/me', { token: plain.token });
      assert.equal(me.status, 200, 'anyone may read themselves');
      assert.equal(me.body.id, plain.id);
    });

    it('lets an admin-group member manage users but not groups (superusers only)', async () => {
      const admins = await get(base, '/users?group_id=1&limit=500');
      assert.ok(admins.body.total > 0);
      const admin = admins.body.rows.find((u: { permissions: object }) => Object.keys(u.permissions).length === 0);
      const token = `${admin.username}:${SEEDED_PASSWORD}`;
      const list = await get(base, '/users?limit=1', { token });
      assert.equal(list.status, 200);
      assertForbidden(await get(base, '/groups', { token }));
      assertForbidden(await post(base, '/groups', { name: 'Nope' }, { token }));
    });
  });

  describe('routing', () => {
    it('answers the API root with its own 404 text (key "message", singular)', async () => {
      for (const path of [API, `${API}/`]) {
        const r = await call(base, 'GET', path);
        assert.equal(r.status, 404);
        assertJson(r);
        assert.deepEqual(Object.keys(r.body), ['status', 'message', 'payload']);
        assert.match(r.body.message, /^404 endpoint not found\. This is the base URL for the API/);
      }
    });

    it('answers unknown GET paths under /api/v1 with the fallback 404, after authentication', async () => {
      const r = await get(base, '/nothing/here');
      assert.equal(r.status, 404);
      assert.equal(
        r.text,
        '{"status":"error","message":"404 endpoint not found. Please check the API reference at https:\\/\\/snipe-it.readme.io\\/reference to find a valid API endpoint.","payload":null}',
      );
      assert.equal(r.headers.get('x-ratelimit-limit') !== null, true);
      const anon = await get(base, '/nothing/here', { token: null });
      assert.equal(anon.status, 401);
      const consumables = await get(base, '/users/2/consumables');
      assert.equal(consumables.status, 404, 'not routed in v8.1');
    });

    it('answers a wrong verb with 405 before authentication', async () => {
      for (const [method, path] of [
        ['DELETE', '/users'],
        ['PUT', '/users'],
        ['POST', '/users/me'],
        ['POST', '/nothing'],
        ['PATCH', '/groups'],
      ]) {
        const r = await call(base, method, path, { token: null });
        assertError(r, 'Method not allowed', 405);
      }
    });

    it('routes PUT/PATCH/DELETE on users/me to users/{user} (an id that does not exist)', async () => {
      assertError(await call(base, 'PATCH', '/users/me', { json: {} }), 'User not found');
      assertError(await call(base, 'DELETE', '/users/me'), 'User does not exist or you do not have permission view them.');
    });

    it('answers OPTIONS with the allowed verbs and HEAD like GET without a body', async () => {
      const o = await call(base, 'OPTIONS', '/users/5', { token: null });
      assert.equal(o.status, 200);
      assert.equal(o.headers.get('allow'), 'GET,HEAD,PUT,PATCH,DELETE');
      const h = await call(base, 'HEAD', '/users/me');
      assert.equal(h.status, 200);
      assert.equal(h.text, '');
    });

    it('answers paths outside /api/v1 with the plain 404 envelope', async () => {
      const r = await call(base, 'GET', '/snipe-it/api/v2/users');
      assertError(r, '404 endpoint not found', 404);
    });

    it('tolerates a trailing slash and resolves ids as MySQL compares them ("5abc" is 5)', async () => {
      const a = await get(base, '/users/5/');
      assert.equal(a.status, 200);
      assert.equal(a.body.id, 5);
      const b = await get(base, '/users/5abc');
      assert.equal(b.body.id, 5);
      assertError(await get(base, '/users/abc'), 'User does not exist or you do not have permission view them.');
    });

    it('answers the routed-but-missing controller methods with a 500', async () => {
      const r = await get(base, '/users/list');
      assert.equal(r.status, 500);
      assert.equal(r.text, '{\n    "message": "Server Error"\n}');
    });
  });

  describe('headers and encoding', () => {
    it("adds Snipe-IT's security, cache and throttle headers to every answer", async () => {
      const r = await get(base, '/users/me');
      assertJson(r);
      assert.equal(r.headers.get('pragma'), 'no-cache');
      assert.equal(r.headers.get('expires'), 'Sun, 02 Jan 1990 00:00:00 GMT');
      assert.equal(r.headers.get('x-frame-options'), 'DENY');
      assert.equal(r.headers.get('referrer-policy'), 'same-origin');
      assert.equal(r.headers.get('x-xss-protection'), '1; mode=block');
      assert.match(r.headers.get('content-security-policy') ?? '', /^default-src 'self';/);
      assert.match(r.headers.get('feature-policy') ?? '', /^accelerometer 'none';/);
      const limit = Number(r.headers.get('x-ratelimit-limit'));
      const remaining = Number(r.headers.get('x-ratelimit-remaining'));
      assert.ok(limit > 0 && remaining < limit);
      const next = await get(base, '/users/me');
      assert.equal(Number(next.headers.get('x-ratelimit-remaining')), remaining - 1);
    });

    it('escapes slashes and non-ASCII as PHP json_encode does, and HTML-escapes strings', async () => {
      const r = await post(base, '/users', {
        first_name: 'Zoë <b>&"\'',
        username: 'encoding.test',
        password: 'password1',
        password_confirmation: 'password1',
        website: 'https://example.com/a',
      });
      assert.equal(r.body.status, 'success', r.text);
      assert.ok(r.text.includes('"first_name":"Zo\\u00eb &lt;b&gt;&amp;&quot;&#039;"'), r.text);
      assert.ok(r.text.includes('"website":"https:\\/\\/example.com\\/a"'));
      assert.ok(!/[\u0080-\uffff]/.test(r.text), 'no raw non-ASCII');
      assert.equal(r.body.payload.name, 'Zoë &lt;b&gt;&amp;&quot;&#039;');
    });
  });

  describe('fault injection uses the product error shapes', () => {
    it('renders 503, 500, 429 and an expired token as Snipe-IT would', async () => {
      const add = async (spec: object) => {
        const res = await fetch(`${base}/_mock/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(spec) });
        assert.ok(res.status < 300, await res.text());
      };
      const clear = async () => {
        const res = await fetch(`${base}/_mock/faults`, { method: 'DELETE' });
        await res.text();
      };
      try {
        await add({ product: 'snipe-it', status: 503, times: 1 });
        const a = await get(base, '/users/me');
        assert.equal(a.status, 503);
        assert.deepEqual(a.body, { status: 'error', messages: 503, payload: null });
        await add({ product: 'snipe-it', status: 500, times: 1 });
        const b = await get(base, '/users/me');
        assert.equal(b.status, 500);
        assert.deepEqual(b.body, { message: 'Server Error' });
        await add({ product: 'snipe-it', status: 429, times: 1 });
        assertError(await get(base, '/users/me'), 'Too many requests', 429);
        await add({ product: 'snipe-it', expire: true, times: 1 });
        const d = await get(base, '/users/me');
        assert.equal(d.status, 401);
        assert.deepEqual(d.body, { error: 'Unauthorized or unauthenticated.' });
      } finally {
        await clear();
      }
      assert.equal((await get(base, '/users/me')).status, 200);
    });
  });
});
