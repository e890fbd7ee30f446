import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startMock, type RunningMock } from '../../support/mock-process';
import { assertFailure, assertSuccess, get, list } from './sdp';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

describe('ServiceDesk Plus: departments, sites, roles, support groups', () => {
  let mock: RunningMock;
  let base: string;
  before(async () => {
    mock = await startMock(['--port', '0', '--in-memory', '--users', '80']);
    base = mock.baseUrl;
  });
  after(() => mock.stop());

  const collections: Array<[string, string, string[]]> = [
    ['departments', 'department', ['id', 'name', 'description', 'site']],
    ['sites', 'site', ['id', 'name', 'description', 'region', 'door_no', 'street', 'city', 'state', 'postal_code', 'country']],
    ['roles', 'role', ['id', 'name', 'description']],
    ['support_groups', 'support_group', ['id', 'name', 'description', 'site']],
  ];

  for (const [plural, single, keys] of collections) {
    it(`lists ${plural} with list_info and gets each by id`, async () => {
      const r = await list(base, `/api/v3/${plural}`, { row_count: 100, get_total_count: true });
      assertSuccess(r, true);
      assert.deepEqual(Object.keys(r.body), ['list_info', 'response_status', plural]);
      const rows = r.body[plural];
      assert.ok(rows.length > 0);
      assert.equal(r.body.list_info.total_count, rows.length);
      assert.equal(r.body.list_info.has_more_rows, false);
      for (const row of rows) {
        assert.deepEqual(Object.keys(row), keys);
        assert.match(row.id, /^\d+$/);
        assert.equal(typeof row.name, 'string');
      }
      const one = await get(base, `/api/v3/${plural}/${rows[0].id}`);
      assertSuccess(one);
      assert.deepEqual(Object.keys(one.body), ['response_status', single]);
      assert.deepEqual(one.body[single], rows[0]);
      assertFailure(await get(base, `/api/v3/${plural}/987654`), 404, 4007);
    });

    it(`pages, sorts and searches ${plural} like users`, async () => {
      const all = (await list(base, `/api/v3/${plural}`, { row_count: 100 })).body[plural];
      const page = await list(base, `/api/v3/${plural}`, { start_index: 2, row_count: 2, sort_field: 'name', sort_order: 'desc' });
      const byNameDesc = [...all].sort((a: Any, b: Any) => (a.name.toLowerCase() < b.name.toLowerCase() ? 1 : -1));
      assert.deepEqual(page.body[plural].map((x: Any) => x.id), byNameDesc.slice(1, 3).map((x: Any) => x.id));
      assert.equal(page.body.list_info.has_more_rows, all.length > 3);
      const needle = all[0].name.slice(1, 4);
      const found = await list(base, `/api/v3/${plural}`, { row_count: 100, search_fields: { name: needle } });
      assert.deepEqual(found.body[plural].map((x: Any) => x.id), all.filter((x: Any) => x.name.toLowerCase().includes(needle.toLowerCase())).map((x: Any) => x.id));
      const picked = await list(base, `/api/v3/${plural}`, { row_count: 1 }, ['name']);
      assert.deepEqual(Object.keys(picked.body[plural][0]), ['id', 'name']);
      assertFailure(await list(base, `/api/v3/${plural}`, { sort_field: 'nothing' }), 400, 4001, 'sort_field');
    });
  }

  it('seeds the documented built-in roles and the roster departments at their sites', async () => {
    const roles = (await list(base, '/api/v3/roles', { row_count: 100 })).body.roles;
    const byId = new Map(roles.map((r: Any) => [r.id, r.name]));
    assert.equal(byId.get('29'), 'SDGuest');
    assert.equal(byId.get('108'), 'HelpdeskConfig');
    assert.equal(byId.get('1'), 'SDAdmin');
    const depts = (await list(base, '/api/v3/departments', { row_count: 100 })).body.departments;
    const it = depts.find((d: Any) => d.id === '5');
    assert.equal(it.name, 'IT Services');
    assert.deepEqual(it.site, { id: '601', name: 'Berlin' });
    assert.equal(depts.find((d: Any) => d.id === '1').site, null);
    const sites = (await list(base, '/api/v3/sites', { row_count: 100 })).body.sites;
    assert.deepEqual(sites.map((s: Any) => s.name), ['Berlin', 'London', 'Paris', 'New York', 'Bangalore']);
  });

  it('is consistent with the users: their departments, roles and groups exist and carry the same names', async () => {
    const depts = new Map((await list(base, '/api/v3/departments', { row_count: 100 })).body.departments.map((d: Any) => [d.id, d]));
    const roles = new Map((await list(base, '/api/v3/roles', { row_count: 100 })).body.roles.map((r: Any) => [r.id, r.name]));
    const groups = new Map((await list(base, '/api/v3/support_groups', { row_count: 100 })).body.support_groups.map((g: Any) => [g.id, g]));
    const users = (await list(base, '/api/v3/users', { row_count: 100 })).body.users;
    for (const u of users) {
      if (u.department) {
        const d: Any = depts.get(u.department.id);
        assert.equal(d.name, u.department.name);
        assert.deepEqual(d.site, u.department.site);
      }
      for (const r of u.associated_roles) assert.equal(roles.get(r.id), r.name);
    }
    const techs = (await list(base, '/api/v3/technicians', { row_count: 100 })).body.technicians;
    for (const t of techs) for (const g of t.support_group) assert.equal((groups.get(g.id) as Any).name, g.name);
    const inDept = await list(base, '/api/v3/users', { row_count: 100, search_criteria: { field: 'department.id', condition: 'is', value: '5' } });
    assert.ok(inDept.body.users.every((u: Any) => u.department.id === '5'));
  });
});
