// One gallery tile. Every string on it came from seized files: names are rendered as text only
// (React escapes them) and isolated for bidi, so a right-to-left override cannot reorder the UI.
import { memo, useEffect, useState, type MouseEvent } from 'react';
import type { ItemCard } from '../../../../shared/api/gallery-model.js';
import { imageUrl } from '../../api/client.js';
import { categoryShort } from '../../ui/format.js';
import { gridIsStill, SETTLE_MS } from './grid-motion.js';

interface Props {
  index: number;
  total: number;
  card: ItemCard | undefined;
  /** The keyboard focus (the item actions apply to when nothing is picked). */
  selected: boolean;
  /** Part of the multi-selection bulk actions apply to. */
  picked: boolean;
  /** The group this tile starts (cluster, camera, day, folder), when the order groups and it is the first of it. */
  groupStart: string | null;
  x: number;
  y: number;
  width: number;
  height: number;
  onClick(index: number, event: MouseEvent): void;
  onOpen(index: number): void;
}

export const tileId = (index: number) => `tile-${index}`;

/**
 * A thumbnail still loading when its tile leaves (scrolled past, another filter) is cancelled:
 * the browser has six connections to the bridge, and the next page of cards must not wait
 * behind images nobody will see.
 */
function abortOnDetach(img: HTMLImageElement | null) {
  if (!img) return;
  return () => {
    if (!img.complete) img.removeAttribute('src');
  };
}



const TYPE_NAMES: Record<string, string> = { 'text/plain': 'text', 'application/octet-stream': 'binary', 'application/vnd.sqlite3': 'sqlite' };

/** A short type name from the sniffed MIME type (never from the file's own extension). */
function typeLabel(card: ItemCard): string {
  if (!card.mime) return 'file';
  const sub = card.mime.split('/')[1] ?? '';
  return TYPE_NAMES[card.mime] ?? (sub.replace(/^x-/, '').replace(/^vnd\.[a-z]+\./, '').slice(0, 12) || 'file');
}

function describe(card: ItemCard): string {
  const yours = card.examinerCategory ? `, your category ${card.examinerCategory.label}` : '';
  if (card.knownStatus === 'known') return `${card.name}, known material, ${card.category?.label ?? 'uncategorised'}${yours}`;
  if (card.knownStatus === 'ignorable') return `${card.name}, ignorable${yours}`;
  return `${card.name}, new${card.status === 'failed' ? ', failed to process' : ''}${yours}`;
}

export const Tile = memo(function Tile({ index, total, card, selected, picked, groupStart, x, y, width, height, onClick, onOpen }: Props) {
  // A thumbnail the engine cannot give (missing from the store, evidence gone) shows as its type, not a broken image.
  const [failed, setFailed] = useState(false);
  // A tile that only flies past during a fast scroll never asks for its thumbnail: the request,
  // the engine's render (a blur for known items) and the decode are spent on tiles that stay.
  // A tile mounted while the grid is still (opening the case, a filter change) loads at once.
  const [settled, setSettled] = useState(gridIsStill);
  useEffect(() => {
    if (settled) return;
    const timer = setTimeout(() => setSettled(true), SETTLE_MS);
    return () => clearTimeout(timer);
  }, []);
  const common = {
    id: tileId(index),
    role: 'option',
    'aria-selected': picked || selected,
    'aria-posinset': index + 1,
    'aria-setsize': total,
    // Its size is fixed: containment keeps a tile's layout and style work inside it as tiles come and go.
    style: { transform: `translate(${x}px, ${y}px)`, width, height, contain: 'layout style size' },
  } as const;
  if (!card) {
    return <div {...common} className="tile tile-loading" aria-label="Loading" />;
  }
  return (
    <div
      {...common}
      className={`tile${selected ? ' is-selected' : ''}${picked ? ' is-picked' : ''}${card.knownStatus === 'known' ? ' is-known' : ''}`}
      aria-label={describe(card)}
      data-item-id={card.id}
      data-known={card.knownStatus}
      onClick={(event) => onClick(index, event)}
      onDoubleClick={() => onOpen(index)}
    >
      <div className="tile-image">
        {groupStart !== null && (
          <span className="group-start" title={groupStart}>
            {groupStart || '—'}
          </span>
        )}
        {card.hasImage && !failed ? (
          settled && <img ref={abortOnDetach} src={imageUrl('thumb', card.id)} alt="" draggable={false} decoding="async" onError={() => setFailed(true)} />
        ) : (
          <span className="tile-type">{typeLabel(card)}</span>
        )}
        {card.knownStatus === 'known' && (
          <span className="badge badge-known" title={card.category?.label ?? 'uncategorised'}>
            known · {categoryShort(card.category?.code ?? null)}
          </span>
        )}
        {card.knownStatus === 'ignorable' && <span className="badge badge-ignorable">ignorable</span>}
        {card.status === 'failed' && <span className="badge badge-failed">failed</span>}
        {card.examinerCategory && (
          <span className="badge badge-examiner" title={`Your category: ${card.examinerCategory.label}`}>
            {categoryShort(card.examinerCategory.code)}
          </span>
        )}
        {picked && <span className="pick-mark" aria-hidden="true">✓</span>}
      </div>
      <div className="tile-caption">
        <span className="tile-name" title={card.name}>
          {card.name}
        </span>
        <span className="tile-meta">
          {card.width && card.height ? `${card.width}×${card.height}` : typeLabel(card)}
          {card.taken ? ` · ${card.taken.slice(0, 10)}` : ''}
        </span>
      </div>
    </div>
  );
});
