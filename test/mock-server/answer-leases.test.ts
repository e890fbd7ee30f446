import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { answerMemory, answersInOwnPages } from '../../mock-server/src/http/answer-bytes';
import { isLeased, leaseAnswer, returnAnswer } from '../../mock-server/src/http/answer-leases';
import { LeasedAnswerResponse } from '../../mock-server/src/http/leased-answer-response';

/** Node's test runner gives each file a process of its own, so turning own pages on stays in this file. */
answersInOwnPages();

const patterned = (size: number) => {
  const bytes = answerMemory(size);
  for (let i = 0; i < size; i++) bytes[i] = 97 + (i % 26);
  return bytes;
};

describe('leases on answer pages', () => {
  it('release the pages when the last holder gives its lease back, not before', () => {
    const bytes = patterned(100_000);
    leaseAnswer(bytes);
    leaseAnswer(bytes.subarray(10, 20)); // a view of the same pages is the same memory
    assert.equal(isLeased(bytes), true);
    returnAnswer(bytes);
    assert.equal(bytes.byteLength, 100_000);
    assert.equal(bytes[99_999], 97 + (99_999 % 26));
    returnAnswer(bytes);
    assert.equal(isLeased(bytes), false);
    assert.equal(bytes.buffer.byteLength, 0, 'pages released');
    returnAnswer(bytes); // one return too many changes nothing
  });

  it('leave memory alone that is not in pages of its own, and memory nobody leased', () => {
    const small = answerMemory(100);
    small.fill(7);
    leaseAnswer(small);
    assert.equal(isLeased(small), false);
    returnAnswer(small);
    assert.equal(small.byteLength, 100);
    assert.ok(small.every((b) => b === 7));
    const unleased = patterned(50_000);
    returnAnswer(unleased);
    assert.equal(unleased.byteLength, 50_000);
  });
});

interface RawAnswer {
  head: string;
  body: Buffer;
}

/** A GET over a raw socket, left unread for `holdMs` so the answer waits in the server's socket. */
function slowGet(port: number, path: string, holdMs: number, method = 'GET'): { socket: Socket; answer: Promise<RawAnswer> } {
  const socket = connect(port, '127.0.0.1');
  socket.write(`${method} ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
  socket.pause();
  const answer = new Promise<RawAnswer>((done, fail) => {
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', fail);
    socket.on('end', () => {
      const all = Buffer.concat(chunks);
      const split = all.indexOf('\r\n\r\n');
      done({ head: all.subarray(0, split).toString('latin1'), body: all.subarray(split + 4) });
    });
  });
  setTimeout(() => socket.resume(), holdMs);
  return { socket, answer };
}

describe('LeasedAnswerResponse', () => {
  // larger than what loopback's socket buffers take, so the answer is still being written while held
  const SIZE = 48 << 20;
  let server: Server;
  let port: number;
  const sent: Buffer[] = [];
  const closed: Array<Promise<void>> = [];

  before(async () => {
    server = createServer({ ServerResponse: LeasedAnswerResponse }, (req, res) => {
      const body = req.url === '/plain' ? Buffer.alloc(SIZE, 'p') : patterned(SIZE);
      leaseAnswer(body);
      sent.push(body);
      closed.push(new Promise((done) => res.once('close', () => setImmediate(done))));
      res.writeHead(200, { 'Content-Length': SIZE });
      res.end(body);
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    port = (server.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((done) => server.close(() => done())));

  it('keeps an answer while the socket is still writing it, and releases it once written', async () => {
    const { answer } = slowGet(port, '/leased', 300);
    await new Promise((done) => setTimeout(done, 150));
    const body = sent.at(-1)!;
    assert.equal(body.byteLength, SIZE, 'not released while the client has not read it');
    const got = await answer;
    assert.match(got.head, /^HTTP\/1\.1 200/);
    assert.equal(got.body.length, SIZE);
    assert.equal(got.body.subarray(0, 52).toString('latin1'), 'abcdefghijklmnopqrstuvwxyz'.repeat(2));
    assert.equal(got.body[SIZE - 1], 97 + ((SIZE - 1) % 26));
    await closed.at(-1);
    assert.equal(body.buffer.byteLength, 0, 'released once the response closed');
  });

  it('releases an answer whose client went away before reading it', async () => {
    const { socket } = slowGet(port, '/leased', 10_000);
    await new Promise((done) => setTimeout(done, 150));
    const body = sent.at(-1)!;
    assert.equal(body.byteLength, SIZE);
    socket.destroy();
    await closed.at(-1);
    assert.equal(body.buffer.byteLength, 0);
  });

  it('releases a HEAD answer, whose body is never written', async () => {
    const { answer } = slowGet(port, '/leased', 0, 'HEAD');
    await answer;
    await closed.at(-1);
    assert.equal(sent.at(-1)!.buffer.byteLength, 0);
  });

  it('writes other bodies as they are', async () => {
    const got = await slowGet(port, '/plain', 0).answer;
    assert.equal(got.body.length, SIZE);
    assert.ok(got.body.every((b) => b === 112));
    await closed.at(-1);
    assert.equal(sent.at(-1)!.byteLength, SIZE);
  });
});
