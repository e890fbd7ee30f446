import type { ProductModule } from '../product.js';
import { createPrivacyideaApp } from './app.js';
import { failure } from './envelope.js';
import { authError, ERROR, errorForStatus } from './errors.js';
import { seedPrivacyidea } from './seed.js';

const PREFIX = '/privacyidea';

/** Fault injection answers outside a request's own context: the wall clock and no nonce. */
const faultReply = { clock: () => new Date(), nonce: undefined };

/** privacyIDEA emulation: `/auth`, `/user/`, realms and resolvers (see README.md). */
export const privacyidea: ProductModule = {
  id: 'privacyidea',
  title: 'privacyIDEA',
  prefix: PREFIX,
  apiBase: PREFIX,
  seed: (roster, rng) => seedPrivacyidea(roster, rng),
  app: (env) => createPrivacyideaApp(PREFIX, env),
  credentials: (config) => `POST /auth with ${config.credentials.privacyidea.login}/${config.credentials.privacyidea.password}, then Authorization: <JWT>`,
  errorResponse: (_c, status) => failure(faultReply, errorForStatus(status)),
  expiredResponse: () =>
    failure(faultReply, authError(ERROR.TOKEN_EXPIRED, 'Authentication failure. Your token has expired: Signature has expired')),
};
