// One long job — ingest, hash-set import or export — with its progress as messages. Plain Node:
// it runs in a job utility process (job-host-entry.ts), so the window never waits on hashing,
// decoding or SQLite; the ingest's own worker processes hang below it.
import { CaseError, openCase } from '../../engine/case/case-folder.js';
import { HashSetFormatError } from '../../engine/hashsets/formats/index.js';
import { HashSetImportError, importHashSet } from '../../engine/hashsets/import-set.js';
import { ingest, IngestInputError } from '../../engine/ingest/pipeline.js';
import type { WorkerSpawner } from '../../engine/ingest/worker-channel.js';
import { exportCommand } from '../../cli/commands/export.js';
import { UsageError } from '../../cli/usage-error.js';
import type { Job, JobOutcome, JobProgress } from './host-protocol.js';

/** `spawnWorker`: how the ingest starts its workers; a child_process.fork when not given. */
export async function runJob(job: Job, progress: (p: JobProgress) => void, signal?: AbortSignal, spawnWorker?: WorkerSpawner): Promise<JobOutcome> {
  try {
    switch (job.kind) {
      case 'ingest': {
        const s = await ingest({
          caseDir: job.caseDir,
          roots: job.roots,
          signal,
          spawnWorker,
          onProgress: (p) => progress(p.phase === 'scan' ? { phase: 'scan', root: p.root, files: p.files } : { phase: 'process', done: p.done, failed: p.failed, total: p.total }),
        });
        const head = s.interrupted ? 'Ingest interrupted: add the same folder again to resume.' : 'Ingest complete.';
        return { ok: true, summary: `${head} ${s.run.processed} files processed, ${s.run.failed} failed; the case holds ${s.counts.files} files.` };
      }
      case 'hashset': {
        const handle = openCase(job.caseDir);
        try {
          const r = await importHashSet(handle.db, job.file, { onProgress: (records) => progress({ phase: 'records', records }) });
          return { ok: true, summary: `Imported '${r.set.name}': ${r.set.records} records. The case now has ${r.matches.known} known, ${r.matches.new} new items.` };
        } finally {
          handle.close();
        }
      }
      case 'export': {
        const code = await exportCommand([job.caseDir, '--format', job.format, '--out', job.out]);
        return code === 0 ? { ok: true, summary: `Exported the case as ${job.format.toUpperCase()}.` } : { ok: false, error: { code: 'INTERNAL', message: `Export stopped (code ${code}).` } };
      }
    }
  } catch (error) {
    return { ok: false, error: outcomeError(error) };
  }
}

function outcomeError(error: unknown): Extract<JobOutcome, { ok: false }>['error'] {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof CaseError) return { code: error.code, message };
  if (error instanceof IngestInputError || error instanceof HashSetImportError || error instanceof HashSetFormatError || error instanceof UsageError) {
    return { code: 'BAD_INPUT', message };
  }
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { code: 'BAD_INPUT', message };
  return { code: 'INTERNAL', message };
}
