// lanterne redact <case-dir> --out <dir>
import { CaseError } from '../../engine/case/case-folder.js';
import { redactCase, RedactError } from '../../engine/redact/redact-case.js';
import { parseCommandArgs, positiveInt } from '../args.js';
import { EXIT, UsageError } from '../usage-error.js';

export const REDACT_HELP = `Usage: lanterne redact <case-dir> --out <dir> [--cells N]

Makes a copy of a case for presentation (training, talks) in which nothing leads back to the
original. The copy is a new case folder holding only:
  - thumbnails re-rendered from the engine (known items already blurred), then pixelated to a
    coarse grid and softened; no full-size image at all;
  - neutral names: roots root-1…, files item-000001.jpg…; hash sets set-1…, tags tag-1…;
  - no MD5, SHA-1, PDQ or hash-set entries; SHA-256 replaced by the redacted thumbnail's own;
  - camera make, model, lens, software and the day taken; serial numbers and GPS REMOVED;
  - examiner categories and clue-region geometry; region labels, notes and error texts emptied;
  - a fresh audit log saying it is a redaction; nothing of the original's log.
The original case is only read.

Options:
  --out <dir>     the new case folder (must be empty or new, outside the original)
  --cells <n>     cells on the long side of a pixelated thumbnail (default 24)
  -h, --help      this help`;

export async function redactCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { out: { type: 'string', short: 'o' }, cells: { type: 'string' } });
  if (values.help) {
    console.log(REDACT_HELP);
    return EXIT.OK;
  }
  const [caseDir, ...extra] = positionals;
  if (!caseDir) throw new UsageError('name the case folder to redact');
  if (extra.length) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
  if (!values.out) throw new UsageError('say where to write the redacted copy: --out <dir>');
  const cells = positiveInt(values.cells, '--cells');
  if (cells !== undefined && (cells < 4 || cells > 64)) throw new UsageError('--cells must be between 4 and 64');
  try {
    const result = await redactCase(caseDir, values.out, cells ? { cells } : {});
    console.log(`Redacted copy written to ${result.outDir}: ${result.items} items, ${result.thumbnails} pixelated thumbnails, ${result.regions} regions.`);
    console.log(`View it: lanterne serve ${JSON.stringify(result.outDir)}`);
    return EXIT.OK;
  } catch (error) {
    if (error instanceof CaseError || error instanceof RedactError) throw new UsageError(error.message);
    throw error;
  }
}
