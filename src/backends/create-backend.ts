import type { BackendContext, DirectoryBackend } from './directory-backend';
import { ForemanBackend } from './foreman-backend';
import { ItsmNgBackend } from './itsm-ng-backend';
import { PrivacyIdeaBackend } from './privacyidea-backend';
import { ServiceDeskPlusBackend } from './servicedesk-plus-backend';
import { SnipeItBackend } from './snipe-it-backend';

/** The backend for a connection's product. A sixth product adds one line here. */
export function createBackend(ctx: BackendContext): DirectoryBackend {
  switch (ctx.connection.product) {
    case 'itsm-ng':
      return new ItsmNgBackend(ctx);
    case 'foreman':
      return new ForemanBackend(ctx);
    case 'snipe-it':
      return new SnipeItBackend(ctx);
    case 'servicedesk-plus':
      return new ServiceDeskPlusBackend(ctx);
    case 'privacyidea':
      return new PrivacyIdeaBackend(ctx);
  }
}
