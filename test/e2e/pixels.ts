// Pixel checks for "known items are blurred" on what the screen shows, not on a CSS class:
// detail energy (test/fixtures/detail-energy.ts) measured on the centre of the image as drawn,
// away from the tile's border, badge and letterbox edges.
import type { Locator, Page } from '@playwright/test';
import sharp from 'sharp';

export { detailEnergy } from '../fixtures/detail-energy.js';

/** A screenshot of the central half of what an <img> draws (object-fit contain/scale-down), and the drawn size. */
export async function drawnCentre(page: Page, img: Locator): Promise<{ png: Buffer; width: number; height: number }> {
  const drawn = await img.evaluate((el) => {
    const e = el as HTMLImageElement;
    const r = e.getBoundingClientRect();
    const fit = Math.min(r.width / e.naturalWidth, r.height / e.naturalHeight);
    const scale = getComputedStyle(e).objectFit === 'scale-down' ? Math.min(1, fit) : fit;
    const width = e.naturalWidth * scale;
    const height = e.naturalHeight * scale;
    return { x: r.left + (r.width - width) / 2, y: r.top + (r.height - height) / 2, width, height };
  });
  const png = await page.screenshot({
    clip: { x: drawn.x + drawn.width / 4, y: drawn.y + drawn.height / 4, width: drawn.width / 2, height: drawn.height / 2 },
  });
  return { png, width: Math.round(drawn.width), height: Math.round(drawn.height) };
}

/** The original scaled to the size it would be drawn at, central half: what an unblurred tile would show. */
export async function originalCentre(image: Buffer, width: number, height: number): Promise<Buffer> {
  const scaled = await sharp(image).resize(width, height, { fit: 'fill' }).png().toBuffer();
  return sharp(scaled)
    .extract({ left: Math.floor(width / 4), top: Math.floor(height / 4), width: Math.floor(width / 2), height: Math.floor(height / 2) })
    .png()
    .toBuffer();
}
