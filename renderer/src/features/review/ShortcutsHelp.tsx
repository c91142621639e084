// ?: every keyboard shortcut on one calm sheet.
import { useEffect, useRef } from 'react';
import { categoryTable } from '../../../../shared/review.js';

const GROUPS: { title: string; keys: [string, string][] }[] = [
  {
    title: 'Gallery',
    keys: [
      ['← → ↑ ↓', 'Move'],
      ['Shift + arrows', 'Extend the selection'],
      ['Space', 'Select or unselect the item'],
      ['Ctrl/⌘ + click', 'Add or remove one item'],
      ['Enter', 'Open the viewer'],
      ['Esc', 'Clear the selection'],
      ['Home / End, PgUp / PgDn', 'Jump'],
    ],
  },
  {
    title: 'Review (selection, or the item in view)',
    keys: [
      ...Object.entries(categoryTable('Default')).map(([n, label]): [string, string] => [n, `Category ${label}`]),
      ['Backspace', 'Clear the category'],
      ['T', 'Tag…'],
    ],
  },
  {
    title: 'Viewer',
    keys: [
      ['← →', 'Previous / next'],
      ['+ −  F', 'Zoom in, out, fit'],
      ['Drag', 'Pan when zoomed'],
      ['R', 'Mark a clue region (then drag)'],
      ['Esc', 'Back to the gallery'],
    ],
  },
  {
    title: 'Wellness',
    keys: [
      ['B', 'Blur every image on screen'],
      ['G', 'Grayscale'],
      ['?', 'This sheet'],
    ],
  },
];

export function ShortcutsHelp({ onClose }: { onClose(): void }) {
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => close.current?.focus(), []);
  return (
    <div className="dialog-backdrop" onKeyDown={(e) => (e.key === 'Escape' || e.key === '?') && (e.stopPropagation(), onClose())}>
      <div className="dialog shortcuts" role="dialog" aria-modal="true" aria-labelledby="shortcuts-title">
        <h2 id="shortcuts-title">Keyboard shortcuts</h2>
        <div className="shortcut-groups">
          {GROUPS.map((g) => (
            <section key={g.title}>
              <h3>{g.title}</h3>
              <dl>
                {g.keys.map(([k, what]) => (
                  <div key={k} className="shortcut">
                    <dt><kbd>{k}</kbd></dt>
                    <dd>{what}</dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
        </div>
        <div className="form-actions">
          <button ref={close} type="button" onClick={onClose}>Close</button>
        </div>
      </div>
    </div>
  );
}
