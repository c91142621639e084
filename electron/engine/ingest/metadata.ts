// Camera metadata of one image, read with exifr from the bytes the hasher already read. Runs on
// every image of the case, so it does one pass and no decoding; and on hostile files, so it
// never throws: whatever goes wrong becomes a warning and the rest is still read.
//
// Summary fields and their sources, first found wins (each source is recorded in tags.lanterne):
//   make, model   EXIF IFD0 Make/Model, else XMP tiff:Make/tiff:Model, else Canon CIFF (metadata-ciff.ts)
//   serial        the best body serial: EXIF BodySerialNumber (0xA431), else DNG CameraSerialNumber
//                 (0xC62F), else the maker note's, else XMP (metadata-depth.ts; every serial found
//                 is in summary.serials with its source)
//   lens          EXIF LensModel (0xA434) as recorded (LensMake stays in the tags), else XMP
//                 exifEX:LensModel, aux:Lens
//   software      EXIF IFD0 Software, else XMP tiff:Software, else the PNG tEXt "Software" keyword
//   taken         see metadata-dates.ts
//   gps           EXIF GPS IFD, else XMP exif:GPS* (metadata-gps.ts)
//   orientation   EXIF IFD0 Orientation 1-8, else XMP tiff:Orientation
import type { EditTraces, ExifSummary } from '../../../shared/model.js';
import { readCiff } from './metadata-ciff.js';
import { locateMetadata, type MetadataSource } from './metadata-containers.js';
import { readTaken } from './metadata-dates.js';
import { readDepth } from './metadata-depth.js';
import { readEditTraces, readModified } from './metadata-edits.js';
import { exifrIptcParse, exifrRead, exifrReadIfd } from './metadata-exifr.js';
import { readGps } from './metadata-gps.js';
import { buildTagGroups, cameraString, sourcePicker } from './metadata-json.js';
import { extractQuickTimeMetadata, isQuickTimeType } from './metadata-quicktime.js';
import { hasPhotoshopResources, readTiffExtras } from './metadata-tiff.js';
import { readXmp } from './metadata-xmp.js';

export interface ImageMetadata {
  summary: ExifSummary;
  /** EXIF Orientation 1..8, null if absent or invalid. */
  orientation: number | null;
  /**
   * Every tag exifr read, grouped by block (ifd0, exif, gps, interop, ifd1, iptc, xmp, png...),
   * JSON-safe (binary summarised as {bytes:n}), strings cleaned and capped at 4 KiB, the whole
   * capped at 256 KiB. XMP keys keep their prefix ("tiff:Make"). `lanterne` says where each
   * summary field came from and whether anything was left out.
   */
  tags: Record<string, Record<string, unknown>>;
  /** What went wrong, in words. */
  warnings: string[];
  /** Every serial (by source), lens serial, owner, ModifyDate, shutter count: the export's exif.* additions. */
  camera: CameraDepth;
  /** IPTC/XMP descriptive fields: what people and their tools added. */
  descriptive: Descriptive;
  /** Editing traces from the metadata; thumbnailMismatch is filled in by metadata-thumbnail.ts. */
  edits: EditTraces;
  /** The IFD1 thumbnail JPEG, to compare with the image; never stored. */
  thumbnail: Uint8Array | null;
}

export type CameraDepth = Required<Pick<ExifSummary, 'serials' | 'lensSerial' | 'owner' | 'modified' | 'shutterCount'>>;

export interface Descriptive {
  keywords: string[];
  caption: string | null;
  creator: string | null;
  copyright: string | null;
}

type Block = Record<string, unknown>;

/** A damaged file can produce hundreds of parser errors; the first ones say enough. */
const MAX_ERROR_WARNINGS = 10;

/** Block order in the stored tags; anything else exifr returns goes after these. */
const BLOCK_ORDER = ['ifd0', 'exif', 'gps', 'interop', 'ifd1', 'iptc', 'xmp', 'png', 'ciff'];

/**
 * Parse metadata from the bytes of one file already read into memory. `mime` is the sniffed
 * content type; the container is recognised from the bytes themselves. Never throws.
 */
export async function extractMetadata(bytes: Buffer, mime: string): Promise<ImageMetadata> {
  if (isQuickTimeType(mime)) return extractQuickTimeMetadata(bytes); // videos: their moov box, not exifr
  const warnings: string[] = [];
  try {
    return await extract(bytes, mime, warnings);
  } catch (error) {
    // A bug or an exifr failure we did not foresee: this file has no metadata, the ingest goes on.
    warnings.push(`metadata could not be read: ${describe(error)}`);
    return { summary: emptySummary(), orientation: null, tags: {}, warnings, camera: { serials: [], lensSerial: null, owner: null, modified: null, shutterCount: null }, descriptive: emptyDescriptive(), edits: noEdits(), thumbnail: null };
  }
}

async function extract(bytes: Buffer, mime: string, warnings: string[]): Promise<ImageMetadata> {
  const source = locateMetadata(bytes, mime);
  if (source.problem) warnings.push(source.problem);
  const blocks = await readBlocks(source, warnings);
  const xmp = readXmp(source.xmp.concat(xmpPackets(blocks['xmp'])), warnings);
  delete blocks['xmp'];

  const ifd0 = blocks['ifd0'];
  const exif = blocks['exif'];
  const gpsBlock = blocks['gps'];
  const fields = xmp.fields;
  const sources: Record<string, string> = {};
  const pick = sourcePicker(sources);

  const summary: ExifSummary = {
    make: pick('make', [['ifd0.Make', ifd0?.['Make']], ['xmp.tiff:Make', fields['tiff:Make']], ['ciff.Make', blocks['ciff']?.['Make']]]),
    model: pick('model', [['ifd0.Model', ifd0?.['Model']], ['xmp.tiff:Model', fields['tiff:Model']], ['ciff.Model', blocks['ciff']?.['Model']]]),
    serial: null, // below, from every source

    lens: pick('lens', [
      ['exif.LensModel', exif?.['LensModel']],
      ['xmp.exifEX:LensModel', fields['exifEX:LensModel']],
      ['xmp.aux:Lens', fields['aux:Lens']],
    ]),
    software: pick('software', [
      ['ifd0.Software', ifd0?.['Software']],
      ['xmp.tiff:Software', fields['tiff:Software']],
      ['png.Software', blocks['png']?.['Software']], // PNG tEXt keyword
    ]),
    taken: null,
    gps: null,
  };

  const gps = readGps(gpsBlock, fields, warnings);
  if (gps) {
    summary.gps = gps.position;
    sources['gps'] = gps.source;
  }
  const extras = readTiffExtras(bytes, source, summary.make ?? '', summary.model ?? '');
  warnings.push(...extras.warnings, ...(extras.makerNote?.warnings ?? []));
  const other: Array<[string, string | null]> = [
    ['pictureinfo.TimeDate', pictureInfoDate(extras.pictureInfo)],
    [`${extras.makerNote?.maker.toLowerCase() ?? 'makernote'}.DateTimeOriginal`, extras.makerNote?.dateTimeOriginal ?? null],
    ['casio.DateTimeOriginal', extras.casioDate?.replace(/^(\d{4})\.(\d{2})\.(\d{2})\.(\d{2})\.(\d{2})\.(\d{2})$/, '$1:$2:$3 $4:$5:$6') ?? null],
  ];
  const taken = readTaken({ exif, xmp: fields, iptc: blocks['iptc'], ciff: blocks['ciff'], other: other.filter(([, v]) => v !== null) }, warnings);
  if (taken) {
    summary.taken = taken.value;
    sources['taken'] = taken.source;
  }
  const depth = readDepth({
    ifd0, exif, iptc: blocks['iptc'], ciff: blocks['ciff'], xmpTags: xmp.tags, xmpFields: fields,
    makerNote: extras.makerNote, pictureInfo: extras.pictureInfo,
  });
  summary.serial = depth.bodySerial;
  if (depth.bodySerial !== null) sources['serial'] = depth.serials.find((r) => r.kind === 'body')!.source;
  const camera: CameraDepth = {
    serials: depth.serials,
    lensSerial: depth.lensSerial,
    owner: depth.owner,
    modified: readModified(ifd0, exif),
    shutterCount: depth.shutterCount,
  };
  const edits = readEditTraces({ ifd0, exif, gps: gpsBlock, xmpTags: xmp.tags, photoshop: extras.photoshop !== null && hasPhotoshopResources(extras.photoshop), warnings });
  const descriptive = { keywords: depth.keywords, caption: depth.caption, creator: depth.creator, copyright: depth.copyright };
  const orientation = readOrientation(ifd0?.['Orientation'], fields['tiff:Orientation'], sources, warnings);

  const groups: Array<readonly [string, Block | undefined]> = [];
  for (const name of BLOCK_ORDER) groups.push([name, name === 'xmp' ? xmp.tags : blocks[name]]);
  for (const [name, block] of Object.entries(blocks)) if (!BLOCK_ORDER.includes(name)) groups.push([name, block]);
  const tags = buildTagGroups(groups, warnings);
  if (Object.keys(sources).length > 0) tags['lanterne'] = { ...tags['lanterne'], sources };
  return { summary, orientation, tags, warnings, camera, descriptive, edits, thumbnail: extras.thumbnail };
}

/** exifr's output, normalised to named blocks; its errors become warnings. */
async function readBlocks(source: MetadataSource, warnings: string[]): Promise<Record<string, Block>> {
  const blocks: Record<string, Block> = {};
  const errors: unknown[] = [];
  if (source.exifrInput) {
    const out = await exifrRead(source.exifrInput, source.forceHeif);
    for (const [name, value] of Object.entries(out)) {
      if (name === 'errors') errors.push(...(Array.isArray(value) ? value : [value]));
      else if (name === 'userComment') continue;
      else if (name === 'xmp') blocks['xmp'] = { packet: value };
      else if (name === 'ihdr') blocks['png'] = value as Block; // PNG IHDR plus tEXt chunks
      else if (value && typeof value === 'object') blocks[name] = value as Block;
    }
    const comment = decodeUserComment(out['userComment']);
    if (comment !== undefined) (blocks['exif'] ??= {})['UserComment'] = comment;
  }
  for (const { block, tiff } of source.ifds) {
    const read = await exifrReadIfd(tiff, block);
    blocks[block] = { ...read.tags, ...blocks[block] };
    errors.push(...read.errors);
  }
  if (source.ciff) {
    const ciff = readCiff(source.ciff);
    if (ciff) blocks['ciff'] = ciff;
  }
  if (source.iptc) {
    try {
      blocks['iptc'] = { ...exifrIptcParse(source.iptc), ...blocks['iptc'] };
    } catch (error) {
      warnings.push(`IPTC not read: ${describe(error)}`);
    }
  }
  // exifr adds its own decimal latitude/longitude to the GPS block; they are not tags.
  if (blocks['gps']) {
    delete blocks['gps']['latitude'];
    delete blocks['gps']['longitude'];
  }
  const distinct = [...new Set(errors.map(describe))];
  for (const error of distinct.slice(0, MAX_ERROR_WARNINGS)) warnings.push(`metadata partly unreadable: ${error}`);
  if (distinct.length > MAX_ERROR_WARNINGS) warnings.push(`metadata partly unreadable: ${distinct.length - MAX_ERROR_WARNINGS} more problems`);
  return blocks;
}

/**
 * exifr hands XMP over decoded as UTF-8. XMP may also be UTF-16/32 (XMP spec part 3, 1.1.1), which
 * then arrives with a NUL beside every ASCII character: dropping the NULs recovers the markup and
 * all ASCII text (other characters are lost; they were already replaced in the decoding).
 */
function xmpPackets(block: Block | undefined): string[] {
  const packet = block?.['packet'];
  const text = typeof packet === 'string' ? packet : packet instanceof Uint8Array ? new TextDecoder('utf-8').decode(packet) : null;
  if (text === null) return [];
  return [text.includes('\0') ? text.replace(/\0/g, '') : text];
}

function readOrientation(exifValue: unknown, xmpValue: string | undefined, sources: Record<string, string>, warnings: string[]): number | null {
  const value = ArrayBuffer.isView(exifValue) || Array.isArray(exifValue) ? (exifValue as ArrayLike<unknown>)[0] : exifValue;
  if (value !== undefined) {
    if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 8) {
      sources['orientation'] = 'ifd0.Orientation';
      return value;
    }
    warnings.push(`EXIF Orientation ${String(value).slice(0, 20)} is not 1-8; ignored`);
    return null;
  }
  if (xmpValue !== undefined && /^[1-8]$/.test(xmpValue.trim())) {
    sources['orientation'] = 'xmp.tiff:Orientation';
    return Number(xmpValue.trim());
  }
  return null;
}

/**
 * EXIF UserComment (0x9286) starts with an 8-byte character code (EXIF 2.3 §4.6.5): ASCII,
 * UNICODE (UCS-2, byte order of the file, unknown here: guessed from where the zero bytes are)
 * or undefined (zeros). JIS is left as bytes.
 */
function decodeUserComment(value: unknown): unknown {
  if (!(value instanceof Uint8Array) || value.length < 8) return value;
  const code = String.fromCharCode(...value.subarray(0, 8)).replace(/\0+$/, '');
  const body = value.subarray(8);
  let text: string;
  if (code === 'ASCII' || code === '') {
    text = new TextDecoder('utf-8').decode(body);
    if (text.includes('\uFFFD')) return value; // binary, as some makers write there: kept as {bytes}
  } else if (code === 'UNICODE') {
    let zerosAtEven = 0;
    let zerosAtOdd = 0;
    for (let i = 0; i < body.length; i++) if (body[i] === 0) i % 2 === 0 ? zerosAtEven++ : zerosAtOdd++;
    text = new TextDecoder(zerosAtEven > zerosAtOdd ? 'utf-16be' : 'utf-16le').decode(body);
  } else return value;
  return text.replace(/\0[\s\S]*$/, '').trim();
}

/**
 * PictureInfo "TimeDate=" is seconds since 1970 of the camera's wall clock: formatted in UTC it is
 * that wall-clock time, with no zone applied (as for CIFF, and as exiftool prints it).
 */
function pictureInfoDate(text: string | null): string | null {
  const seconds = text ? /\bTimeDate=(\d{1,12})\b/.exec(text)?.[1] : undefined;
  if (!seconds || Number(seconds) <= 0) return null;
  return new Date(Number(seconds) * 1000).toISOString().slice(0, 19).replace(/-/g, ':').replace('T', ' ');
}

export function emptyDescriptive(): Descriptive {
  return { keywords: [], caption: null, creator: null, copyright: null };
}

export function noEdits(): EditTraces {
  return { thumbnailMismatch: null, software: null, history: [], dates: [], photoshop: false, possiblyEdited: false };
}

function emptySummary(): ExifSummary {
  return { make: null, model: null, serial: null, lens: null, software: null, taken: null, gps: null };
}

function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s+/g, ' ').slice(0, 300);
}
