import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startMock, tempDir, type RunningMock } from '../../support/mock-process';
import { call, clientAddress, del, get, post, put, reset } from './foreman';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

describe('Foreman: body limit, last-admin rules, persistence and credential overrides', () => {
  let dir: { path: string; remove(): Promise<void> };
  let mock: RunningMock;
  let base: string;
  const start = async (extra: string[] = []) => {
    mock = await startMock(['--port', '0', '--data', dir.path, '--users', '0', '--body-limit', '2048', ...extra]);
    base = mock.baseUrl;
  };
  before(async () => {
    dir = await tempDir('udm-foreman-');
    await start();
  });
  after(async () => {
    await mock.stop();
    await dir.remove();
  });

  it('answers an oversized body with Apache’s 413 page and keeps serving', async () => {
    const big = { user: { login: 'big', description: 'x'.repeat(3000) } };
    const r = await post(base, '/users', big);
    assert.equal(r.status, 413);
    assert.match(r.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(r.text, /<title>413 Request Entity Too Large<\/title>/);
    assert.match(r.text, /\/api\/users/);
    const small = await post(base, '/users', { user: { login: 'small', mail: 's@example.com', auth_source_id: 1, password: 'Secret123!' } });
    assert.equal(small.status, 201, small.text);
    assert.equal((await get(base, '/users/big')).status, 404);
  });

  it('keeps the last admin: no removing its flag, no deleting it, never the anonymous admins', async () => {
    const own = await put(base, '/users/4', { user: { admin: false } });
    assert.equal(own.status, 422);
    assert.deepEqual(own.body.error, {
      id: 4,
      errors: { admin: ['cannot be removed from the last admin account'] },
      full_messages: ['Admin cannot be removed from the last admin account'],
    });
    const manager = await post(base, '/users', {
      user: { login: 'manager', mail: 'm@example.com', auth_source_id: 1, password: 'Secret123!', role_ids: [2], location_ids: [2], organization_ids: [1] },
    });
    assert.equal(manager.status, 201, manager.text);
    const r = await del(base, '/users/4', { auth: ['manager', 'Secret123!'] });
    assert.equal(r.status, 422, r.text);
    assert.deepEqual(r.body.error, { id: 4, errors: { base: ["Can't delete the last admin account"] }, full_messages: ["Can't delete the last admin account"] });
    const anonymous = await del(base, '/users/foreman_admin');
    assert.equal(anonymous.status, 404);
    const last = await put(base, '/usergroups/9', { usergroup: { admin: false } });
    assert.equal(last.status, 200, 'other admins exist outside the group');
    assert.equal((await get(base, '/users/4')).body.admin, true);
    await del(base, '/users/manager');
  });

  it('keeps acknowledged writes across a restart and accepts new credentials on existing data', async () => {
    const created = await post(base, '/users', {
      user: { login: 'durable', firstname: 'Dura', mail: 'd@example.com', auth_source_id: 1, password: 'Secret123!', role_ids: [8], location_ids: [8] },
    });
    assert.equal(created.status, 201, created.text);
    const group = await put(base, '/usergroups/1', { usergroup: { user_ids: [created.body.id] } });
    assert.equal(group.status, 200);
    const updated = await put(base, '/users/durable', { user: { lastname: 'Ble' } });
    assert.equal(updated.status, 200);
    const before: Json = (await get(base, '/users/durable')).body;
    assert.equal((await mock.stop()).code, 0);

    await start(['--foreman-password', 'rotated']);
    const auth: [string, string] = ['admin', 'rotated'];
    assert.equal((await get(base, '/status', { auth })).status, 200, 'the admin answers to the configured password');
    assert.equal((await get(base, '/status', { auth: ['admin', 'wrong'], headers: clientAddress() })).status, 401);
    const afterRestart = await get(base, '/users/durable', { auth });
    assert.equal(afterRestart.status, 200);
    assert.deepEqual({ ...afterRestart.body, last_login_on: null }, { ...before, last_login_on: null });
    assert.deepEqual(afterRestart.body.usergroups.map((g: Json) => g.name), ['Helpdesk']);
    assert.equal((await get(base, '/current_user', { auth: ['durable', 'Secret123!'] })).status, 200);

    await reset(base);
    assert.equal((await get(base, '/users/durable', { auth })).status, 404, 'a reset reseeds');
    assert.equal((await call(base, 'GET', '/users?per_page=1', { auth })).body.total, 1);
  });
});
