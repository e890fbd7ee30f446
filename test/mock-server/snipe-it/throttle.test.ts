import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startMock, type RunningMock } from '../../support/mock-process';
import { assertError, get, SEEDED_PASSWORD } from './snipe-it';

describe('Snipe-IT: the per-user API throttle (limit set through the environment)', () => {
  let mock: RunningMock;
  before(async () => {
    mock = await startMock(['--port', '0', '--in-memory', '--users', '20'], { USER_DIRECTORY_MOCK_SNIPE_IT_API_THROTTLE_PER_MINUTE: '4' });
  });
  after(async () => {
    await mock.stop();
  });

  it('counts down X-RateLimit-Remaining, then answers 429 until the minute is over; other users are unaffected', async () => {
    const base = mock.baseUrl;
    const anonymous = await get(base, '/users/me', { token: 'wrong' });
    assert.equal(anonymous.status, 401, 'unauthenticated requests are not counted');
    const other = (await get(base, '/users/2')).body.username;
    for (let i = 2; i <= 4; i++) {
      const r = await get(base, '/users/me');
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('x-ratelimit-limit'), '4');
      assert.equal(r.headers.get('x-ratelimit-remaining'), String(4 - i));
    }
    const limited = await get(base, '/users/me');
    assertError(limited, 'Too many requests', 429);
    const retry = Number(limited.headers.get('retry-after'));
    assert.ok(retry > 0 && retry <= 60, String(retry));
    assert.equal(limited.headers.get('x-ratelimit-remaining'), '0');
    assert.ok(Number(limited.headers.get('x-ratelimit-reset')) > Date.now() / 1000);
    assert.equal((await get(base, '/users/selectlist')).status, 429, 'every endpoint counts');
    const roster = await get(base, '/users/me', { token: `${other}:${SEEDED_PASSWORD}` });
    assert.equal(roster.status, 200, 'a different user has their own window');
    assert.equal(roster.headers.get('x-ratelimit-remaining'), '3');
  });
});
