/**
 * Foreman's answers that are not records: the error envelopes of the API v2 views, and the few
 * answers produced elsewhere in the stack (Rails routing, the JSON parameter parser, Apache).
 */

/** A finished answer: status, body text and content type. Handlers return one or throw a Halt. */
export interface Reply {
  readonly status: number;
  /** The text, or its UTF-8 bytes (cached answers keep the encoded form). */
  readonly body: string | Uint8Array;
  readonly type: string;
}

export const JSON_TYPE = 'application/json; charset=utf-8';

/** Stops a handler with this answer. */
export class Halt extends Error {
  constructor(readonly reply: Reply) {
    super(`halt ${reply.status}`);
  }
}

export function halt(reply: Reply): never {
  throw new Halt(reply);
}

/** What the JSON views emit (the json gem: no HTML escaping). */
export function json(status: number, value: unknown): Reply {
  return { status, body: JSON.stringify(value), type: JSON_TYPE };
}

/** What `to_json` (ActiveSupport) emits: `<`, `>`, `&`, U+2028 and U+2029 escaped. */
export function asJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `{"error": {...}}`: the v2 error layout around an error view. */
function wrapped(status: number, error: Record<string, unknown>): Reply {
  return json(status, { error });
}

export function unauthorized(login: string): Reply {
  return wrapped(401, { message: `Unable to authenticate user ${login}` });
}

export function accountDisabled(): Reply {
  return wrapped(401, { message: 'User account is disabled, please contact your administrator' });
}

export function tooManyTries(): Reply {
  return wrapped(401, { message: 'Too many tries, please try again in a few minutes.' });
}

/** An expired `_session_id` session: 401 with an empty plain-text body. */
export function sessionExpired(): Reply {
  return { status: 401, body: '', type: 'text/plain; charset=utf-8' };
}

export function accessDenied(permission: string): Reply {
  return wrapped(403, {
    message: 'Access denied',
    details: `Missing one of the required permissions: ${permission}`,
    missing_permissions: [permission],
  });
}

/** A refusal with its own reason (then the view leaves `missing_permissions` unset). */
export function accessDeniedBecause(details: string): Reply {
  return wrapped(403, { message: 'Access denied', details, missing_permissions: null });
}

/** `Resource <resource> not found by id '<id as given>'`. */
export function resourceNotFound(resource: string, id: string): Reply {
  return wrapped(404, { message: `Resource ${resource} not found by id '${id}'` });
}

/** A 404 rendered without the error layout (unknown taxonomy context, unknown nested parent). */
export function plainNotFound(message: string): Reply {
  return json(404, { message });
}

/** Rails' answer for a path (or method) no route matches. */
export function routeNotFound(): Reply {
  return { status: 404, body: asJson({ status: 404, error: 'Not Found' }), type: JSON_TYPE };
}

export function unsupportedMediaType(contentType: string): Reply {
  return wrapped(415, {
    message: `Media type in 'Content-Type: ${contentType}' is unsupported in API v2 for POST and PUT requests. Please use 'Content-Type: application/json'.`,
  });
}

export function jsonParseError(detail: string): Reply {
  return {
    status: 400,
    body: asJson({ status: 400, error: `There was a problem in the JSON you submitted: ${detail}` }),
    type: JSON_TYPE,
  };
}

/** A scoped_search failure (bad `search` or `order`). */
export function queryNotSupported(message: string): Reply {
  return wrapped(400, { message, class: 'ScopedSearch::QueryNotSupported' });
}

/** A model validation failure. */
export function unprocessable(id: number | null, errors: ValidationErrors): Reply {
  return wrapped(422, { id, errors: errors.toHash(), full_messages: errors.fullMessages() });
}

/** 422 with a message only (an association that could not be found). */
export function associationNotFound(message: string): Reply {
  return wrapped(422, { message });
}

export function customError(status: number, message: string): Reply {
  return wrapped(status, { message });
}

/** The fixed text Foreman answers for a NoMethodError. */
export const NO_METHOD_MESSAGE =
  "Internal Server Error: the server was unable to finish the request. This may be caused by unavailability of some required service, incorrect API call or a server-side bug. There may be more information in the server's logs.";

export function internalError(message: string = NO_METHOD_MESSAGE): Reply {
  return wrapped(500, { message });
}

/** Apache's own page for a request body over its limit (Foreman runs behind Apache). */
export function payloadTooLarge(path: string, method: string): Reply {
  const escaped = path.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return {
    status: 413,
    type: 'text/html; charset=iso-8859-1',
    body:
      '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>413 Request Entity Too Large</title>\n' +
      `</head><body>\n<h1>Request Entity Too Large</h1>\nThe requested resource<br />${escaped}<br />\n` +
      `does not allow request data with ${method} requests, or the amount of data provided in\nthe request exceeds the capacity limit.\n</body></html>\n`,
  };
}

const REASONS: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 408: 'Request Timeout',
  409: 'Conflict', 413: 'Payload Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Entity', 429: 'Too Many Requests',
  500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

/** Foreman's error body for any status (fault injection). */
export function errorForStatus(status: number): Reply {
  if (status === 401) return unauthorized('');
  if (status === 403) return accessDeniedBecause('Missing one of the required permissions');
  if (status === 404) return routeNotFound();
  if (status === 500) return internalError();
  return customError(status, REASONS[status] ?? `HTTP ${status}`);
}

/** How Rails names attributes in full messages (`humanize`). */
export function humanize(attribute: string): string {
  const s = attribute.replace(/_id$/, '').replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** An ActiveModel::Errors: messages per attribute, in the order they were added. */
export class ValidationErrors {
  private readonly byAttribute = new Map<string, string[]>();

  add(attribute: string, message: string): void {
    const list = this.byAttribute.get(attribute);
    if (list) list.push(message);
    else this.byAttribute.set(attribute, [message]);
  }

  has(attribute: string): boolean {
    return this.byAttribute.has(attribute);
  }

  get empty(): boolean {
    return this.byAttribute.size === 0;
  }

  toHash(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const [k, v] of this.byAttribute) out[k] = [...v];
    return out;
  }

  fullMessages(): string[] {
    const out: string[] = [];
    for (const [k, v] of this.byAttribute) for (const m of v) out.push(k === 'base' ? m : `${humanize(k)} ${m}`);
    return out;
  }
}
