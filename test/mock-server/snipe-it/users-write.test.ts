import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startMock, type RunningMock } from '../../support/mock-process';
import {
  assertError,
  assertForbidden,
  assertSuccess,
  assertUser,
  call,
  del,
  get,
  listAll,
  makeCaller,
  patch,
  post,
  put,
  reset,
  uniqueName,
} from './snipe-it';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type User = any;

const NOT_FOUND = 'User does not exist or you do not have permission view them.';

describe('Snipe-IT: POST, PATCH, PUT, DELETE and restore of users', () => {
  let mock: RunningMock;
  let base: string;
  let all: User[];
  before(async () => {
    mock = await startMock(['--port', '0', '--in-memory', '--users', '200']);
    base = mock.baseUrl;
  });
  beforeEach(async () => {
    await reset(base);
    all = await listAll(base, 'sort=id&order=asc');
  });
  after(async () => {
    await mock.stop();
  });

  const create = (fields: Record<string, unknown>) => {
    const username = uniqueName('new');
    return post(base, '/users', { first_name: 'New', username, password: 'password1', password_confirmation: 'password1', ...fields });
  };
  /** A seeded user without anything checked out or anyone reporting to them. */
  const free = () => all.find((u) => u.id > 2 && u.available_actions.delete);

  describe('POST /users', () => {
    it('creates a user and answers the success envelope with the transformer payload (counts 0)', async () => {
      const r = await create({ last_name: 'Person', email: 'new@example.com', jobtitle: 'Tester', department_id: 2, location_id: 3, company_id: 1, manager_id: 2, groups: [3, 2] });
      assertSuccess(r, 'User was successfully created.');
      const u = r.body.payload;
      assertUser(u);
      assert.equal(u.name, 'New Person');
      assert.deepEqual(u.department, { id: 2, name: 'Finance' });
      assert.deepEqual(u.location, { id: 3, name: 'Paris' });
      assert.equal(u.company.id, 1);
      assert.equal(u.manager.id, 2);
      assert.deepEqual(u.groups.rows.map((g: User) => g.id), [2, 3]);
      assert.deepEqual(u.created_by, { id: 1, name: 'Admin User' });
      assert.equal(u.created_at.datetime, u.updated_at.datetime);
      const shown = await get(base, `/users/${u.id}`);
      assertUser(shown.body);
      assert.equal(shown.body.username, u.username);
      assert.equal(shown.body.jobtitle, 'Tester');
    });

    it('leaves activated false when not sent; unsent defaults show empty in the payload and filled on GET', async () => {
      const r = await create({});
      const u = r.body.payload;
      assert.equal(u.activated, false);
      assert.equal(u.autoassign_licenses, false);
      assert.equal(u.locale, null);
      const shown = (await get(base, `/users/${u.id}`)).body;
      assert.equal(shown.activated, false);
      assert.equal(shown.autoassign_licenses, true);
      assert.equal(shown.locale, 'en-US');
      assert.equal(shown.company, null);
      assert.deepEqual(shown.available_actions, { update: true, delete: true, clone: true, restore: false });
      const active = await create({ activated: '1', vip: true, remote: 1, locale: 'fr-FR' });
      assert.equal(active.body.payload.activated, true);
      assert.equal(active.body.payload.vip, true);
      assert.equal(active.body.payload.remote, true);
      assert.equal(active.body.payload.locale, 'fr-FR');
    });

    it('reports every failing request rule at once, in rule order (HTTP 200)', async () => {
      assertError(await post(base, '/users', {}), {
        first_name: ['The first name field is required.'],
        username: ['The username field is required unless ldap import is in 1.'],
        password: ['The password field is required.'],
      });
      assertError(await post(base, '/users', { first_name: 'A', username: 'abc', password: 'short', company_id: 'x', department_id: 999, manager_id: 99999 }), {
        department_id: ['The selected department id is invalid.'],
        manager_id: ['The selected manager id is invalid.'],
        company_id: ['The company id field must be an integer.'],
        password: ['The password field must be at least 8 characters.', 'The password field confirmation does not match.'],
      });
      assertError(await post(base, '/users', { first_name: 5, username: ['x'], password: 'password1', password_confirmation: 'password1', company_id: [1] }), {
        company_id: ['The company id field must be an integer.'],
        first_name: ['The first name must be a string.'],
        username: ['The username must be a string.'],
      });
      assertError(await post(base, '/users', { first_name: '   ', username: 'abc', password: 'password1', password_confirmation: 'password2' }), {
        first_name: ['The first name field is required.'],
        password: ['The password field confirmation does not match.'],
      });
    });

    it("then applies the model's rules: unique username (case-insensitive), e-mail, URL, sizes, booleans, dates", async () => {
      const taken = all[3].username.toUpperCase();
      assertError(
        await create({ username: taken, email: 'not-an-email', website: 'example.com', state: 'X', country: 'DEU', zip: '12345678901', activated: 'yes', start_date: '2024-02-30', end_date: '2020-01-01' }),
        {
          username: ['The username must be unique.'],
          email: ['The email field must be a valid email address.'],
          website: ['The website field must be a valid URL.'],
          start_date: ['The start date must be a valid date in YYYY-MM-DD format'],
          end_date: ['The end date field must be a date after or equal to start date.'],
          state: ['The state field must be at least 2 characters.'],
          zip: ['The zip field must not be greater than 10 characters.'],
          activated: ['The activated field must be true or false.'],
        },
      );
      assertError(await create({ first_name: 'x'.repeat(192), location_id: 999 }), {
        first_name: ['The first name field must not be greater than 191 characters.'],
        location_id: ['The selected location id is invalid.'],
      });
      assertError(await create({ start_date: '2024-05-01', end_date: '2024-04-30' }), { end_date: ['The end date field must be a date after or equal to start date.'] });
      assert.equal((await create({ start_date: '2024-05-01', end_date: '2024-05-01' })).body.status, 'success');
    });

    it("reuses a deleted user's username", async () => {
      const deleted = (await get(base, '/users?deleted=true&limit=1')).body.rows[0];
      assert.ok(deleted, 'the seed has deleted users');
      const r = await post(base, '/users', { first_name: 'Again', username: deleted.username, password: 'password1', password_confirmation: 'password1' });
      assertSuccess(r, 'User was successfully created.');
    });

    it('stores names raw and escapes them on output; ignores unknown and __proto__ keys', async () => {
      const r = await post(base, '/users', {
        first_name: 'Tom & <Jerry>',
        username: uniqueName('esc'),
        password: 'password1',
        password_confirmation: 'password1',
        notes: 'Has **two** <i>monitors</i>',
        __proto__: { admin: true },
        constructor: 'x',
        id: 12345,
        bogus: 'ignored',
      });
      assertSuccess(r, 'User was successfully created.');
      const u = r.body.payload;
      assert.equal(u.first_name, 'Tom &amp; &lt;Jerry&gt;');
      assert.equal(u.notes, 'Has <strong>two</strong> &lt;i&gt;monitors&lt;/i&gt;');
      assert.notEqual(u.id, 12345);
      const filtered = (await get(base, `/users?first_name=${encodeURIComponent('Tom & <Jerry>')}`)).body;
      assert.equal(filtered.total, 1, 'the stored value is the raw one');
      assert.deepEqual(u.permissions, {});
    });

    it('decodes permissions sent as a JSON string or an object; only superusers may grant superuser', async () => {
      const a = await create({ permissions: '{"users.view":"1","assets.view":"-1","0":"1"}' });
      assert.deepEqual(a.body.payload.permissions, { 'users.view': 1, 'assets.view': -1 });
      const b = await create({ permissions: { superuser: '1' } });
      assert.deepEqual(b.body.payload.permissions, { superuser: 1 });
      const proto = await create({ permissions: '{"__proto__":"1","constructor":"1"}' });
      assert.equal(proto.body.status, 'success', proto.text);
      assert.ok(proto.text.includes('"permissions":{"__proto__":1,"constructor":1}'), proto.text);
      const stored = (await get(base, `/users/${proto.body.payload.id}`)).body;
      assert.deepEqual(Object.keys(stored.permissions), ['__proto__', 'constructor']);
      assert.deepEqual((await get(base, '/users/me')).body.permissions, { superuser: 1 }, 'other rows are untouched');
      const creator = await makeCaller(base, { 'users.create': 1 });
      const c = await post(
        base,
        '/users',
        { first_name: 'C', username: uniqueName('c'), password: 'password1', password_confirmation: 'password1', permissions: { superuser: 1, 'users.view': 1 } },
        { token: creator.token },
      );
      assertSuccess(c, 'User was successfully created.');
      assert.deepEqual(c.body.payload.permissions, { 'users.view': 1 });
      assert.equal(c.body.payload.created_by.id, creator.id);
    });

    it('validates before checking the permission: invalid data from an unprivileged caller gets the validation envelope', async () => {
      const plain = await makeCaller(base, {});
      assertError(await post(base, '/users', {}, { token: plain.token }), {
        first_name: ['The first name field is required.'],
        username: ['The username field is required unless ldap import is in 1.'],
        password: ['The password field is required.'],
      });
      const before = (await get(base, '/users?limit=1')).body.total;
      assertForbidden(await post(base, '/users', { first_name: 'X', username: uniqueName('x'), password: 'password1', password_confirmation: 'password1' }, { token: plain.token }));
      assert.equal((await get(base, '/users?limit=1')).body.total, before);
    });

    it('reads malformed JSON as no input, and accepts form-urlencoded and multipart bodies', async () => {
      const bad = await call(base, 'POST', '/users', { body: '{"first_name": "x",', type: 'application/json' });
      assertError(bad, {
        first_name: ['The first name field is required.'],
        username: ['The username field is required unless ldap import is in 1.'],
        password: ['The password field is required.'],
      });
      const username = uniqueName('form');
      const form = await call(base, 'POST', '/users', {
        body: `first_name=Form&username=${username}&password=password1&password_confirmation=password1&groups[]=2&groups[]=4&activated=1`,
        type: 'application/x-www-form-urlencoded',
      });
      assertSuccess(form, 'User was successfully created.');
      assert.deepEqual(form.body.payload.groups.rows.map((g: User) => g.id), [2, 4]);
      assert.equal(form.body.payload.activated, true);
      const fd = new FormData();
      fd.set('_method', 'PATCH');
      fd.set('jobtitle', 'Multipart');
      const m = await call(base, 'POST', `/users/${form.body.payload.id}`, { body: fd });
      assertSuccess(m, 'User was successfully updated.');
      assert.equal(m.body.payload.jobtitle, 'Multipart');
    });
  });

  describe('PATCH and PUT /users/{id}', () => {
    it('PATCH changes only the fields sent and answers the updated user (counts 0)', async () => {
      const u = all.find((x) => x.assets_count > 0);
      const r = await patch(base, `/users/${u.id}`, { jobtitle: 'Chief Tester', phone: null });
      assertSuccess(r, 'User was successfully updated.');
      const p = r.body.payload;
      assertUser(p);
      assert.equal(p.jobtitle, 'Chief Tester');
      assert.equal(p.phone, null);
      assert.equal(p.email, u.email);
      assert.equal(p.assets_count, 0, 'the payload is loaded without counts');
      const shown = (await get(base, `/users/${u.id}`)).body;
      assert.equal(shown.assets_count, u.assets_count);
      assert.deepEqual({ ...shown, jobtitle: u.jobtitle, phone: u.phone, updated_at: u.updated_at }, u);
    });

    it('keeps updated_at when nothing changes', async () => {
      const u = free();
      const r = await patch(base, `/users/${u.id}`, { first_name: u.first_name });
      assert.deepEqual(r.body.payload.updated_at, u.updated_at);
    });

    it('answers "User not found" (HTTP 200) for unknown and deleted ids; a 302 for callers not asking for JSON', async () => {
      assertError(await patch(base, '/users/999999', { jobtitle: 'x' }), 'User not found');
      const deleted = (await get(base, '/users?deleted=true&limit=1')).body.rows[0];
      assertError(await put(base, `/users/${deleted.id}`, { first_name: 'x', username: 'y' }), 'User not found');
      const web = await call(base, 'PATCH', '/users/999999', { json: {}, accept: 'text/html' });
      assert.equal(web.status, 302);
      assert.equal(web.headers.get('location'), `${base}/snipe-it/users`);
    });

    it('refuses a user as their own manager, and a null password (the model requires one)', async () => {
      const u = free();
      assertError(await patch(base, `/users/${u.id}`, { manager_id: u.id }), 'You cannot be your own manager');
      assertError(await patch(base, `/users/${u.id}`, { manager_id: String(u.id), jobtitle: 'x' }), 'You cannot be your own manager');
      assertError(await patch(base, `/users/${u.id}`, { password: null }), { password: ['The password field is required.'] });
      assertError(await patch(base, `/users/${u.id}`, { password: 'short' }), { password: ['The password field must be at least 8 characters.'] });
      assert.deepEqual((await get(base, `/users/${u.id}`)).body, u, 'nothing changed');
    });

    it("keeps a seeded user's seeded password through updates of other fields", async () => {
      const u = free();
      assertSuccess(await patch(base, `/users/${u.id}`, { jobtitle: 'Renamed role', first_name: 'Other' }), 'User was successfully updated.');
      assertSuccess(await put(base, `/users/${u.id}`, { first_name: 'Again', username: u.username }), 'User was successfully updated.');
      assert.equal((await get(base, '/users/me', { token: `${u.username}:Passw0rd!` })).body.id, u.id);
    });

    it('changes the password (the user can then authenticate with it) without needing confirmation on PATCH', async () => {
      const u = free();
      assertSuccess(await patch(base, `/users/${u.id}`, { password: 'brand-new-pw' }), 'User was successfully updated.');
      assert.equal((await get(base, '/users/me', { token: `${u.username}:brand-new-pw` })).body.id, u.id);
      assert.equal((await get(base, '/users/me', { token: `${u.username}:Passw0rd!` })).status, 401);
    });

    it('PUT requires first_name, username and a confirmed password', async () => {
      const u = free();
      assertError(await put(base, `/users/${u.id}`, { jobtitle: 'x' }), {
        first_name: ['The first name field is required.'],
        username: ['The username field is required unless ldap import is in 1.'],
      });
      assertError(await put(base, `/users/${u.id}`, { first_name: 'A', username: u.username, password: 'password1' }), {
        password: ['The password field confirmation does not match.'],
      });
      const ok = await put(base, `/users/${u.id}`, { first_name: 'Put', username: u.username });
      assertSuccess(ok, 'User was successfully updated.');
      assert.equal(ok.body.payload.first_name, 'Put');
      assert.equal(ok.body.payload.last_name, u.last_name, 'fields not sent are kept');
    });

    it('replaces permissions (null clears them) and syncs groups for superusers', async () => {
      const u = free();
      const a = await patch(base, `/users/${u.id}`, { permissions: '{"users.view":"1"}', groups: 5 });
      assert.deepEqual(a.body.payload.permissions, { 'users.view': 1 });
      assert.deepEqual(a.body.payload.groups, { total: 1, rows: [{ id: 5, name: 'Developers' }] });
      const b = await patch(base, `/users/${u.id}`, { permissions: null, groups: [] });
      assert.deepEqual(b.body.payload.permissions, {});
      assert.equal(b.body.payload.groups, null);
      const c = await patch(base, `/users/${u.id}`, { groups: [2, '3'] });
      assert.deepEqual(c.body.payload.groups.rows.map((g: User) => g.id), [2, 3]);
      const d = await patch(base, `/users/${u.id}`, { jobtitle: 'Keeps groups' });
      assert.deepEqual(d.body.payload.groups.rows.map((g: User) => g.id), [2, 3]);
      const members = (await get(base, '/users?group_id=3&limit=500')).body.rows.map((x: User) => x.id);
      assert.ok(members.includes(u.id));
    });

    it('refuses unknown group ids without changing anything', async () => {
      const u = free();
      assertError(await patch(base, `/users/${u.id}`, { jobtitle: 'Changed', groups: [2, 999, 'x'] }), {
        'groups.1': ['The selected groups.1 is invalid.'],
        'groups.2': ['The groups.2 field must be an integer.'],
      });
      assert.deepEqual((await get(base, `/users/${u.id}`)).body, u);
    });

    it("ignores groups from a caller who is not a superuser, but applies the caller's other changes", async () => {
      const editor = await makeCaller(base, { 'users.edit': 1, 'users.view': 1 });
      const u = free();
      const r = await patch(base, `/users/${u.id}`, { jobtitle: 'Edited', groups: [1], permissions: { superuser: 1, 'users.view': 1 } }, { token: editor.token });
      assertSuccess(r, 'User was successfully updated.');
      assert.equal(r.body.payload.jobtitle, 'Edited');
      assert.deepEqual(r.body.payload.groups, u.groups);
      assert.deepEqual(r.body.payload.permissions, { 'users.view': 1 });
      const viewer = await makeCaller(base, { 'users.view': 1 });
      assertForbidden(await patch(base, `/users/${u.id}`, { jobtitle: 'No' }, { token: viewer.token }));
    });

    it('refuses a username taken by another active user (case-insensitive) and answers 500 for arrays in text columns', async () => {
      const [a, b] = [all[4], all[5]];
      assertError(await patch(base, `/users/${a.id}`, { username: b.username.toUpperCase() }), { username: ['The username must be unique.'] });
      const r = await patch(base, `/users/${a.id}`, { jobtitle: ['array'] });
      assert.equal(r.status, 500);
      assert.deepEqual((await get(base, `/users/${a.id}`)).body, a, 'nothing changed');
    });

    it('moves the user\'s checked-out assets to their new location', async () => {
      const u = all.find((x) => x.assets_count > 0);
      const target = u.location?.id === 5 ? 4 : 5;
      assertSuccess(await patch(base, `/users/${u.id}`, { location_id: target }), 'User was successfully updated.');
      const assets = (await get(base, `/users/${u.id}/assets`)).body.rows;
      for (const a of assets) assert.equal(a.location.id, target);
    });
  });

  describe('DELETE /users/{id} and restore', () => {
    it('soft-deletes: gone from the list and GET-one, listed with deleted=true, restorable', async () => {
      const u = free();
      assertSuccess(await del(base, `/users/${u.id}`), 'User was successfully deleted.');
      assertError(await get(base, `/users/${u.id}`), NOT_FOUND);
      assert.ok(!(await listAll(base)).some((x) => x.id === u.id));
      const deleted = (await get(base, '/users?deleted=true&limit=500')).body.rows.find((x: User) => x.id === u.id);
      assert.ok(deleted);
      assert.notEqual(deleted.deleted_at, null);
      assertError(await del(base, `/users/${u.id}`), {
        deleted_at: ['This user has been deleted. You will have to restore this user to edit them or assign them new assets.'],
      });
      assertSuccess(await post(base, `/users/${u.id}/restore`), 'User was successfully restored.');
      const back = (await get(base, `/users/${u.id}`)).body;
      assert.equal(back.deleted_at, null);
      assert.equal(back.username, u.username);
    });

    it('refuses while the user holds assets, licenses or accessories, or manages people or locations', async () => {
      const holder = all.find((x) => x.assets_count > 0 && x.licenses_count === 0 && x.accessories_count === 0 && x.manages_users_count === 0 && x.manages_locations_count === 0);
      const n = holder.assets_count;
      assertError(await del(base, `/users/${holder.id}`), {
        assigned_assets: [n === 1 ? 'This user still has an asset assigned. Please check it in first.' : `This user still has ${n} assets assigned. Please check their assets in first.`],
      });
      const boss = all.find((x) => x.manages_locations_count > 0);
      const r = await del(base, `/users/${boss.id}`);
      assert.equal(r.status, 200);
      assert.equal(r.body.status, 'error');
      assert.deepEqual(Object.keys(r.body.messages).filter((k) => k === 'managed_locations'), ['managed_locations']);
      if (boss.manages_users_count > 1) assert.match(r.body.messages.managed_users[0], new RegExp(`still manages ${boss.manages_users_count} users`));
      const licensed = all.find((x) => x.licenses_count > 0);
      assert.ok((await del(base, `/users/${licensed.id}`)).body.messages.assigned_licenses);
      const accessorised = all.find((x) => x.accessories_count > 0);
      assert.ok((await del(base, `/users/${accessorised.id}`)).body.messages.assigned_accessories);
      assert.equal((await get(base, `/users/${holder.id}`)).body.deleted_at, null, 'still there');
    });

    it('refuses to delete yourself; answers the not-found message for unknown ids; 403 without users.delete', async () => {
      assertError(await del(base, '/users/1'), { user: ['We would feel really bad if you deleted yourself, please reconsider.'] });
      assertError(await del(base, '/users/999999'), NOT_FOUND);
      const viewer = await makeCaller(base, { 'users.view': 1, 'users.edit': 1 });
      assertForbidden(await del(base, `/users/${free().id}`, { token: viewer.token }));
      assertForbidden(await post(base, `/users/${free().id}/restore`, undefined, { token: viewer.token }));
    });

    it('restore: the not-deleted answer puts its text in payload; unknown ids; a taken username fails', async () => {
      const u = free();
      assert.deepEqual((await post(base, `/users/${u.id}/restore`)).body, {
        status: 'error',
        messages: null,
        payload: 'The User was not deleted and therefore cannot be restored',
      });
      assertError(await post(base, '/users/999999/restore'), NOT_FOUND);
      assertSuccess(await del(base, `/users/${u.id}`), 'User was successfully deleted.');
      assertSuccess(await create({ username: u.username }), 'User was successfully created.');
      assertError(await post(base, `/users/${u.id}/restore`), NOT_FOUND);
    });
  });

  describe('other user endpoints', () => {
    it('POST /users/{id}/email and /users/two_factor_reset', async () => {
      const u = free();
      assertSuccess(await post(base, `/users/${u.id}/email`), 'The user has been notified about their current inventory.');
      const noMail = await create({});
      assertError(await post(base, `/users/${noMail.body.payload.id}/email`), 'This user has no email set.');
      assertError(await post(base, '/users/999999/email'), NOT_FOUND);
      const ok = await post(base, '/users/two_factor_reset', { id: u.id });
      assert.equal(ok.status, 200);
      assert.deepEqual(ok.body, { message: 'Two factor device successfully reset' });
      const none = await post(base, '/users/two_factor_reset', {});
      assert.equal(none.status, 500);
      assert.deepEqual(none.body, { message: 'No ID provided' });
    });
  });
});
