import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startMock, type RunningMock } from '../../support/mock-process';
import { ADMIN, adminToken, assertFailure, assertSuccess, call, decodeJwtPart, login, PASSWORD, seeded } from './pi';

const people = seeded();

describe('privacyIDEA: POST /auth', () => {
  let mock: RunningMock;
  let base: string;
  before(async () => {
    mock = await startMock(['--port', '0', '--in-memory', '--users', '50']);
    base = mock.baseUrl;
  });
  after(() => mock.stop());

  it('logs the local administrator in (form body): id 2, ACCEPT, the token and the WebUI settings', async () => {
    const r = await call(base, '/auth', { method: 'POST', form: ADMIN });
    const value = assertSuccess(r, 2) as Record<string, unknown>;
    assert.equal(r.body.result.authentication, 'ACCEPT');
    assert.equal(r.body.detail, undefined);
    assert.equal(typeof value.token, 'string');
    assert.equal((value.token as string).split('.').length, 3);
    assert.equal(value.role, 'admin');
    assert.equal(value.username, 'admin');
    assert.equal(value.realm, '');
    assert.equal(value.log_level, 20);
    assert.equal(value.auth, true);
    assert.ok(Array.isArray(value.rights) && (value.rights as string[]).includes('adduser') && (value.rights as string[]).includes('deleteuser'));
    assert.ok((value.menus as string[]).includes('users'));
    assert.equal(value.logout_time, 120);
    assert.equal(value.user_page_size, 15);
    assert.equal(value.default_tokentype, 'hotp');
    assert.deepEqual(value.token_rollover, {});
    assert.deepEqual(value.container_wizard, { enabled: false });
    assert.equal(value.qr_image_ios, null);
  });

  it('accepts a JSON body too', async () => {
    const r = await call(base, '/auth', { method: 'POST', json: ADMIN });
    assert.equal((assertSuccess(r, 2) as { role: string }).role, 'admin');
  });

  it('issues an HS256 JWT with privacyIDEA claims and a one-hour expiry', async () => {
    const before = Math.floor(Date.now() / 1000);
    const token = await adminToken(base);
    assert.deepEqual(decodeJwtPart(token, 0), { alg: 'HS256', typ: 'JWT' });
    assert.equal(Buffer.from(token.split('.')[0], 'base64url').toString(), '{"alg":"HS256","typ":"JWT"}');
    const claims = decodeJwtPart(token, 1);
    assert.deepEqual(Object.keys(claims), ['username', 'realm', 'nonce', 'role', 'authtype', 'exp', 'rights']);
    assert.equal(claims.username, 'admin');
    assert.equal(claims.role, 'admin');
    assert.equal(claims.authtype, 'password');
    assert.match(claims.nonce as string, /^[0-9a-f]{40}$/);
    assert.ok(Number.isInteger(claims.exp));
    assert.ok((claims.exp as number) >= before + 3600 && (claims.exp as number) <= before + 3660, String(claims.exp));
  });

  it('logs a SQL user in to the default realm with role user', async () => {
    const r = await call(base, '/auth', { method: 'POST', form: { username: people.sqlUser.login, password: PASSWORD } });
    const value = assertSuccess(r, 2) as Record<string, unknown>;
    assert.equal(value.role, 'user');
    assert.equal(value.username, people.sqlUser.login);
    assert.equal(value.realm, 'defrealm');
    assert.ok(!(value.rights as string[]).includes('adduser'));
    assert.equal(decodeJwtPart(value.token as string, 1).realm, 'defrealm');
  });

  it('takes the realm from login@realm or from the realm parameter (lower-cased)', async () => {
    const forms: Array<Record<string, string>> = [
      { username: `${people.sqlUser.login}@defrealm`, password: PASSWORD },
      { username: people.sqlUser.login, realm: 'DefRealm', password: PASSWORD },
    ];
    for (const form of forms) {
      const value = assertSuccess(await call(base, '/auth', { method: 'POST', form }), 2) as Record<string, unknown>;
      assert.equal(value.realm, 'defrealm');
      assert.equal(value.username, people.sqlUser.login);
    }
  });

  it('also splits realm\\login, and reads a JSON list of key/value pairs like a dict', async () => {
    const value = assertSuccess(await call(base, '/auth', { method: 'POST', form: { username: `defrealm\\${people.sqlUser.login}`, password: PASSWORD } }), 2) as Record<string, unknown>;
    assert.equal(value.username, people.sqlUser.login);
    assert.equal(value.realm, 'defrealm');
    const pairs = await call(base, '/auth', { method: 'POST', json: [['username', 'admin'], ['password', 'admin']] });
    assert.equal((assertSuccess(pairs, 2) as { role: string }).role, 'admin');
  });

  it('makes a user of the superuser realm an administrator', async () => {
    const value = assertSuccess(
      await call(base, '/auth', { method: 'POST', form: { username: `${people.ldapUser.login}@helpdesk`, password: PASSWORD } }),
      2,
    ) as Record<string, unknown>;
    assert.equal(value.role, 'admin');
    assert.equal(value.realm, 'helpdesk');
    const asUser = assertSuccess(await call(base, '/auth', { method: 'POST', form: { username: people.ldapUser.login, password: PASSWORD } }), 2) as Record<string, unknown>;
    assert.equal(asUser.role, 'user');
  });

  it('finds the login case-insensitively and keeps it as typed', async () => {
    const typed = people.sqlUser.login.toUpperCase();
    const value = assertSuccess(await call(base, '/auth', { method: 'POST', form: { username: typed, password: PASSWORD } }), 2) as Record<string, unknown>;
    assert.equal(value.username, typed);
  });

  const wrong: Array<[string, Record<string, string>]> = [
    ['a wrong password', { username: people.sqlUser.login, password: 'nope' }],
    ['the admin with a wrong password', { username: 'admin', password: 'nope' }],
    ['an unknown user', { username: 'nobody.here', password: PASSWORD }],
    ['a missing password', { username: people.sqlUser.login }],
    ['an inactive user (no password in the store)', { username: people.inactiveSqlUser.login, password: PASSWORD }],
    ['a SQL user in the LDAP-only realm', { username: `${people.sqlUser.login}@helpdesk`, password: PASSWORD }],
    ['an empty username', { username: '', password: PASSWORD }],
  ];
  for (const [name, form] of wrong) {
    it(`answers 401 / 4031 Wrong credentials for ${name}`, async () => {
      const e = assertFailure(await call(base, '/auth', { method: 'POST', form }), 401, 4031, {});
      assert.equal(e.message, 'Authentication failure. Wrong credentials');
    });
  }

  it('answers 401 / 4032 without a username', async () => {
    const e = assertFailure(await call(base, '/auth', { method: 'POST', form: { password: 'x' } }), 401, 4032, {});
    assert.equal(e.message, 'Authentication failure. Missing Username');
  });

  it('answers 401 / 4031 Unknown realm (with a trailing period), even for login@realm', async () => {
    let e = assertFailure(await call(base, '/auth', { method: 'POST', form: { username: 'x', password: 'y', realm: 'Nowhere' } }), 401, 4031, {});
    assert.equal(e.message, 'Authentication failure. Unknown realm: Nowhere.');
    e = assertFailure(
      await call(base, '/auth', { method: 'POST', form: { username: `${people.sqlUser.login}@defrealm`, password: PASSWORD, realm: 'unknown' } }),
      401,
      4031,
      {},
    );
    assert.equal(e.message, 'Authentication failure. Unknown realm: unknown.');
  });

  it('answers 500 / -500 for a username that is not a string', async () => {
    const e = assertFailure(await call(base, '/auth', { method: 'POST', json: { username: 5, password: 'x' } }), 500, -500);
    assert.match(e.message, /^500 Internal Server Error: /);
  });

  it('echoes a nonce parameter in success and error bodies (signed along)', async () => {
    const ok = await call(base, '/auth', { method: 'POST', form: { ...ADMIN, nonce: 'n-123' } });
    assertSuccess(ok, 2);
    assert.equal(ok.body.nonce, 'n-123');
    assert.match(ok.text, /"jsonrpc": "2\.0", "nonce": "n-123", "result": /);
    const bad = await call(base, '/auth', { method: 'POST', form: { username: 'x', password: 'y', nonce: 'n-456' } });
    assertFailure(bad, 401, 4031, {});
    assert.equal(bad.body.nonce, 'n-456');
  });

  it('serves /auth only for POST and only without a trailing slash', async () => {
    const r = await call(base, '/auth');
    assert.equal(r.status, 405);
    assert.equal(r.headers.get('allow'), 'OPTIONS, POST');
    assert.match(r.headers.get('content-type')!, /^text\/html; charset=utf-8/);
    assert.match(r.text, /<title>405 Method Not Allowed<\/title>/);
    const slash = await call(base, '/auth/', { method: 'POST', form: ADMIN });
    assert.equal(slash.status, 404);
    assert.equal(slash.text, '{"error":"Not found"}\n');
  });
});

describe('privacyIDEA: using the auth token', () => {
  let mock: RunningMock;
  let base: string;
  let admin: string;
  let user: string;
  before(async () => {
    mock = await startMock(['--port', '0', '--in-memory', '--users', '50']);
    base = mock.baseUrl;
    admin = await adminToken(base);
    user = await login(base, people.sqlUser.login, PASSWORD);
  });
  after(() => mock.stop());

  it('accepts the raw token in Authorization and in PI-Authorization', async () => {
    assertSuccess(await call(base, '/user/', { token: admin }));
    assertSuccess(await call(base, '/user/', { token: admin, piHeader: true }));
  });

  it('prefers PI-Authorization over Authorization, falling back when it is empty', async () => {
    assertSuccess(await call(base, '/user/', { headers: { 'PI-Authorization': admin, Authorization: 'garbage' } }));
    assertSuccess(await call(base, '/user/', { headers: { 'PI-Authorization': '', Authorization: admin } }));
  });

  it('answers 401 / 4033 without a token (detail null)', async () => {
    const e = assertFailure(await call(base, '/user/'), 401, 4033, null);
    assert.equal(e.message, 'Authentication failure. Missing Authorization header.');
  });

  const undecodable: Array<[string, (t: string) => string, string]> = [
    ['a Bearer prefix', (t) => `Bearer ${t}`, 'Invalid header padding'],
    ['a token without dots', () => 'abc', 'Not enough segments'],
    ['an empty Authorization header', () => '', 'Not enough segments'],
    ['a tampered signature', (t) => `${t.slice(0, t.lastIndexOf('.') + 1)}${Buffer.alloc(32, 7).toString('base64url')}`, 'Signature verification failed'],
    ['a tampered payload', (t) => { const [h, , s] = t.split('.'); return `${h}.${Buffer.from('{"username":"admin","role":"admin"}').toString('base64url')}.${s}`; }, 'Signature verification failed'],
    ['an unsigned (alg none) token', (t) => `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${t.split('.')[1]}.`, 'The specified alg value is not allowed'],
    ['a header that is not JSON', () => `${Buffer.from('nojson').toString('base64url')}.e30.sig`, 'Invalid header string: Expecting value: line 1 column 1 (char 0)'],
    ['a header that is not an object', () => `${Buffer.from('[1]').toString('base64url')}.e30.sig`, 'Invalid header string: must be a json object'],
    ['bad payload padding', () => `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.a.sig`, 'Invalid payload padding'],
  ];
  for (const [name, make, reason] of undecodable) {
    it(`answers 401 / 4304 for ${name}`, async () => {
      const e = assertFailure(await call(base, '/user/', { token: make(admin) }), 401, 4304, null);
      assert.equal(e.message, `Authentication failure. Error decoding the Authorization token: ${reason}`);
    });
  }

  it('rejects a token signed with another secret', async () => {
    const [h, p] = admin.split('.');
    const forged = `${h}.${p}.${createHmac('sha256', 'not-the-secret').update(`${h}.${p}`).digest('base64url')}`;
    assertFailure(await call(base, '/user/', { token: forged }), 401, 4304, null);
  });

  it('answers 401 / 4306 when a user token calls an admin-only endpoint', async () => {
    let e = assertFailure(await call(base, '/realm/', { token: user }), 401, 4306, null);
    assert.equal(e.message, "Authentication failure. You do not have the necessary role (['admin']) to access this resource!");
    // the user endpoints check the role in the view, after the audit entry exists: detail {}
    e = assertFailure(await call(base, '/user/', { method: 'POST', token: user, form: { user: 'x', resolver: 'local-sql' } }), 401, 4306, {});
    assert.equal(e.message, "Authentication failure. You do not have the necessary role (['admin']) to access this resource!");
  });
});
