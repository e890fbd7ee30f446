import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startMock, tempDir, type RunningMock } from '../../support/mock-process';
import { adminToken, assertFailure, assertSuccess, call, login, seeded } from './pi';

type U = Record<string, unknown>;

describe('privacyIDEA: the per-resolver size limit', () => {
  const users = 5000;
  const people = seeded(users);
  let mock: RunningMock;
  let base: string;
  let admin: string;
  before(async () => {
    mock = await startMock(['--port', '0', '--in-memory', '--users', String(users)]);
    base = mock.baseUrl;
    admin = await adminToken(base);
  });
  after(() => mock.stop());

  it('has more than 500 users in each store', () => {
    assert.ok(people.sql.length > 500 && people.ldap.length > 500, `${people.sql.length} / ${people.ldap.length}`);
  });

  it('stops each resolver at 500 users: no paging, the first rows in store order', async () => {
    const all = assertSuccess(await call(base, '/user/', { token: admin })) as U[];
    assert.equal(all.length, 1000);
    const sql = all.filter((u) => u.resolver === 'local-sql');
    assert.deepEqual(sql.map((u) => u.id), Array.from({ length: 500 }, (_, i) => i + 1));
    const ldap = all.filter((u) => u.resolver === 'ldap-corp');
    assert.deepEqual(ldap.map((u) => u.username), people.ldap.slice(0, 500).map((p) => p.login));
  });

  it('applies the limit after filtering', async () => {
    const matching = people.sql.filter((p) => p.login.includes('e'));
    assert.ok(matching.length > 500);
    const found = assertSuccess(await call(base, '/user/?resolver=local-sql&username=*e*', { token: admin })) as U[];
    assert.equal(found.length, 500);
    assert.deepEqual(found.map((u) => u.username), matching.slice(0, 500).map((p) => p.login));
  });

  it('finds a rare user anywhere in the table', async () => {
    const last = people.sql[people.sql.length - 1];
    const found = assertSuccess(await call(base, `/user/?email=${encodeURIComponent(last.email)}`, { token: admin })) as U[];
    assert.deepEqual(found.map((u) => u.username), [last.login]);
  });
});

describe('privacyIDEA: persistence and token lifetime', () => {
  let dir: { path: string; remove(): Promise<void> };
  let mock: RunningMock | undefined;
  const people = seeded();
  before(async () => {
    dir = await tempDir('udm-privacyidea-');
  });
  after(async () => {
    await mock?.stop();
    await dir.remove();
  });

  it('keeps created users, changed passwords and issued tokens across a restart; flags override the admin password', async () => {
    mock = await startMock(['--port', '0', '--data', dir.path, '--users', '50']);
    let base = mock.baseUrl;
    const admin = await adminToken(base);
    assertSuccess(await call(base, '/user/', { method: 'POST', token: admin, form: { user: 'kept.user', resolver: 'local-sql', password: 'Kept-1', surname: 'Kept' } }));
    assert.equal(assertSuccess(await call(base, '/user/', { method: 'PUT', token: admin, form: { user: people.sqlUser.login, resolver: 'local-sql', password: 'Changed-1' } })), true);
    assert.equal(assertSuccess(await call(base, `/user/local-sql/${people.sql[1].login}`, { method: 'DELETE', token: admin })), true);
    await mock.stop();

    mock = await startMock(['--port', '0', '--data', dir.path, '--privacyidea-password', 'flag-secret']);
    base = mock.baseUrl;
    const [kept] = assertSuccess(await call(base, '/user/?username=kept.user', { token: admin })) as U[];
    assert.equal(kept.surname, 'Kept');
    assert.deepEqual(assertSuccess(await call(base, `/user/?username=${people.sql[1].login}`, { token: admin })), []);
    await login(base, 'kept.user', 'Kept-1');
    await login(base, people.sqlUser.login, 'Changed-1');
    assertFailure(await call(base, '/auth', { method: 'POST', form: { username: 'admin', password: 'admin' } }), 401, 4031, {});
    await login(base, 'admin', 'flag-secret');
  });

  it('rejects an expired token with 4305 and a token without an allowed role with 4306', async () => {
    const snapshot = JSON.parse(await readFile(join(dir.path, 'privacyidea.json'), 'utf8'));
    const secret = snapshot.meta.jwtSecret as string;
    assert.match(secret, /^[0-9a-f]{64}$/);
    const sign = (claims: object) => {
      const input = `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
      return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
    };
    const now = Math.floor(Date.now() / 1000);
    const base = mock!.baseUrl;
    const expired = sign({ username: 'admin', realm: '', role: 'admin', exp: now - 5 });
    const e = assertFailure(await call(base, '/user/', { token: expired }), 401, 4305, null);
    assert.equal(e.message, 'Authentication failure. Your token has expired: Signature has expired');
    const auditor = sign({ username: 'x', realm: '', role: 'auditor', exp: now + 60 });
    const r = assertFailure(await call(base, '/user/', { token: auditor }), 401, 4306, null);
    assert.equal(r.message, "Authentication failure. You do not have the necessary role (['user', 'admin']) to access this resource!");
    const valid = sign({ username: people.sqlUser.login, realm: 'defrealm', role: 'user', exp: now + 60 });
    const mine = assertSuccess(await call(base, '/user/', { token: valid })) as U[];
    assert.deepEqual(mine.map((u) => u.username), [people.sqlUser.login]);
  });
});
