import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startMock, type RunningMock } from '../../support/mock-process';
import { assertJson, del, get, list, post, put } from './sdp';

/**
 * Cached answers (list pages and searches, single users) must follow every write, and an answer from
 * the cache must be the same bytes as the first one.
 */
describe('ServiceDesk Plus: cached answers follow the data', () => {
  let mock: RunningMock;
  let base: string;
  before(async () => {
    mock = await startMock(['--port', '0', '--in-memory', '--users', '60']);
    base = mock.baseUrl;
  });
  after(() => mock.stop());

  const search = (value: string) => list(base, '/api/v3/users', { row_count: 5, get_total_count: true, search_criteria: { field: 'name', condition: 'contains', value } });

  it('answers a repeated list or search with the same bytes, and differently after a write', async () => {
    const first = await search('Cache Probe');
    const again = await search('Cache Probe');
    assertJson(again);
    assert.equal(again.text, first.text);
    assert.equal(first.body.list_info.total_count, 0);

    const created = await post(base, '/api/v3/users', { user: { name: 'Cache Probe One' } });
    assert.equal(created.status, 200);
    const id = created.body.user.id;
    const found = await search('Cache Probe');
    assert.equal(found.body.list_info.total_count, 1);
    assert.deepEqual(found.body.users.map((u: { id: string }) => u.id), [id]);

    await put(base, `/api/v3/users/${id}`, { user: { name: 'Renamed' } });
    assert.equal((await search('Cache Probe')).body.list_info.total_count, 0);
    assert.equal((await search('renamed')).body.users[0].name, 'Renamed');
  });

  it('answers a repeated GET of a user with the same bytes, and follows edits of the user and of the manager', async () => {
    const page = await list(base, '/api/v3/users', { row_count: 100, search_criteria: { field: 'reporting_to.id', condition: 'greater than', value: 4 } });
    const user = page.body.users[0];
    const managerId = user.reporting_to.id;
    const first = await get(base, `/api/v3/users/${user.id}`);
    const again = await get(base, `/api/v3/users/${user.id}`);
    assertJson(again);
    assert.equal(again.text, first.text);
    assert.equal(again.headers.get('content-length'), String(Buffer.byteLength(first.text)));

    await put(base, `/api/v3/users/${managerId}`, { user: { name: 'Boss Renamed', is_vipuser: true } });
    const afterManager = await get(base, `/api/v3/users/${user.id}`);
    assert.equal(afterManager.body.user.reporting_to.name, 'Boss Renamed');
    assert.equal(afterManager.body.user.reporting_to.is_vipuser, true);

    await put(base, `/api/v3/users/${user.id}`, { user: { phone: '+1 555 0199' } });
    assert.equal((await get(base, `/api/v3/users/${user.id}`)).body.user.phone, '+1 555 0199');

    await del(base, `/api/v3/users/${managerId}`);
    assert.equal((await get(base, `/api/v3/users/${user.id}`)).body.user.reporting_to, null);
    assert.equal((await get(base, `/api/v3/users/${managerId}`)).status, 404);
  });
});
