import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';

export type Handler = (c: Context) => Response | Promise<Response>;

/**
 * Runs a handler behind Hono's body limit: a body over `maxSize` bytes gets `tooLarge` instead.
 *
 * GET and HEAD requests go straight through (the Fetch API gives them no body), synchronously when
 * `handle` is: a Promise per read costs the Node adapter its fast path.
 *
 * When Node has parsed a Content-Length and there is no Transfer-Encoding, the check is the header
 * comparison Hono's middleware makes, read from Node's own headers. Hono's middleware first asks for
 * `c.req.raw.body`, and that makes the Node adapter build a whole Fetch Request (a web stream, an
 * AbortController, listeners) for every write. Those objects live until the write is on disk, so
 * under write load they get copied into the old generation of the heap. Untouched, the adapter reads
 * the body straight from the socket when the product asks for it. Any other request (a chunked body,
 * `app.request()` in tests) goes through Hono's middleware, which counts the bytes as they come.
 */
export function limitBody(maxSize: number, tooLarge: Handler): (c: Context, handle: Handler) => Response | Promise<Response> {
  const hono = bodyLimit({ maxSize, onError: tooLarge });
  return (c, handle) => {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD') return handle(c);
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    const length = incoming?.headers['content-length'];
    if (length !== undefined && incoming!.headers['transfer-encoding'] === undefined) {
      return parseInt(length, 10) > maxSize ? tooLarge(c) : handle(c);
    }
    let answered: Response | undefined;
    return hono(c, async () => {
      answered = await handle(c);
    }).then((refused) => (refused as Response | undefined) ?? answered!);
  };
}
