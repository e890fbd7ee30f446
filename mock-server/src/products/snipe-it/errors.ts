import { LOGIN_PATH, MSG } from './constants.js';
import { envelope, htmlPage, json, prettyJson, redirect, type Reply } from './http.js';

/** What decides between Snipe-IT's JSON error bodies and its web behaviour (redirects, HTML pages). */
export interface Negotiation {
  /** Laravel's `expectsJson()`: a JSON Accept type first, or an XHR that accepts anything. */
  readonly expectsJson: boolean;
  /** The product root URL (`APP_URL`), e.g. `http://127.0.0.1:3000/snipe-it`. */
  readonly appUrl: string;
  /** Where `redirect()->back()` goes. */
  readonly previousUrl: string;
}

/** Passport rejected the token (or there was none). */
export function unauthenticated(n: Negotiation): Reply {
  return n.expectsJson ? json({ error: MSG.unauthenticated }, 401) : redirect(`${n.appUrl}${LOGIN_PATH}`);
}

/** An AuthorizationException, which Laravel itself renders. */
export function forbidden(n: Negotiation): Reply {
  return n.expectsJson ? prettyJson({ message: MSG.unauthorized }, 403) : htmlPage(403, 'Forbidden', MSG.unauthorized);
}

/** Any exception the controllers do not expect. */
export function serverError(n?: Negotiation): Reply {
  return !n || n.expectsJson ? prettyJson({ message: MSG.serverError }, 500) : htmlPage(500, 'Server Error', 'Server Error');
}

/** No route at all (outside `/api/v1`). */
export function routeNotFound(n: Negotiation): Reply {
  return n.expectsJson ? envelope('error', null, MSG.endpointNotFound, 404) : htmlPage(404, 'Not Found', '404 - Page Not Found');
}

export function methodNotAllowed(n: Negotiation): Reply {
  return n.expectsJson ? envelope('error', null, MSG.methodNotAllowed, 405) : htmlPage(405, 'Method Not Allowed', MSG.methodNotAllowed);
}

export function tooManyRequests(n: Negotiation, headers: Record<string, string>): Reply {
  const reply = n.expectsJson ? envelope('error', null, MSG.tooManyRequests, 429) : htmlPage(429, 'Too Many Requests', MSG.tooManyRequests);
  return { ...reply, headers };
}

/**
 * A ModelNotFoundException (route-model binding, `findOrFail`): a 200 error envelope naming the
 * model for API callers, a redirect to the model's web index otherwise.
 */
export function modelNotFound(n: Negotiation, model: string, webIndex: string): Reply {
  return n.expectsJson ? envelope('error', null, `${model} not found`) : redirect(`${n.appUrl}${webIndex}`);
}

/** A failed form request: the field → messages envelope (HTTP 200), or a redirect for web callers. */
export function validationFailed(n: Negotiation, messages: Record<string, string[]>, redirectTo?: string): Reply {
  return n.expectsJson ? envelope('error', null, messages) : redirect(redirectTo ?? n.previousUrl);
}

/** Snipe-IT's JSON answer for an HTTP status raised anywhere (fault injection, body limit). */
export function errorForStatus(status: number): Reply {
  switch (status) {
    case 401:
      return json({ error: MSG.unauthenticated }, 401);
    case 403:
      return prettyJson({ message: MSG.unauthorized }, 403);
    case 404:
      return envelope('error', null, MSG.endpointNotFound, 404);
    case 405:
      return envelope('error', null, MSG.methodNotAllowed, 405);
    case 429:
      return envelope('error', null, MSG.tooManyRequests, 429);
    case 500:
      return prettyJson({ message: MSG.serverError }, 500);
    default:
      // the Handler's default case: the status code itself as the message
      return json({ status: 'error', messages: status, payload: null }, status);
  }
}
