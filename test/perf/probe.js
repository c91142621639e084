// In-page probe for the UI benchmark (gallery.perf.ts), installed before the app's own script on
// every page load. Plain JavaScript because it runs in the page only: it watches frames with
// requestAnimationFrame and reads the grid's DOM, and never changes the app's state except
// through the same events a user's input would send.
(() => {
  const FIRST_TILES = 8;

  const grid = () => document.querySelector('.vgrid');

  /** Tiles intersecting the grid's viewport, in DOM (= index) order. */
  function visibleTiles() {
    const g = grid();
    if (!g) return [];
    const box = g.getBoundingClientRect();
    return [...g.querySelectorAll('.tile')].filter((t) => {
      const r = t.getBoundingClientRect();
      return r.bottom > box.top && r.top < box.bottom && r.height > 0;
    });
  }

  /** A tile shows what it will show: its decoded thumbnail, or its type when it has no image. */
  function tileDone(tile) {
    if (tile.classList.contains('tile-loading')) return false;
    const img = tile.querySelector('.tile-image img');
    if (img) return img.complete && img.naturalWidth > 0;
    return tile.querySelector('.tile-type') !== null;
  }

  function firstTiles() {
    const tiles = visibleTiles();
    return tiles.length ? tiles.slice(0, FIRST_TILES) : null;
  }

  const cardsShown = () => {
    const tiles = firstTiles();
    return tiles !== null && tiles.every((t) => !t.classList.contains('tile-loading'));
  };
  const imagesShown = () => {
    const tiles = firstTiles();
    return tiles !== null && tiles.every(tileDone);
  };

  /** performance.now() of the first frame in which `condition` holds. */
  function untilFrame(condition, timeoutMs = 30_000) {
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const check = (t) => {
        if (condition()) resolve(performance.now());
        else if (t - started > timeoutMs) reject(new Error('timed out waiting for the grid'));
        else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    });
  }

  const signature = () => `${document.querySelector('.gallery-status')?.textContent ?? ''}|${visibleTiles().slice(0, FIRST_TILES).map((t) => t.dataset.itemId ?? '-').join(',')}`;

  /**
   * Fires a user-like change on a toolbar control, found by its visible text: a click on a
   * segmented button or a checkbox, a new value for a select.
   */
  function act({ kind, text, value }) {
    const labels = [...document.querySelectorAll('.toolbar label')];
    let el;
    if (kind === 'button') el = [...document.querySelectorAll('.toolbar button')].find((b) => b.textContent.trim() === text);
    else if (kind === 'checkbox') el = labels.find((l) => l.textContent.trim() === text)?.querySelector('input');
    else el = labels.find((l) => l.querySelector('span')?.textContent.trim() === text)?.querySelector('select');
    if (!el) throw new Error(`no ${kind} "${text}" in the toolbar`);
    if (kind === 'select') {
      el.value = value;
      el.dispatchEvent(new Event('change', { bubbles: true }));
    } else el.click();
  }

  const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] ?? 0;

  // First paint: watched from the start of every page, kept where the benchmark can read it.
  const firstPaint = { cards: null, images: null };
  void untilFrame(cardsShown, 60_000).then((t) => (firstPaint.cards = t), () => {});
  void untilFrame(imagesShown, 60_000).then((t) => (firstPaint.images = t), () => {});

  window.__lanternePerf = {
    firstPaint: () => ({ ...firstPaint }),

    /** A control's change, timed from the event to the grid showing the new cards, then their images. */
    async change(control) {
      const before = signature();
      const g = grid();
      const t0 = performance.now();
      act(control);
      const changed = () => (grid() !== g || signature() !== before) && !document.querySelector('.gallery-status')?.textContent?.includes('Loading');
      const cards = await untilFrame(() => changed() && cardsShown());
      const images = await untilFrame(imagesShown);
      // Where the time went: the items:query requests the change made (queued behind image
      // requests on the browser's six connections, answered by the server, read).
      const queries = performance
        .getEntriesByType('resource')
        .filter((e) => e.name.includes('/api/items:query') && e.startTime >= t0)
        .map((e) => ({ start: e.startTime - t0, queued: e.requestStart - e.startTime, server: e.responseStart - e.requestStart, end: e.responseEnd - t0 }));
      return { cards: cards - t0, images: images - t0, queries };
    },

    /**
     * Scrolls the grid for `seconds`: each frame either a wheel step (the grid's own wheel handling,
     * or a native scroll by the same pixels where it does not take the wheel) or, for `jump`, a
     * fraction of the scrollbar, as a drag does. Returns frame intervals and how much of the view
     * was still blank (tiles without their card) on the frames.
     */
    scroll({ seconds, wheelPx, jump }) {
      const g = grid();
      return new Promise((resolve) => {
        const frames = [];
        let blank = 0;
        let unpainted = 0;
        let seen = 0;
        let last = null;
        const start = performance.now();
        const firstIndex = () => Number(visibleTiles()[0]?.getAttribute('aria-posinset') ?? 0);
        const fromIndex = firstIndex();
        const longTasks = [];
        const observer = new PerformanceObserver((list) => longTasks.push(...list.getEntries().map((e) => e.duration)));
        try {
          observer.observe({ type: 'longtask', buffered: false });
        } catch {
          /* not supported: no long-task figure */
        }
        const step = (t) => {
          if (last !== null) frames.push(t - last);
          last = t;
          // Sampled every sixth frame: reading every tile's box is layout work the app does not do.
          if (frames.length % 6 === 0) {
            const tiles = visibleTiles();
            seen += tiles.length;
            blank += tiles.filter((x) => x.classList.contains('tile-loading')).length;
            unpainted += tiles.filter((x) => !tileDone(x)).length;
          }
          if (jump) g.scrollTop = Math.min(g.scrollHeight, g.scrollTop + (g.scrollHeight - g.clientHeight) * jump);
          else {
            const wheel = new WheelEvent('wheel', { deltaY: wheelPx, deltaMode: 0, bubbles: true, cancelable: true });
            if (g.dispatchEvent(wheel)) g.scrollTop += wheelPx;
          }
          if (t - start < seconds * 1000) requestAnimationFrame(step);
          else {
            observer.disconnect();
            const sorted = [...frames].sort((a, b) => a - b);
            resolve({
              frames: frames.length,
              p50: percentile(sorted, 0.5),
              p95: percentile(sorted, 0.95),
              max: sorted[sorted.length - 1] ?? 0,
              over20: frames.filter((f) => f > 20).length,
              blankTiles: seen ? blank / seen : 0,
              tilesWithoutImage: seen ? unpainted / seen : 0,
              longTasks: longTasks.length,
              longestTask: Math.max(0, ...longTasks),
              fromIndex,
              toIndex: firstIndex(),
            });
          }
        };
        requestAnimationFrame(step);
      });
    },
  };
})();
