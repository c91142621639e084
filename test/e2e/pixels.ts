// Pixel checks for "known items are blurred" on what the screen shows, not on a CSS class.
// Detail energy is the variance of a Laplacian over grey pixels: a blurred render of a scene
// with text and hard edges keeps a small fraction of the original's. Measured on the centre of
// the image as drawn, away from the tile's border, badge and letterbox edges.
import type { Locator, Page } from '@playwright/test';
import sharp from 'sharp';

export async function detailEnergy(image: Buffer): Promise<number> {
  const { data, info } = await sharp(image).greyscale().raw().toBuffer({ resolveWithObject: true });
  let sum = 0;
  let sumSq = 0;
  let n = 0;
  for (let y = 1; y < info.height - 1; y++) {
    for (let x = 1; x < info.width - 1; x++) {
      const i = y * info.width + x;
      const lap = 4 * data[i]! - data[i - 1]! - data[i + 1]! - data[i - info.width]! - data[i + info.width]!;
      sum += lap;
      sumSq += lap * lap;
      n++;
    }
  }
  return sumSq / n - (sum / n) ** 2;
}

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
