import { connect } from 'node:net';

/**
 * A GET over a raw socket whose client does not read for `holdMs`: the server has written its answer
 * (or part of it) long before it is taken. `headers` are the request's header lines (each ending in
 * CRLF); `Connection: close` is added, so the answer ends with the socket. Resolves with the body's
 * declared length (`Content-Length`) and the body as received.
 */
export function slowGet(port: number, path: string, headers: string, holdMs: number): Promise<{ declared: number; body: string }> {
  const socket = connect(port, '127.0.0.1');
  socket.write(`GET ${path} HTTP/1.1\r\n${headers}Connection: close\r\n\r\n`);
  socket.pause();
  setTimeout(() => socket.resume(), holdMs);
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', fail);
    socket.on('end', () => {
      const all = Buffer.concat(chunks).toString('latin1');
      const split = all.indexOf('\r\n\r\n');
      const declared = Number(/\r\ncontent-length: (\d+)/i.exec(all.slice(0, split))?.[1]);
      done({ declared, body: all.slice(split + 4) });
    });
  });
}
