import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startMock, tempDir, type RunningMock } from '../../support/mock-process';
import { assertFailure, assertSuccess, AUTH, del, get, list, post, put, reset } from './sdp';

describe('ServiceDesk Plus: body limit', () => {
  let mock: RunningMock;
  let base: string;
  before(async () => {
    mock = await startMock(['--port', '0', '--in-memory', '--users', '20', '--body-limit', '2048']);
    base = mock.baseUrl;
  });
  after(() => mock.stop());

  it('rejects an oversized body with 413 in the product envelope and stores nothing', async () => {
    const before = await list(base, '/api/v3/users', { get_total_count: true });
    const r = await post(base, '/api/v3/users', { user: { name: 'Big', description: 'x'.repeat(5000) } });
    assertFailure(r, 413, 4000);
    // without a Content-Length (a streamed body) the limit applies while reading
    const chunked = await fetch(`${base}/servicedesk-plus/api/v3/users`, {
      method: 'POST',
      headers: { ...AUTH, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new ReadableStream({
        start(c) {
          c.enqueue(new TextEncoder().encode(`input_data=${encodeURIComponent(JSON.stringify({ user: { name: 'Chunked', description: 'y'.repeat(4000) } }))}`));
          c.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    assert.equal(chunked.status, 413);
    assert.equal((await chunked.json()).response_status.messages[0].status_code, 4000);
    assert.equal((await list(base, '/api/v3/users', { get_total_count: true })).body.list_info.total_count, before.body.list_info.total_count);
    assertSuccess(await post(base, '/api/v3/users', { user: { name: 'Small' } }));
  });
});

describe('ServiceDesk Plus: persistence and reset', () => {
  it('keeps acknowledged writes across a restart, and reset restores the seed', async () => {
    const dir = await tempDir('udm-sdp-');
    let mock: RunningMock | undefined;
    try {
      mock = await startMock(['--port', '0', '--data', dir.path, '--users', '30']);
      const seeded = (await get(mock.baseUrl, '/api/v3/users/6')).body.user;
      const created = await post(mock.baseUrl, '/api/v3/users', { user: { name: 'Persistent Pat', login_name: 'pat', password: 'pat-secret', department: { id: '5' } } });
      assertSuccess(created);
      const id = created.body.user.id;
      assertSuccess(await put(mock.baseUrl, '/api/v3/users/6', { user: { jobtitle: 'Renamed Title' } }));
      assertSuccess(await put(mock.baseUrl, '/api/v3/users/3/change_as_technician', { technician: { support_group: [{ id: '2' }] } }));
      assertSuccess(await del(mock.baseUrl, '/api/v3/users/7'));
      await mock.stop();

      const file = await readFile(join(dir.path, 'servicedesk-plus.json'), 'utf8');
      assert.equal(file.includes('pat-secret'), false, 'the password is stored hashed');

      // (--users matters only to the reset below, which reseeds with it)
      mock = await startMock(['--port', '0', '--data', dir.path, '--users', '30']);
      const again = await get(mock.baseUrl, `/api/v3/users/${id}`);
      assertSuccess(again);
      assert.equal(again.body.user.name, 'Persistent Pat');
      assert.equal(again.body.user.department.name, 'IT Services');
      assert.equal((await get(mock.baseUrl, '/api/v3/users/6')).body.user.jobtitle, 'Renamed Title');
      assert.deepEqual((await get(mock.baseUrl, '/api/v3/technicians/3')).body.technician.support_group.map((g: { id: string }) => g.id), ['2']);
      assertFailure(await get(mock.baseUrl, '/api/v3/users/7'), 404, 4007);
      // a login taken before the restart is still taken
      assertFailure(await post(mock.baseUrl, '/api/v3/users', { user: { name: 'Other Pat', login_name: 'PAT' } }), 400, 4008, 'login_name');
      const next = await post(mock.baseUrl, '/api/v3/users', { user: { name: 'Next' } });
      assert.ok(Number(next.body.user.id) > Number(id));

      await reset(mock.baseUrl);
      assertFailure(await get(mock.baseUrl, `/api/v3/users/${id}`), 404, 4007);
      assert.deepEqual((await get(mock.baseUrl, '/api/v3/users/6')).body.user, seeded);
      assertSuccess(await get(mock.baseUrl, '/api/v3/users/7'));
      assertFailure(await get(mock.baseUrl, '/api/v3/technicians/3'), 404, 4007);
    } finally {
      await mock?.stop();
      await dir.remove();
    }
  });

  it('seeds the same data for the same seed and different data for another', async () => {
    const a = await startMock(['--port', '0', '--in-memory', '--users', '40', '--seed', '11']);
    const b = await startMock(['--port', '0', '--in-memory', '--users', '40', '--seed', '11']);
    const c = await startMock(['--port', '0', '--in-memory', '--users', '40', '--seed', '12']);
    try {
      const page = (m: RunningMock) => list(m.baseUrl, '/api/v3/users', { row_count: 100 }).then((r) => r.body.users);
      const [pa, pb, pc] = await Promise.all([page(a), page(b), page(c)]);
      assert.deepEqual(pa, pb);
      assert.notDeepEqual(pa, pc);
    } finally {
      await Promise.all([a.stop(), b.stop(), c.stop()]);
    }
  });

  it('seeds 100,000 users quickly and serves the first page, a get by id and a search', async () => {
    const started = Date.now();
    const mock = await startMock(['--port', '0', '--in-memory', '--users', '100000']);
    try {
      const first = await list(mock.baseUrl, '/api/v3/users', { row_count: 100, get_total_count: true });
      assertSuccess(first, true);
      assert.ok(first.body.list_info.total_count > 95_000);
      assertSuccess(await get(mock.baseUrl, '/api/v3/users/99000'));
      const byName = await list(mock.baseUrl, '/api/v3/users', { sort_field: 'name', start_index: 50_000, row_count: 5 });
      assert.equal(byName.body.users.length, 5);
      const search = await list(mock.baseUrl, '/api/v3/users', { search_fields: { email_id: 'ada.' }, get_total_count: true });
      assert.ok(search.body.list_info.total_count > 0);
      assert.ok(Date.now() - started < 30_000, `took ${Date.now() - started} ms`);
    } finally {
      await mock.stop();
    }
  });
});
