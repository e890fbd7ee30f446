import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startMock, type RunningMock } from '../../support/mock-process';
import { slowGet } from '../../support/slow-get';
import { adminToken, assertSuccess, call, SIGNATURE } from './pi';

/**
 * The command-line server gives a long answer's pages back as soon as nothing needs them (leases):
 * the reply cache lets replies go on eviction and on every change, while their answers may still be on
 * their way to slow clients. Every answer must still arrive whole and the same.
 */

/** The answer without what changes from one millisecond to the next. */
function valueOf(text: string): unknown {
  const body = JSON.parse(text) as { signature: string; result: { status: boolean; value: unknown } };
  assert.match(body.signature, SIGNATURE);
  assert.equal(body.result.status, true);
  return body.result.value;
}

describe('privacyIDEA: long answers under cache churn, writes and slow clients (command-line server)', () => {
  let mock: RunningMock;
  let admin: string;
  // long lists (tens to hundreds of kilobytes), each its own cache entry
  const QUERIES = ['?resolver=local-sql', '?username=a*', '?username=*e*', '?surname=*s*', '?email=*.example', '?realm=defrealm&givenname=*a*'];
  const expected = new Map<string, unknown>();

  before(async () => {
    mock = await startMock(['--port', '0', '--in-memory', '--users', '2000']);
    admin = await adminToken(mock.baseUrl);
    for (const q of QUERIES) {
      const r = await call(mock.baseUrl, `/user/${q}`, { token: admin });
      assertSuccess(r);
      assert.ok(r.text.length > 20_000, `${q}: ${r.text.length} bytes`);
      expected.set(q, valueOf(r.text));
    }
  });
  after(() => mock.stop());

  it('sends every answer whole and unchanged', async () => {
    const pending: Array<Promise<void>> = [];
    for (let round = 0; round < 12; round++) {
      for (const q of QUERIES) {
        pending.push(
          fetch(`${mock.baseUrl}/privacyidea/user/${q}`, { headers: { Authorization: admin } }).then(async (r) => {
            assert.equal(r.status, 200);
            assert.deepEqual(valueOf(await r.text()), expected.get(q), q);
          }),
        );
      }
      const q = QUERIES[round % QUERIES.length];
      pending.push(
        slowGet(mock.port, `/privacyidea/user/${q}`, `Host: localhost\r\nAuthorization: ${admin}\r\n`, 200).then(({ declared, body }) => {
          assert.equal(body.length, declared, `${q}: the whole body`);
          assert.deepEqual(valueOf(body), expected.get(q), q);
        }),
      );
      if (round % 4 === 3) {
        // a change drops every cached reply while answers from them are still being written;
        // the new user matches none of the queries' first 500 rows
        const created = await call(mock.baseUrl, '/user/', { method: 'POST', token: admin, form: { user: `zz${round}`, resolver: 'local-sql' } });
        assertSuccess(created);
      }
    }
    // every request is waited for, so a failure is reported by this test and not after it
    for (const result of await Promise.allSettled(pending)) if (result.status === 'rejected') throw result.reason;
  });
});
