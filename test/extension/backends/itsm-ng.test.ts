import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BackendError } from '../../../src/backends/backend-error';
import { allPages, backendUnderTest, type BackendUnderTest } from './backend-harness';

describe('ITSM-NG backend against the mock server', () => {
  let t: BackendUnderTest;
  let session: string;
  const api = (path: string, init: RequestInit = {}) =>
    t.fetch(`/itsm-ng/apirest.php${path}`, { ...init, headers: { 'App-Token': 'mock-app-token', 'Session-Token': session, 'Content-Type': 'application/json', ...(init.headers ?? {}) } });

  before(async () => {
    t = await backendUnderTest('itsm-ng');
    const res = await t.fetch('/itsm-ng/apirest.php/initSession', { headers: { 'App-Token': 'mock-app-token', Authorization: `Basic ${Buffer.from('glpi:glpi').toString('base64')}` } });
    session = (await res.json()).session_token;
  });
  after(() => t.mock.stop());

  it('opens a session with App-Token and login, and tests the connection', async () => {
    assert.match(await t.backend.testConnection(), /ITSM-NG, signed in as glpi \(Super-Admin\)/);
  });

  it('signs in with a user token too', async () => {
    const withToken = t.variant({ connection: { username: undefined }, secrets: { appToken: 'mock-app-token', token: 'mock-user-token' } });
    assert.match(await withToken.testConnection(), /signed in as glpi/);
  });

  it('pages users with range and Content-Range, sorted by login', async () => {
    const first = await t.backend.listUsers({ pageSize: 30 });
    assert.equal(first.items.length, 30);
    assert.equal(first.nextCursor, '30');
    const all = await allPages((cursor) => t.backend.listUsers({ cursor, pageSize: 50 }));
    assert.equal(all.length, first.total);
    assert.equal(new Set(all.map((u) => u.id)).size, all.length);
    const logins = all.map((u) => u.login);
    assert.deepEqual(logins, [...logins].sort());
    assert.ok(all.every((u) => !u.state.deleted));
  });

  it('lists the trash separately', async () => {
    const trash = await allPages((cursor) => t.backend.listUsers({ cursor, pageSize: 50, deleted: true }));
    assert.ok(trash.length > 0, 'the seed has trashed users');
    assert.ok(trash.every((u) => u.state.deleted));
  });

  it('searches login, names and email with search criteria', async () => {
    const someone = (await t.backend.listUsers({ pageSize: 10 })).items[7];
    const full = await t.backend.getUser(someone.id);
    const found = await t.backend.listUsers({ pageSize: 50, search: full.email!.split('@')[0].slice(-6) });
    assert.ok(found.items.some((u) => u.id === someone.id), 'found by a piece of the email');
    assert.equal(found.items[0].email !== undefined, true);
    assert.equal((await t.backend.listUsers({ pageSize: 50, search: 'zzzz-nobody' })).items.length, 0);
  });

  it('creates a local user with password confirmation, updates it, and sees the change on the wire', async () => {
    const created = await t.backend.createUser({ name: 'ada.lovelace', realname: 'Lovelace', firstname: 'Ada', email: 'ada@example.org', authtype: '1', password: 'Engine#1843', password2: 'Engine#1843', is_active: true });
    assert.equal(created.displayName, 'Ada Lovelace');
    assert.equal(created.email, 'ada@example.org');
    const updated = await t.backend.updateUser(created.id, { phone: '+44 20 7946 0018', email: 'ada@analytical.example' });
    assert.equal(updated.fields.phone, '+44 20 7946 0018');
    assert.equal(updated.email, 'ada@analytical.example');
    const wire = await (await api(`/User/${created.id}`)).json();
    assert.equal(wire.phone, '+44 20 7946 0018');
    assert.equal(wire.password, undefined, 'the password hash is never returned');
    const again = await t.variant({ connection: { username: 'ada.lovelace' }, secrets: { appToken: 'mock-app-token', password: 'Engine#1843' } }).testConnection();
    assert.match(again, /signed in as ada\.lovelace/);
  });

  it('reports the product error for mismatched passwords and an invalid login', async () => {
    await assert.rejects(t.backend.createUser({ name: 'x.y', authtype: '1', password: 'a1', password2: 'b2' }), (e: BackendError) => e.kind === 'validation' && e.code === 'ERROR_GLPI_ADD' && /passwords do not match/.test(e.message));
    const someone = (await t.backend.listUsers({ pageSize: 1 })).items[0];
    const other = (await t.backend.listUsers({ pageSize: 2 })).items[1];
    await assert.rejects(t.backend.updateUser(someone.id, { name: other.login }), (e: BackendError) => e.kind === 'validation' && /already exists/.test(e.message) && Boolean(e.details.fields?.name));
  });

  it('disables, trashes, restores and purges', async () => {
    const u = await t.backend.createUser({ name: 'temp.user', authtype: '1' });
    assert.equal((await t.backend.setUserActive(u.id, false)).state.active, false);
    await t.backend.deleteUser(u.id, { purge: false });
    assert.equal((await t.backend.getUser(u.id)).state.deleted, true);
    await t.backend.restoreUser(u.id);
    assert.equal((await t.backend.getUser(u.id)).state.deleted, false);
    await t.backend.deleteUser(u.id, { purge: true });
    await assert.rejects(t.backend.getUser(u.id), (e: BackendError) => e.kind === 'not-found' && e.code === 'ERROR_ITEM_NOT_FOUND');
  });

  it('lists groups and profiles with their members', async () => {
    const groups = await t.backend.listGroups({ pageSize: 50 });
    assert.ok(groups.items.length >= 5);
    const members = await t.backend.listGroupMembers(groups.items[0].id, { pageSize: 20 });
    assert.ok(members.items.length > 0);
    const m0 = await t.backend.userMemberships(members.items[0].id);
    assert.ok(m0.some((m) => m.kind === 'group' && m.targetId === groups.items[0].id));
    const profiles = await t.backend.listProfiles({ pageSize: 50 });
    const selfService = profiles.items.find((p) => p.name === 'Self-Service')!;
    assert.ok((await t.backend.listProfileMembers(selfService.id, { pageSize: 10 })).items.length > 0);
  });

  it('adds a profile on an entity (recursive) and a group, then removes them', async () => {
    const user = (await t.backend.listUsers({ pageSize: 3 })).items[2];
    const options = await t.backend.membershipOptions('profile');
    assert.deepEqual(options.map((o) => o.key), ['entities_id', 'is_recursive']);
    const entity = options[0].options![0].value;
    const profiles = (await t.backend.listProfiles({ pageSize: 50 })).items;
    const technician = profiles.find((p) => p.name === 'Technician')!;
    await t.backend.addMembership(user.id, 'profile', technician.id, { entities_id: entity, is_recursive: true });
    const groups = (await t.backend.listGroups({ pageSize: 50 })).items;
    const before = await t.backend.userMemberships(user.id);
    const group = groups.find((g) => !before.some((m) => m.kind === 'group' && m.targetId === g.id))!;
    await t.backend.addMembership(user.id, 'group', group.id, {});
    const after = await t.backend.userMemberships(user.id);
    const p = after.find((m) => m.kind === 'profile' && m.targetId === technician.id)!;
    assert.match(p.detail!, /\(recursive\)/);
    const g = after.find((m) => m.kind === 'group' && m.targetId === group.id)!;
    await t.backend.removeMembership(user.id, p);
    await t.backend.removeMembership(user.id, g);
    const final = await t.backend.userMemberships(user.id);
    assert.ok(!final.some((m) => m.id === p.id || m.id === g.id));
  });

  it('reads pictures (bytes with a content type) and none', async () => {
    const users = await allPages((cursor) => t.backend.listUsers({ cursor, pageSize: 50 }));
    const pictures = await Promise.all(users.slice(0, 40).map((u) => t.backend.picture(u.id)));
    const one = pictures.find((p) => p !== undefined)!;
    assert.equal(one.mime, 'image/png');
    assert.deepEqual([...one.data.slice(1, 4)], [0x50, 0x4e, 0x47]);
    assert.ok(pictures.some((p) => p === undefined));
  });

  it('renews an expired session transparently, once', async () => {
    await t.backend.testConnection();
    const expire = await t.fetch('/_mock/faults', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ product: 'itsm-ng', path: '/apirest.php/getFullSession', expire: true, times: 1 }) });
    assert.equal(expire.status, 201);
    assert.match(await t.backend.testConnection(), /signed in/);
    const journal = await (await t.fetch('/_mock/requests?limit=5')).json();
    assert.ok(journal.requests.some((r: { path: string }) => r.path.startsWith('/itsm-ng/apirest.php/initSession')), 'signed in again');
  });

  it('reports wrong credentials and a wrong App-Token with the product codes, without leaking them', async () => {
    await assert.rejects(t.variant({ secrets: { appToken: 'mock-app-token', password: 'wrong-pass-123' } }).testConnection(), (e: BackendError) => e.kind === 'auth' && e.status === 401 && e.code === 'ERROR_GLPI_LOGIN');
    await assert.rejects(t.variant({ secrets: { appToken: 'bad-app-token-9', password: 'glpi' } }).testConnection(), (e: BackendError) => e.status === 400 && e.code === 'ERROR_WRONG_APP_TOKEN_PARAMETER');
    const text = t.log.join('\n');
    for (const secret of ['wrong-pass-123', 'bad-app-token-9', 'mock-app-token', session]) assert.ok(!text.includes(secret), `log leaks ${secret}`);
  });
});
