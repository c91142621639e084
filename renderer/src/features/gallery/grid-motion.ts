// Whether the grid is moving: tiles that only fly past during a scroll should not ask for their
// thumbnails, while tiles shown by opening the case, a filter change or a jump should at once.
export const SETTLE_MS = 150;

let lastScrollAt = Number.NEGATIVE_INFINITY;

/** Called by the grid on every scroll and wheel event. */
export function noteGridScroll(): void {
  lastScrollAt = performance.now();
}

export function gridIsStill(): boolean {
  return performance.now() - lastScrollAt > SETTLE_MS;
}
