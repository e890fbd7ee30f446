import type { DepartmentRow, Model, NamedRow, RoleRow, SiteRow, SupportGroupRow, UserRow } from './model.js';
import { CIID_OFFSET, NOT_IN_ANY_SITE, NOT_IN_ANY_SITE_NAME } from './world.js';

/**
 * What `search_fields`, `search_criteria` and `sort_field` may name, per entity: the attribute (dotted
 * paths reach into references, e.g. `department.name`), its type, and how to read it from a stored row
 * without allocating where possible (searches scan every row).
 */
export type Scalar = string | number | boolean | null;

export interface FieldSpec<R> {
  readonly kind: 'string' | 'number' | 'boolean';
  /** Several values per row (any of them may match); not sortable. */
  readonly multi: boolean;
  get(row: R): Scalar | readonly Scalar[];
}

export type FieldTable<R> = Readonly<Record<string, FieldSpec<R>>>;

const str = <R>(get: (r: R) => string | null): FieldSpec<R> => ({ kind: 'string', multi: false, get });
const num = <R>(get: (r: R) => number | null): FieldSpec<R> => ({ kind: 'number', multi: false, get });
const bool = <R>(get: (r: R) => boolean): FieldSpec<R> => ({ kind: 'boolean', multi: false, get });
const many = <R>(kind: 'string' | 'number', get: (r: R) => readonly Scalar[]): FieldSpec<R> => ({ kind, multi: true, get });

/** A table of fields with no prototype, so a field named `__proto__` or `toString` is simply unknown. */
function table<R>(fields: Record<string, FieldSpec<R>>): FieldTable<R> {
  return Object.assign(Object.create(null) as Record<string, FieldSpec<R>>, fields);
}

export function userFields(m: Model): FieldTable<UserRow> {
  const name = (t: { get(id: number): NamedRow | undefined }, id: number | undefined) => (id === undefined ? null : (t.get(id)?.name ?? null));
  const status = (u: UserRow) => (u.inactive ? 'INACTIVE' : 'ACTIVE');
  return table({
    id: num((u) => u.id),
    name: str((u) => u.name),
    first_name: str((u) => u.first ?? null),
    middle_name: str((u) => u.middle ?? null),
    last_name: str((u) => u.last ?? null),
    email_id: str((u) => u.email ?? null),
    secondary_emailids: many('string', (u) => u.emails2 ?? []),
    login_name: str((u) => u.login ?? null),
    employee_id: str((u) => u.employeeId ?? null),
    phone: str((u) => u.phone ?? null),
    mobile: str((u) => u.mobile ?? null),
    sms_mail_id: str((u) => u.sms ?? null),
    jobtitle: str((u) => u.title ?? null),
    description: str((u) => u.description ?? null),
    is_vipuser: bool((u) => u.vip === true),
    is_technician: bool((u) => u.tech !== undefined),
    service_request_approver: bool((u) => u.srApprover === true),
    purchase_approver: bool((u) => u.poApprover === true),
    cost_per_hour: num((u) => u.cost ?? 0),
    purchase_approval_limit: num((u) => u.poLimit ?? null),
    created_time: num((u) => u.created),
    'created_time.value': num((u) => u.created),
    status: str(status),
    'status.name': str(status),
    org_user_status: str(status),
    type: str((u) => (u.tech ? 'Technician' : 'User')),
    ciid: num((u) => u.id + CIID_OFFSET),
    'department.id': num((u) => u.dept ?? null),
    'department.name': str((u) => name(m.departments.table, u.dept)),
    'domain.id': num((u) => u.domain ?? null),
    'domain.name': str((u) => name(m.domains, u.domain)),
    'reporting_to.id': num((u) => u.manager ?? null),
    'reporting_to.name': str((u) => name(m.users, u.manager)),
    'project_roles.id': num((u) => u.projectRole ?? null),
    'project_roles.name': str((u) => name(m.projectRoles, u.projectRole)),
    'associated_roles.id': many('number', (u) => u.roles),
    'associated_roles.name': many('string', (u) => u.roles.map((r) => name(m.roles.table, r))),
  });
}

export function technicianFields(m: Model): FieldTable<UserRow> {
  const siteName = (id: number) => (id === NOT_IN_ANY_SITE ? NOT_IN_ANY_SITE_NAME : (m.sites.table.get(id)?.name ?? null));
  const groups = (u: UserRow) => u.tech?.groups ?? [];
  const sites = (u: UserRow) => u.tech?.sites ?? [];
  return table({
    ...userFields(m),
    allowed_to_view_cost: bool((u) => u.tech?.viewCost === true),
    'support_group.id': many('number', groups),
    'support_group.name': many('string', (u) => groups(u).map((g) => m.supportGroups.table.get(g)?.name ?? null)),
    'associated_sites.id': many('number', sites),
    'associated_sites.name': many('string', (u) => sites(u).map(siteName)),
  });
}

function namedFields<R extends NamedRow & { description?: string }>(): Record<string, FieldSpec<R>> {
  return {
    id: num((r) => r.id),
    name: str((r) => r.name),
    description: str((r) => r.description ?? null),
  };
}

function sitedFields<R extends NamedRow & { description?: string; site?: number }>(m: Model): FieldTable<R> {
  return table<R>({
    ...namedFields<R>(),
    'site.id': num((r) => r.site ?? null),
    'site.name': str((r) => (r.site === undefined ? null : (m.sites.table.get(r.site)?.name ?? null))),
  });
}

export const departmentFields = (m: Model): FieldTable<DepartmentRow> => sitedFields<DepartmentRow>(m);
export const supportGroupFields = (m: Model): FieldTable<SupportGroupRow> => sitedFields<SupportGroupRow>(m);
export const roleFields = (): FieldTable<RoleRow> => table(namedFields<RoleRow>());
export const siteFields = (): FieldTable<SiteRow> =>
  table<SiteRow>({
    ...namedFields<SiteRow>(),
    city: str((s) => s.city),
    country: str((s) => s.country),
    street: str((s) => s.street),
    postal_code: str((s) => s.postalCode),
  });
