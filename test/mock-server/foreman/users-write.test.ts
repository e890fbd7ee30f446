import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startMock, type RunningMock } from '../../support/mock-process';
import { assertJson, call, clientAddress, del, get, listAll, post, put, userShowKeys, VIEW_TIME } from './foreman';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

let counter = 0;
const uniqueLogin = (prefix = 'new.user') => `${prefix}${++counter}`;
const internal = (extra: Record<string, unknown> = {}) => ({
  login: uniqueLogin(),
  mail: `u${counter}@example.com`,
  auth_source_id: 1,
  password: 'Secret123!',
  ...extra,
});

describe('Foreman: POST/PUT/PATCH/DELETE /api/users', () => {
  let mock: RunningMock;
  let base: string;
  before(async () => {
    mock = await startMock(['--port', '0', '--in-memory', '--users', '50']);
    base = mock.baseUrl;
  });
  after(async () => {
    await mock.stop();
  });

  const create = async (user: Record<string, unknown>) => {
    const r = await post(base, '/users', { user });
    assert.equal(r.status, 201, r.text);
    return r.body as Json;
  };
  const errorsOf = async (body: unknown, path = '/users', method = 'POST') => {
    const r = await call(base, method, path, { json: body });
    assert.equal(r.status, 422, r.text);
    assertJson(r);
    assert.deepEqual(Object.keys(r.body.error), ['id', 'errors', 'full_messages']);
    return r.body.error as { id: number | null; errors: Record<string, string[]>; full_messages: string[] };
  };

  it('creates a user (201, the show view) with "Default role" added but not listed', async () => {
    const r = await post(base, '/users', {
      user: internal({ firstname: 'Grace', lastname: 'Hopper', role_ids: [8], location_ids: [2], organization_ids: [1], timezone: 'Berlin', locale: 'de' }),
    });
    assert.equal(r.status, 201, r.text);
    assertJson(r);
    assert.equal(r.headers.get('foreman_version'), '3.13.0');
    assert.deepEqual(Object.keys(r.body), userShowKeys('auth_source_internal'));
    assert.equal(r.body.firstname, 'Grace');
    assert.equal(r.body.mail_enabled, false, 'mail_enabled defaults to false for new users');
    assert.equal(r.body.admin, false);
    assert.equal(r.body.disabled, false);
    assert.equal(r.body.timezone, 'Berlin');
    assert.equal(r.body.locale, 'de');
    assert.equal(r.body.last_login_on, null);
    assert.match(r.body.created_at, VIEW_TIME);
    assert.deepEqual(r.body.roles.map((x: Json) => x.name), ['Viewer']);
    assert.deepEqual(r.body.locations.map((x: Json) => x.id), [2]);
    assert.deepEqual(r.body.organizations.map((x: Json) => x.id), [1]);
    const everyone = await get(base, `/roles/1/users?search=${encodeURIComponent(`login = ${r.body.login}`)}`);
    assert.equal(everyone.body.subtotal, 1, 'holds "Default role"');
    const shown = await get(base, `/users/${r.body.id}`);
    assert.deepEqual(shown.body, r.body);
    const login = await get(base, '/current_user', { auth: [r.body.login, 'Secret123!'] });
    assert.equal(login.status, 200, 'the new password works');
  });

  it('wraps an unwrapped body into user, except admin (not in the wrap list)', async () => {
    const body = internal({ admin: true, firstname: 'Unwrapped' });
    const r = await post(base, '/users', body);
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.firstname, 'Unwrapped');
    assert.equal(r.body.admin, false);
    const wrapped = await create(internal({ admin: true }));
    assert.equal(wrapped.admin, true, 'an admin caller may set admin inside user');
    assert.equal(wrapped.effective_admin, true);
  });

  it('answers 422 with login and auth_source_id errors for an empty body', async () => {
    const e = await errorsOf({});
    assert.equal(e.id, null);
    assert.deepEqual(e.errors, { login: ["can't be blank"], auth_source_id: ["can't be blank"] });
    assert.deepEqual(e.full_messages, ["Login can't be blank", "Auth source can't be blank"]);
    const scalarUser = await errorsOf({ user: 'not a hash' });
    assert.deepEqual(Object.keys(scalarUser.errors), ['login', 'auth_source_id']);
    const arrayBody = await errorsOf([1, 2, 3]);
    assert.deepEqual(Object.keys(arrayBody.errors), ['login', 'auth_source_id']);
  });

  it('validates login: format, length, reserved word, case-insensitive uniqueness, user group names', async () => {
    assert.deepEqual((await errorsOf({ user: internal({ login: 'has space' }) })).errors, { login: ['is invalid'] });
    assert.deepEqual((await errorsOf({ user: internal({ login: '<b>x</b>' }) })).errors, { login: ['is invalid'] });
    assert.deepEqual((await errorsOf({ user: internal({ login: 'a'.repeat(101) }) })).errors, { login: ['is too long (maximum is 100 characters)'] });
    assert.deepEqual((await errorsOf({ user: internal({ login: 'current_user' }) })).errors, { login: ['is reserved'] });
    assert.deepEqual((await errorsOf({ user: internal({ login: 'ADMIN' }) })).errors, { login: ['already exists'] });
    const group = await errorsOf({ user: internal({ login: 'Helpdesk' }) });
    assert.deepEqual(group.errors, { base: ['A user group already exists with this name'] });
    assert.deepEqual(group.full_messages, ['A user group already exists with this name']);
    assert.equal((await post(base, '/users', { user: internal({ login: 'ok_user-1@x.y\\$#+' }) })).status, 201);
  });

  it('validates mail, names, timezone, locale and passwords', async () => {
    const e = await errorsOf({
      user: internal({ mail: 'not-an-address', firstname: 'Bob?', lastname: 'x'.repeat(51), timezone: 'Mars/Olympus', locale: 'english', password: 'a', password_confirmation: 'b' }),
    });
    assert.deepEqual(e.errors, {
      timezone: ['is not valid'],
      locale: ['is too long (maximum is 5 characters)', 'is invalid'],
      mail: ['is invalid'],
      password_confirmation: ["doesn't match Password"],
      firstname: ['is invalid'],
      lastname: ['is too long (maximum is 50 characters)'],
    });
    assert.deepEqual(e.full_messages, [
      'Timezone is not valid',
      'Locale is too long (maximum is 5 characters)',
      'Locale is invalid',
      'Mail is invalid',
      "Password confirmation doesn't match Password",
      'Firstname is invalid',
      'Lastname is too long (maximum is 50 characters)',
    ]);
    const long = await errorsOf({ user: internal({ mail: `${'a'.repeat(250)}@example.com` }) });
    assert.deepEqual(long.errors, { mail: ['is too long (maximum is 254 characters)'] });
    const noPassword = await errorsOf({ user: internal({ password: undefined }) });
    assert.deepEqual(noPassword.errors, { password_hash: ["can't be blank"] });
    assert.deepEqual(noPassword.full_messages, ["Password hash can't be blank"]);
    const ok = await create(internal({ mail: '  spaced@example.com  ', timezone: 'Europe/Berlin', locale: 'pt_BR', firstname: "O'Brien-Smith (Jr.)" }));
    assert.equal(ok.mail, 'spaced@example.com');
    assert.equal(ok.timezone, 'Europe/Berlin');
    assert.equal(ok.locale, 'pt_BR');
    const blanks = await create(internal({ timezone: '', locale: '' }));
    assert.equal(blanks.timezone, null);
    assert.equal(blanks.locale, null);
  });

  it('needs no password for LDAP users and refuses the hidden auth source', async () => {
    const ldap = await create({ login: uniqueLogin('ldap.user'), mail: 'l@example.com', auth_source_id: 3 });
    assert.deepEqual(ldap.auth_source_ldap, { id: 3, type: 'AuthSourceLdap', name: 'Corporate LDAP' });
    const hidden = await errorsOf({ user: { login: uniqueLogin(), auth_source_id: 2 } });
    assert.deepEqual(hidden.errors, { auth_source: ['is not permitted'] });
    const byName = await create(internal({ auth_source_id: undefined, auth_source_name: 'Internal' }));
    assert.equal(byName.auth_source_id, 1);
    const unknownName = await post(base, '/users', { user: internal({ auth_source_id: undefined, auth_source_name: 'Nope' }) });
    assert.equal(unknownName.status, 422);
    assert.deepEqual(unknownName.body, { error: { message: 'Could not find auth_source with name: Nope' } });
    const fk = await post(base, '/users', { user: internal({ auth_source_id: 999 }) });
    assert.equal(fk.status, 500);
    assert.match(fk.body.error.message, /violates foreign key constraint/);
  });

  it('answers 422 with ActiveRecord messages for unknown role, location and organization ids', async () => {
    const one = await post(base, '/users', { user: internal({ role_ids: [999] }) });
    assert.equal(one.status, 422);
    assert.deepEqual(one.body, { error: { message: "Couldn't find Role with 'id'=[999]" } });
    const two = await post(base, '/users', { user: internal({ role_ids: [8, '999'] }) });
    assert.equal(
      two.body.error.message,
      "Couldn't find all Roles with 'id': (8, 999) (found 1 results, but was looking for 2). Couldn't find Role with id 999.",
    );
    const loc = await post(base, '/users', { user: internal({ location_ids: [1] }) });
    assert.deepEqual(loc.body, { error: { message: "Couldn't find Location with 'id'=[1]" } }, 'id 1 is an organization');
    const org = await post(base, '/users', { user: internal({ organization_ids: [424242] }) });
    assert.deepEqual(org.body, { error: { message: "Couldn't find Organization with 'id'=[424242]" } });
  });

  it('maps roles: [{id}] to role_ids and names to ids; a list of scalars for roles is a 500', async () => {
    const byObjects = await create(internal({ roles: [{ id: 8 }, { id: 10 }] }));
    assert.deepEqual(byObjects.roles.map((r: Json) => r.id), [10, 8]);
    const byNames = await create(internal({ role_names: ['Viewer'], location_names: ['Europe/Berlin'] }));
    assert.deepEqual(byNames.roles.map((r: Json) => r.name), ['Viewer']);
    assert.deepEqual(byNames.locations.map((l: Json) => l.title), ['Europe/Berlin']);
    const scalars = await post(base, '/users', { user: internal({ roles: [8] }) });
    assert.equal(scalars.status, 500);
    assert.match(scalars.body.error.message, /^Internal Server Error: the server was unable to finish the request/);
    const unknownName = await post(base, '/users', { user: internal({ role_names: ['Nope'] }) });
    assert.equal(unknownName.status, 500);
  });

  it('requires the default location/organization among the user’s own, unless admin', async () => {
    const e = await errorsOf({ user: internal({ location_ids: [2], default_location_id: 8, organization_ids: [1], default_organization_id: 3 }) });
    assert.deepEqual(e.errors, {
      default_organization: ['default organizations need to be user organizations first'],
      default_location: ['default locations need to be user locations first'],
    });
    const parent = await create(internal({ location_ids: [7], default_location_id: 8 }));
    assert.equal(parent.default_location.title, 'Europe/Berlin', 'a child of an own location is fine');
    const admin = await create(internal({ admin: true, default_location_id: 8 }));
    assert.equal(admin.default_location.id, 8);
  });

  it('drops unknown keys, __proto__/constructor keys and values of the wrong shape', async () => {
    const login = uniqueLogin();
    const text = `{"user":{"login":"${login}","mail":"p@example.com","auth_source_id":1,"password":"Secret123!","__proto__":{"admin":true},"constructor":{"prototype":{"admin":true}},"foo":"bar","firstname":{"x":1},"role_ids":"8","lastname":["a"]},"__proto__":{"polluted":true}}`;
    const r = await call(base, 'POST', '/users', { body: text, type: 'application/json' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.admin, false);
    assert.equal(r.body.firstname, null);
    assert.equal(r.body.lastname, null);
    assert.deepEqual(r.body.roles, []);
    assert.ok(!('foo' in r.body));
    const numeric = await create(internal({ login: 12345, description: 42, disabled: 'yes', mail_enabled: 0 }));
    assert.equal(numeric.login, '12345');
    assert.equal(numeric.description, '42');
    assert.equal(numeric.disabled, true);
    assert.equal(numeric.mail_enabled, false);
    const health = await fetch(`${base}/_mock/health`);
    assert.equal(health.status, 200);
  });

  it('answers 400 for malformed JSON before authentication, and keeps running', async () => {
    for (const [text, detail] of [
      ['{"user": ', `unexpected token at '{"user": '`],
      ['{notAJson', `unexpected token at '{notAJson'`],
      ['{"a":1} x', `unexpected token at 'x'`],
      [' ', `unexpected token at ''`],
    ]) {
      const r = await call(base, 'POST', '/users', { auth: null, body: text, type: 'application/json', headers: clientAddress() });
      assert.equal(r.status, 400, text);
      assertJson(r);
      assert.deepEqual(r.body, { status: 400, error: `There was a problem in the JSON you submitted: ${detail}` });
    }
    const deep = await call(base, 'PUT', '/users/4', { body: `${'['.repeat(101)}${']'.repeat(101)}`, type: 'application/json' });
    assert.deepEqual(deep.body, { status: 400, error: 'There was a problem in the JSON you submitted: nesting of 101 is too deep' });
    const angle = await call(base, 'POST', '/users', { body: '<x>', type: 'application/json' });
    assert.match(angle.text, /\\u003cx\\u003e/, 'to_json escapes HTML characters');
    assert.equal((await get(base, '/status')).status, 200);
  });

  it('answers 415 for POST/PUT bodies that are not JSON (after authentication)', async () => {
    const form = await call(base, 'POST', '/users', { body: 'user[login]=x', type: 'application/x-www-form-urlencoded' });
    assert.equal(form.status, 415);
    assert.deepEqual(form.body, {
      error: { message: "Media type in 'Content-Type: application/x-www-form-urlencoded' is unsupported in API v2 for POST and PUT requests. Please use 'Content-Type: application/json'." },
    });
    assert.equal(form.headers.get('foreman_version'), '3.13.0');
    const none = await call(base, 'PUT', '/users/4', { body: 'x' });
    assert.equal(none.status, 415);
    assert.match(none.body.error.message, /^Media type in 'Content-Type: text\/plain;charset=UTF-8'|^Media type in 'Content-Type: '/);
    const unauth = await call(base, 'POST', '/users', { auth: null, body: 'x', type: 'text/plain', headers: clientAddress() });
    assert.equal(unauth.status, 401);
    const charset = await call(base, 'POST', '/users', { body: JSON.stringify({ user: internal() }), type: 'application/json; charset=utf-8' });
    assert.equal(charset.status, 201);
  });

  it('adds the taxonomy context of the request to a new user', async () => {
    const r = await post(base, '/users?location_id=8&organization_id=3', { user: internal({ location_ids: [2] }) });
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(r.body.locations.map((l: Json) => l.id).sort(), [2, 8]);
    assert.deepEqual(r.body.organizations.map((o: Json) => o.id), [3]);
  });

  it('leaves stored data untouched when a request is rejected', async () => {
    const before = await get(base, '/users?per_page=all&order=id');
    const target = await create(internal({ firstname: 'Stable' }));
    const snapshot = (await get(base, `/users/${target.id}`)).text;
    await post(base, '/users', { user: internal({ login: 'bad login', role_ids: [8] }) });
    await post(base, '/users', { user: internal({ role_ids: [999] }) });
    await put(base, `/users/${target.id}`, { user: { firstname: 'Changed', login: 'bad login' } });
    await put(base, `/users/${target.id}`, { user: { firstname: 'Changed', role_ids: [999] } });
    await put(base, `/users/${target.id}`, { user: { firstname: 'Changed', location_ids: [1] } });
    await call(base, 'PUT', `/users/${target.id}`, { body: '{"user":{"firstname":"Changed"', type: 'application/json' });
    await call(base, 'PUT', `/users/${target.id}`, { body: 'firstname=Changed', type: 'application/x-www-form-urlencoded' });
    await del(base, '/users/4');
    assert.equal((await get(base, `/users/${target.id}`)).text, snapshot);
    const afterList = await get(base, '/users?per_page=all&order=id');
    assert.equal(afterList.body.total, before.body.total + 1);
  });

  it('updates only the attributes sent (PUT and PATCH, wrapped or not) and touches updated_at', async () => {
    const u = await create(internal({ firstname: 'Before', lastname: 'Same', mail_enabled: true }));
    await new Promise((r) => setTimeout(r, 1100));
    const r = await put(base, `/users/${u.id}`, { user: { firstname: 'After' } });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(Object.keys(r.body), userShowKeys('auth_source_internal'));
    assert.equal(r.body.firstname, 'After');
    assert.equal(r.body.lastname, 'Same');
    assert.notEqual(r.body.updated_at, u.updated_at);
    assert.equal(r.body.created_at, u.created_at);
    const unwrapped = await put(base, `/users/${u.login}`, { description: 'unwrapped' });
    assert.equal(unwrapped.body.description, 'unwrapped');
    const patched = await call(base, 'PATCH', `/users/${u.id}`, { json: { user: { lastname: 'Patched' } } });
    assert.equal(patched.body.lastname, 'Patched');
    const form = await call(base, 'PATCH', `/users/${u.id}`, { body: 'user[lastname]=Form', type: 'application/x-www-form-urlencoded' });
    assert.equal(form.status, 200, 'PATCH is not checked for a JSON media type');
    assert.equal(form.body.lastname, 'Form');
    const nothing = await put(base, `/users/${u.id}`, { user: {} });
    assert.equal(nothing.body.updated_at, form.body.updated_at, 'no change, no new updated_at');
  });

  it('replaces roles, locations and organizations with the ids given', async () => {
    const u = await create(internal({ role_ids: [8, 10], location_ids: [8, 9], organization_ids: [3] }));
    const r1 = await put(base, `/users/${u.id}`, { user: { role_ids: [10], location_ids: [12], organization_ids: [] } });
    assert.deepEqual(r1.body.roles.map((x: Json) => x.id), [10]);
    assert.deepEqual(r1.body.locations.map((x: Json) => x.id), [12]);
    assert.deepEqual(r1.body.organizations, []);
    const r2 = await put(base, `/users/${u.id}`, { user: { role_ids: [] } });
    assert.deepEqual(r2.body.roles, []);
    const viewers = await get(base, `/roles/8/users?per_page=all`);
    assert.ok(!viewers.body.results.some((x: Json) => x.id === u.id));
    const everyone = await get(base, `/roles/1/users?search=${encodeURIComponent(`id = ${u.id}`)}`);
    assert.equal(everyone.body.subtotal, 1, '"Default role" stays');
    const untouched = await put(base, `/users/${u.id}`, { user: { role_ids: null } });
    assert.deepEqual(untouched.body.locations.map((x: Json) => x.id), [12], 'null lists are not permitted, so ignored');
  });

  it('makes mail mandatory on update when mail is enabled', async () => {
    const u = await create({ login: uniqueLogin(), auth_source_id: 1, password: 'Secret123!', mail_enabled: true });
    assert.equal(u.mail, null);
    const e = await errorsOf({ user: { firstname: 'X' } }, `/users/${u.id}`, 'PUT');
    assert.equal(e.id, u.id);
    assert.deepEqual(e.errors, { mail: ["can't be blank"] });
    const ok = await put(base, `/users/${u.id}`, { user: { firstname: 'X', mail: 'x@example.com' } });
    assert.equal(ok.status, 200);
  });

  it('requires current_password to change your own password', async () => {
    const u = await create(internal());
    const auth: [string, string] = [u.login, 'Secret123!'];
    const missing = await put(base, `/users/${u.id}`, { user: { password: 'Other456!' } }, { auth });
    assert.equal(missing.status, 422, missing.text);
    assert.deepEqual(missing.body.error.errors, { current_password: ['Incorrect password'] });
    assert.deepEqual(missing.body.error.full_messages, ['Current password Incorrect password']);
    const wrong = await put(base, `/users/${u.id}`, { user: { password: 'Other456!', current_password: 'nope' } }, { auth });
    assert.equal(wrong.status, 422);
    const ok = await put(base, `/users/${u.id}`, { user: { password: 'Other456!', current_password: 'Secret123!' } }, { auth });
    assert.equal(ok.status, 200, ok.text);
    assert.equal((await get(base, '/current_user', { auth: [u.login, 'Other456!'] })).status, 200);
    assert.equal((await get(base, '/current_user', { auth, headers: clientAddress() })).status, 401);
    const byAdmin = await put(base, `/users/${u.id}`, { user: { password: 'Third789!' } });
    assert.equal(byAdmin.status, 200, 'an admin changes another user’s password without it');
    assert.equal((await get(base, '/current_user', { auth: [u.login, 'Third789!'] })).status, 200);
  });

  it('ignores role and auth source changes on yourself, refuses disabling yourself and renaming external users', async () => {
    const u = await create(internal({ role_ids: [10] }));
    const auth: [string, string] = [u.login, 'Secret123!'];
    const self = await put(base, `/users/${u.id}`, { user: { role_ids: [8], auth_source_id: 3, firstname: 'Self' } }, { auth });
    assert.equal(self.status, 200, self.text);
    assert.equal(self.body.firstname, 'Self');
    assert.deepEqual(self.body.roles.map((r: Json) => r.id), [10]);
    assert.equal(self.body.auth_source_id, 1);
    const disable = await put(base, '/users/4', { user: { disabled: true } });
    assert.equal(disable.status, 422);
    assert.deepEqual(disable.body.error.errors, { disabled: ['It is not possible to disable yourself'] });
    const ldap = (await listAll(base, '/users?search=auth_source_type=AuthSourceLdap'))[0];
    const rename = await put(base, `/users/${ldap.id}`, { user: { login: 'renamed.ldap' } });
    assert.deepEqual(rename.body.error.errors, { login: ['It is not possible to change external users login'] });
  });

  it('lets only admins change the admin flag; a user with edit_users may edit others', async () => {
    const manager = await create(internal({ role_ids: [9], location_ids: [7, 8, 9, 10, 11, 12, 13, 14, 2], organization_ids: [1, 3, 4, 5, 6] }));
    const auth: [string, string] = [manager.login, 'Secret123!'];
    const target = await create(internal({ location_ids: [8], organization_ids: [3], mail_enabled: false }));
    const r = await put(base, `/users/${target.id}`, { user: { admin: true, description: 'by a site manager' } }, { auth });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.admin, false, 'admin is dropped for non-admin callers');
    assert.equal(r.body.description, 'by a site manager');
    const admin = await create(internal({ admin: true, location_ids: [8], organization_ids: [3] }));
    const pw = await put(base, `/users/${admin.id}`, { user: { password: 'Hacked123!' } }, { auth });
    assert.equal(pw.status, 422);
    assert.deepEqual(pw.body.error.errors, { password: ['cannot be changed by a non-admin user'] });
    const create403 = await post(base, '/users', { user: internal() }, { auth });
    assert.equal(create403.status, 403);
    assert.deepEqual(create403.body.error.missing_permissions, ['create_users']);
  });

  it('answers 404 for unknown and hidden users on PUT and DELETE', async () => {
    for (const [method, path] of [['PUT', '/users/99999'], ['DELETE', '/users/99999'], ['PUT', '/users/1'], ['DELETE', '/users/foreman_api_admin']] as const) {
      const r = await call(base, method, path, { json: method === 'PUT' ? { user: { firstname: 'x' } } : undefined });
      assert.equal(r.status, 404, `${method} ${path}`);
      assert.deepEqual(r.body, { error: { message: `Resource user not found by id '${path.split('/')[2]}'` } });
    }
  });

  it('deletes a user and answers with the raw record (never the password hash)', async () => {
    const u = await create(internal({ firstname: 'Gone', lastname: 'Soon' }));
    const r = await del(base, `/users/${u.id}`);
    assert.equal(r.status, 200, r.text);
    assertJson(r);
    assert.deepEqual(Object.keys(r.body), [
      'id', 'login', 'firstname', 'lastname', 'mail', 'admin', 'last_login_on', 'auth_source_id', 'created_at', 'updated_at', 'password_hash',
      'password_salt', 'locale', 'avatar_hash', 'default_organization_id', 'default_location_id', 'lower_login', 'mail_enabled', 'timezone',
      'description', 'disabled', 'password', 'name',
    ]);
    assert.equal(r.body.name, 'Gone Soon');
    assert.equal(r.body.password, null);
    assert.match(r.body.created_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    assert.ok(!r.text.includes('scrypt'));
    assert.equal((await get(base, `/users/${u.id}`)).status, 404);
    assert.equal((await get(base, '/current_user', { auth: [u.login, 'Secret123!'], headers: clientAddress() })).status, 401);
  });

  it('refuses deleting yourself with 403 and its own details', async () => {
    const r = await del(base, '/users/4');
    assert.equal(r.status, 403);
    assert.equal(r.text, '{"error":{"message":"Access denied","details":"You are trying to delete your own account","missing_permissions":null}}');
    assert.equal((await get(base, '/users/4')).status, 200);
  });

  it('deletes through a nested route only within its scope', async () => {
    const u = await create(internal({ role_ids: [10] }));
    const outside = await del(base, `/roles/8/users/${u.id}`);
    assert.equal(outside.status, 404);
    const inside = await del(base, `/roles/10/users/${u.id}`);
    assert.equal(inside.status, 200);
  });
});
