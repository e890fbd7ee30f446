import type { ConnectionInfo, ConnectionSecrets } from '../backends/directory-backend';
import type { ProductId } from '../model';
import { PRODUCT_TITLES } from '../model';

/**
 * The mock server's credentials (its documented defaults), passed to it explicitly on start so a
 * user's environment variables can't make them differ from what the connections use.
 */
export const MOCK_CREDENTIAL_FLAGS: readonly string[] = [
  '--itsm-app-token', 'mock-app-token',
  '--itsm-login', 'glpi',
  '--itsm-password', 'glpi',
  '--itsm-user-token', 'mock-user-token',
  '--foreman-login', 'admin',
  '--foreman-password', 'changeme',
  '--snipe-it-token', 'mock-snipe-it-token',
  '--sdp-authtoken', 'mock-sdp-authtoken',
  '--sdp-oauthtoken', 'mock-sdp-oauthtoken',
  '--privacyidea-login', 'admin',
  '--privacyidea-password', 'admin',
];

const PATHS: Record<ProductId, string> = {
  'itsm-ng': '/itsm-ng/apirest.php',
  foreman: '/foreman/api',
  'snipe-it': '/snipe-it/api/v1',
  'servicedesk-plus': '/servicedesk-plus/api/v3',
  privacyidea: '/privacyidea',
};

export function mockConnectionId(product: ProductId): string {
  return `mock-${product}`;
}

/** One connection per product, pointing at a running mock server. */
export function mockConnections(baseUrl: string): Array<{ connection: ConnectionInfo; secrets: ConnectionSecrets }> {
  const make = (product: ProductId, extra: Partial<ConnectionInfo>, secrets: ConnectionSecrets) => ({
    connection: { id: mockConnectionId(product), label: `Mock ${PRODUCT_TITLES[product]}`, product, baseUrl: `${baseUrl}${PATHS[product]}`, rejectUnauthorized: true, ...extra },
    secrets,
  });
  return [
    make('itsm-ng', { username: 'glpi' }, { password: 'glpi', appToken: 'mock-app-token' }),
    make('foreman', { username: 'admin' }, { password: 'changeme' }),
    make('snipe-it', {}, { token: 'mock-snipe-it-token' }),
    make('servicedesk-plus', { authMode: 'authtoken' }, { token: 'mock-sdp-authtoken' }),
    make('privacyidea', { username: 'admin' }, { password: 'admin' }),
  ];
}
