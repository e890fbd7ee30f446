import { createHmac } from 'node:crypto';
import type { Clock } from '../product.js';
import type { PiError } from './errors.js';
import { PyFloat, pyDumps } from './pyjson.js';
import { truthy } from './params.js';

/**
 * The JSON-RPC-like envelopes and the response post-processing every API blueprint applies.
 *
 * privacyIDEA's `after_request` adds `Cache-Control: no-cache`, echoes a truthy `nonce` request parameter
 * and signs the body: `signature` is `rsa_sha256_pss:<hex>` over `json.dumps(content, sort_keys=True)`,
 * and the body is rewritten with that same serialisation (spaced separators, sorted keys, ASCII only).
 * The mock's signature has the real format and length (a 2048-bit key's 256 bytes) but is an HMAC
 * expansion over the same text, not an RSA signature: clients that do not verify signatures cannot tell.
 */
const VERSION_NUMBER = '3.13.3';
const VERSION = `privacyIDEA ${VERSION_NUMBER}`;

const SIGNATURE_KEY = 'privacyidea-mock-response-signature';
const SIGNATURE_BYTES = 256;

function fakeSignature(text: string): string {
  // one pass over the (possibly large) body, then cheap expansion to the signature's length
  const digest = createHmac('sha256', SIGNATURE_KEY).update(text).digest();
  let hex = '';
  for (let block = 0; hex.length < SIGNATURE_BYTES * 2; block++) {
    hex += createHmac('sha256', SIGNATURE_KEY).update(String(block)).update(digest).digest('hex');
  }
  return `rsa_sha256_pss:${hex.slice(0, SIGNATURE_BYTES * 2)}`;
}

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
  const at = text.lastIndexOf(', "time": ');
  const body = `${text.slice(0, at)}, "signature": "${fakeSignature(text)}"${text.slice(at)}`;
  return new Response(body, { status, headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache' } });
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
  return new Response(`${pyDumps(errorContent(clock, error), { compact: true })}\n`, {
    status: error.status,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache' },
  });
}
