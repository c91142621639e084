// Metadata of QuickTime, MP4 and 3GP videos (ISO-BMFF), read without decoding: the device, the
// recording date and the place that phone and camera videos record in their 'moov' box.
//
// Sources, first found wins (each recorded in tags.lanterne.sources):
//   make, model  Apple meta keys com.apple.quicktime.make/.model, else udta ©mak/©mod, else
//                udta manu/modl (Samsung, Canon), else iTunes-style ilst ©mak/©mod
//   serial       udta SNum / slno as recorded; GoPro CAME (a hash of the serial) as 'internal'
//   software     com.apple.quicktime.software, else udta ©swr
//   taken        com.apple.quicktime.creationdate with its offset as written, else udta ©day,
//                else mvhd creation_time: seconds since 1904 in UTC (ISO 14496-12 §8.2.2), so
//                written with "+00:00" — some cameras put local time there; the source says mvhd
//   gps          com.apple.quicktime.location.ISO6709, else udta ©xyz, else ilst ©xyz, else 3GPP loci
//
// The moov box may sit after gigabytes of 'mdat': given a path, only box headers and the moov box
// are read, with read-only ranged reads. Never throws on the file's content: problems are warnings.
import type { ExifSummary, SerialNumberRecord } from '../../../shared/model.js';
import { bufferSource, withEvidenceSource, type ByteSource } from './byte-source.js';
import { buildTagGroups, cameraString, cleanText, sourcePicker } from './metadata-json.js';
import type { ImageMetadata } from './metadata.js';
import { fourcc, header, MAX_BOXES, printable, type Box, type Walk } from './quicktime-boxes.js';
import { nothingFound, readMoov, type Found, type VideoInfo } from './quicktime-moov.js';
import { parseIso6709, quickTimeTime, recordedDate } from './quicktime-values.js';

/** A moov larger than this is not read (a phone's is a few hundred KB; a hostile one could be GBs). */
export const MAX_MOOV_BYTES = 64 << 20;

export type { VideoInfo };

const NOTHING = new Uint8Array(0);
export type VideoMetadata = ImageMetadata & { video: VideoInfo };

/** Types whose container this module reads. */
export function isQuickTimeType(mime: string | null): boolean {
  return mime === 'video/mp4' || mime === 'video/quicktime' || mime === 'video/3gpp' || mime === 'video/3gpp2';
}

/** Never throws: a path that cannot be opened gives an empty result with the reason. */
export function extractQuickTimeMetadata(input: Buffer | Uint8Array | string): VideoMetadata {
  const warnings: string[] = [];
  if (typeof input !== 'string') return safely(() => readMovie(bufferSource(input), warnings), warnings);
  try {
    return withEvidenceSource(input, (src) => safely(() => readMovie(src, warnings), warnings));
  } catch (error) {
    warnings.push(`video metadata not read: cannot open file: ${(error as Error).message}`);
    return emptyVideo(warnings);
  }
}

function safely(read: () => VideoMetadata, warnings: string[]): VideoMetadata {
  try {
    return read();
  } catch (error) {
    // An I/O error or a bug we did not foresee: this file has no video metadata, the ingest goes on.
    warnings.push(`video metadata could not be read: ${String((error as Error)?.message ?? error).slice(0, 300)}`);
    return emptyVideo(warnings);
  }
}

function readMovie(src: ByteSource, warnings: string[]): VideoMetadata {
  const walk: Walk = { boxes: 0, warnings, capped: false };
  const found = nothingFound();
  let at = 0;
  let moov: Box | null = null;
  while (at < src.size && !walk.capped) {
    if (++walk.boxes > MAX_BOXES) {
      warnings.push(`more than ${MAX_BOXES} top-level boxes; the rest is not read`);
      break;
    }
    const box = header(src.read(at, 16) ?? NOTHING, at, src.size, walk);
    if (!box) break;
    if (box.type === 'ftyp' && box.end - box.start >= 4) found.brand = printable(fourcc(src.read(box.start, 4)!, 0));
    if (box.type === 'moov') {
      moov = box;
      break;
    }
    at = box.end;
  }
  if (!moov) {
    warnings.push('no moov box: the video has no readable metadata (cut short, or still being recorded)');
  } else if (moov.end - moov.start > MAX_MOOV_BYTES) {
    warnings.push(`moov box of ${moov.end - moov.start} bytes is over the ${MAX_MOOV_BYTES >> 20} MB limit; not read`);
  } else {
    const bytes = src.read(moov.start, moov.end - moov.start) ?? NOTHING;
    readMoov(bytes, 0, bytes.length, found, walk);
  }
  return toMetadata(found, warnings);
}

// ---- into the case's shape ----

function toMetadata(found: Found, warnings: string[]): VideoMetadata {
  const sources: Record<string, string> = {};
  const apple = (name: string): [string, unknown] => [`quicktime.keys.com.apple.quicktime.${name}`, found.keys.get(`com.apple.quicktime.${name}`)];
  const udta = (type: string): [string, unknown] => [`quicktime.udta.${type}`, found.udta.get(type)];
  const ilst = (type: string): [string, unknown] => [`quicktime.ilst.${type}`, found.ilst.get(type)];
  const pick = sourcePicker(sources);
  const summary: ExifSummary = {
    make: pick('make', [apple('make'), udta('©mak'), udta('manu'), ilst('©mak'), ['quicktime.keys.com.android.manufacturer', found.keys.get('com.android.manufacturer')]]),
    model: pick('model', [apple('model'), udta('©mod'), udta('modl'), udta('CNMN'), ilst('©mod'), ['quicktime.keys.com.android.model', found.keys.get('com.android.model')]]),
    serial: null,
    lens: null,
    software: pick('software', [apple('software'), udta('©swr'), ilst('©swr'), ilst('©too')]),
    taken: null,
    gps: null,
  };
  const serials: SerialNumberRecord[] = [];
  for (const type of ['SNum', 'slno']) {
    const value = cameraString(found.udta.get(type));
    if (value !== null) serials.push({ kind: 'body', value, source: `quicktime.udta.${type}` });
  }
  const came = found.udta.get('CAME');
  if (typeof came === 'string' && /[1-9a-f]/.test(came)) serials.push({ kind: 'internal', value: came, source: 'quicktime.udta.CAME' });
  const body = serials.find((s) => s.kind === 'body');
  if (body) {
    summary.serial = body.value;
    sources['serial'] = body.source;
  }

  const recorded = (value: unknown): string | null => (typeof value === 'string' ? recordedDate(value, warnings) : null);
  summary.taken = pick('taken', [apple('creationdate'), udta('©day'), ilst('©day')], recorded);
  const mvhdCreated = found.mvhd ? quickTimeTime(found.mvhd.created) : null;
  if (summary.taken === null && mvhdCreated !== null) {
    summary.taken = mvhdCreated;
    sources['taken'] = 'quicktime.mvhd.CreateTime';
  }
  for (const [from, value] of [apple('location.ISO6709'), udta('©xyz'), ilst('©xyz')]) {
    if (typeof value !== 'string') continue;
    const gps = parseIso6709(value);
    if (gps) {
      summary.gps = gps;
      sources['gps'] = from;
      break;
    }
    warnings.push(`${from} "${cleanText(value, 40)}" is not an ISO 6709 position; ignored`);
  }
  if (!summary.gps && found.loci) {
    summary.gps = found.loci;
    sources['gps'] = 'quicktime.udta.loci';
  }

  const mvhd = found.mvhd;
  const video: VideoInfo = {
    width: found.video.width,
    height: found.video.height,
    duration: mvhd && mvhd.timescale > 0 && mvhd.duration !== null ? Math.round((mvhd.duration / mvhd.timescale) * 1000) / 1000 : null,
    rotation: found.video.rotation,
  };
  const block: Record<string, unknown> = {
    MajorBrand: found.brand,
    CreateTime: mvhdCreated,
    ModifyTime: mvhd ? quickTimeTime(mvhd.modified) : null,
    Duration: video.duration,
    ImageWidth: video.width,
    ImageHeight: video.height,
    Rotation: video.rotation,
    VideoTracks: found.video.tracks,
  };
  for (const [key, value] of found.udta) block[`udta.${key}`] = value;
  for (const [key, value] of found.ilst) block[`ilst.${key}`] = value;
  for (const [key, value] of found.keys) block[`keys.${key}`] = value;
  if (found.loci) block['udta.loci'] = found.loci;
  for (const key of Object.keys(block)) if (block[key] === null) delete block[key];
  const tags = buildTagGroups([['quicktime', block]], warnings);
  if (Object.keys(sources).length > 0) tags['lanterne'] = { ...tags['lanterne'], sources };
  return {
    summary, orientation: null, tags, warnings, video,
    camera: { serials, lensSerial: null, owner: null, modified: null, shutterCount: null },
    descriptive: { keywords: [], caption: null, creator: null, copyright: null },
    edits: { thumbnailMismatch: null, software: null, history: [], dates: [], photoshop: false, possiblyEdited: false },
    thumbnail: null,
  };
}

function emptyVideo(warnings: string[]): VideoMetadata {
  return toMetadata(nothingFound(), warnings);
}
