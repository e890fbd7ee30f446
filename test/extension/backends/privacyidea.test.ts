import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BackendError } from '../../../src/backends/backend-error';
import { allPages, backendUnderTest, type BackendUnderTest } from './backend-harness';

describe('privacyIDEA backend against the mock server', () => {
  let t: BackendUnderTest;
  before(async () => {
    t = await backendUnderTest('privacyidea');
  });
  after(() => t.mock.stop());

  it('signs in with /auth and tests the connection', async () => {
    assert.match(await t.backend.testConnection(), /signed in as admin \(admin\)/);
  });

  it('lists users (paged from the one answer), with resolver and editability', async () => {
    const first = await t.backend.listUsers({ pageSize: 20 });
    assert.equal(first.items.length, 20);
    assert.equal(first.nextCursor, '20');
    const all = await allPages((cursor) => t.backend.listUsers({ cursor, pageSize: 50 }));
    assert.equal(all.length, first.total);
    assert.equal(new Set(all.map((u) => u.id)).size, all.length);
    assert.ok(all.some((u) => u.id.startsWith('local-sql/')) && all.some((u) => u.id.startsWith('ldap-corp/')));
  });

  it('searches with wildcards and attribute expressions', async () => {
    const someone = (await t.backend.listUsers({ pageSize: 10 })).items[4];
    const found = await t.backend.listUsers({ pageSize: 50, search: someone.login.slice(1, 5) });
    assert.ok(found.items.some((u) => u.id === someone.id));
    const byMail = await t.backend.listUsers({ pageSize: 50, search: `email=${someone.email}` });
    assert.deepEqual(byMail.items.map((u) => u.id), [someone.id]);
  });

  it('creates a user in an editable resolver, updates and deletes it, seen on the wire', async () => {
    const fields = await t.backend.userFields({ mode: 'create' });
    const resolvers = fields.find((f) => f.key === 'resolver')!.options!.map((o) => o.value);
    assert.deepEqual(resolvers, ['local-sql'], 'only editable resolvers are offered');
    const created = await t.backend.createUser({ username: 'hedy.lamarr', resolver: 'local-sql', givenname: 'Hedy', surname: 'Lamarr', email: 'hedy@example.org', password: 'Freq-Hop-1942' });
    assert.equal(created.id, 'local-sql/hedy.lamarr');
    assert.equal(created.displayName, 'Hedy Lamarr');
    const updated = await t.backend.updateUser(created.id, { mobile: '+1 555 1942' });
    assert.equal(updated.fields.mobile, '+1 555 1942');
    const hedy = t.variant({ connection: { username: 'hedy.lamarr', realm: 'defrealm' }, secrets: { password: 'Freq-Hop-1942' } });
    assert.match(await hedy.testConnection(), /signed in as hedy\.lamarr \(user\)/, 'the new user can sign in');
    await t.backend.deleteUser(created.id, { purge: true });
    await assert.rejects(t.backend.getUser(created.id), (e: BackendError) => e.kind === 'not-found');
  });

  it('refuses writes to the read-only LDAP resolver with the product error', async () => {
    await assert.rejects(t.backend.createUser({ username: 'x.y', resolver: 'ldap-corp' }), (e: BackendError) => e.status === 400 && e.code === '10' && /no write access/.test(e.message));
  });

  it('shows realms and their members, and a user’s realms read-only', async () => {
    const realms = (await t.backend.listProfiles({ pageSize: 10 })).items;
    assert.deepEqual(realms.map((r) => r.name).sort(), ['defrealm', 'helpdesk']);
    const members = await t.backend.listProfileMembers('helpdesk', { pageSize: 10 });
    assert.ok(members.items.length > 0);
    const m = await t.backend.userMemberships(members.items[0].id);
    assert.ok(m.some((x) => x.targetId === 'helpdesk' && !x.removable));
  });

  it('renews an expired token once, transparently', async () => {
    await t.backend.testConnection();
    await t.fetch('/_mock/faults', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ product: 'privacyidea', path: '/user/', expire: true, times: 1 }) });
    assert.match(await t.backend.testConnection(), /signed in/);
  });

  it('reports wrong credentials with code 4031, never leaking the password or the JWT', async () => {
    await assert.rejects(t.variant({ secrets: { password: 'not-the-password' } }).testConnection(), (e: BackendError) => e.kind === 'auth' && e.status === 401 && e.code === '4031');
    const text = t.log.join('\n');
    assert.ok(!text.includes('not-the-password') && !/eyJ[\w-]+\.[\w-]+\./.test(text));
  });
});
