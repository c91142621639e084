import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isImageType, sniffType } from '../../../../electron/engine/ingest/sniff.js';
import { corpusPath } from '../../../fixtures/corpus.js';

const head = (...parts: string[]) => readFileSync(corpusPath(...parts)).subarray(0, 64);

describe('sniffType', () => {
  it('tells real corpus files by their bytes', () => {
    expect(sniffType(head('exifr-fixtures', 'IMG_20180725_163423.jpg'))).toBe('image/jpeg');
    expect(sniffType(head('exiftool-t-images', 'PNG.png'))).toBe('image/png');
    expect(sniffType(head('exiftool-t-images', 'GIF.gif'))).toBe('image/gif');
    expect(sniffType(head('exiftool-t-images', 'RIFF.webp'))).toBe('image/webp');
    expect(sniffType(head('exiftool-t-images', 'BMP.bmp'))).toBe('image/bmp');
    expect(sniffType(head('exifr-fixtures', 'heic-iphone7.heic'))).toBe('image/heic');
    expect(sniffType(head('exiftool-t-images', 'CanonRaw.cr2'))).toBe('image/x-canon-cr2');
    expect(sniffType(head('exiftool-t-images', 'CanonRaw.cr3'))).toBe('image/x-canon-cr3');
    expect(sniffType(head('exifr-fixtures', '001.tif'))).toBe('image/tiff');
    expect(sniffType(head('hashsets', 'synthetic-from-corpus', 'RDS_synthetic_modern_minimal.db'))).toBe('application/vnd.sqlite3');
  });

  it('ignores what the name says', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect(sniffType(png)).toBe('image/png');
  });

  it('names empty, text and unknown content', () => {
    expect(sniffType(new Uint8Array())).toBe('application/x-empty');
    expect(sniffType(Buffer.from('hello\nworld\n'))).toBe('text/plain');
    expect(sniffType(Buffer.from([0x00, 0x13, 0x37, 0x99, 0xfe]))).toBe('application/octet-stream');
  });

  it('survives heads shorter than any signature', () => {
    for (let n = 1; n < 16; n++) expect(() => sniffType(head('exifr-fixtures', 'heic-iphone7.heic').subarray(0, n))).not.toThrow();
  });

  it('decodes every image type but SVG', () => {
    expect(isImageType('image/jpeg')).toBe(true);
    expect(isImageType('image/svg+xml')).toBe(false);
    expect(isImageType('text/plain')).toBe(false);
  });
});
