import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { createBackend } from '../../../src/backends/create-backend';
import type { BackendError } from '../../../src/backends/backend-error';
import { HttpClient } from '../../../src/backends/http';
import { Redactor } from '../../../src/backends/redactor';
import { mockConnections } from '../../../src/mockServer/mock-connections';
import { backendUnderTest, type BackendUnderTest } from './backend-harness';

/** How the backends behave when the server misbehaves, driven by the mock's own fault injection. */
describe('backends under injected faults', () => {
  let t: BackendUnderTest;
  const fault = async (spec: Record<string, unknown>) => {
    const res = await t.fetch('/_mock/faults', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec) });
    assert.equal(res.status, 201);
  };
  before(async () => {
    t = await backendUnderTest('foreman', 40);
  });
  afterEach(() => t.fetch('/_mock/faults', { method: 'DELETE' }));
  after(() => t.mock.stop());

  it('retries a read answered 503 with Retry-After, and succeeds', async () => {
    await fault({ product: 'foreman', method: 'GET', path: '/api/users', status: 503, retryAfter: 1, times: 1 });
    const started = Date.now();
    const page = await t.backend.listUsers({ pageSize: 5 });
    assert.equal(page.items.length, 5);
    assert.ok(Date.now() - started >= 950, 'waited as told');
    assert.ok(t.log.some((l) => /↻ 503: retrying in 1 s/.test(l)));
  });

  it('retries 429 twice, then reports the product’s error with its status', async () => {
    await fault({ product: 'foreman', method: 'GET', path: '/api/users', status: 429, retryAfter: 0 });
    await assert.rejects(t.backend.listUsers({ pageSize: 5 }), (e: BackendError) => e.kind === 'rate-limited' && e.status === 429);
  });

  it('never retries a write', async () => {
    await fault({ product: 'foreman', method: 'PUT', status: 503, retryAfter: 0 });
    const user = (await t.backend.listUsers({ pageSize: 3 })).items.find((u) => !u.state.admin)!;
    await t.fetch('/_mock/requests', { method: 'DELETE' });
    await assert.rejects(t.backend.updateUser(user.id, { description: 'x' }), (e: BackendError) => e.kind === 'server' && e.status === 503);
    const journal = (await t.fetch('/_mock/requests?limit=100').then((r) => r.json())).requests as Array<{ method: string }>;
    assert.equal(journal.filter((r) => r.method === 'PUT').length, 1);
  });

  it('gives up on a slow server after the timeout, and is cancelled on request', async () => {
    await fault({ product: 'foreman', latencyMs: 3000 });
    const { connection, secrets } = mockConnections(t.mock.baseUrl).find((c) => c.connection.product === 'foreman')!;
    const redactor = new Redactor();
    const impatient = createBackend({ connection, secrets, redactor, http: new HttpClient({ timeoutMs: () => 500, rejectUnauthorized: true, redactor, log: () => undefined }) });
    await assert.rejects(impatient.listUsers({ pageSize: 5 }), (e: BackendError) => e.kind === 'timeout');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await assert.rejects(t.backend.listUsers({ pageSize: 5, signal: controller.signal }), (e: BackendError) => e.kind === 'cancelled');
  });

  it('reports a dropped connection as a network error', async () => {
    await fault({ product: 'foreman', drop: true });
    await assert.rejects(t.backend.testConnection(), (e: BackendError) => e.kind === 'network' && /dropped/.test(e.message));
  });
});

describe('session renewal, then a clean sign-in error', () => {
  let t: BackendUnderTest;
  before(async () => {
    t = await backendUnderTest('itsm-ng', 20);
  });
  after(() => t.mock.stop());

  it('renews an expired ITSM-NG session once; a second expiry in a row is an auth error', async () => {
    await t.backend.testConnection();
    await t.fetch('/_mock/faults', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ product: 'itsm-ng', path: '/apirest.php/getFullSession', expire: true, times: 2 }) });
    await assert.rejects(t.backend.testConnection(), (e: BackendError) => e.kind === 'auth' && e.status === 401 && e.code === 'ERROR_SESSION_TOKEN_INVALID');
    assert.match(await t.backend.testConnection(), /signed in/, 'works again once the server does');
  });
});
