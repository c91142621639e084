// T: tag the selection. Existing tags are offered as the examiner types; Enter adds, and a tag
// already on the items can be taken off. Tag names are case data, shown as text only.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { TagCount } from '../../../../shared/api/gallery-model.js';
import { api } from '../../api/client.js';
import { plural } from '../../ui/format.js';

interface Props {
  count: number;
  onApply(tag: string, remove: boolean): void;
  onClose(): void;
}

export function TagDialog({ count, onApply, onClose }: Props) {
  const [tags, setTags] = useState<TagCount[]>([]);
  const [name, setName] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    input.current?.focus();
    void api['tags:list']({}).then((r) => r.ok && setTags(r.value));
  }, []);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (name.trim()) onApply(name.trim(), false);
  }

  return (
    <div className="dialog-backdrop" onKeyDown={(e) => e.key === 'Escape' && (e.stopPropagation(), onClose())}>
      <form className="dialog" role="dialog" aria-modal="true" aria-labelledby="tag-title" onSubmit={submit}>
        <h2 id="tag-title">Tag {plural(count, 'item')}</h2>
        <label className="stacked">
          <span>Tag</span>
          <input ref={input} list="tag-names" value={name} onChange={(e) => setName(e.target.value)} maxLength={200} placeholder="e.g. red curtain, school uniform" />
          <datalist id="tag-names">
            {tags.map((t) => (
              <option key={t.name} value={t.name} />
            ))}
          </datalist>
        </label>
        {tags.length > 0 && (
          <div className="tag-chips" aria-label="Tags in this case">
            {tags.slice(0, 24).map((t) => (
              <button key={t.name} type="button" className="chip" onClick={() => setName(t.name)}>
                <span className="bidi-isolate">{t.name}</span> <span className="muted">{t.items}</span>
              </button>
            ))}
          </div>
        )}
        <div className="form-actions">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="button" disabled={!name.trim()} onClick={() => onApply(name.trim(), true)}>Remove tag</button>
          <button type="submit" className="primary" disabled={!name.trim()}>Add tag</button>
        </div>
      </form>
    </div>
  );
}
