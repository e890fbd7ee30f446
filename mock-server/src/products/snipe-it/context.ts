import type { Caller } from './auth.js';
import type { Negotiation } from './errors.js';
import type { RequestInput } from './input.js';
import type { RenderContext } from './serialize.js';

/** One authenticated API request, as every controller action receives it. */
export interface Req {
  readonly input: RequestInput;
  readonly negotiation: Negotiation;
  readonly caller: Caller;
  readonly render: RenderContext;
  readonly now: Date;
}

/** A write the database would refuse (MySQL or PHP errors in the real product): answered with a 500. */
export class StoreFailure extends Error {}
