import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startMock, type RunningMock } from '../../support/mock-process';
import { assertEnvelope, assertJson, call, del, get, listAll, post, put, VIEW_TIME } from './foreman';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const ids = (rows: Json[]) => rows.map((r) => r.id);

describe('Foreman: user groups, roles, locations, organizations and auth sources', () => {
  let mock: RunningMock;
  let base: string;
  before(async () => {
    mock = await startMock(['--port', '0', '--in-memory', '--users', '50']);
    base = mock.baseUrl;
  });
  after(async () => {
    await mock.stop();
  });

  const newUser = async (extra: Record<string, unknown> = {}) => {
    const r = await post(base, '/users', { user: { login: `member${Math.random().toString(36).slice(2, 8)}`, mail: 'm@example.com', auth_source_id: 1, password: 'Secret123!', ...extra } });
    assert.equal(r.status, 201, r.text);
    return r.body;
  };

  it('lists user groups by name with Foreman’s item keys', async () => {
    const r = await get(base, '/usergroups');
    assertEnvelope(r);
    assert.equal(r.body.total, 10);
    const names = r.body.results.map((g: Json) => g.name);
    assert.deepEqual(names, [...names].sort());
    assert.deepEqual(Object.keys(r.body.results[0]), ['admin', 'created_at', 'updated_at', 'name', 'id']);
    assert.match(r.body.results[0].created_at, VIEW_TIME);
    const admins = r.body.results.filter((g: Json) => g.admin);
    assert.deepEqual(admins.map((g: Json) => g.name), ['Change Advisory Board']);
    const searched = await get(base, `/usergroups?search=${encodeURIComponent('role = Viewer')}`);
    assert.deepEqual(searched.body.results.map((g: Json) => g.name).sort(), ['Change Advisory Board', 'Helpdesk']);
  });

  it('shows a user group with its member groups, users and roles (by id, name or id-name)', async () => {
    const r = await get(base, '/usergroups/1');
    assert.equal(r.status, 200);
    assertJson(r);
    assert.deepEqual(Object.keys(r.body), ['admin', 'created_at', 'updated_at', 'name', 'id', 'external_usergroups', 'usergroups', 'users', 'roles']);
    assert.equal(r.body.name, 'Helpdesk');
    assert.deepEqual(r.body.usergroups.map((g: Json) => g.name), ['Field Support']);
    assert.deepEqual(Object.keys(r.body.usergroups[0]), ['name', 'id', 'created_at', 'updated_at']);
    for (const u of r.body.users) assert.deepEqual(Object.keys(u), ['id', 'login', 'description']);
    assert.deepEqual(r.body.roles.map((x: Json) => x.name), ['Viewer']);
    assert.equal((await get(base, '/usergroups/Helpdesk')).body.id, 1);
    assert.equal((await get(base, '/usergroups/1-helpdesk')).body.id, 1);
    const missing = await get(base, '/usergroups/999');
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body, { error: { message: "Resource usergroup not found by id '999'" } });
  });

  it('creates a user group with members and roles, and the members see it', async () => {
    const u = await newUser();
    const r = await post(base, '/usergroups', { usergroup: { name: 'Release Team', user_ids: [u.id], role_ids: [8], usergroup_ids: [6] } });
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(r.body.users.map((x: Json) => x.id), [u.id]);
    assert.deepEqual(r.body.roles.map((x: Json) => x.id), [8]);
    assert.deepEqual(r.body.usergroups.map((x: Json) => x.name), ['Field Support']);
    const shown = await get(base, `/users/${u.id}`);
    assert.deepEqual(shown.body.usergroups.map((g: Json) => g.name), ['Release Team']);
    assert.deepEqual(shown.body.usergroups[0].roles.map((x: Json) => x.name), ['Viewer']);
    const members = await get(base, `/usergroups/${r.body.id}/users`);
    assert.deepEqual(ids(members.body.results), [u.id]);
    const ofUser = await get(base, `/users/${u.id}/usergroups`);
    assertEnvelope(ofUser);
    assert.deepEqual(ofUser.body.results.map((g: Json) => g.name), ['Release Team']);
    const fieldMember = (await listAll(base, '/usergroups/6/users'))[0];
    if (fieldMember) {
      const fm = await get(base, `/users/${fieldMember.id}`);
      assert.ok(fm.body.cached_usergroups.some((g: Json) => g.name === 'Release Team'), 'members of a member group inherit it');
    }
  });

  it('adds and removes members with PUT user_ids (replace) and takes an unwrapped name', async () => {
    const [a, b] = [await newUser(), await newUser()];
    const g = (await post(base, '/usergroups', { usergroup: { name: 'Rotation' } })).body;
    const added = await put(base, `/usergroups/${g.id}`, { usergroup: { user_ids: [a.id, b.id] } });
    assert.equal(added.status, 200, added.text);
    assert.deepEqual(ids(added.body.users).sort(), [a.id, b.id].sort());
    const removed = await put(base, `/usergroups/${g.id}`, { usergroup: { user_ids: [b.id] } });
    assert.deepEqual(ids(removed.body.users), [b.id]);
    assert.deepEqual((await get(base, `/users/${a.id}`)).body.usergroups, []);
    const renamed = await put(base, `/usergroups/${g.id}`, { name: 'Rotation 2', user_ids: [] });
    assert.equal(renamed.body.name, 'Rotation 2');
    assert.deepEqual(ids(renamed.body.users), [b.id], 'user_ids is not wrapped from the top level');
    const byName = await put(base, `/usergroups/${g.id}`, { usergroup: { user_names: [a.login] } });
    assert.deepEqual(ids(byName.body.users), [a.id]);
  });

  it('validates user groups: name required, unique, not a login; admin flag; cycles', async () => {
    const blank = await post(base, '/usergroups', { usergroup: { name: '' } });
    assert.equal(blank.status, 422);
    assert.deepEqual(blank.body.error, { id: null, errors: { name: ["can't be blank"] }, full_messages: ["Name can't be blank"] });
    const taken = await post(base, '/usergroups', { usergroup: { name: 'Helpdesk' } });
    assert.deepEqual(taken.body.error.errors, { name: ['has already been taken'] });
    const login = await post(base, '/usergroups', { usergroup: { name: 'admin' } });
    assert.deepEqual(login.body.error.errors, { name: ['is already used by a user account'] });
    const self = await put(base, '/usergroups/1', { usergroup: { usergroup_ids: [6, 1] } });
    assert.equal(self.status, 422);
    assert.deepEqual(self.body.error, {
      id: 1,
      errors: { usergroups: ['Validation failed: cannot contain itself as member'] },
      full_messages: ['Usergroups Validation failed: cannot contain itself as member'],
    });
    const cycle = await put(base, '/usergroups/6', { usergroup: { usergroup_ids: [1] } });
    assert.deepEqual(cycle.body.error.errors, { usergroups: ['Validation failed: Adding would cause a cycle!'] });
    assert.deepEqual((await get(base, '/usergroups/6')).body.usergroups, [], 'the rejected update changed nothing');
  });

  it('answers 404 (not 422) for unknown user or user-group ids and 422 for unknown role ids', async () => {
    const users = await put(base, '/usergroups/2', { usergroup: { user_ids: [99999] } });
    assert.equal(users.status, 404);
    assert.deepEqual(users.body, { error: { message: "Resource usergroup not found by id '2'" } });
    const groups = await post(base, '/usergroups', { usergroup: { name: 'x', usergroup_ids: [999] } });
    assert.deepEqual(groups.body, { error: { message: "Resource usergroup not found by id ''" } });
    const roles = await put(base, '/usergroups/2', { usergroup: { role_ids: [999] } });
    assert.equal(roles.status, 422);
    assert.deepEqual(roles.body, { error: { message: "Couldn't find Role with 'id'=[999]" } });
  });

  it('deletes a user group (raw record), dropping its memberships', async () => {
    const u = await newUser();
    const g = (await post(base, '/usergroups', { usergroup: { name: 'Short Lived', user_ids: [u.id] } })).body;
    const r = await del(base, `/usergroups/${g.id}`);
    assert.equal(r.status, 200);
    assert.deepEqual(Object.keys(r.body), ['id', 'name', 'created_at', 'updated_at', 'admin']);
    assert.equal((await get(base, `/usergroups/${g.id}`)).status, 404);
    assert.deepEqual((await get(base, `/users/${u.id}`)).body.usergroups, []);
  });

  it('lists roles by name (sort echoes "name ASC") with Foreman’s keys, and shows one', async () => {
    const r = await get(base, '/roles?per_page=all');
    assertEnvelope(r);
    assert.deepEqual(r.body.sort, { by: 'name', order: 'ASC' });
    assert.equal(r.body.total, 11);
    const names = r.body.results.map((x: Json) => x.name);
    assert.deepEqual(names, [...names].sort());
    assert.ok(names.includes('Default role') && names.includes('Organization admin'));
    assert.deepEqual(Object.keys(r.body.results[0]), ['builtin', 'cloned_from_id', 'created_at', 'updated_at', 'name', 'id', 'description', 'origin']);
    assert.equal(r.body.results.find((x: Json) => x.name === 'Default role').builtin, 2);
    const show = await get(base, '/roles/Viewer');
    assert.equal(show.status, 200);
    assert.deepEqual(Object.keys(show.body), [
      'builtin', 'cloned_from_id', 'created_at', 'updated_at', 'name', 'id', 'description', 'origin', 'filters', 'locations', 'organizations',
    ]);
    assert.equal(show.body.id, 8);
    const builtin = await get(base, `/roles?search=${encodeURIComponent('builtin = true')}`);
    assert.deepEqual(builtin.body.results.map((x: Json) => x.name), ['Default role']);
    assert.deepEqual((await get(base, '/roles/999')).body, { error: { message: "Resource role not found by id '999'" } });
  });

  it('lists a user’s roles (Default role included) and a role’s users', async () => {
    const u = await newUser({ role_ids: [8, 10] });
    const r = await get(base, `/users/${u.id}/roles`);
    assertEnvelope(r);
    assert.deepEqual(r.body.results.map((x: Json) => x.name).sort(), ['Bookmarks manager', 'Default role', 'Viewer']);
    const users = await get(base, '/roles/10/users?per_page=all');
    assert.ok(ids(users.body.results).includes(u.id));
    const unknown = await get(base, '/users/99999/roles');
    assert.equal(unknown.status, 404);
    assert.deepEqual(unknown.body, { message: "User not found by id '99999'" });
  });

  it('lists locations by title with nesting, and organizations', async () => {
    const r = await get(base, '/locations?per_page=all');
    assertEnvelope(r);
    const titles = r.body.results.map((l: Json) => l.title);
    assert.deepEqual(titles, [...titles].sort());
    assert.ok(titles.includes('Default Location') && titles.includes('Europe/Berlin'));
    const berlin = r.body.results.find((l: Json) => l.title === 'Europe/Berlin');
    assert.deepEqual(Object.keys(berlin), ['ancestry', 'parent_id', 'parent_name', 'created_at', 'updated_at', 'id', 'name', 'title', 'description']);
    assert.equal(berlin.parent_name, 'Europe');
    assert.equal(berlin.ancestry, String(berlin.parent_id));
    const byTitle = await get(base, `/locations?search=${encodeURIComponent('title = "Europe/Berlin"')}`);
    assert.deepEqual(ids(byTitle.body.results), [berlin.id]);
    const show = await get(base, `/locations/${berlin.id}`);
    assert.equal(show.status, 200);
    assert.equal(show.body.title, 'Europe/Berlin');
    assert.ok(Array.isArray(show.body.users));
    assert.ok('organizations' in show.body && !('locations' in show.body));
    const orgs = await get(base, '/organizations');
    assertEnvelope(orgs);
    assert.ok(orgs.body.results.some((o: Json) => o.name === 'Default Organization'));
    assert.ok(orgs.body.results.some((o: Json) => o.name === 'Acme Corporation'));
    const org = await get(base, '/organizations/Default%20Organization');
    assert.equal(org.body.id, 1);
    assert.deepEqual((await get(base, '/locations/1')).body, { error: { message: "Resource location not found by id '1'" } });
  });

  it('lists auth sources: all (not Hidden), LDAP with its settings, external and internal', async () => {
    const all = await get(base, '/auth_sources');
    assertEnvelope(all);
    assert.deepEqual(all.body.results.map((a: Json) => a.type), ['AuthSourceInternal', 'AuthSourceLdap', 'AuthSourceExternal']);
    assert.deepEqual(Object.keys(all.body.results[0]), ['created_at', 'updated_at', 'id', 'type', 'name', 'locations', 'organizations']);
    const ldaps = await get(base, '/auth_source_ldaps');
    assert.equal(ldaps.body.total, 1);
    const ldap = ldaps.body.results[0];
    assert.equal(ldap.name, 'Corporate LDAP');
    assert.equal(ldap.port, 636);
    assert.deepEqual(Object.keys(ldap).slice(0, 3), ['host', 'port', 'account']);
    const ldapShow = await get(base, '/auth_source_ldaps/3');
    assert.deepEqual(ldapShow.body.external_usergroups, []);
    const ext = await get(base, '/auth_source_externals/4');
    assert.deepEqual(Object.keys(ext.body), ['created_at', 'updated_at', 'id', 'name', 'external_usergroups', 'locations', 'organizations']);
    const int = await get(base, '/auth_source_internals');
    assert.deepEqual(int.body.results.map((a: Json) => a.name), ['Internal']);
    assert.equal((await get(base, '/auth_source_ldaps/4')).status, 404, 'an external source is not an LDAP one');
    const byName = await get(base, `/auth_sources?search=${encodeURIComponent('name = "Corporate LDAP"')}`);
    assert.deepEqual(ids(byName.body.results), [3]);
  });

  it('requires view permissions on collections', async () => {
    const u = await newUser({ role_ids: [11] });
    for (const [path, perm] of [['/roles', 'view_roles'], ['/locations', 'view_locations'], ['/auth_sources', 'view_authenticators'], ['/usergroups/1', 'view_usergroups']]) {
      const r = await call(base, 'GET', path, { auth: [u.login, 'Secret123!'] });
      assert.equal(r.status, 403, path);
      assert.deepEqual(r.body.error.missing_permissions, [perm]);
    }
    const viewer = await newUser({ role_ids: [8], location_ids: [2], organization_ids: [1] });
    const r = await get(base, '/roles', { auth: [viewer.login, 'Secret123!'] });
    assert.equal(r.status, 200);
    const users = await get(base, '/users?per_page=all', { auth: [viewer.login, 'Secret123!'] });
    assert.equal(users.status, 200);
    assert.ok(users.body.results.every((x: Json) => x.locations.some((l: Json) => l.id === 2) || x.id === viewer.id), 'non-admins see users of their taxonomies');
  });
});
