import * as v from 'valibot';
import type { Capabilities, FieldSpec, FieldValues, Membership, Page, PageQuery, ProductTerms, Profile, User } from '../model';
import { BackendError, kindForStatus } from './backend-error';
import { unsupported, type BackendContext, type DirectoryBackend } from './directory-backend';
import type { HttpResponse } from './http';
import { parseResponse } from './response-schema';

/**
 * privacyIDEA: `POST /auth` gives a JWT sent raw in `Authorization` (renewed once when it expires);
 * answers are `{result: {status, value}}`. `GET /user/` has no paging (each resolver caps its result),
 * so pages are cut from one fetched list.
 */
const TITLE = 'privacyIDEA';
const EXPIRED = '4305';

const Result = v.looseObject({
  result: v.looseObject({ status: v.boolean(), value: v.optional(v.unknown()), error: v.optional(v.looseObject({ code: v.optional(v.number()), message: v.optional(v.string()) })) }),
  version: v.optional(v.string()),
});
const UserSchema = v.looseObject({
  username: v.optional(v.string(), ''),
  userid: v.optional(v.union([v.string(), v.number()])),
  givenname: v.optional(v.string()),
  surname: v.optional(v.string()),
  email: v.optional(v.string()),
  phone: v.optional(v.string()),
  mobile: v.optional(v.string()),
  description: v.optional(v.string()),
  resolver: v.string(),
  editable: v.optional(v.boolean(), false),
});
type PiUser = v.InferOutput<typeof UserSchema>;
const Realms = v.record(v.string(), v.looseObject({ default: v.optional(v.boolean()), resolver: v.optional(v.array(v.looseObject({ name: v.string(), type: v.optional(v.string()) })), []) }));
const Resolvers = v.record(v.string(), v.looseObject({ type: v.optional(v.string()), data: v.optional(v.record(v.string(), v.unknown())) }));

export class PrivacyIdeaBackend implements DirectoryBackend {
  readonly product = 'privacyidea' as const;
  readonly terms: ProductTerms = {
    users: 'Users',
    profiles: 'Realms',
    user: 'user',
    profile: 'realm',
    searchHint: 'Login (wildcards: *), or attribute=value such as email=*@example.com',
  };
  readonly capabilities: Capabilities = {
    createUser: true,
    updateUser: true,
    deleteUser: true,
    trash: false,
    purge: false,
    restore: false,
    enableDisable: false,
    groups: false,
    profiles: true,
    editGroupMembership: false,
    editProfileMembership: false,
    changeToTechnician: false,
    checkedOutItems: false,
    picture: false,
  };
  private token: Promise<string> | undefined;
  private role: string | undefined;
  /** The last full list fetched per query: pages are cut from it. */
  private readonly lists = new Map<string, Promise<PiUser[]>>();

  constructor(private readonly ctx: BackendContext) {
    ctx.redactor.add(ctx.secrets.password);
  }

  async testConnection(signal?: AbortSignal): Promise<string> {
    const body = await this.call('GET', '/user/?username=' + encodeURIComponent(this.ctx.connection.username ?? '*'), undefined, signal);
    const version = parseResponse(Result, body, 'user list').version ?? 'privacyIDEA';
    return `${version}, signed in as ${this.ctx.connection.username}${this.role ? ` (${this.role})` : ''}`;
  }

  async listUsers(q: PageQuery): Promise<Page<User>> {
    return this.page(this.searchParams(q.search), q);
  }

  async getUser(userId: string, signal?: AbortSignal): Promise<User> {
    const { resolver, username } = splitId(userId);
    const users = await this.fetchUsers(new URLSearchParams({ resolver, username }), signal);
    const u = users.find((x) => x.username === username);
    if (!u) throw new BackendError('not-found', `No user ${username} in resolver ${resolver}`);
    return this.toUser(u);
  }

  async userFields(options: { mode: 'create' | 'edit'; signal?: AbortSignal }): Promise<FieldSpec[]> {
    const resolvers = options.mode === 'create' ? await this.editableResolvers(options.signal) : [];
    return [
      { key: 'username', label: 'Login', type: 'string', group: 'identity', required: true, only: 'create' },
      { key: 'resolver', label: 'Resolver', type: 'enum', group: 'identity', required: true, only: 'create', options: resolvers.map((r) => ({ value: r, label: r })), help: 'The user store the user is created in (only editable resolvers are listed).' },
      { key: 'login', label: 'Login', type: 'string', group: 'identity', readOnly: true, only: 'edit' },
      { key: 'resolver_name', label: 'Resolver', type: 'string', group: 'identity', readOnly: true, only: 'edit' },
      { key: 'givenname', label: 'Given name', type: 'string', group: 'identity' },
      { key: 'surname', label: 'Surname', type: 'string', group: 'identity' },
      { key: 'email', label: 'Email', type: 'email', group: 'contact' },
      { key: 'phone', label: 'Phone', type: 'string', group: 'contact' },
      { key: 'mobile', label: 'Mobile', type: 'string', group: 'contact' },
      { key: 'description', label: 'Description', type: 'text', group: 'organisation' },
      { key: 'password', label: 'Password', type: 'password', group: 'security', help: 'Stored by the user store. When editing, leave empty to keep the current password.' },
    ];
  }

  async createUser(values: FieldValues, signal?: AbortSignal): Promise<User> {
    const resolver = String(values.resolver ?? '');
    const username = String(values.username ?? '');
    const body: Record<string, unknown> = { user: username, resolver };
    for (const k of ['givenname', 'surname', 'email', 'phone', 'mobile', 'description', 'password']) if (values[k]) body[k] = values[k];
    await this.call('POST', '/user/', body, signal);
    this.lists.clear();
    return this.getUser(`${resolver}/${username}`, signal);
  }

  async updateUser(userId: string, changes: FieldValues, signal?: AbortSignal): Promise<User> {
    const { resolver, username } = splitId(userId);
    const body: Record<string, unknown> = { user: username, resolver };
    for (const k of ['givenname', 'surname', 'email', 'phone', 'mobile', 'description', 'password']) if (changes[k] !== undefined && changes[k] !== null && changes[k] !== '') body[k] = changes[k];
    const r = parseResponse(Result, await this.call('PUT', '/user/', body, signal), 'update');
    if (r.result.value === false) throw new BackendError('validation', `The user store refused to update ${username}`);
    this.lists.clear();
    return this.getUser(userId, signal);
  }

  async deleteUser(userId: string, _options: { purge: boolean }, signal?: AbortSignal): Promise<void> {
    const { resolver, username } = splitId(userId);
    const r = parseResponse(Result, await this.call('DELETE', `/user/${encodeURIComponent(resolver)}/${encodeURIComponent(username)}`, undefined, signal), 'delete');
    if (r.result.value === false) throw new BackendError('validation', `The user store refused to delete ${username}`);
    this.lists.clear();
  }

  restoreUser(): Promise<void> {
    return unsupported(TITLE, 'trash to restore users from');
  }

  setUserActive(): Promise<User> {
    return unsupported(TITLE, 'way to disable a user (disable their tokens instead)');
  }

  listGroups(): Promise<Page<never>> {
    return unsupported(TITLE, 'user groups');
  }

  listGroupMembers(): Promise<Page<User>> {
    return unsupported(TITLE, 'user groups');
  }

  async listProfiles(q: PageQuery): Promise<Page<Profile>> {
    const realms = await this.realms(q.signal);
    const items = Object.entries(realms).map(([name, r]) => ({
      id: name,
      name,
      description: [r.default ? 'default' : undefined, r.resolver.map((x) => x.name).join(', ')].filter(Boolean).join(' · '),
      raw: r,
    }));
    return { items, total: items.length };
  }

  listProfileMembers(profileId: string, q: PageQuery): Promise<Page<User>> {
    return this.page(new URLSearchParams({ realm: profileId }), q);
  }

  /** A user belongs to the realms that contain their resolver; shown, not changed here. */
  async userMemberships(userId: string, signal?: AbortSignal): Promise<Membership[]> {
    const { resolver } = splitId(userId);
    const realms = await this.realms(signal);
    return Object.entries(realms)
      .filter(([, r]) => r.resolver.some((x) => x.name === resolver))
      .map(([name, r]) => ({ kind: 'profile', id: name, targetId: name, targetName: name, detail: `${r.default ? 'default realm, ' : ''}via resolver ${resolver}`, removable: false }));
  }

  async membershipOptions(): Promise<FieldSpec[]> {
    return [];
  }

  addMembership(): Promise<void> {
    return unsupported(TITLE, 'way to add a user to a realm (realms are made of resolvers)');
  }

  removeMembership(): Promise<void> {
    return unsupported(TITLE, 'way to remove a user from a realm');
  }

  async heldItems(): Promise<never[]> {
    return [];
  }

  async technicianFields(): Promise<FieldSpec[]> {
    return [];
  }

  changeToTechnician(): Promise<User> {
    return unsupported(TITLE, 'technicians');
  }

  async picture(): Promise<undefined> {
    return undefined;
  }

  webUrl(kind: 'user' | 'group' | 'profile', itemId: string): string | undefined {
    const root = this.ctx.connection.baseUrl;
    if (kind === 'user') {
      const { resolver, username } = splitId(itemId);
      return `${root}/#!/user/details/${encodeURIComponent(username)}/${encodeURIComponent(resolver)}`;
    }
    return kind === 'profile' ? `${root}/#!/config/realms/list` : undefined;
  }

  async dispose(): Promise<void> {
    this.token = undefined;
  }

  private searchParams(search: string | undefined): URLSearchParams {
    const p = new URLSearchParams();
    const text = search?.trim();
    if (!text) return p;
    const attr = /^(\w+)\s*=\s*(.+)$/.exec(text);
    if (attr) p.set(attr[1], attr[2]);
    else p.set('username', text.includes('*') ? text : `*${text}*`);
    return p;
  }

  private async page(params: URLSearchParams, q: PageQuery): Promise<Page<User>> {
    const key = params.toString();
    const offset = Number(q.cursor ?? 0);
    if (offset === 0) this.lists.delete(key);
    let all = this.lists.get(key);
    if (!all) {
      all = this.fetchUsers(params, q.signal);
      this.lists.set(key, all);
      all.catch(() => this.lists.delete(key));
    }
    const users = (await all).slice().sort((a, b) => a.username.localeCompare(b.username));
    const slice = users.slice(offset, offset + q.pageSize);
    const next = offset + slice.length;
    return { items: slice.map((u) => this.toUser(u)), total: users.length, nextCursor: next < users.length ? String(next) : undefined };
  }

  private async fetchUsers(params: URLSearchParams, signal?: AbortSignal): Promise<PiUser[]> {
    const body = parseResponse(Result, await this.call('GET', `/user/?${params}`, undefined, signal), 'user list');
    return parseResponse(v.array(UserSchema), body.result.value ?? [], 'users');
  }

  private async realms(signal?: AbortSignal) {
    const body = parseResponse(Result, await this.call('GET', '/realm/', undefined, signal), 'realms');
    return parseResponse(Realms, body.result.value ?? {}, 'realms');
  }

  private async editableResolvers(signal?: AbortSignal): Promise<string[]> {
    const body = parseResponse(Result, await this.call('GET', '/resolver/?editable=1', undefined, signal), 'resolvers');
    return Object.keys(parseResponse(Resolvers, body.result.value ?? {}, 'resolvers')).sort();
  }

  private toUser(u: PiUser): User {
    const name = [u.givenname, u.surname].filter(Boolean).join(' ');
    return {
      id: `${u.resolver}/${u.username}`,
      login: u.username,
      displayName: name || u.username,
      email: u.email || undefined,
      state: { active: true, deleted: false, admin: false, technician: false },
      fields: {
        login: u.username,
        resolver_name: u.resolver,
        givenname: u.givenname ?? '',
        surname: u.surname ?? '',
        email: u.email ?? '',
        phone: u.phone ?? '',
        mobile: u.mobile ?? '',
        description: u.description ?? '',
      },
      detail: `${u.resolver}${u.editable ? '' : ' (read-only)'}`,
      version: JSON.stringify([u.givenname, u.surname, u.email, u.phone, u.mobile, u.description]),
      raw: u,
    };
  }

  /** Signs in once; the token is shared by concurrent calls and renewed when it expires. */
  private signIn(signal?: AbortSignal): Promise<string> {
    this.token ??= (async () => {
      const c = this.ctx.connection;
      const body: Record<string, string> = { username: c.username ?? '', password: this.ctx.secrets.password ?? '' };
      if (c.realm) body.realm = c.realm;
      const res = await this.ctx.http.send({ method: 'POST', url: `${c.baseUrl}/auth`, headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(body), signal });
      if (res.status !== 200) throw this.error(res);
      const value = parseResponse(Result, res.json(), 'auth').result.value as { token?: string; role?: string } | undefined;
      if (!value?.token) throw new BackendError('protocol', 'privacyIDEA answered /auth without a token');
      this.ctx.redactor.add(value.token);
      this.role = value.role;
      return value.token;
    })();
    this.token.catch(() => (this.token = undefined));
    return this.token;
  }

  private async call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, signal?: AbortSignal, renewed = false): Promise<unknown> {
    const token = await this.signIn(signal);
    const res = await this.ctx.http.send({
      method,
      url: `${this.ctx.connection.baseUrl}${path}`,
      headers: { Authorization: token, Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
    if (res.status === 200) return res.json();
    const error = this.error(res);
    if (res.status === 401 && error.code === EXPIRED && !renewed) {
      this.token = undefined;
      return this.call(method, path, body, signal, true);
    }
    throw error;
  }

  private error(res: HttpResponse): BackendError {
    const parsed = v.safeParse(Result, res.json());
    const err = parsed.success ? parsed.output.result.error : undefined;
    const message = err?.message ?? (res.text.includes('<title>') ? (/<title>([^<]*)<\/title>/.exec(res.text)?.[1] ?? `HTTP ${res.status}`) : `HTTP ${res.status}`);
    return new BackendError(kindForStatus(res.status), message, { status: res.status, code: err?.code !== undefined ? String(err.code) : undefined });
  }
}

/** User ids are `resolver/login`; a login may itself contain `/`. */
function splitId(id: string): { resolver: string; username: string } {
  const at = id.indexOf('/');
  if (at < 0) throw new BackendError('not-found', `Not a privacyIDEA user id: ${id}`);
  return { resolver: id.slice(0, at), username: id.slice(at + 1) };
}
