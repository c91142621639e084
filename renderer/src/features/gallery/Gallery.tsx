// The gallery: a virtual grid over the case in the order and filter the toolbar asks for, with a
// keyboard-first selection (arrows, Home/End, PageUp/PageDown, Enter opens the viewer).
import { useCallback, useEffect, useMemo, useReducer, useRef, useState, type KeyboardEvent } from 'react';
import { count } from '../../ui/format.js';
import { Viewer } from '../viewer/Viewer.js';
import { PageCache, type GalleryQuery } from './page-cache.js';
import { Tile, tileId } from './Tile.js';
import { VirtualGrid, type GridLayout, type VirtualGridHandle } from './VirtualGrid.js';

interface Props {
  query: GalleryQuery;
  tileSize: number;
}

const CAPTION = 40;
const GAP = 12;

export function Gallery({ query, tileSize }: Props) {
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  // A new cache for every query: pages of another filter or sort can never be shown.
  const cache = useMemo(() => new PageCache(query, redraw), [query]);
  const [selected, setSelected] = useState(0);
  const [open, setOpen] = useState<number | null>(null);
  const grid = useRef<VirtualGridHandle>(null);
  const layout = useRef<GridLayout>({ columns: 1, tileWidth: tileSize, rowHeight: tileSize });
  const total = cache.total;

  useEffect(() => {
    setSelected(0);
    cache.ensure(0, 0);
  }, [cache]);

  const select = useCallback((index: number) => {
    setSelected(index);
    grid.current?.scrollToIndex(index);
  }, []);

  const onRange = useCallback((first: number, last: number) => cache.ensure(first, last), [cache]);
  const onLayout = useCallback((l: GridLayout) => {
    layout.current = l;
  }, []);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (!total) return;
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
    if (event.key === 'Enter') {
      event.preventDefault();
      if (cache.item(selected)) setOpen(selected);
      return;
    }
    const move = moves[event.key];
    if (move === undefined) return;
    event.preventDefault();
    select(Math.min(total - 1, Math.max(0, selected + move)));
  }

  const closeViewer = useCallback(() => {
    setOpen(null);
    // Back to the grid, on the item the viewer was showing.
    requestAnimationFrame(() => grid.current?.focus());
  }, []);

  const moveViewer = useCallback(
    (index: number) => {
      setOpen(index);
      select(index);
    },
    [select],
  );

  return (
    <section className="gallery" aria-label="Gallery">
      <div className="gallery-status" role="status">
        {cache.error ? <span className="error-text">{cache.error}</span> : total === null ? 'Loading…' : total === 0 ? '' : `${count(total)} items`}
        {total !== null && total > 0 && <span className="muted"> · item {count(selected + 1)} selected · Enter opens · arrows move</span>}
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
          activeId={total ? tileId(selected) : undefined}
          onRange={onRange}
          onLayout={onLayout}
          onKeyDown={onKeyDown}
          renderTile={(index, box) => (
            <Tile
              key={index}
              index={index}
              total={total ?? 0}
              card={cache.item(index)}
              selected={index === selected}
              {...box}
              onSelect={select}
              onOpen={setOpen}
            />
          )}
        />
      )}
      {open !== null && total !== null && <Viewer cache={cache} index={open} total={total} onMove={moveViewer} onClose={closeViewer} />}
    </section>
  );
}
