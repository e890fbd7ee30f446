import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { startMock, type RunningMock } from '../../support/mock-process';

/** A thin ITSM-NG API client for black-box tests: raw status, headers and body of every call. */

export const APP_TOKEN = 'mock-app-token';
export const ROSTER_PASSWORD = 'Passw0rd!';

export interface Res {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON body (undefined for an empty body). */
  json: any;
}

export interface Call {
  method?: string;
  /** A JSON-serialisable body (sent with Content-Type: application/json unless `contentType` says otherwise). */
  body?: unknown;
  /** Raw body text, sent as is. */
  raw?: string;
  contentType?: string | null;
  headers?: Record<string, string>;
  session?: string | null;
  appToken?: string | null;
}

export class Itsm {
  readonly api: string;
  constructor(readonly mock: RunningMock) {
    this.api = `${mock.baseUrl}/itsm-ng/apirest.php`;
  }

  static async start(args: string[] = []): Promise<Itsm> {
    return new Itsm(await startMock(['--port', '0', '--in-memory', '--users', '50', ...args]));
  }

  stop(): Promise<unknown> {
    return this.mock.stop();
  }

  async call(path: string, c: Call = {}): Promise<Res> {
    const headers: Record<string, string> = { ...(c.headers ?? {}) };
    if (c.appToken !== null) headers['App-Token'] = c.appToken ?? APP_TOKEN;
    if (c.session) headers['Session-Token'] = c.session;
    let body: string | undefined = c.raw;
    if (c.body !== undefined) body = JSON.stringify(c.body);
    if (body !== undefined && c.contentType !== null) headers['Content-Type'] = c.contentType ?? 'application/json';
    const res = await fetch(`${this.api}/${path}`, { method: c.method ?? 'GET', headers, body });
    const text = await res.text();
    let json: unknown;
    if (text) {
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
    }
    return { status: res.status, headers: res.headers, text, json };
  }

  /**
   * A request sent exactly as given through node:http (fetch refuses a GET body and always adds a
   * Content-Type to a string body).
   */
  raw(method: string, path: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; json: any }> {
    const url = new URL(`${this.api}/${path}`);
    return new Promise((resolve, reject) => {
      const req = httpRequest(url, { method, headers: { 'Content-Length': String(Buffer.byteLength(body)), ...headers } }, (res) => {
        let data = '';
        res.setEncoding('utf8').on('data', (d: string) => (data += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: data ? JSON.parse(data) : undefined }));
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Opens a session (Basic auth) and returns its token. */
  async login(login = 'glpi', password = 'glpi'): Promise<string> {
    const res = await this.call('initSession', { headers: { Authorization: `Basic ${Buffer.from(`${login}:${password}`).toString('base64')}` } });
    assert.equal(res.status, 200, res.text);
    return res.json.session_token as string;
  }

  async reset(): Promise<void> {
    const res = await fetch(`${this.mock.baseUrl}/_mock/reset`, { method: 'POST' });
    assert.equal(res.status, 200);
  }

  /** A roster user's login (the roster is the same in every run for the same seed). */
  async loginOf(id: number, session: string): Promise<string> {
    const res = await this.call(`User/${id}`, { session });
    return res.json.name as string;
  }
}

/** `["CODE", "message"]` with the documentation pointer when the product adds one. */
export function assertError(res: Res, status: number, code: string, message?: string | RegExp, api?: string): void {
  assert.equal(res.status, status, res.text);
  assert.ok(Array.isArray(res.json), `error body is an array: ${res.text}`);
  assert.equal(res.json.length, 2);
  assert.equal(res.json[0], code);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json; charset=UTF-8$/);
  if (message instanceof RegExp) assert.match(String(res.json[1]), message);
  else if (message !== undefined) {
    const expected = api ? `${message}; view documentation in your browser at ${api}/#${code}` : message;
    assert.equal(res.json[1], expected);
  }
}
