// Wellness settings: what the examiner chooses to see less of during a long day — every thumbnail
// blurred (B), grayscale (G), known items hidden. They survive restarts (localStorage of this
// origin: the app's own, never a network store). Known items are blurred by the engine whatever
// these say; these only soften the rest.
import { useCallback, useEffect, useState } from 'react';

export interface Wellness {
  /** Blur every thumbnail and image on screen (new material too), at `blurStrength`. */
  blurAll: boolean;
  /** Pixels of CSS blur when `blurAll` is on. */
  blurStrength: number;
  grayscale: boolean;
  /** Leave known items out of the gallery (unless a filter asks for them). */
  hideKnown: boolean;
}

export const DEFAULT_WELLNESS: Wellness = { blurAll: false, blurStrength: 12, grayscale: false, hideKnown: false };
export const BLUR_RANGE = { min: 2, max: 30 } as const;
const KEY = 'lanterne.wellness.v1';

/** Stored settings, each field checked: a damaged or hand-edited entry falls back field by field. */
export function loadWellness(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): Wellness {
  let stored: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(storage?.getItem(KEY) ?? '{}') as unknown;
    if (parsed && typeof parsed === 'object') stored = parsed as Record<string, unknown>;
  } catch {
    /* unreadable: defaults */
  }
  const bool = (k: keyof Wellness) => (typeof stored[k] === 'boolean' ? (stored[k] as boolean) : (DEFAULT_WELLNESS[k] as boolean));
  const strength = typeof stored['blurStrength'] === 'number' ? Math.min(BLUR_RANGE.max, Math.max(BLUR_RANGE.min, stored['blurStrength'])) : DEFAULT_WELLNESS.blurStrength;
  return { blurAll: bool('blurAll'), grayscale: bool('grayscale'), hideKnown: bool('hideKnown'), blurStrength: strength };
}

export function useWellness(): [Wellness, (change: Partial<Wellness>) => void] {
  const [wellness, setWellness] = useState<Wellness>(() => loadWellness());
  useEffect(() => {
    try {
      localStorage.setItem(KEY, JSON.stringify(wellness));
    } catch {
      /* storage full or disabled: the setting still holds for this session */
    }
  }, [wellness]);
  const change = useCallback((c: Partial<Wellness>) => setWellness((w) => ({ ...w, ...c })), []);
  return [wellness, change];
}

/** The CSS filter every image on screen gets from these settings ('' = none). */
export function imageFilter(w: Wellness): string {
  return [w.blurAll ? `blur(${w.blurStrength}px)` : '', w.grayscale ? 'grayscale(1)' : ''].filter(Boolean).join(' ');
}
