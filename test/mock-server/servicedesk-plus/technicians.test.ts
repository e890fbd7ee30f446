import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startMock, type RunningMock } from '../../support/mock-process';
import { assertFailure, assertSuccess, get, list, post, put, reset } from './sdp';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

/** The documentation's own Change As Technician request (seed 003). */
function documentedChangeAsTechnicianInput(): string {
  // copied verbatim from the seed documentation (shared/seeds/003), so the tests need nothing outside the repository
  return readFileSync(`${__dirname}/fixtures/documented-change-as-technician.input.txt`, 'utf8').trimEnd();
}

const TECHNICIAN_KEYS = [
  'first_name', 'middle_name', 'last_name', 'name', 'is_vipuser', 'employee_id', 'department', 'mobile', 'description',
  'sms_mail_id', 'jobtitle', 'phone', 'email_id', 'secondary_emailids', 'cost_per_hour', 'allowed_to_view_cost',
  'service_request_approver', 'purchase_approver', 'purchase_approval_limit', 'project_roles', 'reporting_to',
  'login_name', 'associated_roles', 'user_udf_fields', 'technician_udf_fields', 'associated_sites', 'support_group',
  'portaluser_id', 'org_roles', 'type', 'org_user_status', 'id', 'profile_pic', 'created_time', 'aaaaccpass_id',
  'sip_user', 'domain', 'status', 'extension', 'attachments', 'aaauser_id', 'sduser_id', 'account_id', 'is_in_ad',
  'enable_telephony',
];

describe('ServiceDesk Plus: change_as_technician and technicians', () => {
  let mock: RunningMock;
  let base: string;
  before(async () => {
    mock = await startMock(['--port', '0', '--in-memory', '--users', '60']);
    base = mock.baseUrl;
  });
  after(() => mock.stop());
  beforeEach(() => reset(base));

  it("turns the Guest user into a technician with the documentation's request and answers the technician shape", async () => {
    const r = await put(base, '/app/itdesk//api/v3/users/3/change_as_technician', documentedChangeAsTechnicianInput());
    assertSuccess(r);
    assert.deepEqual(Object.keys(r.body), ['technician', 'response_status']);
    const t = r.body.technician;
    assert.deepEqual(Object.keys(t), TECHNICIAN_KEYS);
    assert.equal(t.id, '3');
    assert.equal(t.type, 'Technician');
    assert.equal(t.name, 'Guest');
    assert.equal(t.first_name, null);
    assert.equal(t.allowed_to_view_cost, false);
    assert.equal(t.cost_per_hour, '500.00');
    assert.equal(t.purchase_approval_limit, '1000.00');
    assert.deepEqual(t.associated_roles, [
      { id: '108', name: 'HelpdeskConfig' },
      { name: 'Resources not in any site', id: '60' },
      { name: 'ViewRequestsNotInAnySite', id: '58' },
      { name: 'ViewRequester', id: '94' },
    ]);
    assert.deepEqual(t.associated_sites, [
      { id: '601', name: 'Berlin' },
      { id: '-1', name: 'Not associated to any site' },
    ]);
    assert.equal(t.support_group.length, 2);
    for (const g of t.support_group) {
      assert.deepEqual(Object.keys(g), ['id', 'site', 'name']);
      assert.deepEqual(Object.keys(g.site), ['name', 'id']);
    }
    assert.deepEqual(t.support_group.map((g: Any) => g.id), ['7', '8']);
    assert.deepEqual(t.technician_udf_fields, { udf_pick_6: null, udf_long_7: null, udf_sline_5: null });
    assert.deepEqual(t.user_udf_fields.udf_date_4, { value: '1569432180000', display_value: 'Sep 25, 2019 10:53 PM' });
    assert.deepEqual(t.reporting_to, { id: '4', email_id: null, name: 'administrator', is_vipuser: false, department: null });
    for (const k of ['aaauser_id', 'sduser_id']) assert.equal(t[k], '3');
    for (const k of ['portaluser_id', 'account_id', 'aaaaccpass_id']) assert.match(t[k], /^\d+$/);
    assert.equal(t.enable_telephony, false);
    assert.equal(t.sip_user, null);
    assert.equal(t.is_in_ad, null);

    const asUser = (await get(base, '/api/v3/users/3')).body.user;
    assert.equal(asUser.is_technician, true);
    assert.equal(asUser.type, 'Technician');
    assert.equal(asUser.id, '3');
    const asTechnician = await get(base, '/api/v3/technicians/3');
    assertSuccess(asTechnician);
    assert.deepEqual(Object.keys(asTechnician.body), ['response_status', 'technician']);
    assert.deepEqual(asTechnician.body.technician.associated_roles.map((x: Any) => x.id), ['108', '60', '58', '94']);
  });

  it('gives a technician no site the "Not associated to any site" site and only the automatic roles', async () => {
    const u = await post(base, '/api/v3/users', { user: { name: 'Plain Requester' } });
    const r = await put(base, `/api/v3/users/${u.body.user.id}/change_as_technician`, { technician: {} });
    assertSuccess(r);
    assert.deepEqual(r.body.technician.associated_sites, [{ id: '-1', name: 'Not associated to any site' }]);
    assert.deepEqual(r.body.technician.associated_roles.map((x: Any) => x.name), ['Resources not in any site', 'ViewRequestsNotInAnySite', 'ViewRequester']);
    assert.deepEqual(r.body.technician.support_group, []);
  });

  it('refuses a user who is already a technician, an unknown user, and bad technician input, changing nothing', async () => {
    const before = await get(base, '/api/v3/users/4');
    assertFailure(await put(base, '/api/v3/users/4/change_as_technician', { technician: { associated_roles: [{ id: '108' }] } }), 400, 4001);
    assertFailure(await put(base, '/api/v3/users/999999/change_as_technician', { technician: {} }), 404, 4007);
    const guest = await get(base, '/api/v3/users/3');
    assertFailure(await put(base, '/api/v3/users/3/change_as_technician', { user: {} }), 400, 4001, 'user');
    assertFailure(await put(base, '/api/v3/users/3/change_as_technician', { technician: { support_group: [{ id: '999' }] } }), 400, 4001, 'support_group');
    assertFailure(await put(base, '/api/v3/users/3/change_as_technician', { technician: { associated_sites: [{ id: '42' }] } }), 400, 4001, 'associated_sites');
    assertFailure(await put(base, '/api/v3/users/3/change_as_technician', { technician: { technician_udf_fields: { udf_x: 1 } } }), 400, 4001, 'udf_x');
    assertFailure(await put(base, '/api/v3/users/3/change_as_technician', { technician: { sip_user: 'x' } }), 400, 4014, 'sip_user');
    assertFailure(await put(base, '/api/v3/users/3/change_as_technician', { technician: { allowed_to_view_cost: 'often' } }), 400, 4021, 'allowed_to_view_cost');
    assert.deepEqual((await get(base, '/api/v3/users/4')).body, before.body);
    assert.deepEqual((await get(base, '/api/v3/users/3')).body, guest.body);
    assertFailure(await get(base, '/api/v3/technicians/3'), 404, 4007);
  });

  it('lists technicians only, in the technician shape, with list_info', async () => {
    const users = await list(base, '/api/v3/users', { row_count: 100, search_fields: { is_technician: true }, get_total_count: true });
    const r = await list(base, '/api/v3/technicians', { row_count: 100, get_total_count: true });
    assertSuccess(r, true);
    assert.deepEqual(Object.keys(r.body), ['list_info', 'response_status', 'technicians']);
    assert.equal(r.body.list_info.total_count, users.body.list_info.total_count);
    assert.deepEqual(r.body.technicians.map((t: Any) => t.id), users.body.users.map((u: Any) => u.id));
    for (const t of r.body.technicians) {
      assert.equal(t.type, 'Technician');
      assert.ok(Array.isArray(t.support_group));
      assert.ok(t.associated_sites.length >= 1);
    }
  });

  it('finds the members of a support group and edits membership with PUT /technicians/{id}', async () => {
    const members = async (groupId: string) =>
      (await list(base, '/api/v3/technicians', { row_count: 100, search_criteria: { field: 'support_group.id', condition: 'is', value: groupId } })).body.technicians.map((t: Any) => t.id);
    const tech = (await list(base, '/api/v3/technicians', { row_count: 100 })).body.technicians.find((t: Any) => t.id !== '4');
    const current: string[] = tech.support_group.map((g: Any) => g.id);
    const target = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'].find((g) => !current.includes(g))!;
    assert.equal((await members(target)).includes(tech.id), false);

    const added = await put(base, `/api/v3/technicians/${tech.id}`, { technician: { support_group: [...current, target].map((id) => ({ id })) } });
    assertSuccess(added);
    assert.deepEqual(Object.keys(added.body), ['technician', 'response_status']);
    assert.ok((await members(target)).includes(tech.id));

    const removed = await put(base, `/api/v3/technicians/${tech.id}`, { technician: { support_group: current.map((id) => ({ id })) } });
    assertSuccess(removed);
    assert.equal((await members(target)).includes(tech.id), false);
    assert.deepEqual(removed.body.technician.support_group.map((g: Any) => g.id), current);
  });

  it('keeps the automatic roles when a technician is given other roles or sites', async () => {
    const r = await put(base, '/api/v3/technicians/4', { technician: { associated_roles: [{ id: '2' }], associated_sites: [{ id: '602' }] } });
    assertSuccess(r);
    assert.deepEqual(r.body.technician.associated_roles.map((x: Any) => x.id), ['2', '94']);
    assert.deepEqual(r.body.technician.associated_sites, [{ id: '602', name: 'London' }]);
    const viaUser = await put(base, '/api/v3/users/4', { user: { associated_roles: [{ name: 'SDAdmin' }] } });
    assertSuccess(viaUser);
    assert.deepEqual(viaUser.body.user.associated_roles, [
      { name: 'SDAdmin', id: '1' },
      { name: 'ViewRequester', id: '94' },
    ]);
  });

  it("adds and removes a role membership by editing the user's associated_roles", async () => {
    const members = async (roleId: string) =>
      (await list(base, '/api/v3/users', { row_count: 100, search_criteria: { field: 'associated_roles.id', condition: 'is', value: roleId } })).body.users.map((u: Any) => u.id);
    const u = (await post(base, '/api/v3/users', { user: { name: 'Role Holder' } })).body.user;
    assert.equal((await members('5')).includes(u.id), false);
    const added = await put(base, `/api/v3/users/${u.id}`, { user: { associated_roles: [{ id: '29' }, { id: '5' }] } });
    assertSuccess(added);
    assert.deepEqual(added.body.user.associated_roles, [
      { name: 'SDGuest', id: '29' },
      { name: 'SDReleaseManager', id: '5' },
    ]);
    assert.ok((await members('5')).includes(u.id));
    const removed = await put(base, `/api/v3/users/${u.id}`, { user: { associated_roles: [{ id: '29' }] } });
    assertSuccess(removed);
    assert.equal((await members('5')).includes(u.id), false);
    // an empty list leaves the requester with the default role
    const emptied = await put(base, `/api/v3/users/${u.id}`, { user: { associated_roles: [] } });
    assert.deepEqual(emptied.body.user.associated_roles, [{ name: 'SDGuest', id: '29' }]);
  });

  it('answers 404 / 4007 for technicians that do not exist or are requesters', async () => {
    assertFailure(await get(base, '/api/v3/technicians/999999'), 404, 4007);
    assertFailure(await put(base, '/api/v3/technicians/3', { technician: { support_group: [] } }), 404, 4007);
  });
});
