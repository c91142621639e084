// Un-blurring a known item is an explicit act with a reason, recorded by the engine in the audit
// log, for this one item and a limited time (DESIGN.md, "Known material stays blurred").
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';

export function RevealForm({ itemId, onRevealed }: { itemId: number; onRevealed(): void }) {
  const [opened, setOpened] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const result = await api['item:reveal']({ id: itemId, reason });
    setBusy(false);
    if (result.ok) {
      setOpened(false);
      setReason('');
      onRevealed();
    } else setError(result.error.message);
  }

  if (!opened) {
    return (
      <button type="button" className="reveal-open" onClick={() => setOpened(true)}>
        Reveal with a reason…
      </button>
    );
  }
  return (
    <form className="reveal-form" onSubmit={submit} aria-label="Reveal this known item">
      <label htmlFor="reveal-reason">Why must this item be seen unblurred? This is recorded.</label>
      <textarea id="reveal-reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} rows={3} autoFocus required />
      {error && <p className="error-text">{error}</p>}
      <div className="form-actions">
        <button type="button" onClick={() => setOpened(false)}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={busy || !reason.trim()}>
          Reveal
        </button>
      </div>
    </form>
  );
}
