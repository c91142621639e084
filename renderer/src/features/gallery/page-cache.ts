// Gallery pages fetched on demand for what is on screen, kept in a small LRU: a 10^6-item case
// is never in the page, only the few hundred cards near the viewport. Everything is keyed by
// the query, so a filter or sort change can never show a stale page.
import type { ItemCard } from '../../../../shared/api/gallery-model.js';
import type { MethodInput } from '../../../../shared/api/contract.js';
import type { API } from '../../../../shared/api/methods.js';
import { api } from '../../api/client.js';

export type GalleryQuery = Required<Pick<MethodInput<typeof API.itemsQuery>, 'filter' | 'sort' | 'descending'>>;

export const PAGE_SIZE = 120;
const MAX_PAGES = 60;

export class PageCache {
  private readonly pages = new Map<number, ItemCard[]>();
  private readonly inFlight = new Set<number>();
  total: number | null = null;
  error: string | null = null;
  /** Names this query: the grid is remounted (back to the top) when it changes. */
  readonly key: string;

  constructor(
    readonly query: GalleryQuery,
    private readonly onChange: () => void,
  ) {
    this.key = JSON.stringify(query);
  }

  item(index: number): ItemCard | undefined {
    const page = this.pages.get(Math.floor(index / PAGE_SIZE));
    return page?.[index % PAGE_SIZE];
  }

  /** Makes sure the pages covering [first, last] are loaded or loading. */
  ensure(first: number, last: number): void {
    for (let p = Math.floor(Math.max(0, first) / PAGE_SIZE); p <= Math.floor(Math.max(0, last) / PAGE_SIZE); p++) {
      if (this.pages.has(p)) {
        // Touch: most recently used last.
        const page = this.pages.get(p)!;
        this.pages.delete(p);
        this.pages.set(p, page);
      } else if (!this.inFlight.has(p) && (this.total === null || p * PAGE_SIZE < this.total || p === 0)) {
        void this.load(p);
      }
    }
  }

  /**
   * Reloads the pages held, in place, after the examiner changed items (a category, a tag): the
   * grid keeps its scroll position and shows the new badges. Pages are dropped first, so a slow
   * answer can never bring back a page from before the change.
   */
  refresh(): void {
    const held = [...this.pages.keys()];
    this.pages.clear();
    for (const page of held) void this.load(page);
  }

  private async load(page: number): Promise<void> {
    this.inFlight.add(page);
    const result = await api['items:query']({ ...this.query, offset: page * PAGE_SIZE, limit: PAGE_SIZE });
    this.inFlight.delete(page);
    if (!result.ok) {
      this.error = result.error.message;
    } else {
      this.error = null;
      this.total = result.value.total;
      this.pages.set(page, result.value.items);
      while (this.pages.size > MAX_PAGES) this.pages.delete(this.pages.keys().next().value!);
    }
    this.onChange();
  }
}
