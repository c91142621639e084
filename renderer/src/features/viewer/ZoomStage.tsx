// The viewer's image: fit to the stage, zoom (wheel, + − 0) and pan (drag), with the item's clue
// regions drawn over it and, in marking mode, a rectangle the examiner drags out. Regions are in
// fractions of the image as displayed, so the overlay is laid out in percentages of a frame that
// has the image's own aspect ratio — zoom and pan move image and regions together.
import { forwardRef, useImperativeHandle, useLayoutEffect, useRef, useState, type PointerEvent, type WheelEvent } from 'react';
import { REGION_TYPE_LABELS, type Region } from '../../../../shared/review.js';

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface ZoomStageHandle {
  zoomBy(factor: number): void;
  reset(): void;
}

interface Props {
  src: string;
  alt: string;
  regions: Region[];
  highlighted: number | null;
  marking: boolean;
  /** A rectangle was dragged out in marking mode (fractions of the image). */
  onMarked(rect: Rect): void;
  onPickRegion(id: number): void;
  /** Zoom to this region once the image has loaded (opened from the clue board). */
  zoomTo: Rect | null;
}

const MAX_ZOOM = 12;
/** A drag shorter than this (fraction of the image) is a click, not a region. */
const MIN_REGION = 0.01;

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

export const ZoomStage = forwardRef<ZoomStageHandle, Props>(function ZoomStage(props, ref) {
  const { src, alt, regions, highlighted, marking, onMarked, onPickRegion, zoomTo } = props;
  const stage = useRef<HTMLDivElement>(null);
  const frame = useRef<HTMLDivElement>(null);
  const [stageSize, setStageSize] = useState({ width: 0, height: 0 });
  const [natural, setNatural] = useState<{ width: number; height: number } | null>(null);
  const [view, setView] = useState({ zoom: 1, panX: 0, panY: 0 });
  const [draft, setDraft] = useState<Rect | null>(null);
  const drag = useRef<{ kind: 'pan' | 'mark'; startX: number; startY: number; panX: number; panY: number; fx: number; fy: number } | null>(null);

  useLayoutEffect(() => {
    const el = stage.current!;
    const observer = new ResizeObserver(() => setStageSize({ width: el.clientWidth, height: el.clientHeight }));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // A new image starts fitted; a region to show is zoomed to once the image's size is known.
  useLayoutEffect(() => {
    setNatural(null);
    setView({ zoom: 1, panX: 0, panY: 0 });
  }, [src]);

  const fit = natural && stageSize.width ? Math.min(stageSize.width / natural.width, stageSize.height / natural.height) : 0;
  const frameW = natural ? natural.width * fit : 0;
  const frameH = natural ? natural.height * fit : 0;

  useLayoutEffect(() => {
    if (!zoomTo || !frameW) return;
    const zoom = clamp(Math.min(1 / Math.max(zoomTo.w, 0.02), 1 / Math.max(zoomTo.h, 0.02)) * 0.7, 1, MAX_ZOOM);
    const cx = (zoomTo.x + zoomTo.w / 2 - 0.5) * frameW;
    const cy = (zoomTo.y + zoomTo.h / 2 - 0.5) * frameH;
    setView({ zoom, panX: -cx * zoom, panY: -cy * zoom });
  }, [zoomTo, frameW, frameH]);

  useImperativeHandle(ref, () => ({
    zoomBy: (factor) => setView((v) => zoomAround(v, factor, 0, 0)),
    reset: () => setView({ zoom: 1, panX: 0, panY: 0 }),
  }));

  function zoomAround(v: typeof view, factor: number, ox: number, oy: number) {
    const zoom = clamp(v.zoom * factor, 1, MAX_ZOOM);
    const k = zoom / v.zoom;
    // Keep the point under (ox, oy) — offsets from the stage centre — where it was.
    return zoom === 1 ? { zoom, panX: 0, panY: 0 } : { zoom, panX: ox - (ox - v.panX) * k, panY: oy - (oy - v.panY) * k };
  }

  function onWheel(event: WheelEvent<HTMLDivElement>) {
    const rect = stage.current!.getBoundingClientRect();
    const ox = event.clientX - rect.left - rect.width / 2;
    const oy = event.clientY - rect.top - rect.height / 2;
    setView((v) => zoomAround(v, event.deltaY < 0 ? 1.2 : 1 / 1.2, ox, oy));
  }

  /** The pointer as fractions of the image, clamped inside it. */
  function fraction(event: PointerEvent): { fx: number; fy: number } {
    const rect = frame.current!.getBoundingClientRect();
    return { fx: clamp((event.clientX - rect.left) / rect.width, 0, 1), fy: clamp((event.clientY - rect.top) / rect.height, 0, 1) };
  }

  function onPointerDown(event: PointerEvent<HTMLDivElement>) {
    if (event.button !== 0 || !natural) return;
    const kind = marking ? 'mark' : view.zoom > 1 ? 'pan' : null;
    if (!kind) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { kind, startX: event.clientX, startY: event.clientY, panX: view.panX, panY: view.panY, ...fraction(event) };
  }

  function onPointerMove(event: PointerEvent<HTMLDivElement>) {
    const d = drag.current;
    if (!d) return;
    if (d.kind === 'pan') {
      setView((v) => ({ ...v, panX: d.panX + event.clientX - d.startX, panY: d.panY + event.clientY - d.startY }));
    } else {
      const { fx, fy } = fraction(event);
      setDraft({ x: Math.min(d.fx, fx), y: Math.min(d.fy, fy), w: Math.abs(fx - d.fx), h: Math.abs(fy - d.fy) });
    }
  }

  function onPointerUp() {
    const d = drag.current;
    drag.current = null;
    if (d?.kind === 'mark' && draft && draft.w >= MIN_REGION && draft.h >= MIN_REGION) {
      // Inside the image by construction; trimmed so x + w never passes 1 by rounding.
      onMarked({ x: draft.x, y: draft.y, w: Math.min(draft.w, 1 - draft.x), h: Math.min(draft.h, 1 - draft.y) });
    }
    setDraft(null);
  }

  const pct = (r: Rect) => ({ left: `${r.x * 100}%`, top: `${r.y * 100}%`, width: `${r.w * 100}%`, height: `${r.h * 100}%` });
  return (
    <div
      ref={stage}
      className={`zoom-stage${marking ? ' is-marking' : view.zoom > 1 ? ' is-pannable' : ''}`}
      onWheel={onWheel}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      data-zoom={view.zoom.toFixed(2)}
    >
      <div
        ref={frame}
        className="zoom-frame"
        // --zoom lets region outlines and labels keep their on-screen size at any zoom.
        style={{ width: frameW, height: frameH, transform: `translate(${view.panX}px, ${view.panY}px) scale(${view.zoom})`, ['--zoom' as string]: view.zoom }}
      >
        <img
          className="viewer-image"
          src={src}
          alt={alt}
          draggable={false}
          onLoad={(e) => setNatural({ width: e.currentTarget.naturalWidth, height: e.currentTarget.naturalHeight })}
        />
        {regions.map((r) => (
          <button
            key={r.id}
            type="button"
            className={`region-box region-${r.type}${r.id === highlighted ? ' is-highlighted' : ''}`}
            style={pct(r)}
            aria-label={`Clue region: ${REGION_TYPE_LABELS[r.type]}${r.label ? `, ${r.label}` : ''}`}
            onPointerDown={(e) => !marking && e.stopPropagation()}
            onClick={() => onPickRegion(r.id)}
          >
            <span className="region-tag">{r.label || REGION_TYPE_LABELS[r.type]}</span>
          </button>
        ))}
        {draft && <div className="region-box is-draft" style={pct(draft)} />}
      </div>
      {!natural && <div className="zoom-loading muted">Loading image…</div>}
    </div>
  );
});
