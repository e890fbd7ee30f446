import type { Page } from '../model';

/**
 * One list in the tree, fetched a page at a time with the product's own paging. Pure state: the
 * tree provider renders it; the first page is fetched on first expansion, more on "Load more…".
 */
export class PagedList<T> {
  items: T[] = [];
  total: number | undefined;
  error: unknown;
  private cursor: string | undefined;
  private started = false;
  private pending: Promise<void> | undefined;

  constructor(private readonly fetchPage: (cursor: string | undefined) => Promise<Page<T>>) {}

  get loaded(): boolean {
    return this.started && !this.pending;
  }

  get hasMore(): boolean {
    return this.cursor !== undefined;
  }

  /** Fetches the first page unless it was fetched (or is being fetched). */
  ensureFirstPage(): Promise<void> {
    if (!this.started) {
      this.started = true;
      this.pending = this.fetch(undefined);
    }
    return this.pending ?? Promise.resolve();
  }

  /** Fetches the next page; a failure keeps what was loaded and records the error. */
  loadMore(): Promise<void> {
    if (this.pending) return this.pending;
    if (!this.hasMore) return Promise.resolve();
    this.pending = this.fetch(this.cursor);
    return this.pending;
  }

  private async fetch(cursor: string | undefined): Promise<void> {
    try {
      const page = await this.fetchPage(cursor);
      this.items = cursor === undefined ? page.items : [...this.items, ...page.items];
      this.total = page.total ?? this.total;
      this.cursor = page.nextCursor;
      this.error = undefined;
    } catch (e) {
      this.error = e;
    } finally {
      this.pending = undefined;
    }
  }
}
