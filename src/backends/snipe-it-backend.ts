import * as v from 'valibot';
import type { Capabilities, FieldSpec, FieldValues, Group, HeldItems, Membership, MembershipKind, Page, PageQuery, ProductTerms, User } from '../model';
import { BackendError, kindForStatus } from './backend-error';
import { unsupported, type BackendContext, type DirectoryBackend } from './directory-backend';
import type { HttpResponse } from './http';
import { nullableString, parseResponse } from './response-schema';

/**
 * Snipe-IT API v1: Bearer token, JSON; lists `{total, rows}`; writes answer 200 with
 * `{status, messages, payload}` even when they fail; strings come HTML-escaped.
 */
const TITLE = 'Snipe-IT';

const Ref = v.nullable(v.looseObject({ id: v.number(), name: v.string() }));
const DateObj = v.nullable(v.looseObject({ datetime: v.optional(v.string()), date: v.optional(v.string()), formatted: v.optional(v.string()) }));
const UserSchema = v.looseObject({
  id: v.number(),
  name: v.optional(v.string(), ''),
  first_name: v.optional(v.nullable(v.string()), ''),
  last_name: nullableString,
  username: v.string(),
  email: nullableString,
  employee_num: nullableString,
  jobtitle: nullableString,
  phone: nullableString,
  mobile: nullableString,
  address: nullableString,
  city: nullableString,
  state: nullableString,
  country: nullableString,
  zip: nullableString,
  locale: nullableString,
  notes: nullableString,
  activated: v.optional(v.boolean(), true),
  vip: v.optional(v.boolean(), false),
  remote: v.optional(v.boolean(), false),
  company: v.optional(Ref, null),
  department: v.optional(Ref, null),
  location: v.optional(Ref, null),
  manager: v.optional(Ref, null),
  permissions: v.optional(v.nullable(v.record(v.string(), v.unknown()))),
  groups: v.optional(v.nullable(v.looseObject({ rows: v.array(v.looseObject({ id: v.number(), name: v.string() })) }))),
  updated_at: v.optional(DateObj, null),
  deleted_at: v.optional(DateObj, null),
  start_date: v.optional(DateObj, null),
  end_date: v.optional(DateObj, null),
});
type SnipeUser = v.InferOutput<typeof UserSchema>;

const Rows = <S extends v.GenericSchema>(item: S) => v.looseObject({ total: v.number(), rows: v.array(item) });
const Envelope = v.looseObject({ status: v.picklist(['success', 'error']), messages: v.optional(v.unknown()), payload: v.optional(v.unknown()) });

/** Snipe-IT escapes text on output; the editor works on the raw text. */
export function unescapeHtml(s: string | null | undefined): string | null {
  if (s === null || s === undefined) return null;
  return s.replace(/&(amp|lt|gt|quot|#0?39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#039': "'", '#39': "'" })[e] ?? _);
}

export class SnipeItBackend implements DirectoryBackend {
  readonly product = 'snipe-it' as const;
  readonly terms: ProductTerms = {
    users: 'Users',
    trash: 'Deleted Users',
    groups: 'Groups',
    user: 'user',
    group: 'group',
    searchHint: 'Name, username, email, job title, department, location…',
  };
  readonly capabilities: Capabilities = {
    createUser: true,
    updateUser: true,
    deleteUser: true,
    trash: true,
    purge: false,
    restore: true,
    enableDisable: true,
    groups: true,
    profiles: false,
    editGroupMembership: true,
    editProfileMembership: false,
    changeToTechnician: false,
    checkedOutItems: true,
    picture: false,
  };
  /** Deleted users are not readable one by one: remember those seen in the trash list. */
  private readonly deletedSeen = new Map<string, SnipeUser>();

  constructor(private readonly ctx: BackendContext) {
    ctx.redactor.add(ctx.secrets.token);
  }

  async testConnection(signal?: AbortSignal): Promise<string> {
    const me = parseResponse(UserSchema, await this.get('/users/me', signal), 'current user');
    return `Snipe-IT, signed in as ${unescapeHtml(me.username)}${me.permissions && me.permissions.superuser === 1 ? ' (superuser)' : ''}`;
  }

  async listUsers(q: PageQuery): Promise<Page<User>> {
    const params: Record<string, string> = { sort: 'first_name', order: 'asc' };
    if (q.search?.trim()) params.search = q.search.trim();
    if (q.deleted) params.deleted = 'true';
    const page = await this.rows('/users', q, UserSchema, params);
    if (q.deleted) for (const u of page.items) this.deletedSeen.set(String(u.id), u);
    return { ...page, items: page.items.map((u) => this.toUser(u)) };
  }

  async getUser(userId: string, signal?: AbortSignal): Promise<User> {
    try {
      return this.toUser(parseResponse(UserSchema, await this.get(`/users/${encodeURIComponent(userId)}`, signal), 'user'));
    } catch (e) {
      const known = this.deletedSeen.get(userId);
      if (known && e instanceof BackendError && e.kind === 'not-found') return this.toUser(known);
      throw e;
    }
  }

  async userFields(): Promise<FieldSpec[]> {
    const [companies, departments, locations] = await Promise.all([this.options('/companies'), this.options('/departments'), this.options('/locations')]);
    const none = { value: '', label: 'None' };
    return [
      { key: 'first_name', label: 'First name', type: 'string', group: 'identity', required: true, maxLength: 191 },
      { key: 'last_name', label: 'Last name', type: 'string', group: 'identity', maxLength: 191 },
      { key: 'username', label: 'Username', type: 'string', group: 'identity', required: true, maxLength: 191 },
      { key: 'employee_num', label: 'Employee number', type: 'string', group: 'identity' },
      { key: 'email', label: 'Email', type: 'email', group: 'contact', maxLength: 191 },
      { key: 'phone', label: 'Phone', type: 'string', group: 'contact' },
      { key: 'mobile', label: 'Mobile', type: 'string', group: 'contact' },
      { key: 'address', label: 'Address', type: 'string', group: 'contact', maxLength: 191 },
      { key: 'city', label: 'City', type: 'string', group: 'contact', maxLength: 191 },
      { key: 'state', label: 'State', type: 'string', group: 'contact', minLength: 2 },
      { key: 'country', label: 'Country', type: 'string', group: 'contact', minLength: 2 },
      { key: 'zip', label: 'ZIP', type: 'string', group: 'contact', maxLength: 10 },
      { key: 'locale', label: 'Language', type: 'string', group: 'contact', maxLength: 10, placeholder: 'en-US' },
      { key: 'jobtitle', label: 'Job title', type: 'string', group: 'organisation' },
      { key: 'company_id', label: 'Company', type: 'enum', group: 'organisation', options: [none, ...companies] },
      { key: 'department_id', label: 'Department', type: 'enum', group: 'organisation', options: [none, ...departments] },
      { key: 'location_id', label: 'Location', type: 'enum', group: 'organisation', options: [none, ...locations] },
      { key: 'manager_id', label: 'Manager (user ID)', type: 'number', group: 'organisation', help: 'The Snipe-IT ID of this user’s manager.' },
      { key: 'activated', label: 'Can log in', type: 'boolean', group: 'security', default: true, help: 'Snipe-IT creates users unable to log in unless this is set.' },
      { key: 'password', label: 'Password', type: 'password', group: 'security', minLength: 8, help: 'At least 8 characters; required for a new user. When editing, leave empty to keep the current password.' },
      { key: 'password_confirmation', label: 'Confirm password', type: 'password', group: 'security', sameAs: 'password' },
      { key: 'vip', label: 'VIP', type: 'boolean', group: 'product', default: false },
      { key: 'remote', label: 'Remote worker', type: 'boolean', group: 'product', default: false },
      { key: 'notes', label: 'Notes', type: 'text', group: 'product' },
    ];
  }

  async createUser(values: FieldValues, signal?: AbortSignal): Promise<User> {
    const payload = await this.write('POST', '/users', this.toWire(values), signal);
    const created = parseResponse(UserSchema, payload, 'created user');
    // the create payload carries placeholder counts and defaults: read the user as stored
    return this.getUser(String(created.id), signal);
  }

  async updateUser(userId: string, changes: FieldValues, signal?: AbortSignal): Promise<User> {
    await this.write('PATCH', `/users/${encodeURIComponent(userId)}`, this.toWire(changes), signal);
    return this.getUser(userId, signal);
  }

  async deleteUser(userId: string, _options: { purge: boolean }, signal?: AbortSignal): Promise<void> {
    await this.write('DELETE', `/users/${encodeURIComponent(userId)}`, undefined, signal);
  }

  async restoreUser(userId: string, signal?: AbortSignal): Promise<void> {
    await this.write('POST', `/users/${encodeURIComponent(userId)}/restore`, undefined, signal);
    this.deletedSeen.delete(userId);
  }

  setUserActive(userId: string, active: boolean, signal?: AbortSignal): Promise<User> {
    return this.updateUser(userId, { activated: active }, signal);
  }

  async listGroups(q: PageQuery): Promise<Page<Group>> {
    const page = await this.rows('/groups', q, v.looseObject({ id: v.number(), name: v.string(), users_count: v.optional(v.number()), notes: nullableString }), { sort: 'name', order: 'asc' });
    return { ...page, items: page.items.map((g) => ({ id: String(g.id), name: unescapeHtml(g.name) ?? '', memberCount: g.users_count, raw: g })) };
  }

  async listGroupMembers(groupId: string, q: PageQuery): Promise<Page<User>> {
    const page = await this.rows('/users', q, UserSchema, { group_id: groupId, sort: 'first_name', order: 'asc' });
    return { ...page, items: page.items.map((u) => this.toUser(u)) };
  }

  listProfiles(): Promise<Page<never>> {
    return unsupported(TITLE, 'profiles or roles (permissions come from groups)');
  }

  listProfileMembers(): Promise<Page<User>> {
    return unsupported(TITLE, 'profiles or roles');
  }

  async userMemberships(userId: string, signal?: AbortSignal): Promise<Membership[]> {
    const u = (await this.getUser(userId, signal)).raw as SnipeUser;
    return (u.groups?.rows ?? []).map((g) => ({ kind: 'group', id: String(g.id), targetId: String(g.id), targetName: unescapeHtml(g.name) ?? '', removable: true }));
  }

  async membershipOptions(): Promise<FieldSpec[]> {
    return [];
  }

  async addMembership(userId: string, kind: MembershipKind, targetId: string, _options: FieldValues, signal?: AbortSignal): Promise<void> {
    if (kind !== 'group') unsupported(TITLE, 'profiles or roles');
    const ids = (await this.userMemberships(userId, signal)).map((m) => Number(m.targetId));
    if (!ids.includes(Number(targetId))) ids.push(Number(targetId));
    await this.write('PATCH', `/users/${encodeURIComponent(userId)}`, { groups: ids }, signal);
  }

  async removeMembership(userId: string, membership: Membership, signal?: AbortSignal): Promise<void> {
    const ids = (await this.userMemberships(userId, signal)).map((m) => Number(m.targetId)).filter((g) => g !== Number(membership.targetId));
    await this.write('PATCH', `/users/${encodeURIComponent(userId)}`, { groups: ids }, signal);
  }

  async heldItems(userId: string, signal?: AbortSignal): Promise<HeldItems[]> {
    const id = encodeURIComponent(userId);
    const item = v.looseObject({ id: v.number(), name: nullableString });
    const [assets, licenses, accessories] = await Promise.all([
      this.get(`/users/${id}/assets`, signal),
      this.get(`/users/${id}/licenses`, signal),
      this.get(`/users/${id}/accessories`, signal),
    ]);
    const table = (title: string, body: unknown, columns: string[], cells: (r: Record<string, unknown>) => unknown[]): HeldItems => ({
      title,
      columns,
      rows: parseResponse(Rows(item), body, title).rows.map((r) => cells(r as Record<string, unknown>).map((c) => unescapeHtml(c === null || c === undefined ? '' : typeof c === 'object' ? String((c as { name?: unknown }).name ?? '') : String(c)) ?? '')),
    });
    return [
      table('Assets', assets, ['Asset tag', 'Name', 'Model', 'Serial'], (r) => [r.asset_tag, r.name, r.model, r.serial]),
      table('Licenses', licenses, ['Name', 'Product key'], (r) => [r.name, r.product_key ?? '']),
      table('Accessories', accessories, ['Name', 'Category'], (r) => [r.name, r.category]),
    ];
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
    if (kind === 'profile') return undefined;
    const root = this.ctx.connection.baseUrl.replace(/\/api\/v1\/?$/, '');
    return `${root}/${kind === 'user' ? 'users' : 'admin/groups'}/${encodeURIComponent(itemId)}`;
  }

  async dispose(): Promise<void> {}

  private async options(path: string) {
    const body = parseResponse(Rows(v.looseObject({ id: v.number(), name: v.string() })), await this.get(`${path}?limit=500&sort=name&order=asc`), path);
    return body.rows.map((r) => ({ value: String(r.id), label: unescapeHtml(r.name) ?? '' }));
  }

  private async rows<S extends v.GenericSchema>(path: string, q: PageQuery, item: S, extra: Record<string, string> = {}): Promise<Page<v.InferOutput<S>>> {
    const offset = Number(q.cursor ?? 0);
    const params = new URLSearchParams({ limit: String(q.pageSize), offset: String(offset), ...extra });
    const body = parseResponse(Rows(item), await this.get(`${path}?${params}`, q.signal), path);
    const next = offset + body.rows.length;
    return { items: body.rows, total: body.total, nextCursor: body.rows.length > 0 && next < body.total ? String(next) : undefined };
  }

  private toUser(u: SnipeUser): User {
    const first = unescapeHtml(u.first_name) ?? '';
    const last = unescapeHtml(u.last_name) ?? '';
    const deleted = Boolean(u.deleted_at);
    const superuser = u.permissions?.superuser === 1 || u.permissions?.superuser === '1';
    const admin = superuser || u.permissions?.admin === 1 || u.permissions?.admin === '1';
    return {
      id: String(u.id),
      login: unescapeHtml(u.username) ?? '',
      displayName: [first, last].filter(Boolean).join(' ') || (unescapeHtml(u.username) ?? ''),
      email: u.email ?? undefined,
      state: { active: u.activated, deleted, admin, technician: false },
      fields: {
        first_name: first,
        last_name: last,
        username: unescapeHtml(u.username),
        employee_num: unescapeHtml(u.employee_num),
        email: unescapeHtml(u.email),
        phone: unescapeHtml(u.phone),
        mobile: unescapeHtml(u.mobile),
        address: unescapeHtml(u.address),
        city: unescapeHtml(u.city),
        state: unescapeHtml(u.state),
        country: unescapeHtml(u.country),
        zip: unescapeHtml(u.zip),
        locale: unescapeHtml(u.locale),
        jobtitle: unescapeHtml(u.jobtitle),
        company_id: u.company ? String(u.company.id) : '',
        department_id: u.department ? String(u.department.id) : '',
        location_id: u.location ? String(u.location.id) : '',
        manager_id: u.manager ? String(u.manager.id) : '',
        activated: u.activated,
        vip: u.vip,
        remote: u.remote,
        notes: u.notes ? u.notes.replace(/<[^>]*>/g, '') : null,
      },
      detail: [unescapeHtml(u.jobtitle), u.department ? unescapeHtml(u.department.name) : undefined].filter(Boolean).join(', ') || undefined,
      version: u.updated_at?.datetime ?? '',
      raw: u,
    };
  }

  private toWire(values: FieldValues): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(values)) {
      if ((key === 'password' || key === 'password_confirmation') && !value) continue;
      if (key.endsWith('_id')) out[key] = value === '' || value === null ? null : Number(value);
      else out[key] = value === '' ? null : value;
    }
    return out;
  }

  private async get(path: string, signal?: AbortSignal): Promise<unknown> {
    const res = await this.send('GET', path, undefined, signal);
    const body = res.json();
    // Snipe-IT answers a missing user with HTTP 200 and an error envelope
    const env = v.safeParse(Envelope, body);
    if (env.success && env.output.status === 'error' && !('rows' in (body as object))) throw this.envelopeError(env.output, res.status);
    return body;
  }

  /** A write: the envelope's status decides, whatever the HTTP status. */
  private async write(method: 'POST' | 'PATCH' | 'DELETE', path: string, body: unknown, signal?: AbortSignal): Promise<unknown> {
    const res = await this.send(method, path, body, signal);
    const env = parseResponse(Envelope, res.json(), `${method} ${path}`);
    if (env.status === 'error') throw this.envelopeError(env, res.status);
    return env.payload;
  }

  private envelopeError(env: v.InferOutput<typeof Envelope>, status: number): BackendError {
    const m = env.messages;
    if (m && typeof m === 'object') {
      const fields: Record<string, string[]> = {};
      for (const [k, msgs] of Object.entries(m as Record<string, unknown>)) fields[k] = Array.isArray(msgs) ? msgs.map(String) : [String(msgs)];
      return new BackendError('validation', Object.values(fields).flat().join(' '), { status, fields });
    }
    const text = typeof m === 'string' ? m : typeof env.payload === 'string' ? env.payload : 'The request failed';
    const kind = /does not exist|not found/i.test(text) ? 'not-found' : 'validation';
    return new BackendError(kind, text, { status });
  }

  private async send(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body: unknown, signal?: AbortSignal): Promise<HttpResponse> {
    const res = await this.ctx.http.send({
      method,
      url: `${this.ctx.connection.baseUrl}${path}`,
      headers: {
        Authorization: `Bearer ${this.ctx.secrets.token ?? ''}`,
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
    if (res.status >= 200 && res.status < 300) return res;
    const b = (res.json() ?? {}) as { error?: unknown; message?: unknown; messages?: unknown };
    const text = [b.error, b.message, b.messages].find((x) => typeof x === 'string') as string | undefined;
    throw new BackendError(kindForStatus(res.status), text ?? `HTTP ${res.status}`, { status: res.status });
  }
}
