/**
 * privacyIDEA's error model: every failure carries an HTTP status, a numeric error code and a message, and
 * is answered in the JSON-RPC-like error envelope (see envelope.ts).
 *
 * Authentication (401), policy (403) and not-found (404) errors send their message as is; every other
 * privacyIDEA error (400) is sent as `str(error)`, i.e. prefixed with `ERR<code>: `. Anything unexpected
 * becomes a 500 with code -500 and Werkzeug's description of the status.
 */
export type Detail = null | Record<string, unknown>;

export class PiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    readonly text: string,
    /** The envelope's `detail`: null, or `{}` once the request's audit entry exists. */
    readonly detail: Detail = null,
  ) {
    super(text);
  }
}

export const ERROR = {
  AUTHENTICATE: 403,
  WRONG_CREDENTIALS: 4031,
  MISSING_USERNAME: 4032,
  AUTH_HEADER: 4033,
  DECODING_ERROR: 4304,
  TOKEN_EXPIRED: 4305,
  MISSING_RIGHT: 4306,
  POLICY: 303,
  RESOURCE_NOT_FOUND: 601,
  USER: 904,
  PARAMETER: 905,
  GENERIC: 10,
} as const;

export function authError(code: number, message: string, detail: Detail = null): PiError {
  return new PiError(401, code, message, detail);
}

/** A PrivacyIDEAError subclass that is not about authentication, policy or a missing resource. */
export function piError(code: number, message: string): PiError {
  return new PiError(400, code, `ERR${code}: ${message}`);
}

/** `getParam(..., optional=False)` on an absent key; the name is shown as Python's repr of a str. */
export function missingParameter(name: string): PiError {
  return piError(ERROR.PARAMETER, `Missing parameter: '${name}'`);
}

export function missingRole(roles: readonly string[], detail: Detail): PiError {
  const list = `[${roles.map((r) => `'${r}'`).join(', ')}]`;
  return authError(ERROR.MISSING_RIGHT, `Authentication failure. You do not have the necessary role (${list}) to access this resource!`, detail);
}

/** Werkzeug's reason phrases and descriptions, as its HTTP exceptions render them. */
const WERKZEUG: Record<number, [string, string]> = {
  400: ['Bad Request', 'The browser (or proxy) sent a request that this server could not understand.'],
  401: ['Unauthorized', "The server could not verify that you are authorized to access the URL requested. You either supplied the wrong credentials (e.g. a bad password), or your browser doesn't understand how to supply the credentials required."],
  403: ['Forbidden', "You don't have the permission to access the requested resource. It is either read-protected or not readable by the server."],
  404: ['Not Found', 'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.'],
  405: ['Method Not Allowed', 'The method is not allowed for the requested URL.'],
  408: ['Request Timeout', "The server closed the network connection because the browser didn't finish the request within the specified time."],
  409: ['Conflict', 'A conflict happened while processing the request. The resource might have been modified while the request was being processed.'],
  410: ['Gone', 'The requested URL is no longer available on this server and there is no forwarding address. If you followed a link from a foreign page, please contact the author of this page.'],
  413: ['Request Entity Too Large', 'The data value transmitted exceeds the capacity limit.'],
  415: ['Unsupported Media Type', 'The server does not support the media type transmitted in the request.'],
  422: ['Unprocessable Entity', 'The request was well-formed but was unable to be followed due to semantic errors.'],
  429: ['Too Many Requests', 'This user has exceeded an allotted request count. Try again later.'],
  500: ['Internal Server Error', 'The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application.'],
  501: ['Not Implemented', 'The server does not support the action requested by the browser.'],
  502: ['Bad Gateway', 'The proxy server received an invalid response from an upstream server.'],
  503: ['Service Unavailable', 'The server is temporarily unable to service your request due to maintenance downtime or capacity problems. Please try again later.'],
  504: ['Gateway Timeout', 'The connection to an upstream server timed out.'],
};

export function werkzeugReason(status: number): [string, string] {
  return WERKZEUG[status] ?? ['Unknown Error', 'An unknown error occurred.'];
}

/** `str(InternalServerError())`, which is what the 500 handler puts in the message. */
function werkzeugText(status: number): string {
  const [name, description] = werkzeugReason(status);
  return `${status} ${name}: ${description}`;
}

export function internalError(): PiError {
  return new PiError(500, -500, werkzeugText(500));
}

/**
 * The error privacyIDEA itself would send for a status a fault asks for: its own classes where one
 * exists for the status, otherwise the generic handler's `-<status>` code with Werkzeug's text.
 */
export function errorForStatus(status: number): PiError {
  switch (status) {
    case 400:
      return piError(ERROR.GENERIC, 'privacyIDEAError!');
    case 401:
      return authError(ERROR.AUTHENTICATE, 'Authentication failed.');
    case 403:
      return new PiError(403, ERROR.POLICY, 'Admin actions are defined, but the action is not allowed!');
    case 404:
      return new PiError(404, ERROR.RESOURCE_NOT_FOUND, 'The requested resource does not exist.');
    default:
      return new PiError(status, -status, werkzeugText(status));
  }
}
