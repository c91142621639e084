// The case at a glance: what is in it, what is new, what is known and how, which cameras took it,
// over which dates, from which evidence roots, and how far the examiner's review has come. Clicking
// a camera or a body serial filters the gallery by it. While an ingest runs, progress shows here.
import { useEffect, useState } from 'react';
import type { CameraInfo, CaseSummary } from '../../../../shared/api/gallery-model.js';
import { api } from '../../api/client.js';
import { count, recorded } from '../../ui/format.js';

/** A camera to filter by: make and model, and a body serial when one was picked. */
export interface CameraChoice {
  make: string | null;
  model: string | null;
  serial?: string | null | undefined;
}

interface Props {
  summary: CaseSummary;
  camera: CameraChoice | null;
  onCamera(camera: CameraChoice | null): void;
}

function IngestProgress({ summary }: { summary: CaseSummary }) {
  const c = summary.counts;
  const done = c.files - c.pending;
  const share = c.files ? done / c.files : 0;
  return (
    <section className="progress-panel" aria-label="Ingest in progress" aria-live="polite">
      <h3>Ingest running</h3>
      <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={c.files} aria-valuenow={done} aria-label="Files processed">
        <div className="progress-bar" style={{ width: `${(share * 100).toFixed(1)}%` }} />
      </div>
      <p className="muted">
        {count(done)} of {count(c.files)} files found so far processed · {count(c.failed)} failed. The walk may still be finding files.
      </p>
    </section>
  );
}

function Stat({ label, value, tone }: { label: string; value: number; tone?: 'new' | 'known' | 'failed' }) {
  return (
    <div className={`stat${tone ? ` stat-${tone}` : ''}`}>
      <span className="stat-value">{count(value)}</span>
      <span className="stat-label">{label}</span>
    </div>
  );
}

export function CaseOverview({ summary, camera, onCamera }: Props) {
  const c = summary.counts;
  // Camera bodies linked by serial across evidence roots; reread whenever the summary is.
  const [bodies, setBodies] = useState<CameraInfo[]>([]);
  useEffect(() => {
    void api['cameras:list']({}).then((r) => r.ok && setBodies(r.value));
  }, [summary]);
  return (
    <aside className="overview" aria-label="Case overview">
      <h2 className="bidi-isolate" title={summary.caseName}>{summary.caseName}</h2>
      <div className="stats">
        <Stat label="new" value={c.new} tone="new" />
        <Stat label="known" value={c.known} tone="known" />
        <Stat label="files" value={c.files} />
        <Stat label="images" value={c.images} />
        <Stat label="ignorable" value={c.ignorable} />
        <Stat label="failed" value={c.failed} tone={c.failed ? 'failed' : undefined} />
      </div>
      {summary.lastIngest?.running ? (
        <IngestProgress summary={summary} />
      ) : (
        c.pending > 0 && <p className="muted">{count(c.pending)} files not processed yet: the last ingest was interrupted. Run the same ingest again to finish it.</p>
      )}

      <section>
        <h3>Your review</h3>
        {summary.examinerCategories.length === 0 && summary.regions === 0 ? (
          <p className="muted">Nothing categorised or marked yet. Digits categorise the selection; R marks a clue in the viewer.</p>
        ) : (
          <ul className="plain">
            {summary.examinerCategories.map((k) => (
              <li key={k.label}>
                <span>{k.label}</span>
                <span className="num">{count(k.items)}</span>
              </li>
            ))}
            <li>
              <span>Clue regions</span>
              <span className="num">{count(summary.regions)}</span>
            </li>
          </ul>
        )}
      </section>

      {summary.knownByCategory.length > 0 && (
        <section>
          <h3>Known, by category</h3>
          <ul className="plain">
            {summary.knownByCategory.map((k) => (
              <li key={k.label}>
                <span>{k.label}</span>
                <span className="num">{count(k.items)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section>
        <h3>Dates taken</h3>
        {summary.dateSpan.dated ? (
          <p>
            {recorded(summary.dateSpan.earliest).slice(0, 10)} → {recorded(summary.dateSpan.latest).slice(0, 10)}
            <span className="muted"> · {count(summary.dateSpan.dated)} dated</span>
          </p>
        ) : (
          <p className="muted">No dates recorded.</p>
        )}
      </section>

      <section>
        <h3>Cameras {summary.cameraModels > summary.cameras.length && <span className="muted">(top {summary.cameras.length} of {count(summary.cameraModels)})</span>}</h3>
        {summary.cameras.length === 0 ? (
          <p className="muted">No camera metadata.</p>
        ) : (
          <ul className="plain cameras">
            {summary.cameras.map((cam) => {
              const active = camera?.make === cam.make && camera?.model === cam.model && camera?.serial === undefined;
              return (
                <li key={`${cam.make}\u0000${cam.model}`}>
                  <button type="button" className={`link-button${active ? ' is-active' : ''}`} aria-pressed={active} onClick={() => onCamera(active ? null : cam)}>
                    <span className="bidi-isolate">{[cam.make, cam.model].filter(Boolean).join(' · ') || 'unknown'}</span>
                  </button>
                  <span className="num">{count(cam.items)}</span>
                </li>
              );
            })}
          </ul>
        )}
        {bodies.length > 0 && (
          <>
            <h4>Camera bodies, by serial</h4>
            <ul className="plain bodies">
              {bodies.map((b) => {
                const active = camera?.serial === b.serial && camera?.make === b.make && camera?.model === b.model;
                const span = b.firstTaken ? `${recorded(b.firstTaken).slice(0, 10)} → ${recorded(b.lastTaken).slice(0, 10)}` : 'no dates';
                return (
                  <li key={b.id}>
                    <button
                      type="button"
                      className={`link-button${active ? ' is-active' : ''}`}
                      aria-pressed={active}
                      title={`${[b.make, b.model].filter(Boolean).join(' ')} · ${b.serialKind} serial · ${span}${b.roots > 1 ? ` · in ${b.roots} evidence roots` : ''}`}
                      onClick={() => onCamera(active ? null : { make: b.make, model: b.model, serial: b.serial })}
                    >
                      <span className="bidi-isolate">{b.serial}</span>
                      <span className="muted bidi-isolate"> {b.model ?? ''}</span>
                    </button>
                    <span className="num">{count(b.items)}</span>
                  </li>
                );
              })}
            </ul>
          </>
        )}
      </section>

      <section>
        <h3>Evidence roots</h3>
        <ul className="plain">
          {summary.roots.map((r) => (
            <li key={r.id} className="bidi-isolate path" title={r.path}>
              {r.path}
            </li>
          ))}
        </ul>
      </section>

      <section>
        <h3>Hash sets</h3>
        {summary.hashSets.length === 0 ? (
          <p className="muted">None imported: every item counts as new.</p>
        ) : (
          <ul className="plain">
            {summary.hashSets.map((h) => (
              <li key={h.name}>
                <span className="bidi-isolate">{h.name}</span>
                <span className="muted"> {h.kind}</span>
                <span className="num">{count(h.records)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </aside>
  );
}
