// The job the desktop shell is running for this window — an ingest, a hash-set import, an export —
// as a strip under the top bar: what it is doing, how far it has come, and for an ingest a Stop
// button (the files in flight finish, the rest stay pending, and adding the same folder resumes).
// Main tells the page through the preload's events; in a browser on `lanterne serve` no job runs
// in the page's name and nothing shows.
import { useEffect, useState } from 'react';
import type { DesktopEvents, DesktopShell, JobKind, JobUpdate } from '../../../../shared/api/desktop.js';
import { count } from '../../ui/format.js';

const JOB_NAMES: Record<JobKind, string> = { ingest: 'Ingest', hashset: 'Hash-set import', export: 'Export' };

interface Props {
  events: DesktopEvents | null;
  shell: DesktopShell | null;
}

function describe(update: Extract<JobUpdate, { state: 'running' }>): { text: string; done?: number; total?: number } {
  const p = update.progress;
  if (!p) return { text: 'starting…' };
  switch (p.phase) {
    case 'scan':
      return { text: `finding files: ${count(p.files)} so far` };
    case 'process':
      return { text: `${count(p.done)} of ${count(p.total)} files processed · ${count(p.failed)} failed`, done: p.done, total: p.total };
    case 'records':
      return { text: `${count(p.records)} records read` };
  }
}

export function JobBanner({ events, shell }: Props) {
  const [update, setUpdate] = useState<JobUpdate | null>(null);
  const [stopAsked, setStopAsked] = useState(false);
  const [stopError, setStopError] = useState<string | null>(null);

  useEffect(() => {
    if (!events) return;
    return events.onJobProgress((next) => {
      setUpdate(next);
      // A new job (running, no progress yet) or an ended one forgets the last stop request.
      if (next.state === 'ended' || (next.state === 'running' && next.progress === null)) {
        setStopAsked(false);
        setStopError(null);
      }
    });
  }, [events]);

  if (!update) return null;
  const name = JOB_NAMES[update.job];

  if (update.state === 'ended') {
    return (
      <div className={`job-banner${update.ok ? '' : ' job-failed'}`} role="status" aria-label={update.ok ? `${name} ended` : `${name} did not complete`}>
        {/* Main's sentence says how it ended ("Ingest complete. …", "The export did not complete. …"). */}
        <span className="job-name">{name}</span>
        <span className="job-text">{update.summary}</span>
        <button type="button" className="link-button job-dismiss" onClick={() => setUpdate(null)}>
          Dismiss
        </button>
      </div>
    );
  }

  const stopping = update.state === 'stopping';
  const shown = stopping ? { text: 'stopping: the files being read finish, the rest stay pending for the next run…' } : describe(update);
  const canStop = update.job === 'ingest' && shell !== null;
  const stop = () => {
    if (!shell) return;
    setStopAsked(true);
    setStopError(null);
    void shell.stopJob().then((r) => {
      if (!r.ok) {
        setStopAsked(false);
        setStopError(r.error.message);
      }
    });
  };

  return (
    <div className="job-banner" role="status" aria-label={`${name} running`}>
      <span className="job-name">{name}</span>
      <span className="job-text">{shown.text}</span>
      {shown.total !== undefined && shown.done !== undefined && (
        <div className="progress job-progress" role="progressbar" aria-label="Files processed" aria-valuemin={0} aria-valuemax={shown.total} aria-valuenow={shown.done}>
          <div className="progress-bar" style={{ width: `${shown.total ? ((shown.done / shown.total) * 100).toFixed(1) : 0}%` }} />
        </div>
      )}
      {stopError && <span className="error-text">{stopError}</span>}
      {canStop && (
        <button type="button" className="job-stop" onClick={stop} disabled={stopping || stopAsked}>
          {stopping || stopAsked ? 'Stopping…' : 'Stop ingest'}
        </button>
      )}
    </div>
  );
}
