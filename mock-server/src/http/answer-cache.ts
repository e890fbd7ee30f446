/**
 * Encoded answers of repeated reads, least recently used first out, bounded in entries and bytes.
 * The caller's key must hold everything the answer depends on (typically the data's version, the
 * caller's rights and the request's parameters), so that a hit is the bytes the read would produce again.
 */
export class AnswerCache<A extends { text: string }> {
  private readonly map = new Map<string, A>();
  private bytes = 0;

  constructor(
    private readonly maxEntries = 4096,
    private readonly maxBytes = 16 * 1024 * 1024,
  ) {}

  /** The cached answer for `key`, else `compute()`'s (kept unless it is larger than an eighth of the budget). */
  get(key: string, compute: () => A): A {
    const hit = this.map.get(key);
    if (hit) {
      this.map.delete(key);
      this.map.set(key, hit);
      return hit;
    }
    const answer = compute();
    this.keep(key, answer);
    return answer;
  }

  /** Like `get`, for answers computed asynchronously. */
  async getAsync(key: string, compute: () => Promise<A | undefined>): Promise<A | undefined> {
    const hit = this.map.get(key);
    if (hit) {
      this.map.delete(key);
      this.map.set(key, hit);
      return hit;
    }
    const answer = await compute();
    if (answer) this.keep(key, answer);
    return answer;
  }

  clear(): void {
    this.map.clear();
    this.bytes = 0;
  }

  private keep(key: string, answer: A): void {
    const size = key.length + answer.text.length;
    if (size > this.maxBytes / 8 || this.map.has(key)) return;
    this.map.set(key, answer);
    this.bytes += size;
    while (this.map.size > this.maxEntries || this.bytes > this.maxBytes) {
      const [oldest, value] = this.map.entries().next().value!;
      this.map.delete(oldest);
      this.bytes -= oldest.length + value.text.length;
    }
  }
}
