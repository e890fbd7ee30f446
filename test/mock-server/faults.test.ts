import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { startMock, type RunningMock } from '../support/mock-process';

/** One request on a fresh connection: status, or 'dropped' when the server hung up without answering. */
function probe(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: Record<string, unknown> } | 'dropped'> {
  return new Promise((resolve) => {
    const req = request(url, { headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', () => resolve('dropped'));
    req.end();
  });
}

const FOREMAN = { Authorization: `Basic ${Buffer.from('admin:changeme').toString('base64')}`, Accept: 'application/json' };
const SNIPE = { Authorization: 'Bearer mock-snipe-it-token', Accept: 'application/json' };

describe('fault injection', () => {
  let mock: RunningMock;
  const faults = (body?: unknown, method = 'POST') =>
    fetch(`${mock.baseUrl}/_mock/faults`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

  before(async () => {
    mock = await startMock(['--port', '0', '--in-memory', '--users', '20', '--fault', 'product=snipe-it,path=/api/v1/hardware*,status=500']);
  });
  after(() => mock.stop());

  it('takes faults from the command line and lists them', async () => {
    const list = await (await fetch(`${mock.baseUrl}/_mock/faults`)).json();
    assert.deepEqual(list.faults, [{ product: 'snipe-it', path: '/api/v1/hardware*', status: 500, id: 1, matched: 0, applied: 0 }]);
    const hit = await probe(`${mock.baseUrl}/snipe-it/api/v1/hardware/3`, SNIPE);
    assert.ok(hit !== 'dropped' && hit.status === 500);
    const miss = await probe(`${mock.baseUrl}/snipe-it/api/v1/users/me`, SNIPE);
    assert.ok(miss !== 'dropped' && miss.status === 200, 'other paths are untouched');
    assert.equal((await faults(undefined, 'DELETE')).status, 204);
  });

  it('answers a status with each product’s own error body, with Retry-After', async () => {
    await faults({ status: 503, retryAfter: 7 });
    const shapes: Array<[string, Record<string, string>, (body: unknown) => boolean]> = [
      ['/itsm-ng/apirest.php/getFullSession', {}, (b) => Array.isArray(b) && typeof b[0] === 'string' && b[0].startsWith('ERROR')],
      ['/foreman/api/users', FOREMAN, (b) => typeof (b as { error?: unknown }).error === 'object'],
      ['/snipe-it/api/v1/users', SNIPE, (b) => typeof b === 'object' && b !== null],
      ['/servicedesk-plus/api/v3/users', { authtoken: 'mock-sdp-authtoken' }, (b) => (b as { response_status?: { status?: string } }).response_status?.status === 'failed'],
      ['/privacyidea/user/', {}, (b) => (b as { result?: { status?: boolean } }).result?.status === false],
    ];
    for (const [path, headers, shape] of shapes) {
      const r = await probe(`${mock.baseUrl}${path}`, headers);
      assert.ok(r !== 'dropped');
      assert.equal(r.status, 503, path);
      assert.equal(r.headers['retry-after'], '7', path);
      assert.ok(shape(JSON.parse(r.body)), `${path}: ${r.body}`);
    }
    await faults(undefined, 'DELETE');
  });

  it('applies a fault to every Nth matching request, a given number of times', async () => {
    const created = await (await faults({ product: 'foreman', method: 'GET', path: '/api/users', status: 500, every: 3, times: 2 })).json();
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) {
      const r = await probe(`${mock.baseUrl}/foreman/api/users`, FOREMAN);
      statuses.push(r === 'dropped' ? -1 : r.status);
    }
    assert.deepEqual(statuses, [200, 200, 500, 200, 200, 500, 200, 200, 200]);
    const listed = (await (await fetch(`${mock.baseUrl}/_mock/faults`)).json()).faults.find((f: { id: number }) => f.id === created.fault.id);
    assert.equal(listed.applied, 2);
    assert.equal((await fetch(`${mock.baseUrl}/_mock/faults/${created.fault.id}`, { method: 'DELETE' })).status, 204);
    assert.equal((await fetch(`${mock.baseUrl}/_mock/faults/${created.fault.id}`, { method: 'DELETE' })).status, 404);
  });

  it('applies a fault to a percentage of requests (0 and 100 are exact)', async () => {
    await faults({ product: 'snipe-it', status: 429, percent: 100 });
    await faults({ product: 'foreman', status: 429, percent: 0 });
    const s = await probe(`${mock.baseUrl}/snipe-it/api/v1/users/me`, SNIPE);
    const f = await probe(`${mock.baseUrl}/foreman/api/users`, FOREMAN);
    assert.ok(s !== 'dropped' && s.status === 429);
    assert.ok(f !== 'dropped' && f.status === 200);
    await faults(undefined, 'DELETE');
  });

  it('adds fixed and random latency', async () => {
    await faults({ product: 'foreman', latencyMs: 300 });
    let t = Date.now();
    await probe(`${mock.baseUrl}/foreman/api/status`, FOREMAN);
    assert.ok(Date.now() - t >= 290);
    await faults(undefined, 'DELETE');
    await faults({ product: 'foreman', latencyMs: [100, 200] });
    t = Date.now();
    await probe(`${mock.baseUrl}/foreman/api/status`, FOREMAN);
    const took = Date.now() - t;
    assert.ok(took >= 95 && took < 1000, `${took} ms`);
    await faults(undefined, 'DELETE');
  });

  it('drops the connection without an answer, and keeps serving', async () => {
    await faults({ product: 'itsm-ng', drop: true, times: 1 });
    assert.equal(await probe(`${mock.baseUrl}/itsm-ng/apirest.php/initSession`), 'dropped');
    const next = await probe(`${mock.baseUrl}/_mock/health`);
    assert.ok(next !== 'dropped' && next.status === 200);
  });

  it('answers as for an expired session or token', async () => {
    await faults({ product: 'privacyidea', expire: true, times: 1 });
    const r = await probe(`${mock.baseUrl}/privacyidea/user/`);
    assert.ok(r !== 'dropped' && r.status === 401);
    assert.equal(JSON.parse(r.body).result.error.code, 4305);
  });

  it('rejects a malformed fault with 400 and a reason', async () => {
    for (const bad of [{ product: 'nope', status: 500 }, { status: 200 }, { latencyMs: -1 }, { status: 500, drop: true }, { every: 2, percent: 5, status: 500 }, {}, { status: 500, colour: 'red' }]) {
      const r = await faults(bad);
      assert.equal(r.status, 400, JSON.stringify(bad));
      assert.equal(typeof (await r.json()).error, 'string');
    }
  });
});
