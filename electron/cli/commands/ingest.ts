// lanterne ingest <folder>… --case <case-dir>
import { CaseError, CaseStorageFullError } from '../../engine/case/case-folder.js';
import { DEFAULTS, ingest, IngestInputError, type IngestSummary } from '../../engine/ingest/pipeline.js';
import { WorkersCannotStartError } from '../../engine/ingest/worker-pool.js';
import { parseCommandArgs, positiveInt } from '../args.js';
import { formatBytes, formatDuration, ProgressPrinter } from '../progress.js';
import { EXIT, UsageError } from '../usage-error.js';

export const INGEST_HELP = `Usage: lanterne ingest <folder>... --case <case-dir> [options]

Hashes every file under the evidence folders (MD5, SHA-1, SHA-256 in one read), sniffs its type,
reads camera metadata and makes a thumbnail and PDQ hash of every image, into the case folder
(created if missing). Evidence is only ever read. Interrupted? Run the same command again: it
resumes where it stopped; a finished case gains nothing from a re-run.

Options:
  --case <dir>        the case folder (required)
  --workers <n>       worker processes (default: one per core)
  --timeout <s>       time limit per file, in seconds (default ${DEFAULTS.timeoutMs / 1000})
  --max-pixels <n>    do not decode images with more pixels (default ${DEFAULTS.maxPixels})
  --hash-only         triage: hashes and types only, fastest; a later run without it completes the rest
  --quiet             no progress, only the summary
  -h, --help          this help

Exit codes: 0 all files processed, 1 done but some files failed (see the export's "error"),
2 bad usage or unusable input, 3 stopped because the case's disk is full (free space, run again
to resume), 130 interrupted (run again to resume).`;

export async function ingestCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    case: { type: 'string', short: 'c' },
    workers: { type: 'string' },
    timeout: { type: 'string' },
    'max-pixels': { type: 'string' },
    quiet: { type: 'boolean', short: 'q' },
    'hash-only': { type: 'boolean' },
  });
  if (values.help) {
    console.log(INGEST_HELP);
    return EXIT.OK;
  }
  if (!values.case) throw new UsageError('missing --case <case-dir>: where should the case be written?');
  if (positionals.length === 0) throw new UsageError('name at least one evidence folder to ingest');
  const timeout = positiveInt(values.timeout, '--timeout');

  const printer = new ProgressPrinter(process.stderr, values.quiet ?? false);
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(EXIT.INTERRUPTED);
    printer.end();
    process.stderr.write('interrupting: finishing the files in progress and saving (Ctrl-C again to quit at once)\n');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let summary: IngestSummary;
  try {
    summary = await ingest({
      caseDir: values.case,
      roots: positionals,
      workers: positiveInt(values.workers, '--workers'),
      timeoutMs: timeout === undefined ? undefined : timeout * 1000,
      maxPixels: positiveInt(values['max-pixels'], '--max-pixels'),
      hashOnly: values['hash-only'] ?? false,
      onProgress: (p) => printer.update(p),
      signal: controller.signal,
    });
  } catch (error) {
    if (error instanceof CaseStorageFullError) {
      // Nothing recorded is lost: the same command resumes once there is space.
      printer.end();
      console.error(`lanterne ingest: ${error.message}`);
      return EXIT.STORAGE_FULL;
    }
    if (error instanceof WorkersCannotStartError) {
      printer.end();
      console.error(`lanterne ingest: ${error.message}. Reinstall Lanterne (npm ci) if this persists.`);
      return EXIT.USAGE;
    }
    if (error instanceof IngestInputError || error instanceof CaseError) throw new UsageError(error.message);
    throw error;
  } finally {
    printer.end();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  printSummary(summary, values.case);
  if (summary.interrupted) return EXIT.INTERRUPTED;
  return summary.counts.failed > 0 ? EXIT.FAILED_FILES : EXIT.OK;
}

function printSummary(s: IngestSummary, caseDir: string): void {
  const seconds = s.run.elapsedMs / 1000;
  const rate = seconds > 0 ? s.run.processed / seconds : 0;
  const mbps = seconds > 0 ? s.run.bytes / seconds / (1024 * 1024) : 0;
  const lines = [
    s.interrupted ? 'Ingest interrupted — run the same command again to resume.' : 'Ingest complete.',
    `  this run:  ${s.run.processed} files processed (${s.run.added} new), ${formatBytes(s.run.bytes)}, ` +
      `${s.run.failed} failed, in ${formatDuration(s.run.elapsedMs)} — ${rate.toFixed(1)} files/s, ${mbps.toFixed(1)} MB/s` +
      (s.run.workers ? `, ${s.run.workers} workers` : '') +
      (s.run.restarts ? `, ${s.run.restarts} worker restarts` : ''),
    `  case:      ${s.counts.files} files, ${formatBytes(s.counts.bytes)}, ${s.counts.images} images, ` +
      `${s.counts.failed} failed, ${s.counts.pending} pending` +
      (s.counts.walkNotes ? `, ${s.counts.walkNotes} entries not ingested (symlinks, special files, unreadable folders)` : ''),
    `  case folder: ${caseDir}`,
  ];
  if (s.counts.failed > 0) {
    lines.push(`  failed files keep their hashes where readable; see why with: lanterne export ${caseDir} --format csv`);
  }
  console.log(lines.join('\n'));
}
