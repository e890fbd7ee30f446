/**
 * ITSM-NG's error envelope: a two-element JSON array `[CODE, MESSAGE]`. Some codes append a pointer
 * to the inline documentation (`; view documentation in your browser at <api>/#CODE`); which ones is
 * fixed per call site in the product, and reproduced here per code.
 */

/** Thrown anywhere in a request; the router turns it into the response. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    /** A string message, or (bulk write results) any JSON value. */
    readonly payload: unknown,
    /** Append the documentation pointer to a string message. */
    readonly doc: boolean,
    /** Base for the documentation pointer; `undefined` = the API's absolute URL. */
    readonly docBase?: string,
  ) {
    super(typeof payload === 'string' ? payload : code);
  }
}

export const MSG = {
  itemNotFound: 'Item not found',
  rightMissing: "You don't have permission to perform this action.",
  badArray: 'input parameter must be an array of objects',
  sessionInvalid: 'session_token seems invalid',
  sessionMissing: 'parameter session_token is missing or empty',
  appTokenMissing: 'missing parameter app_token',
  appTokenWrong: 'parameter app_token seems wrong',
  loginMissing: 'parameter(s) login, password or user_token are missing',
  userTokenInvalid: 'parameter user_token seems invalid',
  badCredentials: 'Incorrect username or password',
  deactivated: "You don't have access to this application because your account was deactivated or removed",
  noRight: "You don't have right to connect",
  resourceNotFound: 'resource not found or not an instance of CommonDBTM',
  resourceMissing: 'missing resource',
  jsonForbidden: 'GET Request should not have json payload (http body)',
  jsonInvalid: 'JSON payload seems not valid',
  fileTooBig: 'The file seems too big',
  badRange: 'range must be in format : [start-end] with integers',
  badOrder: 'order must be DESC or ASC',
  malformedCriteria: 'Malformed search criteria',
  badFieldId: 'Bad field ID in search criteria',
  forbiddenFieldId: 'Forbidden field ID in search criteria',
  forcedisplayForbidden: "ID is forbidden along with 'forcedisplay' parameter.",
  badRequest: 'Bad Request',
  onlyPut: 'Only HTTP verb PUT is allowed',
} as const;

export const err = {
  itemNotFound: () => new ApiError(404, 'ERROR_ITEM_NOT_FOUND', MSG.itemNotFound, false),
  rightMissing: () => new ApiError(403, 'ERROR_RIGHT_MISSING', MSG.rightMissing, false),
  badArray: () => new ApiError(400, 'ERROR_BAD_ARRAY', MSG.badArray, true),
  sessionInvalid: () => new ApiError(401, 'ERROR_SESSION_TOKEN_INVALID', MSG.sessionInvalid, false),
  sessionMissing: () => new ApiError(400, 'ERROR_SESSION_TOKEN_MISSING', MSG.sessionMissing, true),
  appTokenMissing: () => new ApiError(400, 'ERROR_APP_TOKEN_PARAMETERS_MISSING', MSG.appTokenMissing, true),
  appTokenWrong: () => new ApiError(400, 'ERROR_WRONG_APP_TOKEN_PARAMETER', MSG.appTokenWrong, true),
  loginMissing: () => new ApiError(400, 'ERROR_LOGIN_PARAMETERS_MISSING', MSG.loginMissing, true),
  userTokenInvalid: () => new ApiError(401, 'ERROR_GLPI_LOGIN_USER_TOKEN', MSG.userTokenInvalid, false),
  login: (message: string) => new ApiError(401, 'ERROR_GLPI_LOGIN', message, false),
  resourceNotFound: () => new ApiError(400, 'ERROR_RESOURCE_NOT_FOUND_NOR_COMMONDBTM', MSG.resourceNotFound, true),
  resourceMissing: () => new ApiError(400, 'ERROR_RESOURCE_MISSING', MSG.resourceMissing, true),
  /** Raised while the body is parsed, before the API knows its own URL: the pointer has an empty base. */
  jsonForbidden: () => new ApiError(400, 'ERROR_JSON_PAYLOAD_FORBIDDEN', MSG.jsonForbidden, true, ''),
  jsonInvalid: () => new ApiError(400, 'ERROR_JSON_PAYLOAD_INVALID', MSG.jsonInvalid, false),
  fileTooBig: () => new ApiError(400, 'ERROR_UPLOAD_FILE_TOO_BIG_POST_MAX_SIZE', MSG.fileTooBig, false),
  rangeExceed: (total: number) =>
    new ApiError(400, 'ERROR_RANGE_EXCEED_TOTAL', `Provided range exceed total count of data: ${total}`, true),
  /** The generic `ERROR` code (400, documentation pointer). */
  generic: (message: string = MSG.badRequest) => new ApiError(400, 'ERROR', message, true),
  write: (status: number, code: string, payload: unknown) => new ApiError(status, code, payload, false),
};

/** The body of an error: `[code, message(+pointer)]`. */
export function errorBody(e: ApiError, apiUrl: string): [string, unknown] {
  if (typeof e.payload === 'string' && e.doc) {
    const base = e.docBase ?? apiUrl;
    return [e.code, `${e.payload}; view documentation in your browser at ${base}/#${e.code}`];
  }
  return [e.code, e.payload];
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Payload Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** The product's answer for an arbitrary status (fault injection, unexpected failures). */
export function errorForStatus(status: number): ApiError {
  switch (status) {
    case 401:
      return err.sessionInvalid();
    case 403:
      return err.rightMissing();
    case 404:
      return err.itemNotFound();
    case 405:
      return new ApiError(405, 'ERROR_METHOD_NOT_ALLOWED', 'Method Not Allowed', true);
    default:
      return new ApiError(status, 'ERROR', REASONS[status] ?? 'Error', true);
  }
}
