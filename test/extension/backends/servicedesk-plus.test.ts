import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BackendError } from '../../../src/backends/backend-error';
import { allPages, backendUnderTest, type BackendUnderTest } from './backend-harness';

const SDP = { authtoken: 'mock-sdp-authtoken', Accept: 'application/vnd.manageengine.sdp.v3+json' };

describe('ServiceDesk Plus backend against the mock server', () => {
  let t: BackendUnderTest;
  before(async () => {
    t = await backendUnderTest('servicedesk-plus');
  });
  after(() => t.mock.stop());

  it('tests the connection', async () => {
    assert.match(await t.backend.testConnection(), /ServiceDesk Plus, \d+ users visible/);
  });

  it('pages users with list_info (1-based) and reports the total', async () => {
    const first = await t.backend.listUsers({ pageSize: 25 });
    assert.equal(first.items.length, 25);
    assert.ok(first.total! > 25);
    assert.equal(first.nextCursor, '26');
    const all = await allPages((cursor) => t.backend.listUsers({ cursor, pageSize: 100 }));
    assert.equal(all.length, first.total);
    assert.equal(new Set(all.map((u) => u.id)).size, all.length, 'no user twice across pages');
    const names = all.map((u) => u.displayName.toLowerCase());
    assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b)), 'sorted by name');
  });

  it('searches on the server (name, email or login contains)', async () => {
    const any = (await t.backend.listUsers({ pageSize: 5 })).items[3];
    const needle = any.login.slice(0, 5);
    const found = await t.backend.listUsers({ pageSize: 100, search: needle });
    assert.ok(found.items.some((u) => u.id === any.id));
    assert.ok(found.items.every((u) => [u.displayName, u.email ?? '', u.login].some((s) => s.toLowerCase().includes(needle.toLowerCase()))));
    assert.equal((await t.backend.listUsers({ pageSize: 10, search: 'no-such-person-anywhere' })).items.length, 0);
  });

  it('creates, reads, updates (only changed fields) and deletes a user', async () => {
    const fields = await t.backend.userFields({ mode: 'create' });
    const dept = fields.find((f) => f.key === 'department')!.options!.find((o) => o.value)!;
    const created = await t.backend.createUser({ name: 'Grace Hopper', first_name: 'Grace', last_name: 'Hopper', email_id: 'grace@navy.example', login_name: 'ghopper', department: dept.value, is_vipuser: true, cost_per_hour: '120' });
    assert.equal(created.displayName, 'Grace Hopper');
    assert.equal(created.fields.department, dept.value);
    assert.equal(created.fields.cost_per_hour, '120.00');
    const updated = await t.backend.updateUser(created.id, { jobtitle: 'Rear Admiral' });
    assert.equal(updated.fields.jobtitle, 'Rear Admiral');
    // verified on the wire, not only through the backend
    const wire = await (await t.fetch(`/servicedesk-plus/api/v3/users/${created.id}`, { headers: SDP })).json();
    assert.equal(wire.user.jobtitle, 'Rear Admiral');
    assert.equal(wire.user.email_id, 'grace@navy.example');
    await t.backend.deleteUser(created.id, { purge: true });
    await assert.rejects(t.backend.getUser(created.id), (e: BackendError) => e.kind === 'not-found' && e.status === 404 && e.code === '4007');
  });

  it('turns a refused create into a validation error on the field (mandatory name, 4012)', async () => {
    await assert.rejects(t.backend.createUser({ first_name: 'Nameless' }), (e: BackendError) => e.kind === 'validation' && e.status === 400 && e.code === '4012' && Boolean(e.details.fields?.name));
  });

  it('lists departments and their members, roles and their members', async () => {
    const depts = await allPages((cursor) => t.backend.listGroups({ cursor, pageSize: 100 }));
    assert.ok(depts.length >= 3);
    const withMembers = await Promise.all(depts.map(async (d) => ({ d, page: await t.backend.listGroupMembers(d.id, { pageSize: 100 }) })));
    const some = withMembers.find((x) => x.page.items.length > 0)!;
    for (const u of some.page.items) assert.equal(u.fields.department, some.d.id);
    const roles = await allPages((cursor) => t.backend.listProfiles({ cursor, pageSize: 100 }));
    assert.ok(roles.some((r) => r.name === 'SDGuest'));
    const guests = await t.backend.listProfileMembers(roles.find((r) => r.name === 'SDGuest')!.id, { pageSize: 10 });
    assert.ok(guests.items.length > 0);
  });

  it('changes department and roles as memberships', async () => {
    const user = (await t.backend.listUsers({ pageSize: 1 })).items[0];
    const depts = (await t.backend.listGroups({ pageSize: 100 })).items;
    const target = depts.find((d) => d.id !== user.fields.department)!;
    await t.backend.addMembership(user.id, 'group', target.id, {});
    let m = await t.backend.userMemberships(user.id);
    assert.deepEqual(m.filter((x) => x.kind === 'group').map((x) => x.targetId), [target.id]);
    const roles = (await t.backend.listProfiles({ pageSize: 100 })).items;
    const role = roles.find((r) => !m.some((x) => x.kind === 'profile' && x.targetId === r.id))!;
    await t.backend.addMembership(user.id, 'profile', role.id, {});
    m = await t.backend.userMemberships(user.id);
    const mine = m.find((x) => x.kind === 'profile' && x.targetId === role.id)!;
    assert.ok(mine);
    await t.backend.removeMembership(user.id, mine);
    assert.ok(!(await t.backend.userMemberships(user.id)).some((x) => x.kind === 'profile' && x.targetId === role.id));
  });

  it('changes a requester to a technician with sites, support groups and roles', async () => {
    const requester = (await allPages((cursor) => t.backend.listUsers({ cursor, pageSize: 100 }))).find((u) => !u.state.technician)!;
    const form = await t.backend.technicianFields();
    const pick = (key: string) => form.find((f) => f.key === key)!.options!.filter((o) => o.value !== '-1')[0].value;
    const tech = await t.backend.changeToTechnician(requester.id, { associated_sites: [pick('associated_sites')], support_group: [pick('support_group')], associated_roles: [pick('associated_roles')] });
    assert.equal(tech.state.technician, true);
    await assert.rejects(t.backend.changeToTechnician(requester.id, {}), (e: BackendError) => e.kind === 'validation');
  });

  it('reports a wrong key as an auth error with the product code, without leaking it', async () => {
    const wrong = t.variant({ secrets: { token: 'definitely-wrong-key' } });
    await assert.rejects(wrong.listUsers({ pageSize: 5 }), (e: BackendError) => e.kind === 'auth' && e.status === 401 && e.code === '4022' && !e.message.includes('definitely-wrong-key'));
    assert.ok(t.log.every((l) => !l.includes('definitely-wrong-key') && !l.includes('mock-sdp-authtoken')));
  });

  it('uses the cloud header when the connection says oauth', async () => {
    const cloud = t.variant({ connection: { authMode: 'oauth' }, secrets: { token: 'mock-sdp-oauthtoken' } });
    assert.match(await cloud.testConnection(), /users visible/);
  });
});
