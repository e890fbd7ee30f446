import { dateValue } from './dates.js';
import type { Model, UdfValues, UserRow } from './model.js';
import type { Form, Serializer } from './serialize.js';
import { CIID_OFFSET, CI_DEFAULT_UDFS, CI_USER_UDFS, USER_UDFS, type UdfSpec } from './world.js';
import { answerBody, type AnswerBody } from '../../http/answer-bytes.js';

/**
 * The user shape as JSON text, byte for byte what `JSON.stringify(serializer.user(row, form))` gives,
 * without building the object: constant keys are literal text, only the row's values are encoded, and
 * the referenced departments, sites, domains, project roles and roles are encoded once per version of
 * their tables (they change only on a reset). Rows limited by `fields_required` use the serializer.
 */

const str = (v: unknown): string => (v === undefined || v === null ? 'null' : JSON.stringify(v));
const money = (n: number | undefined): string => (n === undefined ? 'null' : `"${n.toFixed(2)}"`);

function allNull(specs: readonly UdfSpec[]): string {
  return `{${specs.map((s) => `${JSON.stringify(s.key)}:null`).join(',')}}`;
}
const EMPTY_USER_UDFS = allNull(USER_UDFS);
const EMPTY_CI_DEFAULT = allNull(CI_DEFAULT_UDFS);
const EMPTY_CI_USER = allNull(CI_USER_UDFS);

/** How many GET answers are kept (about 2 KB each). */
const RECENT_ANSWERS = 1024;

interface RecentAnswer {
  readonly row: UserRow;
  readonly manager: UserRow | undefined;
  readonly refs: number;
  readonly body: AnswerBody;
}

export class UserJson {
  private refsVersion = -1;
  /** Recent GET answers by id; rows are never changed in place, so an answer holds while its row, its manager's row and the referenced tables are the same. */
  private readonly recent = new Map<number, RecentAnswer>();
  private readonly departments = new Map<string, string>();
  private readonly named = new Map<string, string>();
  private readonly roles = new Map<number, string>();

  constructor(
    private readonly m: Model,
    private readonly s: Serializer,
  ) {}

  /** The user object in the GET ("read") form. */
  read(u: UserRow): string {
    this.checkRefs();
    const status = u.inactive ? '"INACTIVE"' : '"ACTIVE"';
    const tech = u.tech !== undefined;
    return (
      '{"email_id":' + str(u.email) +
      ',"purchase_approver":' + (u.poApprover === true) +
      ',"attachments":[],"ci_people_fields":{},"org_roles":[],"description":' + str(u.description) +
      ',"is_vipuser":' + (u.vip === true) +
      ',"reporting_to":' + this.reportingTo(u.manager, 'read') +
      ',"type":' + (tech ? '"Technician"' : '"User"') +
      ',"cost_per_hour":' + money(u.cost ?? 0) +
      ',"ci_default_fields":' + this.udfs(CI_DEFAULT_UDFS, u.ciDefault, 'read', EMPTY_CI_DEFAULT) +
      ',"org_user_status":' + status +
      ',"id":"' + u.id +
      '","department":' + this.department(u.dept, 'read') +
      ',"first_name":' + str(u.first) +
      ',"profile_pic":null,"service_request_approver":' + (u.srApprover === true) +
      ',"created_time":' + this.created(u.created) +
      ',"is_technician":' + tech +
      ',"jobtitle":' + str(u.title) +
      ',"mobile":' + str(u.mobile) +
      ',"project_roles":' + this.projectRole(u.projectRole, 'read') +
      ',"last_name":' + str(u.last) +
      ',"sms_mail_id":' + str(u.sms) +
      ',"middle_name":' + str(u.middle) +
      ',"ciid":"' + (u.id + CIID_OFFSET) +
      '","purchase_approval_limit":' + money(u.poLimit) +
      ',"secondary_emailids":' + (u.emails2 ? JSON.stringify(u.emails2) : '[]') +
      ',"login_name":' + str(u.login) +
      ',"requester_allowed_to_view":null,"phone":' + str(u.phone) +
      ',"employee_id":' + str(u.employeeId) +
      ',"domain":' + this.domain(u.domain, 'read') +
      ',"name":' + JSON.stringify(u.name) +
      ',"ci_user_fields":' + this.udfs(CI_USER_UDFS, u.ciUser, 'read', EMPTY_CI_USER) +
      ',"user_udf_fields":' + this.udfs(USER_UDFS, u.udf, 'read', EMPTY_USER_UDFS) +
      ',"associated_roles":' + this.associatedRoles(u.roles) +
      ',"status":' + status +
      '}'
    );
  }

  /** The whole answer of `GET /users/{id}`, kept (`answerBody`) so a repeated one is written as is. */
  getAnswer(u: UserRow, status: string): AnswerBody {
    this.checkRefs();
    const manager = u.manager === undefined ? undefined : this.m.users.get(u.manager);
    const hit = this.recent.get(u.id);
    if (hit && hit.row === u && hit.manager === manager && hit.refs === this.refsVersion) return hit.body;
    const body = answerBody(`{"response_status":${status},"user":${this.read(u)}}`);
    // additional fields may name another user, whose name is not tracked here
    if (u.ciUser === undefined) {
      if (!hit && this.recent.size >= RECENT_ANSWERS) this.recent.delete(this.recent.keys().next().value!);
      this.recent.set(u.id, { row: u, manager, refs: this.refsVersion, body });
    }
    return body;
  }

  /** The user object in the POST/PUT answers' ("write") form. */
  write(u: UserRow): string {
    this.checkRefs();
    const status = u.inactive ? '"INACTIVE"' : '"ACTIVE"';
    const tech = u.tech !== undefined;
    return (
      '{"first_name":' + str(u.first) +
      ',"middle_name":' + str(u.middle) +
      ',"last_name":' + str(u.last) +
      ',"name":' + JSON.stringify(u.name) +
      ',"is_vipuser":' + (u.vip === true) +
      ',"employee_id":' + str(u.employeeId) +
      ',"department":' + this.department(u.dept, 'write') +
      ',"mobile":' + str(u.mobile) +
      ',"description":' + str(u.description) +
      ',"sms_mail_id":' + str(u.sms) +
      ',"jobtitle":' + str(u.title) +
      ',"phone":' + str(u.phone) +
      ',"email_id":' + str(u.email) +
      ',"secondary_emailids":' + (u.emails2 ? JSON.stringify(u.emails2) : '[]') +
      ',"cost_per_hour":' + money(u.cost ?? 0) +
      ',"service_request_approver":' + (u.srApprover === true) +
      ',"purchase_approver":' + (u.poApprover === true) +
      ',"purchase_approval_limit":' + money(u.poLimit) +
      ',"project_roles":' + this.projectRole(u.projectRole, 'write') +
      ',"reporting_to":' + this.reportingTo(u.manager, 'write') +
      ',"requester_allowed_to_view":null,"login_name":' + str(u.login) +
      ',"domain":' + this.domain(u.domain, 'write') +
      ',"user_udf_fields":' + this.udfs(USER_UDFS, u.udf, 'write', EMPTY_USER_UDFS) +
      ',"ci_default_fields":' + this.udfs(CI_DEFAULT_UDFS, u.ciDefault, 'write', EMPTY_CI_DEFAULT) +
      ',"ci_user_fields":' + this.udfs(CI_USER_UDFS, u.ciUser, 'write', EMPTY_CI_USER) +
      ',"attachments":[],"ci_people_fields":{},"org_roles":[],"type":' + (tech ? '"Technician"' : '"User"') +
      ',"org_user_status":' + status +
      ',"id":"' + u.id +
      '","profile_pic":null,"created_time":' + this.created(u.created) +
      ',"is_technician":' + tech +
      ',"ciid":"' + (u.id + CIID_OFFSET) +
      '","associated_roles":' + this.associatedRoles(u.roles) +
      ',"status":' + status +
      '}'
    );
  }

  /** Departments, sites, domains, project roles and roles change only on a reset: drop their texts then. */
  private checkRefs(): void {
    const m = this.m;
    const v = m.departments.table.version + m.sites.table.version + m.domains.version + m.projectRoles.version + m.roles.table.version;
    if (v === this.refsVersion) return;
    this.refsVersion = v;
    this.departments.clear();
    this.named.clear();
    this.roles.clear();
    this.recent.clear();
  }

  private department(id: number | undefined, form: Form): string {
    if (id === undefined) return 'null';
    const key = `${form}|${id}`;
    let text = this.departments.get(key);
    if (text === undefined) this.departments.set(key, (text = JSON.stringify(this.s.department(id, form))));
    return text;
  }

  /** The department inside `reporting_to`, with a numeric id (as documented). */
  private managerDepartment(id: number | undefined): string {
    if (id === undefined) return 'null';
    const key = `manager|${id}`;
    let text = this.departments.get(key);
    if (text === undefined) {
      const d = this.m.departments.table.get(id);
      const site = d?.site === undefined ? undefined : this.m.sites.table.get(d.site);
      const siteText = site ? `{"name":${JSON.stringify(site.name)},"id":"${site.id}"}` : 'null';
      text = d ? `{"site":${siteText},"name":${JSON.stringify(d.name)},"id":${d.id}}` : 'null';
      this.departments.set(key, text);
    }
    return text;
  }

  private domain(id: number | undefined, form: Form): string {
    return this.namedRef('domain', this.m.domains, id ?? 0, form);
  }

  private projectRole(id: number | undefined, form: Form): string {
    return this.namedRef('project', this.m.projectRoles, id ?? 0, form);
  }

  private namedRef(kind: string, table: { get(id: number): { id: number; name: string } | undefined }, id: number, form: Form): string {
    const key = `${kind}|${form}|${id}`;
    let text = this.named.get(key);
    if (text === undefined) {
      const row = table.get(id);
      text = !row ? 'null' : form === 'write' ? `{"id":"${row.id}","name":${JSON.stringify(row.name)}}` : `{"name":${JSON.stringify(row.name)},"id":"${row.id}"}`;
      this.named.set(key, text);
    }
    return text;
  }

  private reportingTo(id: number | undefined, form: Form): string {
    const r = id === undefined ? undefined : this.m.users.get(id);
    if (!r) return 'null';
    const email = str(r.email);
    const name = JSON.stringify(r.name);
    const vip = r.vip === true;
    const department = this.managerDepartment(r.dept);
    return form === 'write'
      ? `{"id":"${r.id}","email_id":${email},"name":${name},"is_vipuser":${vip},"department":${department}}`
      : `{"email_id":${email},"name":${name},"is_vipuser":${vip},"id":"${r.id}","department":${department}}`;
  }

  private created(ms: number): string {
    return `{"display_value":"${dateValue(ms).display_value}","value":"${ms}"}`;
  }

  private associatedRoles(ids: readonly number[]): string {
    if (ids.length === 0) return '[]';
    let out = '[';
    for (let i = 0; i < ids.length; i++) {
      let text = this.roles.get(ids[i]);
      if (text === undefined) {
        const name = this.m.roles.table.get(ids[i])?.name ?? null;
        this.roles.set(ids[i], (text = `{"name":${JSON.stringify(name)},"id":"${ids[i]}"}`));
      }
      out += i === 0 ? text : ',' + text;
    }
    return out + ']';
  }

  private udfs(specs: readonly UdfSpec[], values: UdfValues | undefined, form: Form, empty: string): string {
    return values === undefined ? empty : JSON.stringify(this.s.udfs(specs, values, form));
  }
}
