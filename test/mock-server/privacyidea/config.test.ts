import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startMock, type RunningMock } from '../../support/mock-process';
import { adminToken, assertFailure, assertSuccess, call, login, PASSWORD, seeded } from './pi';

const people = seeded();

const REALMS = {
  defrealm: {
    default: true,
    id: 1,
    resolver: [
      { name: 'ldap-corp', node: '', priority: 1, type: 'ldapresolver' },
      { name: 'local-sql', node: '', priority: 2, type: 'sqlresolver' },
    ],
  },
  helpdesk: { default: false, id: 2, resolver: [{ name: 'ldap-corp', node: '', priority: null, type: 'ldapresolver' }] },
};

describe('privacyIDEA: realms, resolvers, routing and faults', () => {
  let mock: RunningMock;
  let base: string;
  let admin: string;
  before(async () => {
    mock = await startMock(['--port', '0', '--in-memory', '--users', '50']);
    base = mock.baseUrl;
    admin = await adminToken(base);
  });
  after(() => mock.stop());

  it('GET /realm/ lists the realms with their default flag and resolvers', async () => {
    assert.deepEqual(assertSuccess(await call(base, '/realm/', { token: admin })), REALMS);
  });

  it('GET /defaultrealm answers the default realm only', async () => {
    assert.deepEqual(assertSuccess(await call(base, '/defaultrealm', { token: admin })), { defrealm: REALMS.defrealm });
  });

  it('GET /realm/superuser lists the superuser realms', async () => {
    assert.deepEqual(assertSuccess(await call(base, '/realm/superuser', { token: admin })), ['helpdesk']);
  });

  it('GET /resolver/ shows both resolvers with censored secrets and their attribute maps', async () => {
    const value = assertSuccess(await call(base, '/resolver/', { token: admin })) as Record<string, Record<string, unknown>>;
    assert.deepEqual(Object.keys(value).sort(), ['ldap-corp', 'local-sql']);
    const sql = value['local-sql'];
    assert.deepEqual(Object.keys(sql).sort(), ['censor_keys', 'data', 'resolvername', 'type']);
    assert.equal(sql.resolvername, 'local-sql');
    assert.equal(sql.type, 'sqlresolver');
    assert.deepEqual(sql.censor_keys, ['Password']);
    const data = sql.data as Record<string, string>;
    assert.equal(data.Password, '__CENSORED__');
    assert.equal(data.Editable, '1');
    assert.equal(data.Limit, '500');
    assert.deepEqual(Object.keys(JSON.parse(data.Map)), ['username', 'userid', 'email', 'surname', 'givenname', 'password', 'phone', 'mobile', 'description']);
    const ldap = value['ldap-corp'];
    assert.equal(ldap.type, 'ldapresolver');
    assert.deepEqual(ldap.censor_keys, ['BINDPW']);
    const ldata = ldap.data as Record<string, string>;
    assert.equal(ldata.BINDPW, '__CENSORED__');
    assert.equal(ldata.EDITABLE, 'False');
    assert.equal(ldata.UIDTYPE, 'entryUUID');
    assert.deepEqual(Object.keys(JSON.parse(ldata.USERINFO)).sort(), ['email', 'givenname', 'mobile', 'phone', 'surname', 'username']);
  });

  it('GET /resolver/<name> matches the name case-insensitively; unknown gives {}', async () => {
    assert.deepEqual(Object.keys(assertSuccess(await call(base, '/resolver/LOCAL-SQL', { token: admin })) as object), ['local-sql']);
    assert.deepEqual(assertSuccess(await call(base, '/resolver/unknown', { token: admin })), {});
  });

  it('filters resolvers by type and by editable', async () => {
    const keys = async (q: string) => Object.keys(assertSuccess(await call(base, `/resolver/${q}`, { token: admin })) as object).sort();
    assert.deepEqual(await keys('?type=ldapresolver'), ['ldap-corp']);
    assert.deepEqual(await keys('?type=passwdresolver'), []);
    assert.deepEqual(await keys('?editable=1'), ['local-sql']);
    assert.deepEqual(await keys('?editable=true'), ['local-sql']);
    assert.deepEqual(await keys('?editable=0'), ['ldap-corp']);
    assert.deepEqual(await keys('?editable=1&type=ldapresolver'), []);
  });

  for (const path of ['/realm/', '/realm/superuser', '/defaultrealm', '/resolver/', '/resolver/local-sql']) {
    it(`keeps ${path} for administrators (no token 4033, user token 4306, helpdesk admin allowed)`, async () => {
      assertFailure(await call(base, path), 401, 4033, null);
      const user = await login(base, people.sqlUser.login, PASSWORD);
      const e = assertFailure(await call(base, path, { token: user }), 401, 4306, null);
      assert.equal(e.message, "Authentication failure. You do not have the necessary role (['admin']) to access this resource!");
      const helpdesk = await login(base, `${people.ldapUser.login}@helpdesk`, PASSWORD);
      assertSuccess(await call(base, path, { token: helpdesk }));
    });
  }

  it('redirects /realm and /resolver to their slash forms with 308', async () => {
    for (const path of ['/realm', '/resolver']) {
      const r = await call(base, `${path}?type=x`);
      assert.equal(r.status, 308);
      assert.equal(r.headers.get('location'), `${base}/privacyidea${path}/?type=x`);
    }
  });

  it('answers unknown paths with privacyIDEA\'s JSON 404 (no envelope, no Cache-Control)', async () => {
    for (const path of ['/token/', '/defaultrealm/', '/', '/user/a', '/user/a/b/c', '/realm/x/y']) {
      const r = await call(base, path, { token: admin });
      assert.equal(r.status, 404, path);
      assert.equal(r.headers.get('content-type'), 'application/json');
      assert.equal(r.headers.get('cache-control'), null);
      assert.equal(r.text, '{"error":"Not found"}\n');
    }
  });

  it('answers 405 with Allow for wrong methods on known paths', async () => {
    const r = await call(base, '/realm/', { method: 'POST', token: admin });
    assert.equal(r.status, 405);
    assert.equal(r.headers.get('allow'), 'GET, HEAD, OPTIONS');
    assert.equal(r.text, '<!doctype html>\n<html lang=en>\n<title>405 Method Not Allowed</title>\n<h1>Method Not Allowed</h1>\n<p>The method is not allowed for the requested URL.</p>\n');
    const user = await call(base, '/user', { method: 'DELETE', token: admin });
    assert.equal(user.status, 405);
    assert.equal(user.headers.get('allow'), 'OPTIONS, POST, PUT');
  });

  describe('fault injection', () => {
    const fault = async (spec: object) => {
      const r = await fetch(`${base}/_mock/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ product: 'privacyidea', times: 1, ...spec }) });
      assert.equal(r.status, 201);
    };

    it('answers an injected 503 in the error envelope', async () => {
      await fault({ status: 503 });
      const e = assertFailure(await call(base, '/user/', { token: admin }), 503, -503);
      assert.match(e.message, /^503 Service Unavailable: /);
      assertSuccess(await call(base, '/user/', { token: admin }));
    });

    it('answers an injected 500 like the internal error handler', async () => {
      await fault({ status: 500 });
      assertFailure(await call(base, '/user/', { token: admin }), 500, -500);
    });

    it('answers an injected 401 as an authentication error', async () => {
      await fault({ status: 401 });
      const e = assertFailure(await call(base, '/realm/', { token: admin }), 401, 403);
      assert.equal(e.message, 'Authentication failed.');
    });

    it('answers an injected expiry as an expired token (4305)', async () => {
      await fault({ expire: true });
      const e = assertFailure(await call(base, '/user/', { token: admin }), 401, 4305, null);
      assert.equal(e.message, 'Authentication failure. Your token has expired: Signature has expired');
    });
  });
});
