import * as http from 'node:http';
import * as https from 'node:https';
import { BackendError } from './backend-error';
import type { Redactor } from './redactor';

/**
 * The one path by which the extension talks HTTP: timeouts, cancellation, TLS verification (on unless
 * a connection opts out), retry with backoff for idempotent reads on 429/503 (honouring Retry-After),
 * and one redacted log line per attempt. Any HTTP status is returned to the caller, who knows the
 * product's error format; only transport failures throw (as BackendError).
 */
export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The raw body (pictures); `text` is the same decoded as UTF-8. */
  bytes: Buffer;
  text: string;
  /** The body parsed as JSON; undefined when it is empty or not JSON. */
  json(): unknown;
}

export interface HttpOptions {
  /** Per-attempt timeout, read at each request (it is a setting). */
  timeoutMs: () => number;
  rejectUnauthorized: boolean;
  redactor: Redactor;
  log: (line: string) => void;
  /** Retries for idempotent reads on 429/503; 0 disables. */
  retries?: number;
  /** Upper bound for one wait, whatever Retry-After says. */
  maxRetryWaitMs?: number;
}

const MAX_BODY = 64 * 1024 * 1024;
const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|SSL|EPROTO/;

export class HttpClient {
  constructor(private readonly options: HttpOptions) {}

  async send(req: HttpRequest): Promise<HttpResponse> {
    const retries = req.method === 'GET' ? (this.options.retries ?? 2) : 0;
    for (let attempt = 0; ; attempt++) {
      const res = await this.once(req);
      if ((res.status === 429 || res.status === 503) && attempt < retries) {
        const wait = this.retryDelay(res, attempt);
        this.options.log(`  ↻ ${res.status}: retrying in ${Math.round(wait / 100) / 10} s (attempt ${attempt + 2} of ${retries + 1})`);
        await sleep(wait, req.signal);
        continue;
      }
      return res;
    }
  }

  private retryDelay(res: HttpResponse, attempt: number): number {
    const max = this.options.maxRetryWaitMs ?? 30_000;
    const header = res.headers['retry-after'];
    const value = Array.isArray(header) ? header[0] : header;
    if (value !== undefined) {
      const seconds = Number(value);
      const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - Date.now();
      if (Number.isFinite(ms)) return Math.min(max, Math.max(0, ms));
    }
    return Math.min(max, 500 * 2 ** attempt + Math.floor(Math.random() * 250));
  }

  private once(req: HttpRequest): Promise<HttpResponse> {
    const started = Date.now();
    const shown = `${req.method} ${this.options.redactor.redactUrl(req.url)}`;
    const timeoutMs = this.options.timeoutMs();
    return new Promise<HttpResponse>((resolve, reject) => {
      if (req.signal?.aborted) {
        reject(new BackendError('cancelled', 'Cancelled'));
        return;
      }
      let url: URL;
      try {
        url = new URL(req.url);
      } catch {
        reject(new BackendError('network', `Not a valid URL: ${this.options.redactor.redact(req.url)}`));
        return;
      }
      const lib = url.protocol === 'https:' ? https : http;
      const body = req.body === undefined ? undefined : Buffer.from(req.body, 'utf8');
      const headers: Record<string, string | number> = { ...req.headers };
      if (body) headers['Content-Length'] = body.length;
      let settled = false;
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.signal?.removeEventListener('abort', onAbort);
        fn();
      };
      const fail = (error: BackendError) =>
        finish(() => {
          this.options.log(`${shown} → ${error.kind} (${Date.now() - started} ms): ${error.message}`);
          reject(error);
        });
      const request = lib.request(
        url,
        { method: req.method, headers, rejectUnauthorized: this.options.rejectUnauthorized },
        (response) => {
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_BODY) {
              request.destroy();
              fail(new BackendError('protocol', `The answer is larger than ${MAX_BODY / 1024 / 1024} MB`));
              return;
            }
            chunks.push(chunk);
          });
          response.on('error', (e) => fail(this.transportError(e, url)));
          response.on('end', () =>
            finish(() => {
              const bytes = Buffer.concat(chunks);
              const text = bytes.toString('utf8');
              const status = response.statusCode ?? 0;
              this.options.log(`${shown} → ${status} (${Date.now() - started} ms)`);
              let parsed: { value: unknown } | undefined;
              resolve({
                status,
                headers: response.headers,
                bytes,
                text,
                json: () => {
                  if (!parsed) {
                    try {
                      parsed = { value: text ? JSON.parse(text) : undefined };
                    } catch {
                      parsed = { value: undefined };
                    }
                  }
                  return parsed.value;
                },
              });
            }),
          );
        },
      );
      const timer = setTimeout(() => {
        request.destroy();
        fail(new BackendError('timeout', `No answer from ${url.host} within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      const onAbort = () => {
        request.destroy();
        fail(new BackendError('cancelled', 'Cancelled'));
      };
      req.signal?.addEventListener('abort', onAbort, { once: true });
      request.on('error', (e) => fail(this.transportError(e, url)));
      if (body) request.write(body);
      request.end();
    });
  }

  private transportError(e: Error & { code?: string }, url: URL): BackendError {
    const code = e.code ?? '';
    if (TLS_CODES.test(code) || TLS_CODES.test(e.message)) {
      return new BackendError(
        'tls',
        `TLS certificate of ${url.host} was refused (${code || e.message}). Fix the server certificate, or turn off certificate verification for this connection if you trust it.`,
        { code },
      );
    }
    const reason =
      code === 'ECONNREFUSED'
        ? 'connection refused — is the server running?'
        : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
          ? 'host name not found'
          : code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET'
            ? 'the connection was dropped'
            : code === 'ETIMEDOUT'
              ? 'the connection timed out'
              : this.options.redactor.redact(e.message);
    return new BackendError('network', `Cannot reach ${url.host}: ${reason}`, { code: code || undefined });
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new BackendError('cancelled', 'Cancelled'));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new BackendError('cancelled', 'Cancelled'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
