import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { BackendError } from '../../src/backends/backend-error';
import { HttpClient } from '../../src/backends/http';
import { Redactor } from '../../src/backends/redactor';

/** A loopback server whose behaviour each test scripts: it tests the client, not a product. */
let server: Server;
let base: string;
let handler: (req: IncomingMessage, res: ServerResponse) => void = (_q, r) => r.end();
before(async () => {
  server = createServer((q, r) => handler(q, r));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((done) => server.close(() => done())));

function client(opts: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}, lines: string[] = []) {
  const redactor = new Redactor();
  redactor.add('s3cret-password');
  return new HttpClient({ timeoutMs: () => 2000, rejectUnauthorized: true, redactor, log: (l) => lines.push(l), maxRetryWaitMs: 2000, ...opts });
}

describe('HttpClient', () => {
  it('returns any status with body and headers, and logs one redacted line per request', async () => {
    handler = (_q, r) => {
      r.writeHead(422, { 'content-type': 'application/json', 'x-test': 'yes' });
      r.end('{"error":"bad"}');
    };
    const lines: string[] = [];
    const res = await client({}, lines).send({ method: 'GET', url: `${base}/x?password=s3cret-password&login=ada&app_token=abc` });
    assert.equal(res.status, 422);
    assert.deepEqual(res.json(), { error: 'bad' });
    assert.equal(res.headers['x-test'], 'yes');
    assert.equal(lines.length, 1);
    assert.match(lines[0], /^GET http:\/\/127\.0\.0\.1:\d+\/x\?password=\*\*\*&login=ada&app_token=\*\*\* → 422 \(\d+ ms\)$/);
    assert.ok(!lines[0].includes('s3cret'));
  });

  it('times out with a clear error', async () => {
    handler = () => undefined; // never answers
    await assert.rejects(client({ timeoutMs: () => 200 }).send({ method: 'GET', url: `${base}/slow` }), (e: BackendError) => e.kind === 'timeout' && /within 0 s|within/.test(e.message));
  });

  it('is cancelled by its abort signal', async () => {
    handler = () => undefined;
    const controller = new AbortController();
    const pending = client().send({ method: 'GET', url: `${base}/slow`, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(pending, (e: BackendError) => e.kind === 'cancelled');
  });

  it('retries idempotent reads on 503 and 429, honouring Retry-After', async () => {
    let calls = 0;
    handler = (_q, r) => {
      calls++;
      if (calls === 1) {
        r.writeHead(503, { 'retry-after': '1' });
        return r.end();
      }
      if (calls === 2) {
        r.writeHead(429, { 'retry-after': '0' });
        return r.end();
      }
      r.end('ok');
    };
    const started = Date.now();
    const res = await client().send({ method: 'GET', url: `${base}/flaky` });
    assert.equal(res.status, 200);
    assert.equal(calls, 3);
    assert.ok(Date.now() - started >= 900, 'waited for Retry-After: 1');
  });

  it('never retries writes', async () => {
    let calls = 0;
    handler = (_q, r) => {
      calls++;
      r.writeHead(503);
      r.end();
    };
    const res = await client().send({ method: 'POST', url: `${base}/w`, body: '{}' });
    assert.equal(res.status, 503);
    assert.equal(calls, 1);
  });

  it('reports a refused connection as a network error naming the host', async () => {
    const closed = createServer();
    await new Promise<void>((d) => closed.listen(0, '127.0.0.1', d));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((d) => closed.close(() => d()));
    await assert.rejects(client().send({ method: 'GET', url: `http://127.0.0.1:${port}/` }), (e: BackendError) => e.kind === 'network' && e.message.includes(`127.0.0.1:${port}`) && /refused/.test(e.message));
  });

  it('sends the body with its length', async () => {
    let received = '';
    handler = (q, r) => {
      q.setEncoding('utf8');
      q.on('data', (d: string) => (received += d));
      q.on('end', () => r.end(String(q.headers['content-length'])));
    };
    const res = await client().send({ method: 'PUT', url: `${base}/b`, body: '{"ü":1}' });
    assert.equal(received, '{"ü":1}');
    assert.equal(res.text, String(Buffer.byteLength('{"ü":1}')));
  });
});
