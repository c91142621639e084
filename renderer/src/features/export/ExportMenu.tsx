// Export from the UI: each format written by the engine into the case folder's exports/, recorded
// in the audit log with its SHA-256, and the path shown so the examiner can hand it on.
import { useState } from 'react';
import type { CaseExport } from '../../../../shared/api/gallery-model.js';
import type { ExportKind } from '../../../../shared/api/schemas.js';
import { api } from '../../api/client.js';
import { bytes, count } from '../../ui/format.js';

const CHOICES: { format: ExportKind; label: string; what: string }[] = [
  { format: 'html', label: 'Case report (HTML)', what: 'one self-contained file; known items blurred' },
  { format: 'vics', label: 'VICS JSON 2.0', what: 'your categorisation, for partner tools' },
  { format: 'vics-case', label: 'VICS case', what: 'the same inside a VICS case' },
  { format: 'crops', label: 'Clue crops', what: 'every marked region, metadata stripped' },
  { format: 'csv', label: 'CSV', what: 'one row per file' },
  { format: 'jsonl', label: 'JSONL', what: 'one record per file' },
];

export function ExportMenu() {
  const [busy, setBusy] = useState<ExportKind | null>(null);
  const [done, setDone] = useState<CaseExport | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function run(format: ExportKind) {
    setBusy(format);
    setDone(null);
    setError(null);
    const result = await api['case:export']({ format });
    setBusy(null);
    if (result.ok) setDone(result.value);
    else setError(result.error.message);
  }

  return (
    <details className="menu export-menu">
      <summary aria-label="Export">Export</summary>
      <div className="menu-panel" role="group" aria-label="Export the case">
        {CHOICES.map((c) => (
          <button key={c.format} type="button" className="menu-item" disabled={busy !== null} onClick={() => void run(c.format)}>
            <span>{busy === c.format ? `${c.label}: writing…` : c.label}</span>
            <span className="muted small">{c.what}</span>
          </button>
        ))}
        {done && (
          <p className="outcome-box" role="status">
            Written and recorded: <span className="path bidi-isolate">{done.path}</span>
            <span className="muted small">
              {count(done.count)} records · {bytes(done.bytes)} · SHA-256 {done.sha256.slice(0, 16)}…
            </span>
          </p>
        )}
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
      </div>
    </details>
  );
}
