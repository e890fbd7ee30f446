import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startMock, type RunningMock } from '../../support/mock-process';
import { assertDateTime, assertError, assertForbidden, assertJson, assertSuccess, assertUser, del, get, listAll, makeCaller, patch, post, put, reset } from './snipe-it';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

const GROUP_KEYS = ['id', 'name', 'permissions', 'users_count', 'notes', 'created_by', 'created_at', 'updated_at', 'available_actions'];

describe('Snipe-IT: permission groups, companies, departments, locations and what users hold', () => {
  let mock: RunningMock;
  let base: string;
  let users: Any[];
  before(async () => {
    mock = await startMock(['--port', '0', '--in-memory', '--users', '200']);
    base = mock.baseUrl;
  });
  beforeEach(async () => {
    await reset(base);
    users = await listAll(base, 'sort=id&order=asc');
  });
  after(async () => {
    await mock.stop();
  });

  describe('groups', () => {
    it('lists groups newest first (created_at desc, ties by id) with member counts of non-deleted users', async () => {
      const r = await get(base, '/groups');
      assert.equal(r.status, 200);
      assertJson(r);
      assert.deepEqual(Object.keys(r.body), ['total', 'rows']);
      assert.equal(r.body.total, 11);
      for (const g of r.body.rows) {
        assert.deepEqual(Object.keys(g), GROUP_KEYS);
        assertDateTime(g.created_at, false);
        assert.deepEqual(g.available_actions, { update: true, delete: true });
        const members = users.filter((u) => u.groups?.rows.some((x: Any) => x.id === g.id));
        assert.equal(g.users_count, members.length, g.name);
        assert.equal((await get(base, `/users?group_id=${g.id}&limit=1`)).body.total, members.length);
      }
      assert.deepEqual(
        r.body.rows.map((g: Any) => g.id),
        Array.from({ length: 11 }, (_, i) => i + 1),
        'all created together: ties in id order',
      );
      const admins = r.body.rows.find((g: Any) => g.name === 'Admins');
      assert.equal(admins.permissions.admin, 1);
      assert.equal(admins.permissions.superuser, 0);
      assert.equal(admins.notes, 'IT administrators');
    });

    it('sorts, searches, filters by name and pages groups', async () => {
      const byName = (await get(base, '/groups?sort=name&order=asc')).body.rows.map((g: Any) => g.name);
      assert.deepEqual(byName, [...byName].sort((a, b) => a.localeCompare(b)));
      const counts = (await get(base, '/groups?sort=users_count')).body.rows.map((g: Any) => g.users_count);
      assert.deepEqual(counts, [...counts].sort((a, b) => b - a));
      const s = await get(base, '/groups?search=team');
      assert.deepEqual(s.body.rows.map((g: Any) => g.name).sort(), ['Finance Team', 'HR Team', 'Server Team']);
      assert.equal((await get(base, '/groups?name=helpdesk')).body.total, 1);
      const page = await get(base, '/groups?limit=2&offset=3&sort=id&order=asc');
      assert.deepEqual(page.body.rows.map((g: Any) => g.id), [4, 5]);
      assert.equal(page.body.total, 11);
    });

    it('shows one group (users_count is not loaded there); unknown ids answer "Group not found"', async () => {
      const r = await get(base, '/groups/2');
      assert.equal(r.status, 200);
      assert.deepEqual(Object.keys(r.body), GROUP_KEYS);
      assert.equal(r.body.name, 'Helpdesk');
      assert.equal(r.body.users_count, 0);
      assertError(await get(base, '/groups/999'), 'Group not found');
    });

    it('creates a group: every permission at 0 by default, or the map sent; name rules', async () => {
      const a = await post(base, '/groups', { name: 'Auditors', notes: 'Read *only*' });
      assertSuccess(a, 'Group was successfully created.');
      assert.deepEqual(Object.keys(a.body.payload), GROUP_KEYS);
      assert.equal(a.body.payload.notes, 'Read <em>only</em>');
      assert.equal(a.body.payload.permissions['users.view'], 0);
      assert.equal(Object.keys(a.body.payload.permissions).length > 90, true);
      assert.equal(a.body.payload.id, 12);
      const b = await post(base, '/groups', { name: 'Viewers', permissions: { 'users.view': '1', 'assets.view': '0' } });
      assert.deepEqual(b.body.payload.permissions, { 'users.view': 1, 'assets.view': 0 });
      assertError(await post(base, '/groups', {}), { name: ['The name field is required.'] });
      assertError(await post(base, '/groups', { name: 'x' }), { name: ['The name field must be at least 2 characters.'] });
      assertError(await post(base, '/groups', { name: 'HELPDESK' }), { name: ['The name has already been taken.'] });
      assertError(await post(base, '/groups', { name: 'y'.repeat(256) }), { name: ['The name field must not be greater than 255 characters.'] });
      assert.equal((await get(base, '/groups')).body.total, 13);
    });

    it('updates a group: name, notes and permissions are replaced by what is sent', async () => {
      const r = await put(base, '/groups/3', { name: 'NetOps', permissions: { 'assets.view': 1 } });
      assertSuccess(r, 'Group was successfully updated.');
      assert.equal(r.body.payload.name, 'NetOps');
      assert.deepEqual(r.body.payload.permissions, { 'assets.view': 1 });
      const p = await patch(base, '/groups/3', { name: 'NetOps' });
      assert.deepEqual(p.body.payload.permissions, {}, 'missing permissions empty the map');
      assertError(await patch(base, '/groups/3', { notes: 'only notes' }), { name: ['The name field is required.'] });
      assertError(await put(base, '/groups/999', { name: 'x' }), 'Group not found');
      assert.equal((await get(base, '/groups/3')).body.name, 'NetOps');
      const user = users.find((u) => u.groups?.rows.some((g: Any) => g.id === 3));
      assert.equal((await get(base, `/users/${user.id}`)).body.groups.rows.find((g: Any) => g.id === 3).name, 'NetOps');
    });

    it('deletes a group (untranslated success key); members lose it and the id is not reused', async () => {
      const member = users.find((u) => u.groups?.rows.some((g: Any) => g.id === 4));
      const r = await del(base, '/groups/4');
      assertSuccess(r, 'admin/groups/message.delete.success');
      assert.equal(r.body.payload, null);
      assertError(await get(base, '/groups/4'), 'Group not found');
      assertError(await del(base, '/groups/4'), 'Group not found');
      const after = (await get(base, `/users/${member.id}`)).body;
      assert.ok(!(after.groups?.rows ?? []).some((g: Any) => g.id === 4));
      const twelve = await post(base, '/groups', { name: 'After delete' });
      await del(base, `/groups/${twelve.body.payload.id}`);
      const next = await post(base, '/groups', { name: 'Next' });
      assert.equal(next.body.payload.id, twelve.body.payload.id + 1);
    });

    it('requires a superuser for every groups endpoint', async () => {
      const admin = await makeCaller(base, { admin: 1 });
      assertForbidden(await get(base, '/groups', { token: admin.token }));
      assertForbidden(await get(base, '/groups/1', { token: admin.token }));
      assertForbidden(await put(base, '/groups/1', { name: 'x' }, { token: admin.token }));
      assertForbidden(await del(base, '/groups/1', { token: admin.token }));
      assert.equal((await get(base, '/groups/1')).body.name, 'Admins');
    });

    it('adds and removes members through PATCH /users/{id} groups', async () => {
      const u = users.find((x) => x.groups === null);
      await patch(base, `/users/${u.id}`, { groups: [6, 7] });
      const six = (await get(base, '/users?group_id=6&limit=500')).body.rows.map((x: Any) => x.id);
      assert.ok(six.includes(u.id));
      const count = (await get(base, '/groups?sort=id&order=asc')).body.rows[5].users_count;
      await patch(base, `/users/${u.id}`, { groups: [7] });
      assert.ok(!(await get(base, '/users?group_id=6&limit=500')).body.rows.some((x: Any) => x.id === u.id));
      assert.equal((await get(base, '/groups?sort=id&order=asc')).body.rows[5].users_count, count - 1);
    });
  });

  describe('companies, departments and locations', () => {
    it('lists companies with counts; shows one with counts at 0; unknown is "Company not found"', async () => {
      const r = await get(base, '/companies?sort=id&order=asc');
      assert.equal(r.status, 200);
      assert.equal(r.body.total, 4);
      const acme = r.body.rows[0];
      assert.deepEqual(Object.keys(acme), [
        'id', 'name', 'phone', 'fax', 'email', 'image', 'assets_count', 'licenses_count', 'accessories_count', 'consumables_count', 'components_count', 'users_count',
        'created_by', 'notes', 'created_at', 'updated_at', 'available_actions',
      ]);
      assert.equal(acme.users_count, users.filter((u) => u.company?.id === 1).length);
      assert.deepEqual(acme.available_actions, { update: true, delete: false });
      const one = await get(base, '/companies/1');
      assert.equal(one.body.users_count, 0);
      assert.equal(one.body.available_actions.delete, false, 'delete still looks at the real relations');
      assertError(await get(base, '/companies/99'), 'Company not found');
      assert.equal((await get(base, '/companies?search=glob')).body.rows[0].name, 'Globex');
    });

    it('lists departments (users_count is a string) and shows one (users_count "")', async () => {
      const r = await get(base, '/departments?sort=name&order=asc');
      assert.equal(r.body.total, 10);
      const eng = r.body.rows.find((d: Any) => d.name === 'Engineering');
      assert.equal(eng.users_count, String(users.filter((u) => u.department?.name === 'Engineering').length));
      assert.deepEqual(Object.keys(eng.manager), ['id', 'name', 'first_name', 'last_name']);
      assert.deepEqual(eng.location, { id: 1, name: 'Berlin' });
      const one = (await get(base, `/departments/${eng.id}`)).body;
      assert.equal(one.users_count, '');
      assertError(await get(base, '/departments/0'), 'Department not found');
      assert.equal((await get(base, '/departments?location_id=1')).body.total, 3);
    });

    it('lists locations with counts and a full manager object; show leaves out phone, fax and company', async () => {
      const r = await get(base, '/locations?sort=id&order=asc');
      assert.equal(r.body.total, 5);
      const berlin = r.body.rows[0];
      assert.equal(berlin.name, 'Berlin');
      assert.equal(berlin.users_count, users.filter((u) => u.location?.id === 1).length);
      assertUser(berlin.manager);
      assert.deepEqual(berlin.children, []);
      assert.deepEqual(Object.keys(berlin.available_actions), ['update', 'delete', 'bulk_selectable', 'clone']);
      const one = (await get(base, '/locations/1')).body;
      assert.equal(one.company, null);
      assert.equal(one.accessories_count, 0);
      assertError(await get(base, '/locations/77'), 'Location not found');
      const sl = await get(base, '/locations/selectlist?search=par');
      assert.deepEqual(sl.body.results, [{ id: 3, text: 'Paris', image: null }]);
    });

    it('select lists for companies and departments', async () => {
      const c = await get(base, '/companies/selectlist');
      assert.deepEqual(Object.keys(c.body), ['results', 'pagination', 'total_count', 'page', 'page_count']);
      assert.deepEqual(c.body.results.map((x: Any) => x.text), ['Acme Corporation', 'Globex', 'Initech', 'Umbrella Health']);
      const d = await get(base, '/departments/selectlist?search=ing');
      assert.deepEqual(d.body.results.map((x: Any) => x.text), ['Engineering', 'Marketing']);
    });

    it('does not emulate writes to these collections (405)', async () => {
      assertError(await post(base, '/companies', { name: 'New' }), 'Method not allowed', 405);
    });
  });

  describe("a user's assets, licenses and accessories", () => {
    it('lists assets checked out to the user, with the asset transformer fields', async () => {
      const holder = users.find((u) => u.assets_count > 1) ?? users.find((u) => u.assets_count > 0);
      const r = await get(base, `/users/${holder.id}/assets`);
      assert.equal(r.status, 200);
      assert.deepEqual(Object.keys(r.body), ['total', 'rows']);
      assert.equal(r.body.total, holder.assets_count);
      const a = r.body.rows[0];
      for (const k of ['id', 'name', 'asset_tag', 'serial', 'model', 'status_label', 'category', 'manufacturer', 'assigned_to', 'purchase_date', 'purchase_cost', 'custom_fields', 'available_actions']) {
        assert.ok(k in a, k);
      }
      assert.equal(a.assigned_to.id, holder.id);
      assert.equal(a.assigned_to.type, 'user');
      assert.deepEqual(a.custom_fields, {});
      assert.equal(a.status_label.status_meta, 'deployed');
      assert.match(a.asset_tag, /^ASSET-\d{6}$/);
      const laptops = await get(base, `/users/${holder.id}/assets?category_id=1`);
      assert.ok(laptops.body.rows.every((x: Any) => x.category.id === 1));
      assertError(await get(base, '/users/999999/assets'), 'User does not exist or you do not have permission view them.');
    });

    it('lists license seats and accessories; unknown users answer as the controllers do', async () => {
      const licensed = users.find((u) => u.licenses_count > 0);
      const l = await get(base, `/users/${licensed.id}/licenses`);
      assert.equal(l.body.total, licensed.licenses_count);
      assert.equal(typeof l.body.rows[0].product_key, 'string');
      assert.equal(l.body.rows[0].free_seats_count, 0);
      assertError(await get(base, '/users/999999/licenses'), 'User does not exist or you do not have permission view them.');
      const holder = users.find((u) => u.accessories_count > 0);
      const a = await get(base, `/users/${holder.id}/accessories`);
      assert.equal(a.body.total, holder.accessories_count);
      assert.equal(a.body.rows[0].checkouts_count, null);
      assertError(await get(base, '/users/999999/accessories'), 'User not found');
    });

    it('needs the area permissions (and users.edit for licenses)', async () => {
      const holder = users.find((u) => u.licenses_count > 0);
      const viewer = await makeCaller(base, { 'users.view': 1 });
      assertForbidden(await get(base, `/users/${holder.id}/assets`, { token: viewer.token }));
      const licenseViewer = await makeCaller(base, { 'users.view': 1, 'licenses.view': 1 });
      assertForbidden(await get(base, `/users/${holder.id}/licenses`, { token: licenseViewer.token }));
      const keysHidden = await makeCaller(base, { 'users.view': 1, 'users.edit': 1, 'licenses.view': 1 });
      const r = await get(base, `/users/${holder.id}/licenses`, { token: keysHidden.token });
      assert.equal(r.body.rows[0].product_key, '------------');
    });
  });
});
