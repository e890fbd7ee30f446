import type { ConnectionInfo, ConnectionSecrets } from '../backends/directory-backend';
import { PRODUCT_IDS, PRODUCT_TITLES, type ProductId } from '../model';
import type { Prompts } from '../ui/prompts';

const URL_EXAMPLES: Record<ProductId, string> = {
  'itsm-ng': 'https://itsm.example.com/apirest.php',
  foreman: 'https://foreman.example.com/api',
  'snipe-it': 'https://snipe.example.com/api/v1',
  'servicedesk-plus': 'https://sdp.example.com/api/v3',
  privacyidea: 'https://pi.example.com',
};

const PRODUCT_DETAIL: Record<ProductId, string> = {
  'itsm-ng': 'GLPI-style REST API (apirest.php): App-Token plus login/password or user token',
  foreman: 'API v2 with HTTP Basic (login and password or personal access token)',
  'snipe-it': 'API v1 with a personal access token (Bearer)',
  'servicedesk-plus': 'API v3 with an authtoken (on-premises) or Zoho OAuth token (cloud)',
  privacyidea: 'Admin or user login; the extension obtains and renews the JWT',
};

export interface WizardResult {
  connection: ConnectionInfo;
  /** Undefined when editing and the user kept the stored secrets. */
  secrets: ConnectionSecrets | undefined;
}

/**
 * The Add/Edit Connection questions: product → label → base URL → credentials → TLS. Every answer
 * has a sensible default when editing; secrets left empty when editing keep the stored ones.
 */
export async function connectionWizard(prompts: Prompts, existingIds: readonly string[], editing?: { connection: ConnectionInfo; secrets: ConnectionSecrets }): Promise<WizardResult | undefined> {
  const old = editing?.connection;
  const product =
    old?.product ??
    (await prompts.pick(
      PRODUCT_IDS.map((p) => ({ label: PRODUCT_TITLES[p], detail: PRODUCT_DETAIL[p], value: p })),
      { title: 'Add Connection (1/4): product', placeholder: 'Which product is it?' },
    ));
  if (!product) return undefined;
  const step = (n: number, what: string) => `${old ? 'Edit' : 'Add'} ${PRODUCT_TITLES[product]} Connection (${n}/4): ${what}`;

  const label = await prompts.input({ title: step(1, 'name'), prompt: 'Shown in the tree', value: old?.label ?? PRODUCT_TITLES[product], validateInput: (v) => (v.trim() ? undefined : 'Give the connection a name') });
  if (label === undefined) return undefined;

  const baseUrlText = await prompts.input({
    title: step(2, 'API base URL'),
    prompt: `The product's API base, e.g. ${URL_EXAMPLES[product]}`,
    value: old?.baseUrl ?? '',
    placeHolder: URL_EXAMPLES[product],
    validateInput: (v) => {
      try {
        const u = new URL(v.trim());
        return u.protocol === 'http:' || u.protocol === 'https:' ? undefined : 'Use an http:// or https:// URL';
      } catch {
        return 'Enter a URL such as ' + URL_EXAMPLES[product];
      }
    },
  });
  if (baseUrlText === undefined) return undefined;
  const baseUrl = baseUrlText.trim().replace(/\/+$/, '');

  const keep = old ? ' (leave empty to keep the stored one)' : '';
  const secrets: ConnectionSecrets = {};
  let username: string | undefined = old?.username;
  let authMode = old?.authMode;
  let realm = old?.realm;
  const ask = (title: string, prompt: string, password: boolean, value = '') =>
    prompts.input({ title: step(3, title), prompt, password, value, validateInput: (v) => (v || old ? undefined : `${title} is required`) });

  switch (product) {
    case 'itsm-ng': {
      const app = await prompts.input({ title: step(3, 'App-Token'), prompt: `The API client's App-Token; empty if your API client has none${keep}`, password: true });
      if (app === undefined) return undefined;
      if (app) secrets.appToken = app;
      const mode = await prompts.pick(
        [
          { label: 'Login and password', value: 'password' as const },
          { label: 'User token', detail: 'The API token from the user’s preferences (Authorization: user_token …)', value: 'token' as const },
        ],
        { title: step(3, 'sign-in') },
      );
      if (!mode) return undefined;
      if (mode === 'password') {
        username = await ask('Login', 'ITSM-NG login', false, old?.username ?? '');
        if (username === undefined) return undefined;
        const pw = await ask('Password', `Password for ${username}${keep}`, true);
        if (pw === undefined) return undefined;
        if (pw) secrets.password = pw;
      } else {
        username = undefined;
        const token = await ask('User token', `user_token${keep}`, true);
        if (token === undefined) return undefined;
        if (token) secrets.token = token;
      }
      break;
    }
    case 'foreman':
    case 'privacyidea': {
      username = await ask('Login', `${PRODUCT_TITLES[product]} login`, false, old?.username ?? '');
      if (username === undefined) return undefined;
      const pw = await ask('Password', `Password${product === 'foreman' ? ' or personal access token' : ''} for ${username}${keep}`, true);
      if (pw === undefined) return undefined;
      if (pw) secrets.password = pw;
      if (product === 'privacyidea') {
        const r = await prompts.input({ title: step(3, 'realm'), prompt: 'Realm to sign in to; empty for a local administrator or the default realm', value: old?.realm ?? '' });
        if (r === undefined) return undefined;
        realm = r.trim() || undefined;
      }
      break;
    }
    case 'snipe-it': {
      username = undefined;
      const token = await ask('API token', `Personal access token (Bearer)${keep}`, true);
      if (token === undefined) return undefined;
      if (token) secrets.token = token;
      break;
    }
    case 'servicedesk-plus': {
      username = undefined;
      authMode = await prompts.pick(
        [
          { label: 'On-premises: authtoken', detail: 'Technician API key sent in the authtoken header', value: 'authtoken' as const },
          { label: 'Cloud: Zoho OAuth token', detail: 'Authorization: Zoho-oauthtoken …', value: 'oauth' as const },
        ],
        { title: step(3, 'authentication') },
      );
      if (!authMode) return undefined;
      const token = await ask(authMode === 'oauth' ? 'OAuth token' : 'API key', `${authMode === 'oauth' ? 'Zoho OAuth access token' : 'authtoken'}${keep}`, true);
      if (token === undefined) return undefined;
      if (token) secrets.token = token;
      break;
    }
  }

  let rejectUnauthorized = old?.rejectUnauthorized ?? true;
  if (baseUrl.startsWith('https:')) {
    const verify = await prompts.pick(
      [
        { label: 'Verify the TLS certificate', description: 'recommended', value: true },
        { label: 'Do not verify (self-signed test server)', description: 'only for a server you trust', value: false },
      ],
      { title: step(4, 'certificate') },
    );
    if (verify === undefined) return undefined;
    rejectUnauthorized = verify;
  }

  const connection: ConnectionInfo = {
    id: old?.id ?? uniqueId(label, existingIds),
    label: label.trim(),
    product,
    baseUrl,
    username: username?.trim() || undefined,
    rejectUnauthorized,
    authMode,
    realm,
  };
  const anySecret = Object.keys(secrets).length > 0;
  const mergedSecrets = editing ? (anySecret ? { ...editing.secrets, ...secrets } : undefined) : secrets;
  return { connection, secrets: mergedSecrets };
}

function uniqueId(label: string, taken: readonly string[]): string {
  const base = label.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'connection';
  let id = base;
  for (let n = 2; taken.includes(id); n++) id = `${base}-${n}`;
  return id;
}
