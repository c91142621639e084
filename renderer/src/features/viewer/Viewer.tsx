// The viewer: one item large, its metadata beside it; ←/→ for previous/next, Esc back to the
// grid. A known item's image is the engine's blurred render: this page never has its pixels
// unless a recorded reveal is in force.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { ItemDetail } from '../../../../shared/api/gallery-model.js';
import { api, imageUrl } from '../../api/client.js';
import { count } from '../../ui/format.js';
import type { PageCache } from '../gallery/page-cache.js';
import { MetadataPanel } from './MetadataPanel.js';
import { RevealForm } from './RevealForm.js';

interface Props {
  cache: PageCache;
  index: number;
  total: number;
  onMove(index: number): void;
  onClose(): void;
}

export function Viewer({ cache, index, total, onMove, onClose }: Props) {
  const card = cache.item(index);
  const [detail, setDetail] = useState<ItemDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [rev, setRev] = useState(0);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    root.current?.focus();
  }, []);
  useEffect(() => {
    cache.ensure(index - 1, index + 1);
    if (!card) return;
    let live = true;
    setDetail(null);
    setError(null);
    void api['item:get']({ id: card.id }).then((r) => {
      if (!live) return;
      if (r.ok) setDetail(r.value);
      else setError(r.error.message);
    });
    return () => {
      live = false;
    };
  }, [cache, card, index, rev]);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if ((event.target as HTMLElement).closest('textarea, input, button')) return;
    if (event.key === 'Escape') onClose();
    else if (event.key === 'ArrowRight' && index + 1 < total) onMove(index + 1);
    else if (event.key === 'ArrowLeft' && index > 0) onMove(index - 1);
    else return;
    event.preventDefault();
  }

  const known = card?.knownStatus === 'known';
  const blurred = known && !detail?.reveal;
  return (
    <div ref={root} className="viewer" role="dialog" aria-modal="true" aria-label={card ? `Viewer: ${card.name}` : 'Viewer'} tabIndex={-1} onKeyDown={onKeyDown}>
      <header className="viewer-bar">
        <button type="button" onClick={onClose} aria-label="Back to the gallery (Esc)">
          ← Gallery
        </button>
        <span className="viewer-title" title={card?.name}>
          {card?.name ?? 'Loading…'}
        </span>
        <span className="muted">
          {count(index + 1)} of {count(total)}
        </span>
        <button type="button" onClick={() => onMove(index - 1)} disabled={index === 0} aria-label="Previous item (←)">
          ‹ Prev
        </button>
        <button type="button" onClick={() => onMove(index + 1)} disabled={index + 1 >= total} aria-label="Next item (→)">
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
            <img key={`${card.id}-${rev}`} className="viewer-image" src={imageUrl('full', card.id, rev)} alt={blurred ? 'Blurred known item' : `Image ${card.name}`} />
          ) : (
            <div className="empty-state">{card ? 'This file has no viewable image.' : 'Loading…'}</div>
          )}
          {known && blurred && card && <RevealForm itemId={card.id} onRevealed={() => setRev((r) => r + 1)} />}
        </div>
        <aside className="viewer-panel" aria-label="Metadata">
          {error ? <p className="error-text">{error}</p> : detail ? <MetadataPanel detail={detail} /> : <p className="muted">Loading metadata…</p>}
        </aside>
      </div>
    </div>
  );
}
