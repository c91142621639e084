// The wellness menu in the top bar: blur everything (B) and how strongly, grayscale (G), hide
// known items. Known material is blurred by the engine regardless; these soften the rest.
import { BLUR_RANGE, type Wellness } from './settings.js';

export function WellnessControls({ wellness, onChange }: { wellness: Wellness; onChange(change: Partial<Wellness>): void }) {
  const active = wellness.blurAll || wellness.grayscale || wellness.hideKnown;
  return (
    <details className="wellness">
      <summary aria-label="Wellness settings">{active ? 'Wellness · on' : 'Wellness'}</summary>
      <div className="wellness-menu" role="group" aria-label="Wellness settings">
        <label className="field checkbox">
          <input type="checkbox" checked={wellness.blurAll} onChange={(e) => onChange({ blurAll: e.target.checked })} />
          <span>Blur every image (B)</span>
        </label>
        <label className="field">
          <span>Strength</span>
          <input
            type="range"
            min={BLUR_RANGE.min}
            max={BLUR_RANGE.max}
            value={wellness.blurStrength}
            onChange={(e) => onChange({ blurStrength: Number(e.target.value) })}
            aria-valuetext={`${wellness.blurStrength} pixels`}
          />
        </label>
        <label className="field checkbox">
          <input type="checkbox" checked={wellness.grayscale} onChange={(e) => onChange({ grayscale: e.target.checked })} />
          <span>Grayscale (G)</span>
        </label>
        <label className="field checkbox">
          <input type="checkbox" checked={wellness.hideKnown} onChange={(e) => onChange({ hideKnown: e.target.checked })} />
          <span>Hide known items</span>
        </label>
        <p className="muted small">Kept on this workstation between sessions.</p>
      </div>
    </details>
  );
}
