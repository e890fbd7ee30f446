import { Agent, request } from 'node:http';

export interface RawRequest {
  method: string;
  /** Sent exactly as written (no dot-segment folding, no re-encoding), unlike `fetch`. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Send the body in two chunks with `Transfer-Encoding: chunked` instead of a Content-Length. */
  chunked?: boolean;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/**
 * One request over loopback, on a connection of its own; a dropped connection rejects (the fuzz suite
 * counts that as a failure). The connection is kept alive, as clients' are: the products answer a body
 * over their limit from its headers, and with `Connection: close` Node's server closes the socket as
 * soon as that answer is out, with the rest of the body unread, so the kernel resets the connection and
 * the client, still writing, could get EPIPE before it read the answer.
 */
export function send(base: string, req: RawRequest): Promise<RawResponse> {
  const url = new URL(base);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  return new Promise((done, fail) => {
    const r = request(
      {
        host: url.hostname,
        port: url.port,
        method: req.method,
        path: req.path,
        headers: {
          ...(req.body === undefined ? {} : req.chunked ? { 'Transfer-Encoding': 'chunked' } : { 'Content-Length': String(Buffer.byteLength(req.body)) }),
          ...req.headers,
        },
        agent,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', fail);
      },
    );
    r.setTimeout(30_000, () => r.destroy(new Error('no answer within 30 s')));
    r.on('error', fail);
    r.on('close', () => agent.destroy());
    if (req.chunked && req.body !== undefined) {
      const body = Buffer.from(req.body);
      r.write(body.subarray(0, body.length >> 1));
      r.end(body.subarray(body.length >> 1));
    } else r.end(req.body);
  });
}
