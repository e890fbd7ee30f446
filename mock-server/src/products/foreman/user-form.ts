import { hashPassword } from '../../passwords.js';
import {
  associationTypeMismatch,
  expandHasMany,
  findBy,
  modelExists,
  permit,
  resolveIds,
  resolveNames,
  type Permit,
} from './assign.js';
import { HIDDEN_LOGINS, RAILS_TIME_ZONES } from './constants.js';
import { availableTaxonomies, can, type Req } from './context.js';
import { associationNotFound, halt, internalError, ValidationErrors } from './errors.js';
import { NO_IDS, type TaxonomyType, type UserRow } from './model.js';
import { castBoolean, castInteger, rubyString, type ParamHash, type ParamValue } from './params.js';

/**
 * `User.new(user_params)` / `user.update(user_params)`: parameter filtering, attribute assignment and
 * the model's validations, in Foreman's order, ending in either a row to store or the errors of a 422.
 */

const HAS_MANY = new Set(['roles', 'locations', 'organizations', 'usergroups', 'cached_usergroups', 'ssh_keys', 'mail_notifications', 'filters', 'permissions', 'widgets', 'personal_access_tokens']);

const ZONES = new Set(RAILS_TIME_ZONES);

/** The attributes `Foreman::Controller::Parameters::User` permits for this caller. */
function permitted(callerAdmin: boolean, editingSelf: boolean): Map<string, Permit> {
  const m = new Map<string, Permit>();
  for (const k of ['current_password', 'default_location_id', 'default_organization_id', 'description', 'firstname', 'lastname', 'locale', 'mail', 'mail_enabled', 'password', 'password_confirmation', 'timezone', 'disabled', 'login']) {
    m.set(k, 'scalar');
  }
  if (callerAdmin) m.set('admin', 'scalar');
  if (!editingSelf) {
    for (const k of ['auth_source', 'auth_source_id', 'auth_source_name']) m.set(k, 'scalar');
    for (const k of ['roles', 'role_ids', 'role_names']) m.set(k, 'array');
  }
  for (const k of ['organization_ids', 'organization_names', 'location_ids', 'location_names', 'locations', 'organizations']) m.set(k, 'array');
  return m;
}

/** The keys `wrap_parameters` moves into `user` when a JSON body has no `user` key. */
export const USER_WRAP_KEYS: readonly string[] = [...permitted(false, false).keys(), 'compute_attributes'];

interface Draft {
  login: string | null;
  firstname: string | null;
  lastname: string | null;
  mail: string | null;
  description: string | null;
  admin: boolean | null;
  disabled: boolean | null;
  mailEnabled: boolean | null;
  authSource: number | null;
  timezone: string | null;
  locale: string | null;
  defLoc: number | null;
  defOrg: number | null;
  roles: number[];
  locs: number[];
  orgs: number[];
  password: string | null;
  passwordConfirmation: string | null;
  currentPassword: string | null;
}

function text(v: ParamValue): string | null {
  return v === null ? null : rubyString(v as string | number | boolean);
}

function draftOf(u: UserRow): Draft {
  return {
    login: u.login,
    firstname: u.firstname,
    lastname: u.lastname,
    mail: u.mail,
    description: u.description ?? null,
    admin: u.admin ?? false,
    disabled: u.disabled === undefined ? false : u.disabled,
    mailEnabled: u.mailEnabled ?? true,
    authSource: u.authSource,
    timezone: u.timezone ?? null,
    locale: u.locale ?? null,
    defLoc: u.defLoc ?? null,
    defOrg: u.defOrg ?? null,
    roles: [...(u.roles ?? NO_IDS)],
    locs: [...(u.locs ?? NO_IDS)],
    orgs: [...(u.orgs ?? NO_IDS)],
    password: null,
    passwordConfirmation: null,
    currentPassword: null,
  };
}

const BLANK_DRAFT: Draft = {
  login: null, firstname: null, lastname: null, mail: null, description: null, admin: false, disabled: false,
  // mail_enabled defaults to false for new users since Foreman 3.4
  mailEnabled: false,
  authSource: null, timezone: null, locale: null, defLoc: null, defOrg: null, roles: [], locs: [], orgs: [],
  password: null, passwordConfirmation: null, currentPassword: null,
};

/** Assigns the permitted attributes in the order they were sent; association writers may end the request. */
function assign(req: Req, draft: Draft, attrs: ParamHash): { rolesSent: boolean; locsSent: boolean; orgsSent: boolean } {
  const model = req.model;
  const sent = { rolesSent: false, locsSent: false, orgsSent: false };
  const taxonomy = (type: TaxonomyType) => (name: string) => findBy(model.taxonomiesOfType(type), (t) => model.title(t), name);
  for (const [key, value] of attrs) {
    switch (key) {
      case 'login':
      case 'firstname':
      case 'lastname':
      case 'mail':
      case 'description':
      case 'timezone':
      case 'locale':
        draft[key] = text(value);
        break;
      case 'password':
        draft.password = text(value);
        break;
      case 'password_confirmation':
        draft.passwordConfirmation = text(value);
        break;
      case 'current_password':
        draft.currentPassword = text(value);
        break;
      case 'admin':
      case 'disabled':
        draft[key] = castBoolean(value as string | number | boolean | null);
        break;
      case 'mail_enabled':
        draft.mailEnabled = castBoolean(value as string | number | boolean | null);
        break;
      case 'auth_source_id':
        draft.authSource = castInteger(value as string | number | boolean | null);
        break;
      case 'default_location_id':
        draft.defLoc = castInteger(value as string | number | boolean | null);
        break;
      case 'default_organization_id':
        draft.defOrg = castInteger(value as string | number | boolean | null);
        break;
      case 'auth_source':
        if (value !== null) associationTypeMismatch('AuthSource', value);
        draft.authSource = null;
        break;
      case 'auth_source_name': {
        const name = value === null ? '' : rubyString(value as string | number | boolean);
        const source = findBy(model.authSources.values(), (a) => a.name, name);
        if (!source) halt(associationNotFound(`Could not find auth_source with name: ${name}`));
        draft.authSource = source.id;
        break;
      }
      case 'roles':
      case 'locations':
      case 'organizations':
        // `user.roles = [scalars]`: records expected
        if ((value as ParamValue[]).length) associationTypeMismatch(key === 'roles' ? 'Role' : key === 'locations' ? 'Location' : 'Organization', (value as ParamValue[])[0]);
        if (key === 'roles') (draft.roles = [], (sent.rolesSent = true));
        else if (key === 'locations') (draft.locs = [], (sent.locsSent = true));
        else (draft.orgs = [], (sent.orgsSent = true));
        break;
      case 'role_ids':
        draft.roles = resolveIds(value as ParamValue[], 'Role', modelExists(model, 'Role'));
        sent.rolesSent = true;
        break;
      case 'location_ids':
        draft.locs = resolveIds(value as ParamValue[], 'Location', modelExists(model, 'Location'));
        sent.locsSent = true;
        break;
      case 'organization_ids':
        draft.orgs = resolveIds(value as ParamValue[], 'Organization', modelExists(model, 'Organization'));
        sent.orgsSent = true;
        break;
      case 'role_names':
        draft.roles = resolveNames(value as ParamValue[], (n) => findBy(model.roles.values(), (r) => r.name, n));
        sent.rolesSent = true;
        break;
      case 'location_names':
        draft.locs = resolveNames(value as ParamValue[], taxonomy('Location'));
        sent.locsSent = true;
        break;
      case 'organization_names':
        draft.orgs = resolveNames(value as ParamValue[], taxonomy('Organization'));
        sent.orgsSent = true;
        break;
    }
  }
  return sent;
}

const LOGIN_FORMAT = /^[\p{L}\p{M}\p{Nd}_\-@.\\$#+]*$/u;
const NAME_FORMAT = /^[\p{L}\p{M}\p{Nd} \t\r\n\f\v'_\-.()<>;=,]*$/u;
const ATEXT = "[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~-]";
const MAIL_FORMAT = new RegExp(
  `^(?:${ATEXT}+(?:\\.${ATEXT}+)*|"(?:[^"\\\\\\r\\n]|\\\\.)*")@(?:[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)*|\\[[^\\]\\s]*\\])$`,
  'u',
);
const LOCALE_FORMAT = /^\w{2}(?:[_-]\w{2})?\n?$/;

export function validTimezone(tz: string): boolean {
  if (ZONES.has(tz)) return true;
  if (!/^[A-Za-z][A-Za-z0-9_+\-]*(\/[A-Za-z0-9][A-Za-z0-9_+\-]*)*$/.test(tz)) return false;
  try {
    const resolved = new Intl.DateTimeFormat('en', { timeZone: tz }).resolvedOptions().timeZone;
    return resolved === tz || /^[A-Z]/.test(tz.split('/').pop()!) || tz === 'UTC' || /^Etc\//.test(tz);
  } catch {
    return false;
  }
}

/** A validated change: the row to store (password hashed) or the errors. */
export type FormResult = { ok: true; row: UserRow } | { ok: false; errors: ValidationErrors };

export interface FormOptions {
  readonly existing: UserRow | null;
  readonly editingSelf: boolean;
}

/**
 * Runs POST/PUT /api/users: filter, assign, validate. Async work (password checks and hashing) happens
 * here, before anything is stored.
 */
export async function processUserForm(req: Req, body: ParamHash, opts: FormOptions): Promise<FormResult> {
  const model = req.model;
  const existing = opts.existing;
  const creating = existing === null;
  const attrs = permit(expandHasMany(body, HAS_MANY), permitted(req.admin, opts.editingSelf));
  const draft: Draft = existing ? draftOf(existing) : { ...BLANK_DRAFT, roles: [], locs: [], orgs: [] };
  const sent = assign(req, draft, attrs);

  // after_initialize on a new record: the request's taxonomy context joins its taxonomies
  if (creating) {
    if (req.location && !draft.locs.includes(req.location.id)) draft.locs.push(req.location.id);
    if (req.organization && !draft.orgs.includes(req.organization.id)) draft.orgs.push(req.organization.id);
  }

  const errors = new ValidationErrors();
  const isCaller = existing !== null && existing.id === req.caller.id;
  const passwordGiven = draft.password !== null && draft.password !== '';

  // before_validation: verify_current_password, normalize_locale, prepare_password, normalize_mail
  if (isCaller && passwordGiven) {
    const hash = req.auth.hashOf(existing!);
    const ok = hash !== undefined && draft.currentPassword !== null && (await req.auth.passwordMatches(draft.currentPassword, hash));
    if (!ok) errors.add('current_password', 'Incorrect password');
  }
  if (draft.locale === '') draft.locale = null;
  let newHash: string | undefined;
  if (draft.password !== null && draft.password.trim() !== '') newHash = await hashPassword(draft.password);
  if (draft.mail !== null && draft.mail.trim() !== '') draft.mail = draft.mail.trim();

  const source = draft.authSource === null ? undefined : model.authSources.get(draft.authSource);
  const ownAdmin = draft.admin === true;
  const groupAdmin = existing !== null && !existing.admin && model.effectiveAdmin({ ...existing, admin: false });
  const adminNow = ownAdmin || groupAdmin;
  const hiddenSource = source?.type === 'AuthSourceHidden';
  const currentHash = existing ? req.auth.hashOf(existing) : undefined;
  const hashPresent = newHash !== undefined || currentHash !== undefined;
  const hashChanged = newHash !== undefined;

  // Taxonomix: a non-admin may only hand out taxonomies of his own
  if (!req.admin) {
    for (const [type, key, ids, was] of [
      ['Organization', 'organization_ids', draft.orgs, existing?.orgs ?? NO_IDS],
      ['Location', 'location_ids', draft.locs, existing?.locs ?? NO_IDS],
    ] as const) {
      const plural = type === 'Location' ? 'locations' : 'organizations';
      const own = type === 'Location' ? req.caller.locs ?? NO_IDS : req.caller.orgs ?? NO_IDS;
      const changed = !sameSet(ids, was);
      if (!own.length || (!creating && !changed)) continue;
      const allowed = new Set<number>(was);
      if (can(req, `assign_${plural}`)) for (const t of availableTaxonomies(model, req.caller, false, type)) allowed.add(t.id);
      if (!ids.length || !ids.every((id) => allowed.has(id))) {
        errors.add(key, `Invalid ${plural} selection, you must select at least one of yours and have 'assign_${plural}' permission.`);
      }
    }
  }
  if (draft.timezone !== null && draft.timezone.trim() !== '' && !validTimezone(draft.timezone)) errors.add('timezone', 'is not valid');
  if (draft.locale !== null && draft.locale.length > 5) errors.add('locale', 'is too long (maximum is 5 characters)');
  if (draft.timezone !== null && draft.timezone.length > 255) errors.add('timezone', 'is too long (maximum is 255 characters)');
  if (draft.mail !== null && draft.mail.trim() !== '') {
    if (draft.mail.length > 254) errors.add('mail', 'is too long (maximum is 254 characters)');
    if (!MAIL_FORMAT.test(draft.mail)) errors.add('mail', 'is invalid');
  }
  if (!creating && !hiddenSource && draft.mailEnabled && (draft.mail === null || draft.mail.trim() === '')) errors.add('mail', "can't be blank");
  if (draft.locale !== null && draft.locale.trim() !== '' && !LOCALE_FORMAT.test(draft.locale)) errors.add('locale', 'is invalid');

  const login = draft.login;
  if (login === null || login.trim() === '') errors.add('login', "can't be blank");
  else {
    const clash = model.userByLogin.get(login.toLowerCase());
    if (clash && clash.id !== existing?.id) errors.add('login', 'already exists');
    if (!LOGIN_FORMAT.test(login)) errors.add('login', 'is invalid');
    if (Array.from(login).length > 100) errors.add('login', 'is too long (maximum is 100 characters)');
    if (login === 'current_user') errors.add('login', 'is reserved');
  }
  if (draft.authSource === null) errors.add('auth_source_id', "can't be blank");
  const managePassword = !(adminNow && !req.admin) && source?.type === 'AuthSourceInternal';
  if (managePassword && !hashPresent) errors.add('password_hash', "can't be blank");
  if (managePassword && passwordGiven && draft.passwordConfirmation !== null && draft.passwordConfirmation !== draft.password) {
    errors.add('password_confirmation', "doesn't match Password");
  }
  for (const [key, value] of [['firstname', draft.firstname], ['lastname', draft.lastname]] as const) {
    if (value !== null && !NAME_FORMAT.test(value)) errors.add(key, 'is invalid');
  }
  for (const [key, value] of [['firstname', draft.firstname], ['lastname', draft.lastname]] as const) {
    if (value !== null && Array.from(value).length > 50) errors.add(key, 'is too long (maximum is 50 characters)');
  }
  if (login !== null && model.usergroupByName.get(login)) errors.add('base', 'A user group already exists with this name');

  // ensure_privileges_not_escalated
  const adminChanged = !creating && (existing!.admin ?? false) !== draft.admin;
  if ((creating ? adminNow : adminChanged) && !req.admin) errors.add('admin', "you can't change administrator flag");
  const rolesChanged = creating ? draft.roles.length > 0 : sent.rolesSent && !sameSet(draft.roles, model.roleIdsOf(existing!));
  if (rolesChanged && !req.admin && !req.permissions.has('escalate_roles')) {
    const own = new Set(model.roleIdsOf(req.caller));
    if (!draft.roles.every((r) => own.has(r))) errors.add('role_ids', "you can't assign some of roles you selected");
  }
  // default taxonomies must be among the user's own (with their descendants), unless admin
  if (draft.defOrg !== null && model.taxonomies.get(draft.defOrg)?.type === 'Organization' && !adminNow && !inSubtrees(req, draft.orgs, draft.defOrg)) {
    errors.add('default_organization', 'default organizations need to be user organizations first');
  }
  if (draft.defLoc !== null && model.taxonomies.get(draft.defLoc)?.type === 'Location' && !adminNow && !inSubtrees(req, draft.locs, draft.defLoc)) {
    errors.add('default_location', 'default locations need to be user locations first');
  }
  if (!creating && adminChanged && !draft.admin && model.visibleAdminCount() <= 1) {
    errors.add('admin', 'cannot be removed from the last admin account');
  }
  const authSourceChanged = creating ? draft.authSource !== null : draft.authSource !== existing!.authSource;
  if (authSourceChanged && hiddenSource && !(HIDDEN_LOGINS as readonly string[]).includes(login ?? '')) errors.add('auth_source', 'is not permitted');
  if (ownAdmin && !req.admin && hashChanged) errors.add('password', 'cannot be changed by a non-admin user');
  if (!creating && login !== existing!.login) {
    if (source?.type !== 'AuthSourceInternal') errors.add('login', 'It is not possible to change external users login');
    else if (!(can(req, 'edit_users') || isCaller)) errors.add('login', 'You do not have permission to edit the login');
  }
  if (draft.disabled === true && isCaller) errors.add('disabled', 'It is not possible to disable yourself');

  if (!errors.empty) return { ok: false, errors };

  // what the database itself refuses on save
  if (draft.admin === null) {
    halt(internalError('PG::NotNullViolation: ERROR:  null value in column "admin" of relation "users" violates not-null constraint\n'));
  }
  for (const [column, value, target, ok] of [
    ['auth_source_id', draft.authSource, 'auth_sources', (id: number) => model.authSources.has(id)],
    ['default_location_id', draft.defLoc, 'taxonomies', (id: number) => model.taxonomies.has(id)],
    ['default_organization_id', draft.defOrg, 'taxonomies', (id: number) => model.taxonomies.has(id)],
  ] as const) {
    if (value !== null && !ok(value)) {
      halt(
        internalError(
          `PG::ForeignKeyViolation: ERROR:  insert or update on table "users" violates foreign key constraint "users_${column}_fk"\nDETAIL:  Key (${column})=(${value}) is not present in table "${target}".\n`,
        ),
      );
    }
  }

  const now = req.now;
  const pw = newHash !== undefined ? newHash : existing ? existing.pw : null;
  const row: UserRow = compact({
    id: existing ? existing.id : model.users.nextId(),
    login: login!,
    firstname: draft.firstname,
    lastname: draft.lastname,
    mail: draft.mail,
    description: draft.description,
    admin: draft.admin,
    disabled: draft.disabled,
    mailEnabled: draft.mailEnabled,
    authSource: draft.authSource!,
    timezone: draft.timezone !== null && draft.timezone.trim() === '' ? null : draft.timezone,
    locale: draft.locale,
    lastLogin: existing ? existing.lastLogin : null,
    created: existing ? existing.created : now,
    updated: existing ? existing.updated : now,
    pw,
    roles: draft.roles,
    groups: existing?.groups ?? NO_IDS,
    locs: draft.locs,
    orgs: draft.orgs,
    defLoc: draft.defLoc,
    defOrg: draft.defOrg,
  });
  internLists(model, row as Writable<UserRow>);
  return { ok: true, row: existing && columnsChanged(existing, row) ? { ...row, updated: now } : row };
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** The row's id lists as the model's shared copies (see `ForemanModel.internIds`). */
function internLists(model: Req['model'], row: Writable<UserRow>): void {
  if (row.roles) row.roles = model.internIds(row.roles);
  if (row.groups) row.groups = model.internIds(row.groups);
  if (row.locs) row.locs = model.internIds(row.locs);
  if (row.orgs) row.orgs = model.internIds(row.orgs);
}

function inSubtrees(req: Req, roots: readonly number[], id: number): boolean {
  for (const r of roots) if (req.model.subtreeIds(r).has(id)) return true;
  return false;
}

function sameSet(a: readonly number[], b: readonly number[]): boolean {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
}

/** Drops optional fields at their defaults, so rows stay small. */
function compact(r: {
  id: number; login: string; firstname: string | null; lastname: string | null; mail: string | null; description: string | null;
  admin: boolean | null; disabled: boolean | null; mailEnabled: boolean | null; authSource: number; timezone: string | null;
  locale: string | null; lastLogin: number | null; created: number; updated: number; pw: string | null | undefined;
  roles: number[]; groups: readonly number[]; locs: number[]; orgs: number[]; defLoc: number | null; defOrg: number | null;
}): UserRow {
  return {
    id: r.id,
    login: r.login,
    firstname: r.firstname,
    lastname: r.lastname,
    mail: r.mail,
    authSource: r.authSource,
    lastLogin: r.lastLogin,
    created: r.created,
    updated: r.updated,
    ...(r.description !== null ? { description: r.description } : {}),
    ...(r.admin ? { admin: true } : {}),
    ...(r.disabled !== false ? { disabled: r.disabled } : {}),
    ...(r.mailEnabled !== true ? { mailEnabled: r.mailEnabled } : {}),
    ...(r.timezone !== null ? { timezone: r.timezone } : {}),
    ...(r.locale !== null ? { locale: r.locale } : {}),
    ...(r.pw !== undefined ? { pw: r.pw } : {}),
    ...(r.roles.length ? { roles: [...new Set(r.roles)] } : {}),
    ...(r.groups.length ? { groups: r.groups } : {}),
    ...(r.locs.length ? { locs: r.locs } : {}),
    ...(r.orgs.length ? { orgs: r.orgs } : {}),
    ...(r.defLoc !== null ? { defLoc: r.defLoc } : {}),
    ...(r.defOrg !== null ? { defOrg: r.defOrg } : {}),
  } as UserRow;
}

const COLUMNS = ['login', 'firstname', 'lastname', 'mail', 'description', 'admin', 'disabled', 'mailEnabled', 'authSource', 'timezone', 'locale', 'pw', 'defLoc', 'defOrg'] as const;

function columnsChanged(a: UserRow, b: UserRow): boolean {
  const norm = (r: UserRow, k: (typeof COLUMNS)[number]) => {
    const v = r[k];
    if (k === 'admin') return v ?? false;
    if (k === 'disabled') return v === undefined ? false : v;
    if (k === 'mailEnabled') return v ?? true;
    return v ?? null;
  };
  return COLUMNS.some((k) => norm(a, k) !== norm(b, k));
}

