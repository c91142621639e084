// The one dispatch from an export format to its writer, shared by `lanterne export` and the UI's
// case:export: a format added here is offered by both.
import type { Writable } from 'node:stream';
import type { Db } from '../case/db.js';
import type { ThumbnailStore } from '../case/thumbnail-store.js';
import { writeCsvExport } from './csv.js';
import type { ExportWritten } from './export-output.js';
import { writeHtmlReport, type HtmlReportOptions } from './html-report.js';
import { writeJsonlExport } from './jsonl.js';
import { writeVicsExport, type VicsExportOptions, type VicsExportResult } from './vics-export.js';

export const CASE_EXPORT_FORMATS = ['jsonl', 'csv', 'vics', 'vics-case', 'html'] as const;
export type CaseExportFormat = (typeof CASE_EXPORT_FORMATS)[number];

export interface CaseExportOptions {
  /** vics and vics-case (the shape follows the format). */
  vics?: Omit<VicsExportOptions, 'shape'>;
  html?: HtmlReportOptions;
}

/** Writes one export of the case; the html report needs a file, the others may go to a stream. */
export async function writeCaseExport(
  handle: { dir: string; db: Db; thumbs: ThumbnailStore },
  format: CaseExportFormat,
  out: string | Writable,
  options: CaseExportOptions = {},
): Promise<ExportWritten | VicsExportResult> {
  switch (format) {
    case 'jsonl':
      return writeJsonlExport(handle.db, out);
    case 'csv':
      return writeCsvExport(handle.db, out);
    case 'vics':
    case 'vics-case':
      return writeVicsExport(handle.db, out, { ...options.vics, shape: format === 'vics' ? 'media' : 'cases' });
    case 'html':
      if (typeof out !== 'string') throw new TypeError('the html report is written to a file');
      return writeHtmlReport(handle, out, options.html);
  }
}
