// Thumbnails keyed by the evidence file's SHA-256: identical files share one thumbnail, and a
// thumbnail can never be confused with another file's. Written atomically (temp file + rename),
// so a killed ingest leaves either a whole thumbnail or none.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const SHA256_RE = /^[0-9a-f]{64}$/;

export class ThumbnailStore {
  constructor(readonly dir: string) {}

  pathFor(sha256: string): string {
    if (!SHA256_RE.test(sha256)) throw new Error(`Not a SHA-256: ${JSON.stringify(sha256)}`);
    return path.join(this.dir, sha256.slice(0, 2), `${sha256}.webp`);
  }

  has(sha256: string): boolean {
    return existsSync(this.pathFor(sha256));
  }

  write(sha256: string, webp: Uint8Array): void {
    const file = this.pathFor(sha256);
    mkdirSync(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    try {
      writeFileSync(temp, webp);
      renameSync(temp, file);
    } catch (error) {
      // A disk that filled up mid-write leaves a partial temp file: give its space back.
      rmSync(temp, { force: true });
      throw error;
    }
  }

  read(sha256: string): Buffer | null {
    try {
      return readFileSync(this.pathFor(sha256));
    } catch {
      return null;
    }
  }
}

/**
 * Whether a worker's failed result is in truth the case's disk being full: a thumbnail write that
 * failed for space (process-file.ts reports it with the errno in brackets, "… (ENOSPC)"). Reading
 * evidence never gives ENOSPC or EDQUOT, so the reason cannot belong to the file itself.
 */
export function isStorageFullReason(reason: string | null): boolean {
  return reason !== null && /\((ENOSPC|EDQUOT)\)/.test(reason);
}
