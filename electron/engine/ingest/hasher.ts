// MD5, SHA-1 and SHA-256 of the same bytes in one pass: each chunk is read once and fed to all three.
import { createHash, type Hash } from 'node:crypto';

export interface FileHashes {
  md5: string;
  sha1: string;
  sha256: string;
}

export class TripleHasher {
  private readonly md5: Hash = createHash('md5');
  private readonly sha1: Hash = createHash('sha1');
  private readonly sha256: Hash = createHash('sha256');
  bytes = 0;

  update(chunk: Uint8Array): void {
    this.md5.update(chunk);
    this.sha1.update(chunk);
    this.sha256.update(chunk);
    this.bytes += chunk.length;
  }

  digest(): FileHashes {
    return { md5: this.md5.digest('hex'), sha1: this.sha1.digest('hex'), sha256: this.sha256.digest('hex') };
  }
}

export function hashBytes(bytes: Uint8Array): FileHashes {
  const hasher = new TripleHasher();
  hasher.update(bytes);
  return hasher.digest();
}
