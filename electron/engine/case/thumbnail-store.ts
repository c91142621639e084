// Thumbnails keyed by the evidence file's SHA-256: identical files share one thumbnail, and a
// thumbnail can never be confused with another file's. Written atomically (temp file + rename),
// so a killed ingest leaves either a whole thumbnail or none.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
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
    writeFileSync(temp, webp);
    renameSync(temp, file);
  }

  read(sha256: string): Buffer | null {
    try {
      return readFileSync(this.pathFor(sha256));
    } catch {
      return null;
    }
  }
}
