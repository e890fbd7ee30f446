/**
 * Laravel's `throttle:api` limiter: a fixed window that opens at a user's first request and lasts a
 * minute; the request after the limit gets a 429 until the window closes.
 */
const WINDOW_MS = 60_000;

interface Window {
  opened: number;
  hits: number;
}

export class Throttle {
  private windows = new Map<number, Window>();
  /** The limit as the header shows it. */
  readonly limitText: string;

  constructor(readonly perMinute: number) {
    this.limitText = String(perMinute);
  }

  reset(): void {
    this.windows = new Map();
  }

  /** Counts a request: the requests left in the window after it, or -1 when it is over the limit. */
  hit(userId: number, now: number): number {
    let w = this.windows.get(userId);
    if (!w) this.windows.set(userId, (w = { opened: now, hits: 0 }));
    else if (now >= w.opened + WINDOW_MS) {
      w.opened = now;
      w.hits = 0;
    }
    if (w.hits >= this.perMinute) return -1;
    w.hits++;
    return this.perMinute - w.hits;
  }

  /** The headers of an answer that `hit` allowed with `remaining` requests left. */
  headers(remaining: number): Record<string, string> {
    return { 'x-ratelimit-limit': this.limitText, 'x-ratelimit-remaining': String(remaining) };
  }

  /** The headers of a 429 for this user's current window. */
  refusal(userId: number, now: number): Record<string, string> {
    const resetAt = (this.windows.get(userId)?.opened ?? now) + WINDOW_MS;
    return {
      'x-ratelimit-limit': this.limitText,
      'x-ratelimit-remaining': '0',
      'retry-after': String(Math.max(1, Math.ceil((resetAt - now) / 1000))),
      'x-ratelimit-reset': String(Math.ceil(resetAt / 1000)),
    };
  }
}

/** The limit from the environment variable, else the default. */
export function throttleLimit(raw: string | undefined, fallback: number): number {
  const n = raw === undefined ? NaN : Number(raw);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}
