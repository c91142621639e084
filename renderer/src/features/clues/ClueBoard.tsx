// The clue board: every region marked in the case as a cropped tile, grouped by what it shows —
// the wall of backgrounds, objects, signs and logos a victim-identification team works from.
// Crops come from the engine's blur-enforcing render (a known item's region is blurred there);
// clicking one opens its image in the viewer, zoomed to that region.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ClueTile, CluePage } from '../../../../shared/api/gallery-model.js';
import { REGION_TYPE_LABELS, REGION_TYPES, type RegionType } from '../../../../shared/review.js';
import { api, regionImageUrl } from '../../api/client.js';
import { count, plural } from '../../ui/format.js';
import { Viewer, type ItemSource } from '../viewer/Viewer.js';

const PAGE = 200;

export function ClueBoard({ onChanged }: { onChanged(): void }) {
  const [types, setTypes] = useState<RegionType[]>([...REGION_TYPES]);
  const [clues, setClues] = useState<ClueTile[]>([]);
  const [page, setPage] = useState<Pick<CluePage, 'total' | 'byType'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  const [rev, setRev] = useState(0);

  const load = useCallback(
    async (offset: number) => {
      const result = await api['regions:list']({ types, offset, limit: PAGE });
      if (!result.ok) return setError(result.error.message);
      setError(null);
      setPage({ total: result.value.total, byType: result.value.byType });
      setClues((old) => (offset === 0 ? result.value.clues : [...old, ...result.value.clues]));
    },
    [types],
  );
  useEffect(() => {
    void load(0);
  }, [load, rev]);

  // The viewer steps through the board's clues in board order.
  const source = useMemo<ItemSource>(() => ({ item: (i) => clues[i]?.card, ensure: () => undefined }), [clues]);
  const groups = REGION_TYPES.map((type) => ({ type, clues: clues.map((c, index) => ({ c, index })).filter(({ c }) => c.region.type === type) })).filter((g) => g.clues.length);
  const perType = new Map(page?.byType.map((b) => [b.type, b.regions]));
  const toggleType = (type: RegionType) =>
    setTypes((t) => (t.length === REGION_TYPES.length ? [type] : t.includes(type) ? (t.length === 1 ? [...REGION_TYPES] : t.filter((x) => x !== type)) : [...t, type]));

  return (
    <section className="clue-board" aria-label="Clue board">
      <div className="toolbar" role="toolbar" aria-label="Clue types">
        <span className="muted">{page ? plural(page.total, 'clue region') : 'Loading…'}</span>
        <div className="chip-row" role="group" aria-label="Show clue types">
          {REGION_TYPES.map((type) => (
            <button key={type} type="button" className="chip" aria-pressed={types.length < REGION_TYPES.length && types.includes(type)} onClick={() => toggleType(type)}>
              <span className={`region-dot region-${type}`} aria-hidden="true" /> {REGION_TYPE_LABELS[type]} <span className="muted">{count(perType.get(type) ?? 0)}</span>
            </button>
          ))}
        </div>
      </div>
      {error && <p className="error-text" role="alert">{error}</p>}
      <div className="clue-scroll">
        {page && page.total === 0 ? (
          <div className="empty-state">
            <p>No clue regions yet.</p>
            <p className="muted">Open an image, press R (or “Mark clue”) and drag over a background, an object, a sign or a logo.</p>
          </div>
        ) : (
          groups.map((g) => (
            <section key={g.type} className="clue-group" aria-label={REGION_TYPE_LABELS[g.type]}>
              <h2>
                <span className={`region-dot region-${g.type}`} aria-hidden="true" /> {REGION_TYPE_LABELS[g.type]} <span className="muted">{count(perType.get(g.type) ?? g.clues.length)}</span>
              </h2>
              <ul className="clue-grid">
                {g.clues.map(({ c, index }) => (
                  <li key={c.region.id}>
                    <button
                      type="button"
                      className={`clue-tile${c.card.knownStatus === 'known' ? ' is-known' : ''}`}
                      data-region-id={c.region.id}
                      data-known={c.card.knownStatus}
                      onClick={() => setOpen(index)}
                      aria-label={`${REGION_TYPE_LABELS[c.region.type]}${c.region.label ? `: ${c.region.label}` : ''}, on ${c.card.name}${c.card.knownStatus === 'known' ? ', known material (blurred)' : ''}`}
                    >
                      <span className="clue-image">
                        <img src={regionImageUrl(c.region.id, rev)} alt="" loading="lazy" />
                      </span>
                      <span className="clue-label bidi-isolate">{c.region.label || REGION_TYPE_LABELS[c.region.type]}</span>
                      <span className="clue-item bidi-isolate">{c.card.name}</span>
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          ))
        )}
        {page && clues.length < page.total && (
          <div className="load-more">
            <button type="button" onClick={() => void load(clues.length)}>
              Show more ({count(page.total - clues.length)} left)
            </button>
          </div>
        )}
      </div>
      {open !== null && clues[open] && (
        <Viewer
          items={source}
          index={open}
          total={clues.length}
          focusRegion={clues[open]!.region.id}
          onMove={setOpen}
          onClose={() => {
            setOpen(null);
            setRev((r) => r + 1);
          }}
          onChanged={onChanged}
        />
      )}
    </section>
  );
}
