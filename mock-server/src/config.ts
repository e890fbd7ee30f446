/** The mock server's configuration, as the command line and environment leave it. */

export type ProductId = 'itsm-ng' | 'foreman' | 'snipe-it' | 'servicedesk-plus' | 'privacyidea';

export const PRODUCT_IDS: readonly ProductId[] = ['itsm-ng', 'foreman', 'snipe-it', 'servicedesk-plus', 'privacyidea'];

export interface Credentials {
  'itsm-ng': { appToken: string; login: string; password: string; userToken: string };
  foreman: { login: string; password: string };
  'snipe-it': { token: string };
  'servicedesk-plus': { authtoken: string; oauthtoken: string };
  privacyidea: { login: string; password: string };
}

/** One overridable credential: its flag, environment variable and default (DESIGN.md's contract). */
export interface CredentialSpec {
  product: ProductId;
  key: string;
  flag: string;
  env: string;
  default: string;
  help: string;
}

export const CREDENTIAL_SPECS: readonly CredentialSpec[] = [
  { product: 'itsm-ng', key: 'appToken', flag: '--itsm-app-token', env: 'USER_DIRECTORY_MOCK_ITSM_APP_TOKEN', default: 'mock-app-token', help: 'ITSM-NG App-Token required on every call' },
  { product: 'itsm-ng', key: 'login', flag: '--itsm-login', env: 'USER_DIRECTORY_MOCK_ITSM_LOGIN', default: 'glpi', help: 'ITSM-NG super-admin login' },
  { product: 'itsm-ng', key: 'password', flag: '--itsm-password', env: 'USER_DIRECTORY_MOCK_ITSM_PASSWORD', default: 'glpi', help: 'ITSM-NG super-admin password' },
  { product: 'itsm-ng', key: 'userToken', flag: '--itsm-user-token', env: 'USER_DIRECTORY_MOCK_ITSM_USER_TOKEN', default: 'mock-user-token', help: "ITSM-NG super-admin's user_token (API token)" },
  { product: 'foreman', key: 'login', flag: '--foreman-login', env: 'USER_DIRECTORY_MOCK_FOREMAN_LOGIN', default: 'admin', help: 'Foreman admin login (HTTP Basic)' },
  { product: 'foreman', key: 'password', flag: '--foreman-password', env: 'USER_DIRECTORY_MOCK_FOREMAN_PASSWORD', default: 'changeme', help: 'Foreman admin password' },
  { product: 'snipe-it', key: 'token', flag: '--snipe-it-token', env: 'USER_DIRECTORY_MOCK_SNIPE_IT_TOKEN', default: 'mock-snipe-it-token', help: "Snipe-IT superuser's Bearer token" },
  { product: 'servicedesk-plus', key: 'authtoken', flag: '--sdp-authtoken', env: 'USER_DIRECTORY_MOCK_SDP_AUTHTOKEN', default: 'mock-sdp-authtoken', help: 'ServiceDesk Plus on-premises authtoken' },
  { product: 'servicedesk-plus', key: 'oauthtoken', flag: '--sdp-oauthtoken', env: 'USER_DIRECTORY_MOCK_SDP_OAUTHTOKEN', default: 'mock-sdp-oauthtoken', help: 'ServiceDesk Plus cloud Zoho-oauthtoken' },
  { product: 'privacyidea', key: 'login', flag: '--privacyidea-login', env: 'USER_DIRECTORY_MOCK_PRIVACYIDEA_LOGIN', default: 'admin', help: 'privacyIDEA local administrator login' },
  { product: 'privacyidea', key: 'password', flag: '--privacyidea-password', env: 'USER_DIRECTORY_MOCK_PRIVACYIDEA_PASSWORD', default: 'admin', help: 'privacyIDEA local administrator password' },
];

/** Password of every seeded (roster) user in every product, so tests can log in as a normal user. */
export const SEEDED_USER_PASSWORD = 'Passw0rd!';

export interface MockConfig {
  host: string;
  port: number;
  /** Data directory; undefined means in-memory (nothing persisted). */
  dataDir: string | undefined;
  seed: number;
  users: number;
  /** Largest request body accepted, in bytes; larger ones get the product's own error. */
  bodyLimit: number;
  /** How many requests `/_mock/requests` remembers. */
  journalSize: number;
  /** The CLI's full collection after this many quiet seconds, after start-up or requests (0: never); see heap-policy.ts. */
  idleCollectSeconds: number;
  credentials: Credentials;
}

export function defaultCredentials(env: NodeJS.ProcessEnv = {}): Credentials {
  const c: Record<string, Record<string, string>> = {};
  for (const s of CREDENTIAL_SPECS) (c[s.product] ??= {})[s.key] = env[s.env] || s.default;
  return c as unknown as Credentials;
}

export function defaultConfig(env: NodeJS.ProcessEnv = {}): MockConfig {
  return {
    host: '127.0.0.1',
    port: 3000,
    dataDir: './.mock-data',
    seed: 1,
    users: 200,
    bodyLimit: 1024 * 1024,
    journalSize: 1000,
    idleCollectSeconds: 10,
    credentials: defaultCredentials(env),
  };
}
