import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startMock, type RunningMock } from '../../support/mock-process';
import { assertFailure, assertSuccess, AUTH, call, del, get, list, post, put, reset, type InputStyle } from './sdp';

/** The documentation's own Add User request (seed 003). */
function documentedAddUserInput(): string {
  // copied verbatim from the seed documentation (shared/seeds/003), so the tests need nothing outside the repository
  return readFileSync(`${__dirname}/fixtures/documented-add-user.input.txt`, 'utf8').trimEnd();
}

const USER_WRITE_KEYS = [
  'first_name', 'middle_name', 'last_name', 'name', 'is_vipuser', 'employee_id', 'department', 'mobile', 'description',
  'sms_mail_id', 'jobtitle', 'phone', 'email_id', 'secondary_emailids', 'cost_per_hour', 'service_request_approver',
  'purchase_approver', 'purchase_approval_limit', 'project_roles', 'reporting_to', 'requester_allowed_to_view',
  'login_name', 'domain', 'user_udf_fields', 'ci_default_fields', 'ci_user_fields', 'attachments', 'ci_people_fields',
  'org_roles', 'type', 'org_user_status', 'id', 'profile_pic', 'created_time', 'is_technician', 'ciid',
  'associated_roles', 'status',
];

describe('ServiceDesk Plus: users (add, get, edit, delete)', () => {
  let mock: RunningMock;
  let base: string;
  before(async () => {
    mock = await startMock(['--port', '0', '--in-memory', '--users', '50']);
    base = mock.baseUrl;
  });
  after(() => mock.stop());
  beforeEach(() => reset(base));

  it("creates the documentation's example user and answers its full shape (user first, then response_status)", async () => {
    const r = await post(base, '/app/itdesk//api/v3/users', documentedAddUserInput());
    assertSuccess(r);
    assert.deepEqual(Object.keys(r.body), ['user', 'response_status']);
    const u = r.body.user;
    assert.deepEqual(Object.keys(u), USER_WRITE_KEYS);
    assert.match(u.id, /^\d+$/);
    assert.equal(u.ciid, String(Number(u.id) + 14));
    assert.equal(u.name, 'Peter Rabbit Atom');
    assert.equal(u.is_vipuser, false);
    assert.equal(u.service_request_approver, true);
    assert.equal(u.cost_per_hour, '929.00');
    assert.equal(u.purchase_approval_limit, '-1.00');
    assert.equal(u.requester_allowed_to_view, null);
    assert.deepEqual(u.secondary_emailids, ['atom@zylker.com', 'rabbit@zylker.com', 'user1@zylker.com']);
    assert.deepEqual(u.department, { id: '5', site: { id: '601', name: 'Berlin' }, name: 'IT Services' });
    assert.deepEqual(u.project_roles, { id: '3', name: 'Project Manager' });
    assert.deepEqual(u.reporting_to, { id: '4', email_id: null, name: 'administrator', is_vipuser: false, department: null });
    assert.deepEqual(u.domain, { id: '2', name: 'ABC' });
    assert.deepEqual(u.user_udf_fields, {
      udf_long_3: '982999292',
      udf_date_4: { value: '1569519360000', display_value: 'Sep 26, 2019 11:06 PM' },
      udf_pick_2: 'Market gaps',
      udf_sline_1: 'Manager',
    });
    assert.deepEqual(u.ci_default_fields, { udf_pick_165: 'Team member', udf_pickref_1: { id: 2, name: 'Medium' }, udf_sline_164: 'Testing line' });
    assert.deepEqual(u.ci_user_fields.udf_pickref_159, { id: 2, site: { id: '601', name: 'Berlin' }, name: 'Engineering' });
    assert.equal(u.ci_user_fields.udf_pickref_160, null);
    assert.equal(typeof u.ci_user_fields.udf_pickref_161.name, 'string');
    assert.deepEqual(u.associated_roles, [{ name: 'SDGuest', id: '29' }]);
    assert.equal(u.type, 'User');
    assert.equal(u.status, 'ACTIVE');
    assert.equal(u.org_user_status, 'ACTIVE');
    assert.equal(u.is_technician, false);
    assert.deepEqual(u.attachments, []);
    assert.deepEqual(u.ci_people_fields, {});
    assert.deepEqual(Object.keys(u.created_time), ['display_value', 'value']);
    assert.match(u.created_time.value, /^\d{13}$/);
    assert.match(u.created_time.display_value, /^[A-Z][a-z]{2} \d{1,2}, \d{4} \d{2}:\d{2} [AP]M$/);
    assert.equal('password' in u, false);
  });

  it('gets a user with response_status first and the read key order; the password never shows', async () => {
    const created = await post(base, '/api/v3/users', { user: { name: 'Reader', login_name: 'reader', password: 'secret-pw', department: { id: '4' } } });
    assertSuccess(created);
    const r = await get(base, `/api/v3/users/${created.body.user.id}`);
    assertSuccess(r);
    assert.deepEqual(Object.keys(r.body), ['response_status', 'user']);
    assert.deepEqual(Object.keys(r.body.user).slice(0, 5), ['email_id', 'purchase_approver', 'attachments', 'ci_people_fields', 'org_roles']);
    assert.deepEqual(r.body.user.department, { site: { name: 'London', id: '602' }, name: 'Finance', id: '4' });
    assert.equal(r.text.includes('secret-pw'), false);
    assert.equal(r.text.includes('scrypt'), false);
    assert.equal(Object.keys(r.body.user).length, USER_WRITE_KEYS.length);
  });

  it('shows seeded roster users with their department, site, manager and domain', async () => {
    const r = await get(base, '/api/v3/users/5');
    assertSuccess(r);
    const u = r.body.user;
    assert.equal(typeof u.name, 'string');
    assert.equal(u.name, `${u.first_name} ${u.last_name}`);
    assert.match(u.login_name, /^[a-z0-9]+\.[a-z0-9]+\d*$/);
    assert.match(u.email_id, /@/);
    assert.match(u.department.id, /^\d+$/);
    assert.equal(typeof u.department.site.name, 'string');
    assert.equal(typeof u.domain.name, 'string');
    assert.equal(u.employee_id, '10000');
  });

  const styles: InputStyle[] = ['form', 'query', 'json', 'json-wrapped', 'multipart'];
  for (const style of styles) {
    it(`takes input_data as ${style}`, async () => {
      const r = await post(base, '/api/v3/users', { user: { name: `Via ${style}`, email_id: `${style}@example.com` } }, { style });
      assertSuccess(r);
      assert.equal(r.body.user.name, `Via ${style}`);
      assert.equal(r.body.user.email_id, `${style}@example.com`);
    });
  }

  it('reads single-quoted input (a Python dict repr, as some clients send) and loose types', async () => {
    const r = await post(base, '/api/v3/users', "{'user': {'name': 'Quoted O\\'Neil', 'is_vipuser': 'True', 'cost_per_hour': 12.5, 'phone': 555}}");
    assertSuccess(r);
    assert.equal(r.body.user.name, "Quoted O'Neil");
    assert.equal(r.body.user.is_vipuser, true);
    assert.equal(r.body.user.cost_per_hour, '12.50');
    assert.equal(r.body.user.phone, '555');
  });

  it('prefers input_data in the body over the one in the query string', async () => {
    const body = new URLSearchParams({ input_data: JSON.stringify({ user: { name: 'From body' } }) }).toString();
    const q = new URLSearchParams({ input_data: JSON.stringify({ user: { name: 'From query' } }) });
    const r = await call(base, 'POST', `/api/v3/users?${q}`, { headers: { ...AUTH, 'Content-Type': 'application/x-www-form-urlencoded' }, body });
    assertSuccess(r);
    assert.equal(r.body.user.name, 'From body');
  });

  it('edits only the attributes sent (partial PUT) and answers the whole user', async () => {
    const before = (await get(base, '/api/v3/users/5')).body.user;
    const r = await put(base, '/api/v3/users/5', { user: { jobtitle: 'Chief Tester', is_vipuser: 'true', secondary_emailids: ['b@x.example', 'a@x.example'] } });
    assertSuccess(r);
    assert.deepEqual(Object.keys(r.body), ['user', 'response_status']);
    const after = (await get(base, '/api/v3/users/5')).body.user;
    assert.equal(after.jobtitle, 'Chief Tester');
    assert.equal(after.is_vipuser, true);
    assert.deepEqual(after.secondary_emailids, ['a@x.example', 'b@x.example']);
    for (const k of ['name', 'email_id', 'login_name', 'department', 'created_time', 'associated_roles', 'reporting_to']) assert.deepEqual(after[k], before[k], k);
  });

  it('clears attributes sent as null, and references sent as null', async () => {
    const r = await put(base, '/api/v3/users/5', { user: { mobile: null, department: null, jobtitle: '' } });
    assertSuccess(r);
    assert.equal(r.body.user.mobile, null);
    assert.equal(r.body.user.department, null);
    assert.equal(r.body.user.jobtitle, null);
  });

  it('looks references up by name too', async () => {
    const created = await post(base, '/api/v3/users', { user: { name: 'By name' } });
    const r = await put(base, `/api/v3/users/${created.body.user.id}`, { user: { department: { name: 'legal' }, associated_roles: [{ name: 'SDGuest' }] } });
    assertSuccess(r);
    assert.equal(r.body.user.department.name, 'Legal');
    assert.deepEqual(r.body.user.associated_roles, [{ name: 'SDGuest', id: '29' }]);
  });

  it('deletes a user (then 404 / 4007) and unlinks the people who reported to them', async () => {
    const boss = await post(base, '/api/v3/users', { user: { name: 'Boss' } });
    const report = await post(base, '/api/v3/users', { user: { name: 'Report', reporting_to: { id: boss.body.user.id } } });
    assert.equal(report.body.user.reporting_to.name, 'Boss');
    const r = await del(base, `/api/v3/users/${boss.body.user.id}`);
    assertSuccess(r);
    assert.deepEqual(r.body, { response_status: { status_code: 2000, status: 'success' } });
    assertFailure(await get(base, `/api/v3/users/${boss.body.user.id}`), 404, 4007);
    assertFailure(await del(base, `/api/v3/users/${boss.body.user.id}`), 404, 4007);
    assert.equal((await get(base, `/api/v3/users/${report.body.user.id}`)).body.user.reporting_to, null);
  });

  it('refuses to delete the administrator who owns the API key (403 / 4002)', async () => {
    assertFailure(await del(base, '/api/v3/users/4'), 403, 4002);
    assertSuccess(await get(base, '/api/v3/users/4'));
  });

  it('answers 404 / 4007 for get, edit and delete of unknown ids', async () => {
    assertFailure(await get(base, '/api/v3/users/999999'), 404, 4007);
    assertFailure(await put(base, '/api/v3/users/999999', { user: { name: 'x' } }), 404, 4007);
    assertFailure(await del(base, '/api/v3/users/999999'), 404, 4007);
    assertFailure(await get(base, '/api/v3/users/99999999999999999999'), 404, 4007);
  });

  it('hands out new ids above every existing one, also after a delete', async () => {
    const a = await post(base, '/api/v3/users', { user: { name: 'A' } });
    await del(base, `/api/v3/users/${a.body.user.id}`);
    const b = await post(base, '/api/v3/users', { user: { name: 'B' } });
    assert.ok(Number(b.body.user.id) > Number(a.body.user.id));
  });
});

describe('ServiceDesk Plus: user validation', () => {
  let mock: RunningMock;
  let base: string;
  before(async () => {
    mock = await startMock(['--port', '0', '--in-memory', '--users', '30']);
    base = mock.baseUrl;
  });
  after(() => mock.stop());

  /** Every rejected write must leave the data exactly as it was. */
  async function rejected(send: () => Promise<import('./sdp').Reply>, status: number, code: number, field?: string): Promise<Record<string, unknown>> {
    const before = await list(base, '/api/v3/users', { row_count: 100, get_total_count: true });
    const one = await get(base, '/api/v3/users/5');
    const m = assertFailure(await send(), status, code, field);
    assert.deepEqual((await list(base, '/api/v3/users', { row_count: 100, get_total_count: true })).body, before.body);
    assert.deepEqual((await get(base, '/api/v3/users/5')).body, one.body);
    return m;
  }

  it('requires name on create (4012 with field, no message)', async () => {
    const m = await rejected(() => post(base, '/api/v3/users', { user: { email_id: 'nameless@example.com' } }), 400, 4012, 'name');
    assert.deepEqual(Object.keys(m), ['status_code', 'field', 'type']);
    await rejected(() => post(base, '/api/v3/users', { user: { name: '   ' } }), 400, 4012, 'name');
    await rejected(() => put(base, '/api/v3/users/5', { user: { name: '' } }), 400, 4012, 'name');
  });

  it('rejects read-only fields (4014)', async () => {
    for (const field of ['status', 'created_time', 'id', 'is_technician', 'type', 'ciid']) {
      await rejected(() => put(base, '/api/v3/users/5', { user: { jobtitle: 'changed', [field]: 'x' } }), 400, 4014, field);
    }
    await rejected(() => post(base, '/api/v3/users', { user: { name: 'RO', status: 'ACTIVE' } }), 400, 4014, 'status');
  });

  it('rejects unknown attributes, technician-only attributes and unknown root keys (4001 EXTRA_KEY_FOUND_IN_JSON)', async () => {
    const m = await rejected(() => post(base, '/api/v3/users', { user: { name: 'X', nickname: 'x' } }), 400, 4001, 'nickname');
    assert.equal(m.message, 'EXTRA_KEY_FOUND_IN_JSON');
    await rejected(() => post(base, '/api/v3/users', { user: { name: 'X', support_group: [{ id: '1' }] } }), 400, 4001, 'support_group');
    await rejected(() => post(base, '/api/v3/users', { user: { name: 'X' }, extra: {} }), 400, 4001, 'extra');
    await rejected(() => put(base, '/api/v3/users/5', { user: { user_udf_fields: { udf_nope_9: 'x' } } }), 400, 4001, 'udf_nope_9');
  });

  it('treats __proto__, constructor and prototype keys as unknown attributes and stays healthy', async () => {
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const text = `{"user": {"name": "Proto", "${key}": {"is_technician": true, "polluted": "yes"}}}`;
      await rejected(() => post(base, '/api/v3/users', text), 400, 4001, key);
      await rejected(() => post(base, '/api/v3/users', `{"${key}": {"name": "x"}, "user": {"name": "P"}}`), 400, 4001, key);
    }
    const r = await get(base, '/api/v3/users', { input: '{"list_info": {"search_fields": {"__proto__": "x"}}}' });
    assertFailure(r, 400, 4001, 'search_fields');
    const r2 = await get(base, '/api/v3/users', { input: '{"list_info": {"sort_field": "constructor"}}' });
    assertFailure(r2, 400, 4001, 'sort_field');
    const ok = await post(base, '/api/v3/users', { user: { name: 'After proto' } });
    assertSuccess(ok);
    assert.equal(ok.body.user.is_technician, false);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('rejects malformed input_data with 400 / 4001 JSON_PARSE_ERROR', async () => {
    for (const bad of ['{"user": {"name": "x"', 'not json', '{"user": {"name": "x",, }}', '[1, 2]', '"just a string"', '{"user": {"name": "a", "name": "b"}}', "{'user': {'name': 'x}}"]) {
      const m = await rejected(() => post(base, '/api/v3/users', bad), 400, 4001, 'input_data');
      assert.equal(m.message, 'JSON_PARSE_ERROR');
    }
    await rejected(() => call(base, 'POST', '/api/v3/users', { headers: { ...AUTH, 'Content-Type': 'application/json' }, body: '{"user": ' }), 400, 4001, 'input_data');
  });

  it('asks for input_data when there is none, and for the root key when it is missing', async () => {
    await rejected(() => call(base, 'POST', '/api/v3/users'), 400, 4012, 'input_data');
    await rejected(() => post(base, '/api/v3/users', {}), 400, 4012, 'user');
    await rejected(() => post(base, '/api/v3/users', { user: 'Peter' }), 400, 4021, 'user');
  });

  it('rejects values of the wrong JSON type (4021)', async () => {
    const cases: Array<[string, unknown]> = [
      ['is_vipuser', 'maybe'],
      ['cost_per_hour', 'abc'],
      ['purchase_approval_limit', { amount: 1 }],
      ['first_name', { a: 1 }],
      ['secondary_emailids', 'a@b.example'],
      ['department', '5'],
      ['associated_roles', { id: '29' }],
      ['user_udf_fields', 'x'],
      ['password', 12345],
    ];
    for (const [field, value] of cases) await rejected(() => post(base, '/api/v3/users', { user: { name: 'Typed', [field]: value } }), 400, 4021, field);
    await rejected(() => post(base, '/api/v3/users', { user: { name: 'Typed', user_udf_fields: { udf_long_3: 'twelve' } } }), 400, 4021, 'udf_long_3');
  });

  it('rejects references to ids that do not exist (4001 with the field)', async () => {
    const cases: Array<[string, unknown]> = [
      ['department', { id: '999' }],
      ['department', { name: 'No Such Department' }],
      ['domain', { id: 77 }],
      ['project_roles', { id: '9' }],
      ['reporting_to', { id: '999999' }],
      ['associated_roles', [{ id: '29' }, { id: '4242' }]],
    ];
    for (const [field, value] of cases) await rejected(() => post(base, '/api/v3/users', { user: { name: 'Refs', [field]: value } }), 400, 4001, field);
    await rejected(() => post(base, '/api/v3/users', { user: { name: 'Refs', ci_default_fields: { udf_pickref_1: { id: 9 } } } }), 400, 4001, 'udf_pickref_1');
    await rejected(() => put(base, '/api/v3/users/5', { user: { reporting_to: { id: '5' } } }), 400, 4001, 'reporting_to');
  });

  it('rejects malformed e-mail addresses (4001)', async () => {
    await rejected(() => post(base, '/api/v3/users', { user: { name: 'Mail', email_id: 'not-an-address' } }), 400, 4001, 'email_id');
    await rejected(() => post(base, '/api/v3/users', { user: { name: 'Mail', secondary_emailids: ['ok@x.example', 'bad'] } }), 400, 4001, 'secondary_emailids');
  });

  it('keeps login names unique per domain and employee ids unique (4008)', async () => {
    const existing = (await get(base, '/api/v3/users/5')).body.user;
    await rejected(() => post(base, '/api/v3/users', { user: { name: 'Dup', login_name: existing.login_name.toUpperCase(), domain: { id: existing.domain.id } } }), 400, 4008, 'login_name');
    await rejected(() => post(base, '/api/v3/users', { user: { name: 'Dup', employee_id: existing.employee_id } }), 400, 4008, 'employee_id');
    await rejected(() => put(base, '/api/v3/users/6', { user: { employee_id: existing.employee_id } }), 400, 4008, 'employee_id');
    // the same login in another domain is a different account
    const other = await post(base, '/api/v3/users', { user: { name: 'Same login', login_name: existing.login_name, domain: { id: '1' } } });
    assertSuccess(other);
    // a user may keep (re-send) their own login name
    assertSuccess(await put(base, '/api/v3/users/5', { user: { login_name: existing.login_name, employee_id: existing.employee_id } }));
  });
});
