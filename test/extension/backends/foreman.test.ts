import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BackendError } from '../../../src/backends/backend-error';
import { allPages, backendUnderTest, type BackendUnderTest } from './backend-harness';

const BASIC = { Authorization: `Basic ${Buffer.from('admin:changeme').toString('base64')}` };

describe('Foreman backend against the mock server', () => {
  let t: BackendUnderTest;
  before(async () => {
    t = await backendUnderTest('foreman');
  });
  after(() => t.mock.stop());

  it('tests the connection (status and current user)', async () => {
    assert.match(await t.backend.testConnection(), /^Foreman 3\.\d+\.\d+, signed in as admin \(administrator\)$/);
  });

  it('pages users with page/per_page and reports the total', async () => {
    const first = await t.backend.listUsers({ pageSize: 40 });
    assert.equal(first.items.length, 40);
    assert.equal(first.nextCursor, '2');
    const all = await allPages((cursor) => t.backend.listUsers({ cursor, pageSize: 40 }));
    assert.equal(all.length, first.total);
    assert.equal(new Set(all.map((u) => u.id)).size, all.length);
  });

  it('passes the search box through as scoped search, and reports its syntax errors', async () => {
    const someone = (await t.backend.listUsers({ pageSize: 10 })).items.find((u) => !u.state.admin)!;
    const byLogin = await t.backend.listUsers({ pageSize: 50, search: `login = "${someone.login}"` });
    assert.deepEqual(byLogin.items.map((u) => u.id), [someone.id]);
    assert.equal(byLogin.total, 1);
    const free = await t.backend.listUsers({ pageSize: 50, search: someone.login.slice(0, 4) });
    assert.ok(free.items.some((u) => u.id === someone.id));
    await assert.rejects(t.backend.listUsers({ pageSize: 5, search: 'colour = red' }), (e: BackendError) => e.kind === 'validation' && e.status === 400 && /not recognized for searching/.test(e.message));
  });

  it('creates an internal user (auth source from the server), updates and deletes it', async () => {
    const fields = await t.backend.userFields({ mode: 'create' });
    const internal = fields.find((f) => f.key === 'auth_source_id')!.options!.find((o) => /Internal/.test(o.label))!;
    const created = await t.backend.createUser({ login: 'katherine.johnson', firstname: 'Katherine', lastname: 'Johnson', mail: 'kj@nasa.example', auth_source_id: internal.value, password: 'Orbit-1962!', password_confirmation: 'Orbit-1962!' });
    assert.equal(created.displayName, 'Katherine Johnson');
    const updated = await t.backend.updateUser(created.id, { description: 'Computed trajectories' });
    assert.equal(updated.fields.description, 'Computed trajectories');
    const wire = await (await t.fetch(`/foreman/api/users/${created.id}`, { headers: BASIC })).json();
    assert.equal(wire.description, 'Computed trajectories');
    assert.match(await t.variant({ connection: { username: 'katherine.johnson' }, secrets: { password: 'Orbit-1962!' } }).testConnection(), /signed in as katherine\.johnson$/);
    await t.backend.deleteUser(created.id, { purge: true });
    await assert.rejects(t.backend.getUser(created.id), (e: BackendError) => e.kind === 'not-found' && e.status === 404);
  });

  it('maps 422 validation errors to the editor fields', async () => {
    await assert.rejects(t.backend.createUser({ login: 'has space', mail: 'not-an-address' }), (e: BackendError) => {
      assert.equal(e.kind, 'validation');
      assert.equal(e.status, 422);
      assert.ok(e.details.fields?.login, 'login error');
      assert.ok(e.details.fields?.mail, 'mail error');
      assert.ok(e.details.fields?.auth_source_id, 'auth source error (mapped from auth_source)');
      return true;
    });
  });

  it('disables and enables', async () => {
    const u = (await t.backend.listUsers({ pageSize: 20 })).items.find((x) => !x.state.admin && x.state.active)!;
    assert.equal((await t.backend.setUserActive(u.id, false)).state.active, false);
    assert.equal((await t.backend.setUserActive(u.id, true)).state.active, true);
  });

  it('lists user groups and roles with members; adds and removes both memberships', async () => {
    const groups = await t.backend.listGroups({ pageSize: 50 });
    const roles = await t.backend.listProfiles({ pageSize: 50 });
    assert.ok(groups.items.length > 3 && roles.items.some((r) => r.name === 'Viewer'));
    const user = (await t.backend.listUsers({ pageSize: 30 })).items.find((u) => !u.state.admin)!;
    const before = await t.backend.userMemberships(user.id);
    const group = groups.items.find((g) => !before.some((m) => m.kind === 'group' && m.targetId === g.id))!;
    const role = roles.items.find((r) => r.name === 'Viewer')!;
    await t.backend.addMembership(user.id, 'group', group.id, {});
    await t.backend.addMembership(user.id, 'profile', role.id, {});
    const members = await allPages((cursor) => t.backend.listGroupMembers(group.id, { cursor, pageSize: 50 }));
    assert.ok(members.some((m) => m.id === user.id), 'listed under the group');
    const mid = await t.backend.userMemberships(user.id);
    const g = mid.find((m) => m.kind === 'group' && m.targetId === group.id)!;
    const r = mid.find((m) => m.kind === 'profile' && m.targetId === role.id)!;
    await t.backend.removeMembership(user.id, g);
    await t.backend.removeMembership(user.id, r);
    const after = await t.backend.userMemberships(user.id);
    assert.ok(!after.some((m) => (m.kind === 'group' && m.targetId === group.id) || (m.kind === 'profile' && m.targetId === role.id)));
  });

  it('reports wrong credentials as the product’s 401, never logging the password', async () => {
    await assert.rejects(t.variant({ secrets: { password: 'hunter2-wrong' } }).testConnection(), (e: BackendError) => e.kind === 'auth' && e.status === 401 && /Unable to authenticate user admin/.test(e.message));
    assert.ok(t.log.every((l) => !l.includes('hunter2-wrong') && !l.includes('changeme')));
  });
});
