/** Why a call to a product failed, in terms the UI can act on. */
export type BackendErrorKind =
  | 'auth' // credentials missing, wrong or expired (after one transparent renewal)
  | 'forbidden' // authenticated, but not allowed
  | 'not-found'
  | 'validation' // the product refused the input
  | 'conflict'
  | 'rate-limited'
  | 'server' // the product failed (5xx)
  | 'network' // unreachable, connection reset…
  | 'tls'
  | 'timeout'
  | 'cancelled'
  | 'protocol'; // an answer this extension cannot understand

/**
 * The one error type backends throw. It carries the HTTP status, the product's own error code and a
 * readable message — never a secret (messages are redacted before they get here).
 */
export class BackendError extends Error {
  constructor(
    readonly kind: BackendErrorKind,
    message: string,
    readonly details: {
      status?: number;
      /** The product's own code: `ERROR_SESSION_TOKEN_INVALID`, `4012`, `905`… */
      code?: string;
      /** Messages per field, for the editor. */
      fields?: Record<string, string[]>;
      /** Seconds the product asked us to wait (Retry-After). */
      retryAfter?: number;
    } = {},
  ) {
    super(message);
    this.name = 'BackendError';
  }

  get status(): number | undefined {
    return this.details.status;
  }

  get code(): string | undefined {
    return this.details.code;
  }

  /** "Foreman 422: Mail is invalid" style text for notifications and error nodes. */
  describe(productTitle: string): string {
    const where = [productTitle, this.details.status, this.details.code && this.details.code !== String(this.details.status) ? this.details.code : undefined]
      .filter((x) => x !== undefined && x !== '')
      .join(' ');
    return `${where}: ${this.message}`;
  }
}

export function isBackendError(e: unknown): e is BackendError {
  return e instanceof BackendError;
}

/** The kind of failure an HTTP status means, when the product's body says nothing better. */
export function kindForStatus(status: number): BackendErrorKind {
  if (status === 401) return 'auth';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'server';
  return 'validation';
}
