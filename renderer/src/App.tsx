// The review window: the case overview beside the gallery, the toolbar above it.
import { useCallback, useEffect, useState } from 'react';
import type { CaseSummary } from '../../shared/api/gallery-model.js';
import { api } from './api/client.js';
import { CaseOverview } from './features/overview/CaseOverview.js';
import { Gallery } from './features/gallery/Gallery.js';
import type { GalleryQuery } from './features/gallery/page-cache.js';
import { TILE_SIZES, Toolbar } from './features/gallery/Toolbar.js';

const DEFAULT_QUERY: GalleryQuery = { filter: {}, sort: 'new-first', descending: false };

export function App() {
  const [summary, setSummary] = useState<CaseSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState<GalleryQuery>(DEFAULT_QUERY);
  const [tileSize, setTileSize] = useState<number>(TILE_SIZES[1].px);

  const load = useCallback(() => {
    void api['case:summary']({}).then((r) => {
      if (r.ok) {
        setSummary(r.value);
        setError(null);
      } else setError(r.error.message);
    });
  }, []);
  useEffect(load, [load]);

  const camera = query.filter.cameraMake !== undefined || query.filter.cameraModel !== undefined
    ? { make: query.filter.cameraMake ?? null, model: query.filter.cameraModel ?? null }
    : null;
  const onCamera = (cam: { make: string | null; model: string | null } | null) => {
    const { cameraMake: _make, cameraModel: _model, ...rest } = query.filter;
    setQuery({ ...query, filter: cam ? { ...rest, cameraMake: cam.make, cameraModel: cam.model } : rest });
  };

  return (
    <div className="app">
      <header className="topbar">
        <span className="wordmark" aria-label="Lanterne">Lanterne</span>
        <span className="muted">offline review · known material blurred by the engine</span>
        <button type="button" className="icon-button" onClick={load} aria-label="Refresh the case overview">
          ↻
        </button>
      </header>
      {error ? (
        <div className="empty-state" role="alert">
          <p className="error-text">{error}</p>
          <button type="button" onClick={load}>Try again</button>
        </div>
      ) : (
        <div className="workspace">
          {summary ? <CaseOverview summary={summary} camera={camera} onCamera={onCamera} /> : <aside className="overview muted">Loading the case…</aside>}
          <main className="main">
            <Toolbar query={query} onQuery={setQuery} tileSize={tileSize} onTileSize={setTileSize} />
            {camera && (
              <div className="active-filter">
                Camera: <span className="bidi-isolate">{[camera.make, camera.model].filter(Boolean).join(' · ') || 'unknown'}</span>
                <button type="button" className="link-button" onClick={() => onCamera(null)}>clear</button>
              </div>
            )}
            <Gallery query={query} tileSize={tileSize} />
          </main>
        </div>
      )}
    </div>
  );
}
