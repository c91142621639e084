// lanterne export <case-dir> --format jsonl|csv [--out <file>]
import { createWriteStream, renameSync } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { CaseError, openCaseReadOnly } from '../../engine/case/case-folder.js';
import { csvLines } from '../../engine/export/csv.js';
import { jsonlLines } from '../../engine/export/jsonl.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, UsageError } from '../usage-error.js';

export const EXPORT_HELP = `Usage: lanterne export <case-dir> --format jsonl|csv [--out <file>]

Writes one record per file of the case: path (relative to its evidence root), root, size,
md5/sha1/sha256, sniffed type, status and error, stored width/height, EXIF orientation, and the
camera facts (make, model, serial, lens, software, taken as recorded, GPS), plus PDQ.
Without --out, writes to standard output.

Options:
  --format <f>   jsonl (the stable machine interface) or csv (default jsonl)
  --out <file>   write here (atomically: a partial file never takes the name)
  -h, --help     this help`;

export async function exportCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    format: { type: 'string', short: 'f' },
    out: { type: 'string', short: 'o' },
  });
  if (values.help) {
    console.log(EXPORT_HELP);
    return EXIT.OK;
  }
  const [caseDir, ...extra] = positionals;
  if (!caseDir) throw new UsageError('name the case folder to export');
  if (extra.length) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
  const format = values.format ?? 'jsonl';
  if (format !== 'jsonl' && format !== 'csv') throw new UsageError(`unknown --format ${JSON.stringify(format)}: use jsonl or csv`);

  let handle: ReturnType<typeof openCaseReadOnly>;
  try {
    handle = openCaseReadOnly(caseDir);
  } catch (error) {
    if (error instanceof CaseError) throw new UsageError(error.message);
    throw error;
  }
  try {
    const lines = format === 'csv' ? csvLines(handle.db) : jsonlLines(handle.db);
    if (!values.out) {
      await writeAll(process.stdout, lines);
      return EXIT.OK;
    }
    const temp = `${values.out}.partial`;
    const file = createWriteStream(temp);
    await writeAll(file, lines);
    file.end();
    await once(file, 'finish');
    renameSync(temp, values.out);
    return EXIT.OK;
  } finally {
    handle.close();
  }
}

async function writeAll(out: Writable, lines: Iterable<string>): Promise<void> {
  for (const line of lines) {
    if (!out.write(line)) await once(out, 'drain');
  }
}
