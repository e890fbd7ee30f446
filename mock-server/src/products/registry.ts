import { foreman } from './foreman/index.js';
import { itsmNg } from './itsm-ng/index.js';
import { privacyidea } from './privacyidea/index.js';
import type { ProductModule } from './product.js';
import { servicedeskPlus } from './servicedesk-plus/index.js';
import { snipeIt } from './snipe-it/index.js';

/** The product emulations, in the order the banner and `/_mock/health` list them. */
export const PRODUCTS: readonly ProductModule[] = [itsmNg, foreman, snipeIt, servicedeskPlus, privacyidea];
