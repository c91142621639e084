// The review window: the case overview beside the gallery or the clue board, the toolbar above.
// Global keys: B blurs every image, G grayscale, ? the shortcuts sheet (not while typing).
import { useCallback, useEffect, useState, type CSSProperties } from 'react';
import type { CaseSummary } from '../../shared/api/gallery-model.js';
import { api } from './api/client.js';
import { desktopEvents, desktopShell } from './api/desktop.js';
import { ClueBoard } from './features/clues/ClueBoard.js';
import { ExportMenu } from './features/export/ExportMenu.js';
import { CaseOverview, type CameraChoice } from './features/overview/CaseOverview.js';
import { Gallery } from './features/gallery/Gallery.js';
import type { GalleryQuery } from './features/gallery/page-cache.js';
import { TILE_SIZES, Toolbar } from './features/gallery/Toolbar.js';
import { JobBanner } from './features/jobs/JobBanner.js';
import { ShortcutsHelp } from './features/review/ShortcutsHelp.js';
import { imageFilter, useWellness } from './features/wellness/settings.js';
import { WellnessControls } from './features/wellness/WellnessControls.js';

const DEFAULT_QUERY: GalleryQuery = { filter: {}, sort: 'new-first', descending: false };
/** While an ingest runs, the overview refreshes this often. */
const LIVE_REFRESH_MS = 2000;

type View = 'gallery' | 'clues';

/** The filter without its folder and cluster narrowing. */
function withoutPlace(filter: GalleryQuery['filter']): GalleryQuery['filter'] {
  const { folder: _folder, cluster: _cluster, ...rest } = filter;
  return rest;
}

export function App() {
  const [summary, setSummary] = useState<CaseSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState<GalleryQuery>(DEFAULT_QUERY);
  const [tileSize, setTileSize] = useState<number>(TILE_SIZES[1].px);
  const [view, setView] = useState<View>('gallery');
  const [help, setHelp] = useState(false);
  const [wellness, setWellness] = useWellness();
  // Bumped when the desktop shell says the case changed under the page (another case opened,
  // evidence added, a hash set imported): the gallery and clue board start afresh from the case.
  const [generation, setGeneration] = useState(0);

  const load = useCallback(() => {
    void api['case:summary']({}).then((r) => {
      if (r.ok) {
        setSummary(r.value);
        setError(null);
      } else setError(r.error.message);
    });
  }, []);
  useEffect(load, [load]);

  useEffect(() => {
    if (!desktopEvents) return;
    return desktopEvents.onCaseChanged(() => {
      setGeneration((g) => g + 1);
      load();
    });
  }, [load]);

  // Live progress: while another process ingests into this case, counts move.
  const running = summary?.lastIngest?.running === true;
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(load, LIVE_REFRESH_MS);
    return () => clearInterval(timer);
  }, [running, load]);

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if ((event.target as HTMLElement | null)?.closest?.('input, textarea, select, [contenteditable]')) return;
      if (event.key === 'b' || event.key === 'B') setWellness({ blurAll: !wellness.blurAll });
      else if (event.key === 'g' || event.key === 'G') setWellness({ grayscale: !wellness.grayscale });
      else if (event.key === '?') setHelp((h) => !h);
      else return;
      event.preventDefault();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [wellness, setWellness]);

  const camera: CameraChoice | null =
    query.filter.cameraMake !== undefined || query.filter.cameraModel !== undefined || query.filter.cameraSerial !== undefined
      ? { make: query.filter.cameraMake ?? null, model: query.filter.cameraModel ?? null, serial: query.filter.cameraSerial }
      : null;
  const onCamera = (cam: CameraChoice | null) => {
    const { cameraMake: _make, cameraModel: _model, cameraSerial: _serial, ...rest } = query.filter;
    const chosen = cam ? { cameraMake: cam.make, cameraModel: cam.model, ...(cam.serial !== undefined ? { cameraSerial: cam.serial } : {}) } : {};
    setQuery({ ...query, filter: { ...rest, ...chosen } });
    setView('gallery');
  };

  // Hide-known leaves known items out unless the examiner asked for a status explicitly.
  const effective: GalleryQuery =
    wellness.hideKnown && !query.filter.knownStatus ? { ...query, filter: { ...query.filter, knownStatus: ['new', 'ignorable'] } } : query;
  const filter = imageFilter(wellness);

  return (
    <div className="app" style={filter ? ({ '--image-filter': filter } as CSSProperties) : undefined} data-wellness={filter ? 'on' : 'off'}>
      <header className="topbar">
        <span className="wordmark" aria-label="Lanterne">Lanterne</span>
        <nav className="segmented" aria-label="View">
          <button type="button" aria-pressed={view === 'gallery'} onClick={() => setView('gallery')}>
            Gallery
          </button>
          <button type="button" aria-pressed={view === 'clues'} onClick={() => setView('clues')}>
            Clue board{summary && summary.regions > 0 ? ` · ${summary.regions}` : ''}
          </button>
        </nav>
        <span className="muted topbar-note">offline · known material blurred by the engine</span>
        <WellnessControls wellness={wellness} onChange={setWellness} />
        <ExportMenu />
        <button type="button" className="icon-button" onClick={() => setHelp(true)} aria-label="Keyboard shortcuts (?)">
          ?
        </button>
        <button type="button" className="icon-button" onClick={load} aria-label="Refresh the case overview">
          ↻
        </button>
      </header>
      <JobBanner events={desktopEvents} shell={desktopShell} />
      {error ? (
        <div className="empty-state" role="alert">
          <p className="error-text">{error}</p>
          <button type="button" onClick={load}>Try again</button>
        </div>
      ) : (
        <div className="workspace">
          {summary ? <CaseOverview summary={summary} camera={camera} onCamera={onCamera} /> : <aside className="overview muted">Loading the case…</aside>}
          <main className="main">
            {view === 'gallery' ? (
              <>
                <Toolbar query={query} onQuery={setQuery} tileSize={tileSize} onTileSize={setTileSize} summary={summary} />
                {camera && (
                  <div className="active-filter">
                    Camera:{' '}
                    <span className="bidi-isolate">
                      {[camera.make, camera.model, camera.serial ? `serial ${camera.serial}` : null].filter(Boolean).join(' · ') || 'unknown'}
                    </span>
                    <button type="button" className="link-button" onClick={() => onCamera(null)}>clear</button>
                  </div>
                )}
                {(query.filter.folder !== undefined || query.filter.cluster !== undefined) && (
                  <div className="active-filter">
                    {query.filter.folder !== undefined && (
                      <>
                        Folder: <span className="bidi-isolate">{query.filter.folder || '(root)'}</span>
                      </>
                    )}
                    {query.filter.cluster !== undefined && <>Near-duplicate cluster {query.filter.cluster}</>}
                    <button type="button" className="link-button" onClick={() => setQuery({ ...query, filter: withoutPlace(query.filter) })}>
                      clear
                    </button>
                  </div>
                )}
                <Gallery key={generation} query={effective} tileSize={tileSize} onChanged={load} onNarrow={(f) => setQuery({ ...query, filter: { ...withoutPlace(query.filter), ...f } })} />
              </>
            ) : (
              <ClueBoard key={generation} onChanged={load} />
            )}
          </main>
        </div>
      )}
      {help && <ShortcutsHelp onClose={() => setHelp(false)} />}
    </div>
  );
}
