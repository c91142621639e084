// The gallery's controls: which items (status, type, GPS, the examiner's category, tag, clues,
// dates, path search), in which order or grouping, and how large. Every control is labelled for
// screen readers.
import { useEffect, useState } from 'react';
import type { CaseSummary, TagCount } from '../../../../shared/api/gallery-model.js';
import { api } from '../../api/client.js';
import type { GalleryQuery } from './page-cache.js';
import { CategoryOptions } from '../../ui/CategoryOptions.js';

type Filter = GalleryQuery['filter'];
type Sort = GalleryQuery['sort'];

interface Props {
  query: GalleryQuery;
  onQuery(query: GalleryQuery): void;
  tileSize: number;
  onTileSize(size: number): void;
  /** Reloaded after each change; the tag list follows it. */
  summary: CaseSummary | null;
}

const STATUS: { label: string; value: Filter['knownStatus'] }[] = [
  { label: 'All', value: undefined },
  { label: 'New', value: ['new'] },
  { label: 'Known', value: ['known'] },
  { label: 'Ignorable', value: ['ignorable'] },
];

const SORTS: { label: string; value: Sort }[] = [
  { label: 'New first', value: 'new-first' },
  { label: 'Date taken', value: 'taken' },
  { label: 'Path', value: 'path' },
  { label: 'Size', value: 'size' },
  { label: 'Group: near-duplicates', value: 'cluster' },
  { label: 'Group: camera', value: 'camera' },
];

export const TILE_SIZES = [{ label: 'S', px: 120 }, { label: 'M', px: 168 }, { label: 'L', px: 240 }] as const;

export function Toolbar({ query, onQuery, tileSize, onTileSize, summary }: Props) {
  const [text, setText] = useState(query.filter.text ?? '');
  const [tags, setTags] = useState<TagCount[]>([]);
  useEffect(() => {
    void api['tags:list']({}).then((r) => r.ok && setTags(r.value));
  }, [summary]);
  const set = (filter: Partial<Filter>) => onQuery({ ...query, filter: withoutUndefined({ ...query.filter, ...filter }) });

  // Search as the examiner types, once they pause: each change is a new SQL query.
  useEffect(() => {
    const timer = setTimeout(() => {
      if ((query.filter.text ?? '') !== text.trim()) set({ text: text.trim() || undefined });
    }, 250);
    return () => clearTimeout(timer);
  });

  const activeStatus = JSON.stringify(query.filter.knownStatus);
  return (
    <div className="toolbar" role="toolbar" aria-label="Gallery filters and order">
      <div className="segmented" role="group" aria-label="Known status">
        {STATUS.map((s) => (
          <button key={s.label} type="button" aria-pressed={JSON.stringify(s.value) === activeStatus} onClick={() => set({ knownStatus: s.value })}>
            {s.label}
          </button>
        ))}
      </div>
      <label className="field">
        <span className="sr-only">Search paths</span>
        <input type="search" placeholder="Search paths…" value={text} onChange={(e) => setText(e.target.value)} maxLength={500} />
      </label>
      <label className="field">
        <span>Type</span>
        <select value={query.filter.mimePrefix ?? ''} onChange={(e) => set({ mimePrefix: e.target.value || undefined })}>
          <option value="">All files</option>
          <option value="image/">Images</option>
          <option value="image/jpeg">JPEG</option>
          <option value="image/heic">HEIC</option>
          <option value="video/">Videos</option>
        </select>
      </label>
      <label className="field checkbox">
        <input type="checkbox" checked={query.filter.hasGps === true} onChange={(e) => set({ hasGps: e.target.checked ? true : undefined })} />
        <span>Has GPS</span>
      </label>
      <label className="field">
        <span>Your category</span>
        <select
          value={query.filter.examinerCategory ? String(query.filter.examinerCategory[0]) : ''}
          onChange={(e) => set({ examinerCategory: e.target.value === '' ? undefined : [e.target.value === 'null' ? null : Number(e.target.value)] })}
        >
          <option value="">Any</option>
          <option value="null">Not categorised</option>
          <CategoryOptions />
        </select>
      </label>
      <label className="field">
        <span>Tag</span>
        <select value={query.filter.tag ?? ''} onChange={(e) => set({ tag: e.target.value || undefined })}>
          <option value="">Any</option>
          {tags.map((t) => (
            <option key={t.name} value={t.name}>
              {t.name} ({t.items})
            </option>
          ))}
        </select>
      </label>
      <label className="field checkbox">
        <input type="checkbox" checked={query.filter.hasRegions === true} onChange={(e) => set({ hasRegions: e.target.checked ? true : undefined })} />
        <span>Has clues</span>
      </label>
      <label className="field">
        <span>Taken</span>
        <input type="date" aria-label="Taken on or after" value={query.filter.takenFrom ?? ''} onChange={(e) => set({ takenFrom: e.target.value || undefined })} />
        <span aria-hidden="true">–</span>
        <input type="date" aria-label="Taken on or before" value={query.filter.takenTo ?? ''} onChange={(e) => set({ takenTo: e.target.value || undefined })} />
      </label>
      <label className="field">
        <span>Sort</span>
        <select value={query.sort} onChange={(e) => onQuery({ ...query, sort: e.target.value as Sort })}>
          {SORTS.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="icon-button" aria-label={query.descending ? 'Descending: switch to ascending' : 'Ascending: switch to descending'} onClick={() => onQuery({ ...query, descending: !query.descending })}>
        {query.descending ? '↓' : '↑'}
      </button>
      <div className="segmented" role="group" aria-label="Thumbnail size">
        {TILE_SIZES.map((s) => (
          <button key={s.label} type="button" aria-pressed={tileSize === s.px} onClick={() => onTileSize(s.px)} aria-label={`Thumbnail size ${s.label}`}>
            {s.label}
          </button>
        ))}
      </div>
    </div>
  );
}

function withoutUndefined(filter: Filter): Filter {
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)) as Filter;
}
