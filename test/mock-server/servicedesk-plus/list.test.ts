import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startMock, type RunningMock } from '../../support/mock-process';
import { assertFailure, assertSuccess, get, list, post } from './sdp';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type User = any;

/** The order a database collation gives: case and accents ignored first. */
const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[øØ]/g, 'o').toLowerCase();
const ci = (a: string, b: string) => {
  const x = fold(a);
  const y = fold(b);
  return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
};

describe('ServiceDesk Plus: user lists (list_info, search, sort, fields_required)', () => {
  let mock: RunningMock;
  let base: string;
  /** Every user, fetched page by page in id order. */
  let all: User[];

  before(async () => {
    mock = await startMock(['--port', '0', '--in-memory', '--users', '120']);
    base = mock.baseUrl;
    all = [];
    for (let start = 1; ; start += 100) {
      const r = await list(base, '/api/v3/users', { start_index: start, row_count: 100 });
      all.push(...r.body.users);
      if (!r.body.list_info.has_more_rows) break;
    }
  });
  after(() => mock.stop());

  const ids = (r: { body: { users: User[] } }) => r.body.users.map((u: User) => u.id);

  it('lists in id order by default: 10 rows, list_info with has_more_rows, start_index, row_count; response_status as an array', async () => {
    const r = await get(base, '/api/v3/users');
    assertSuccess(r, true);
    assert.deepEqual(Object.keys(r.body), ['list_info', 'response_status', 'users']);
    assert.deepEqual(r.body.list_info, { has_more_rows: true, start_index: 1, row_count: 10 });
    assert.deepEqual(ids(r), all.slice(0, 10).map((u) => u.id));
    const numeric = all.map((u) => Number(u.id));
    assert.deepEqual(numeric, [...numeric].sort((a, b) => a - b));
    assert.ok(all.length > 100, 'the roster fills more than one page of 100');
  });

  it('echoes list_info as sent, with row_count as the rows returned and get_total_count as a string (the documented example)', async () => {
    const guest = all.find((u) => u.name === 'Guest');
    const r = await get(base, '/api/v3/users', {
      input: {
        list_info: { sort_field: 'name', start_index: 1, sort_order: 'asc', row_count: '25', get_total_count: true, search_fields: { login_name: 'guest' } },
        fields_required: ['name', 'is_technician', 'citype', 'login_name', 'email_id', 'department', 'phone', 'mobile', 'jobtitle', 'project_roles', 'employee_id', 'first_name', 'middle_name', 'last_name', 'is_vipuser', 'ciid'],
      },
    });
    assertSuccess(r, true);
    assert.deepEqual(r.body.list_info, {
      sort_field: 'name',
      start_index: 1,
      sort_order: 'asc',
      row_count: 1,
      get_total_count: 'true',
      search_fields: { login_name: 'guest' },
      has_more_rows: false,
      total_count: 1,
    });
    const row = r.body.users[0];
    assert.equal(row.id, guest.id);
    assert.deepEqual(row.citype, { name: 'User', id: 3 });
    assert.deepEqual(
      Object.keys(row).sort(),
      ['ci_default_fields', 'ci_people_fields', 'ci_user_fields', 'citype', 'ciid', 'department', 'email_id', 'employee_id', 'first_name', 'id', 'is_technician', 'is_vipuser', 'jobtitle', 'last_name', 'login_name', 'middle_name', 'mobile', 'name', 'phone', 'project_roles', 'type'].sort(),
    );
  });

  it('adds total_count only when asked', async () => {
    const without = await list(base, '/api/v3/users', { row_count: 5 });
    assert.equal('total_count' in without.body.list_info, false);
    const falseFlag = await list(base, '/api/v3/users', { row_count: 5, get_total_count: false });
    assert.equal('total_count' in falseFlag.body.list_info, false);
    assert.equal(falseFlag.body.list_info.get_total_count, 'false');
    const withTotal = await list(base, '/api/v3/users', { row_count: 5, get_total_count: 'true' });
    assert.equal(withTotal.body.list_info.total_count, all.length);
    assert.equal(typeof withTotal.body.list_info.total_count, 'number');
  });

  it('pages with a 1-based start_index; the last page has has_more_rows false; past the end is empty', async () => {
    const n = all.length;
    const last = await list(base, '/api/v3/users', { start_index: n - 2, row_count: 10 });
    assert.deepEqual(ids(last), all.slice(n - 3).map((u) => u.id));
    assert.equal(last.body.list_info.has_more_rows, false);
    assert.equal(last.body.list_info.row_count, 3);
    const exact = await list(base, '/api/v3/users', { start_index: n - 9, row_count: 10 });
    assert.equal(exact.body.users.length, 10);
    assert.equal(exact.body.list_info.has_more_rows, false);
    const beyond = await list(base, '/api/v3/users', { start_index: n + 5, row_count: 10, get_total_count: true });
    assertSuccess(beyond, true);
    assert.deepEqual(beyond.body.users, []);
    assert.equal(beyond.body.list_info.has_more_rows, false);
    assert.equal(beyond.body.list_info.row_count, 0);
    assert.equal(beyond.body.list_info.total_count, n);
    const second = await list(base, '/api/v3/users', { start_index: 11, row_count: 10 });
    assert.deepEqual(ids(second), all.slice(10, 20).map((u) => u.id));
  });

  it('returns at most 100 rows whatever row_count asks for', async () => {
    const r = await list(base, '/api/v3/users', { row_count: 500 });
    assertSuccess(r, true);
    assert.equal(r.body.users.length, 100);
    assert.equal(r.body.list_info.row_count, 100);
    assert.equal(r.body.list_info.has_more_rows, true);
  });

  it('rejects bad list_info values with 400 / 4001 (and wrong types with 4021)', async () => {
    assertFailure(await list(base, '/api/v3/users', { start_index: 0 }), 400, 4001, 'start_index');
    assertFailure(await list(base, '/api/v3/users', { start_index: 'first' }), 400, 4001, 'start_index');
    assertFailure(await list(base, '/api/v3/users', { row_count: 0 }), 400, 4001, 'row_count');
    assertFailure(await list(base, '/api/v3/users', { row_count: -5 }), 400, 4001, 'row_count');
    assertFailure(await list(base, '/api/v3/users', { sort_field: 'shoe_size' }), 400, 4001, 'sort_field');
    assertFailure(await list(base, '/api/v3/users', { sort_field: 'associated_roles.id' }), 400, 4001, 'sort_field');
    assertFailure(await list(base, '/api/v3/users', { sort_order: 'sideways' }), 400, 4001, 'sort_order');
    assertFailure(await list(base, '/api/v3/users', { get_total_count: 'perhaps' }), 400, 4021, 'get_total_count');
    assertFailure(await list(base, '/api/v3/users', { page: 2 }), 400, 4001, 'page');
    assertFailure(await get(base, '/api/v3/users', { input: { list_info: [] } }), 400, 4021, 'list_info');
    assertFailure(await get(base, '/api/v3/users', { input: { list_info: {}, extra: 1 } }), 400, 4001, 'extra');
    assertFailure(await list(base, '/api/v3/users', undefined, ['name', 'shoe_size']), 400, 4001, 'fields_required');
    assertFailure(await get(base, '/api/v3/users', { input: '{"list_info": {"row_count": 5}' }), 400, 4001, 'input_data');
  });

  it('ignores has_more_rows and total_count sent back from an earlier answer', async () => {
    const r = await list(base, '/api/v3/users', { start_index: 11, row_count: 10, has_more_rows: true, total_count: 3 });
    assertSuccess(r, true);
    assert.deepEqual(ids(r), all.slice(10, 20).map((u) => u.id));
  });

  it('sorts by name (case- and accent-insensitive) ascending and descending, ties by id', async () => {
    const expected = [...all].sort((a, b) => ci(a.name, b.name) || Number(a.id) - Number(b.id)).map((u) => u.id);
    const asc = await list(base, '/api/v3/users', { sort_field: 'name', sort_order: 'asc', row_count: 100 });
    assert.deepEqual(ids(asc), expected.slice(0, 100));
    const desc = await list(base, '/api/v3/users', { sort_field: 'name', sort_order: 'desc', row_count: 100 });
    assert.deepEqual(ids(desc), [...expected].reverse().slice(0, 100));
    const descDefaultField = await list(base, '/api/v3/users', { sort_order: 'desc', row_count: 5 });
    assert.deepEqual(ids(descDefaultField), all.slice(-5).reverse().map((u) => u.id));
  });

  it('sorts by other attributes, empty values last', async () => {
    const r = await list(base, '/api/v3/users', { sort_field: 'email_id', row_count: 100, start_index: 1 });
    const r2 = await list(base, '/api/v3/users', { sort_field: 'email_id', row_count: 100, start_index: 101 });
    const got = [...r.body.users, ...r2.body.users].map((u: User) => u.email_id);
    const expected = [...all].sort((a, b) => (a.email_id === null ? (b.email_id === null ? 0 : 1) : b.email_id === null ? -1 : ci(a.email_id, b.email_id))).map((u) => u.email_id);
    assert.deepEqual(got, expected);
    const created = await list(base, '/api/v3/users', { sort_field: 'created_time', sort_order: 'desc', row_count: 3 });
    const times = created.body.users.map((u: User) => Number(u.created_time.value));
    assert.deepEqual(times, [...all.map((u) => Number(u.created_time.value))].sort((a, b) => b - a).slice(0, 3));
  });

  it('searches with search_fields: text by case-insensitive substring, all keys must match', async () => {
    const someone = all.find((u) => u.department && u.jobtitle)!;
    const needle = someone.last_name.slice(0, 3).toUpperCase();
    const r = await list(base, '/api/v3/users', { row_count: 100, get_total_count: true, search_fields: { last_name: needle, 'department.name': someone.department.name } });
    const expected = all.filter((u) => u.last_name && u.last_name.toLowerCase().includes(needle.toLowerCase()) && u.department?.name === someone.department.name);
    assert.deepEqual(ids(r), expected.map((u) => u.id));
    assert.equal(r.body.list_info.total_count, expected.length);
    assert.ok(expected.some((u) => u.id === someone.id));
    const vip = await list(base, '/api/v3/users', { row_count: 100, search_fields: { is_technician: true } });
    assert.deepEqual(ids(vip), all.filter((u) => u.is_technician).map((u) => u.id));
  });

  it('searches with search_criteria: is / is not with values, contains, starts with, ends with', async () => {
    const depts = [...new Set(all.filter((u) => u.department).map((u) => u.department.name))].slice(0, 2) as string[];
    const isIn = await list(base, '/api/v3/users', { row_count: 100, search_criteria: { field: 'department.name', condition: 'is', values: depts.map((d) => d.toUpperCase()) } });
    assert.deepEqual(ids(isIn), all.filter((u) => depts.includes(u.department?.name)).map((u) => u.id));
    const notIn = await list(base, '/api/v3/users', { row_count: 100, search_criteria: { field: 'department.name', condition: 'is not', values: depts } });
    assert.deepEqual(ids(notIn), all.filter((u) => !depts.includes(u.department?.name)).slice(0, 100).map((u) => u.id));
    const starts = await list(base, '/api/v3/users', { row_count: 100, search_criteria: { field: 'name', condition: 'starts with', value: 'a' } });
    assert.deepEqual(ids(starts), all.filter((u) => u.name.toLowerCase().startsWith('a')).map((u) => u.id));
    const ends = await list(base, '/api/v3/users', { row_count: 100, search_criteria: [{ field: 'email_id', condition: 'ends with', value: '.EXAMPLE' }] });
    assert.deepEqual(ids(ends), all.filter((u) => u.email_id?.toLowerCase().endsWith('.example')).slice(0, 100).map((u) => u.id));
    const contains = await list(base, '/api/v3/users', { row_count: 100, search_criteria: { field: 'login_name', condition: 'contains', value: '.' } });
    assert.deepEqual(ids(contains), all.filter((u) => u.login_name?.includes('.')).slice(0, 100).map((u) => u.id));
    const notContains = await list(base, '/api/v3/users', { row_count: 100, search_criteria: { field: 'email_id', condition: 'not contains', value: 'acme' } });
    assert.deepEqual(ids(notContains), all.filter((u) => !u.email_id?.includes('acme')).slice(0, 100).map((u) => u.id));
  });

  it('compares numbers and times: greater than, lesser or equal, between (inclusive), short forms', async () => {
    const times = all.map((u) => Number(u.created_time.value)).sort((a, b) => a - b);
    const [lo, hi] = [times[10], times[40]];
    const between = await list(base, '/api/v3/users', { row_count: 100, search_criteria: { field: 'created_time', condition: 'between', values: [String(lo), String(hi)] } });
    assert.deepEqual(ids(between), all.filter((u) => Number(u.created_time.value) >= lo && Number(u.created_time.value) <= hi).map((u) => u.id));
    const gt = await list(base, '/api/v3/users', { row_count: 100, search_criteria: { field: 'id', condition: 'gt', value: '100' } });
    assert.deepEqual(ids(gt), all.filter((u) => Number(u.id) > 100).map((u) => u.id));
    const lte = await list(base, '/api/v3/users', { row_count: 100, search_criteria: { field: 'id', condition: 'lesser or equal', value: 10 } });
    assert.deepEqual(ids(lte), all.filter((u) => Number(u.id) <= 10).map((u) => u.id));
    const notBetween = await list(base, '/api/v3/users', { row_count: 100, search_criteria: { field: 'id', condition: 'not between', values: ['6', '120'] } });
    assert.deepEqual(ids(notBetween), all.filter((u) => Number(u.id) < 6 || Number(u.id) > 120).map((u) => u.id));
  });

  it('joins items with logical_operator left to right, and children as a group', async () => {
    const or = await list(base, '/api/v3/users', {
      row_count: 100,
      search_criteria: [
        { field: 'id', condition: 'is', value: '3' },
        { field: 'id', condition: 'is', value: '4', logical_operator: 'OR' },
      ],
    });
    assert.deepEqual(ids(or), ['3', '4']);
    const grouped = await list(base, '/api/v3/users', {
      row_count: 100,
      search_criteria: [
        { field: 'is_technician', condition: 'is', value: 'true' },
        {
          field: 'id',
          condition: 'lt',
          value: '20',
          logical_operator: 'AND',
          children: [{ field: 'id', condition: 'gt', value: '100', logical_operator: 'or' }],
        },
      ],
    });
    assert.deepEqual(ids(grouped), all.filter((u) => u.is_technician && (Number(u.id) < 20 || Number(u.id) > 100)).map((u) => u.id));
  });

  it('finds the members of a role through associated_roles', async () => {
    const r = await list(base, '/api/v3/users', { row_count: 100, get_total_count: true, search_criteria: { field: 'associated_roles.name', condition: 'is', value: 'SDAdmin' } });
    const expected = all.filter((u) => u.associated_roles.some((x: User) => x.name === 'SDAdmin'));
    assert.deepEqual(ids(r), expected.map((u) => u.id));
    assert.ok(expected.length >= 4, 'the administrator and the roster admins');
    const byId = await list(base, '/api/v3/users', { row_count: 100, search_criteria: { field: 'associated_roles.id', condition: 'is', value: '29' } });
    assert.deepEqual(ids(byId), all.filter((u) => u.associated_roles.some((x: User) => x.id === '29')).slice(0, 100).map((u) => u.id));
  });

  it('matches empty attributes with is null', async () => {
    const r = await list(base, '/api/v3/users', { row_count: 100, search_criteria: { field: 'mobile', condition: 'is', value: null } });
    assert.deepEqual(ids(r), all.filter((u) => u.mobile === null).slice(0, 100).map((u) => u.id));
  });

  it('rejects unknown fields and conditions, missing values and bad operators (400)', async () => {
    assertFailure(await list(base, '/api/v3/users', { search_criteria: { field: 'shoe_size', condition: 'is', value: '1' } }), 400, 4001, 'field');
    assertFailure(await list(base, '/api/v3/users', { search_criteria: { field: 'name', condition: 'resembles', value: 'x' } }), 400, 4001, 'condition');
    assertFailure(await list(base, '/api/v3/users', { search_criteria: { field: 'name', condition: 'greater than', value: 'x' } }), 400, 4001, 'condition');
    assertFailure(await list(base, '/api/v3/users', { search_criteria: { field: 'name', condition: 'is' } }), 400, 4012, 'value');
    assertFailure(await list(base, '/api/v3/users', { search_criteria: { condition: 'is', value: 'x' } }), 400, 4012, 'field');
    assertFailure(await list(base, '/api/v3/users', { search_criteria: { field: 'id', condition: 'is', value: 'abc' } }), 400, 4001, 'value');
    assertFailure(await list(base, '/api/v3/users', { search_criteria: { field: 'id', condition: 'between', values: ['1'] } }), 400, 4001, 'values');
    assertFailure(await list(base, '/api/v3/users', { search_criteria: [{ field: 'id', condition: 'is', value: '1' }, { field: 'id', condition: 'is', value: '2', logical_operator: 'XOR' }] }), 400, 4001, 'logical_operator');
    assertFailure(await list(base, '/api/v3/users', { search_criteria: { field: 'id', condition: 'is', value: '1', extra: 1 } }), 400, 4001, 'extra');
    assertFailure(await list(base, '/api/v3/users', { search_fields: 'name' }), 400, 4021, 'search_fields');
    assertFailure(await list(base, '/api/v3/users', { search_fields: { shoe_size: 'x' } }), 400, 4001, 'search_fields');
  });

  it("reads the list input as XSOAR sends it (a Python dict repr in the query string)", async () => {
    const r = await get(base, '/api/v3/users', { input: "{'list_info': {'row_count': '3', 'start_index': 1, 'sort_field': 'created_time', 'sort_order': 'asc', 'get_total_count': True}}" });
    assertSuccess(r, true);
    assert.equal(r.body.users.length, 3);
    assert.equal(r.body.list_info.total_count, all.length);
  });

  it('sees a new user at once in lists, searches and counts', async () => {
    const before = await list(base, '/api/v3/users', { search_fields: { name: 'Zzyzx' }, get_total_count: true });
    assert.equal(before.body.list_info.total_count, 0);
    const created = await post(base, '/api/v3/users', { user: { name: 'Zzyzx Quux' } });
    assertSuccess(created);
    const afterwards = await list(base, '/api/v3/users', { search_fields: { name: 'Zzyzx' }, get_total_count: true });
    assert.equal(afterwards.body.list_info.total_count, 1);
    assert.equal(afterwards.body.users[0].id, created.body.user.id);
    const lastByName = await list(base, '/api/v3/users', { sort_field: 'name', sort_order: 'desc', row_count: 1 });
    assert.equal(lastByName.body.users[0].name, 'Zzyzx Quux');
  });
});
