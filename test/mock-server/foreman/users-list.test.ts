import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startMock, type RunningMock } from '../../support/mock-process';
import { assertEnvelope, assertJson, get, listAll, USER_LIST_KEYS, userShowKeys, VIEW_TIME } from './foreman';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type User = any;

const q = (s: string) => encodeURIComponent(s);
const ids = (rows: User[]) => rows.map((u) => u.id);
const key = (s: string | null) => (s === null ? null : s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase());

describe('Foreman: GET /api/users — envelope, paging, order, search, scopes, show', () => {
  let mock: RunningMock;
  let base: string;
  let all: User[];
  before(async () => {
    mock = await startMock(['--port', '0', '--in-memory', '--users', '50']);
    base = mock.baseUrl;
    all = await listAll(base, '/users');
  });
  after(async () => {
    await mock.stop();
  });

  const search = async (s: string, extra = '') => {
    const r = await get(base, `/users?per_page=all&search=${q(s)}${extra}`);
    assert.equal(r.status, 200, `${s}: ${r.text}`);
    return r.body.results as User[];
  };
  const searchError = async (s: string) => {
    const r = await get(base, `/users?search=${q(s)}`);
    assert.equal(r.status, 400, `${s}: ${r.text}`);
    assertJson(r);
    assert.deepEqual(Object.keys(r.body.error), ['message', 'class']);
    assert.equal(r.body.error.class, 'ScopedSearch::QueryNotSupported');
    return r.body.error.message as string;
  };

  it('answers the index envelope with Foreman defaults and list items in Foreman key order', async () => {
    const r = await get(base, '/users');
    assertEnvelope(r);
    assert.equal(r.body.total, all.length);
    assert.equal(r.body.subtotal, all.length);
    assert.equal(r.body.page, 1);
    assert.equal(r.body.per_page, 20);
    assert.equal(r.body.search, null);
    assert.deepEqual(r.body.sort, { by: null, order: null });
    assert.equal(r.body.results.length, 20);
    const u = r.body.results[0];
    assert.deepEqual(Object.keys(u), USER_LIST_KEYS);
    assert.equal(typeof u.id, 'number');
    assert.equal(typeof u.admin, 'boolean');
    assert.equal(typeof u.mail_enabled, 'boolean');
    assert.match(u.created_at, VIEW_TIME);
    assert.deepEqual(Object.keys(u.locations[0]), ['id', 'name']);
    assert.deepEqual(Object.keys(u.default_location), ['id', 'name', 'title', 'description']);
    assert.ok(!all.some((x) => ['foreman_admin', 'foreman_api_admin', 'foreman_console_admin'].includes(x.login)), 'hidden users never listed');
  });

  it('orders by firstname (case-insensitive, NULLs last) by default', () => {
    for (let i = 1; i < all.length; i++) {
      const a = key(all[i - 1].firstname);
      const b = key(all[i].firstname);
      assert.ok(b === null || (a !== null && a <= b), `${all[i - 1].firstname} before ${all[i].firstname}`);
    }
  });

  it('pages with page/per_page as slices of the whole list', async () => {
    const p2 = await get(base, '/users?page=2&per_page=5');
    assertEnvelope(p2);
    assert.equal(p2.body.page, 2);
    assert.equal(p2.body.per_page, 5);
    assert.deepEqual(ids(p2.body.results), ids(all.slice(5, 10)));
    const last = await get(base, `/users?page=${Math.ceil(all.length / 7)}&per_page=7`);
    assert.deepEqual(ids(last.body.results), ids(all.slice(7 * (Math.ceil(all.length / 7) - 1))));
    const beyond = await get(base, '/users?page=99&per_page=20');
    assert.equal(beyond.status, 200);
    assert.deepEqual(beyond.body.results, []);
    assert.equal(beyond.body.page, 99);
    const huge = await get(base, '/users?per_page=4294967296');
    assert.equal(huge.body.per_page, 4294967296);
    assert.equal(huge.body.results.length, all.length);
  });

  it('takes per_page=all (per_page becomes the total) and ignores page with it', async () => {
    const r = await get(base, '/users?per_page=all&page=3');
    assert.equal(r.body.per_page, all.length);
    assert.equal(r.body.page, 3);
    assert.equal(r.body.results.length, all.length);
  });

  it('does not validate per_page/page as documented: 0, text and blank give no rows; bad pages are 500s', async () => {
    const zero = await get(base, '/users?per_page=0');
    assert.equal(zero.status, 200);
    assert.equal(zero.body.per_page, 0);
    assert.deepEqual(zero.body.results, []);
    const text = await get(base, '/users?per_page=abc');
    assert.equal(text.body.per_page, 0);
    assert.deepEqual(text.body.results, []);
    const blank = await get(base, '/users?per_page=');
    assert.equal(blank.body.per_page, 20);
    assert.deepEqual(blank.body.results, []);
    const negative = await get(base, '/users?per_page=-1');
    assert.equal(negative.status, 500);
    assert.match(negative.body.error.message, /LIMIT must not be negative/);
    const page0 = await get(base, '/users?page=0');
    assert.equal(page0.status, 500);
    assert.deepEqual(page0.body, { error: { message: 'invalid page: 0' } });
    const pageText = await get(base, '/users?page=abc');
    assert.deepEqual(pageText.body, { error: { message: 'invalid value for Integer(): "abc"' } });
  });

  it('sorts with order=<field> [ASC|DESC] and echoes it in sort', async () => {
    const desc = await get(base, `/users?per_page=all&order=${q('id DESC')}`);
    assert.deepEqual(desc.body.sort, { by: 'id', order: 'DESC' });
    assert.deepEqual(ids(desc.body.results), ids(all).sort((a, b) => b - a));
    const login = await get(base, '/users?per_page=all&order=login');
    assert.deepEqual(login.body.sort, { by: 'login', order: 'ASC' });
    const logins = login.body.results.map((u: User) => u.login);
    assert.deepEqual(logins, [...logins].sort());
    const lower = await get(base, `/users?per_page=3&order=${q('lastname desc')}`);
    assert.deepEqual(lower.body.sort, { by: 'lastname', order: 'desc' });
    const descr = await get(base, '/users?per_page=all&order=description');
    const firstNonNull = descr.body.results.findIndex((u: User) => u.description !== null);
    assert.ok(descr.body.results.slice(firstNonNull).every((u: User) => u.description !== null), 'NULLs first ascending');
    const descrDesc = await get(base, `/users?per_page=all&order=${q('description DESC')}`);
    assert.notEqual(descrDesc.body.results[0].description, null, 'NULLs last descending');
  });

  it('answers 400 for an order on a field that is not searchable', async () => {
    const r = await get(base, '/users?order=bogus');
    assert.equal(r.status, 400);
    assert.equal(r.text, '{"error":{"message":"the field \'bogus\' in the order statement is not valid field for search","class":"ScopedSearch::QueryNotSupported"}}');
    const blankField = await get(base, `/users?order=${q(' id')}`);
    assert.equal(blankField.body.error.message, "the field '' in the order statement is not valid field for search");
  });

  it('echoes search (subtotal counts matches, total ignores them); an empty search matches all', async () => {
    const admin = all.find((u) => u.login === 'admin');
    const r = await get(base, `/users?search=${q('login="admin"')}`);
    assertEnvelope(r);
    assert.equal(r.body.search, 'login="admin"');
    assert.equal(r.body.total, all.length);
    assert.equal(r.body.subtotal, 1);
    assert.deepEqual(ids(r.body.results), [admin.id]);
    const empty = await get(base, '/users?search=');
    assert.equal(empty.body.search, '');
    assert.equal(empty.body.subtotal, all.length);
  });

  it('searches with =, !=, ~, !~, patterns, IN lists, and/or/not and parentheses', async () => {
    const [a, b] = [all[3], all[7]];
    assert.deepEqual(ids(await search(`login = ${a.login}`)), [a.id]);
    assert.equal((await search(`login != ${a.login}`)).length, all.length - 1);
    assert.deepEqual(ids(await search(`login=${a.login.toUpperCase()}`)), [], '= is case-sensitive');
    const tilde = await search(`login ~ ${a.login.slice(0, 3).toUpperCase()}`);
    assert.ok(tilde.every((u) => u.login.includes(a.login.slice(0, 3))), '~ is a case-insensitive substring');
    assert.ok(ids(tilde).includes(a.id));
    assert.ok((await search('login !~ a')).every((u) => !u.login.includes('a')));
    const prefix = await search(`login ~ ${a.login.slice(0, 2)}*`);
    assert.ok(prefix.length > 0 && prefix.every((u) => u.login.startsWith(a.login.slice(0, 2))), 'a trailing * makes a prefix pattern');
    assert.deepEqual(ids(await search(`login ^ (${a.login}, ${b.login})`)).sort(), [a.id, b.id].sort());
    assert.equal((await search(`login !^ (${a.login}, ${b.login})`)).length, all.length - 2);
    assert.deepEqual(ids(await search(`login = ${a.login} or login = ${b.login}`)).sort(), [a.id, b.id].sort());
    assert.deepEqual(ids(await search(`login = ${a.login} | login = ${b.login}`)).sort(), [a.id, b.id].sort());
    assert.deepEqual(await search(`login = ${a.login} and login = ${b.login}`), []);
    assert.deepEqual(await search(`login = ${a.login} && login = ${b.login}`), []);
    assert.equal((await search(`not login = ${a.login}`)).length, all.length - 1);
    assert.equal((await search(`! login = ${a.login}`)).length, all.length - 1);
    assert.deepEqual(ids(await search(`(login = ${a.login} or login = ${b.login}) and not login = ${b.login}`)), [a.id]);
    assert.deepEqual(ids(await search(`login = ${a.login} AND login ~ ${a.login}`)), [a.id], 'keywords are case-insensitive');
    assert.deepEqual(ids(await search(`login = ${a.login} or`)), [a.id], 'a dangling operator is dropped');
  });

  it('searches quoted values and values with spaces', async () => {
    const spaced = all.find((u) => u.lastname.includes(' ') || u.firstname.includes(' '));
    if (spaced) {
      const field = spaced.lastname.includes(' ') ? 'lastname' : 'firstname';
      assert.ok(ids(await search(`${field} = "${spaced[field]}"`)).includes(spaced.id));
    }
    const admin = all.find((u) => u.login === 'admin');
    assert.deepEqual(ids(await search('firstname = "Admin" and lastname = "User"')), [admin.id]);
  });

  it('searches free text over login, names, mail, description, role, group and auth source', async () => {
    const u = all[5];
    assert.ok(ids(await search(u.login)).includes(u.id));
    const domain = u.mail.split('@')[1];
    const byMail = await search(domain);
    const sameDomain = all.filter((x) => x.mail?.endsWith(`@${domain}`));
    assert.ok(sameDomain.length > 1 && ids(sameDomain).every((id) => ids(byMail).includes(id)), 'mail is searched by free text');
    const viewers = await search('role = Viewer');
    const freeViewer = await search('viewer');
    assert.ok(ids(viewers).every((id) => ids(freeViewer).includes(id)), 'role names are searched by free text');
    const ldap = await search('Corporate');
    const ldapUsers = all.filter((x) => x.auth_source_name === 'Corporate LDAP');
    assert.deepEqual(ids(ldap).sort(), ids(ldapUsers).sort(), 'auth source names are searched by free text');
  });

  it('takes a bare set field as "= true" (own flag) and admin = true includes admin groups', async () => {
    const own = all.filter((u) => u.admin);
    assert.deepEqual(ids(await search('admin')).sort(), ids(own).sort());
    const effective = all.filter((u) => u.effective_admin);
    assert.deepEqual(ids(await search('admin = true')).sort(), ids(effective).sort());
    const notAdmin = await search('admin = false');
    assert.ok(notAdmin.every((u) => !u.admin));
    assert.ok(all.filter((u) => !u.effective_admin).every((u) => ids(notAdmin).includes(u.id)));
    assert.deepEqual(ids(await search('disabled = true')).sort(), ids(all.filter((u) => u.disabled)).sort());
    assert.deepEqual(ids(await search('disabled != true')).sort(), ids(all.filter((u) => !u.disabled)).sort());
  });

  it('searches relations: role, role_id, usergroup (nested groups), location, organization, auth_source', async () => {
    const viewers = await search('role = Viewer');
    assert.deepEqual(ids(await search('role_id = 8')).sort(), ids(viewers).sort());
    assert.equal((await search('role = "Default role"')).length, all.length, 'everyone holds "Default role"');
    const helpdesk = await search('usergroup = Helpdesk');
    const field = await search('usergroup = "Field Support"');
    assert.ok(ids(field).every((id) => ids(helpdesk).includes(id)), 'Field Support is nested in Helpdesk');
    const berlin = await search('location = Berlin');
    assert.ok(berlin.length > 0 && berlin.every((u) => u.locations.some((l: User) => l.name === 'Berlin')));
    const berlinId = berlin[0].locations[0].id;
    assert.deepEqual(ids(await search(`location_id = ${berlinId}`)).sort(), ids(berlin).sort());
    const acme = await search('organization = "Acme Corporation"');
    assert.ok(acme.length > 0 && acme.every((u) => u.organizations.some((o: User) => o.name === 'Acme Corporation')));
    const ldap = await search('auth_source = "Corporate LDAP"');
    assert.deepEqual(ids(await search('auth_source_type = AuthSourceLdap')).sort(), ids(ldap).sort());
    assert.ok(ldap.every((u) => u.auth_source_id === 3));
  });

  it('searches ids and datetimes', async () => {
    assert.ok((await search('id > 40')).every((u) => u.id > 40));
    assert.deepEqual(ids(await search('id = 4')), [4]);
    const recent = await search('last_login_on > "2025-01-01"');
    assert.ok(recent.length > 0 && recent.every((u) => u.last_login_on >= '2025-01-02'));
    const never = await search('null? last_login_on');
    assert.ok(never.every((u) => u.last_login_on === null));
    const some = await search('has last_login_on');
    assert.equal(never.length + some.length, all.length);
    const old = await search('last_login_on < "2 days ago"');
    assert.ok(old.every((u) => u.last_login_on !== null));
    assert.deepEqual(await search('last_login_on > tomorrow'), []);
  });

  it('answers 400 with scoped_search messages for invalid queries', async () => {
    assert.equal(await searchError('foo = bar'), "Field 'foo' not recognized for searching!");
    assert.equal(await searchError('Login = admin'), "Field 'Login' not recognized for searching!");
    assert.equal(await searchError('id = abc'), "Value 'abc' is not valid for field 'id'");
    assert.equal(await searchError('role_id = x'), "Value 'x' is not valid for field 'id'");
    assert.equal(await searchError('id ~ 5'), "the operator 'like' is not supported for field type 'integer'");
    assert.equal(await searchError('disabled = maybe'), "'disabled' should be one of 'true, false', but the query was 'maybe'");
    assert.equal(await searchError('disabled ~ true'), "Operator 'like' not supported for 'disabled'");
    assert.equal(await searchError('login = ) x'), 'Value expected but found :rparen');
    assert.equal(await searchError('() x'), 'Empty list of operands');
    assert.equal(await searchError('has nothing'), "Field 'nothing' not recognized for searching!");
  });

  it('restricts nested lists to the parent and orders them by id', async () => {
    const viewers = await search('role_id = 8');
    const nested = await get(base, '/roles/8/users?per_page=all');
    assertEnvelope(nested);
    assert.equal(nested.body.total, viewers.length);
    assert.deepEqual(ids(nested.body.results), ids(viewers).sort((a, b) => a - b));
    const everyone = await get(base, '/roles/1/users');
    assert.equal(everyone.body.total, all.length);
    const group = await get(base, '/usergroups/1');
    const members = await get(base, '/usergroups/1/users?per_page=all');
    assert.deepEqual(ids(members.body.results).sort(), group.body.users.map((u: User) => u.id).sort());
    const ldap = await get(base, '/auth_source_ldaps/3/users?per_page=all');
    assert.ok(ldap.body.total > 0 && ldap.body.results.every((u: User) => u.auth_source_id === 3));
    const external = await get(base, '/auth_source_externals/4/users?per_page=all');
    assert.ok(external.body.total > 0 && external.body.results.every((u: User) => u.auth_source_name === 'External'));
    const loc = all[0].locations[0];
    const byLoc = await get(base, `/locations/${loc.id}/users?per_page=all`);
    assert.ok(byLoc.body.results.every((u: User) => u.locations.some((l: User) => l.id === loc.id)));
    assert.equal(byLoc.headers.get('foreman_current_location'), `${loc.id}; ${loc.name}`);
    const org = all[0].organizations[0];
    const byOrg = await get(base, `/organizations/${org.id}/users?per_page=all&search=${q(`login = ${all[0].login}`)}`);
    assert.deepEqual(ids(byOrg.body.results), [all[0].id]);
    const v2 = await get(base, `/v2/locations/${loc.id}/users?per_page=all`);
    assert.equal(v2.body.total, byLoc.body.total);
  });

  it('treats location_id/organization_id and <parent>_id query parameters like the nested routes', async () => {
    const loc = all[0].locations[0];
    const nested = await get(base, `/locations/${loc.id}/users?per_page=all`);
    const query = await get(base, `/users?per_page=all&location_id=${loc.id}`);
    assert.deepEqual(ids(query.body.results), ids(nested.body.results));
    const byRole = await get(base, '/users?per_page=all&role_id=8');
    const nestedRole = await get(base, '/roles/8/users?per_page=all');
    assert.deepEqual(ids(byRole.body.results), ids(nestedRole.body.results));
    const anyContext = await get(base, '/users?location_id=');
    assert.equal(anyContext.body.total, all.length);
    assert.equal(anyContext.headers.get('foreman_current_location'), '; ANY');
  });

  it('answers 404 without the error wrapper for a missing nested parent', async () => {
    for (const [path, message] of [
      ['/roles/999/users', "Role not found by id '999'"],
      ['/usergroups/999/users', "Usergroup not found by id '999'"],
      ['/auth_source_ldaps/999/users', "Auth source ldap not found by id '999'"],
      ['/locations/999/users', 'Location with id 999 not found'],
      ['/organizations/999/users', 'Organization with id 999 not found'],
    ]) {
      const r = await get(base, path);
      assert.equal(r.status, 404, path);
      assertJson(r);
      assert.deepEqual(r.body, { message }, path);
    }
  });

  it('adds can_create/can_edit with include_permissions and renames results with root_name', async () => {
    const r = await get(base, '/users?per_page=1&include_permissions=1');
    assert.deepEqual(Object.keys(r.body), ['total', 'subtotal', 'page', 'per_page', 'search', 'can_create', 'can_edit', 'sort', 'results']);
    assert.equal(r.body.can_create, true);
    assert.match(r.text, /"can_create": true,"can_edit": true,\n/);
    const named = await get(base, '/users?per_page=1&root_name=users');
    assert.ok(Array.isArray(named.body.users));
  });

  it('shows a user by id, login, "<id>-<login>" and an id with trailing text; 404 otherwise', async () => {
    const u = all.find((x) => x.login.includes('.'));
    const byId = await get(base, `/users/${u.id}`);
    assert.equal(byId.status, 200);
    assertJson(byId);
    const sourceKey = { 1: 'auth_source_internal', 3: 'auth_source_ldap', 4: 'auth_source_external' }[u.auth_source_id as 1 | 3 | 4];
    assert.deepEqual(Object.keys(byId.body), userShowKeys(sourceKey));
    assert.deepEqual(Object.keys(byId.body.locations[0]), ['id', 'name', 'title', 'description']);
    assert.equal((await get(base, `/users/${u.login}`)).body.id, u.id, 'login with dots');
    assert.equal((await get(base, `/users/${u.id}-${u.login}`)).body.id, u.id);
    assert.equal((await get(base, `/users/${u.id}abc`)).body.id, u.id);
    assert.equal((await get(base, `/v2/users/${u.id}`)).body.id, u.id);
    const missing = await get(base, '/users/nobody.here');
    assert.equal(missing.status, 404);
    assert.equal(missing.text, '{"error":{"message":"Resource user not found by id \'nobody.here\'"}}');
    assert.equal(missing.headers.get('foreman_version'), '3.13.0');
    const hidden = await get(base, '/users/1');
    assert.equal(hidden.status, 404);
    assert.deepEqual(hidden.body, { error: { message: "Resource user not found by id '1'" } });
    const wrongCase = await get(base, `/users/${u.login.toUpperCase()}`);
    assert.equal(wrongCase.status, 404, 'the login in a path is case-sensitive');
  });

  it('shows roles (not "Default role"), groups, cached groups and the auth source of a user', async () => {
    const member = all.find((u) => u.effective_admin && !u.admin) ?? all.find((u) => u.login !== 'admin');
    const r = await get(base, `/users/${member.id}`);
    assert.ok(!r.body.roles.some((x: User) => x.name === 'Default role'));
    for (const role of r.body.roles) assert.deepEqual(Object.keys(role), ['name', 'id', 'description', 'origin']);
    for (const g of r.body.usergroups) assert.ok(r.body.cached_usergroups.some((c: User) => c.id === g.id));
    for (const g of r.body.cached_usergroups) assert.deepEqual(Object.keys(g), ['name', 'id', 'created_at', 'updated_at', 'roles']);
    const fieldSupport = (await search('usergroup = "Field Support"'))[0];
    if (fieldSupport) {
      const fs = await get(base, `/users/${fieldSupport.id}`);
      assert.ok(fs.body.cached_usergroups.some((g: User) => g.name === 'Helpdesk'), 'nested parents are cached groups');
    }
  });

  it('shows a user within a nested scope only', async () => {
    const viewer = (await get(base, '/roles/8/users?per_page=1')).body.results[0];
    assert.equal((await get(base, `/roles/8/users/${viewer.id}`)).status, 200);
    const viewers = ids((await get(base, '/roles/8/users?per_page=all')).body.results);
    const outsider = all.find((u) => u.login !== 'admin' && !viewers.includes(u.id));
    const r = await get(base, `/roles/8/users/${outsider.id}`);
    assert.equal(r.status, 404);
    assert.deepEqual(r.body, { error: { message: `Resource user not found by id '${outsider.id}'` } });
  });

  it('shows yourself whatever the nested scope (editing_self)', async () => {
    const r = await get(base, '/roles/8/users/4');
    assert.equal(r.status, 200);
    assert.equal(r.body.login, 'admin');
  });

  it('answers GET /api/current_user with the caller', async () => {
    const r = await get(base, '/current_user');
    assert.equal(r.status, 200);
    assert.deepEqual(Object.keys(r.body), userShowKeys('auth_source_internal'));
    assert.equal(r.body.login, 'admin');
    assert.equal(r.body.admin, true);
    assert.equal(r.body.default_location.name, 'Default Location');
  });
});
