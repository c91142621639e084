// What a marked region shows: its type, a short label and a note. Used for a new region just
// dragged out and to edit one already stored; removing one is here too.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { REGION_TYPE_LABELS, REGION_TYPES, type Region, type RegionType } from '../../../../shared/review.js';

export interface RegionText {
  type: RegionType;
  label: string;
  note: string;
}

interface Props {
  region: Region | null;
  busy: boolean;
  error: string | null;
  onSave(text: RegionText): void;
  onRemove: (() => void) | null;
  onCancel(): void;
}

export function RegionEditor({ region, busy, error, onSave, onRemove, onCancel }: Props) {
  const [type, setType] = useState<RegionType>(region?.type ?? 'background');
  const [label, setLabel] = useState(region?.label ?? '');
  const [note, setNote] = useState(region?.note ?? '');
  const first = useRef<HTMLSelectElement>(null);
  useEffect(() => first.current?.focus(), []);

  function submit(event: FormEvent) {
    event.preventDefault();
    onSave({ type, label: label.trim(), note: note.trim() });
  }

  return (
    <form className="region-editor" onSubmit={submit} aria-label={region ? 'Edit clue region' : 'New clue region'} onKeyDown={(e) => e.key === 'Escape' && (e.stopPropagation(), onCancel())}>
      <h3>{region ? 'Clue region' : 'New clue region'}</h3>
      <label className="stacked">
        <span>What it shows</span>
        <select ref={first} value={type} onChange={(e) => setType(e.target.value as RegionType)}>
          {REGION_TYPES.map((t) => (
            <option key={t} value={t}>
              {REGION_TYPE_LABELS[t]}
            </option>
          ))}
        </select>
      </label>
      <label className="stacked">
        <span>Label</span>
        <input value={label} onChange={(e) => setLabel(e.target.value)} maxLength={500} placeholder="e.g. shop sign, hotel bedspread" />
      </label>
      <label className="stacked">
        <span>Note</span>
        <textarea value={note} onChange={(e) => setNote(e.target.value)} maxLength={10000} rows={3} />
      </label>
      {error && <p className="error-text" role="alert">{error}</p>}
      <div className="form-actions">
        {onRemove && (
          <button type="button" className="danger" onClick={onRemove} disabled={busy}>
            Remove
          </button>
        )}
        <button type="button" onClick={onCancel}>Cancel</button>
        <button type="submit" className="primary" disabled={busy}>
          Save region
        </button>
      </div>
    </form>
  );
}
