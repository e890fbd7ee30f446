import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseSnapshot } from '../../../mock-server/src/store/snapshot';
import { startMock, tempDir, type RunningMock } from '../../support/mock-process';
import { assertError, assertSuccess, call, del, get, listAll, patch, post, SEEDED_PASSWORD } from './snipe-it';

describe('Snipe-IT: body limit, persistence across a restart, reset', () => {
  let mock: RunningMock;
  let dir: { path: string; remove(): Promise<void> };
  const args = () => ['--port', '0', '--data', dir.path, '--users', '40', '--body-limit', '2048'];
  before(async () => {
    dir = await tempDir('udm-snipe-it-');
    mock = await startMock(args());
  });
  after(async () => {
    await mock.stop();
    await dir.remove();
  });

  it('answers an oversized body with 413 and the status-code envelope, and stores nothing', async () => {
    const before = await get(mock.baseUrl, '/users?limit=1');
    const r = await post(mock.baseUrl, '/users', { first_name: 'x'.repeat(3000), username: 'big', password: 'password1', password_confirmation: 'password1' });
    assert.equal(r.status, 413);
    assert.equal(r.headers.get('content-type'), 'application/json');
    assert.deepEqual(r.body, { status: 'error', messages: 413, payload: null });
    const form = await call(mock.baseUrl, 'PATCH', '/users/2', { body: `jobtitle=${'y'.repeat(3000)}`, type: 'application/x-www-form-urlencoded' });
    assert.equal(form.status, 413);
    assert.equal((await get(mock.baseUrl, '/users?limit=1')).body.total, before.body.total);
    assert.notEqual((await get(mock.baseUrl, '/users/2')).body.jobtitle, 'y'.repeat(3000));
  });

  it("keeps the seeded people's shared password hash once, in the data file's meta, not in each row", async () => {
    const file = parseSnapshot(await readFile(join(dir.path, 'snipe-it.json')));
    assert.match(String(file.meta.seedPassword), /^scrypt\$/);
    const users = file.tables.users as Array<{ id: number; username: string; created_by?: number; password?: string }>;
    const seeded = users.filter((u) => u.created_by !== undefined);
    assert.ok(seeded.length >= 40);
    assert.equal(users.filter((u) => u.password !== undefined).length, 0);
    // a seeded person signs in with the seeded password, before and after a restart and an update of theirs
    const person = seeded[5];
    const token = `${person.username}:${SEEDED_PASSWORD}`;
    assert.equal((await get(mock.baseUrl, '/users/me', { token })).body.id, person.id);
    assert.equal((await get(mock.baseUrl, '/users/me', { token: `${person.username}:not-the-password` })).status, 401);
    assertSuccess(await patch(mock.baseUrl, `/users/${person.id}`, { jobtitle: 'Still seeded' }), 'User was successfully updated.');
    await mock.stop();
    mock = await startMock(args());
    assert.equal((await get(mock.baseUrl, '/users/me', { token })).body.id, person.id);
  });

  it('keeps created, updated, deleted users and groups across a restart', async () => {
    const base = mock.baseUrl;
    const created = await post(base, '/users', { first_name: 'Durable', username: 'durable.user', password: 'password1', password_confirmation: 'password1', groups: [2] });
    assertSuccess(created, 'User was successfully created.');
    const id = created.body.payload.id;
    assertSuccess(await patch(base, `/users/${id}`, { jobtitle: 'Persisted', permissions: { 'users.view': 1 } }), 'User was successfully updated.');
    const victim = (await listAll(base, 'sort=id&order=asc')).find((u) => u.id > 2 && u.available_actions.delete);
    assertSuccess(await del(base, `/users/${victim.id}`), 'User was successfully deleted.');
    const group = await post(base, '/groups', { name: 'Durable Group' });
    assertSuccess(group, 'Group was successfully created.');
    assertSuccess(await del(base, '/groups/11'), 'admin/groups/message.delete.success');
    const beforeRestart = await listAll(base, 'all=true&sort=id&order=asc');

    await mock.stop();
    mock = await startMock(args());
    const again = mock.baseUrl;
    const afterRestart = await listAll(again, 'all=true&sort=id&order=asc');
    const strip = (rows: Array<Record<string, unknown>>) => rows.map((u) => JSON.stringify({ ...u, avatar: null }));
    assert.deepEqual(strip(afterRestart), strip(beforeRestart));
    const u = (await get(again, `/users/${id}`)).body;
    assert.equal(u.jobtitle, 'Persisted');
    assert.deepEqual(u.permissions, { 'users.view': 1 });
    assert.deepEqual(u.groups.rows.map((g: { id: number }) => g.id), [2]);
    assert.equal((await get(again, '/users/me', { token: 'durable.user:password1' })).body.id, id);
    assertError(await get(again, `/users/${victim.id}`), 'User does not exist or you do not have permission view them.');
    assert.equal((await get(again, '/groups')).body.rows.some((g: { name: string }) => g.name === 'Durable Group'), true);
    assertError(await get(again, '/groups/11'), 'Group not found');
    const next = await post(again, '/groups', { name: 'After Restart' });
    assert.equal(next.body.payload.id, group.body.payload.id + 1, 'deleted and used group ids are not handed out again');
  });

  it('after a restart, where loaded users with equal group lists share one, a change of groups reaches only its user', async () => {
    const base = mock.baseUrl;
    const groupIds = (u: { groups: { rows: Array<{ id: number }> } | null }) => (u.groups?.rows ?? []).map((g) => g.id).join(',');
    const seeded = (await listAll(base, 'all=true&sort=id&order=asc')).filter((u) => groupIds(u) !== '');
    const first = seeded.find((u) => seeded.some((v) => v.id !== u.id && groupIds(v) === groupIds(u)));
    assert.ok(first, 'two seeded users with the same groups');
    const others = seeded.filter((v) => v.id !== first.id && groupIds(v) === groupIds(first));
    const changed = groupIds(first) === '3' ? [4] : [3];
    assertSuccess(await patch(base, `/users/${first.id}`, { groups: changed }), 'User was successfully updated.');
    assert.equal(groupIds((await get(base, `/users/${first.id}`)).body), changed.join(','));
    for (const v of others) assert.equal(groupIds((await get(base, `/users/${v.id}`)).body), groupIds(v));
  });

  it('POST /_mock/reset restores the seed', async () => {
    const base = mock.baseUrl;
    const res = await fetch(`${base}/_mock/reset`, { method: 'POST' });
    assert.equal(res.status, 200);
    await res.text();
    assert.equal((await get(base, '/users?username=durable.user')).body.total, 0);
    assert.equal((await get(base, '/groups')).body.total, 11);
    assert.equal((await get(base, '/users/me', { token: 'durable.user:password1' })).status, 401, 'cached credentials are forgotten');
  });
});
