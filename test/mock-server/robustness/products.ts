/**
 * The fuzz suite's view of each product: how a valid caller signs in, the routes (from each product's
 * README in mock-server/src/products/), a valid body for the routes that take one, and the product's own
 * error shapes — including the few 5xx answers the real product gives for bad input (documented there).
 */
import { send, type RawResponse } from './raw-http';

export type BodyKind = 'json' | 'sdp-form';

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** `{id}` is replaced by a valid id, or by a hostile one. */
  path: string;
  /** A query string the route is normally called with (without `?`). */
  query?: string;
  /** A body the product accepts (where the route takes one), as a JSON value. */
  body?: unknown;
  bodyKind?: BodyKind;
}

/** What kind of bad input a case sends; products document 5xx answers per kind. */
export type CaseKind = 'id' | 'query' | 'body' | 'auth' | 'size';

export interface FuzzProduct {
  id: string;
  /** Headers of a signed-in caller. */
  signIn(base: string): Promise<Record<string, string>>;
  /** A valid id for `{id}` routes. */
  validId(base: string, headers: Record<string, string>): Promise<string>;
  routes: Route[];
  /** Is this an error answer in the product's own shape? */
  isOwnError(res: RawResponse): boolean;
  /** Is this 5xx one the real product gives for this kind of bad input (see its README)? */
  documented5xx(res: RawResponse, kind: CaseKind): boolean;
}

function json(res: RawResponse): unknown {
  try {
    return JSON.parse(res.text);
  } catch {
    return undefined;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const contentType = (res: RawResponse) => String(res.headers['content-type'] ?? '');
/** An HTML error page of the product's web server (Apache, Werkzeug) for this status. */
const htmlPageFor = (res: RawResponse) => contentType(res).startsWith('text/html') && res.text.includes(String(res.status));

async function mustJson(base: string, path: string, headers: Record<string, string>): Promise<unknown> {
  const res = await send(base, { method: 'GET', path, headers });
  if (res.status >= 300) throw new Error(`GET ${path} → ${res.status} ${res.text.slice(0, 200)}`);
  return JSON.parse(res.text);
}

const ITSM = '/itsm-ng/apirest.php';
const itsm: FuzzProduct = {
  id: 'itsm-ng',
  async signIn(base) {
    const res = await send(base, { method: 'GET', path: `${ITSM}/initSession`, headers: { 'App-Token': 'mock-app-token', Authorization: `Basic ${Buffer.from('glpi:glpi').toString('base64')}` } });
    const token = (json(res) as { session_token: string }).session_token;
    return { 'App-Token': 'mock-app-token', 'Session-Token': token };
  },
  async validId(base, headers) {
    return String(((await mustJson(base, `${ITSM}/User/?range=0-1`, headers)) as Array<{ id: number }>)[1].id);
  },
  routes: [
    { method: 'GET', path: `${ITSM}/User/{id}`, query: 'expand_dropdowns=true' },
    { method: 'GET', path: `${ITSM}/User/`, query: 'range=0-9&sort=1&order=ASC' },
    { method: 'GET', path: `${ITSM}/search/User/`, query: 'criteria[0][field]=1&criteria[0][searchtype]=contains&criteria[0][value]=a&range=0-9' },
    { method: 'GET', path: `${ITSM}/User/{id}/Group_User` },
    { method: 'GET', path: `${ITSM}/Group/{id}` },
    { method: 'GET', path: `${ITSM}/Profile/{id}/Profile_User` },
    { method: 'GET', path: `${ITSM}/getFullSession` },
    { method: 'GET', path: `${ITSM}/listSearchOptions/User` },
    { method: 'POST', path: `${ITSM}/User/`, body: { input: { name: 'fuzz.created', password: 'Fuzz-pass-1', password2: 'Fuzz-pass-1' } } },
    { method: 'PUT', path: `${ITSM}/User/{id}`, body: { input: { realname: 'Fuzzed' } } },
    { method: 'POST', path: `${ITSM}/Group_User/`, body: { input: { users_id: 2, groups_id: 1 } } },
    { method: 'DELETE', path: `${ITSM}/User/{id}`, query: 'force_purge=false' },
  ],
  isOwnError(res) {
    const v = json(res);
    // the message is a string, null (an unknown id on update) or the list of failures of an add;
    // a path Apache resolves outside apirest.php is Apache's own page
    return (Array.isArray(v) && typeof v[0] === 'string' && v[0].startsWith('ERROR') && (typeof v[1] === 'string' || v[1] === null || Array.isArray(v[1]))) || htmlPageFor(res);
  },
  // ERROR_SQL (500) for search parameters GLPI's SQL cannot take
  documented5xx: (res, kind) => res.status === 500 && kind === 'query' && (json(res) as string[] | undefined)?.[0] === 'ERROR_SQL',
};

const FOREMAN = '/foreman/api';
const foreman: FuzzProduct = {
  id: 'foreman',
  async signIn() {
    return { Authorization: `Basic ${Buffer.from('admin:changeme').toString('base64')}`, Accept: 'application/json', 'Content-Type': 'application/json' };
  },
  async validId(base, headers) {
    return String(((await mustJson(base, `${FOREMAN}/users?per_page=2&page=1`, headers)) as { results: Array<{ id: number }> }).results[1].id);
  },
  routes: [
    { method: 'GET', path: `${FOREMAN}/users`, query: 'page=1&per_page=5&search=login~a&order=login' },
    { method: 'GET', path: `${FOREMAN}/users/{id}` },
    { method: 'GET', path: `${FOREMAN}/users/{id}/roles` },
    { method: 'GET', path: `${FOREMAN}/usergroups/{id}` },
    { method: 'GET', path: `${FOREMAN}/roles/{id}` },
    { method: 'GET', path: `${FOREMAN}/locations/{id}/users` },
    { method: 'GET', path: `${FOREMAN}/auth_sources/{id}` },
    { method: 'GET', path: `${FOREMAN}/current_user` },
    { method: 'POST', path: `${FOREMAN}/users`, body: { user: { login: 'fuzz.created', mail: 'fuzz@example.com', auth_source_id: 1, password: 'Fuzz-pass-1' } } },
    { method: 'PUT', path: `${FOREMAN}/users/{id}`, body: { user: { firstname: 'Fuzzed' } } },
    { method: 'POST', path: `${FOREMAN}/usergroups`, body: { usergroup: { name: 'fuzz-group' } } },
    { method: 'DELETE', path: `${FOREMAN}/users/{id}` },
  ],
  isOwnError(res) {
    const v = json(res);
    return (isObject(v) && ('error' in v || 'message' in v)) || htmlPageFor(res);
  },
  // Foreman's documented 500s (page/per_page parsing, non-object associations, unknown *_names)
  documented5xx: (res, kind) => res.status === 500 && (kind === 'query' || kind === 'body') && isObject(json(res)) && 'error' in (json(res) as object),
};

const SNIPE = '/snipe-it/api/v1';
const snipe: FuzzProduct = {
  id: 'snipe-it',
  async signIn() {
    return { Authorization: 'Bearer mock-snipe-it-token', Accept: 'application/json', 'Content-Type': 'application/json' };
  },
  async validId(base, headers) {
    return String(((await mustJson(base, `${SNIPE}/users?limit=2&offset=1`, headers)) as { rows: Array<{ id: number }> }).rows[0].id);
  },
  routes: [
    { method: 'GET', path: `${SNIPE}/users`, query: 'limit=5&offset=0&sort=id&order=asc&search=a' },
    { method: 'GET', path: `${SNIPE}/users/{id}` },
    { method: 'GET', path: `${SNIPE}/users/{id}/assets` },
    { method: 'GET', path: `${SNIPE}/groups/{id}` },
    { method: 'GET', path: `${SNIPE}/companies/{id}` },
    { method: 'GET', path: `${SNIPE}/departments/{id}` },
    { method: 'GET', path: `${SNIPE}/users/me` },
    { method: 'POST', path: `${SNIPE}/users`, body: { first_name: 'Fuzz', username: 'fuzz.created', password: 'Fuzz-pass-1', password_confirmation: 'Fuzz-pass-1' } },
    { method: 'PATCH', path: `${SNIPE}/users/{id}`, body: { first_name: 'Fuzzed' } },
    { method: 'POST', path: `${SNIPE}/users/{id}/restore` },
    { method: 'DELETE', path: `${SNIPE}/users/{id}` },
  ],
  isOwnError(res) {
    const v = json(res);
    return isObject(v) && (v.status === 'error' || typeof v.message === 'string' || typeof v.error === 'string');
  },
  // `{"message":"Server Error"}` for values Laravel's query builder cannot take (limit=0, arrays in text columns)
  documented5xx: (res, kind) => res.status === 500 && (kind === 'query' || kind === 'body') && (json(res) as { message?: string } | undefined)?.message === 'Server Error',
};

const SDP = '/servicedesk-plus/api/v3';
const sdp: FuzzProduct = {
  id: 'servicedesk-plus',
  async signIn() {
    return { authtoken: 'mock-sdp-authtoken', Accept: 'application/vnd.manageengine.sdp.v3+json' };
  },
  async validId(base, headers) {
    const input = encodeURIComponent(JSON.stringify({ list_info: { row_count: 2 } }));
    return String(((await mustJson(base, `${SDP}/users?input_data=${input}`, headers)) as { users: Array<{ id: string }> }).users[1].id);
  },
  routes: [
    { method: 'GET', path: `${SDP}/users`, query: `input_data=${encodeURIComponent(JSON.stringify({ list_info: { row_count: 5, search_criteria: { field: 'name', condition: 'contains', value: 'a' } } }))}` },
    { method: 'GET', path: `${SDP}/users/{id}` },
    { method: 'GET', path: `${SDP}/departments/{id}` },
    { method: 'GET', path: `${SDP}/sites/{id}` },
    { method: 'GET', path: `${SDP}/roles/{id}` },
    { method: 'GET', path: `${SDP}/technicians/{id}` },
    { method: 'POST', path: `${SDP}/users`, body: { user: { name: 'Fuzz Created', email_id: 'fuzz@example.com' } }, bodyKind: 'sdp-form' },
    { method: 'PUT', path: `${SDP}/users/{id}`, body: { user: { phone: '+1 555 0100' } }, bodyKind: 'sdp-form' },
    { method: 'PUT', path: `${SDP}/users/{id}/change_as_technician`, body: { technician: { name: 'Fuzz' } }, bodyKind: 'sdp-form' },
    { method: 'DELETE', path: `${SDP}/users/{id}` },
  ],
  isOwnError(res) {
    const v = json(res);
    if (!isObject(v)) return false;
    const rs = v.response_status;
    const statuses = Array.isArray(rs) ? rs : [rs];
    return statuses.length > 0 && statuses.every((s) => isObject(s) && s.status === 'failed' && typeof s.status_code === 'number');
  },
  documented5xx: () => false,
};

const PI = '/privacyidea';
const privacyidea: FuzzProduct = {
  id: 'privacyidea',
  async signIn(base) {
    const res = await send(base, { method: 'POST', path: `${PI}/auth`, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'admin' }) });
    return { Authorization: (json(res) as { result: { value: { token: string } } }).result.value.token, 'Content-Type': 'application/json' };
  },
  async validId(base, headers) {
    const { 'Content-Type': _, ...get } = headers;
    return ((await mustJson(base, `${PI}/user/?resolver=local-sql`, get)) as { result: { value: Array<{ username: string }> } }).result.value[1].username;
  },
  routes: [
    { method: 'GET', path: `${PI}/user/`, query: 'resolver=local-sql&username={id}' },
    { method: 'GET', path: `${PI}/user/`, query: 'username=*a*&email=*' },
    { method: 'GET', path: `${PI}/resolver/{id}` },
    { method: 'GET', path: `${PI}/realm/` },
    { method: 'GET', path: `${PI}/resolver/` },
    { method: 'GET', path: `${PI}/defaultrealm` },
    { method: 'GET', path: `${PI}/realm/superuser` },
    { method: 'POST', path: `${PI}/user/`, body: { user: 'fuzz.created', resolver: 'local-sql', givenname: 'Fuzz', surname: 'Created' } },
    { method: 'PUT', path: `${PI}/user/`, body: { user: '{id}', resolver: 'local-sql', phone: '+1 555 0100' } },
    { method: 'DELETE', path: `${PI}/user/local-sql/{id}` },
  ],
  isOwnError(res) {
    const v = json(res);
    if (isObject(v) && isObject(v.result)) return v.result.status === false && isObject(v.result.error) && typeof (v.result.error as { code?: unknown }).code === 'number';
    return (isObject(v) && v.error === 'Not found') || htmlPageFor(res);
  },
  // an unreadable body, or a value that is not a string where one is required: -500 (README, Transport)
  documented5xx: (res, kind) => res.status === 500 && (kind === 'body' || kind === 'size' || kind === 'query') && (json(res) as { result?: { error?: { code?: number } } } | undefined)?.result?.error?.code === -500,
};

export const FUZZ_PRODUCTS: FuzzProduct[] = [itsm, foreman, snipe, sdp, privacyidea];
