// Remembered positions in the gallery's segments (gallery-paging.ts): "the item at position
// 52 319 of this segment, under this filter and sort, has the sort key (1 840 233, 61 874)". A
// grid scrolling down asks for page after page; with the nearest position before its offset, the
// next page is read as "key > (1 840 233, 61 874) … OFFSET (the rest)" — an index seek — instead
// of stepping over every earlier item again (OFFSET is a walk: 0.2–0.5 s deep into 10^6 items
// under a filter).
// Valid only while the case is unchanged: the pager clears them with its counts.

const MAX_KEYS = 32;
const MAX_PER_KEY = 4096;

export class IdAnchors {
  private readonly byKey = new Map<string, { offsets: number[]; keys: unknown[][] }>();

  clear(): void {
    this.byKey.clear();
  }

  /** The remembered position nearest before `offset` (strictly), if any. */
  before(key: string, offset: number): { offset: number; values: unknown[] } | undefined {
    const list = this.byKey.get(key);
    if (!list) return undefined;
    const i = lastBelow(list.offsets, offset);
    return i < 0 ? undefined : { offset: list.offsets[i]!, values: list.keys[i]! };
  }

  add(key: string, offset: number, values: unknown[]): void {
    let list = this.byKey.get(key);
    if (!list) {
      if (this.byKey.size >= MAX_KEYS) this.byKey.delete(this.byKey.keys().next().value!);
      list = { offsets: [], keys: [] };
      this.byKey.set(key, list);
    }
    const i = lastBelow(list.offsets, offset + 1);
    if (i >= 0 && list.offsets[i] === offset) return;
    list.offsets.splice(i + 1, 0, offset);
    list.keys.splice(i + 1, 0, values);
    if (list.offsets.length > MAX_PER_KEY) {
      // Thin out evenly rather than forget a region: drop every other position.
      list.offsets = list.offsets.filter((_, k) => k % 2 === 0);
      list.keys = list.keys.filter((_, k) => k % 2 === 0);
    }
  }
}

/** Index of the last element < value in an ascending array, or −1. */
function lastBelow(sorted: number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
