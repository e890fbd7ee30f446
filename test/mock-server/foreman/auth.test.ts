import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startMock, type RunningMock } from '../../support/mock-process';
import { assertJson, basic, call, clientAddress, get, listAll, post, put, reset, SEEDED_PASSWORD, VIEW_TIME } from './foreman';

describe('Foreman: authentication, authorization, headers and routing', () => {
  let mock: RunningMock;
  let base: string;
  before(async () => {
    mock = await startMock(['--port', '0', '--in-memory', '--users', '50']);
    base = mock.baseUrl;
  });
  after(async () => {
    await mock.stop();
  });

  it('answers GET /api/status with the version, info headers and a session cookie', async () => {
    const r = await get(base, '/status');
    assert.equal(r.status, 200);
    assertJson(r);
    assert.equal(r.text, '{"result":"ok","status":200,"version":"3.13.0","api_version":2}');
    assert.equal(r.headers.get('foreman_version'), '3.13.0');
    assert.equal(r.headers.get('foreman_api_version'), '2');
    assert.equal(r.headers.get('foreman_current_location'), '; ANY');
    assert.equal(r.headers.get('foreman_current_organization'), '; ANY');
    assert.match(r.headers.get('set-cookie') ?? '', /^_session_id=[0-9a-f]{32}; path=\/; HttpOnly; SameSite=Lax$/);
  });

  it('serves the same routes under /api/v2, with a .json suffix, and GET /api lists the resources', async () => {
    const v2 = await get(base, '/v2/status');
    assert.equal(v2.status, 200);
    assert.equal(v2.body.result, 'ok');
    const suffixed = await get(base, '/users.json?per_page=1');
    assert.equal(suffixed.status, 200);
    assert.equal(suffixed.body.results.length, 1);
    const root = await get(base, '');
    assert.equal(root.status, 200);
    assert.equal(root.body.links.users['List all users'], '/api/users');
    assert.equal(root.body.links.home['Show status'], '/api/status');
  });

  it('answers 401 with the login as sent, or an empty one without credentials (no Foreman headers)', async () => {
    const none = await get(base, '/users', { auth: null, headers: clientAddress() });
    assert.equal(none.status, 401);
    assertJson(none);
    assert.equal(none.text, '{"error":{"message":"Unable to authenticate user "}}');
    assert.equal(none.headers.get('foreman_version'), null);
    assert.equal(none.headers.get('set-cookie'), null);
    const wrong = await get(base, '/users', { auth: ['admin', 'nope'], headers: clientAddress() });
    assert.equal(wrong.status, 401);
    assert.deepEqual(wrong.body, { error: { message: 'Unable to authenticate user admin' } });
    const unknown = await get(base, '/status', { auth: ['ghost', 'x'], headers: clientAddress() });
    assert.deepEqual(unknown.body, { error: { message: 'Unable to authenticate user ghost' } });
    const bearer = await get(base, '/status', { auth: null, headers: { Authorization: 'Bearer abc', ...clientAddress() } });
    assert.deepEqual(bearer.body, { error: { message: 'Unable to authenticate user ' } });
    const emptyPassword = await get(base, '/status', { auth: ['admin', ''], headers: clientAddress() });
    assert.equal(emptyPassword.status, 401);
  });

  it('matches the login case-insensitively', async () => {
    const r = await get(base, '/current_user', { auth: ['ADMIN', 'changeme'] });
    assert.equal(r.status, 200);
    assert.equal(r.body.login, 'admin');
  });

  it('refuses the hidden anonymous admins', async () => {
    for (const login of ['foreman_admin', 'foreman_api_admin', 'foreman_console_admin']) {
      const r = await get(base, '/status', { auth: [login, 'changeme'], headers: clientAddress() });
      assert.equal(r.status, 401);
    }
  });

  it('lets internal and LDAP roster users in with the seeded password, not external ones', async () => {
    const internal = (await listAll(base, '/users?search=auth_source_type=AuthSourceInternal and disabled=false and admin=false'))[0];
    const ok = await get(base, '/current_user', { auth: [internal.login, SEEDED_PASSWORD] });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.login, internal.login);
    const bad = await get(base, '/current_user', { auth: [internal.login, 'wrong'], headers: clientAddress() });
    assert.equal(bad.status, 401);
    const ldap = (await listAll(base, '/users?search=auth_source_type=AuthSourceLdap and disabled=false'))[0];
    assert.ok(ldap, 'the seed has an active LDAP user');
    const ldapOk = await get(base, '/current_user', { auth: [ldap.login, SEEDED_PASSWORD] });
    assert.equal(ldapOk.status, 200);
    assert.equal(ldapOk.body.auth_source_ldap.type, 'AuthSourceLdap');
    const external = (await listAll(base, '/users?search=auth_source_type=AuthSourceExternal'))[0];
    assert.ok(external, 'the seed has an external user');
    const extFail = await get(base, '/current_user', { auth: [external.login, SEEDED_PASSWORD], headers: clientAddress() });
    assert.equal(extFail.status, 401);
  });

  it('answers 401 "account is disabled" for a disabled user with the right password', async () => {
    const disabled = (await listAll(base, '/users?search=disabled=true and auth_source_type=AuthSourceInternal'))[0];
    assert.ok(disabled, 'the seed has a disabled internal user');
    const r = await get(base, '/current_user', { auth: [disabled.login, SEEDED_PASSWORD] });
    assert.equal(r.status, 401);
    assert.deepEqual(r.body, { error: { message: 'User account is disabled, please contact your administrator' } });
  });

  it('stamps last_login_on on a Basic login', async () => {
    const user = (await listAll(base, '/users?search=null? last_login_on and auth_source_type=AuthSourceInternal and disabled=false'))[0];
    assert.ok(user, 'a user who never logged in');
    const before = await get(base, `/users/${user.id}`);
    assert.equal(before.body.last_login_on, null);
    const me = await get(base, '/current_user', { auth: [user.login, SEEDED_PASSWORD] });
    assert.match(me.body.last_login_on, VIEW_TIME);
    const afterLogin = await get(base, `/users/${user.id}`);
    assert.equal(afterLogin.body.last_login_on, me.body.last_login_on);
    assert.equal(afterLogin.body.updated_at, before.body.updated_at, 'update_columns leaves updated_at alone');
  });

  it('authenticates follow-up requests by the _session_id cookie alone', async () => {
    const first = await get(base, '/status');
    const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0];
    const second = await get(base, '/current_user', { auth: null, headers: { Cookie: cookie } });
    assert.equal(second.status, 200);
    assert.equal(second.body.login, 'admin');
    assert.equal(second.headers.get('set-cookie'), null, 'an existing session is not re-issued');
    const forged = await get(base, '/current_user', { auth: null, headers: { Cookie: '_session_id=0123456789abcdef0123456789abcdef', ...clientAddress() } });
    assert.equal(forged.status, 401);
  });

  it('blocks an address after 30 failed logins (even with good credentials) until a reset', async () => {
    const address = { 'X-Forwarded-For': '198.51.100.7' };
    for (let i = 0; i < 30; i++) {
      const r = await get(base, '/status', { auth: ['admin', `wrong${i}`], headers: address });
      assert.equal(r.status, 401);
      assert.equal(r.body.error.message, 'Unable to authenticate user admin');
    }
    const blocked = await get(base, '/status', { headers: address });
    assert.equal(blocked.status, 401);
    assert.deepEqual(blocked.body, { error: { message: 'Too many tries, please try again in a few minutes.' } });
    const elsewhere = await get(base, '/status', { headers: { 'X-Forwarded-For': '198.51.100.8' } });
    assert.equal(elsewhere.status, 200, 'other addresses are not affected');
    await reset(base);
    const cleared = await get(base, '/status', { headers: address });
    assert.equal(cleared.status, 200);
  });

  it('answers 403 with the missing permission for a user without it (no Foreman headers)', async () => {
    const viewer = await plainUser(base);
    const list = await get(base, '/users', { auth: [viewer.login, SEEDED_PASSWORD] });
    assert.equal(list.status, 403);
    assertJson(list);
    assert.equal(list.text, '{"error":{"message":"Access denied","details":"Missing one of the required permissions: view_users","missing_permissions":["view_users"]}}');
    assert.equal(list.headers.get('foreman_version'), null);
    const create = await post(base, '/users', { user: { login: 'x' } }, { auth: [viewer.login, SEEDED_PASSWORD] });
    assert.equal(create.status, 403);
    assert.deepEqual(create.body.error.missing_permissions, ['create_users']);
    const groups = await get(base, '/usergroups', { auth: [viewer.login, SEEDED_PASSWORD] });
    assert.deepEqual(groups.body.error.missing_permissions, ['view_usergroups']);
  });

  it('lets a user without permissions show and update himself, by id or login', async () => {
    const me = await plainUser(base);
    const auth: [string, string] = [me.login, SEEDED_PASSWORD];
    const byId = await get(base, `/users/${me.id}`, { auth });
    assert.equal(byId.status, 200);
    const byLogin = await get(base, `/users/${me.login}`, { auth });
    assert.equal(byLogin.body.id, me.id);
    const other = await get(base, '/users/4', { auth });
    assert.equal(other.status, 403);
    const upd = await put(base, `/users/${me.id}`, { user: { description: 'edited by myself' } }, { auth });
    assert.equal(upd.status, 200, upd.text);
    assert.equal(upd.body.description, 'edited by myself');
    await reset(base);
  });

  it('answers 404 {"status":404,"error":"Not Found"} for unknown routes and methods', async () => {
    for (const [method, path] of [['GET', '/nothing'], ['DELETE', '/users'], ['POST', '/roles'], ['GET', '/v1/users'], ['PATCH', '/status']] as const) {
      const r = await call(base, method, path);
      assert.equal(r.status, 404, `${method} ${path}`);
      assert.deepEqual(r.body, { status: 404, error: 'Not Found' });
    }
    const outside = await fetch(`${base}/foreman/other`);
    assert.equal(outside.status, 404);
  });

  it('answers HEAD like GET without a body', async () => {
    const res = await fetch(`${base}/foreman/api/status`, { method: 'HEAD', headers: { Authorization: basic('admin', 'changeme') } });
    assert.equal(res.status, 200);
    assert.equal(await res.text(), '');
  });

  it('answers injected faults in Foreman’s error shape, and an expired session as an empty 401', async () => {
    const inject = async (fault: Record<string, unknown>) => {
      const res = await fetch(`${base}/_mock/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ product: 'foreman', times: 1, ...fault }) });
      assert.equal(res.status, 201);
    };
    await inject({ status: 503 });
    const unavailable = await get(base, '/status');
    assert.equal(unavailable.status, 503);
    assertJson(unavailable);
    assert.deepEqual(unavailable.body, { error: { message: 'Service Unavailable' } });
    await inject({ status: 500 });
    const failed = await get(base, '/users');
    assert.equal(failed.status, 500);
    assert.match(failed.body.error.message, /^Internal Server Error: the server was unable to finish the request/);
    await inject({ expire: true });
    const expired = await get(base, '/users');
    assert.equal(expired.status, 401);
    assert.equal(expired.text, '');
    assert.equal((await get(base, '/status')).status, 200, 'faults were used up');
  });

  it('answers 404 without the error wrapper for an unknown location or organization context', async () => {
    const loc = await get(base, '/users?location_id=999');
    assert.equal(loc.status, 404);
    assert.deepEqual(loc.body, { message: 'Location with id 999 not found' });
    assert.equal(loc.headers.get('foreman_version'), null);
    const org = await get(base, '/users/4?organization_id=abc');
    assert.deepEqual(org.body, { message: 'Organization with id abc not found' });
    const ok = await get(base, '/status?location_id=2&organization_id=Default%20Organization');
    assert.equal(ok.headers.get('foreman_current_location'), '2; Default Location');
    assert.equal(ok.headers.get('foreman_current_organization'), '1; Default Organization');
  });
});

/** A roster user with no roles and no groups (no permissions at all), active and internal. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function plainUser(base: string): Promise<any> {
  const candidates = await listAll(base, '/users?search=auth_source_type=AuthSourceInternal and disabled=false and admin=false and null? usergroup');
  for (const c of candidates) {
    const full = await get(base, `/users/${c.id}`);
    if (full.body.roles.length === 0) return full.body;
  }
  throw new Error('no plain user in the seed');
}


