// Damages the tail of a case's WAL the way a power cut can: the frames written since the last
// checkpoint are not yet on disk (synchronous = NORMAL syncs the WAL only when it checkpoints), so
// any of them may be missing (truncated) or half-written (garbled) after the machine comes back.
//
// Frames a checkpoint has copied, or started to copy, into case.sqlite were synced first and are
// never touched here: SQLite needs them to repair a half-done checkpoint, and no real crash can
// lose them. Which frames those are is read from the WAL-index (case.sqlite-shm), which a killed
// process leaves behind exactly as it was (a shared mapping survives SIGKILL).
// Layouts: https://www.sqlite.org/fileformat2.html#walformat and #walindexformat.
import { closeSync, existsSync, openSync, readFileSync, statSync, truncateSync, writeSync } from 'node:fs';
import { seededRandom } from '../../../shared/seeded-random.js';

const WAL_HEADER = 32;
const FRAME_HEADER = 24;

export type WalDamageMode = 'none' | 'truncate' | 'garble';

export interface WalDamage {
  mode: WalDamageMode;
  /** Frames in the WAL, and how many of them a checkpoint has taken (never damaged). */
  frames: number;
  protectedFrames: number;
  /** First damaged frame (1-based), or null when there was nothing the mode could damage. */
  firstDamaged: number | null;
  detail: string;
}

export function damageWalTail(dbFile: string, mode: WalDamageMode, random: () => number): WalDamage {
  const wal = `${dbFile}-wal`;
  const shm = `${dbFile}-shm`;
  const none = (frames: number, protectedFrames: number, detail: string): WalDamage => ({
    mode, frames, protectedFrames, firstDamaged: null, detail,
  });
  if (mode === 'none') return none(0, 0, 'left intact');
  if (!existsSync(wal) || statSync(wal).size < WAL_HEADER) return none(0, 0, 'no WAL');
  const header = readFileSync(wal).subarray(0, WAL_HEADER);
  const pageSize = header.readUInt32BE(8) === 1 ? 65536 : header.readUInt32BE(8);
  if (pageSize < 512) return none(0, 0, 'WAL header not written yet');
  const frameSize = FRAME_HEADER + pageSize;
  const size = statSync(wal).size;
  const framesInFile = Math.floor((size - WAL_HEADER) / frameSize);
  // Without a WAL-index we cannot tell what was checkpointed: leave the WAL alone.
  if (!existsSync(shm) || statSync(shm).size < 136) return none(framesInFile, framesInFile, 'no WAL-index');
  const index = readFileSync(shm).subarray(0, 136);
  const mxFrame = index.readUInt32LE(16); // valid frames of the current WAL generation
  const nBackfill = index.readUInt32LE(96);
  const nBackfillAttempted = index.readUInt32LE(128);
  const frames = Math.min(framesInFile, mxFrame);
  const protectedFrames = Math.max(nBackfill, nBackfillAttempted);
  if (frames <= protectedFrames) return none(frames, protectedFrames, 'every frame checkpointed');
  // Damage the last frames written, at most the last quarter of the unsynced ones (at least one).
  const unsynced = frames - protectedFrames;
  const span = 1 + Math.floor(random() * Math.max(1, Math.ceil(unsynced / 4)));
  const first = frames - span + 1;
  const frameStart = WAL_HEADER + (first - 1) * frameSize;
  if (mode === 'truncate') {
    // Cut inside the frame, as a write torn by the power cut would leave it.
    const cut = frameStart + Math.floor(random() * frameSize);
    truncateSync(wal, cut);
    return { mode, frames, protectedFrames, firstDamaged: first, detail: `truncated to ${cut} bytes (frame ${first} of ${frames})` };
  }
  // Garble: random bytes somewhere in the damaged frames (header, checksum or page contents).
  const end = WAL_HEADER + frames * frameSize;
  const at = frameStart + Math.floor(random() * (end - frameStart - 64));
  const junk = Buffer.alloc(16 + Math.floor(random() * 48));
  for (let i = 0; i < junk.length; i++) junk[i] = Math.floor(random() * 256);
  const fd = openSync(wal, 'r+');
  try {
    writeSync(fd, junk, 0, junk.length, at);
  } finally {
    closeSync(fd);
  }
  const frame = 1 + Math.floor((at - WAL_HEADER) / frameSize);
  return { mode, frames, protectedFrames, firstDamaged: frame, detail: `${junk.length} random bytes at offset ${at} (frame ${frame} of ${frames})` };
}

