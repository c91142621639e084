// Embedded JPEG previews of camera RAWs (raw-preview.ts) and their use by the imaging stage:
// synthetic TIFF-based raws (NEF-like, CR2, RW2, both byte orders), a synthetic RAF header, the
// corpus's real RAW samples, and hostile mutations that must end quickly with a reason.
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { DecodeError, renderFullView, renderImage } from '../../../../electron/engine/ingest/imaging.js';
import { hammingDistance } from '../../../../electron/engine/ingest/pdq.js';
import { findRawPreview } from '../../../../electron/engine/ingest/raw-preview.js';
import { sniffType } from '../../../../electron/engine/ingest/sniff.js';
import { corpusPath, scratchDir } from '../../../fixtures/corpus.js';
import { sceneJpeg, writeFixture } from '../../../fixtures/generate.js';
import { buildRaf, buildTiffRaw, lossless } from '../../../fixtures/synthetic-raw.js';

const limits = { maxPixels: 200_000_000 };
const dir = scratchDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const big = await sceneJpeg({ width: 1200, height: 800, seed: 41, exif: { make: 'TestCam', model: 'R-1' } });
const thumb = await sceneJpeg({ width: 160, height: 120, seed: 41 });

describe('findRawPreview on synthetic raws', () => {
  for (const littleEndian of [true, false]) {
    it(`finds the SubIFD preview of a NEF-like TIFF (${littleEndian ? 'II' : 'MM'}), byte-identical, the biggest of two`, () => {
      const raw = buildTiffRaw({ kind: 'nef', littleEndian, preview: big, thumbnail: thumb });
      expect(sniffType(raw)).toBe('image/tiff');
      const found = findRawPreview(raw);
      expect(found.reason).toBeNull();
      expect(found.isRaw).toBe(true);
      expect(found.preview!.jpeg.equals(big)).toBe(true);
      expect([found.preview!.width, found.preview!.height]).toEqual([1200, 800]);
      expect(found.preview!.source).toBe('IFD0 SubIFD0 JPEGInterchangeFormat');
    });
  }

  it('finds a CR2 IFD0 JPEG strip and refuses the lossless raw data (SOF3) that also starts FF D8', () => {
    const raw = buildTiffRaw({ kind: 'cr2', littleEndian: true, preview: big, thumbnail: thumb, rawData: lossless });
    expect(sniffType(raw)).toBe('image/x-canon-cr2');
    const found = findRawPreview(raw);
    expect(found.preview!.jpeg.equals(big)).toBe(true);
    expect(found.preview!.source).toBe('IFD0 JPEG strip');
    // Without the preview, the thumbnail wins and the lossless strip is still refused.
    const onlyThumb = findRawPreview(buildTiffRaw({ kind: 'cr2', littleEndian: true, preview: null, thumbnail: thumb, rawData: lossless }));
    expect(onlyThumb.preview!.jpeg.equals(thumb)).toBe(true);
    const none = findRawPreview(buildTiffRaw({ kind: 'cr2', littleEndian: true, preview: null, thumbnail: null, rawData: lossless }));
    expect(none.preview).toBeNull();
    expect(none.reason).toMatch(/SOF3/);
  });

  it("finds RW2's JpgFromRaw (tag 0x2e) behind the 'IIU' magic", () => {
    const raw = buildTiffRaw({ kind: 'rw2', littleEndian: true, preview: big, thumbnail: null });
    expect(sniffType(raw)).toBe('image/x-panasonic-rw2');
    const found = findRawPreview(raw);
    expect(found.preview!.jpeg.equals(big)).toBe(true);
    expect(found.preview!.source).toBe('IFD0 JpgFromRaw');
  });

  it("sniffs Olympus ORF ('IIRO') as a RAW and finds its preview", () => {
    const raw = buildTiffRaw({ kind: 'nef', littleEndian: true, preview: big, thumbnail: thumb });
    raw.write('RO', 2, 'latin1');
    expect(sniffType(raw)).toBe('image/x-olympus-orf');
    expect(findRawPreview(raw).preview!.jpeg.equals(big)).toBe(true);
  });

  it('finds the RAF header JPEG', () => {
    const raw = buildRaf(big);
    expect(sniffType(raw)).toBe('image/x-fuji-raf');
    const found = findRawPreview(raw);
    expect(found.preview!.jpeg.equals(big)).toBe(true);
    expect(found.preview!.source).toBe('RAF header JPEG');
  });

  it('reads the same preview from a path (ranged reads) as from the bytes, and leaves the file as it was', () => {
    const raw = buildTiffRaw({ kind: 'nef', littleEndian: false, preview: big, thumbnail: thumb });
    const file = writeFixture(path.join(dir, 'camera.nef'), raw);
    const found = findRawPreview(file);
    expect(found.preview!.jpeg.equals(big)).toBe(true);
    expect(readFileSync(file).equals(raw)).toBe(true);
    expect(findRawPreview(path.join(dir, 'missing.nef')).reason).toMatch(/cannot open/);
  });

  it('says no preview for an ordinary TIFF, a JPEG and garbage', async () => {
    const plainTiff = await sharp(big).tiff().toBuffer();
    const tiff = findRawPreview(plainTiff);
    expect(tiff.preview).toBeNull();
    expect(tiff.isRaw).toBe(false);
    expect(findRawPreview(big).reason).toMatch(/not a RAW container/);
    expect(findRawPreview(Buffer.alloc(3)).reason).toMatch(/too short/);
  });
});

describe('findRawPreview on the corpus RAW samples', () => {
  const corpus = (name: string) => readFileSync(corpusPath('exiftool-t-images', name));

  it('FujiFilm.raf and Panasonic.rw2 carry small (8×8) previews, found byte for byte', () => {
    for (const [name, source] of [['FujiFilm.raf', 'RAF header JPEG'], ['Panasonic.rw2', 'IFD0 JpgFromRaw']] as const) {
      const bytes = corpus(name);
      const found = findRawPreview(bytes);
      expect(found.preview, name).not.toBeNull();
      expect([found.preview!.width, found.preview!.height], name).toEqual([8, 8]);
      expect(found.preview!.source).toBe(source);
      expect(found.preview!.jpeg.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff])), name).toBe(true);
      expect(bytes.indexOf(found.preview!.jpeg), name).toBeGreaterThan(0);
    }
  });

  it('CanonRaw.cr2, Nikon.nef, DNG.dng and CanonRaw.cr3 are stripped test files: no usable preview, a reason', () => {
    for (const name of ['CanonRaw.cr2', 'Nikon.nef', 'DNG.dng', 'CanonRaw.cr3']) {
      const found = findRawPreview(corpus(name));
      expect(found.preview, name).toBeNull();
      expect(found.isRaw, name).toBe(true);
      expect(found.reason, name).toMatch(/does not start with a JPEG marker/);
    }
  });

  it('renderImage on the corpus RAF: thumbnail from the preview, with the note', async () => {
    const r = await renderImage(corpus('FujiFilm.raf'), 'image/x-fuji-raf', null, limits);
    expect([r.width, r.height]).toEqual([8, 8]);
    expect(r.warnings[0]).toMatch(/embedded JPEG preview \(8×8, RAF header JPEG\); the raw sensor data is not decoded/);
    expect((await sharp(r.thumbnail).metadata()).format).toBe('webp');
  });

  it('renderImage on the stripped CR2 fails with a RAW reason', async () => {
    const error = await renderImage(corpus('CanonRaw.cr2'), 'image/x-canon-cr2', null, limits).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DecodeError);
    expect((error as Error).message).toMatch(/^RAW file without a usable embedded JPEG preview \(.*\): hashed and kept, no thumbnail$/);
  });
});

describe('renderImage / renderFullView on a RAW', () => {
  it('gives the RAW the PDQ, size and thumbnail of its embedded JPEG, with a note', async () => {
    const raw = buildTiffRaw({ kind: 'cr2', littleEndian: true, preview: big, thumbnail: thumb, rawData: lossless });
    const asRaw = await renderImage(raw, 'image/x-canon-cr2', null, limits);
    const asJpeg = await renderImage(big, 'image/jpeg', null, limits);
    expect(hammingDistance(asRaw.pdq.hash, asJpeg.pdq.hash)).toBe(0);
    expect(asRaw.pdqDihedral.equals(asJpeg.pdqDihedral)).toBe(true);
    expect([asRaw.width, asRaw.height]).toEqual([1200, 800]);
    expect(asRaw.warnings).toEqual(["picture from the camera's embedded JPEG preview (1200×800, IFD0 JPEG strip); the raw sensor data is not decoded"]);
    const t = await sharp(asRaw.thumbnail).metadata();
    expect([t.format, t.width, t.height]).toEqual(['webp', 256, 171]);
  });

  it("applies the RAW's EXIF orientation to the thumbnail and the viewer image (previews are stored unrotated)", async () => {
    const raw = buildTiffRaw({ kind: 'nef', littleEndian: true, preview: big, thumbnail: thumb });
    const r = await renderImage(raw, 'image/tiff', 6, limits);
    const t = await sharp(r.thumbnail).metadata();
    expect([t.width, t.height]).toEqual([171, 256]);
    const view = await sharp(await renderFullView(raw, 'image/tiff', 6, 1000)).metadata();
    expect([view.format, view.width, view.height]).toEqual(['webp', 667, 1000]);
  });

  it('decodes a preview cut off by the end of the file in part, with both notes', async () => {
    const raw = buildRaf(big);
    const cut = raw.subarray(0, raw.length - Math.floor(big.length / 3));
    const found = findRawPreview(cut);
    expect(found.preview!.truncated).toBe(true);
    const r = await renderImage(cut, 'image/x-fuji-raf', null, limits);
    expect(r.warnings[0]).toMatch(/cut off by the end of the file/);
    expect(r.warnings.some((w) => /damaged/.test(w))).toBe(true);
  });

  it('keeps the pixel guard: a preview over the limit is hashed but not decoded', async () => {
    const raw = buildRaf(big);
    await expect(renderImage(raw, 'image/x-fuji-raf', null, { maxPixels: 100_000 })).rejects.toThrow(/decode limit/);
  });

  it('a plain TIFF still decodes through libvips, without a RAW note', async () => {
    const r = await renderImage(await sharp(big).tiff().toBuffer(), 'image/tiff', null, limits);
    expect([r.width, r.height]).toEqual([1200, 800]);
    expect(r.warnings).toEqual([]);
  });
});

describe('findRawPreview on hostile input', () => {
  const seeds = [
    buildTiffRaw({ kind: 'nef', littleEndian: true, preview: big, thumbnail: thumb }),
    buildTiffRaw({ kind: 'nef', littleEndian: false, preview: big, thumbnail: thumb }),
    buildTiffRaw({ kind: 'cr2', littleEndian: true, preview: big, thumbnail: thumb, rawData: lossless }),
    buildTiffRaw({ kind: 'rw2', littleEndian: true, preview: big, thumbnail: null }),
    buildRaf(big),
  ];
  const valid = (r: ReturnType<typeof findRawPreview>) => {
    if (r.preview) expect(r.preview.jpeg.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))).toBe(true);
    else expect(r.reason).toMatch(/\w{4,}/);
  };

  it('truncated at every 97th byte: a reason or a valid JPEG start, never a throw', () => {
    const started = performance.now();
    for (const seed of seeds) for (let n = 0; n < seed.length; n += 97) valid(findRawPreview(seed.subarray(0, n)));
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('random 32-bit words written over the structure (offsets, counts, lengths) end quickly', () => {
    let state = 12345;
    const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0);
    const started = performance.now();
    for (let i = 0; i < 3000; i++) {
      const seed = seeds[i % seeds.length]!;
      const bytes = Buffer.from(seed);
      for (let k = 0; k < 1 + (next() % 4); k++) {
        const at = next() % Math.min(1400, bytes.length - 4);
        bytes.writeUInt32LE([0xffffffff, 0, 8, 16, bytes.length, bytes.length - 2, next()][next() % 7]!, at);
      }
      valid(findRawPreview(bytes));
    }
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('an IFD chain that loops, a SubIFD naming itself and 65535 entries stop at once', () => {
    for (const hostile of ['ifd-cycle', 'sub-cycle', 'huge-count', 'jpeg-past-end', 'huge-length'] as const) {
      const started = performance.now();
      const r = findRawPreview(buildTiffRaw({ kind: 'nef', littleEndian: true, preview: big, thumbnail: thumb, hostile }));
      valid(r);
      expect(performance.now() - started, hostile).toBeLessThan(200);
      if (hostile === 'jpeg-past-end' || hostile === 'huge-length') expect(r.preview!.jpeg.equals(thumb), hostile).toBe(true);
    }
  });
});
