import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { Journal } from '../../mock-server/src/control/journal';
import { startMock } from '../support/mock-process';

/** Sends one raw HTTP/1.1 request (headers exactly as given, duplicates included); resolves once answered. */
function rawRequest(port: number, lines: string[]): Promise<string> {
  return new Promise((done, fail) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(`${lines.join('\r\n')}\r\nConnection: close\r\n\r\n`));
    let answer = '';
    socket.setEncoding('utf8').on('data', (d) => (answer += d));
    socket.on('end', () => done(answer)).on('error', fail);
  });
}

/** What Node's own IncomingMessage.headers makes of the same request. */
async function nodeHeaders(lines: string[]): Promise<IncomingHttpHeaders> {
  let seen: IncomingHttpHeaders | undefined;
  const server = createServer((req, res) => {
    seen = req.headers;
    res.end();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  try {
    await rawRequest((server.address() as AddressInfo).port, lines);
  } finally {
    server.close();
  }
  return seen!;
}

const entry = (n: number) => ({ time: Date.UTC(2026, 0, 1) + n, product: 'foreman', method: 'GET', url: `http://127.0.0.1/foreman/api/users/${n}`, status: 200, durationMs: n / 10, headerLines: `Accept\napplication/json\nX-N\n${n}` });

describe('request journal', () => {
  it('keeps the latest entries of a full ring, newest first, and nothing once cleared or with no room', () => {
    const journal = new Journal(3);
    for (let n = 1; n <= 7; n++) journal.add(entry(n));
    const latest = journal.latest(10);
    assert.deepEqual(latest.map((e) => e.id), [7, 6, 5]);
    assert.deepEqual(latest[0], { id: 7, time: '2026-01-01T00:00:00.007Z', product: 'foreman', method: 'GET', path: '/foreman/api/users/7', status: 200, durationMs: 0.7, headers: { accept: 'application/json', 'x-n': '7' } });
    assert.deepEqual(journal.latest(2).map((e) => e.id), [7, 6]);
    journal.clear();
    assert.deepEqual(journal.latest(10), []);
    journal.add(entry(8));
    assert.deepEqual(journal.latest(10).map((e) => e.id), [8]);
    const none = new Journal(0);
    none.add(entry(1));
    assert.deepEqual(none.latest(10), []);
  });

  it('records repeated headers over HTTP as Node combines them, secrets redacted', async () => {
    const lines = [
      'GET /foreman/api/status HTTP/1.1',
      'Host: 127.0.0.1',
      'X-Trace: first',
      'User-Agent: one',
      'X-Trace: second',
      'User-Agent: two',
      'Accept: application/json',
      'Accept: text/plain',
      'Cookie: a=1',
      'Cookie: b=2',
      'Authorization: Basic YWRtaW46Y2hhbmdlbWU=',
    ];
    const expected = await nodeHeaders(lines);
    const mock = await startMock(['--port', '0', '--in-memory']);
    try {
      const port = Number(new URL(mock.baseUrl).port);
      assert.match(await rawRequest(port, lines), /^HTTP\/1\.1 200/);
      const { requests } = (await (await fetch(`${mock.baseUrl}/_mock/requests?limit=1`)).json()) as { requests: Array<{ path: string; headers: Record<string, string> }> };
      assert.equal(requests[0].path, '/foreman/api/status');
      const { cookie, authorization, ...plain } = requests[0].headers;
      const { cookie: _c, authorization: _a, ...expectedPlain } = expected;
      assert.deepEqual(plain, expectedPlain);
      assert.deepEqual([plain['x-trace'], plain['user-agent'], plain.accept], ['first, second', 'one', 'application/json, text/plain']);
      assert.equal(cookie, '[REDACTED]');
      assert.equal(authorization, 'Basic [REDACTED]');
    } finally {
      await mock.stop();
    }
  });
  it('records each request with its own headers when clients repeat and alternate header lists', async () => {
    // equal lists share one recorded string; same-length lists that differ must not
    const sequence = ['a', 'b', 'a', 'a', 'b', ...'cdefghijk'.split(''), 'a', 'b', 'a'];
    const mock = await startMock(['--port', '0', '--in-memory']);
    try {
      const port = Number(new URL(mock.baseUrl).port);
      for (const tag of sequence) {
        const answer = await rawRequest(port, ['GET /foreman/api/status HTTP/1.1', 'Host: 127.0.0.1', `X-Seq: ${tag}`, 'Authorization: Basic YWRtaW46Y2hhbmdlbWU=']);
        assert.match(answer, /^HTTP\/1\.1 200/);
      }
      const { requests } = (await (await fetch(`${mock.baseUrl}/_mock/requests?limit=${sequence.length}`)).json()) as { requests: Array<{ headers: Record<string, string> }> };
      assert.deepEqual(requests.map((r) => r.headers['x-seq']).reverse(), sequence);
    } finally {
      await mock.stop();
    }
  });
});
