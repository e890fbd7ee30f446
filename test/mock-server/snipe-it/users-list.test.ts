import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startMock, type RunningMock } from '../../support/mock-process';
import { assertError, assertJson, assertUser, collate, get, listAll, makeCaller } from './snipe-it';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type User = any;

const q = (s: string) => encodeURIComponent(s);
const ids = (rows: User[]) => rows.map((u) => u.id);
const cmp = (a: string | null, b: string | null) => {
  const x = collate(a);
  const y = collate(b);
  if (x === y) return 0;
  if (x === null) return -1;
  if (y === null) return 1;
  return x < y ? -1 : 1;
};
/** The mock's order: the ORDER BY terms, then id ascending. */
const ordered = (rows: User[], key: (u: User) => Array<string | null>, dir: 1 | -1) =>
  [...rows].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) {
      const c = cmp(ka[i], kb[i]);
      if (c) return c * dir;
    }
    return a.id - b.id;
  });

describe('Snipe-IT: GET /users — envelope, paging, sorting, filters, search; show, me, selectlist', () => {
  let mock: RunningMock;
  let base: string;
  let all: User[];
  before(async () => {
    mock = await startMock(['--port', '0', '--in-memory', '--users', '200']);
    base = mock.baseUrl;
    all = await listAll(base, 'sort=id&order=asc');
  });
  after(async () => {
    await mock.stop();
  });

  const list = async (query: string) => {
    const r = await get(base, `/users?${query}`);
    assert.equal(r.status, 200, `${query}: ${r.text}`);
    return r.body as { total: number; rows: User[] };
  };

  it('answers a bare {total, rows} with full user objects, key order and JSON types as the transformer', async () => {
    const r = await get(base, '/users');
    assert.equal(r.status, 200);
    assertJson(r);
    assert.deepEqual(Object.keys(r.body), ['total', 'rows']);
    assert.equal(r.body.total, all.length);
    assert.ok(r.text.startsWith('{"total":'));
    for (const u of r.body.rows) assertUser(u);
    const admin = all.find((u) => u.id === 1);
    assert.equal(admin.name, 'Admin User');
    assert.deepEqual(admin.permissions, { superuser: 1 });
    assert.equal(admin.created_by, null);
  });

  it('uses limit 500 by default, clamps larger limits, uses |limit| for negatives and 500 for 0 or garbage', async () => {
    assert.equal(all.length > 150 && all.length < 500, true);
    assert.equal((await list('')).rows.length, all.length);
    assert.equal((await list('limit=5')).rows.length, 5);
    assert.equal((await list('limit=-5')).rows.length, 5);
    assert.equal((await list('limit=0')).rows.length, all.length);
    assert.equal((await list('limit=abc')).rows.length, all.length);
    assert.equal((await list('limit=100000')).rows.length, all.length);
    assert.equal((await list('limit=60')).rows.length, 60);
  });

  it('pages with offset: a slice of the same order, empty past the end, total unchanged', async () => {
    const whole = (await list('')).rows;
    const page = await list('limit=10&offset=20');
    assert.deepEqual(ids(page.rows), ids(whole.slice(20, 30)));
    assert.equal(page.total, all.length);
    const past = await list(`offset=${all.length + 5}`);
    assert.deepEqual(past.rows, []);
    assert.equal(past.total, all.length);
    assert.deepEqual(ids((await list('offset=-3&limit=3')).rows), ids(whole.slice(0, 3)));
    assert.deepEqual((await list('offset=abc')).rows, [], 'a non-numeric offset compares greater than the count');
  });

  it('orders by first_name descending by default; order=asc flips it; anything else is desc', async () => {
    const expected = ordered(all, (u) => [u.first_name], -1);
    assert.deepEqual(ids((await list('')).rows), ids(expected));
    assert.deepEqual(ids((await list('order=DESC')).rows), ids(expected));
    assert.deepEqual(ids((await list('order=asc')).rows), ids(ordered(all, (u) => [u.first_name], 1)));
  });

  it('sorts by first_name then last_name, last_name then first_name, and plain columns', async () => {
    assert.deepEqual(ids((await list('sort=first_name&order=asc')).rows), ids(ordered(all, (u) => [u.first_name, u.last_name], 1)));
    assert.deepEqual(ids((await list('sort=last_name')).rows), ids(ordered(all, (u) => [u.last_name, u.first_name], -1)));
    assert.deepEqual(ids((await list('sort=username&order=asc')).rows), ids(ordered(all, (u) => [u.username], 1)));
    assert.deepEqual(ids((await list('sort=email')).rows), ids(ordered(all, (u) => [u.email], -1)));
    assert.deepEqual(ids((await list('sort=id&order=asc')).rows), ids(all));
    assert.deepEqual(ids((await list('sort=id')).rows), ids(all).reverse());
    const byCreated = ordered(all, (u) => [u.created_at.datetime], 1);
    assert.deepEqual(ids((await list('sort=created_at&order=asc')).rows), ids(byCreated));
  });

  it('sorts by relations and counts (NULLs first ascending)', async () => {
    const dept = ordered(all, (u) => [u.department?.name ?? null], 1);
    assert.deepEqual(ids((await list('sort=department&order=asc')).rows), ids(dept));
    const company = ordered(all, (u) => [u.company?.name ?? null], -1);
    assert.deepEqual(ids((await list('sort=company')).rows), ids(company));
    const assets = [...all].sort((a, b) => b.assets_count - a.assets_count || a.id - b.id);
    assert.deepEqual(ids((await list('sort=assets_count')).rows), ids(assets));
    const everyone = await listAll(base, 'all=true');
    const mgr = ordered(all, (u) => {
      const raw = everyone.find((x) => x.id === u.id);
      const m = raw?.manager ? everyone.find((x) => x.id === raw.manager.id) : null;
      return [m?.first_name ?? null, m?.last_name ?? null];
    }, 1);
    assert.deepEqual(ids((await list('sort=manager&order=asc')).rows), ids(mgr));
  });

  it('falls back to first_name for unknown sort columns, and fails like MySQL for sort=groups', async () => {
    const expected = ids(ordered(all, (u) => [u.first_name], -1));
    for (const sort of ['name', 'bogus', 'assets', '__proto__']) assert.deepEqual(ids((await list(`sort=${sort}`)).rows), expected, sort);
    const r = await get(base, '/users?sort=groups');
    assert.equal(r.status, 500);
    assert.deepEqual(r.body, { message: 'Server Error' });
  });

  it('filters by company, department, location, manager, group and activation (exact matches)', async () => {
    const pick = (f: (u: User) => boolean) => ids(ordered(all.filter(f), (u) => [u.first_name], -1));
    assert.deepEqual(ids((await list('company_id=2')).rows), pick((u) => u.company?.id === 2));
    assert.deepEqual(ids((await list('department_id=4')).rows), pick((u) => u.department?.id === 4));
    assert.deepEqual(ids((await list('location_id=1')).rows), pick((u) => u.location?.id === 1));
    assert.deepEqual(ids((await list('group_id=2')).rows), pick((u) => !!u.groups?.rows.some((g: User) => g.id === 2)));
    const manager = all.find((u) => u.manages_users_count > 0);
    assert.deepEqual(ids((await list(`manager_id=${manager.id}`)).rows), pick((u) => u.manager?.id === manager.id));
    assert.equal((await list(`manager_id=${manager.id}`)).total, manager.manages_users_count);
    assert.deepEqual(ids((await list('activated=0')).rows), pick((u) => !u.activated));
    assert.deepEqual(ids((await list('activated=1')).rows), pick((u) => u.activated));
    assert.deepEqual(ids((await list('activated=true')).rows), pick((u) => !u.activated), "'true' compares as 0 in MySQL");
    assert.deepEqual(ids((await list('company_id=2&department_id=4')).rows), pick((u) => u.company?.id === 2 && u.department?.id === 4));
    assert.deepEqual(ids((await list('company_id=')).rows), pick(() => true), 'empty filters are ignored');
    assert.deepEqual((await list('company_id=999')).rows, []);
  });

  it('filters by exact column values case-insensitively (email, username, counts)', async () => {
    const u = all[10];
    assert.deepEqual(ids((await list(`email=${q(u.email.toUpperCase())}`)).rows), [u.id]);
    assert.deepEqual(ids((await list(`username=${q(u.username)}`)).rows), [u.id]);
    const withAssets = all.filter((x) => x.assets_count === 1);
    assert.deepEqual(ids((await list('assets_count=1&sort=id&order=asc')).rows), ids(withAssets));
    const r = await get(base, '/users?manages_users_count=1');
    assert.equal(r.status, 500, 'the controller calls has() on a relation that does not exist');
  });

  it('shows only soft-deleted users with deleted=true, everyone with all=true', async () => {
    const deleted = await list('deleted=true&sort=id&order=asc');
    assert.ok(deleted.total > 0, 'the seed has deleted users');
    for (const u of deleted.rows) {
      assertUser(u);
      assert.notEqual(u.deleted_at, null);
      assert.deepEqual(u.available_actions, { update: false, delete: false, clone: false, restore: true });
      assert.ok(!all.some((x) => x.id === u.id));
    }
    const both = await list('all=true');
    assert.equal(both.total, all.length + deleted.total);
    assert.equal((await list('deleted=false')).total, all.length);
  });

  it('searches substrings case- and accent-insensitively over own columns and "first last"', async () => {
    const u = all.find((x) => x.id > 2 && x.last_name);
    const hit = async (s: string) => ids((await list(`search=${q(s)}&limit=500`)).rows);
    assert.ok((await hit(u.username.toUpperCase())).includes(u.id));
    assert.ok((await hit(`${u.first_name} ${u.last_name}`)).includes(u.id));
    assert.ok((await hit(collate(u.last_name)!)).includes(u.id), 'accents are ignored');
    assert.ok((await hit(u.employee_num)).includes(u.id));
    assert.deepEqual(await hit('zzzz-no-such-thing'), []);
    const total = (await list(`search=${q(u.username)}`)).total;
    assert.equal(total, (await hit(u.username)).length);
  });

  it('searches related records: department, location, company, group and manager names', async () => {
    const hit = async (s: string) => (await list(`search=${q(s)}`)).rows as User[];
    const hr = (await hit('Human Resources')).map((u) => u.id).sort((a, b) => a - b);
    assert.deepEqual(hr, all.filter((u) => u.department?.name === 'Human Resources').map((u) => u.id), 'no own column says "human resources"');
    const helpdesk = await hit('Helpdesk');
    for (const u of all.filter((x) => x.groups?.rows.some((g: User) => g.name === 'Helpdesk'))) assert.ok(helpdesk.some((x) => x.id === u.id), 'group members');
    const managed = all.find((x) => x.manager);
    const boss = all.find((x) => x.id === managed.manager.id);
    assert.ok((await hit(boss.username)).some((x) => x.id === managed.id), 'found through the manager');
    const umbrella = await hit('umbrella health');
    for (const u of all.filter((x) => x.company?.name === 'Umbrella Health')) assert.ok(umbrella.some((x) => x.id === u.id));
  });

  it('splits the search on " OR ", honours LIKE wildcards and combines search with filters', async () => {
    const [a, b] = [all[5], all[6]];
    const both = ids((await list(`search=${q(`${a.username} OR ${b.username}`)}`)).rows);
    assert.ok(both.includes(a.id) && both.includes(b.id));
    const wild = ids((await list(`search=${q(a.username.replace(/\./, '_'))}`)).rows);
    assert.ok(wild.includes(a.id), '_ matches one character');
    const pct = ids((await list(`search=${q(`${a.first_name.slice(0, 2)}%${a.username.slice(-3)}`)}`)).rows);
    assert.ok(pct.includes(a.id), '% matches any run');
    const filtered = (await list(`search=${q(a.username)}&company_id=${a.company.id === 1 ? 2 : 1}`)).rows;
    assert.ok(!filtered.some((x: User) => x.id === a.id));
  });

  it('counts assets, licenses and accessories as the sub-collections list them', async () => {
    for (const u of all.filter((x) => x.assets_count + x.licenses_count + x.accessories_count > 0).slice(0, 5)) {
      assert.equal((await get(base, `/users/${u.id}/assets`)).body.total, u.assets_count);
      assert.equal((await get(base, `/users/${u.id}/licenses`)).body.total, u.licenses_count);
      assert.equal((await get(base, `/users/${u.id}/accessories`)).body.total, u.accessories_count);
      assert.equal(u.available_actions.delete, false, 'holding items blocks deletion');
    }
  });

  it('GET /users/{id} answers the bare object with counts; unknown or deleted ids get the 200 error envelope', async () => {
    const u = all.find((x) => x.assets_count > 0);
    const r = await get(base, `/users/${u.id}`);
    assert.equal(r.status, 200);
    assertUser(r.body);
    assert.deepEqual(r.body, u);
    const deleted = (await list('deleted=true&limit=1')).rows[0];
    for (const id of ['999999', 'abc', String(deleted.id), '0', '-1']) {
      assertError(await get(base, `/users/${id}`), 'User does not exist or you do not have permission view them.');
    }
  });

  it('GET /users/me answers the caller without counts', async () => {
    const caller = await makeCaller(base, { 'users.view': 1 });
    const me = await get(base, '/users/me', { token: caller.token });
    assertUser(me.body);
    assert.equal(me.body.id, caller.id);
    assert.deepEqual(me.body.permissions, { 'users.view': 1 });
    assert.deepEqual(me.body.available_actions, { update: false, delete: false, clone: false, restore: false });
    const admin = await get(base, '/users/me');
    assert.equal(admin.body.id, 1);
    assert.equal(admin.body.assets_count, 0);
    const holder = all.find((x) => x.assets_count > 0 && x.id > 2);
    const asHolder = await get(base, '/users/me', { token: `${holder.username}:Passw0rd!` });
    assert.equal(asHolder.body.id, holder.id);
    assert.equal(asHolder.body.assets_count, 0, 'me is loaded without counts');
    assert.deepEqual({ ...asHolder.body, assets_count: holder.assets_count, licenses_count: holder.licenses_count, accessories_count: holder.accessories_count, manages_users_count: holder.manages_users_count, manages_locations_count: holder.manages_locations_count, available_actions: holder.available_actions }, holder);
  });

  it('GET /users/selectlist answers the select2 shape, by last then first name, 50 a page', async () => {
    const total = (await list('limit=1')).total;
    const r = await get(base, '/users/selectlist');
    assert.equal(r.status, 200);
    assert.deepEqual(Object.keys(r.body), ['results', 'pagination', 'total_count', 'page', 'page_count']);
    assert.equal(r.body.results.length, 50);
    assert.deepEqual(r.body.pagination, { more: true, per_page: 50 });
    assert.equal(r.body.page, 1);
    assert.equal(r.body.total_count, total);
    assert.equal(r.body.page_count, Math.ceil(total / 50));
    const first = r.body.results[0];
    assert.deepEqual(Object.keys(first), ['id', 'text', 'image']);
    const last = await get(base, `/users/selectlist?page=${r.body.page_count}`);
    assert.equal(last.body.page, r.body.page_count);
    assert.equal(last.body.pagination.more, false);
    assert.equal(last.body.results.length, total - 50 * (r.body.page_count - 1));
    assert.equal((await get(base, '/users/selectlist?page=abc')).body.page, 1);
    const u = all[7];
    const s = await get(base, `/users/selectlist?search=${q(u.username)}`);
    const raw = (v: string) => v.replace(/&#039;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    assert.ok(s.body.results.some((x: User) => x.id === u.id && x.text === `${raw(u.last_name)}, ${raw(u.first_name)} (${u.username}) - #${u.employee_num}`));
  });
});
