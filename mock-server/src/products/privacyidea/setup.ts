/**
 * The mock installation's fixed configuration: its realms, its two resolvers' settings, and the WebUI
 * defaults `/auth` reports when no policies exist. None of this is editable through the mock (the
 * realm and resolver write endpoints are not emulated), so it lives here rather than in the store.
 */

export const SQL_RESOLVER = 'local-sql';
export const LDAP_RESOLVER = 'ldap-corp';
const DEFAULT_REALM = 'defrealm';
/** `SUPERUSER_REALM` in pi.cfg: users logging in to these realms get the admin role. */
export const SUPERUSER_REALMS: readonly string[] = ['helpdesk'];
/** GET /user/ has no paging: each resolver stops at its size limit (SQL `Limit`, LDAP `SIZELIMIT`). */
export const RESOLVER_SIZE_LIMIT = 500;

export interface RealmDef {
  name: string;
  id: number;
  default: boolean;
  /** In the order they were added; lookups go by priority (null counts as 1000). */
  resolvers: ReadonlyArray<{ name: string; priority: number | null }>;
}

export const REALMS: readonly RealmDef[] = [
  {
    name: DEFAULT_REALM,
    id: 1,
    default: true,
    resolvers: [
      { name: LDAP_RESOLVER, priority: 1 },
      { name: SQL_RESOLVER, priority: 2 },
    ],
  },
  { name: 'helpdesk', id: 2, default: false, resolvers: [{ name: LDAP_RESOLVER, priority: null }] },
];

const CENSORED = '__CENSORED__';

/** SQL resolver: the attribute → column map, in the order privacyIDEA iterates it. */
export const SQL_MAP: ReadonlyArray<[string, string]> = [
  ['username', 'username'],
  ['userid', 'id'],
  ['email', 'email'],
  ['surname', 'surname'],
  ['givenname', 'givenname'],
  ['password', 'password'],
  ['phone', 'phone'],
  ['mobile', 'mobile'],
  ['description', 'description'],
];

/** LDAP resolver: USERINFO, attribute → LDAP attribute. */
export const LDAP_USERINFO: ReadonlyArray<[string, string]> = [
  ['username', 'uid'],
  ['phone', 'telephoneNumber'],
  ['mobile', 'mobile'],
  ['email', 'mail'],
  ['surname', 'sn'],
  ['givenname', 'givenName'],
];

const jsonMap = (pairs: ReadonlyArray<[string, string]>) => `{${pairs.map(([k, v]) => `"${k}": "${v}"`).join(', ')}}`;

/** Resolver configuration as GET /resolver/ shows it (values are strings, as stored). */
export const SQL_CONFIG: Record<string, string> = {
  Driver: 'sqlite',
  Server: '/var/lib/privacyidea/',
  Port: '',
  Database: 'users.sqlite',
  User: '',
  Password: CENSORED,
  Password_Hash_Type: 'SSHA256',
  Table: 'users',
  Map: jsonMap(SQL_MAP),
  Where: '',
  Limit: String(RESOLVER_SIZE_LIMIT),
  Editable: '1',
  Encoding: 'utf-8',
  conParams: '',
  poolSize: '5',
  poolTimeout: '10',
  poolRecycle: '7200',
};

export const LDAP_CONFIG: Record<string, string> = {
  LDAPURI: 'ldaps://ldap.corp.example',
  LDAPBASE: 'ou=people,dc=corp,dc=example',
  BINDDN: 'cn=privacyidea,ou=services,dc=corp,dc=example',
  BINDPW: CENSORED,
  AUTHTYPE: 'Simple',
  TIMEOUT: '5',
  SIZELIMIT: String(RESOLVER_SIZE_LIMIT),
  LOGINNAMEATTRIBUTE: 'uid',
  LDAPSEARCHFILTER: '(uid=*)(objectClass=inetOrgPerson)',
  USERINFO: jsonMap(LDAP_USERINFO),
  UIDTYPE: 'entryUUID',
  NOREFERRALS: 'True',
  NOSCHEMAS: 'False',
  CACERTIFICATE: '',
  EDITABLE: 'False',
  SCOPE: 'SUBTREE',
  START_TLS: 'False',
  TLS_VERIFY: 'True',
  TLS_VERSION: '2',
  TLS_CA_FILE: '/etc/privacyidea/ldap-ca.crt',
  CACHE_TIMEOUT: '120',
  SERVERPOOL_ROUNDS: '2',
  SERVERPOOL_SKIP: '30',
  SERVERPOOL_PERSISTENT: 'False',
  OBJECT_CLASSES: 'top, inetOrgPerson',
  DN_TEMPLATE: 'uid=<username>,<basedn>',
  MULTIVALUEATTRIBUTES: '',
};

/** `PI_LOGLEVEL` of the default configuration (logging.INFO). */
export const LOG_LEVEL = 20;

/** Administrator rights with no admin policies: every static admin action plus the enrollment rights. */
export const ADMIN_RIGHTS: readonly string[] = [
  'adduser', 'assign', 'auditlog', 'auditlog_download', 'caconnectordelete', 'caconnectorread', 'caconnectorwrite',
  'clienttype', 'configdelete', 'configread', 'configwrite', 'container_add_token', 'container_assign_user',
  'container_create', 'container_delete', 'container_description', 'container_info', 'container_list',
  'container_realms', 'container_register', 'container_remove_token', 'container_rollover', 'container_state',
  'container_template_create', 'container_template_delete', 'container_template_list', 'container_unassign_user',
  'container_unregister', 'copytokenpin', 'copytokenuser', 'delete', 'delete_custom_user_attributes', 'deleteuser',
  'disable', 'enable', 'enrollEMAIL', 'enrollHOTP', 'enrollINDEXEDSECRET', 'enrollPASSKEY', 'enrollPUSH',
  'enrollREGISTRATION', 'enrollSMS', 'enrollSPASS', 'enrollSSHKEY', 'enrollTOTP', 'enrollWEBAUTHN', 'enrollYUBIKEY',
  'enrollpin', 'eventhandling_read', 'eventhandling_write', 'fetch_authentication_items', 'getchallenges',
  'getrandom', 'getserial', 'importtokens', 'losttoken', 'machinelist', 'manage_machine_tokens', 'managesubscription',
  'mresolverdelete', 'mresolverread', 'mresolverwrite', 'periodictask_read', 'periodictask_write', 'policydelete',
  'policyread', 'policywrite', 'privacyideaserver_read', 'privacyideaserver_write', 'radiusserver_read',
  'radiusserver_write', 'reset', 'resolverdelete', 'resolverread', 'resolverwrite', 'resync', 'revoke', 'serviceid_add',
  'serviceid_delete', 'serviceid_list', 'set', 'set_custom_user_attributes', 'set_hsm_password', 'setdescription',
  'setpin', 'setrandompin', 'settokeninfo', 'smsgateway_read', 'smsgateway_write', 'smtpserver_read',
  'smtpserver_write', 'statistics_delete', 'statistics_read', 'system_documentation', 'tokengroup_add',
  'tokengroup_delete', 'tokengroup_list', 'tokengroups', 'tokenlist', 'tokenrealms', 'triggerchallenge', 'unassign',
  'updateuser', 'userlist',
];

/** A normal user's rights with no user policies. */
export const USER_RIGHTS: readonly string[] = [
  'assign', 'auditlog', 'container_add_token', 'container_assign_user', 'container_create', 'container_delete',
  'container_description', 'container_list', 'container_register', 'container_remove_token', 'container_rollover',
  'container_state', 'container_template_list', 'container_unassign_user', 'container_unregister', 'delete',
  'delete_custom_user_attributes', 'disable', 'enable', 'enrollEMAIL', 'enrollHOTP', 'enrollPASSKEY', 'enrollPUSH',
  'enrollSMS', 'enrollTOTP', 'enrollWEBAUTHN', 'enrollpin', 'password_reset', 'reset', 'resync', 'revoke',
  'set_custom_user_attributes', 'setdescription', 'setpin', 'setrandompin', 'unassign', 'updateuser', 'userlist',
];

export const ADMIN_MENUS: readonly string[] = ['tokens', 'containers', 'users', 'machines', 'config', 'audit', 'components'];
export const USER_MENUS: readonly string[] = ['tokens', 'containers', 'audit'];

/** What the WebUI-settings post-policy adds to a successful /auth when no webui policies exist. */
export function webuiSettings(): Record<string, unknown> {
  return {
    logout_time: 120,
    audit_page_size: 10,
    token_page_size: 15,
    user_page_size: 15,
    policy_template_url: '/static/policy-templates/',
    default_tokentype: 'hotp',
    default_container_type: 'generic',
    user_details: false,
    token_wizard: false,
    token_wizard_2nd: false,
    admin_dashboard: false,
    dialog_no_token: false,
    search_on_enter: false,
    timeout_action: 'lockscreen',
    token_rollover: {},
    hide_welcome: false,
    hide_buttons: false,
    deletion_confirmation: false,
    show_seed: false,
    show_node: '',
    subscription_status: 0,
    subscription_status_push: 0,
    qr_image_android: null,
    qr_image_ios: null,
    qr_image_custom: null,
    logout_redirect_url: '',
    require_description: [],
    rss_age: 180,
    container_wizard: { enabled: false },
  };
}
