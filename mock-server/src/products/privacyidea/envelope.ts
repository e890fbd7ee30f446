import type { Clock } from '../product.js';
import type { PiError } from './errors.js';
import { PyFloat, pyDumps, pyFloat } from './pyjson.js';
import { truthy } from './params.js';
import { headDigest, SIGNATURE_LENGTH, signParts, TAIL_START, writeSignature } from './signature.js';
import { answerBytes, answerMemory } from '../../http/answer-bytes.js';
import { leaseAnswer, returnAnswer } from '../../http/answer-leases.js';

/**
 * The JSON-RPC-like envelopes and the response post-processing every API blueprint applies.
 *
 * privacyIDEA's `after_request` adds `Cache-Control: no-cache`, echoes a truthy `nonce` request parameter
 * and signs the body: `signature` is `rsa_sha256_pss:<hex>` over `json.dumps(content, sort_keys=True)`,
 * and the body is rewritten with that same serialisation (spaced separators, sorted keys, ASCII only).
 * The mock's signature has the real format and length (a 2048-bit key's 256 bytes) but is an HMAC
 * over the same text, stretched, not an RSA signature (see signature.ts): clients that do not verify
 * signatures cannot tell.
 */
const VERSION_NUMBER = '3.13.3';
const VERSION = `privacyIDEA ${VERSION_NUMBER}`;

/** Shared by every signed answer (the node adapter copies, never changes, a plain header object). */
const HEADERS: Readonly<Record<string, string>> = { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache' };

/** What a response needs from its request. */
export interface ReplyContext {
  clock: Clock;
  /** The request's `nonce` parameter (any JSON type), echoed when truthy. */
  nonce: unknown;
}

function now(clock: Clock): PyFloat {
  return new PyFloat(clock().getTime() / 1000);
}

/** Serialises, adds nonce and signature, and answers with the blueprint headers. */
function signedResponse(ctx: ReplyContext, content: Record<string, unknown>, status: number): Response {
  if (truthy(ctx.nonce)) content.nonce = ctx.nonce;
  const text = pyDumps(content);
  // `signature` sorts right before the top-level `time`, which is followed only by the version strings.
  const at = text.lastIndexOf(TAIL_START);
  const head = text.slice(0, at);
  const tail = text.slice(at);
  const body = `${head}, "signature": "${signParts(head, tail)}"${tail}`;
  return new Response(body, { status, headers: HEADERS });
}

/** The start of `pyDumps` of a plain success envelope (`id` 1, no nonce), up to the value. */
const SUCCESS_HEAD = '{"id": 1, "jsonrpc": "2.0", "result": {"status": true, "value": ';
/** …and after `"time": <time>`. */
const SUCCESS_TAIL = `, "version": "${VERSION}", "versionnumber": "${VERSION_NUMBER}"}`;
const SIGNATURE_OPEN = Buffer.from(', "signature": "', 'latin1');
/** Answers with heads above this size are kept for the rest of their millisecond. */
const LONG_HEAD = 16_384;
/** Room kept after a long list's head for its first answer's signature and tail (about 620 bytes). */
const SPARE = 700;
/**
 * Where a short head is put together, and an answer with a short head spelled before it goes out as a
 * string: one at a time, as the event loop runs one request at a time, so no answer takes memory of its
 * own for that.
 */
const SHORT_BODY = Buffer.allocUnsafeSlow(LONG_HEAD + SPARE);

/**
 * `success(ctx, value)` for a value already serialised (`valueJson` = `pyDumps(value)`), kept for
 * answering many times: the bytes before `time` and the signature's digest of them are computed once,
 * so an answer costs the signature of its last hundred bytes and one copy. A long body is a Buffer (the
 * adapter then neither measures nor encodes a string of up to hundreds of kilobytes), a short one a
 * one-byte string; its bytes are those of `success()`.
 *
 * A short head is kept as a one-byte string, for the reason `AnswerBody` gives: the reply cache keeps
 * these until a write changes what they show.
 *
 * It holds a lease (answer-leases.ts) on a long head and on its last long answer, given back by
 * `dispose()` (the reply cache calls it when it lets a reply go), and each long answer it returns holds
 * one more, given back when the response has been written.
 */
export class PreparedSuccess {
  /**
   * `{"id": 1, …, "value": <value>}` (ASCII): everything up to the signature. A string up to
   * `LONG_HEAD` bytes, bytes above.
   */
  private readonly head: string | Buffer;
  /** The signature's digest of `head`. */
  private readonly digest: Int32Array;
  /** The last long answer, by its tail: answers within the same millisecond are the same bytes. */
  private lastTail = '';
  private lastBody: Buffer | undefined;
  private disposed = false;

  /**
   * `head`: `{"id": 1, …, "value": <value>}`; as bytes (a long one), possibly followed in the same
   * memory by room for the first answer's signature and tail, so that answer needs no copy of the head
   * (a short answer is spelled in `SHORT_BODY`).
   */
  private constructor(
    head: string | Buffer,
    private spare: Buffer | undefined = undefined,
  ) {
    this.head = head;
    this.digest = headDigest(head);
    if (typeof head !== 'string') leaseAnswer(head);
  }

  /** For the value whose `pyDumps` is `valueJson`. */
  static ofJson(valueJson: string): PreparedSuccess {
    const head = `${SUCCESS_HEAD}${valueJson}}`;
    return new PreparedSuccess(head.length > LONG_HEAD ? answerBytes(head, 'latin1') : oneByte(head));
  }

  /** For a list whose items' `pyDumps` (ASCII, as it always is) are `items`: `[a, b, …]`, copied once. */
  static ofList(items: readonly string[]): PreparedSuccess {
    let size = SUCCESS_HEAD.length + 3;
    for (const item of items) size += item.length + 2;
    if (items.length) size -= 2;
    const long = size > LONG_HEAD;
    const memory = long ? answerMemory(size + SPARE) : SHORT_BODY;
    const head = memory.subarray(0, size);
    // copied piece by piece, without joining them into one more string of the whole answer; by
    // Buffer.write only, as bytes stored one at a time into memory of two kinds are slow in V8
    let at = head.write(SUCCESS_HEAD, 0, 'latin1');
    at += head.write('[', at, 'latin1');
    for (let i = 0; i < items.length; i++) {
      if (i) at += head.write(', ', at, 'latin1');
      at += head.write(items[i], at, 'latin1');
    }
    head.write(']}', at, 'latin1');
    return long ? new PreparedSuccess(head, memory) : new PreparedSuccess(head.toString('latin1'));
  }

  /** Bytes held. */
  get size(): number {
    return this.head.length * 2;
  }

  respond(ctx: ReplyContext): Response {
    const tail = successTail(ctx.clock().getTime());
    if (truthy(ctx.nonce)) {
      // `nonce` sorts between `jsonrpc` and `result`: a different prefix (rare; not worth keeping)
      const value = typeof this.head === 'string' ? this.head.slice(SUCCESS_HEAD.length, -1) : this.head.toString('utf8', SUCCESS_HEAD.length, this.head.length - 1);
      const head = `{"id": 1, "jsonrpc": "2.0", "nonce": ${pyDumps(ctx.nonce)}, "result": {"status": true, "value": ${value}}`;
      return new Response(`${head}, "signature": "${signParts(head, tail)}"${tail}`, { status: 200, headers: HEADERS });
    }
    if (this.lastBody && tail === this.lastTail) return leasedResponse(this.lastBody);
    const head = this.head;
    const length = head.length + SIGNATURE_OPEN.length + SIGNATURE_LENGTH + 1 + tail.length;
    const long = typeof head !== 'string';
    let body: Buffer;
    if (!long) {
      // a short head and the ~620 bytes after it fit (`SPARE`)
      body = SHORT_BODY;
      body.write(head, 0, 'latin1');
    } else if (this.spare && this.spare.length >= length) {
      // the first answer: written after the head, in memory nobody else has seen
      body = this.spare.subarray(0, length);
    } else {
      body = answerMemory(length);
      head.copy(body, 0);
    }
    this.spare = undefined;
    let at = head.length;
    body.set(SIGNATURE_OPEN, at);
    at += SIGNATURE_OPEN.length;
    at = writeSignature(this.digest, tail, body, at);
    body.write(`"${tail}`, at, 'latin1');
    if (long) {
      // a long answer: remembered for the rest of its millisecond (a short one is cheaper to redo
      // than to keep pointing a long-lived object at each new answer)
      this.lastTail = tail;
      this.keepLast(body);
      return leasedResponse(body);
    }
    // a short one goes out as a one-byte string (its bytes are ASCII): Node then writes the headers and
    // the body with one call, where a Buffer body takes a writev of both (get by id: about 15% more
    // answers a second over five alternating runs)
    return new Response(body.toString('latin1', 0, length), { status: 200, headers: HEADERS });
  }

  /** Nothing will ask this reply again: its leases are given back (once, however often it is called). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.keepLast(undefined);
    this.spare = undefined;
    if (typeof this.head !== 'string') returnAnswer(this.head);
  }

  private keepLast(body: Buffer | undefined): void {
    if (this.lastBody) returnAnswer(this.lastBody);
    if (body) leaseAnswer(body);
    this.lastBody = body;
  }
}

/** `text` (ASCII, at most `LONG_HEAD` characters) as a flat one-byte string. */
function oneByte(text: string): string {
  return SHORT_BODY.toString('latin1', 0, SHORT_BODY.write(text, 0, 'latin1'));
}

let tailMs = NaN;
let tailText = '';

/**
 * `, "time": <time>, "version": …}` for a time in milliseconds: the same string for every answer
 * within one millisecond (tens of them under load).
 */
function successTail(ms: number): string {
  if (ms !== tailMs) {
    tailMs = ms;
    tailText = `, "time": ${pyFloat(ms / 1000)}${SUCCESS_TAIL}`;
  }
  return tailText;
}

/** A long answer, under a lease of its own until it has been written. */
function leasedResponse(body: Buffer): Response {
  leaseAnswer(body);
  return new Response(body as Uint8Array<ArrayBuffer>, { status: 200, headers: HEADERS });
}

/** `success(ctx, value)` where `valueJson` is `pyDumps(value)`. */
export function successJson(ctx: ReplyContext, valueJson: string): Response {
  const prepared = PreparedSuccess.ofJson(valueJson);
  const answer = prepared.respond(ctx);
  prepared.dispose();
  return answer;
}

export function success(ctx: ReplyContext, value: unknown, id = 1, extra: Record<string, unknown> = {}): Response {
  const result: Record<string, unknown> = { status: true, value, ...extra };
  return signedResponse(
    ctx,
    { id, jsonrpc: '2.0', result, time: now(ctx.clock), version: VERSION, versionnumber: VERSION_NUMBER },
    200,
  );
}

function errorContent(clock: Clock, error: PiError): Record<string, unknown> {
  return {
    detail: error.detail,
    id: 1,
    jsonrpc: '2.0',
    result: { error: { code: error.code, message: error.text }, status: false },
    time: now(clock),
    version: VERSION,
  };
}

export function failure(ctx: ReplyContext, error: PiError): Response {
  return signedResponse(ctx, errorContent(ctx.clock, error), error.status);
}

/**
 * An error answered after signing itself failed: when the request body cannot be read as parameters,
 * the signer's second attempt to read them fails too, so the 500 leaves unsigned, in Flask's compact
 * `jsonify` form, with the Cache-Control header already set.
 */
export function unsignedFailure(clock: Clock, error: PiError): Response {
  return new Response(`${pyDumps(errorContent(clock, error), { compact: true })}\n`, { status: error.status, headers: HEADERS });
}
