import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startMock, type RunningMock } from '../../support/mock-process';
import { adminToken, assertBodyFailure, assertFailure, assertSuccess, call, INTERNAL_ERROR, login, PASSWORD, reset, seeded } from './pi';

const people = seeded();
type U = Record<string, unknown>;

describe('privacyIDEA: POST, PUT and DELETE /user', () => {
  let mock: RunningMock;
  let base: string;
  let admin: string;
  const find = async (username: string) => assertSuccess(await call(base, `/user/?username=${encodeURIComponent(username)}`, { token: admin })) as U[];
  const all = async () => (await call(base, '/user/', { token: admin })).text.replace(/"signature": "[^"]+", "time": [0-9.]+/, '');

  before(async () => {
    mock = await startMock(['--port', '0', '--in-memory', '--users', '50', '--body-limit', '2048']);
    base = mock.baseUrl;
    admin = await adminToken(base);
  });
  beforeEach(() => reset(base));
  after(() => mock.stop());

  describe('create', () => {
    it('creates a SQL user from form parameters and answers its integer id', async () => {
      const r = await call(base, '/user/', {
        method: 'POST',
        token: admin,
        form: { user: 'new_user', resolver: 'local-sql', surname: 'Zappa', givenname: 'Frank', email: 'f@z.example', phone: '12345', mobile: '67890', password: 'S3cret!', description: 'made by a test' },
      });
      assert.equal(assertSuccess(r), people.sql.length + 1);
      assert.deepEqual((await find('new_user'))[0], {
        description: 'made by a test',
        editable: true,
        email: 'f@z.example',
        givenname: 'Frank',
        id: people.sql.length + 1,
        mobile: '67890',
        phone: '12345',
        resolver: 'local-sql',
        surname: 'Zappa',
        userid: String(people.sql.length + 1),
        username: 'new_user',
      });
      const token = await login(base, 'new_user', 'S3cret!');
      assert.equal(typeof token, 'string');
    });

    it('accepts /user without the slash and a JSON body; numbers are stored as text, empty values ignored', async () => {
      const r = await call(base, '/user', { method: 'POST', token: admin, json: { user: 'json.user', resolver: 'local-sql', phone: 4711, email: '', surname: 'Json' } });
      const id = assertSuccess(r);
      assert.equal(typeof id, 'number');
      const [u] = await find('json.user');
      assert.equal(u.phone, '4711');
      assert.equal('email' in u, false);
      assert.equal(u.surname, 'Json');
    });

    it('ignores __proto__, constructor and other unmapped keys', async () => {
      const body = '{"user":"proto.user","resolver":"local-sql","__proto__":{"admin":true},"constructor":{"prototype":{"x":1}},"prototype":"p","unknown":"u","surname":"Proto"}';
      assertSuccess(await call(base, '/user/', { method: 'POST', token: admin, json: body }));
      const [u] = await find('proto.user');
      assert.deepEqual(Object.keys(u).sort(), ['editable', 'id', 'resolver', 'surname', 'userid', 'username']);
      assertSuccess(await call(base, '/user/', { token: admin }));
    });

    it('uses an explicit userid as the id, and fails with 500 when that id exists', async () => {
      assert.equal(assertSuccess(await call(base, '/user/', { method: 'POST', token: admin, form: { user: 'id.user', resolver: 'local-sql', userid: '900' } })), 900);
      const before = await all();
      assertFailure(await call(base, '/user/', { method: 'POST', token: admin, form: { user: 'id.user2', resolver: 'local-sql', userid: '900' } }), 500, -500);
      assert.equal(await all(), before);
    });

    it('refuses a duplicate login with 500 (the UNIQUE column) and leaves the data unchanged', async () => {
      const before = await all();
      const e = assertFailure(
        await call(base, '/user/', { method: 'POST', token: admin, form: { user: people.sqlUser.login, resolver: 'local-sql', surname: 'Changed' } }),
        500,
        -500,
      );
      assert.equal(e.message, INTERNAL_ERROR);
      assert.equal(await all(), before);
    });

    it('checks resolver first, then user (ERR905, 400)', async () => {
      const before = await all();
      let e = assertFailure(await call(base, '/user/', { method: 'POST', token: admin, form: { surname: 'x' } }), 400, 905);
      assert.equal(e.message, "ERR905: Missing parameter: 'resolver'");
      e = assertFailure(await call(base, '/user/', { method: 'POST', token: admin, form: { user: 'x' } }), 400, 905);
      assert.equal(e.message, "ERR905: Missing parameter: 'resolver'");
      e = assertFailure(await call(base, '/user/', { method: 'POST', token: admin, form: { resolver: 'local-sql' } }), 400, 905);
      assert.equal(e.message, "ERR905: Missing parameter: 'user'");
      assert.equal(await all(), before);
    });

    it('answers 500 for an unknown resolver', async () => {
      assertFailure(await call(base, '/user/', { method: 'POST', token: admin, form: { user: 'x', resolver: 'nope' } }), 500, -500);
    });

    it('lets the read-only directory refuse: 400 ERR10 with its message', async () => {
      const before = await all();
      const e = assertFailure(await call(base, '/user/', { method: 'POST', token: admin, form: { user: 'x.ldap', resolver: 'ldap-corp', surname: 'X' } }), 400, 10);
      assert.equal(e.message, 'ERR10: no write access to parent');
      assert.equal(await all(), before);
    });

    it('is for administrators only (401 4306, detail {})', async () => {
      const token = await login(base, people.sqlUser.login, PASSWORD);
      assertFailure(await call(base, '/user/', { method: 'POST', token, form: { user: 'x', resolver: 'local-sql' } }), 401, 4306, {});
      assert.deepEqual(await find('x'), []);
    });

    it('percent-decodes form values a second time (privacyIDEA unquotes them), but not JSON values', async () => {
      assertSuccess(await call(base, '/user/', { method: 'POST', token: admin, form: { user: 'x%41y', resolver: 'local-sql' } }));
      assert.equal((await find('xAy'))[0]?.username, 'xAy');
      assertSuccess(await call(base, '/user/', { method: 'POST', token: admin, json: { user: 'p%41q', resolver: 'local-sql' } }));
      const [u] = assertSuccess(await call(base, '/user/', { token: admin, json: { username: 'p%41q' } })) as U[];
      assert.equal(u.username, 'p%41q');
    });
  });

  describe('update', () => {
    it('updates attributes by login (query-string parameters, as the project tests send them)', async () => {
      const p = people.sqlUser;
      const r = await call(base, `/user/?user=${p.login}&resolver=local-sql&email=new%40mail.example&phone=555`, { method: 'PUT', token: admin });
      assert.equal(assertSuccess(r), true);
      const [u] = await find(p.login);
      assert.equal(u.email, 'new@mail.example');
      assert.equal(u.phone, '555');
      assert.equal(u.surname, p.lastName);
    });

    it('does not clear an attribute sent empty', async () => {
      const p = people.sqlUser;
      assert.equal(assertSuccess(await call(base, '/user', { method: 'PUT', token: admin, json: { user: p.login, resolver: 'local-sql', email: '' } })), true);
      assert.equal((await find(p.login))[0].email, p.email);
    });

    it('changes the password: the new one logs in, the old one no longer does', async () => {
      const p = people.sqlUser;
      assert.equal(assertSuccess(await call(base, '/user/', { method: 'PUT', token: admin, form: { user: p.login, resolver: 'local-sql', password: 'N3w-pass' } })), true);
      await login(base, p.login, 'N3w-pass');
      assertFailure(await call(base, '/auth', { method: 'POST', form: { username: p.login, password: PASSWORD } }), 401, 4031, {});
    });

    it('renames through userid: user= becomes the new login', async () => {
      const [before] = await find(people.sqlUser.login);
      assert.equal(assertSuccess(await call(base, '/user/', { method: 'PUT', token: admin, form: { user: 'renamed.user', resolver: 'local-sql', userid: String(before.id) } })), true);
      assert.deepEqual(await find(people.sqlUser.login), []);
      const [after] = await find('renamed.user');
      assert.equal(after.id, before.id);
      assert.equal(after.email, before.email);
    });

    it('answers false (not an error) when nothing matches or the store refuses, leaving data unchanged', async () => {
      const before = await all();
      const cases: Array<Record<string, string>> = [
        { user: 'nobody.here', resolver: 'local-sql', email: 'x@y' },
        { user: 'x', resolver: 'local-sql', userid: '99999', email: 'x@y' },
        { user: 'x', resolver: 'local-sql', userid: 'abc', email: 'x@y' },
        { user: people.sql[1].login, resolver: 'local-sql', userid: '1' },
        { user: people.ldapUser.login, resolver: 'ldap-corp', email: 'x@y' },
      ];
      for (const form of cases) assert.equal(assertSuccess(await call(base, '/user/', { method: 'PUT', token: admin, form })), false, JSON.stringify(form));
      assert.equal(await all(), before);
    });

    it('reports missing parameters and unknown resolvers like POST', async () => {
      assert.equal(assertFailure(await call(base, '/user/', { method: 'PUT', token: admin, form: { user: 'x' } }), 400, 905).message, "ERR905: Missing parameter: 'resolver'");
      assert.equal(assertFailure(await call(base, '/user/', { method: 'PUT', token: admin, form: { resolver: 'local-sql' } }), 400, 905).message, "ERR905: Missing parameter: 'user'");
      assertFailure(await call(base, '/user/', { method: 'PUT', token: admin, form: { user: 'x', resolver: 'nope' } }), 500, -500);
    });

    it('binds a normal user to himself: user= and the resolver are his own, whatever he sends', async () => {
      const me = people.sqlUser;
      const other = people.sql.find((p) => p.login !== me.login && p.active)!;
      const token = await login(base, me.login, PASSWORD);
      const r = await call(base, '/user/', { method: 'PUT', token, form: { user: other.login, password: 'Mine-now', surname: 'Selfie' } });
      assert.equal(assertSuccess(r), true);
      await login(base, me.login, 'Mine-now');
      await login(base, other.login, PASSWORD);
      assert.equal((await find(me.login))[0].surname, 'Selfie');
      assert.equal((await find(other.login))[0].surname, other.lastName);
    });
  });

  describe('delete', () => {
    it('deletes a SQL user (true), after which it is gone and cannot log in; again gives false', async () => {
      const p = people.sqlUser;
      assert.equal(assertSuccess(await call(base, `/user/local-sql/${p.login}`, { method: 'DELETE', token: admin })), true);
      assert.deepEqual(await find(p.login), []);
      assertFailure(await call(base, '/auth', { method: 'POST', form: { username: p.login, password: PASSWORD } }), 401, 4031, {});
      assert.equal(assertSuccess(await call(base, `/user/local-sql/${p.login}`, { method: 'DELETE', token: admin })), false);
    });

    it('deletes a unicode login sent URL-encoded in the path', async () => {
      assertSuccess(await call(base, '/user/', { method: 'POST', token: admin, form: { user: 'wördy', resolver: 'local-sql' } }));
      assert.equal(assertSuccess(await call(base, `/user/local-sql/${encodeURIComponent('wördy')}`, { method: 'DELETE', token: admin })), true);
      assert.deepEqual(await find('wördy'), []);
    });

    it('answers true for the read-only directory, which keeps the entry', async () => {
      const p = people.ldapUser;
      assert.equal(assertSuccess(await call(base, `/user/ldap-corp/${p.login}`, { method: 'DELETE', token: admin })), true);
      assert.equal((await find(p.login)).length, 1);
    });

    it('answers 400 ERR904 for an unknown resolver', async () => {
      const e = assertFailure(await call(base, '/user/nope/someone', { method: 'DELETE', token: admin }), 400, 904);
      assert.equal(e.message, "ERR904: The resolver 'nope' does not exist!");
    });

    it('is for administrators only (401 4306, detail {}), and needs a token (4033)', async () => {
      const before = await all();
      const token = await login(base, people.sqlUser.login, PASSWORD);
      assertFailure(await call(base, `/user/local-sql/${people.sql[1].login}`, { method: 'DELETE', token }), 401, 4306, {});
      assertFailure(await call(base, `/user/local-sql/${people.sql[1].login}`, { method: 'DELETE' }), 401, 4033, null);
      assert.equal(await all(), before);
    });
  });

  describe('bad bodies', () => {
    it('answers a malformed JSON body with an unsigned 500 and changes nothing', async () => {
      const before = await all();
      assertBodyFailure(await call(base, '/user/', { method: 'POST', token: admin, json: '{"user": "x", "resolver": ' }));
      assertBodyFailure(await call(base, '/user/', { method: 'POST', json: '{oops' }));
      assertBodyFailure(await call(base, '/user/', { method: 'PUT', token: admin, raw: '', headers: { 'content-type': 'application/json' } }));
      assert.equal(await all(), before);
    });

    it('answers a JSON body that is not an object with the same 500', async () => {
      for (const json of ['[1, 2]', '"text"', 'null', '42']) assertBodyFailure(await call(base, '/user/', { method: 'POST', token: admin, json }));
    });

    it('merges a JSON object sent as text/plain, and ignores text that is not JSON', async () => {
      const r = await call(base, '/user/', { method: 'POST', token: admin, raw: '{"user": "plain.user", "resolver": "local-sql"}', headers: { 'content-type': 'text/plain' } });
      assertSuccess(r);
      assert.equal((await find('plain.user')).length, 1);
      const e = assertFailure(await call(base, '/user/', { method: 'POST', token: admin, raw: 'user=x&resolver=local-sql', headers: { 'content-type': 'text/plain' } }), 400, 905);
      assert.equal(e.message, "ERR905: Missing parameter: 'resolver'");
    });

    it('treats a broken multipart body as an empty form', async () => {
      const e = assertFailure(
        await call(base, '/user/', { method: 'POST', token: admin, raw: 'garbage', headers: { 'content-type': 'multipart/form-data; boundary=zzz' } }),
        400,
        905,
      );
      assert.equal(e.message, "ERR905: Missing parameter: 'resolver'");
    });

    it('answers a body over --body-limit with the unsigned 500 and changes nothing', async () => {
      const before = await all();
      const big = { user: 'big.user', resolver: 'local-sql', description: 'x'.repeat(4000) };
      assertBodyFailure(await call(base, '/user/', { method: 'POST', token: admin, json: big }));
      assertBodyFailure(await call(base, '/user/', { method: 'POST', form: big }));
      assert.equal(await all(), before);
      // an unknown path is still a plain 404
      const r = await call(base, '/nowhere', { method: 'POST', json: big });
      assert.equal(r.status, 404);
    });
  });
});
