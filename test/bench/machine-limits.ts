// The machine's own limits, measured in the same run as Lanterne so the ratios mean something on
// any hardware: OpenSSL's digest speed per core, and sharp's thumbnail-only throughput.
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import sharp from 'sharp';

export interface DigestSpeeds {
  md5: number;
  sha1: number;
  sha256: number;
  /** Bytes/s one core can push through all three digests (harmonic combination). */
  combinedPerCore: number;
  source: string;
}

export function opensslDigestSpeeds(seconds = 2): DigestSpeeds {
  const speed = (algo: string): number => {
    const out = execFileSync('openssl', ['speed', '-mr', '-elapsed', '-seconds', String(seconds), '-bytes', '1048576', '-evp', algo], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const line = out.split('\n').find((l) => l.startsWith('+F:'));
    const value = Number(line?.split(':').pop());
    if (!Number.isFinite(value) || value <= 0) throw new Error(`could not read openssl speed output for ${algo}`);
    return value;
  };
  const md5 = speed('md5');
  const sha1 = speed('sha1');
  const sha256 = speed('sha256');
  return { md5, sha1, sha256, combinedPerCore: 1 / (1 / md5 + 1 / sha1 + 1 / sha256), source: execFileSync('openssl', ['version'], { encoding: 'utf8' }).trim() };
}

/**
 * sharp doing nothing but 256 px WebP thumbnails of the files, at full concurrency (one pipeline
 * per core, libvips threads at their default): the decode-bound ceiling an ingest can approach.
 */
export async function thumbnailOnlyFilesPerSecond(files: string[]): Promise<{ filesPerSec: number; seconds: number }> {
  const started = performance.now();
  let next = 0;
  const lane = async () => {
    while (next < files.length) {
      const file = files[next++]!;
      await sharp(file).rotate().resize(256, 256, { fit: 'inside' }).webp({ quality: 75, effort: 2 }).toBuffer();
    }
  };
  await Promise.all(Array.from({ length: availableParallelism() }, lane));
  const seconds = (performance.now() - started) / 1000;
  return { filesPerSec: files.length / seconds, seconds };
}
