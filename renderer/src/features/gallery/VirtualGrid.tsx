// A virtualized grid written for one job: only the rows in view (plus a little overscan) are in
// the DOM, whatever the count. The rows in view sit in one "window" element moved to where they
// belong. A tile's position inside the window is counted from an anchor row that moves only
// every ANCHOR_ROWS rows, so scrolling re-renders one transform and mounts the tiles of rows
// coming into view — not every tile at each row (tiles are memoised on plain-number props).
//
// Browsers cap an element's height (Chromium near 2^25 px), which a 10^6-item grid passes. Past
// MAX_SCROLL_HEIGHT the scrollbar is scaled: dragging it maps its position linearly onto the
// real rows, while the wheel and the keyboard move the content by real pixels (the grid handles
// the wheel itself then), so reading speed does not depend on the size of the case.
import { flushSync } from 'react-dom';
import { forwardRef, useCallback, useEffect, useImperativeHandle, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode, type UIEvent } from 'react';
import { noteGridScroll } from './grid-motion.js';

const MAX_SCROLL_HEIGHT = 8_000_000;
const OVERSCAN_ROWS = 2;
/** Tiles keep their props (and so are not re-rendered) while the first row stays within one such run. */
const ANCHOR_ROWS = 64;
const LINE_PX = 40;

export interface GridLayout {
  columns: number;
  tileWidth: number;
  rowHeight: number;
}

export interface TileBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface VirtualGridHandle {
  scrollToIndex(index: number): void;
  focus(): void;
}

interface Props {
  count: number;
  minTileWidth: number;
  /** Height of the caption under the square image. */
  captionHeight: number;
  gap: number;
  label: string;
  /** The listbox lets several items be selected (aria-multiselectable). */
  multiselectable?: boolean;
  activeId: string | undefined;
  onRange(first: number, last: number): void;
  onLayout(layout: GridLayout): void;
  onKeyDown(event: KeyboardEvent<HTMLDivElement>): void;
  /** A tile at (x, y) inside the window of visible rows. */
  renderTile(index: number, box: TileBox): ReactNode;
}

export const VirtualGrid = forwardRef<VirtualGridHandle, Props>(function VirtualGrid(props, ref) {
  const { count, minTileWidth, captionHeight, gap, onRange, onLayout } = props;
  const box = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  // scrollTop: the element's; virtualTop: the real pixel offset shown at the top of the view.
  const [pos, setPos] = useState({ scrollTop: 0, virtualTop: 0 });
  const ownScroll = useRef<number | null>(null);

  useLayoutEffect(() => {
    const el = box.current!;
    const observer = new ResizeObserver(() => setSize({ width: el.clientWidth, height: el.clientHeight }));
    observer.observe(el);
    setSize({ width: el.clientWidth, height: el.clientHeight });
    return () => observer.disconnect();
  }, []);

  const columns = Math.max(1, Math.floor((size.width - gap) / (minTileWidth + gap)));
  const tileWidth = Math.max(1, Math.floor((size.width - gap * (columns + 1)) / columns));
  const rowHeight = tileWidth + captionHeight + gap;
  const rows = Math.ceil(count / columns);
  const realHeight = rows * rowHeight + gap;
  const scrollHeight = Math.min(realHeight, MAX_SCROLL_HEIGHT);
  // How many real pixels one scrollbar pixel stands for (1 until the cap is reached).
  const ratio = scrollHeight > size.height ? Math.max(1, (realHeight - size.height) / (scrollHeight - size.height)) : 1;
  const maxTop = Math.max(0, realHeight - size.height);
  const virtualTop = Math.min(pos.virtualTop, maxTop);
  const firstRow = Math.max(0, Math.floor((virtualTop - gap) / rowHeight) - OVERSCAN_ROWS);
  const lastRow = Math.min(rows - 1, Math.floor((virtualTop + size.height) / rowHeight) + OVERSCAN_ROWS);

  useEffect(() => {
    onLayout({ columns, tileWidth, rowHeight });
  }, [columns, tileWidth, rowHeight, onLayout]);
  useEffect(() => {
    if (size.height > 0 && count > 0) onRange(firstRow * columns, Math.min(count - 1, (lastRow + 1) * columns - 1));
  }, [firstRow, lastRow, columns, count, size.height, onRange]);

  /** Shows the real offset `top` at the top of the view, moving the scrollbar to match. */
  const scrollToReal = useCallback(
    (top: number) => {
      const el = box.current;
      if (!el) return;
      const target = Math.max(0, Math.min(top, maxTop));
      ownScroll.current = target / ratio;
      el.scrollTop = target / ratio;
      setPos({ scrollTop: el.scrollTop, virtualTop: ratio === 1 ? el.scrollTop : target });
    },
    [maxTop, ratio],
  );

  // The wheel moves real pixels when the scrollbar is scaled; a passive React listener could not stop the native scroll.
  const wheel = useRef({ ratio, virtualTop, scrollToReal });
  wheel.current = { ratio, virtualTop, scrollToReal };
  useEffect(() => {
    const el = box.current!;
    const onWheel = (event: WheelEvent) => {
      noteGridScroll();
      const { ratio: r, virtualTop: top, scrollToReal: go } = wheel.current;
      if (r === 1 || event.ctrlKey) return;
      event.preventDefault();
      const unit = event.deltaMode === 1 ? LINE_PX : event.deltaMode === 2 ? el.clientHeight : 1;
      flushSync(() => go(top + event.deltaY * unit));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, []);

  // Rendered at once (flushSync), not in a later task: the browser fires scroll events just before
  // it paints, so the rows for the new position are in this frame — never a frame of the old rows
  // scrolled out of view, which on a dragged scrollbar is an empty grid.
  function onScroll(event: UIEvent<HTMLDivElement>) {
    noteGridScroll();
    const scrollTop = event.currentTarget.scrollTop;
    if (ownScroll.current !== null && Math.abs(scrollTop - ownScroll.current) < 2) {
      ownScroll.current = null;
      // Usually already rendered where scrollToReal put it: the same state object, no render.
      flushSync(() => setPos((p) => (p.scrollTop === scrollTop ? p : { scrollTop, virtualTop: p.virtualTop })));
    } else {
      // The scrollbar was dragged (or the page scrolled it): map its position onto the real rows.
      ownScroll.current = null;
      flushSync(() => setPos({ scrollTop, virtualTop: scrollTop * ratio }));
    }
  }

  const scrollToIndex = useCallback(
    (index: number) => {
      const top = Math.floor(index / columns) * rowHeight;
      if (top < virtualTop) scrollToReal(top);
      else if (top + rowHeight + gap > virtualTop + size.height) scrollToReal(top + rowHeight + gap - size.height);
    },
    [columns, rowHeight, gap, virtualTop, size.height, scrollToReal],
  );
  useImperativeHandle(ref, () => ({ scrollToIndex, focus: () => box.current?.focus() }), [scrollToIndex]);

  const anchorRow = firstRow - (firstRow % ANCHOR_ROWS);
  const tiles: ReactNode[] = [];
  for (let row = firstRow; row <= lastRow; row++) {
    for (let col = 0; col < columns; col++) {
      const index = row * columns + col;
      if (index >= count) break;
      tiles.push(props.renderTile(index, { x: gap + col * (tileWidth + gap), y: (row - anchorRow) * rowHeight, width: tileWidth, height: tileWidth + captionHeight }));
    }
  }
  // Where the anchor row is drawn, in content scrolled by scrollTop (its real position when unscaled).
  const windowY = pos.scrollTop + anchorRow * rowHeight - virtualTop + gap;

  return (
    <div
      ref={box}
      className="vgrid"
      role="listbox"
      aria-label={props.label}
      aria-multiselectable={props.multiselectable || undefined}
      aria-activedescendant={props.activeId}
      tabIndex={0}
      onKeyDown={props.onKeyDown}
      onScroll={onScroll}
    >
      <div className="vgrid-space" style={{ height: scrollHeight }}>
        <div className="vgrid-window" style={{ transform: `translateY(${windowY}px)` }}>
          {tiles}
        </div>
      </div>
    </div>
  );
});
