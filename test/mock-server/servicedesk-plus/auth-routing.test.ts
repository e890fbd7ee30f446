import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startMock, type RunningMock } from '../../support/mock-process';
import { assertFailure, assertJson, assertSuccess, AUTHTOKEN, call, get, OAUTHTOKEN } from './sdp';

describe('ServiceDesk Plus: authentication, paths and error shapes', () => {
  let mock: RunningMock;
  let base: string;
  before(async () => {
    mock = await startMock(['--port', '0', '--in-memory', '--users', '50', '--sdp-authtoken', 'flag-key']);
    base = mock.baseUrl;
  });
  after(() => mock.stop());

  const ok: Array<[string, Record<string, string>, string?]> = [
    ['authtoken header', { authtoken: 'flag-key' }],
    ['AuthToken header (any case)', { AuthToken: 'flag-key' }],
    ["the documentation's `Authorization: authtoken: <key>`", { Authorization: 'authtoken: flag-key' }],
    ['TECHNICIAN_KEY header', { TECHNICIAN_KEY: 'flag-key' }],
    ['TECHNICIAN_KEY query parameter', {}, '?TECHNICIAN_KEY=flag-key'],
    ['Authorization: Zoho-oauthtoken', { Authorization: `Zoho-oauthtoken ${OAUTHTOKEN}` }],
    ['Authorization: Bearer', { Authorization: `Bearer ${OAUTHTOKEN}` }],
  ];
  for (const [name, headers, query] of ok) {
    it(`accepts the key as ${name}`, async () => {
      const r = await get(base, `/api/v3/users/4${query ?? ''}`, { headers });
      assertSuccess(r);
      assert.equal(r.body.user.name, 'administrator');
    });
  }

  const bad: Array<[string, Record<string, string>]> = [
    ['no credentials', {}],
    ['a wrong authtoken', { authtoken: 'nope' }],
    ['the default authtoken after --sdp-authtoken overrode it', { authtoken: AUTHTOKEN }],
    ['the authtoken sent as an OAuth token', { Authorization: 'Zoho-oauthtoken flag-key' }],
    ['a wrong Zoho-oauthtoken', { Authorization: 'Zoho-oauthtoken nope' }],
    ['an Authorization header without a scheme', { Authorization: 'flag-key' }],
    ['a wrong authtoken next to a right Authorization (the first credential decides)', { authtoken: 'nope', Authorization: `Zoho-oauthtoken ${OAUTHTOKEN}` }],
  ];
  for (const [name, headers] of bad) {
    it(`answers 401 / 4022 for ${name}`, async () => {
      const r = await get(base, '/api/v3/users', { headers });
      const m = assertFailure(r, 401, 4022);
      assert.equal(typeof m.message, 'string');
      assert.equal(r.body.user, undefined);
    });
  }

  it('checks the key before anything else: a write without one changes nothing', async () => {
    const r = await call(base, 'POST', '/api/v3/users', { headers: {}, input: { user: { name: 'Sneaky' } } });
    assertFailure(r, 401, 4022);
    const list = await get(base, '/api/v3/users', { headers: { authtoken: 'flag-key' }, input: { list_info: { search_fields: { name: 'Sneaky' }, get_total_count: true } } });
    assert.equal(list.body.list_info.total_count, 0);
  });

  it('serves the portal form /app/<portal>/api/v3 and the documented double slash //api/v3', async () => {
    for (const path of ['/app/itdesk/api/v3/users/4', '/app/itdesk//api/v3/users/4', '/api/v3/users/4/', '//api/v3//users/4']) {
      const r = await get(base, path, { headers: { authtoken: 'flag-key' } });
      assertSuccess(r);
      assert.equal(r.body.user.id, '4', path);
    }
  });

  it('answers 404 / 4007 "Invalid URL" for unknown paths, ids that are not numbers, and paths outside the API', async () => {
    for (const path of ['/api/v3/nothing', '/api/v3/users/abc', '/api/v3/users/4/nothing', '/api/v3', '/api/v2/users', '/something']) {
      const r = await get(base, path, { headers: { authtoken: 'flag-key' } });
      const m = assertFailure(r, 404, 4007);
      assert.equal(m.message, 'Invalid URL');
    }
  });

  it('answers 405 with Allow for a known path and another method', async () => {
    const r = await call(base, 'PATCH', '/api/v3/users/4', { headers: { authtoken: 'flag-key' } });
    assertFailure(r, 405, 4007);
    assert.equal(r.headers.get('allow'), 'GET, PUT, DELETE');
    const r2 = await call(base, 'DELETE', '/api/v3/users', { headers: { authtoken: 'flag-key' } });
    assertFailure(r2, 405, 4007);
    assert.equal(r2.headers.get('allow'), 'GET, POST');
  });

  it('accepts any Accept header (clients send application/v3+json too)', async () => {
    for (const accept of ['application/v3+json', 'application/json', '*/*', 'text/plain']) {
      const r = await get(base, '/api/v3/users/3', { headers: { authtoken: 'flag-key', Accept: accept } });
      assertSuccess(r);
    }
  });

  it('answers injected faults in its own envelope (500 → 4004, 429 → 4015, 503) and expiry as 401 / 4022', async () => {
    const add = async (spec: object) => {
      const r = await fetch(`${base}/_mock/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(spec) });
      assert.equal(r.status, 201, await r.text());
    };
    try {
      await add({ product: 'servicedesk-plus', path: '/api/v3/users/3', status: 500, times: 1 });
      const m500 = assertFailure(await get(base, '/api/v3/users/3', { headers: { authtoken: 'flag-key' } }), 500, 4004);
      assert.equal(m500.message, undefined);
      await add({ product: 'servicedesk-plus', path: '/api/v3/users/3', status: 429, retryAfter: 30, times: 1 });
      const r429 = await get(base, '/api/v3/users/3', { headers: { authtoken: 'flag-key' } });
      assertFailure(r429, 429, 4015);
      assert.equal(r429.headers.get('retry-after'), '30');
      await add({ product: 'servicedesk-plus', path: '/api/v3/users/3', status: 503, times: 1 });
      assertFailure(await get(base, '/api/v3/users/3', { headers: { authtoken: 'flag-key' } }), 503, 4004);
      await add({ product: 'servicedesk-plus', path: '/api/v3/users/3', expire: true, times: 1 });
      assertFailure(await get(base, '/api/v3/users/3', { headers: { authtoken: 'flag-key' } }), 401, 4022);
      assertSuccess(await get(base, '/api/v3/users/3', { headers: { authtoken: 'flag-key' } }));
    } finally {
      await fetch(`${base}/_mock/faults`, { method: 'DELETE' });
    }
  });

  it('keeps secrets out of the request journal', async () => {
    await get(base, '/api/v3/users/3', { headers: { authtoken: 'flag-key' } });
    const r = await fetch(`${base}/_mock/requests?limit=5`);
    const text = await r.text();
    assert.ok(!text.includes('flag-key'), text);
  });

  it('answers with the product content type on success too', async () => {
    const r = await get(base, '/api/v3/users', { headers: { authtoken: 'flag-key' } });
    assertJson(r);
  });
});
