// extractMetadata against exiftool 12.57 (`exiftool -json -n`, ../shared/corpus/oracles) on every
// file of the shared corpus: Make, Model, DateTimeOriginal, GPS and Orientation must agree on at
// least 95% of the files where exiftool has the field, among the files the ingest pipeline hands
// to extractMetadata (the ones sniffType calls images). Every disagreement is printed, with the
// exiftool groups (from the -G1 oracle) that hold exiftool's value, so a value exiftool read from
// a maker note or from a format exifr has no parser for shows as such.
//
// Known disagreements (exiftool 12.57 reads these where exifr has no parser; printed on every run):
// - exiftool-t-images/ExifTool.jpg: holds both a Canon CIFF record and EXIF from another camera;
//   exiftool prefers CIFF, we prefer EXIF (ours equals exiftool's IFD0:Make/Model, ExifIFD date).
// - jpg/exif-org/olympus-d320l.jpg: date only in an Olympus "PictureInfo" APP segment.
// - jpg/Reconyx_HC500_Hyperfire.jpg: date only in the Reconyx maker note (maker notes: separate issue).
// - exiftool-t-images/CasioQVCI.jpg: date only in Casio's QVCI APP segment.
// Among files the pipeline does not treat as images (XMP sidecars, MRW, X3F, MIE, MIFF, BPG, LFP,
// EIP, R3D, Kyocera RAW, XCF) exiftool has parsers and we have none; they are listed, not asserted.
// Orientation 0 (written by some tools) is not an orientation: we give null, counted as agreeing.
//
// SourceFile paths in the oracles are "./<folder>/<file>", relative to the corpus root.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractMetadata, type ImageMetadata } from '../../../../electron/engine/ingest/metadata.js';
import { isImageType, sniffType } from '../../../../electron/engine/ingest/sniff.js';
import { corpusPath, ORACLES } from '../../../fixtures/corpus.js';

type ExiftoolEntry = Record<string, unknown> & { SourceFile: string; FileType: string };

const FIELDS = ['Make', 'Model', 'DateTimeOriginal', 'GPS', 'GPSAltitude', 'Orientation'] as const;
type Field = (typeof FIELDS)[number];

interface Row {
  file: string;
  fileType: string;
  mime: string;
  inScope: boolean;
  expected: Record<string, unknown>;
  groups: Record<string, unknown>;
  ours: ImageMetadata;
  ms: number;
}

interface Outcome {
  field: Field;
  row: Row;
  agree: boolean;
  theirs: unknown;
  mine: unknown;
}

const rows: Row[] = [];

beforeAll(async () => {
  const oracle = JSON.parse(readFileSync(`${ORACLES}/exiftool-fields-n.json`, 'utf8')) as ExiftoolEntry[];
  const all = JSON.parse(readFileSync(`${ORACLES}/exiftool-all-G1-n.json`, 'utf8')) as ExiftoolEntry[];
  const groupsByFile = new Map(all.map((e) => [e.SourceFile, e as Record<string, unknown>]));
  for (const entry of oracle) {
    const bytes = readFileSync(corpusPath(entry.SourceFile.replace(/^\.\//, '')));
    const mime = sniffType(bytes);
    const start = performance.now();
    const ours = await extractMetadata(bytes, mime);
    const ms = performance.now() - start;
    rows.push({
      file: entry.SourceFile,
      fileType: entry.FileType,
      mime,
      inScope: isImageType(mime),
      expected: entry,
      groups: groupsByFile.get(entry.SourceFile) ?? {},
      ours,
      ms,
    });
  }
}, 120_000);

/** "2021-07-04T13:22:10+02:00" → "2021:07:04 13:22:10", exiftool's form, for comparing. */
const exifForm = (iso: string | null) => (iso === null ? null : iso.slice(0, 19).replace(/-/g, ':').replace('T', ' '));

const isValidExifDate = (v: unknown) =>
  typeof v === 'string' && /^\d{4}:\d{2}:\d{2} \d{2}:\d{2}:\d{2}/.test(v) && !v.startsWith('0000');

function compare(row: Row): Outcome[] {
  const e = row.expected;
  const s = row.ours.summary;
  const out: Outcome[] = [];
  const add = (field: Field, agree: boolean, theirs: unknown, mine: unknown) => out.push({ field, row, agree, theirs, mine });
  if (e['Make'] !== undefined) add('Make', String(e['Make']).trim() === s.make, e['Make'], s.make);
  if (e['Model'] !== undefined) add('Model', String(e['Model']).trim() === s.model, e['Model'], s.model);
  if (e['DateTimeOriginal'] !== undefined) {
    const theirs = e['DateTimeOriginal'];
    // An unset camera clock ("0000:00:00 00:00:00") is not a time: ours must not be it.
    const expected = isValidExifDate(theirs) ? String(theirs).slice(0, 19) : null;
    const mine = exifForm(s.taken);
    add('DateTimeOriginal', expected === null ? mine === null || !mine.startsWith('0000') : mine === expected, theirs, s.taken);
  }
  if (e['GPSLatitude'] !== undefined || e['GPSLongitude'] !== undefined) {
    const lat = e['GPSLatitude'];
    const lon = e['GPSLongitude'];
    // exiftool prints what is there even when it is no position ("" for an empty rational).
    const agree =
      typeof lat === 'number' && typeof lon === 'number'
        ? s.gps !== null && Math.abs(s.gps.lat - lat) <= 1e-5 && Math.abs(s.gps.lon - lon) <= 1e-5
        : s.gps === null;
    add('GPS', agree, [lat, lon], s.gps && [s.gps.lat, s.gps.lon]);
  }
  if (e['GPSAltitude'] !== undefined) {
    const alt = e['GPSAltitude'];
    const agree = typeof alt === 'number' ? s.gps?.alt != null && Math.abs(s.gps.alt - alt) <= 0.1 : (s.gps?.alt ?? null) === null;
    add('GPSAltitude', agree, alt, s.gps?.alt ?? null);
  }
  if (e['Orientation'] !== undefined) {
    const o = e['Orientation'];
    const expected = typeof o === 'number' && Number.isInteger(o) && o >= 1 && o <= 8 ? o : null;
    add('Orientation', row.ours.orientation === expected, o, row.ours.orientation);
  }
  return out;
}

/** The exiftool groups (-G1) whose tag of this name holds exiftool's value, e.g. "IFD0, XMP-tiff". */
function groupsHolding(row: Row, field: Field, theirs: unknown): string {
  const names = field === 'GPS' ? ['GPSLatitude'] : [field];
  const value = Array.isArray(theirs) ? theirs[0] : theirs;
  const hits: string[] = [];
  const others: string[] = [];
  for (const [key, v] of Object.entries(row.groups)) {
    const [group, name] = key.split(':') as [string, string?];
    if (!name || !names.includes(name)) continue;
    if (String(v).trim() === String(value).trim() || (typeof v === 'number' && Math.abs(v - Number(value)) < 1e-5)) hits.push(group);
    else others.push(`${group}=${JSON.stringify(v)}`);
  }
  return `exiftool's value from ${hits.join(', ') || '?'}${others.length ? `; other values: ${others.join(', ')}` : ''}`;
}

describe('extractMetadata against exiftool -n on the shared corpus', () => {
  it('reads every corpus file without throwing, with JSON-safe tags', () => {
    expect(rows.length).toBeGreaterThan(290);
    for (const row of rows) {
      expect(() => JSON.stringify(row.ours)).not.toThrow();
      expect(JSON.stringify(row.ours.tags).length).toBeLessThan(300 * 1024);
    }
  });

  it('agrees with exiftool on >= 95% of each field, and prints every disagreement', () => {
    const outcomes = rows.flatMap(compare);
    const lines: string[] = [];
    const table: string[] = [];
    const rates: Record<string, number> = {};
    for (const field of FIELDS) {
      const scoped = outcomes.filter((o) => o.field === field && o.row.inScope);
      const outside = outcomes.filter((o) => o.field === field && !o.row.inScope);
      const agree = scoped.filter((o) => o.agree).length;
      const agreeAll = agree + outside.filter((o) => o.agree).length;
      const totalAll = scoped.length + outside.length;
      rates[field] = scoped.length ? agree / scoped.length : 1;
      table.push(
        `${field.padEnd(17)} images: ${agree}/${scoped.length} = ${(100 * rates[field]).toFixed(1)}%` +
          `   all files: ${agreeAll}/${totalAll} = ${((100 * agreeAll) / Math.max(1, totalAll)).toFixed(1)}%`,
      );
      for (const o of [...scoped, ...outside].filter((x) => !x.agree)) {
        lines.push(
          `${o.row.inScope ? '' : '[not an image type for the pipeline] '}${o.row.file} (${o.row.fileType}, ${o.row.mime}) ` +
            `${field}: exiftool ${JSON.stringify(o.theirs)}, ours ${JSON.stringify(o.mine)} — ${groupsHolding(o.row, field, o.theirs)}` +
            (o.row.ours.warnings.length ? ` — our warnings: ${o.row.ours.warnings.join(' | ')}` : ''),
        );
      }
    }
    const times = rows.map((r) => r.ms).sort((a, b) => a - b);
    const total = times.reduce((a, b) => a + b, 0);
    console.log(
      [
        'Per-field agreement with exiftool (images = files sniffType calls images, which the pipeline reads metadata from):',
        ...table,
        `Disagreements (${lines.length}):`,
        ...lines,
        `Time per file (extractMetadata only, ${rows.length} files, one run, includes first-call warm-up): ` +
          `mean ${(total / rows.length).toFixed(2)} ms, median ${times[Math.floor(times.length / 2)]!.toFixed(2)} ms, ` +
          `max ${times[times.length - 1]!.toFixed(1)} ms`,
      ].join('\n'),
    );
    for (const field of FIELDS) expect(rates[field], field).toBeGreaterThanOrEqual(0.95);
  });
});
