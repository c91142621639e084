// case:export for the review UI: the same exports as `lanterne export` / `lanterne crops`, written
// into the case folder's exports/ (never next to the evidence), each recorded as an export.written
// audit entry. The export reads through its own read-only handle; only the audit entry needs the
// case lock, so an export started beside an ingest is written but reported as not recorded.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { CaseExport } from '../../shared/api/gallery-model.js';
import { fail, ok, type ApiResult } from '../../shared/api/result.js';
import type { ExportKind } from '../../shared/api/schemas.js';
import { CaseError, openCase, openCaseReadOnly } from '../engine/case/case-folder.js';
import { writeCaseExport } from '../engine/export/case-export.js';
import { writeClueCrops } from '../engine/export/clue-crops.js';
import { recordExport, type ExportWritten } from '../engine/export/export-output.js';

export const EXPORTS_FOLDER = 'exports';

const EXTENSION: Record<ExportKind, string> = { jsonl: 'jsonl', csv: 'csv', vics: 'json', 'vics-case': 'json', html: 'html', crops: '' };

export async function exportCase(caseDir: string, format: ExportKind, now: Date): Promise<ApiResult<CaseExport>> {
  const folder = path.join(caseDir, EXPORTS_FOLDER);
  mkdirSync(folder, { recursive: true });
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const target = path.join(folder, EXTENSION[format] ? `${stamp}-${format}.${EXTENSION[format]}` : `${stamp}-clue-crops`);
  const handle = openCaseReadOnly(caseDir);
  let written: ExportWritten;
  try {
    written = format === 'crops' ? await writeClueCrops(handle, target, { now }) : await writeCaseExport(handle, format, target);
  } finally {
    handle.close();
  }
  const result = { path: written.destination, format, count: written.count, bytes: written.bytes, sha256: written.sha256 };
  try {
    const writer = openCase(caseDir);
    try {
      recordExport(writer.db, written);
    } finally {
      writer.close();
    }
  } catch (error) {
    if (error instanceof CaseError && error.code === 'CASE_LOCKED') {
      return fail('CASE_LOCKED', `The export was written to ${written.destination} but NOT recorded in the audit log: ${error.message} (SHA-256 ${written.sha256}).`);
    }
    throw error;
  }
  return ok({ ...result, recorded: true });
}
