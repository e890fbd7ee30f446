/**
 * Laravel's `throttle:api` limiter: a fixed window that opens at a user's first request and lasts a
 * minute; the request after the limit gets a 429 until the window closes.
 */
export interface ThrottleResult {
  readonly allowed: boolean;
  readonly headers: Record<string, string>;
}

const WINDOW_MS = 60_000;

export class Throttle {
  private windows = new Map<number, { opened: number; hits: number }>();

  constructor(readonly perMinute: number) {}

  reset(): void {
    this.windows = new Map();
  }

  hit(userId: number, now: number): ThrottleResult {
    let w = this.windows.get(userId);
    if (!w || now >= w.opened + WINDOW_MS) {
      w = { opened: now, hits: 0 };
      this.windows.set(userId, w);
    }
    const limit = String(this.perMinute);
    if (w.hits >= this.perMinute) {
      const resetAt = w.opened + WINDOW_MS;
      return {
        allowed: false,
        headers: {
          'x-ratelimit-limit': limit,
          'x-ratelimit-remaining': '0',
          'retry-after': String(Math.max(1, Math.ceil((resetAt - now) / 1000))),
          'x-ratelimit-reset': String(Math.ceil(resetAt / 1000)),
        },
      };
    }
    w.hits++;
    return { allowed: true, headers: { 'x-ratelimit-limit': limit, 'x-ratelimit-remaining': String(this.perMinute - w.hits) } };
  }
}

/** The limit from the environment variable, else the default. */
export function throttleLimit(raw: string | undefined, fallback: number): number {
  const n = raw === undefined ? NaN : Number(raw);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}
