import { dateValue, dateValueWriteForm } from './dates.js';
import type { DepartmentRow, Model, RoleRow, SiteRow, SupportGroupRow, UdfValues, UserRow } from './model.js';
import {
  AUTOMATIC_ROLE_IDS,
  CIID_OFFSET,
  CI_DEFAULT_UDFS,
  CI_USER_UDFS,
  IMPACTS,
  NOT_IN_ANY_SITE,
  NOT_IN_ANY_SITE_NAME,
  TECHNICIAN_UDFS,
  USER_UDFS,
  type UdfSpec,
} from './world.js';

/**
 * The product's output shapes. The documentation's examples show two key orders for the same user: the
 * answers to POST/PUT ("write" form, keys roughly in input order) and GET answers ("read" form, the
 * server's hash order, with nested references listing `id` last). Both are reproduced.
 */
export type Form = 'write' | 'read';

type Out = Record<string, unknown>;
type Render = (u: UserRow, form: Form) => unknown;

const USER_WRITE_ORDER = [
  'first_name', 'middle_name', 'last_name', 'name', 'is_vipuser', 'employee_id', 'department', 'mobile', 'description',
  'sms_mail_id', 'jobtitle', 'phone', 'email_id', 'secondary_emailids', 'cost_per_hour', 'service_request_approver',
  'purchase_approver', 'purchase_approval_limit', 'project_roles', 'reporting_to', 'requester_allowed_to_view',
  'login_name', 'domain', 'user_udf_fields', 'ci_default_fields', 'ci_user_fields', 'attachments', 'ci_people_fields',
  'org_roles', 'type', 'org_user_status', 'id', 'profile_pic', 'created_time', 'is_technician', 'ciid',
  'associated_roles', 'status',
] as const;

const USER_READ_ORDER = [
  'email_id', 'purchase_approver', 'attachments', 'ci_people_fields', 'org_roles', 'description', 'is_vipuser',
  'reporting_to', 'type', 'citype', 'cost_per_hour', 'ci_default_fields', 'org_user_status', 'id', 'department',
  'first_name', 'profile_pic', 'service_request_approver', 'created_time', 'is_technician', 'jobtitle', 'mobile',
  'project_roles', 'last_name', 'sms_mail_id', 'middle_name', 'ciid', 'purchase_approval_limit', 'secondary_emailids',
  'login_name', 'requester_allowed_to_view', 'phone', 'employee_id', 'domain', 'name', 'ci_user_fields',
  'user_udf_fields', 'associated_roles', 'status',
] as const;

const TECHNICIAN_ORDER = [
  'first_name', 'middle_name', 'last_name', 'name', 'is_vipuser', 'employee_id', 'department', 'mobile', 'description',
  'sms_mail_id', 'jobtitle', 'phone', 'email_id', 'secondary_emailids', 'cost_per_hour', 'allowed_to_view_cost',
  'service_request_approver', 'purchase_approver', 'purchase_approval_limit', 'project_roles', 'reporting_to',
  'login_name', 'associated_roles', 'user_udf_fields', 'technician_udf_fields', 'associated_sites', 'support_group',
  'portaluser_id', 'org_roles', 'type', 'citype', 'org_user_status', 'id', 'profile_pic', 'created_time',
  'aaaaccpass_id', 'sip_user', 'domain', 'status', 'extension', 'attachments', 'aaauser_id', 'sduser_id', 'account_id',
  'is_in_ad', 'enable_telephony',
] as const;

/** Every key a user row can show (what `fields_required` may name). */
export const USER_OUTPUT_FIELDS: ReadonlySet<string> = new Set(USER_READ_ORDER);
export const TECHNICIAN_OUTPUT_FIELDS: ReadonlySet<string> = new Set(TECHNICIAN_ORDER);
/** Keys a list row carries whatever `fields_required` says (the documentation's list example). */
const ALWAYS_IN_USER_ROWS = ['id', 'type', 'ci_people_fields', 'ci_default_fields', 'ci_user_fields'];
const ALWAYS_IN_TECHNICIAN_ROWS = ['id', 'type'];

const money = (n: number | undefined): string | null => (n === undefined ? null : n.toFixed(2));

export class Serializer {
  private readonly userRenderers: Record<string, Render>;
  private readonly technicianRenderers: Record<string, Render>;

  constructor(private readonly m: Model) {
    const common: Record<string, Render> = {
      first_name: (u) => u.first ?? null,
      middle_name: (u) => u.middle ?? null,
      last_name: (u) => u.last ?? null,
      name: (u) => u.name,
      is_vipuser: (u) => u.vip === true,
      employee_id: (u) => u.employeeId ?? null,
      department: (u, f) => this.department(u.dept, f),
      mobile: (u) => u.mobile ?? null,
      description: (u) => u.description ?? null,
      sms_mail_id: (u) => u.sms ?? null,
      jobtitle: (u) => u.title ?? null,
      phone: (u) => u.phone ?? null,
      email_id: (u) => u.email ?? null,
      secondary_emailids: (u) => (u.emails2 ? [...u.emails2] : []),
      cost_per_hour: (u) => money(u.cost ?? 0),
      service_request_approver: (u) => u.srApprover === true,
      purchase_approver: (u) => u.poApprover === true,
      purchase_approval_limit: (u) => money(u.poLimit),
      project_roles: (u, f) => this.named(this.m.projectRoles.get(u.projectRole ?? 0), f),
      reporting_to: (u, f) => this.reportingTo(u.manager, f),
      requester_allowed_to_view: () => null,
      login_name: (u) => u.login ?? null,
      domain: (u, f) => this.named(this.m.domains.get(u.domain ?? 0), f),
      user_udf_fields: (u, f) => this.udfs(USER_UDFS, u.udf, f),
      ci_default_fields: (u, f) => this.udfs(CI_DEFAULT_UDFS, u.ciDefault, f),
      ci_user_fields: (u, f) => this.udfs(CI_USER_UDFS, u.ciUser, f),
      attachments: () => [],
      ci_people_fields: () => ({}),
      org_roles: () => [],
      type: (u) => (u.tech ? 'Technician' : 'User'),
      citype: () => ({ name: 'User', id: 3 }),
      org_user_status: (u) => (u.inactive ? 'INACTIVE' : 'ACTIVE'),
      id: (u) => String(u.id),
      profile_pic: () => null,
      created_time: (u) => dateValue(u.created),
      is_technician: (u) => u.tech !== undefined,
      ciid: (u) => String(u.id + CIID_OFFSET),
      associated_roles: (u) => u.roles.map((id) => this.roleRef(id, true)),
      status: (u) => (u.inactive ? 'INACTIVE' : 'ACTIVE'),
    };
    this.userRenderers = common;
    this.technicianRenderers = {
      ...common,
      allowed_to_view_cost: (u) => u.tech?.viewCost === true,
      // given roles first ({id, name}), then the ones the product adds ({name, id}), as documented
      associated_roles: (u) => u.roles.map((id) => this.roleRef(id, AUTOMATIC_ROLE_IDS.has(id))),
      technician_udf_fields: (u, f) => this.udfs(TECHNICIAN_UDFS, u.tech?.udf, f),
      associated_sites: (u) => this.associatedSites(u.tech?.sites ?? []),
      support_group: (u) => (u.tech?.groups ?? []).map((g) => this.supportGroupRef(g)).filter((g) => g !== null),
      portaluser_id: () => '1',
      org_roles: () => [{ name: 'Reporting To', id: 2 }],
      aaaaccpass_id: (u) => String(u.id),
      sip_user: () => null,
      domain: (u) => this.named(this.m.domains.get(u.domain ?? 0), 'read'),
      extension: () => null,
      aaauser_id: (u) => String(u.id),
      sduser_id: (u) => String(u.id),
      account_id: () => '1',
      is_in_ad: () => null,
      enable_telephony: () => false,
    };
  }

  /** A full user; `only` limits it to the named keys (list rows with `fields_required`). */
  user(u: UserRow, form: Form, only?: ReadonlySet<string>): Out {
    const order = form === 'write' ? USER_WRITE_ORDER : USER_READ_ORDER;
    const out: Out = {};
    for (const key of order) {
      if (only ? !only.has(key) : key === 'citype') continue;
      out[key] = this.userRenderers[key](u, form);
    }
    return out;
  }

  technician(u: UserRow, form: Form, only?: ReadonlySet<string>): Out {
    const out: Out = {};
    for (const key of TECHNICIAN_ORDER) {
      if (only ? !only.has(key) : key === 'citype') continue;
      out[key] = this.technicianRenderers[key](u, form);
    }
    return out;
  }

  /** The keys a list row shows for this `fields_required` list. */
  rowFields(required: readonly string[] | undefined, technician: boolean): ReadonlySet<string> | undefined {
    if (!required) return undefined;
    return new Set([...required, ...(technician ? ALWAYS_IN_TECHNICIAN_ROWS : ALWAYS_IN_USER_ROWS)]);
  }

  department(id: number | undefined, form: Form): Out | null {
    const d = id === undefined ? undefined : this.m.departments.table.get(id);
    if (!d) return null;
    const site = this.siteRef(d.site, form);
    return form === 'write' ? { id: String(d.id), site, name: d.name } : { site, name: d.name, id: String(d.id) };
  }

  departmentEntity(d: DepartmentRow): Out {
    return { id: String(d.id), name: d.name, description: d.description ?? null, site: this.siteRef(d.site, 'write') };
  }

  siteEntity(s: SiteRow): Out {
    return {
      id: String(s.id),
      name: s.name,
      description: s.description ?? null,
      region: null,
      door_no: null,
      street: s.street,
      city: s.city,
      state: null,
      postal_code: s.postalCode,
      country: s.country,
    };
  }

  roleEntity(r: RoleRow): Out {
    return { id: String(r.id), name: r.name, description: r.description ?? null };
  }

  supportGroupEntity(g: SupportGroupRow): Out {
    return { id: String(g.id), name: g.name, description: g.description ?? null, site: this.groupSite(g.site) };
  }

  private siteRef(id: number | undefined, form: Form): Out | null {
    const s = id === undefined ? undefined : this.m.sites.table.get(id);
    if (!s) return null;
    return form === 'write' ? { id: String(s.id), name: s.name } : { name: s.name, id: String(s.id) };
  }

  private groupSite(id: number | undefined): Out | null {
    const s = id === undefined ? undefined : this.m.sites.table.get(id);
    return s ? { name: s.name, id: String(s.id) } : null;
  }

  private named(row: { id: number; name: string } | undefined, form: Form): Out | null {
    if (!row) return null;
    return form === 'write' ? { id: String(row.id), name: row.name } : { name: row.name, id: String(row.id) };
  }

  private roleRef(id: number, nameFirst: boolean): Out {
    const name = this.m.roles.table.get(id)?.name ?? null;
    return nameFirst ? { name, id: String(id) } : { id: String(id), name };
  }

  private reportingTo(id: number | undefined, form: Form): Out | null {
    const r = id === undefined ? undefined : this.m.users.get(id);
    if (!r) return null;
    const d = r.dept === undefined ? undefined : this.m.departments.table.get(r.dept);
    // the documentation shows this nested department with a numeric id
    const department = d ? { site: this.siteRef(d.site, 'read'), name: d.name, id: d.id } : null;
    const email_id = r.email ?? null;
    const is_vipuser = r.vip === true;
    return form === 'write'
      ? { id: String(r.id), email_id, name: r.name, is_vipuser, department }
      : { email_id, name: r.name, is_vipuser, id: String(r.id), department };
  }

  private associatedSites(ids: readonly number[]): Out[] {
    const out: Array<{ id: string; name: string }> = [];
    for (const id of ids) {
      if (id === NOT_IN_ANY_SITE) out.push({ id: String(id), name: NOT_IN_ANY_SITE_NAME });
      else {
        const s = this.m.sites.table.get(id);
        if (s) out.push({ id: String(s.id), name: s.name });
      }
    }
    // the product lists associated sites by name
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  private supportGroupRef(id: number): Out | null {
    const g = this.m.supportGroups.table.get(id);
    return g ? { id: String(g.id), site: this.groupSite(g.site), name: g.name } : null;
  }

  udfs(specs: readonly UdfSpec[], values: UdfValues | undefined, form: Form): Out {
    const out: Out = {};
    for (const spec of specs) {
      const v = values?.[spec.key];
      out[spec.key] = v === undefined ? null : this.udfValue(spec, v, form);
    }
    return out;
  }

  private udfValue(spec: UdfSpec, v: string | number, form: Form): unknown {
    if (spec.kind === 'date') return form === 'write' ? dateValueWriteForm(Number(v)) : dateValue(Number(v));
    if (typeof spec.kind === 'string') return String(v);
    const id = Number(v);
    switch (spec.kind.ref) {
      case 'impact': {
        const name = IMPACTS.get(id);
        return name === undefined ? null : form === 'write' ? { id, name } : { name, id };
      }
      case 'user': {
        const u = this.m.users.get(id);
        return u ? (form === 'write' ? { id, name: u.name } : { name: u.name, id }) : null;
      }
      case 'site': {
        const s = this.m.sites.table.get(id);
        return s ? (form === 'write' ? { id, name: s.name } : { name: s.name, id }) : null;
      }
      case 'department': {
        const d = this.m.departments.table.get(id);
        if (!d) return null;
        const site = this.siteRef(d.site, form);
        return form === 'write' ? { id, site, name: d.name } : { site, name: d.name, id };
      }
    }
  }
}
