// Similar images: the item's near-duplicate cluster (PDQ, rotations and mirrors included), nearest
// first, as thumbnails from the engine — blurred there when known — and the hash-set hits.
import { useEffect, useState } from 'react';
import type { SimilarItems } from '../../../../shared/api/gallery-model.js';
import { api, imageUrl } from '../../api/client.js';

export function SimilarStrip({ itemId, onOpenItem }: { itemId: number; onOpenItem(id: number): void }) {
  const [similar, setSimilar] = useState<SimilarItems | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setSimilar(null);
    void api['item:similar']({ id: itemId }).then((r) => {
      if (!live) return;
      if (r.ok) setSimilar(r.value);
      else setError(r.error.message);
    });
    return () => {
      live = false;
    };
  }, [itemId]);

  if (error) return <p className="error-text">{error}</p>;
  if (!similar) return <p className="muted">Looking for similar images…</p>;
  return (
    <section className="similar" aria-label="Similar images">
      <h3>Similar images</h3>
      {similar.neighbours.length === 0 ? (
        <p className="muted">No near-duplicates of this image in the case.</p>
      ) : (
        <ul className="similar-list">
          {similar.neighbours.map(({ card, distance }) => (
            <li key={card.id}>
              <button
                type="button"
                className={`similar-tile${card.knownStatus === 'known' ? ' is-known' : ''}`}
                data-item-id={card.id}
                data-known={card.knownStatus}
                onClick={() => onOpenItem(card.id)}
                aria-label={`${card.name}${card.knownStatus === 'known' ? ', known material' : ''}, PDQ distance ${distance ?? 'unknown'}`}
              >
                {card.hasImage ? <img src={imageUrl('thumb', card.id)} alt="" /> : <span className="tile-type">no image</span>}
                <span className="similar-distance">{distance === null ? '—' : `Δ ${distance}`}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {similar.more > 0 && <p className="muted">and {similar.more} more in the cluster.</p>}
    </section>
  );
}
