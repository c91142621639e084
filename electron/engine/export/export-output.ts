// Where an export's bytes go: a file written atomically (a partial file never takes the name) or
// an already open stream (stdout), hashed on the way out, so the audit entry can name the SHA-256
// of exactly what was written (DESIGN.md "Integrity": exports carry the hashes of what they contain).
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { appendAudit } from '../audit/audit-log.js';
import type { Db } from '../case/db.js';

/**
 * The moment reports and redactions render images at. renderItem blurs a known item unless a
 * reveal is active at the time it is given; no reveal can be active before any was made, so asking
 * at the epoch gives the blurred render even while an examiner has one revealed: a reveal is for
 * one person for minutes, and must not end up in a file that outlives it.
 */
export const AS_IF_NO_REVEAL = new Date(0);

export type ExportFormat = 'jsonl' | 'csv' | 'vics' | 'vics-case' | 'html' | 'crops';

/** What an export wrote: the facts its `export.written` audit entry records. */
export interface ExportWritten {
  format: ExportFormat;
  /** The file or folder written, or "stdout". */
  destination: string;
  /** Records (items, media, regions) it holds. */
  count: number;
  bytes: number;
  /** SHA-256 (lowercase hex) of the file written; for crops, of its index file. */
  sha256: string;
}

/** Text written with backpressure and hashed as it goes. */
export class HashedWriter {
  private readonly hash = createHash('sha256');
  bytes = 0;

  constructor(private readonly out: Writable) {}

  async write(chunk: string | Buffer): Promise<void> {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    this.hash.update(bytes);
    this.bytes += bytes.length;
    if (!this.out.write(bytes)) await once(this.out, 'drain');
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

/**
 * Runs `produce` against `file` (via `<file>.partial`, renamed when complete) or against `stream`
 * when no file is given. `produce` returns how many records it wrote.
 */
export async function writeExport(
  target: { file: string } | { stream: Writable },
  produce: (out: HashedWriter) => Promise<number>,
): Promise<{ destination: string; count: number; bytes: number; sha256: string }> {
  if ('stream' in target) {
    const out = new HashedWriter(target.stream);
    const count = await produce(out);
    return { destination: 'stdout', count, bytes: out.bytes, sha256: out.digest() };
  }
  const temp = `${target.file}.partial`;
  const stream = createWriteStream(temp);
  try {
    const out = new HashedWriter(stream);
    const count = await produce(out);
    stream.end();
    await once(stream, 'finish');
    renameSync(temp, target.file);
    return { destination: target.file, count, bytes: out.bytes, sha256: out.digest() };
  } catch (error) {
    stream.destroy();
    rmSync(temp, { force: true });
    throw error;
  }
}

/** Appends the `export.written` entry for an export (the db must be open for writing). */
export function recordExport(db: Db, written: ExportWritten, options: { actor?: string; at?: string } = {}): void {
  appendAudit(
    db,
    'export.written',
    { format: written.format, destination: written.destination, count: written.count, bytes: written.bytes, sha256: written.sha256 },
    options,
  );
}
