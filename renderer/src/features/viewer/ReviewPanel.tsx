// The examiner's own decisions on this item: their category (digits, or this menu) beside the
// hash-set category, and their tags (T adds; × takes one off).
import type { ItemDetail } from '../../../../shared/api/gallery-model.js';
import { CategoryOptions } from '../../ui/CategoryOptions.js';

interface Props {
  detail: ItemDetail;
  onCategory(code: number | null): void;
  onTag(): void;
  onUntag(tag: string): void;
}

export function ReviewPanel({ detail, onCategory, onTag, onUntag }: Props) {
  const mine = detail.card.examinerCategory;
  return (
    <section className="review" aria-label="Your review">
      <h3>Your review</h3>
      <label className="stacked">
        <span>Category (keys 0–4)</span>
        <select value={mine?.code ?? ''} onChange={(e) => onCategory(e.target.value === '' ? null : Number(e.target.value))}>
          <option value="">Not categorised</option>
          <CategoryOptions />
        </select>
      </label>
      {detail.card.category && <p className="muted">Hash-set category: {detail.card.category.label}</p>}
      <div className="tag-row">
        {detail.itemTags.map((t) => (
          <span key={t} className="chip">
            <span className="bidi-isolate">{t}</span>
            <button type="button" className="chip-remove" aria-label={`Remove tag ${t}`} onClick={() => onUntag(t)}>
              ×
            </button>
          </span>
        ))}
        <button type="button" onClick={onTag}>
          + Tag (T)
        </button>
      </div>
    </section>
  );
}
