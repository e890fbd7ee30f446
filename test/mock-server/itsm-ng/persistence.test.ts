import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startMock, tempDir } from '../../support/mock-process';
import { assertError, Itsm, ROSTER_PASSWORD } from './client';

/** ITSM-NG data survives a restart on a data directory; credentials come from the configuration. */

const start = async (dir: string, extra: string[] = []) => new Itsm(await startMock(['--port', '0', '--data', dir, '--users', '30', ...extra]));

describe('ITSM-NG persistence', () => {
  it('keeps created, updated and linked users, trash, and id counters across a restart', async () => {
    const dir = await tempDir('udm-itsm-');
    try {
      let itsm = await start(dir.path);
      let admin = await itsm.login();
      const created = await itsm.call('User/', { method: 'POST', session: admin, body: { input: { name: 'kept.user', realname: 'Kept', password: 'Kept123!', password2: 'Kept123!', _useremails: ['kept@x.example'] } } });
      assert.equal(created.status, 201);
      const id = created.json.id;
      assert.equal((await itsm.call('Group_User/', { method: 'POST', session: admin, body: { input: { users_id: id, groups_id: 2 } } })).status, 201);
      assert.equal((await itsm.call('User/7', { method: 'PUT', session: admin, body: { input: { phone: '+42' } } })).status, 200);
      assert.equal((await itsm.call('User/8', { method: 'DELETE', session: admin })).status, 200);
      const top = await itsm.call('User/', { method: 'POST', session: admin, body: { input: { name: 'purged.top' } } });
      assert.equal((await itsm.call(`User/${top.json.id}?force_purge=true`, { method: 'DELETE', session: admin })).status, 200);
      const before = (await itsm.call(`User/${id}?with_logs=true`, { session: admin })).text.replaceAll(itsm.api, 'API');
      await itsm.stop();

      itsm = await start(dir.path);
      try {
        admin = await itsm.login();
        const afterRes = await itsm.call(`User/${id}?with_logs=true`, { session: admin });
        assert.equal(afterRes.text.replaceAll(itsm.api, 'API'), before);
        assert.deepEqual((await itsm.call(`User/${id}/Group_User/`, { session: admin })).json.map((g: { groups_id: number }) => g.groups_id), [2]);
        assert.deepEqual((await itsm.call(`User/${id}/UserEmail/`, { session: admin })).json.map((e: { email: string }) => e.email), ['kept@x.example']);
        assert.equal((await itsm.call('User/7', { session: admin })).json.phone, '+42');
        assert.equal((await itsm.call('User/8', { session: admin })).json.is_deleted, 1);
        await itsm.login('kept.user', 'Kept123!');
        const roster = (await itsm.call('User/9', { session: admin })).json.name;
        await itsm.login(roster, ROSTER_PASSWORD);
        const next = await itsm.call('User/', { method: 'POST', session: admin, body: { input: { name: 'after.restart' } } });
        assert.ok(next.json.id > top.json.id, 'a purged id is not handed out again');
        assertError(await itsm.call('getFullSession', { session: 'x'.repeat(26) }), 401, 'ERROR_SESSION_TOKEN_INVALID');
      } finally {
        await itsm.stop();
      }
    } finally {
      await dir.remove();
    }
  });

  it('authenticates the super-admin against the configured credentials on existing data', async () => {
    const dir = await tempDir('udm-itsm-');
    try {
      const first = await start(dir.path);
      await first.login();
      await first.stop();
      const second = await start(dir.path, ['--itsm-password', 'changed-pw', '--itsm-user-token', 'other-token', '--itsm-app-token', 'other-app']);
      try {
        const ok = await second.call('initSession?login=glpi&password=changed-pw', { appToken: 'other-app' });
        assert.equal(ok.status, 200);
        const byToken = await second.call('initSession', { appToken: 'other-app', headers: { Authorization: 'user_token other-token' } });
        assert.equal(byToken.status, 200);
        assertError(await second.call('initSession', { appToken: 'other-app', headers: { Authorization: 'user_token mock-user-token' } }), 401, 'ERROR_GLPI_LOGIN_USER_TOKEN');
        assertError(await second.call('initSession?login=glpi&password=changed-pw'), 400, 'ERROR_WRONG_APP_TOKEN_PARAMETER');
      } finally {
        await second.stop();
      }
    } finally {
      await dir.remove();
    }
  });
});
