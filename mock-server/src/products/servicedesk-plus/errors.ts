/**
 * ServiceDesk Plus answers every failure with one envelope: a top-level `status_code` 4000 ("failed")
 * and a `messages` list whose items carry the specific code (4001, 4007, 4012, …), optionally the
 * offending `field`, and usually a human `message`. This module builds those answers.
 */

const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';

export interface SdpMessage {
  readonly status_code: number;
  readonly field?: string;
  readonly type: 'failed';
  readonly message?: string;
}

/** A failure the request handlers throw; the router turns it into the product's answer. */
export class SdpError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly item: SdpMessage,
  ) {
    super(item.message ?? `status ${item.status_code}`);
  }
}

/** Builds a message item in the key order the product's examples use. */
function item(code: number, field: string | undefined, message: string | undefined): SdpMessage {
  return {
    status_code: code,
    ...(field !== undefined ? { field } : {}),
    type: 'failed',
    ...(message !== undefined ? { message } : {}),
  };
}

function failureBody(m: SdpMessage): unknown {
  return { response_status: { status_code: 4000, messages: [m], status: 'failed' } };
}

export function sdpJson(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': JSON_CONTENT_TYPE, ...headers } });
}

const JSON_HEADERS = { 'Content-Type': JSON_CONTENT_TYPE } as const;

/** A success answer whose JSON text (or its UTF-8 bytes) is already built. */
export function sdpText(text: string | Uint8Array<ArrayBuffer>): Response {
  return new Response(text, { status: 200, headers: JSON_HEADERS });
}

/** The success status as list answers carry it (an array), and as single answers do. */
export const SUCCESS_LIST_TEXT = '[{"status_code":2000,"status":"success"}]';
export const SUCCESS_TEXT = '{"status_code":2000,"status":"success"}';

export function errorOf(e: SdpError, headers: Record<string, string> = {}): Response {
  return sdpJson(failureBody(e.item), e.httpStatus, headers);
}

export const SUCCESS = { status_code: 2000, status: 'success' } as const;

/** 4001: a key the entity does not have (the product's input filter names it this way). */
export const extraKey = (field: string) => new SdpError(400, item(4001, field, 'EXTRA_KEY_FOUND_IN_JSON'));
/** 4001: an id or name that does not exist, or a value that may not be set. */
export const invalidValue = (field: string, message = `Value given for ${field} is not valid`) =>
  new SdpError(400, item(4001, field, message));
/** 4001 on `input_data` itself: not a JSON object the reader could make sense of. */
/** 4001 without a field: the operation is not possible for this record. */
export const notPossible = (message: string) => new SdpError(400, item(4001, undefined, message));
export const malformedInput = () => new SdpError(400, item(4001, 'input_data', 'JSON_PARSE_ERROR'));
/** 4012: a mandatory field is missing or empty (the product's example carries no message). */
export const mandatory = (field: string) => new SdpError(400, item(4012, field, undefined));
export const notUnique = (field: string) => new SdpError(400, item(4008, field, `Value given for ${field} already exists`));
export const readOnly = (field: string) => new SdpError(400, item(4014, field, `Cannot edit read-only field ${field}`));
export const typeMismatch = (field: string) => new SdpError(400, item(4021, field, `Data type mismatch for ${field}`));
export const notFound = () => new SdpError(404, item(4007, undefined, 'Invalid URL'));
export const methodNotAllowed = () => new SdpError(405, item(4007, undefined, 'Method not allowed'));
export const forbidden = (message = 'User does not have this permission') => new SdpError(403, item(4002, undefined, message));
export const invalidApiKey = () => new SdpError(401, item(4022, undefined, 'Invalid API key'));
export const tooLarge = () => new SdpError(413, item(4000, undefined, 'Request entity too large'));
/** 4004: internal error; the product's table documents it without a message. */
export const internalError = () => new SdpError(500, item(4004, undefined, undefined));

/** The product's answer for any HTTP status (fault injection asks for 500, 503, 429, …). */
export function errorForStatus(status: number): SdpError {
  switch (status) {
    case 400:
      return new SdpError(400, item(4000, undefined, 'Bad request'));
    case 401:
      return invalidApiKey();
    case 403:
      return forbidden();
    case 404:
      return notFound();
    case 405:
      return methodNotAllowed();
    case 413:
      return tooLarge();
    case 429:
      return new SdpError(429, item(4015, undefined, 'URL blocked as maximum access limit exceeded'));
    default:
      return status >= 500 ? new SdpError(status, item(4004, undefined, undefined)) : new SdpError(status, item(4000, undefined, 'Request failed'));
  }
}
