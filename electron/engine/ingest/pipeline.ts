// The ingest: walk the evidence roots into pending items, then hand each pending file to the
// worker pool and write results back in batched transactions. Everything is keyed by
// (root, relative path), so a killed ingest simply resumes: the walk adds nothing twice and only
// items still pending are processed. A finished case re-run adds nothing.
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { appendAudit } from '../audit/audit-log.js';
import { asStorageFull, CaseStorageFullError, openCase, type CaseHandle } from '../case/case-folder.js';
import { IngestQueries, type CaseCounts, type PendingItem, type WalkedRow } from '../case/ingest-queries.js';
import { linkSidecars } from '../case/sidecar-queries.js';
import { isStorageFullReason } from '../case/thumbnail-store.js';
import { rematchCase, type MatchSummary } from '../hashsets/matcher.js';
import { encodeRawPath } from './evidence-reader.js';
import type { FileResult } from './file-result.js';
import { isInsideResolved, safeRealpath } from './path-safety.js';
import { walk } from './walker.js';
import type { WorkerSpawner } from './worker-channel.js';
import { WorkerPool } from './worker-pool.js';

export interface IngestOptions {
  caseDir: string;
  roots: string[];
  workers?: number;
  /** Per-file processing limit in milliseconds. */
  timeoutMs?: number;
  maxPixels?: number;
  inMemoryLimit?: number;
  /** Triage: hash and sniff only; images can be completed by a later full ingest. */
  hashOnly?: boolean;
  onProgress?: (progress: IngestProgress) => void;
  signal?: AbortSignal;
  /** How worker processes are started; a child_process.fork by default (the desktop app passes its own). */
  spawnWorker?: WorkerSpawner;
}

export type IngestProgress =
  | { phase: 'scan'; root: string; files: number; added: number; notes: number }
  | {
      phase: 'process';
      done: number;
      failed: number;
      total: number;
      bytesDone: number;
      bytesTotal: number;
      elapsedMs: number;
    };

export interface IngestSummary {
  /** The whole case after this run. */
  counts: CaseCounts;
  /** Known-material status of the whole case after matching against its hash sets. */
  matches: MatchSummary;
  /** What this run did. */
  run: { added: number; processed: number; failed: number; bytes: number; elapsedMs: number; workers: number; restarts: number };
  interrupted: boolean;
}

export class IngestInputError extends Error {}

export const DEFAULTS = {
  timeoutMs: 60_000,
  // Far above any camera (a 100 MP medium-format frame) and panoramas up to ~200 MP; a
  // 20000×20000 "bomb" (400 MP) is refused before decoding.
  maxPixels: 200_000_000,
  inMemoryLimit: 256 << 20,
};

const BATCH_SIZE = 200;
const BATCH_MS = 1000;
const PAGE = 500;

export async function ingest(options: IngestOptions): Promise<IngestSummary> {
  const started = Date.now();
  const roots = options.roots.map((r) => checkRoot(r, options.caseDir));
  try {
    const handle = openCase(options.caseDir, { create: true });
    try {
      return await runIngest(handle, roots, options, started);
    } finally {
      handle.close();
    }
  } catch (error) {
    // A full disk anywhere (creating the case, the walk, a result batch): one clear error.
    throw asStorageFull(error, path.resolve(options.caseDir)) ?? error;
  }
}

async function runIngest(
  handle: CaseHandle,
  roots: { given: string; real: string }[],
  options: IngestOptions,
  started: number,
): Promise<IngestSummary> {
  const queries = new IngestQueries(handle.db);
  const progress = options.onProgress ?? (() => {});
  const runId = queries.startRun(roots.map((r) => r.given));
  appendAudit(handle.db, 'ingest.started', { run: runId, roots: roots.map((r) => r.given), hashOnly: options.hashOnly ?? false });

  // Workers start while the walk runs: their start-up overlaps it instead of delaying the first file.
  const pool = options.signal?.aborted
    ? null
    : new WorkerPool({
        size: Math.max(1, options.workers ?? availableParallelism()),
        timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs,
        maxPixels: options.maxPixels ?? DEFAULTS.maxPixels,
        inMemoryLimit: options.inMemoryLimit ?? DEFAULTS.inMemoryLimit,
        hashOnly: options.hashOnly ?? false,
        thumbsDir: handle.thumbs.dir,
        spawnWorker: options.spawnWorker,
      });
  let added: number;
  try {
    added = await scanRoots(handle, queries, roots, progress, options.signal);
  } catch (error) {
    await pool?.close();
    throw error;
  }

  // Files a triage run only hashed, and files of types an earlier version could not read, get
  // their turn now: they join this run's work, and its audit entry says how many there were.
  const requeued = options.hashOnly ? { hashOnly: 0, newlyReadable: 0 } : { hashOnly: queries.requeueHashOnly(), newlyReadable: queries.requeueNewlyReadable() };
  const totals = queries.pendingTotals();
  const state = { done: 0, failed: 0, bytes: 0 };
  // Set when the case's disk fills up: no more files are started, and the run ends with this error.
  // Set when writing a result fails otherwise. That happens inside a promise callback whose
  // rejection only an earlier, already settled Promise.race may have subscribed to: it was
  // swallowed, and the run went on to "complete" with the batch's files left pending (seen in
  // test/integration/crash). It is kept here, stops the run, and is rethrown once the pool is closed.
  const halt: { storageFull: CaseStorageFullError | null; error: unknown } = { storageFull: null, error: null };

  if (pool && (totals.files === 0 || options.signal?.aborted)) await pool.close();
  else if (pool) {
    const processStarted = Date.now();
    const report = () =>
      progress({
        phase: 'process',
        done: state.done,
        failed: state.failed,
        total: totals.files,
        bytesDone: state.bytes,
        bytesTotal: totals.bytes,
        elapsedMs: Date.now() - processStarted,
      });
    let batch: FileResult[] = [];
    let lastFlush = Date.now();
    const flush = () => {
      const writing = batch;
      batch = [];
      lastFlush = Date.now();
      if (!writing.length) return;
      try {
        queries.recordResults(writing);
      } catch (error) {
        // The batch's transaction rolled back whole: its files stay pending for the resume.
        halt.storageFull ??= asStorageFull(error, handle.dir);
        if (!halt.storageFull) throw error;
      }
    };
    const onResult = (result: FileResult) => {
      if (result.status === 'failed' && isStorageFullReason(result.error)) {
        // Not this file's fault: it stays pending, and the run stops.
        halt.storageFull ??= new CaseStorageFullError(handle.dir, 'thumbnails');
        return;
      }
      batch.push(result);
      state.done++;
      if (result.status === 'failed') state.failed++;
      state.bytes += result.size ?? 0;
      if (batch.length >= BATCH_SIZE || Date.now() - lastFlush >= BATCH_MS) {
        flush();
        report();
      }
    };
    try {
      const inFlight = new Set<Promise<void>>();
      let lastId = 0;
      outer: for (;;) {
        const page = queries.pendingAfter(lastId, PAGE);
        if (page.length === 0) break;
        for (const item of page) {
          if (options.signal?.aborted || halt.storageFull || halt.error) break outer;
          lastId = item.id;
          // Keep each worker busy with one file queued behind the current one.
          while (inFlight.size >= pool.size * 2) await Promise.race(inFlight);
          const absPath = jobPath(item);
          const running: Promise<void> = pool.run({ itemId: item.id, absPath }).then((result) => {
            inFlight.delete(running);
            try {
              // No result: the workers cannot start; the file stays pending and the run stops.
              if (result === null) halt.error ??= pool.broken;
              else onResult(result);
            } catch (error) {
              halt.error ??= error;
            }
          });
          inFlight.add(running);
        }
      }
      await Promise.all(inFlight);
    } finally {
      // Close the pool even if writing the last batch fails (disk full): no orphaned workers.
      try {
        flush();
        report();
      } finally {
        await pool.close();
      }
    }
  }

  // Matching and the run's record would only meet the full disk again; the resume does them.
  if (halt.storageFull) throw halt.storageFull;
  if (halt.error) throw halt.error;
  const interrupted = options.signal?.aborted ?? false;
  // Match at ingest: new items against the case's hash sets, and clusters over the whole case.
  linkSidecars(handle.db); // XMP sidecars beside their images, by base name (issue 8)
  const matches = rematchCase(handle.db, { clusters: true });
  queries.finishRun(runId, { files: state.done, failed: state.failed, bytes: state.bytes, interrupted });
  const counts = queries.counts();
  appendAudit(handle.db, 'ingest.finished', {
    run: runId,
    interrupted,
    added,
    processed: state.done,
    failed: state.failed,
    bytes: state.bytes,
    requeued,
    case: { files: counts.files, ok: counts.ok, failed: counts.failed, pending: counts.pending, known: matches.known },
  });
  return {
    counts,
    matches,
    run: {
      added,
      processed: state.done,
      failed: state.failed,
      bytes: state.bytes,
      elapsedMs: Date.now() - started,
      workers: state.done > 0 ? (pool?.size ?? 0) : 0,
      restarts: pool?.restarts ?? 0,
    },
    interrupted,
  };
}

/** Adds each root (recorded in the audit log when new) and walks it into pending items. */
async function scanRoots(
  handle: CaseHandle,
  queries: IngestQueries,
  roots: { given: string; real: string }[],
  progress: (p: IngestProgress) => void,
  signal: AbortSignal | undefined,
): Promise<number> {
  const knownRoots = new Set(queries.roots().map((r) => r.id));
  let added = 0;
  for (const root of roots) {
    // A root and the record of its adding commit together: a crash cannot leave one without the other.
    const row = handle.db.transaction(() => {
      const inserted = queries.addRoot(root.given, root.real);
      if (!knownRoots.has(inserted.id)) appendAudit(handle.db, 'evidence.added', { root: root.given, realPath: inserted.real_path });
      return inserted;
    })();
    added += await scanRoot(queries, row.id, root.given, row.real_path, progress, signal);
    if (signal?.aborted) break;
  }
  return added;
}

async function scanRoot(
  queries: IngestQueries,
  rootId: number,
  given: string,
  realPath: string,
  progress: (p: IngestProgress) => void,
  signal: AbortSignal | undefined,
): Promise<number> {
  let files: WalkedRow[] = [];
  let notes: { relPath: string; rawRelPath?: Buffer; note: string; reason: string }[] = [];
  let seen = 0;
  let noteCount = 0;
  let added = 0;
  const flush = () => {
    added += queries.recordWalk(rootId, files, notes);
    files = [];
    notes = [];
    progress({ phase: 'scan', root: given, files: seen, added, notes: noteCount });
  };
  for await (const entry of walk(realPath)) {
    if (entry.kind === 'file') {
      files.push(entry);
      seen++;
    } else {
      notes.push(entry);
      noteCount++;
    }
    if (files.length + notes.length >= 2000) {
      flush();
      if (signal?.aborted) return added;
    }
  }
  flush();
  return added;
}

/** Where a worker opens an item: by its exact bytes when its name is not valid UTF-8 (walker.ts). */
function jobPath(item: PendingItem): string {
  if (item.raw_rel_path === null) return path.join(item.root_real_path, ...item.rel_path.split('/'));
  return encodeRawPath(Buffer.concat([Buffer.from(item.root_real_path), Buffer.from('/'), item.raw_rel_path]));
}

/** An evidence root must be an existing folder, and the case must not live inside it. */
function checkRoot(given: string, caseDir: string): { given: string; real: string } {
  if (!existsSync(given)) throw new IngestInputError(`Evidence folder not found: ${given}`);
  const real = safeRealpath(given);
  if (real === null || !statSync(real).isDirectory()) throw new IngestInputError(`Not a folder: ${given}`);
  const caseReal = realpathOfNearestExisting(path.resolve(caseDir));
  if (isInsideResolved(real, caseReal)) {
    throw new IngestInputError(
      `The case folder ${caseDir} lies inside the evidence folder ${given}: Lanterne never writes into evidence. Choose a case folder elsewhere.`,
    );
  }
  if (isInsideResolved(caseReal, real)) {
    throw new IngestInputError(`The evidence folder ${given} lies inside the case folder ${caseDir}.`);
  }
  return { given, real };
}

function realpathOfNearestExisting(p: string): string {
  const missing: string[] = [];
  let current = p;
  for (;;) {
    const real = safeRealpath(current);
    if (real !== null) return path.join(real, ...missing.reverse());
    const parent = path.dirname(current);
    if (parent === current) return p;
    missing.push(path.basename(current));
    current = parent;
  }
}
