import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startMock, type RunningMock } from '../../support/mock-process';
import { adminToken, assertFailure, assertSuccess, call, login, PASSWORD, seeded } from './pi';

const people = seeded();
type U = Record<string, unknown>;
const logins = (users: U[]) => users.map((u) => u.username as string).sort();

describe('privacyIDEA: GET /user/', () => {
  let mock: RunningMock;
  let base: string;
  let admin: string;
  const list = async (query = '', token = admin) => assertSuccess(await call(base, `/user/${query}`, { token })) as U[];

  before(async () => {
    mock = await startMock(['--port', '0', '--in-memory', '--users', '50']);
    base = mock.baseUrl;
    admin = await adminToken(base);
  });
  after(() => mock.stop());

  it('lists every user of every realm: SQL rows first (by id), then the directory entries', async () => {
    const users = await list();
    assert.equal(users.length, people.sql.length + people.ldap.length);
    assert.deepEqual(users.slice(0, people.sql.length).map((u) => u.id), people.sql.map((_, i) => i + 1));
    assert.deepEqual(users.slice(people.sql.length).map((u) => u.username), people.ldap.map((p) => p.login));
  });

  it('renders a SQL user with integer id, string userid, only the attributes that are set, no password', async () => {
    const [p] = people.sql;
    const u = (await list(`?username=${p.login}`))[0];
    const expected: U = {
      description: p.description ?? u.description,
      editable: true,
      email: p.email,
      givenname: p.firstName,
      id: 1,
      phone: p.phone,
      resolver: 'local-sql',
      surname: p.lastName,
      userid: '1',
      username: p.login,
    };
    if (p.mobile) expected.mobile = p.mobile;
    assert.deepEqual(u, expected);
    assert.equal(typeof u.description, 'string');
    const withoutMobile = people.sql.find((x) => !x.mobile)!;
    assert.equal('mobile' in (await list(`?username=${withoutMobile.login}`))[0], false);
  });

  it('renders an LDAP user with its entryUUID as userid and every mapped attribute ("" when absent)', async () => {
    const p = people.ldap.find((x) => !x.mobile) ?? people.ldap[0];
    const u = (await list(`?username=${p.login}`))[0];
    assert.deepEqual(Object.keys(u).sort(), ['editable', 'email', 'givenname', 'mobile', 'phone', 'resolver', 'surname', 'userid', 'username']);
    assert.match(u.userid as string, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(u.mobile, p.mobile ?? '');
    assert.equal(u.editable, false);
    assert.equal(u.resolver, 'ldap-corp');
    assert.equal(u.username, p.login);
  });

  it('escapes non-ASCII characters as Python does', async () => {
    const p = people.roster.find((x) => /[^\x00-\x7f]/.test(x.firstName))!;
    const r = await call(base, `/user/?username=${p.login}`, { token: admin });
    assertSuccess(r);
    const escaped = [...p.firstName].map((ch) => (ch.charCodeAt(0) > 0x7e ? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}` : ch)).join('');
    assert.ok(r.text.includes(`"givenname": "${escaped}"`), r.text);
    assert.equal(r.body.result.value[0].givenname, p.firstName);
  });

  it('scopes by realm, by resolver, and by both (union)', async () => {
    assert.deepEqual(logins(await list('?realm=defrealm')), logins([...people.sql, ...people.ldap].map((p) => ({ username: p.login }))));
    assert.deepEqual(logins(await list('?realm=helpdesk')), people.ldap.map((p) => p.login).sort());
    assert.deepEqual(logins(await list('?resolver=local-sql')), people.sql.map((p) => p.login).sort());
    assert.equal((await list('?realm=helpdesk&resolver=local-sql')).length, people.sql.length + people.ldap.length);
  });

  it('answers [] for an unknown realm or resolver (names are exact)', async () => {
    assert.deepEqual(await list('?realm=nowhere'), []);
    assert.deepEqual(await list('?realm=DEFREALM'), []);
    assert.deepEqual(await list('?resolver=nope'), []);
  });

  it('matches username with * wildcards, case-insensitively, in both stores', async () => {
    const expected = people.roster.filter((p) => p.login.includes('an')).map((p) => p.login).sort();
    assert.ok(expected.length > 2);
    assert.deepEqual(logins(await list('?username=*an*')), expected);
    assert.deepEqual(logins(await list('?username=*AN*')), expected);
    const prefix = people.roster.filter((p) => p.login.startsWith('a')).map((p) => p.login).sort();
    assert.deepEqual(logins(await list('?username=a*')), prefix);
  });

  it('matches a username without wildcards exactly (ignoring case)', async () => {
    const p = people.sqlUser;
    assert.deepEqual(logins(await list(`?username=${p.login.toUpperCase()}`)), [p.login]);
    assert.deepEqual(await list(`?username=${p.login.slice(0, -1)}`), []);
  });

  it('lets user= take precedence over username=', async () => {
    assert.deepEqual(logins(await list(`?username=nobody&user=${people.sqlUser.login}`)), [people.sqlUser.login]);
  });

  it('filters by other attributes, AND-combined', async () => {
    const globex = people.roster.filter((p) => p.email.endsWith('@globex.example'));
    assert.deepEqual(logins(await list('?email=*@globex.example')), globex.map((p) => p.login).sort());
    const both = globex.filter((p) => p.login.includes('a'));
    assert.deepEqual(logins(await list('?email=*@globex.example&username=*a*')), both.map((p) => p.login).sort());
    const p = people.sqlUser;
    assert.deepEqual(logins(await list(`?surname=${encodeURIComponent(p.lastName)}&givenname=${encodeURIComponent(p.firstName)}`)).includes(p.login), true);
  });

  it('compares like each store: SQL LIKE is ASCII-case-insensitive and has _ wildcards; LDAP folds all case and phone spacing', async () => {
    const sqlAccented = people.sql.find((p) => /^[^\x00-\x7f]/.test(p.firstName));
    if (sqlAccented) {
      const lower = sqlAccented.firstName.toLowerCase();
      const found = logins(await list(`?resolver=local-sql&givenname=${encodeURIComponent(lower)}`));
      assert.equal(found.includes(sqlAccented.login), false, 'SQLite does not fold non-ASCII case');
    }
    const ldapUser = people.ldap[0];
    assert.deepEqual(logins(await list(`?realm=helpdesk&givenname=${encodeURIComponent(ldapUser.firstName.toLowerCase())}`)).includes(ldapUser.login), true);
    assert.deepEqual(logins(await list(`?realm=helpdesk&phone=${encodeURIComponent(ldapUser.phone.replace(/ /g, ''))}`)), [ldapUser.login]);
    const sqlUser = people.sqlUser;
    assert.deepEqual(await list(`?resolver=local-sql&phone=${encodeURIComponent(sqlUser.phone.replace(/ /g, ''))}`), []);
    assert.deepEqual(logins(await list(`?resolver=local-sql&username=${sqlUser.login.replace('.', '_')}`)), [sqlUser.login]);
    assert.deepEqual(await list(`?realm=helpdesk&username=${ldapUser.login.replace('.', '_')}`), []);
  });

  it('skips a resolver that does not map a filter key: userid only searches SQL, unknown keys give []', async () => {
    const u = await list('?userid=3');
    assert.equal(u.length, 1);
    assert.equal(u[0].id, 3);
    assert.deepEqual(await list('?department=Sales'), []);
    assert.deepEqual(await list('?page=1'), []);
  });

  it('leaves wildcard-only values out of the LDAP filter but not out of SQL (NULL never matches)', async () => {
    const users = await list('?mobile=*');
    const sqlWithMobile = people.sql.filter((p) => p.mobile).length;
    assert.equal(users.filter((u) => u.resolver === 'local-sql').length, sqlWithMobile);
    assert.equal(users.filter((u) => u.resolver === 'ldap-corp').length, people.ldap.length);
  });

  it('returns only the attributes= asked for (SQL always adds id and userid)', async () => {
    const users = await list('?attributes=username,email');
    const sql = users.find((u) => u.username === people.sqlUser.login)!;
    assert.deepEqual(Object.keys(sql).sort(), ['email', 'id', 'userid', 'username']);
    const ldap = users.find((u) => u.username === people.ldapUser.login)!;
    assert.deepEqual(Object.keys(ldap).sort(), ['email', 'username']);
    const withResolver = await list(`?attributes=username, resolver&username=${people.sqlUser.login}`);
    assert.deepEqual(Object.keys(withResolver[0]).sort(), ['id', 'resolver', 'userid', 'username']);
    // naming only privacyIDEA attributes leaves the store's list empty, which means "all"
    const onlyResolver = await list(`?attributes=resolver&username=${people.sqlUser.login}`);
    assert.ok('email' in onlyResolver[0] && 'resolver' in onlyResolver[0] && !('editable' in onlyResolver[0]));
  });

  it('treats an empty attributes= as a search key (so nothing matches)', async () => {
    assert.deepEqual(await list('?attributes='), []);
  });

  it('shows a normal user only himself, whatever he asks for', async () => {
    const token = await login(base, people.sqlUser.login, PASSWORD);
    for (const q of ['', '?username=*', `?user=${people.sql[1].login}`, '?realm=helpdesk', '?resolver=ldap-corp']) {
      const users = await list(q, token);
      assert.deepEqual(logins(users), [people.sqlUser.login], q);
    }
    assert.deepEqual(await list('?email=nomatch', token), []);
    const ldapToken = await login(base, people.ldapUser.login, PASSWORD);
    const mine = await list('', ldapToken);
    assert.equal(mine.length, 1);
    assert.equal(mine[0].resolver, 'ldap-corp');
  });

  it('lets an administrator from the superuser realm list everyone', async () => {
    const token = await login(base, `${people.ldapUser.login}@helpdesk`, PASSWORD);
    assert.equal((await list('', token)).length, people.sql.length + people.ldap.length);
  });

  it('redirects /user to /user/ with 308, keeping the query (before any auth check)', async () => {
    const r = await call(base, '/user?realm=defrealm&username=*a*');
    assert.equal(r.status, 308);
    const location = `${base}/privacyidea/user/?realm=defrealm&username=*a*`;
    assert.equal(r.headers.get('location'), location);
    assert.match(r.headers.get('content-type')!, /^text\/html; charset=utf-8/);
    assert.ok(r.text.includes(`<a href="${location.replace(/&/g, '&amp;')}">`), r.text);
    const followed = await call(base, '/user?username=*a*', { token: admin, redirect: 'follow' });
    assertSuccess(followed);
  });

  it('answers HEAD like GET without a body, and OPTIONS with Allow after the token check', async () => {
    const head = await call(base, '/user/', { method: 'HEAD', token: admin });
    assert.equal(head.status, 200);
    assert.equal(head.text, '');
    const options = await call(base, '/user/', { method: 'OPTIONS', token: admin });
    assert.equal(options.status, 200);
    assert.equal(options.headers.get('allow'), 'GET, HEAD, OPTIONS, POST, PUT');
    assertFailure(await call(base, '/user/', { method: 'OPTIONS' }), 401, 4033);
  });

  it('answers 405 for methods the path does not take', async () => {
    const r = await call(base, '/user/', { method: 'DELETE', token: admin });
    assert.equal(r.status, 405);
    assert.equal(r.headers.get('allow'), 'GET, HEAD, OPTIONS, POST, PUT');
    const get = await call(base, '/user/local-sql/x', { token: admin });
    assert.equal(get.status, 405);
    assert.equal(get.headers.get('allow'), 'DELETE, OPTIONS');
  });

  it('reads the parameters from a JSON body on GET too', async () => {
    const r = await call(base, '/user/', { token: admin, json: { username: people.sqlUser.login } });
    assert.deepEqual(logins(assertSuccess(r) as U[]), [people.sqlUser.login]);
  });

  describe('a query string asked again (its parameters are read once and kept)', () => {
    it('still reads a JSON body sent with it, and fails an empty body declared as JSON', async () => {
      const p = people.sqlUser;
      const query = `?resolver=local-sql&username=${p.login}`;
      assert.deepEqual(logins(await list(query)), [p.login]);
      assert.deepEqual(logins(assertSuccess(await call(base, `/user/${query}`, { token: admin, json: { username: 'nobody.here' } })) as U[]), []);
      const empty = await call(base, `/user/${query}`, { token: admin, headers: { 'content-type': 'application/json' } });
      assert.equal(empty.status, 500, empty.text);
      assert.deepEqual(logins(await list(query)), [p.login]);
    });

    it('unquotes its values again or not, by the user agent of each request', async () => {
      const p = people.sqlUser;
      // %2561 is "%61" once decoded, "a" twice: privacyIDEA's own plug-ins send values decoded once
      const hex = p.login.charCodeAt(0).toString(16);
      const query = `?resolver=local-sql&username=%25${hex}${encodeURIComponent(p.login.slice(1))}`;
      const asPlugin = async () => logins(assertSuccess(await call(base, `/user/${query}`, { token: admin, headers: { 'user-agent': 'privacyidea-cp/2.0' } })) as U[]);
      assert.deepEqual(logins(await list(query)), [p.login]);
      assert.deepEqual(await asPlugin(), []);
      assert.deepEqual(logins(await list(query)), [p.login]);
      assert.deepEqual(await asPlugin(), []);
    });

    it('binds a normal user to himself even after an administrator asked the same', async () => {
      const other = people.sql.find((x) => x.login !== people.sqlUser.login)!;
      const query = `?username=${other.login}`;
      assert.deepEqual(logins(await list(query)), [other.login]);
      const token = await login(base, people.sqlUser.login, PASSWORD);
      assert.deepEqual(logins(await list(query, token)), [people.sqlUser.login]);
      assert.deepEqual(logins(await list(query)), [other.login]);
    });
  });

  it('answers 500 for a search value that is not a string', async () => {
    const e = assertFailure(await call(base, '/user/', { token: admin, json: { email: 5 } }), 500, -500);
    assert.match(e.message, /^500 Internal Server Error/);
  });
});
