// Gallery pages fetched on demand for what is on screen, kept in a small LRU: a 10^6-item case
// is never in the page, only the few hundred cards near the viewport. Everything is keyed by
// the query, so a filter or sort change can never show a stale page.
//
// While the grid moves fast (a dragged scrollbar crosses thousands of rows a second), asking for
// every range it passes would queue pages nobody sees ahead of the ones that stay, on a server
// that answers one at a time: requests go out at most every FETCH_INTERVAL_MS, for the range in
// view then, with half a page of margin in the direction of travel.
import type { ItemCard } from '../../../../shared/api/gallery-model.js';
import type { MethodInput } from '../../../../shared/api/contract.js';
import type { API } from '../../../../shared/api/methods.js';
import { api } from '../../api/client.js';

export type GalleryQuery = Required<Pick<MethodInput<typeof API.itemsQuery>, 'filter' | 'sort' | 'descending'>>;

export const PAGE_SIZE = 120;
const MAX_PAGES = 60;
const FETCH_INTERVAL_MS = 50;
const MARGIN = PAGE_SIZE / 2;

export class PageCache {
  private readonly pages = new Map<number, ItemCard[]>();
  private readonly inFlight = new Set<number>();
  /** The range last asked for, fetched when the throttle allows. */
  private wanted: { first: number; last: number } | null = null;
  private lastFetch = -Infinity;
  private timer: ReturnType<typeof setTimeout> | null = null;
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

  /** Makes sure the pages covering [first, last] are loaded or loading (soon, when the grid moves fast). */
  ensure(first: number, last: number): void {
    const previous = this.wanted;
    const down = !previous || first >= previous.first;
    const range = { first: first - (down ? 0 : MARGIN), last: last + (down ? MARGIN : 0) };
    // A range still waiting that lies next to this one (the viewer's neighbours beside the grid's
    // view) is kept with it; one the grid has left far behind is dropped.
    const pending = this.timer !== null && previous && range.first <= previous.last + PAGE_SIZE && previous.first <= range.last + PAGE_SIZE;
    this.wanted = pending ? { first: Math.min(range.first, previous.first), last: Math.max(range.last, previous.last) } : range;
    const wait = this.lastFetch + FETCH_INTERVAL_MS - performance.now();
    if (wait <= 0) this.fetchWanted();
    else this.timer ??= setTimeout(() => this.fetchWanted(), wait);
  }

  private fetchWanted(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (!this.wanted) return;
    this.lastFetch = performance.now();
    const { first, last } = this.wanted;
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
