// The item's clue regions in the viewer's side panel: each listed with its type and label, a new
// one (just dragged out) or a picked one opened in the editor, saved through the engine, which
// records every change in the audit log.
import { useState } from 'react';
import { REGION_TYPE_LABELS, type Region } from '../../../../shared/review.js';
import { api } from '../../api/client.js';
import { RegionEditor, type RegionText } from './RegionEditor.js';
import type { Rect } from './ZoomStage.js';

/** A region being edited: a new rectangle (region null) or a stored region. */
export interface RegionDraft {
  rect: Rect;
  region: Region | null;
}

interface Props {
  itemId: number;
  regions: Region[];
  draft: RegionDraft | null;
  onDraft(draft: RegionDraft | null): void;
  /** Stored (added or edited: its id) or removed (null). */
  onSaved(regionId: number | null): void;
}

export function RegionPanel({ itemId, regions, draft, onDraft, onSaved }: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function save(text: RegionText) {
    if (!draft) return;
    setBusy(true);
    const { x, y, w, h } = draft.rect;
    const result = draft.region
      ? await api['region:edit']({ id: draft.region.id, x, y, w, h, ...text })
      : await api['region:add']({ itemId, x, y, w, h, ...text });
    setBusy(false);
    if (result.ok) {
      setError(null);
      onSaved(result.value.id);
    } else setError(result.error.message);
  }

  async function remove(region: Region) {
    setBusy(true);
    const result = await api['region:remove']({ id: region.id });
    setBusy(false);
    if (result.ok) {
      setError(null);
      onSaved(null);
    } else setError(result.error.message);
  }

  return (
    <section className="regions" aria-label="Clue regions">
      <h3>Clue regions</h3>
      {regions.length === 0 && !draft && <p className="muted">None yet. Press R (or “Mark clue”) and drag over a background, object, sign or logo.</p>}
      {regions.length > 0 && (
        <ul className="plain region-list">
          {regions.map((r) => (
            <li key={r.id}>
              <button type="button" className={`link-button${draft?.region?.id === r.id ? ' is-active' : ''}`} onClick={() => onDraft({ rect: r, region: r })}>
                <span className={`region-dot region-${r.type}`} aria-hidden="true" />
                {REGION_TYPE_LABELS[r.type]}
                {r.label && <span className="bidi-isolate">: {r.label}</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
      {draft && (
        <RegionEditor
          key={draft.region?.id ?? 'new'}
          region={draft.region}
          busy={busy}
          error={error}
          onSave={(text) => void save(text)}
          onRemove={draft.region ? () => void remove(draft.region!) : null}
          onCancel={() => {
            setError(null);
            onDraft(null);
          }}
        />
      )}
    </section>
  );
}
