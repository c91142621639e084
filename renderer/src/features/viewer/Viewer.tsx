// The viewer: one item large — zoom, pan, clue regions drawn and marked on it — with its review
// (category, tags), its regions, similar images and metadata beside it. ←/→ previous/next, Esc
// back. A known item's image is the engine's blurred render: this page never has its pixels
// unless a recorded reveal is in force.
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { ItemCard, ItemDetail } from '../../../../shared/api/gallery-model.js';
import { api, imageUrl } from '../../api/client.js';
import { count } from '../../ui/format.js';
import { categoriseItems, tagItems, type ActionOutcome } from '../review/actions.js';
import { TagDialog } from '../review/TagDialog.js';
import { MetadataPanel } from './MetadataPanel.js';
import { RegionPanel, type RegionDraft } from './RegionPanel.js';
import { ReviewPanel } from './ReviewPanel.js';
import { RevealForm } from './RevealForm.js';
import { SimilarStrip } from './SimilarStrip.js';
import { ZoomStage, type Rect, type ZoomStageHandle } from './ZoomStage.js';

/** What the viewer steps through: the gallery's pages, or the clue board's list. */
export interface ItemSource {
  item(index: number): ItemCard | undefined;
  ensure(first: number, last: number): void;
}

interface Props {
  items: ItemSource;
  index: number;
  total: number;
  /** A region to zoom to and select when the item opens (from the clue board). */
  focusRegion: number | null;
  onMove(index: number): void;
  onClose(): void;
  /** The item's category or tags changed: lists showing it should reload. */
  onChanged(): void;
  /** Narrow the gallery to this item's folder or near-duplicate cluster (from the gallery only). */
  onShow?: (filter: { folder: string } | { cluster: number }) => void;
}

export function Viewer({ items, index, total, focusRegion, onMove, onClose, onChanged, onShow }: Props) {
  const listed = items.item(index);
  // An item opened from "similar images" is shown on its own until the examiner moves on.
  const [detachedId, setDetachedId] = useState<number | null>(null);
  const itemId = detachedId ?? listed?.id ?? null;
  const [detail, setDetail] = useState<ItemDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  // detailRev reloads the item's detail (after a category, tag or region change); imageRev also
  // fetches the image again (after a reveal, when the engine starts serving the real pixels).
  const [detailRev, setDetailRev] = useState(0);
  const [imageRev, setImageRev] = useState(0);
  const [marking, setMarking] = useState(false);
  const [draft, setDraft] = useState<RegionDraft | null>(null);
  const [tagging, setTagging] = useState(false);
  const [outcome, setOutcome] = useState<ActionOutcome | null>(null);
  const [regionFocus, setRegionFocus] = useState<number | null>(focusRegion);
  const root = useRef<HTMLDivElement>(null);
  const stage = useRef<ZoomStageHandle>(null);
  const card = detail?.card.id === itemId ? detail.card : detachedId === null ? listed : undefined;

  useEffect(() => {
    root.current?.focus();
  }, []);

  const reload = useCallback(() => setDetailRev((r) => r + 1), []);
  const onRevealed = useCallback(() => {
    setImageRev((r) => r + 1);
    setDetailRev((r) => r + 1);
  }, []);

  useEffect(() => {
    items.ensure(index - 1, index + 1);
    if (itemId === null) return;
    let live = true;
    setError(null);
    void api['item:get']({ id: itemId }).then((r) => {
      if (!live) return;
      if (r.ok) setDetail(r.value);
      else setError(r.error.message);
    });
    return () => {
      live = false;
    };
  }, [items, index, itemId, detailRev]);

  // Each item opens on the region it was opened for (the clue board steps from clue to clue).
  useEffect(() => setRegionFocus(focusRegion), [index, focusRegion]);

  const move = (to: number) => {
    setDetachedId(null);
    setDraft(null);
    setMarking(false);
    setOutcome(null);
    onMove(to);
  };

  const act = async (run: Promise<ActionOutcome>) => {
    const result = await run;
    setOutcome(result);
    if (result.ok) {
      reload();
      onChanged();
    }
  };

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if ((event.target as HTMLElement).closest('textarea, input, select, button, .dialog') || event.ctrlKey || event.metaKey || event.altKey) return;
    const key = event.key;
    if (key === 'Escape') {
      if (marking || draft) {
        setMarking(false);
        setDraft(null);
      } else onClose();
    } else if (key === 'ArrowRight' && index + 1 < total) move(index + 1);
    else if (key === 'ArrowLeft' && index > 0) move(index - 1);
    else if (key === '+' || key === '=') stage.current?.zoomBy(1.25);
    else if (key === '-') stage.current?.zoomBy(0.8);
    else if (key === 'f' || key === 'F') stage.current?.reset();
    else if (/^[0-9]$/.test(key) && card) void act(categoriseItems([card.id], Number(key)));
    else if ((key === 'Backspace' || key === 'Delete') && card) void act(categoriseItems([card.id], null));
    else if ((key === 'r' || key === 'R') && card?.hasImage) setMarking((m) => !m);
    else if ((key === 't' || key === 'T') && card) setTagging(true);
    else return;
    event.preventDefault();
  }

  const onMarked = (rect: Rect) => {
    setMarking(false);
    setDraft({ rect, region: null });
  };

  const known = card?.knownStatus === 'known';
  const blurred = known && !detail?.reveal;
  const regions = detail && detail.card.id === itemId ? detail.regions : [];
  const zoomTo = regionFocus !== null ? regions.find((r) => r.id === regionFocus) ?? null : null;
  return (
    <div ref={root} className="viewer" role="dialog" aria-modal="true" aria-label={card ? `Viewer: ${card.name}` : 'Viewer'} tabIndex={-1} onKeyDown={onKeyDown}>
      <header className="viewer-bar">
        <button type="button" onClick={onClose} aria-label="Back (Esc)">
          ← Back
        </button>
        <span className="viewer-title" title={card?.name}>
          {card?.name ?? 'Loading…'}
        </span>
        <span className="muted">{detachedId === null ? `${count(index + 1)} of ${count(total)}` : 'similar image'}</span>
        <div className="segmented" role="group" aria-label="Zoom">
          <button type="button" onClick={() => stage.current?.zoomBy(0.8)} aria-label="Zoom out (−)">−</button>
          <button type="button" onClick={() => stage.current?.reset()} aria-label="Fit to the window (F)">Fit</button>
          <button type="button" onClick={() => stage.current?.zoomBy(1.25)} aria-label="Zoom in (+)">+</button>
        </div>
        <button type="button" aria-pressed={marking} disabled={!card?.hasImage} onClick={() => setMarking((m) => !m)} className={marking ? 'primary' : undefined}>
          {marking ? 'Drag over the clue…' : 'Mark clue (R)'}
        </button>
        <button type="button" onClick={() => move(index - 1)} disabled={index === 0} aria-label="Previous item (←)">
          ‹ Prev
        </button>
        <button type="button" onClick={() => move(index + 1)} disabled={index + 1 >= total} aria-label="Next item (→)">
          Next ›
        </button>
      </header>
      <div className="viewer-body">
        <div className="viewer-stage">
          {known && (
            <div className={`known-notice${blurred ? '' : ' is-revealed'}`} role="note">
              {blurred
                ? `Known material (${card?.category?.label ?? 'uncategorised'}) — shown blurred by the engine.`
                : `Revealed until ${detail?.reveal?.expiresAt.replace('T', ' ').slice(0, 19)} UTC — recorded in the audit log.`}
            </div>
          )}
          {card?.hasImage ? (
            <ZoomStage
              ref={stage}
              src={imageUrl('full', card.id, imageRev)}
              alt={blurred ? 'Blurred known item' : `Image ${card.name}`}
              regions={regions}
              highlighted={draft?.region?.id ?? regionFocus}
              marking={marking}
              onMarked={onMarked}
              onPickRegion={(id) => {
                const region = regions.find((r) => r.id === id);
                if (region) setDraft({ rect: region, region });
              }}
              zoomTo={zoomTo}
            />
          ) : (
            <div className="empty-state">{card ? noImageReason(card) : error ?? 'Loading…'}</div>
          )}
          {known && blurred && card && <RevealForm itemId={card.id} onRevealed={onRevealed} />}
        </div>
        <aside className="viewer-panel" aria-label="Review and metadata">
          {outcome && (
            <p className={outcome.ok ? 'outcome' : 'error-text'} role={outcome.ok ? 'status' : 'alert'}>
              {outcome.message}
            </p>
          )}
          {error ? (
            <p className="error-text">{error}</p>
          ) : detail && detail.card.id === itemId ? (
            <>
              <ReviewPanel
                detail={detail}
                onCategory={(code) => void act(categoriseItems([detail.card.id], code))}
                onTag={() => setTagging(true)}
                onUntag={(tag) => void act(tagItems([detail.card.id], tag, true))}
              />
              <RegionPanel
                itemId={detail.card.id}
                regions={detail.regions}
                draft={draft}
                onDraft={(d) => {
                  setDraft(d);
                  if (!d) root.current?.focus();
                }}
                onSaved={(id) => {
                  setDraft(null);
                  root.current?.focus();
                  setRegionFocus(id);
                  reload();
                  onChanged();
                }}
              />
              <SimilarStrip itemId={detail.card.id} onOpenItem={(id) => setDetachedId(id)} />
              {onShow && (
                <div className="show-in-gallery" role="group" aria-label="Show in the gallery">
                  <button type="button" onClick={() => onShow({ folder: detail.card.folder })} disabled={!detail.card.folder}>
                    Only this folder
                  </button>
                  <button type="button" onClick={() => detail.cluster && onShow({ cluster: detail.cluster.id })} disabled={!detail.cluster}>
                    Only this cluster{detail.cluster ? ` (${detail.cluster.size})` : ''}
                  </button>
                </div>
              )}
              <MetadataPanel detail={detail} />
            </>
          ) : (
            <p className="muted">Loading…</p>
          )}
        </aside>
      </div>
      {tagging && card && (
        <TagDialog
          count={1}
          onClose={() => {
            setTagging(false);
            root.current?.focus();
          }}
          onApply={(tag, remove) => {
            setTagging(false);
            root.current?.focus();
            void act(tagItems([card.id], tag, remove));
          }}
        />
      )}
    </div>
  );
}

/** Why the viewer shows no picture: a video not in Motion-JPEG; a failed image says why in its panel. */
function noImageReason(card: { mime: string | null; status: string }): string {
  if (card.mime?.startsWith('video/')) return 'A video in a codec Lanterne does not decode (only Motion-JPEG, from its first frame): its device, date and place are in the panel.';
  if (card.status === 'failed') return 'This image could not be decoded; the panel says why.';
  return 'This file has no viewable image.';
}
