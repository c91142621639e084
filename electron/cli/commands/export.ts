// lanterne export <case-dir> --format jsonl|csv|vics|vics-case|html [--out <file>]
import { CaseError, openCase, openCaseReadOnly } from '../../engine/case/case-folder.js';
import { verifyCase } from '../../engine/audit/verify.js';
import { CASE_EXPORT_FORMATS, writeCaseExport, type CaseExportFormat } from '../../engine/export/case-export.js';
import { recordExport, type ExportWritten } from '../../engine/export/export-output.js';
import type { VicsExportResult } from '../../engine/export/vics-export.js';
import { parseCommandArgs, positiveInt } from '../args.js';
import { EXIT, UsageError } from '../usage-error.js';

export const EXPORT_HELP = `Usage: lanterne export <case-dir> --format jsonl|csv|vics|vics-case|html [--out <file>] [options]

jsonl, csv   one record per file of the case: path (relative to its evidence root), root, size,
             md5/sha1/sha256, sniffed type, status and error, stored width/height, EXIF
             orientation, camera facts (make, model, serial, lens, software, taken as recorded,
             GPS), PDQ, known-material hits, and the examiner's category, tags and region count.
vics         VICS JSON 2.0 hash set (#Media) of the examiner's categorisation, for partner tools:
             every item the examiner categorised, MD5/SHA1 upper case, MediaSize, Category,
             SHA256 and PDQ as AlternativeHashes. Set hits only with --include-set-hits.
vics-case    the same Media inside one VICS case (#Cases).
html         a self-contained case report (one file, no script, no external requests): case,
             evidence roots, counts, cameras, categorised items with thumbnails (known ones
             blurred), clue regions with crops, audit summary and the latest verify result.

Without --out, jsonl/csv/vics write to standard output; html needs --out. Every export is
recorded in the case's audit log (export.written: format, destination, count, SHA-256 of what was
written), so it needs the case free for a moment at the end: not while an ingest holds it.

Options:
  --format <f>          jsonl (default), csv, vics, vics-case, html
  --out <file>          write here (atomically: a partial file never takes the name)
  --include-set-hits    vics: also items only a known hash set categorised (IsPrecategorized)
  --include-paths       vics: add RelativeFilePath (paths can name people and places)
  --include-tags        vics: add the examiner's tags as Tags
  --case-number <n>     vics-case: the CaseNumber
  --contact <email>     vics-case: the ContactEmail
  --verify              html: run lanterne verify first, so the report carries a fresh result
  --max-items <n>       html: most categorised items shown (default 2000)
  -h, --help            this help`;

const FORMATS = CASE_EXPORT_FORMATS;
type Format = CaseExportFormat;

export async function exportCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    format: { type: 'string', short: 'f' },
    out: { type: 'string', short: 'o' },
    'include-set-hits': { type: 'boolean' },
    'include-paths': { type: 'boolean' },
    'include-tags': { type: 'boolean' },
    'case-number': { type: 'string' },
    contact: { type: 'string' },
    verify: { type: 'boolean' },
    'max-items': { type: 'string' },
  });
  if (values.help) {
    console.log(EXPORT_HELP);
    return EXIT.OK;
  }
  const [caseDir, ...extra] = positionals;
  if (!caseDir) throw new UsageError('name the case folder to export');
  if (extra.length) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
  const format = (values.format ?? 'jsonl') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`unknown --format ${JSON.stringify(values.format)}: use ${FORMATS.join(', ')}`);
  if (format === 'html' && !values.out) throw new UsageError('the html report needs --out <file>');
  const maxItems = positiveInt(values['max-items'], '--max-items');

  if (format === 'html' && values.verify) {
    const writer = openForWriting(caseDir);
    try {
      const result = await verifyCase(writer);
      console.error(`lanterne export: verify ${result.ok ? 'passed' : 'FAILED'} (${result.evidence.files} files); the report carries this result`);
    } finally {
      writer.close();
    }
  }

  let handle: ReturnType<typeof openCaseReadOnly>;
  try {
    handle = openCaseReadOnly(caseDir);
  } catch (error) {
    if (error instanceof CaseError) throw new UsageError(error.message);
    throw error;
  }
  let written: ExportWritten | VicsExportResult;
  try {
    written = await writeCaseExport(handle, format, values.out ?? process.stdout, {
      vics: {
        includeSetHits: values['include-set-hits'] ?? false,
        includePaths: values['include-paths'] ?? false,
        includeTags: values['include-tags'] ?? false,
        ...(values['case-number'] ? { caseNumber: values['case-number'] } : {}),
        ...(values.contact ? { contactEmail: values.contact } : {}),
      },
      html: maxItems ? { maxItems } : {},
    });
  } finally {
    handle.close();
  }
  if ('fromExaminer' in written) {
    console.error(
      `lanterne export: ${written.count} media (${written.fromExaminer} categorised by the examiner, ${written.fromSets} from hash sets)` +
        (written.skippedOtherProfile ? `; ${written.skippedOtherProfile} categorised in another profile's table left out` : ''),
    );
  }
  return recordOrWarn(caseDir, written);
}

function openForWriting(caseDir: string): ReturnType<typeof openCase> {
  try {
    return openCase(caseDir);
  } catch (error) {
    if (error instanceof CaseError) throw new UsageError(error.message);
    throw error;
  }
}

/**
 * The export.written entry. Written after the export, so it can name the file's SHA-256. When
 * another process holds the case (an ingest), the export stands but cannot be recorded: said
 * plainly, with exit 1 ("done, but something does not hold").
 */
export function recordOrWarn(caseDir: string, written: ExportWritten): number {
  let writer: ReturnType<typeof openCase>;
  try {
    writer = openCase(caseDir);
  } catch (error) {
    // Held by an ingest, or on read-only media: the export stands, unrecorded, and says so.
    const code = String((error as { code?: unknown }).code ?? '');
    if ((error instanceof CaseError && error.code === 'CASE_LOCKED') || code.startsWith('SQLITE_READONLY') || code === 'EROFS' || code === 'EACCES') {
      console.error(`lanterne export: the export was written but NOT recorded in the audit log: ${(error as Error).message} (sha256 ${written.sha256})`);
      return EXIT.FAILED_FILES;
    }
    throw error;
  }
  try {
    recordExport(writer.db, written);
  } finally {
    writer.close();
  }
  return EXIT.OK;
}
