import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BackendError } from '../../src/backends/backend-error';
import { HttpClient } from '../../src/backends/http';
import { Redactor } from '../../src/backends/redactor';

/** An HTTPS server with a self-signed certificate (made with openssl for this test). */
let server: Server;
let url: string;
const dir = mkdtempSync(join(tmpdir(), 'udm-tls-'));
before(async () => {
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
  server = createServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (_q, r) => r.end('{"ok":true}'));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
after(async () => {
  await new Promise<void>((done) => server.close(() => done()));
  rmSync(dir, { recursive: true, force: true });
});

const client = (rejectUnauthorized: boolean) => new HttpClient({ timeoutMs: () => 5000, rejectUnauthorized, redactor: new Redactor(), log: () => undefined });

describe('TLS verification', () => {
  it('refuses a self-signed certificate by default, with advice', async () => {
    await assert.rejects(client(true).send({ method: 'GET', url }), (e: BackendError) => e.kind === 'tls' && /certificate/i.test(e.message) && /turn off certificate verification for this connection/.test(e.message));
  });
  it('accepts it only when the connection opts out', async () => {
    const res = await client(false).send({ method: 'GET', url });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json(), { ok: true });
  });
});
