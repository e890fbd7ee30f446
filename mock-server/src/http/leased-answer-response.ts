import { ServerResponse, type IncomingMessage } from 'node:http';
import { isLeased, returnAnswer } from './answer-leases.js';

/**
 * Node's `ServerResponse`, which gives back the lease of a leased answer body (see answer-leases.ts)
 * when the response closes: by then the socket has written it, or has been destroyed and will not.
 * The command-line server passes it to `http.createServer`.
 */
export class LeasedAnswerResponse<Request extends IncomingMessage = IncomingMessage> extends ServerResponse<Request> {
  override end(...args: unknown[]): this {
    const chunk = args[0];
    if (chunk instanceof Uint8Array && isLeased(chunk)) this.once('close', () => returnAnswer(chunk));
    return (super.end as (...a: unknown[]) => this)(...args);
  }
}
