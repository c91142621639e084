// Maker notes: the serial numbers, owner and shutter count that cameras keep outside standard
// EXIF. The note's layout is told by its own header where it has one, else by the EXIF Make.
// Every reader is bounds-checked (tiff-reader.ts) and runs inside a catch here, so a hostile
// note costs a warning and nothing else.
import { readApple } from './apple.js';
import { readCanon } from './canon.js';
import { readFujifilm } from './fujifilm.js';
import { readNikon } from './nikon.js';
import { readOlympus } from './olympus.js';
import { readMotorola, readReconyx, readRicoh, readSigma } from './others.js';
import { readPanasonic } from './panasonic.js';
import { readPentax } from './pentax.js';
import { readSamsung } from './samsung.js';
import { readSony } from './sony.js';
import { startsWith } from './tiff-reader.js';
import { newFacts, type MakerNoteFacts, type MakerNoteInput, type MakerNoteReader } from './types.js';

export type { MakerNoteFacts, SerialKind, SerialRecord } from './types.js';

const BY_HEADER: Array<[header: string, maker: string, read: MakerNoteReader]> = [
  ['Nikon\0', 'Nikon', readNikon],
  ['OLYMPUS\0', 'Olympus', readOlympus],
  ['OM SYSTEM\0', 'Olympus', readOlympus],
  ['OLYMP\0', 'Olympus', readOlympus],
  ['EPSON\0', 'Olympus', readOlympus],
  ['FUJIFILM', 'Fujifilm', readFujifilm],
  ['GENERALE', 'Fujifilm', readFujifilm],
  ['Panasonic\0', 'Panasonic', readPanasonic],
  ['AOC\0', 'Pentax', readPentax],
  ['PENTAX \0', 'Pentax', readPentax],
  ['SONY', 'Sony', readSony],
  ['VHAB ', 'Sony', readSony],
  ['Apple iOS\0', 'Apple', readApple],
  ['SIGMA\0', 'Sigma', readSigma],
  ['FOVEON\0', 'Sigma', readSigma],
  ['RICOH', 'Ricoh', readRicoh],
  ['Ricoh', 'Ricoh', readRicoh],
  ['MOT\0', 'Motorola', readMotorola],
  ['\x01\xf1', 'Reconyx', readReconyx],
];

/** Notes without a header of their own, told by the EXIF Make. */
const BY_MAKE: Array<[pattern: RegExp, maker: string, read: MakerNoteReader]> = [
  [/^canon/i, 'Canon', readCanon],
  [/^nikon/i, 'Nikon', readNikon],
  [/^samsung/i, 'Samsung', readSamsung],
  [/^(pentax|asahi)/i, 'Pentax', readPentax],
  [/^sony/i, 'Sony', readSony],
];

/** The facts of one maker note, or null when its maker is not one read here. */
export function readMakerNote(input: MakerNoteInput): MakerNoteFacts | null {
  const { tiff, note } = input;
  const byHeader = BY_HEADER.find(([header]) => startsWith(tiff.bytes, note, header));
  const match = byHeader ?? BY_MAKE.find(([pattern]) => pattern.test(input.make));
  if (!match) return null;
  const [, maker, read] = match;
  const facts = newFacts(maker);
  try {
    read(input, facts);
  } catch (error) {
    // The readers check every offset; this is the net under a bug, not the expected path.
    facts.warnings.push(`${maker} maker note not read: ${error instanceof Error ? error.message : String(error)}`);
  }
  return facts;
}

/** The Canon maker note of a CR3 file: its own TIFF structure (CMT3 box), offsets from its header. */
export { readCanon } from './canon.js';
