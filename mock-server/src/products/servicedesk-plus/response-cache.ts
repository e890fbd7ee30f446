import type { AnswerBody } from '../../http/answer-bytes.js';
import { Lru } from '../../lru.js';

/**
 * Whole answers of repeatable reads (list pages, searches with their totals), as `answerBody` keeps them,
 * keyed by the route and the request's raw `input_data`. Only answers of the product's current data
 * version are kept: a change drops them all. Bounded by entries and by bytes held (a page of 50 full
 * users is ~70 KB), least recently used first out.
 */
export class ResponseCache {
  private readonly entries = new Lru<string, AnswerBody>({
    entries: 256,
    weight: 6_000_000,
    weigh: (_key, body) => body.length,
    largestShare: 1 / 8,
    product: 'servicedesk-plus',
  });

  get(key: string, version: number): AnswerBody | undefined {
    this.entries.keepOnly(version);
    return this.entries.get(key);
  }

  set(key: string, version: number, body: AnswerBody): void {
    this.entries.keepOnly(version);
    this.entries.set(key, body);
  }

  clear(): void {
    this.entries.clear();
  }
}
