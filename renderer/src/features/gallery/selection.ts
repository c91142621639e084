// The gallery's selection: a focused item (the keyboard cursor) and a set of picked items that bulk
// actions apply to. Space picks or unpicks the focused item, Shift with an arrow or a click extends
// from the anchor, Ctrl/⌘-click toggles one, a plain click or move starts over. With nothing
// picked, an action applies to the focused item alone. Indices are positions in the current query;
// a new query starts a new selection.
import { api } from '../../api/client.js';
import { PAGE_SIZE, type PageCache } from './page-cache.js';

export interface Selection {
  focus: number;
  /** Where a Shift-extension starts. */
  anchor: number;
  picked: ReadonlySet<number>;
}

export const EMPTY_SELECTION: Selection = { focus: 0, anchor: 0, picked: new Set() };

/** Bulk actions take at most this many items at once (the API's MAX_BULK). */
export const MAX_PICK = 10_000;

export function moveTo(s: Selection, index: number, extend: boolean): Selection {
  if (!extend) return { focus: index, anchor: index, picked: new Set() };
  return { focus: index, anchor: s.anchor, picked: range(s.anchor, index) };
}

export function toggle(s: Selection, index: number): Selection {
  const picked = new Set(s.picked);
  if (picked.has(index)) picked.delete(index);
  else if (picked.size < MAX_PICK) picked.add(index);
  return { focus: index, anchor: index, picked };
}

export function clear(s: Selection): Selection {
  return { ...s, picked: new Set() };
}

/** What an action applies to: the picked items, or the focused one. */
export function targets(s: Selection): number[] {
  return s.picked.size ? [...s.picked].sort((a, b) => a - b) : [s.focus];
}

function range(a: number, b: number): Set<number> {
  const [from, to] = a <= b ? [a, b] : [b, a];
  const out = new Set<number>();
  for (let i = from; i <= to && out.size < MAX_PICK; i++) out.add(i);
  return out;
}

/**
 * The item ids at these positions. Positions on pages the grid has not loaded (a long Shift
 * range) are read with the same query, so the ids are those the examiner saw selected.
 */
export async function idsAt(cache: PageCache, indices: number[]): Promise<{ ok: true; ids: number[] } | { ok: false; message: string }> {
  const ids: number[] = [];
  const missingPages = new Set<number>();
  for (const i of indices) if (!cache.item(i)) missingPages.add(Math.floor(i / PAGE_SIZE));
  const fetched = new Map<number, number>();
  for (const page of missingPages) {
    const result = await api['items:query']({ ...cache.query, offset: page * PAGE_SIZE, limit: PAGE_SIZE });
    if (!result.ok) return { ok: false, message: result.error.message };
    result.value.items.forEach((card, k) => fetched.set(page * PAGE_SIZE + k, card.id));
  }
  for (const i of indices) {
    const id = cache.item(i)?.id ?? fetched.get(i);
    if (id !== undefined) ids.push(id);
  }
  return { ok: true, ids };
}
