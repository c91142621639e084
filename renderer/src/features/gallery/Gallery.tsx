// The gallery: a virtual grid over the case in the order and filter the toolbar asks for, with a
// keyboard-first selection (arrows, Shift to extend, Space to pick, Home/End, PageUp/PageDown,
// Enter opens the viewer) and the review keys: digits set the category of the selection, T tags it.
import { useCallback, useEffect, useMemo, useReducer, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { count, plural } from '../../ui/format.js';
import { categoriseItems, tagItems, type ActionOutcome } from '../review/actions.js';
import { TagDialog } from '../review/TagDialog.js';
import { Viewer } from '../viewer/Viewer.js';
import { PageCache, type GalleryQuery } from './page-cache.js';
import { clear, EMPTY_SELECTION, idsAt, moveTo, targets, toggle, type Selection } from './selection.js';
import { Tile, tileId } from './Tile.js';
import { VirtualGrid, type GridLayout, type VirtualGridHandle } from './VirtualGrid.js';

interface Props {
  query: GalleryQuery;
  tileSize: number;
  /** After a change the overview counts (categories, tags) may move. */
  onChanged(): void;
  /** Narrow the query (the viewer's "only this folder / cluster"). */
  onNarrow(filter: { folder: string } | { cluster: number }): void;
}

const CAPTION = 40;
const GAP = 12;

export function Gallery({ query, tileSize, onChanged, onNarrow }: Props) {
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  // A new cache for every query: pages of another filter or sort can never be shown.
  const cache = useMemo(() => new PageCache(query, redraw), [query]);
  const [selection, setSelection] = useState<Selection>(EMPTY_SELECTION);
  const [open, setOpen] = useState<number | null>(null);
  const [tagging, setTagging] = useState<number[] | null>(null);
  const [outcome, setOutcome] = useState<ActionOutcome | null>(null);
  const grid = useRef<VirtualGridHandle>(null);
  const layout = useRef<GridLayout>({ columns: 1, tileWidth: tileSize, rowHeight: tileSize });
  const total = cache.total;
  const focus = selection.focus;

  useEffect(() => {
    setSelection(EMPTY_SELECTION);
    setOutcome(null);
    cache.ensure(0, 0);
  }, [cache]);

  const select = useCallback((next: Selection) => {
    setSelection(next);
    grid.current?.scrollToIndex(next.focus);
  }, []);

  const act = useCallback(
    async (run: (ids: number[]) => Promise<ActionOutcome>, indices: number[]) => {
      const resolved = await idsAt(cache, indices);
      if (!resolved.ok) return setOutcome({ ok: false, message: resolved.message });
      const result = await run(resolved.ids);
      setOutcome(result);
      if (result.ok) {
        cache.refresh();
        onChanged();
      }
    },
    [cache, onChanged],
  );

  const onRange = useCallback((first: number, last: number) => cache.ensure(first, last), [cache]);
  const onLayout = useCallback((l: GridLayout) => {
    layout.current = l;
  }, []);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (!total || event.altKey || event.ctrlKey || event.metaKey) return;
    const { columns, rowHeight } = layout.current;
    const page = Math.max(1, Math.floor(event.currentTarget.clientHeight / rowHeight)) * columns;
    const moves: Record<string, number> = {
      ArrowRight: 1,
      ArrowLeft: -1,
      ArrowDown: columns,
      ArrowUp: -columns,
      PageDown: page,
      PageUp: -page,
      Home: -Infinity,
      End: Infinity,
    };
    const move = moves[event.key];
    if (move !== undefined) {
      event.preventDefault();
      select(moveTo(selection, Math.min(total - 1, Math.max(0, focus + move)), event.shiftKey));
      return;
    }
    const handled = reviewKey(event.key);
    if (handled) event.preventDefault();
  }

  /** The keys that act on the selection; true when the key was one of them. */
  function reviewKey(key: string): boolean {
    if (key === 'Enter') {
      if (cache.item(focus)) setOpen(focus);
    } else if (key === ' ') {
      setSelection(toggle(selection, focus));
    } else if (key === 'Escape') {
      setSelection(clear(selection));
    } else if (/^[0-9]$/.test(key)) {
      void act((ids) => categoriseItems(ids, Number(key)), targets(selection));
    } else if (key === 'Backspace' || key === 'Delete') {
      void act((ids) => categoriseItems(ids, null), targets(selection));
    } else if (key === 't' || key === 'T') {
      setTagging(targets(selection));
    } else return false;
    return true;
  }

  const onTileClick = useCallback(
    (index: number, event: MouseEvent) => {
      if (event.ctrlKey || event.metaKey) setSelection((s) => toggle(s, index));
      else setSelection((s) => moveTo(s, index, event.shiftKey));
    },
    [],
  );
  const onTileOpen = useCallback((index: number) => setOpen(index), []);

  const closeViewer = useCallback(() => {
    setOpen(null);
    // Back to the grid, on the item the viewer was showing.
    requestAnimationFrame(() => grid.current?.focus());
  }, []);

  const moveViewer = useCallback(
    (index: number) => {
      setOpen(index);
      select(moveTo(EMPTY_SELECTION, index, false));
    },
    [select],
  );

  const picked = selection.picked.size;
  return (
    <section className="gallery" aria-label="Gallery">
      <div className="gallery-status" role="status">
        {cache.error ? <span className="error-text">{cache.error}</span> : total === null ? 'Loading…' : total === 0 ? '' : plural(total, 'item')}
        {total !== null && total > 0 && (
          <span className="muted">
            {picked ? ` · ${count(picked)} selected` : ` · item ${count(focus + 1)}`} · digits categorise · T tags · Enter opens · ? shortcuts
          </span>
        )}
        {outcome && (
          <span className={outcome.ok ? 'outcome' : 'outcome error-text'} role={outcome.ok ? undefined : 'alert'}>
            {outcome.message}
          </span>
        )}
      </div>
      {total === 0 ? (
        <div className="empty-state">
          <p>No items match these filters.</p>
          <p className="muted">Clear the search or choose “All” to see the whole case.</p>
        </div>
      ) : (
        <VirtualGrid
          key={cache.key}
          ref={grid}
          count={total ?? 0}
          minTileWidth={tileSize}
          captionHeight={CAPTION}
          gap={GAP}
          label="Items of the case, new material first"
          activeId={total ? tileId(focus) : undefined}
          multiselectable
          onRange={onRange}
          onLayout={onLayout}
          onKeyDown={onKeyDown}
          renderTile={(index, box) => (
            <Tile
              key={index}
              index={index}
              total={total ?? 0}
              card={cache.item(index)}
              selected={index === focus}
              picked={selection.picked.has(index)}
              groupStart={groupStartAt(cache, index)}
              {...box}
              onClick={onTileClick}
              onOpen={onTileOpen}
            />
          )}
        />
      )}
      {open !== null && total !== null && (
        <Viewer
          items={cache}
          index={open}
          focusRegion={null}
          total={total}
          onMove={moveViewer}
          onClose={closeViewer}
          onChanged={() => {
            cache.refresh();
            onChanged();
          }}
          onShow={(filter) => {
            setOpen(null);
            onNarrow(filter);
          }}
        />
      )}
      {tagging && (
        <TagDialog
          count={tagging.length}
          onClose={() => {
            setTagging(null);
            grid.current?.focus();
          }}
          onApply={(tag, remove) => {
            const indices = tagging;
            setTagging(null);
            grid.current?.focus();
            void act((ids) => tagItems(ids, tag, remove), indices);
          }}
        />
      )}
    </section>
  );
}

/** The group label when the item at `index` starts a new group in this order, else null. */
function groupStartAt(cache: PageCache, index: number): string | null {
  const group = cache.item(index)?.group;
  if (group === null || group === undefined) return null;
  return index === 0 || cache.item(index - 1)?.group !== group ? group : null;
}
