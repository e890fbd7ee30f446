import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startMock, type RunningMock } from '../../support/mock-process';
import { slowGet } from '../../support/slow-get';
import { API, get, post, TOKEN } from './snipe-it';

/**
 * The command-line server keeps large list pages in pages of their own and gives them back as soon as
 * nothing needs them (leases): the page cache lets a page go when it is pushed out or the data changes,
 * while answers made from it may still be on their way to slow clients. Every answer must still arrive
 * whole and the same.
 */

describe('Snipe-IT: list pages under cache churn, changes and slow clients (command-line server)', () => {
  let mock: RunningMock;
  // 160 pages of about 70 kB: more than the page cache holds (8 MB), so every round pushes pages out
  const PAGES = ['first_name', 'last_name', 'email', 'username'].flatMap((sort) =>
    ['asc', 'desc'].flatMap((order) => Array.from({ length: 20 }, (_, i) => `/users?limit=50&offset=${i * 50}&sort=${sort}&order=${order}`)),
  );
  const expected = new Map<string, string>();

  before(async () => {
    mock = await startMock(['--port', '0', '--in-memory', '--users', '1000']);
  });
  after(() => mock.stop());

  // first, on a fresh cache: a page the cache gave back too early would be answered empty from then on
  it('answers a page again from the cache once the first answer has gone out', async () => {
    for (const path of PAGES) {
      const first = await get(mock.baseUrl, path);
      assert.equal(first.status, 200);
      assert.ok(first.text.length > 40_000, `${path}: ${first.text.length} bytes`);
      expected.set(path, first.text);
      if (expected.size > 10) continue;
      for (let again = 1; again < 3; again++) {
        const r = await get(mock.baseUrl, path);
        assert.equal(r.status, 200);
        assert.ok(r.text === first.text, `${path} (${again}): ${r.text.length} bytes, different`);
      }
    }
  });

  it('sends every answer whole and unchanged', async () => {
    const pending: Array<Promise<void>> = [];
    for (let round = 0; round < 4; round++) {
      for (const path of PAGES) {
        // twice at once: the second is answered from the page the first one cached, while the first is still being written
        for (let twice = 0; twice < 2; twice++) {
          pending.push(
            get(mock.baseUrl, path).then((r) => {
              assert.equal(r.status, 200);
              // compared as a whole, reported by its path (not by two 70 kB texts)
              assert.ok(r.text === expected.get(path), `${path}: ${r.text.length} bytes, different`);
            }),
          );
        }
      }
      for (let k = 0; k < 4; k++) {
        const path = PAGES[(round * 37 + k * 41) % PAGES.length];
        pending.push(
          slowGet(mock.port, `${API}${path}`, `Host: 127.0.0.1:${mock.port}\r\nAccept: application/json\r\nAuthorization: Bearer ${TOKEN}\r\n`, 300).then(({ declared, body }) => {
            assert.equal(body.length, declared, `${path}: the whole body`);
            assert.ok(body === expected.get(path), `${path}: ${body.length} bytes, different`);
          }),
        );
      }
      // a new group, which no user's answer shows, changes the data's version: every cached page goes
      // while answers made from them are still being written
      const created = await post(mock.baseUrl, '/groups', { name: `Churn ${round}` });
      assert.equal(created.status, 200, created.text);
      assert.equal(created.body.status, 'success', created.text);
    }
    // every request is waited for, so a failure is reported by this test and not after it
    for (const result of await Promise.allSettled(pending)) if (result.status === 'rejected') throw result.reason;
  });
});
