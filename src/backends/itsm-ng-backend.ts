import * as v from 'valibot';
import type { Capabilities, FieldSpec, FieldValues, Group, Membership, MembershipKind, Page, PageQuery, ProductTerms, Profile, User } from '../model';
import { BackendError, kindForStatus } from './backend-error';
import { type BackendContext, type DirectoryBackend } from './directory-backend';
import type { HttpResponse } from './http';
import { nullableString, parseResponse } from './response-schema';

/**
 * ITSM-NG (GLPI 9.5 `apirest.php`): `initSession` with the App-Token and Basic or `user_token`
 * credentials gives a Session-Token, renewed once when it expires; collections page with `range`
 * and `Content-Range`; errors are `["ERROR_CODE", "message"]`.
 */
const SESSION_INVALID = 'ERROR_SESSION_TOKEN_INVALID';
const RANGE_EXCEEDED = 'ERROR_RANGE_EXCEED_TOTAL';

/** Search option ids of User (listSearchOptions/User). */
const OPT = { login: 1, id: 2, realname: 34, firstname: 9, email: 5, active: 8, groups: 13, profiles: 20 } as const;

const UserRow = v.looseObject({
  id: v.number(),
  name: v.string(),
  realname: nullableString,
  firstname: nullableString,
  phone: nullableString,
  phone2: nullableString,
  mobile: nullableString,
  registration_number: nullableString,
  comment: nullableString,
  is_active: v.optional(v.union([v.number(), v.boolean()]), 1),
  is_deleted: v.optional(v.union([v.number(), v.boolean()]), 0),
  authtype: v.optional(v.nullable(v.number())),
  begin_date: nullableString,
  end_date: nullableString,
  date_mod: nullableString,
  profiles_id: v.optional(v.unknown()),
});
type ItsmUser = v.InferOutput<typeof UserRow>;
const EmailRow = v.looseObject({ id: v.number(), email: v.string(), is_default: v.optional(v.union([v.number(), v.boolean()]), 0) });
const Named = v.looseObject({ id: v.number(), name: v.optional(v.nullable(v.string())), completename: nullableString, comment: nullableString });
const SearchResult = v.looseObject({ totalcount: v.number(), count: v.optional(v.number()), data: v.optional(v.array(v.record(v.string(), v.unknown())), []) });

const AUTH_TYPES = [
  { value: '1', label: 'ITSM-NG internal database' },
  { value: '2', label: 'Mail server' },
  { value: '3', label: 'LDAP directory' },
  { value: '4', label: 'Other (external)' },
];

export class ItsmNgBackend implements DirectoryBackend {
  readonly product = 'itsm-ng' as const;
  readonly terms: ProductTerms = {
    users: 'Users',
    trash: 'Trash',
    groups: 'Groups',
    profiles: 'Profiles',
    user: 'user',
    group: 'group',
    profile: 'profile',
    searchHint: 'Login, last name, first name or email contains…',
  };
  readonly capabilities: Capabilities = {
    createUser: true,
    updateUser: true,
    deleteUser: true,
    trash: true,
    purge: true,
    restore: true,
    enableDisable: true,
    groups: true,
    profiles: true,
    editGroupMembership: true,
    editProfileMembership: true,
    changeToTechnician: false,
    checkedOutItems: false,
    picture: true,
  };
  private session: Promise<string> | undefined;
  /** Id of each user's default UserEmail row, so an email change updates it. */
  private readonly emailRows = new Map<string, number>();

  constructor(private readonly ctx: BackendContext) {
    for (const s of [ctx.secrets.password, ctx.secrets.token, ctx.secrets.appToken]) ctx.redactor.add(s);
  }

  async testConnection(signal?: AbortSignal): Promise<string> {
    const body = parseResponse(v.looseObject({ session: v.looseObject({ glpiname: v.optional(v.string()), glpiactiveprofile: v.optional(v.looseObject({ name: v.optional(v.string()) })) }) }), await this.call('GET', '/getFullSession', undefined, signal), 'session');
    const profile = body.session.glpiactiveprofile?.name;
    return `ITSM-NG, signed in as ${body.session.glpiname ?? '?'}${profile ? ` (${profile})` : ''}`;
  }

  async listUsers(q: PageQuery): Promise<Page<User>> {
    if (q.search?.trim()) {
      const text = q.search.trim();
      const fields = [OPT.login, OPT.realname, OPT.firstname, OPT.email];
      return this.searchUsers(fields.map((field, i) => ({ field, searchtype: 'contains', value: text, link: i ? 'OR' : undefined })), q);
    }
    const start = Number(q.cursor ?? 0);
    const params = new URLSearchParams({ range: `${start}-${start + q.pageSize - 1}`, sort: 'name', order: 'ASC' });
    if (q.deleted) params.set('is_deleted', '1');
    const { rows, total } = await this.collection(`/User/?${params}`, q.signal);
    const users = parseResponse(v.array(UserRow), rows, 'users');
    const next = start + users.length;
    return { items: users.map((u) => this.toUser(u, undefined)), total, nextCursor: users.length && next < total ? String(next) : undefined };
  }

  async getUser(userId: string, signal?: AbortSignal): Promise<User> {
    const id = encodeURIComponent(userId);
    const [row, emails] = await Promise.all([this.call('GET', `/User/${id}`, undefined, signal), this.call('GET', `/User/${id}/UserEmail/?range=0-49`, undefined, signal)]);
    const user = parseResponse(UserRow, row, 'user');
    const list = parseResponse(v.array(EmailRow), emails ?? [], 'user emails');
    const main = list.find((e) => Number(e.is_default) === 1) ?? list[0];
    if (main) this.emailRows.set(userId, main.id);
    else this.emailRows.delete(userId);
    return this.toUser(user, main?.email);
  }

  async userFields(): Promise<FieldSpec[]> {
    return [
      { key: 'name', label: 'Login', type: 'string', group: 'identity', required: true, pattern: { source: "^[\\p{L}\\p{N}'@.\\-_ ]+$", message: 'The login is not valid: use letters, digits, spaces and \' @ . - _ only.' } },
      { key: 'realname', label: 'Last name', type: 'string', group: 'identity', maxLength: 255 },
      { key: 'firstname', label: 'First name', type: 'string', group: 'identity', maxLength: 255 },
      { key: 'registration_number', label: 'Administrative number', type: 'string', group: 'identity' },
      { key: 'email', label: 'Email', type: 'email', group: 'contact', help: 'The default address (ITSM-NG keeps emails as separate records).' },
      { key: 'phone', label: 'Phone', type: 'string', group: 'contact' },
      { key: 'phone2', label: 'Phone 2', type: 'string', group: 'contact' },
      { key: 'mobile', label: 'Mobile phone', type: 'string', group: 'contact' },
      { key: 'is_active', label: 'Active', type: 'boolean', group: 'security', default: true },
      { key: 'authtype', label: 'Authentication', type: 'enum', group: 'security', options: AUTH_TYPES, only: 'create', default: '1', help: 'Local users (internal database) need a password.' },
      { key: 'password', label: 'Password', type: 'password', group: 'security', required: true, help: 'For local authentication. When editing, leave empty to keep the current password.' },
      { key: 'password2', label: 'Password confirmation', type: 'password', group: 'security', required: true, sameAs: 'password' },
      { key: 'begin_date', label: 'Valid since', type: 'date', group: 'security' },
      { key: 'end_date', label: 'Valid until', type: 'date', group: 'security' },
      { key: 'comment', label: 'Comments', type: 'text', group: 'product' },
    ];
  }

  async createUser(values: FieldValues, signal?: AbortSignal): Promise<User> {
    const input = this.toInput(values, undefined);
    input.authtype ??= 1;
    const body = parseResponse(v.looseObject({ id: v.number() }), await this.call('POST', '/User/', { input }, signal), 'created user');
    return this.getUser(String(body.id), signal);
  }

  async updateUser(userId: string, changes: FieldValues, signal?: AbortSignal): Promise<User> {
    const input = this.toInput(changes, userId);
    const result = await this.call('PUT', `/User/${encodeURIComponent(userId)}`, { input }, signal);
    // a refused rename still answers 200, with the reason as the message
    const message = Array.isArray(result) ? String((result[0] as { message?: unknown })?.message ?? '') : '';
    if (message) throw new BackendError('validation', message, { status: 200, fields: /login/i.test(message) ? { name: [message] } : undefined });
    return this.getUser(userId, signal);
  }

  async deleteUser(userId: string, options: { purge: boolean }, signal?: AbortSignal): Promise<void> {
    await this.call('DELETE', `/User/${encodeURIComponent(userId)}?force_purge=${options.purge}`, undefined, signal);
  }

  async restoreUser(userId: string, signal?: AbortSignal): Promise<void> {
    await this.call('PUT', `/User/${encodeURIComponent(userId)}`, { input: { is_deleted: 0 } }, signal);
  }

  async setUserActive(userId: string, active: boolean, signal?: AbortSignal): Promise<User> {
    await this.call('PUT', `/User/${encodeURIComponent(userId)}`, { input: { is_active: active ? 1 : 0 } }, signal);
    return this.getUser(userId, signal);
  }

  async listGroups(q: PageQuery): Promise<Page<Group>> {
    const page = await this.namedPage('Group', q);
    return { ...page, items: page.items.map((g) => ({ id: String(g.id), name: g.completename ?? g.name ?? String(g.id), description: g.comment ?? undefined, raw: g })) };
  }

  listGroupMembers(groupId: string, q: PageQuery): Promise<Page<User>> {
    return this.searchUsers([{ field: OPT.groups, searchtype: 'equals', value: groupId }], q);
  }

  async listProfiles(q: PageQuery): Promise<Page<Profile>> {
    const page = await this.namedPage('Profile', q);
    return { ...page, items: page.items.map((p) => ({ id: String(p.id), name: p.name ?? String(p.id), description: p.comment ?? undefined, raw: p })) };
  }

  listProfileMembers(profileId: string, q: PageQuery): Promise<Page<User>> {
    return this.searchUsers([{ field: OPT.profiles, searchtype: 'equals', value: profileId }], q);
  }

  async userMemberships(userId: string, signal?: AbortSignal): Promise<Membership[]> {
    const id = encodeURIComponent(userId);
    const [groupLinks, profileLinks, groups, profiles, entities] = await Promise.all([
      this.call('GET', `/User/${id}/Group_User/?range=0-999`, undefined, signal),
      this.call('GET', `/User/${id}/Profile_User/?range=0-999`, undefined, signal),
      this.names('Group', signal),
      this.names('Profile', signal),
      this.names('Entity', signal).catch(() => new Map<number, string>()),
    ]);
    const gl = parseResponse(v.array(v.looseObject({ id: v.number(), groups_id: v.number(), is_manager: v.optional(v.number()) })), groupLinks ?? [], 'group links');
    const pl = parseResponse(v.array(v.looseObject({ id: v.number(), profiles_id: v.number(), entities_id: v.number(), is_recursive: v.optional(v.number()) })), profileLinks ?? [], 'profile links');
    return [
      ...gl.map((g) => ({ kind: 'group' as const, id: String(g.id), targetId: String(g.groups_id), targetName: groups.get(g.groups_id) ?? `Group ${g.groups_id}`, detail: g.is_manager ? 'manager' : undefined, removable: true })),
      ...pl.map((p) => ({
        kind: 'profile' as const,
        id: String(p.id),
        targetId: String(p.profiles_id),
        targetName: profiles.get(p.profiles_id) ?? `Profile ${p.profiles_id}`,
        detail: `${entities.get(p.entities_id) ?? `entity ${p.entities_id}`}${p.is_recursive ? ' (recursive)' : ''}`,
        removable: true,
      })),
    ];
  }

  async membershipOptions(kind: MembershipKind, signal?: AbortSignal): Promise<FieldSpec[]> {
    if (kind === 'group') return [];
    const entities = await this.names('Entity', signal);
    return [
      { key: 'entities_id', label: 'Entity', type: 'enum', group: 'organisation', options: [...entities].map(([value, label]) => ({ value: String(value), label })), help: 'Where the profile applies' },
      { key: 'is_recursive', label: 'Also in child entities (recursive)', type: 'boolean', group: 'organisation' },
    ];
  }

  async addMembership(userId: string, kind: MembershipKind, targetId: string, options: FieldValues, signal?: AbortSignal): Promise<void> {
    const users_id = Number(userId);
    if (kind === 'group') {
      await this.call('POST', '/Group_User/', { input: { users_id, groups_id: Number(targetId) } }, signal);
      return;
    }
    const input = { users_id, profiles_id: Number(targetId), entities_id: Number(options.entities_id ?? 0), is_recursive: options.is_recursive ? 1 : 0 };
    await this.call('POST', '/Profile_User/', { input }, signal);
  }

  async removeMembership(_userId: string, membership: Membership, signal?: AbortSignal): Promise<void> {
    const type = membership.kind === 'group' ? 'Group_User' : 'Profile_User';
    await this.call('DELETE', `/${type}/${encodeURIComponent(membership.id)}`, undefined, signal);
  }

  async heldItems(): Promise<never[]> {
    return [];
  }

  async technicianFields(): Promise<FieldSpec[]> {
    return [];
  }

  changeToTechnician(): Promise<User> {
    throw new BackendError('protocol', 'ITSM-NG has no "change to technician": assign the Technician profile instead');
  }

  async picture(userId: string, signal?: AbortSignal): Promise<{ mime: string; data: Uint8Array } | undefined> {
    const res = await this.send('GET', `/User/${encodeURIComponent(userId)}/Picture`, undefined, signal);
    if (res.status === 204) return undefined;
    if (res.status !== 200) throw this.error(res);
    const type = String(res.headers['content-type'] ?? 'application/octet-stream').split(';')[0];
    return { mime: type, data: new Uint8Array(res.bytes) };
  }

  webUrl(kind: 'user' | 'group' | 'profile', itemId: string): string | undefined {
    const root = this.ctx.connection.baseUrl.replace(/\/apirest\.php\/?$/, '');
    return `${root}/front/${kind}.form.php?id=${encodeURIComponent(itemId)}`;
  }

  async dispose(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    if (!session) return;
    const token = await session.catch(() => undefined);
    if (token) await this.ctx.http.send({ method: 'GET', url: `${this.ctx.connection.baseUrl}/killSession`, headers: this.headers(token) }).catch(() => undefined);
  }

  // ---- requests ----

  private async searchUsers(criteria: Array<{ field: number; searchtype: string; value: string; link?: string }>, q: PageQuery): Promise<Page<User>> {
    const start = Number(q.cursor ?? 0);
    const params = new URLSearchParams();
    criteria.forEach((c, i) => {
      if (c.link) params.set(`criteria[${i}][link]`, c.link);
      params.set(`criteria[${i}][field]`, String(c.field));
      params.set(`criteria[${i}][searchtype]`, c.searchtype);
      params.set(`criteria[${i}][value]`, c.value);
    });
    [OPT.id, OPT.realname, OPT.firstname, OPT.email, OPT.active].forEach((f, i) => params.set(`forcedisplay[${i}]`, String(f)));
    params.set('range', `${start}-${start + q.pageSize - 1}`);
    params.set('sort', String(OPT.login));
    params.set('order', 'ASC');
    let body: v.InferOutput<typeof SearchResult>;
    try {
      body = parseResponse(SearchResult, await this.call('GET', `/search/User/?${params}`, undefined, q.signal), 'user search');
    } catch (e) {
      if (e instanceof BackendError && e.code === RANGE_EXCEEDED) return { items: [], total: start };
      throw e;
    }
    const users = (body.data ?? []).map((row) => this.fromSearchRow(row));
    const next = start + users.length;
    return { items: users, total: body.totalcount, nextCursor: users.length && next < body.totalcount ? String(next) : undefined };
  }

  private fromSearchRow(row: Record<string, unknown>): User {
    const first = (k: number) => {
      const cell = row[String(k)];
      return Array.isArray(cell) ? cell[0] : cell;
    };
    const text = (k: number) => {
      const c = first(k);
      return c === null || c === undefined ? null : String(c);
    };
    const u: ItsmUser = {
      id: Number(first(OPT.id)),
      name: text(OPT.login) ?? '',
      realname: text(OPT.realname),
      firstname: text(OPT.firstname),
      is_active: Number(first(OPT.active) ?? 1),
      is_deleted: 0,
    } as ItsmUser;
    return this.toUser(u, text(OPT.email) ?? undefined);
  }

  private async namedPage(itemtype: string, q: PageQuery): Promise<Page<v.InferOutput<typeof Named>>> {
    const start = Number(q.cursor ?? 0);
    const { rows, total } = await this.collection(`/${itemtype}/?range=${start}-${start + q.pageSize - 1}&sort=name&order=ASC`, q.signal);
    const items = parseResponse(v.array(Named), rows, itemtype);
    const next = start + items.length;
    return { items, total, nextCursor: items.length && next < total ? String(next) : undefined };
  }

  private async names(itemtype: string, signal?: AbortSignal): Promise<Map<number, string>> {
    const { rows } = await this.collection(`/${itemtype}/?range=0-999`, signal);
    const items = parseResponse(v.array(Named), rows, itemtype);
    return new Map(items.map((i) => [i.id, i.completename ?? i.name ?? String(i.id)]));
  }

  /** A collection page: the rows and the total from `Content-Range` (`start-end/total`). */
  private async collection(path: string, signal?: AbortSignal): Promise<{ rows: unknown; total: number }> {
    try {
      const res = await this.request('GET', path, undefined, signal);
      const range = String(res.headers['content-range'] ?? '');
      const total = Number(/\/(\d+)$/.exec(range)?.[1] ?? (Array.isArray(res.json()) ? (res.json() as unknown[]).length : 0));
      return { rows: res.json() ?? [], total };
    } catch (e) {
      if (e instanceof BackendError && e.code === RANGE_EXCEEDED) return { rows: [], total: 0 };
      throw e;
    }
  }

  private toUser(u: ItsmUser, email: string | undefined): User {
    const name = [u.firstname, u.realname].filter(Boolean).join(' ');
    const id = String(u.id);
    return {
      id,
      login: u.name,
      displayName: name || u.name,
      email,
      state: { active: Number(u.is_active) === 1, deleted: Number(u.is_deleted) === 1, admin: false, technician: false },
      fields: {
        name: u.name,
        realname: u.realname,
        firstname: u.firstname,
        registration_number: u.registration_number ?? null,
        email: email ?? '',
        phone: u.phone ?? null,
        phone2: u.phone2 ?? null,
        mobile: u.mobile ?? null,
        is_active: Number(u.is_active) === 1,
        authtype: u.authtype === undefined || u.authtype === null ? null : String(u.authtype),
        begin_date: u.begin_date ?? null,
        end_date: u.end_date ?? null,
        comment: u.comment ?? null,
      },
      detail: email,
      version: u.date_mod ?? '',
      raw: u,
    };
  }

  /** Editor values → an ITSM-NG `input` (flags as 0/1, the email as a UserEmail change). */
  private toInput(values: FieldValues, userId: string | undefined): Record<string, unknown> {
    const input: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(values)) {
      if (key === 'email') {
        const row = userId ? this.emailRows.get(userId) : undefined;
        input._useremails = { [String(row ?? 0)]: value ?? '' };
      } else if (key === 'is_active') input.is_active = value ? 1 : 0;
      else if (key === 'authtype') input.authtype = value === null || value === '' ? undefined : Number(value);
      else if ((key === 'password' || key === 'password2') && !value) continue;
      else input[key] = value === '' ? null : value;
    }
    return input;
  }

  private headers(session?: string): Record<string, string> {
    const h: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json' };
    if (this.ctx.secrets.appToken) h['App-Token'] = this.ctx.secrets.appToken;
    if (session) h['Session-Token'] = session;
    return h;
  }

  private openSession(signal?: AbortSignal): Promise<string> {
    this.session ??= (async () => {
      const c = this.ctx.connection;
      const s = this.ctx.secrets;
      const authorization = c.username ? `Basic ${Buffer.from(`${c.username}:${s.password ?? ''}`).toString('base64')}` : `user_token ${s.token ?? ''}`;
      this.ctx.redactor.add(authorization.split(' ')[1]);
      const res = await this.ctx.http.send({ method: 'GET', url: `${c.baseUrl}/initSession`, headers: { ...this.headers(), Authorization: authorization }, signal });
      if (res.status !== 200) throw this.error(res);
      const token = parseResponse(v.looseObject({ session_token: v.string() }), res.json(), 'initSession').session_token;
      this.ctx.redactor.add(token);
      return token;
    })();
    this.session.catch(() => (this.session = undefined));
    return this.session;
  }

  private async send(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body: unknown, signal?: AbortSignal, renewed = false): Promise<HttpResponse> {
    const token = await this.openSession(signal);
    const res = await this.ctx.http.send({ method, url: `${this.ctx.connection.baseUrl}${path}`, headers: this.headers(token), body: body === undefined ? undefined : JSON.stringify(body), signal });
    if (res.status === 401 && !renewed && this.errorCode(res) === SESSION_INVALID) {
      // the session expired: sign in again once, transparently
      this.session = undefined;
      return this.send(method, path, body, signal, true);
    }
    return res;
  }

  private async request(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body: unknown, signal?: AbortSignal): Promise<HttpResponse> {
    const res = await this.send(method, path, body, signal);
    if (res.status >= 200 && res.status < 300) return res;
    throw this.error(res);
  }

  private async call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, signal?: AbortSignal): Promise<unknown> {
    return (await this.request(method, path, body, signal)).json();
  }

  private errorCode(res: HttpResponse): string | undefined {
    const b = res.json();
    return Array.isArray(b) && typeof b[0] === 'string' ? b[0] : undefined;
  }

  private error(res: HttpResponse): BackendError {
    const b = res.json();
    if (Array.isArray(b) && typeof b[0] === 'string') {
      const detail = b[1];
      const message = typeof detail === 'string' ? detail.replace(/; view documentation in your browser at .*$/, '') : Array.isArray(detail) ? detail.map((d) => (d as { message?: unknown })?.message).filter(Boolean).join('; ') : '';
      const kind = b[0] === SESSION_INVALID || b[0].startsWith('ERROR_GLPI_LOGIN') || b[0] === 'ERROR_LOGIN_PARAMETERS_MISSING' ? 'auth' : kindForStatus(res.status);
      return new BackendError(kind, message || b[0], { status: res.status, code: b[0] });
    }
    return new BackendError(kindForStatus(res.status), res.text.slice(0, 200) || `HTTP ${res.status}`, { status: res.status });
  }
}
