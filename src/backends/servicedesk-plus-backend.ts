import * as v from 'valibot';
import type { Capabilities, FieldSpec, FieldValues, Group, Membership, MembershipKind, Page, PageQuery, ProductTerms, Profile, User } from '../model';
import { BackendError, kindForStatus } from './backend-error';
import { unsupported, type BackendContext, type DirectoryBackend } from './directory-backend';
import type { HttpResponse } from './http';
import { nullableString, parseResponse } from './response-schema';

/**
 * ServiceDesk Plus API v3: `authtoken` (on-premises) or `Zoho-oauthtoken` (cloud); every payload is
 * JSON in the `input_data` parameter (query string for lists, form field for writes); answers carry
 * `response_status` (an array on lists) and `list_info` paging (1-based, at most 100 rows).
 */
const TITLE = 'ServiceDesk Plus';
const MAX_ROWS = 100;

const Ref = v.nullable(v.looseObject({ id: v.union([v.string(), v.number()]), name: v.optional(v.nullable(v.string())) }));
const UserSchema = v.looseObject({
  id: v.union([v.string(), v.number()]),
  name: v.string(),
  first_name: nullableString,
  middle_name: nullableString,
  last_name: nullableString,
  email_id: nullableString,
  login_name: nullableString,
  employee_id: nullableString,
  phone: nullableString,
  mobile: nullableString,
  jobtitle: nullableString,
  description: nullableString,
  sms_mail_id: nullableString,
  is_vipuser: v.optional(v.nullable(v.boolean()), false),
  is_technician: v.optional(v.nullable(v.boolean()), false),
  service_request_approver: v.optional(v.nullable(v.boolean()), false),
  purchase_approver: v.optional(v.nullable(v.boolean()), false),
  cost_per_hour: nullableString,
  purchase_approval_limit: nullableString,
  status: nullableString,
  department: v.optional(Ref, null),
  associated_roles: v.optional(v.nullable(v.array(v.looseObject({ id: v.union([v.string(), v.number()]), name: v.optional(v.string()) })))),
  created_time: v.optional(v.nullable(v.looseObject({ value: v.optional(v.string()) }))),
});
type SdpUser = v.InferOutput<typeof UserSchema>;

const ListInfo = v.looseObject({ has_more_rows: v.optional(v.boolean()), total_count: v.optional(v.number()), start_index: v.optional(v.union([v.number(), v.string()])), row_count: v.optional(v.union([v.number(), v.string()])) });
const Status = v.looseObject({
  status_code: v.optional(v.union([v.number(), v.string()])),
  status: v.optional(v.string()),
  messages: v.optional(v.array(v.looseObject({ status_code: v.optional(v.union([v.number(), v.string()])), field: v.optional(v.string()), fields: v.optional(v.array(v.string())), message: v.optional(v.string()) }))),
});
const ErrorBody = v.looseObject({ response_status: v.optional(v.union([Status, v.array(Status)])) });

export class ServiceDeskPlusBackend implements DirectoryBackend {
  readonly product = 'servicedesk-plus' as const;
  readonly terms: ProductTerms = {
    users: 'Users',
    groups: 'Departments',
    profiles: 'Roles',
    user: 'user',
    group: 'department',
    profile: 'role',
    searchHint: 'Name, email or login name contains…',
  };
  readonly capabilities: Capabilities = {
    createUser: true,
    updateUser: true,
    deleteUser: true,
    trash: false,
    purge: false,
    restore: false,
    enableDisable: false,
    groups: true,
    profiles: true,
    editGroupMembership: true,
    editProfileMembership: true,
    changeToTechnician: true,
    checkedOutItems: false,
    picture: false,
  };

  constructor(private readonly ctx: BackendContext) {
    ctx.redactor.add(ctx.secrets.token);
  }

  async testConnection(signal?: AbortSignal): Promise<string> {
    const body = await this.list('/users', { start_index: 1, row_count: 1, get_total_count: true }, signal);
    const info = parseResponse(ListInfo, (body as { list_info?: unknown }).list_info, 'list_info');
    return `ServiceDesk Plus, ${info.total_count ?? 'some'} users visible`;
  }

  async listUsers(q: PageQuery): Promise<Page<User>> {
    const criteria = q.search?.trim()
      ? ['name', 'email_id', 'login_name'].map((field, i) => ({ field, condition: 'contains', value: q.search!.trim(), ...(i ? { logical_operator: 'OR' } : {}) }))
      : undefined;
    return this.userPage(q, criteria);
  }

  async getUser(userId: string, signal?: AbortSignal): Promise<User> {
    const body = await this.call('GET', `/users/${encodeURIComponent(userId)}`, undefined, signal);
    return this.toUser(parseResponse(UserSchema, (body as { user?: unknown }).user, 'user'));
  }

  async userFields(): Promise<FieldSpec[]> {
    const departments = await this.named('/departments', 'departments');
    return [
      { key: 'name', label: 'Name', type: 'string', group: 'identity', required: true, help: 'The display name; ServiceDesk Plus does not compose it from the parts below.' },
      { key: 'first_name', label: 'First name', type: 'string', group: 'identity' },
      { key: 'middle_name', label: 'Middle name', type: 'string', group: 'identity' },
      { key: 'last_name', label: 'Last name', type: 'string', group: 'identity' },
      { key: 'employee_id', label: 'Employee ID', type: 'string', group: 'identity' },
      { key: 'login_name', label: 'Login name', type: 'string', group: 'identity' },
      { key: 'email_id', label: 'Email', type: 'email', group: 'contact' },
      { key: 'phone', label: 'Phone', type: 'string', group: 'contact' },
      { key: 'mobile', label: 'Mobile', type: 'string', group: 'contact' },
      { key: 'sms_mail_id', label: 'SMS mail', type: 'email', group: 'contact' },
      { key: 'jobtitle', label: 'Job title', type: 'string', group: 'organisation' },
      { key: 'department', label: 'Department', type: 'enum', group: 'organisation', options: [{ value: '', label: 'None' }, ...departments] },
      { key: 'description', label: 'Description', type: 'text', group: 'organisation' },
      { key: 'password', label: 'Password', type: 'password', group: 'security', only: 'create', help: 'For local login; leave empty for domain users.' },
      { key: 'is_vipuser', label: 'VIP user', type: 'boolean', group: 'product', default: false },
      { key: 'service_request_approver', label: 'Can approve service requests', type: 'boolean', group: 'product', default: false },
      { key: 'purchase_approver', label: 'Can approve purchase orders', type: 'boolean', group: 'product', default: false },
      { key: 'purchase_approval_limit', label: 'Purchase approval limit', type: 'number', group: 'product', help: '-1 means no limit.' },
      { key: 'cost_per_hour', label: 'Cost per hour', type: 'number', group: 'product' },
      { key: 'status', label: 'Status', type: 'string', group: 'product', readOnly: true, only: 'edit' },
    ];
  }

  async createUser(values: FieldValues, signal?: AbortSignal): Promise<User> {
    const body = await this.call('POST', '/users', { user: this.toWire(values) }, signal);
    return this.toUser(parseResponse(UserSchema, (body as { user?: unknown }).user, 'created user'));
  }

  async updateUser(userId: string, changes: FieldValues, signal?: AbortSignal): Promise<User> {
    const body = await this.call('PUT', `/users/${encodeURIComponent(userId)}`, { user: this.toWire(changes) }, signal);
    return this.toUser(parseResponse(UserSchema, (body as { user?: unknown }).user, 'updated user'));
  }

  async deleteUser(userId: string, _options: { purge: boolean }, signal?: AbortSignal): Promise<void> {
    await this.call('DELETE', `/users/${encodeURIComponent(userId)}`, undefined, signal);
  }

  restoreUser(): Promise<void> {
    return unsupported(TITLE, 'trash to restore users from');
  }

  setUserActive(): Promise<User> {
    return unsupported(TITLE, 'way to enable or disable a user through the API');
  }

  async listGroups(q: PageQuery): Promise<Page<Group>> {
    const page = await this.namedPage('/departments', 'departments', q);
    return { ...page, items: page.items.map((d) => ({ id: String(d.id), name: String(d.name ?? ''), description: this.siteName(d), raw: d })) };
  }

  listGroupMembers(groupId: string, q: PageQuery): Promise<Page<User>> {
    return this.userPage(q, [{ field: 'department.id', condition: 'is', value: groupId }]);
  }

  async listProfiles(q: PageQuery): Promise<Page<Profile>> {
    const page = await this.namedPage('/roles', 'roles', q);
    return { ...page, items: page.items.map((r) => ({ id: String(r.id), name: String(r.name ?? ''), description: typeof r.description === 'string' ? r.description : undefined, raw: r })) };
  }

  listProfileMembers(profileId: string, q: PageQuery): Promise<Page<User>> {
    return this.userPage(q, [{ field: 'associated_roles.id', condition: 'is', value: profileId }]);
  }

  async userMemberships(userId: string, signal?: AbortSignal): Promise<Membership[]> {
    const u = (await this.getUser(userId, signal)).raw as SdpUser;
    const out: Membership[] = [];
    if (u.department) out.push({ kind: 'group', id: String(u.department.id), targetId: String(u.department.id), targetName: u.department.name ?? String(u.department.id), detail: this.siteName(u.department), removable: true });
    for (const r of u.associated_roles ?? []) out.push({ kind: 'profile', id: String(r.id), targetId: String(r.id), targetName: r.name ?? String(r.id), removable: true });
    return out;
  }

  async membershipOptions(): Promise<FieldSpec[]> {
    return [];
  }

  /** A user is in one department (adding replaces it); roles are a list. */
  async addMembership(userId: string, kind: MembershipKind, targetId: string, _options: FieldValues, signal?: AbortSignal): Promise<void> {
    if (kind === 'group') {
      await this.call('PUT', `/users/${encodeURIComponent(userId)}`, { user: { department: { id: targetId } } }, signal);
      return;
    }
    const roles = (await this.userMemberships(userId, signal)).filter((m) => m.kind === 'profile').map((m) => m.targetId);
    if (!roles.includes(targetId)) roles.push(targetId);
    await this.call('PUT', `/users/${encodeURIComponent(userId)}`, { user: { associated_roles: roles.map((id) => ({ id })) } }, signal);
  }

  async removeMembership(userId: string, membership: Membership, signal?: AbortSignal): Promise<void> {
    if (membership.kind === 'group') {
      await this.call('PUT', `/users/${encodeURIComponent(userId)}`, { user: { department: null } }, signal);
      return;
    }
    const roles = (await this.userMemberships(userId, signal)).filter((m) => m.kind === 'profile' && m.targetId !== membership.targetId).map((m) => ({ id: m.targetId }));
    await this.call('PUT', `/users/${encodeURIComponent(userId)}`, { user: { associated_roles: roles } }, signal);
  }

  async heldItems(): Promise<never[]> {
    return [];
  }

  async technicianFields(signal?: AbortSignal): Promise<FieldSpec[]> {
    const [sites, groups, roles] = await Promise.all([this.named('/sites', 'sites', signal), this.named('/support_groups', 'support_groups', signal), this.named('/roles', 'roles', signal)]);
    return [
      { key: 'associated_sites', label: 'Site', type: 'multi-enum', group: 'organisation', options: [{ value: '-1', label: 'Not associated to any site' }, ...sites], help: 'Sites the technician works for' },
      { key: 'support_group', label: 'Support group', type: 'multi-enum', group: 'organisation', options: groups, help: 'Groups the technician handles requests for' },
      { key: 'associated_roles', label: 'Role', type: 'multi-enum', group: 'security', options: roles, help: 'What the technician may do' },
    ];
  }

  async changeToTechnician(userId: string, values: FieldValues, signal?: AbortSignal): Promise<User> {
    const refs = (key: string) => (Array.isArray(values[key]) ? (values[key] as string[]) : values[key] ? [String(values[key])] : []).map((id) => ({ id }));
    const technician = { associated_sites: refs('associated_sites'), support_group: refs('support_group'), associated_roles: refs('associated_roles') };
    await this.call('PUT', `/users/${encodeURIComponent(userId)}/change_as_technician`, { technician }, signal);
    return this.getUser(userId, signal);
  }

  async picture(): Promise<undefined> {
    return undefined;
  }

  webUrl(): string | undefined {
    return undefined;
  }

  async dispose(): Promise<void> {}

  private siteName(d: Record<string, unknown>): string | undefined {
    const site = d.site as { name?: unknown } | null | undefined;
    return site && typeof site.name === 'string' ? site.name : undefined;
  }

  private async userPage(q: PageQuery, criteria: unknown[] | undefined): Promise<Page<User>> {
    const start = Number(q.cursor ?? 1);
    const rowCount = Math.min(q.pageSize, MAX_ROWS);
    const listInfo: Record<string, unknown> = { start_index: start, row_count: rowCount, get_total_count: true, sort_field: 'name', sort_order: 'asc' };
    if (criteria) listInfo.search_criteria = criteria;
    const body = (await this.list('/users', listInfo, q.signal)) as { list_info?: unknown; users?: unknown };
    const info = parseResponse(ListInfo, body.list_info, 'list_info');
    const users = parseResponse(v.array(UserSchema), body.users ?? [], 'users');
    return { items: users.map((u) => this.toUser(u)), total: info.total_count, nextCursor: info.has_more_rows ? String(start + users.length) : undefined };
  }

  private async namedPage(path: string, key: string, q: PageQuery): Promise<Page<Record<string, unknown> & { id: string | number; name?: unknown }>> {
    const start = Number(q.cursor ?? 1);
    const body = (await this.list(path, { start_index: start, row_count: Math.min(q.pageSize, MAX_ROWS), get_total_count: true }, q.signal)) as Record<string, unknown>;
    const info = parseResponse(ListInfo, body.list_info, 'list_info');
    const rows = parseResponse(v.array(v.looseObject({ id: v.union([v.string(), v.number()]) })), body[key] ?? [], key) as Array<Record<string, unknown> & { id: string | number }>;
    return { items: rows, total: info.total_count, nextCursor: info.has_more_rows ? String(start + rows.length) : undefined };
  }

  /** Every row of a small collection, for choices in the editor. */
  private async named(path: string, key: string, signal?: AbortSignal): Promise<Array<{ value: string; label: string }>> {
    const out: Array<{ value: string; label: string }> = [];
    let cursor: string | undefined;
    do {
      const page = await this.namedPage(path, key, { cursor, pageSize: MAX_ROWS, signal });
      for (const r of page.items) out.push({ value: String(r.id), label: String(r.name ?? r.id) });
      cursor = page.nextCursor;
    } while (cursor && out.length < 2000);
    return out;
  }

  private toUser(u: SdpUser): User {
    const roles = (u.associated_roles ?? []).map((r) => r.name ?? '');
    return {
      id: String(u.id),
      login: u.login_name ?? u.email_id ?? u.name,
      displayName: u.name,
      email: u.email_id ?? undefined,
      state: {
        active: (u.status ?? 'ACTIVE').toUpperCase() === 'ACTIVE',
        deleted: false,
        admin: roles.some((r) => /^(SDAdmin|Administrator)$/i.test(r)),
        technician: Boolean(u.is_technician),
      },
      fields: {
        name: u.name,
        first_name: u.first_name,
        middle_name: u.middle_name,
        last_name: u.last_name,
        employee_id: u.employee_id,
        login_name: u.login_name,
        email_id: u.email_id,
        phone: u.phone,
        mobile: u.mobile,
        sms_mail_id: u.sms_mail_id,
        jobtitle: u.jobtitle,
        department: u.department ? String(u.department.id) : '',
        description: u.description,
        is_vipuser: Boolean(u.is_vipuser),
        service_request_approver: Boolean(u.service_request_approver),
        purchase_approver: Boolean(u.purchase_approver),
        purchase_approval_limit: u.purchase_approval_limit,
        cost_per_hour: u.cost_per_hour,
        status: u.status,
      },
      detail: [u.jobtitle, u.department?.name].filter(Boolean).join(', ') || undefined,
      // SDP has no modification time on users: a hash of the record stands for its version
      version: fingerprint(u),
      raw: u,
    };
  }

  private toWire(values: FieldValues): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(values)) {
      if (key === 'status') continue;
      if (key === 'password' && !value) continue;
      if (key === 'department') out.department = value ? { id: String(value) } : null;
      else if (key === 'cost_per_hour' || key === 'purchase_approval_limit') out[key] = value === '' || value === null ? null : String(value);
      else out[key] = value === '' ? null : value;
    }
    return out;
  }

  private list(path: string, listInfo: Record<string, unknown>, signal?: AbortSignal): Promise<unknown> {
    const params = new URLSearchParams({ input_data: JSON.stringify({ list_info: listInfo }) });
    return this.call('GET', `${path}?${params}`, undefined, signal);
  }

  private async call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, input?: unknown, signal?: AbortSignal): Promise<unknown> {
    const c = this.ctx.connection;
    const auth: Record<string, string> = c.authMode === 'oauth' ? { Authorization: `Zoho-oauthtoken ${this.ctx.secrets.token ?? ''}` } : { authtoken: this.ctx.secrets.token ?? '' };
    const res = await this.ctx.http.send({
      method,
      url: `${c.baseUrl}${path}`,
      headers: {
        ...auth,
        Accept: 'application/vnd.manageengine.sdp.v3+json',
        ...(input === undefined ? {} : { 'Content-Type': 'application/x-www-form-urlencoded' }),
      },
      body: input === undefined ? undefined : new URLSearchParams({ input_data: JSON.stringify(input) }).toString(),
      signal,
    });
    if (res.status >= 200 && res.status < 300) return res.json();
    throw this.error(res);
  }

  private error(res: HttpResponse): BackendError {
    const parsed = v.safeParse(ErrorBody, res.json());
    const rs = parsed.success ? parsed.output.response_status : undefined;
    const status = Array.isArray(rs) ? rs[0] : rs;
    const messages = status?.messages ?? [];
    const fields: Record<string, string[]> = {};
    for (const m of messages) {
      const text = m.message ?? `error ${m.status_code}`;
      for (const f of m.field ? [m.field] : (m.fields ?? [])) (fields[f] ??= []).push(text);
    }
    const code = messages[0]?.status_code !== undefined ? String(messages[0].status_code) : status?.status_code !== undefined ? String(status.status_code) : undefined;
    const text = messages.map((m) => [m.field ?? m.fields?.join(', '), m.message].filter(Boolean).join(': ') || `error ${m.status_code}`).join('; ') || `HTTP ${res.status}`;
    return new BackendError(kindForStatus(res.status), text, { status: res.status, code, fields: Object.keys(fields).length ? fields : undefined });
  }
}

/** A short, stable digest of a JSON value (FNV-1a over its text). */
function fingerprint(value: unknown): string {
  const text = JSON.stringify(value);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16);
}
