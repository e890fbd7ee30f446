/**
 * The columns of the tables the mock serves, in the product's table order, with their SQL kind and
 * default. Rows are stored compactly (only values that differ from the default); these specs render
 * them back in full and validate writes the way MySQL (strict mode) would.
 */

export type ColumnKind = 'int' | 'str' | 'text' | 'date' | 'json';

export interface Column {
  readonly name: string;
  readonly kind: ColumnKind;
  readonly def: string | number | null;
  /** NOT NULL columns refuse null. */
  readonly notNull?: boolean;
  /** Never returned by the API (the product's "undisclosed" fields). */
  readonly secret?: boolean;
  /** Computed from other rows at read time (tree names, levels); not writable. */
  readonly computed?: boolean;
  /** When not stored, the value of this other column (e.g. date_mod of a never-modified row). */
  readonly fallback?: string;
}

const int = (name: string, def: number | null = 0, notNull = def !== null): Column => ({ name, kind: 'int', def, notNull });
const str = (name: string, def: string | null = null): Column => ({ name, kind: 'str', def });
const text = (name: string): Column => ({ name, kind: 'text', def: null });
const date = (name: string): Column => ({ name, kind: 'date', def: null });
const secret = (name: string): Column => ({ name, kind: 'str', def: null, secret: true });
const computed = (c: Column): Column => ({ ...c, computed: true });

export const USER_COLUMNS: readonly Column[] = [
  int('id'),
  str('name'),
  secret('password'),
  date('password_last_update'),
  str('phone'),
  str('phone2'),
  str('mobile'),
  str('realname'),
  str('firstname'),
  int('locations_id'),
  str('language'),
  int('use_mode'),
  int('list_limit', null),
  int('is_active', 1),
  text('comment'),
  int('auths_id'),
  int('authtype'),
  date('last_login'),
  { ...date('date_mod'), fallback: 'date_creation' },
  date('date_sync'),
  int('is_deleted'),
  int('profiles_id'),
  int('entities_id'),
  int('usertitles_id'),
  int('usercategories_id'),
  int('date_format', null),
  int('number_format', null),
  int('names_format', null),
  str('csv_delimiter'),
  int('is_ids_visible', null),
  int('use_flat_dropdowntree', null),
  int('show_jobs_at_login', null),
  str('priority_1'),
  str('priority_2'),
  str('priority_3'),
  str('priority_4'),
  str('priority_5'),
  str('priority_6'),
  int('followup_private', null),
  int('task_private', null),
  int('default_requesttypes_id', null),
  str('password_forget_token'),
  date('password_forget_token_date'),
  text('user_dn'),
  str('registration_number'),
  int('show_count_on_tabs', null),
  int('refresh_views', null),
  int('set_default_tech', null),
  secret('personal_token'),
  date('personal_token_date'),
  secret('api_token'),
  date('api_token_date'),
  secret('cookie_token'),
  date('cookie_token_date'),
  int('display_count_on_home', null),
  int('notification_to_myself', null),
  str('duedateok_color'),
  str('duedatewarning_color'),
  str('duedatecritical_color'),
  int('duedatewarning_less', null),
  int('duedatecritical_less', null),
  str('duedatewarning_unit'),
  str('duedatecritical_unit'),
  text('display_options'),
  int('is_deleted_ldap'),
  str('pdffont'),
  str('picture'),
  date('begin_date'),
  date('end_date'),
  int('keep_devices_when_purging_item', null),
  text('privatebookmarkorder'),
  int('backcreated', null),
  int('task_state', null),
  str('layout'),
  str('palette'),
  int('set_default_requester', null),
  int('lock_autolock_mode', null),
  int('lock_directunlock_notification', null),
  date('date_creation'),
  int('highcontrast_css'),
  text('plannings'),
  str('sync_field'),
  int('groups_id'),
  int('users_id_supervisor'),
  str('timezone'),
  str('default_dashboard_central'),
  str('default_dashboard_assets'),
  str('default_dashboard_helpdesk'),
  str('default_dashboard_mini_ticket'),
  { name: 'access_zoom_level', kind: 'int', def: 100 },
  str('access_font'),
  { name: 'access_shortcuts', kind: 'int', def: 0 },
  { name: 'access_custom_shortcuts', kind: 'json', def: null },
  text('menu_favorite'),
  text('menu_favorite_on'),
  text('menu_position'),
  text('menu_small'),
  text('menu_width'),
  text('menu_open'),
  text('bubble_pos'),
];

export const GROUP_COLUMNS: readonly Column[] = [
  int('id'),
  int('entities_id'),
  int('is_recursive'),
  str('name'),
  text('comment'),
  str('ldap_field'),
  str('ldap_value'),
  text('ldap_group_dn'),
  date('date_mod'),
  int('groups_id'),
  computed(text('completename')),
  computed(int('level')),
  computed(text('ancestors_cache')),
  computed(text('sons_cache')),
  int('is_requester', 1),
  int('is_watcher', 1),
  int('is_assign', 1),
  int('is_task', 1),
  int('is_notify', 1),
  int('is_itemgroup', 1),
  int('is_usergroup', 1),
  int('is_manager', 1),
  date('date_creation'),
];

export const LOCATION_COLUMNS: readonly Column[] = [
  int('id'),
  int('entities_id'),
  int('is_recursive'),
  str('name'),
  int('locations_id'),
  computed(text('completename')),
  text('comment'),
  computed(int('level')),
  computed(text('ancestors_cache')),
  computed(text('sons_cache')),
  str('address'),
  str('postcode'),
  str('town'),
  str('state'),
  str('country'),
  str('building'),
  str('room'),
  str('latitude'),
  str('longitude'),
  str('altitude'),
  date('date_mod'),
  date('date_creation'),
];

export const ENTITY_COLUMNS: readonly Column[] = [
  int('id'),
  str('name'),
  int('entities_id'),
  computed(text('completename')),
  text('comment'),
  computed(int('level')),
  computed(text('sons_cache')),
  computed(text('ancestors_cache')),
  text('address'),
  str('postcode'),
  str('town'),
  str('state'),
  str('country'),
  str('website'),
  str('phonenumber'),
  str('fax'),
  str('email'),
  str('admin_email'),
  str('admin_email_name'),
  str('admin_reply'),
  str('admin_reply_name'),
  str('notification_subject_tag'),
  text('ldap_dn'),
  str('tag'),
  int('authldaps_id'),
  text('mail_domain'),
  text('entity_ldapfilter'),
  text('mailing_signature'),
  date('date_mod'),
  date('date_creation'),
];

export const PROFILE_COLUMNS: readonly Column[] = [
  int('id'),
  str('name'),
  str('interface', 'helpdesk'),
  int('is_default'),
  int('helpdesk_hardware'),
  text('helpdesk_item_type'),
  text('ticket_status'),
  date('date_mod'),
  text('comment'),
  text('problem_status'),
  int('create_ticket_on_login'),
  int('tickettemplates_id'),
  int('changetemplates_id'),
  int('problemtemplates_id'),
  text('change_status'),
  text('managed_domainrecordtypes'),
  date('date_creation'),
];

export const DROPDOWN_COLUMNS: readonly Column[] = [int('id'), str('name'), text('comment'), date('date_mod'), date('date_creation')];

export const USEREMAIL_COLUMNS: readonly Column[] = [int('id'), int('users_id'), int('is_default'), int('is_dynamic'), str('email')];

export const PROFILE_USER_COLUMNS: readonly Column[] = [
  int('id'),
  int('users_id'),
  int('profiles_id'),
  int('entities_id'),
  int('is_recursive'),
  int('is_dynamic'),
  int('is_default_profile'),
];

export const GROUP_USER_COLUMNS: readonly Column[] = [
  int('id'),
  int('users_id'),
  int('groups_id'),
  int('is_dynamic'),
  int('is_manager'),
  int('is_userdelegate'),
];

export const DOCUMENT_ITEM_COLUMNS: readonly Column[] = [
  int('id'),
  int('documents_id'),
  int('items_id'),
  str('itemtype'),
  int('entities_id'),
  int('is_recursive'),
  date('date_mod'),
  int('users_id'),
  int('timeline_position'),
  date('date_creation'),
  date('date'),
];

export const LOG_COLUMNS: readonly Column[] = [
  int('id'),
  str('itemtype', ''),
  int('items_id'),
  str('itemtype_link', ''),
  int('linked_action'),
  str('user_name'),
  date('date_mod'),
  int('id_search_option'),
  str('old_value'),
  str('new_value'),
];

/** Largest value a column accepts (MySQL varchar(255) / text). */
export function maxLength(kind: ColumnKind): number {
  return kind === 'str' ? 255 : 65535;
}
