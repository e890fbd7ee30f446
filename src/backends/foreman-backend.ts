import * as v from 'valibot';
import type { Capabilities, FieldSpec, FieldValues, Group, Membership, MembershipKind, Page, PageQuery, ProductTerms, Profile, User } from '../model';
import { BackendError, kindForStatus } from './backend-error';
import { unsupported, type BackendContext, type DirectoryBackend } from './directory-backend';
import type { HttpResponse } from './http';
import { id, nullableString, parseResponse } from './response-schema';

/**
 * Foreman API v2: HTTP Basic on every call, JSON bodies wrapped in `user`, index envelopes
 * `{total, subtotal, page, per_page, search, sort, results}`, scoped-search syntax for `search`.
 */
const TITLE = 'Foreman';

const Taxonomy = v.looseObject({ id: v.number(), name: v.string() });
const RoleRef = v.looseObject({ id: v.number(), name: v.string(), description: nullableString });
const UserSchema = v.looseObject({
  id: v.number(),
  login: v.string(),
  firstname: nullableString,
  lastname: nullableString,
  mail: nullableString,
  description: nullableString,
  admin: v.optional(v.boolean(), false),
  effective_admin: v.optional(v.boolean()),
  disabled: v.optional(v.nullable(v.boolean()), false),
  auth_source_id: v.optional(v.nullable(v.number())),
  auth_source_name: nullableString,
  locale: nullableString,
  timezone: nullableString,
  updated_at: nullableString,
  default_location: v.optional(v.nullable(Taxonomy)),
  default_organization: v.optional(v.nullable(Taxonomy)),
  locations: v.optional(v.array(Taxonomy), []),
  organizations: v.optional(v.array(Taxonomy), []),
  roles: v.optional(v.array(RoleRef)),
  usergroups: v.optional(v.array(v.looseObject({ id: v.number(), name: v.string() }))),
});
type ForemanUser = v.InferOutput<typeof UserSchema>;

const Index = <S extends v.GenericSchema>(item: S) =>
  v.looseObject({
    total: v.number(),
    subtotal: v.optional(v.number()),
    page: v.optional(v.number()),
    per_page: v.optional(v.union([v.number(), v.string()])),
    results: v.array(item),
  });

const ErrorBody = v.looseObject({
  error: v.optional(
    v.union([
      v.string(),
      v.looseObject({
        message: v.optional(v.string()),
        errors: v.optional(v.record(v.string(), v.array(v.string()))),
        full_messages: v.optional(v.array(v.string())),
        details: v.optional(v.string()),
      }),
    ]),
  ),
  message: v.optional(v.string()),
});

/** Foreman's attribute names in 422 errors, mapped to the editor's field keys. */
const ERROR_FIELD: Record<string, string> = { password_hash: 'password', auth_source: 'auth_source_id', default_location: 'default_location_id', default_organization: 'default_organization_id' };

const LOCALES = ['ca', 'cs_CZ', 'de', 'en', 'en_GB', 'es', 'fr', 'gl', 'it', 'ja', 'ko', 'nl_NL', 'pl', 'pt_BR', 'ru', 'sv_SE', 'zh_CN', 'zh_TW'];

export class ForemanBackend implements DirectoryBackend {
  readonly product = 'foreman' as const;
  readonly terms: ProductTerms = {
    users: 'Users',
    groups: 'User Groups',
    profiles: 'Roles',
    user: 'user',
    group: 'user group',
    profile: 'role',
    searchHint: 'Foreman search, e.g. ada  or  login ~ ada and admin = false',
  };
  readonly capabilities: Capabilities = {
    createUser: true,
    updateUser: true,
    deleteUser: true,
    trash: false,
    purge: false,
    restore: false,
    enableDisable: true,
    groups: true,
    profiles: true,
    editGroupMembership: true,
    editProfileMembership: true,
    changeToTechnician: false,
    checkedOutItems: false,
    picture: false,
  };
  private readonly authorization: string;

  constructor(private readonly ctx: BackendContext) {
    const basic = Buffer.from(`${ctx.connection.username ?? ''}:${ctx.secrets.password ?? ''}`).toString('base64');
    ctx.redactor.add(ctx.secrets.password);
    ctx.redactor.add(basic);
    this.authorization = `Basic ${basic}`;
  }

  async testConnection(signal?: AbortSignal): Promise<string> {
    const status = parseResponse(v.looseObject({ version: v.optional(v.string()) }), await this.call('GET', '/status', undefined, signal), 'status');
    const me = parseResponse(UserSchema, await this.call('GET', '/current_user', undefined, signal), 'current user');
    return `Foreman ${status.version ?? ''}, signed in as ${me.login}${me.admin ? ' (administrator)' : ''}`.replace('  ', ' ');
  }

  async listUsers(q: PageQuery): Promise<Page<User>> {
    return this.userPage('/users', q);
  }

  async getUser(userId: string, signal?: AbortSignal): Promise<User> {
    return this.toUser(parseResponse(UserSchema, await this.call('GET', `/users/${encodeURIComponent(userId)}`, undefined, signal), 'user'));
  }

  async userFields(): Promise<FieldSpec[]> {
    const [sources, locations, organizations] = await Promise.all([
      this.options('/auth_sources', (r) => (r.type === 'AuthSourceHidden' ? undefined : `${r.name} (${String(r.type).replace('AuthSource', '')})`)),
      this.options('/locations', (r) => String(r.title ?? r.name)),
      this.options('/organizations', (r) => String(r.title ?? r.name)),
    ]);
    return [
      { key: 'login', label: 'Login', type: 'string', group: 'identity', required: true, maxLength: 100, pattern: { source: '^[\\p{L}\\p{N}_\\-@.\\\\$#+]*$', message: 'Login may contain letters, digits and _ - @ . \\ $ # + only.' } },
      { key: 'firstname', label: 'First name', type: 'string', group: 'identity', maxLength: 50 },
      { key: 'lastname', label: 'Last name', type: 'string', group: 'identity', maxLength: 50 },
      { key: 'description', label: 'Description', type: 'text', group: 'identity' },
      { key: 'mail', label: 'Email', type: 'email', group: 'contact', required: true, maxLength: 254, help: 'Foreman requires an address to update a user with mail enabled.' },
      { key: 'locale', label: 'Language', type: 'enum', group: 'contact', options: [{ value: '', label: 'Browser locale' }, ...LOCALES.map((l) => ({ value: l, label: l }))] },
      { key: 'timezone', label: 'Timezone', type: 'string', group: 'contact', help: 'A Rails zone name (e.g. "Berlin") or an IANA id (e.g. Europe/Berlin); empty for the browser timezone.' },
      { key: 'auth_source_id', label: 'Authorized by', type: 'enum', group: 'security', required: true, options: sources, only: 'create', help: 'Internal users need a password; LDAP and external users authenticate elsewhere.' },
      { key: 'auth_source_name', label: 'Authorized by', type: 'string', group: 'security', readOnly: true, only: 'edit' },
      { key: 'admin', label: 'Administrator', type: 'boolean', group: 'security', default: false, help: 'Only an administrator can change this.' },
      { key: 'disabled', label: 'Disabled', type: 'boolean', group: 'security', default: false },
      { key: 'password', label: 'Password', type: 'password', group: 'security', help: 'Required for internal users. When editing, leave empty to keep the current password.' },
      { key: 'password_confirmation', label: 'Confirm password', type: 'password', group: 'security', sameAs: 'password' },
      { key: 'location_ids', label: 'Locations', type: 'multi-enum', group: 'organisation', options: locations },
      { key: 'default_location_id', label: 'Default location', type: 'enum', group: 'organisation', options: [{ value: '', label: 'None' }, ...locations] },
      { key: 'organization_ids', label: 'Organizations', type: 'multi-enum', group: 'organisation', options: organizations },
      { key: 'default_organization_id', label: 'Default organization', type: 'enum', group: 'organisation', options: [{ value: '', label: 'None' }, ...organizations] },
    ];
  }

  async createUser(values: FieldValues, signal?: AbortSignal): Promise<User> {
    const body = { user: this.toWire(values) };
    return this.toUser(parseResponse(UserSchema, await this.call('POST', '/users', body, signal), 'created user'));
  }

  async updateUser(userId: string, changes: FieldValues, signal?: AbortSignal): Promise<User> {
    const body = { user: this.toWire(changes) };
    return this.toUser(parseResponse(UserSchema, await this.call('PUT', `/users/${encodeURIComponent(userId)}`, body, signal), 'updated user'));
  }

  async deleteUser(userId: string, _options: { purge: boolean }, signal?: AbortSignal): Promise<void> {
    await this.call('DELETE', `/users/${encodeURIComponent(userId)}`, undefined, signal);
  }

  restoreUser(): Promise<void> {
    return unsupported(TITLE, 'trash to restore users from');
  }

  async setUserActive(userId: string, active: boolean, signal?: AbortSignal): Promise<User> {
    return this.updateUser(userId, { disabled: !active }, signal);
  }

  async listGroups(q: PageQuery): Promise<Page<Group>> {
    const page = await this.index('/usergroups', q, v.looseObject({ id: v.number(), name: v.string(), admin: v.optional(v.boolean()) }));
    return { ...page, items: page.items.map((g) => ({ id: String(g.id), name: g.name, description: g.admin ? 'administrators' : undefined, raw: g })) };
  }

  listGroupMembers(groupId: string, q: PageQuery): Promise<Page<User>> {
    return this.userPage(`/usergroups/${encodeURIComponent(groupId)}/users`, q);
  }

  async listProfiles(q: PageQuery): Promise<Page<Profile>> {
    const page = await this.index('/roles', q, v.looseObject({ id: v.number(), name: v.string(), description: nullableString, builtin: v.optional(v.number()) }));
    return { ...page, items: page.items.map((r) => ({ id: String(r.id), name: r.name, description: r.description ?? undefined, raw: r })) };
  }

  listProfileMembers(profileId: string, q: PageQuery): Promise<Page<User>> {
    return this.userPage(`/roles/${encodeURIComponent(profileId)}/users`, q);
  }

  async userMemberships(userId: string, signal?: AbortSignal): Promise<Membership[]> {
    const u = parseResponse(UserSchema, await this.call('GET', `/users/${encodeURIComponent(userId)}`, undefined, signal), 'user');
    return [
      ...(u.usergroups ?? []).map((g) => ({ kind: 'group' as const, id: String(g.id), targetId: String(g.id), targetName: g.name, removable: true })),
      ...(u.roles ?? []).map((r) => ({ kind: 'profile' as const, id: String(r.id), targetId: String(r.id), targetName: r.name, detail: r.description ?? undefined, removable: true })),
    ];
  }

  async membershipOptions(): Promise<FieldSpec[]> {
    return [];
  }

  async addMembership(userId: string, kind: MembershipKind, targetId: string, _options: FieldValues, signal?: AbortSignal): Promise<void> {
    if (kind === 'group') return this.setGroupMember(targetId, Number(userId), true, signal);
    const roles = await this.roleIds(userId, signal);
    if (!roles.includes(Number(targetId))) roles.push(Number(targetId));
    await this.call('PUT', `/users/${encodeURIComponent(userId)}`, { user: { role_ids: roles } }, signal);
  }

  async removeMembership(userId: string, membership: Membership, signal?: AbortSignal): Promise<void> {
    if (membership.kind === 'group') return this.setGroupMember(membership.targetId, Number(userId), false, signal);
    const roles = (await this.roleIds(userId, signal)).filter((r) => r !== Number(membership.targetId));
    await this.call('PUT', `/users/${encodeURIComponent(userId)}`, { user: { role_ids: roles } }, signal);
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
    const root = this.ctx.connection.baseUrl.replace(/\/api(\/v2)?\/?$/, '');
    const path = kind === 'user' ? 'users' : kind === 'group' ? 'usergroups' : 'roles';
    return `${root}/${path}/${encodeURIComponent(itemId)}/edit`;
  }

  async dispose(): Promise<void> {}

  /** Foreman keeps group membership on the group: its `user_ids` list is replaced as a whole. */
  private async setGroupMember(groupId: string, userId: number, member: boolean, signal?: AbortSignal): Promise<void> {
    const path = `/usergroups/${encodeURIComponent(groupId)}`;
    const group = parseResponse(v.looseObject({ users: v.optional(v.array(v.looseObject({ id: v.number() })), []) }), await this.call('GET', path, undefined, signal), 'user group');
    const ids = group.users.map((u) => u.id).filter((id) => id !== userId);
    if (member) ids.push(userId);
    await this.call('PUT', path, { usergroup: { user_ids: ids } }, signal);
  }

  private async roleIds(userId: string, signal?: AbortSignal): Promise<number[]> {
    const u = parseResponse(UserSchema, await this.call('GET', `/users/${encodeURIComponent(userId)}`, undefined, signal), 'user');
    return (u.roles ?? []).map((r) => r.id);
  }

  private async userPage(path: string, q: PageQuery): Promise<Page<User>> {
    const page = await this.index(path, q, UserSchema);
    return { ...page, items: page.items.map((u) => this.toUser(u)) };
  }

  private async index<S extends v.GenericSchema>(path: string, q: PageQuery, item: S): Promise<Page<v.InferOutput<S>>> {
    const page = Number(q.cursor ?? 1);
    const params = new URLSearchParams({ page: String(page), per_page: String(q.pageSize) });
    if (q.search?.trim()) params.set('search', q.search.trim());
    const body = parseResponse(Index(item), await this.call('GET', `${path}?${params}`, undefined, q.signal), path);
    const total = q.search?.trim() ? (body.subtotal ?? body.total) : body.total;
    return { items: body.results, total, nextCursor: page * q.pageSize < total ? String(page + 1) : undefined };
  }

  private async options(path: string, label: (row: Record<string, unknown>) => string | undefined) {
    const rows = parseResponse(Index(v.looseObject({ id: id })), await this.call('GET', `${path}?per_page=all`), path).results as Array<Record<string, unknown>>;
    return rows.flatMap((r) => {
      const text = label(r);
      return text === undefined ? [] : [{ value: String(r.id), label: text }];
    });
  }

  private toUser(u: ForemanUser): User {
    const name = [u.firstname, u.lastname].filter(Boolean).join(' ');
    return {
      id: String(u.id),
      login: u.login,
      displayName: name || u.login,
      email: u.mail ?? undefined,
      state: { active: !u.disabled, deleted: false, admin: Boolean(u.admin || u.effective_admin), technician: false },
      fields: {
        login: u.login,
        firstname: u.firstname,
        lastname: u.lastname,
        description: u.description,
        mail: u.mail,
        locale: u.locale ?? '',
        timezone: u.timezone,
        auth_source_id: u.auth_source_id === undefined || u.auth_source_id === null ? null : String(u.auth_source_id),
        auth_source_name: u.auth_source_name,
        admin: Boolean(u.admin),
        disabled: Boolean(u.disabled),
        location_ids: u.locations.map((l) => String(l.id)),
        default_location_id: u.default_location ? String(u.default_location.id) : '',
        organization_ids: u.organizations.map((o) => String(o.id)),
        default_organization_id: u.default_organization ? String(u.default_organization.id) : '',
      },
      detail: u.auth_source_name ?? undefined,
      version: u.updated_at ?? '',
      raw: u,
    };
  }

  /** Editor values → Foreman's user attributes (ids as numbers, blanks as null). */
  private toWire(values: FieldValues): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(values)) {
      if (key === 'auth_source_name') continue;
      if (key === 'location_ids' || key === 'organization_ids') out[key] = (Array.isArray(value) ? value : []).map(Number);
      else if (key.endsWith('_id')) out[key] = value === '' || value === null ? null : Number(value);
      else if ((key === 'password' || key === 'password_confirmation') && !value) continue;
      else out[key] = value === '' ? null : value;
    }
    return out;
  }

  private async call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, signal?: AbortSignal): Promise<unknown> {
    const res = await this.ctx.http.send({
      method,
      url: `${this.ctx.connection.baseUrl}${path}`,
      headers: {
        Authorization: this.authorization,
        Accept: 'application/json;version=2',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
    if (res.status >= 200 && res.status < 300) return res.json();
    throw this.error(res);
  }

  private error(res: HttpResponse): BackendError {
    const parsed = v.safeParse(ErrorBody, res.json());
    const body = parsed.success ? parsed.output : {};
    const err = body.error;
    if (typeof err === 'object' && err) {
      if (err.errors) {
        const fields: Record<string, string[]> = {};
        for (const [attr, messages] of Object.entries(err.errors)) fields[ERROR_FIELD[attr] ?? attr] = messages;
        return new BackendError('validation', (err.full_messages ?? []).join('; ') || 'Validation failed', { status: res.status, fields });
      }
      const message = [err.message, err.details].filter(Boolean).join(': ');
      return new BackendError(kindForStatus(res.status), message || `HTTP ${res.status}`, { status: res.status });
    }
    const message = typeof err === 'string' ? err : (body.message ?? (res.text.slice(0, 200) || `HTTP ${res.status}`));
    return new BackendError(kindForStatus(res.status), message, { status: res.status });
  }
}
