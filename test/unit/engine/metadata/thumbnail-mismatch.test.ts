// The embedded EXIF thumbnail compared with the image (issue 8): a thumbnail of another scene, or
// of another framing, flags the image as possibly edited; the camera's own thumbnail does not.
// Images are generated benign scenes; the EXIF block with its IFD1 thumbnail is built here.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { renderImage } from '../../../../electron/engine/ingest/imaging.js';
import { extractMetadata } from '../../../../electron/engine/ingest/metadata.js';
import { checkThumbnail } from '../../../../electron/engine/ingest/metadata-thumbnail.js';
import { sceneJpeg } from '../../../fixtures/generate.js';
import { ascii, buildTiff, withExif } from './exif-builder.js';

const thumbOf = (jpeg: Buffer, width = 160, height = 120) => sharp(jpeg).resize(width, height, { fit: 'fill' }).jpeg({ quality: 80 }).toBuffer();

async function edits(image: Buffer) {
  const metadata = await extractMetadata(image, 'image/jpeg');
  const rendered = await renderImage(image, 'image/jpeg', metadata.orientation, { maxPixels: 50_000_000 });
  const out = { edits: metadata.edits, warnings: metadata.warnings };
  await checkThumbnail(metadata, { width: rendered.width, height: rendered.height, pdq: rendered.pdq }, out);
  return { metadata, edits: out.edits };
}

describe('EXIF thumbnail against the image', () => {
  it('does not flag an untouched image whose thumbnail is its own', async () => {
    const main = await sceneJpeg({ width: 1600, height: 1200, seed: 11 });
    const image = withExif(main, buildTiff([ascii(0x010f, 'TestCam'), ascii(0x0110, 'T1')], [], await thumbOf(main)));
    const { metadata, edits: traces } = await edits(image);
    expect(metadata.thumbnail).not.toBeNull();
    expect(traces.thumbnailMismatch).toBeNull();
    expect(traces.possiblyEdited).toBe(false);
  });

  it('does not flag a 3:2 image whose 4:3 thumbnail is letterboxed with black bars, as cameras write them', async () => {
    const main = await sceneJpeg({ width: 1800, height: 1200, seed: 12 });
    const inner = await sharp(main).resize(160, 107, { fit: 'fill' }).toBuffer();
    const boxed = await sharp(inner).extend({ top: 6, bottom: 7, left: 0, right: 0, background: '#000000' }).jpeg({ quality: 90 }).toBuffer();
    const { edits: traces } = await edits(withExif(main, buildTiff([ascii(0x010f, 'TestCam')], [], boxed)));
    expect(traces.thumbnailMismatch).toBeNull();
  });

  it('flags an image whose thumbnail shows a different scene', async () => {
    const main = await sceneJpeg({ width: 1600, height: 1200, seed: 21 });
    const other = await sceneJpeg({ width: 1600, height: 1200, seed: 9021 });
    const { edits: traces } = await edits(withExif(main, buildTiff([ascii(0x010f, 'TestCam')], [], await thumbOf(other))));
    console.log('different scene:', traces.thumbnailMismatch);
    expect(traces.thumbnailMismatch).not.toBeNull();
    expect(traces.thumbnailMismatch!.pdqDistance).toBeGreaterThan(31);
    expect(traces.possiblyEdited).toBe(true);
  });

  it('flags a cropped image: the thumbnail keeps the camera framing', async () => {
    const full = await sceneJpeg({ width: 1600, height: 1200, seed: 31 });
    const cropped = await sharp(full).extract({ left: 300, top: 0, width: 900, height: 1200 }).jpeg().toBuffer();
    const { edits: traces } = await edits(withExif(cropped, buildTiff([ascii(0x010f, 'TestCam')], [], await thumbOf(full))));
    expect(traces.thumbnailMismatch).not.toBeNull();
    expect(traces.thumbnailMismatch!.thumbnailAspect).toBeCloseTo(1.333, 2);
    expect(traces.thumbnailMismatch!.imageAspect).toBeCloseTo(0.75, 2);
  });
});
