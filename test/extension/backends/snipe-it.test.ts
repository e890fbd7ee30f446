import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BackendError } from '../../../src/backends/backend-error';
import { allPages, backendUnderTest, type BackendUnderTest } from './backend-harness';

const BEARER = { Authorization: 'Bearer mock-snipe-it-token', Accept: 'application/json' };

describe('Snipe-IT backend against the mock server', () => {
  let t: BackendUnderTest;
  before(async () => {
    t = await backendUnderTest('snipe-it');
  });
  after(() => t.mock.stop());

  it('tests the connection (users/me)', async () => {
    assert.match(await t.backend.testConnection(), /^Snipe-IT, signed in as \S+ \(superuser\)$/);
  });

  it('pages users with limit/offset, sorted by first name, and lists the deleted ones apart', async () => {
    const first = await t.backend.listUsers({ pageSize: 30 });
    assert.equal(first.items.length, 30);
    assert.equal(first.nextCursor, '30');
    const all = await allPages((cursor) => t.backend.listUsers({ cursor, pageSize: 40 }));
    assert.equal(all.length, first.total);
    assert.ok(all.every((u) => !u.state.deleted));
    const deleted = await allPages((cursor) => t.backend.listUsers({ cursor, pageSize: 40, deleted: true }));
    assert.ok(deleted.length > 0 && deleted.every((u) => u.state.deleted));
    const opened = await t.backend.getUser(deleted[0].id);
    assert.equal(opened.state.deleted, true, 'a deleted user opens from what the trash list showed');
  });

  it('searches on the server', async () => {
    const someone = (await t.backend.listUsers({ pageSize: 10 })).items[3];
    const found = await t.backend.listUsers({ pageSize: 100, search: someone.login.slice(0, 5) });
    assert.ok(found.items.some((u) => u.id === someone.id));
  });

  it('creates, updates and soft-deletes a user; restores it; unescapes text for editing', async () => {
    const fields = await t.backend.userFields({ mode: 'create' });
    const dept = fields.find((f) => f.key === 'department_id')!.options!.find((o) => o.value)!;
    const created = await t.backend.createUser({ first_name: 'Tom & Jerry', last_name: "O'Neil", username: 'tom.jerry', email: 'tj@example.org', password: 'Cartoon-1940', password_confirmation: 'Cartoon-1940', department_id: dept.value, activated: true });
    assert.equal(created.fields.first_name, 'Tom & Jerry', 'unescaped for the editor');
    assert.equal(created.displayName, "Tom & Jerry O'Neil");
    assert.equal(created.fields.department_id, dept.value);
    const wire = await (await t.fetch(`/snipe-it/api/v1/users/${created.id}`, { headers: BEARER })).json();
    assert.equal(wire.first_name, 'Tom &amp; Jerry', 'Snipe-IT escapes on output');
    const updated = await t.backend.updateUser(created.id, { jobtitle: 'Chaser' });
    assert.equal(updated.fields.jobtitle, 'Chaser');
    await t.backend.deleteUser(created.id, { purge: false });
    const trash = await allPages((cursor) => t.backend.listUsers({ cursor, pageSize: 100, deleted: true }));
    assert.ok(trash.some((u) => u.id === created.id));
    await t.backend.restoreUser(created.id);
    assert.equal((await t.backend.getUser(created.id)).state.deleted, false);
  });

  it('turns the 200-with-error envelope into validation errors per field', async () => {
    await assert.rejects(t.backend.createUser({ last_name: 'Nobody' }), (e: BackendError) => {
      assert.equal(e.kind, 'validation');
      assert.equal(e.status, 200);
      assert.ok(e.details.fields?.first_name && e.details.fields?.username, JSON.stringify(e.details.fields));
      return true;
    });
  });

  it('refuses to delete a user holding assets, with Snipe-IT’s reasons, and shows what they hold', async () => {
    const all = await allPages((cursor) => t.backend.listUsers({ cursor, pageSize: 100 }));
    const holder = all.find((u) => ((u.raw as { assets_count?: number }).assets_count ?? 0) > 0)!;
    await assert.rejects(t.backend.deleteUser(holder.id, { purge: false }), (e: BackendError) => e.kind === 'validation' && /asset/.test(e.message));
    const held = await t.backend.heldItems(holder.id);
    assert.deepEqual(held.map((h) => h.title), ['Assets', 'Licenses', 'Accessories']);
    assert.ok(held[0].rows.length > 0);
  });

  it('adds and removes group memberships, listed under the group', async () => {
    const groups = (await t.backend.listGroups({ pageSize: 50 })).items;
    const user = (await t.backend.listUsers({ pageSize: 5 })).items[1];
    const before = await t.backend.userMemberships(user.id);
    const group = groups.find((g) => !before.some((m) => m.targetId === g.id))!;
    await t.backend.addMembership(user.id, 'group', group.id, {});
    const members = await allPages((cursor) => t.backend.listGroupMembers(group.id, { cursor, pageSize: 100 }));
    assert.ok(members.some((m) => m.id === user.id));
    const m = (await t.backend.userMemberships(user.id)).find((x) => x.targetId === group.id)!;
    await t.backend.removeMembership(user.id, m);
    assert.ok(!(await t.backend.userMemberships(user.id)).some((x) => x.targetId === group.id));
  });

  it('reports a bad token as the product’s 401', async () => {
    await assert.rejects(t.variant({ secrets: { token: 'bad-token-value' } }).testConnection(), (e: BackendError) => e.kind === 'auth' && e.status === 401 && /Unauthorized or unauthenticated/.test(e.message));
    assert.ok(t.log.every((l) => !l.includes('bad-token-value') && !l.includes('mock-snipe-it-token')));
  });
});
