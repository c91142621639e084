// lanterne crops <case-dir> --out <dir> [--max-edge N] [--blank-outside]
import { CaseError, openCaseReadOnly } from '../../engine/case/case-folder.js';
import { writeClueCrops } from '../../engine/export/clue-crops.js';
import { parseCommandArgs, positiveInt } from '../args.js';
import { EXIT, UsageError } from '../usage-error.js';
import { recordOrWarn } from './export.js';

export const CROPS_HELP = `Usage: lanterne crops <case-dir> --out <dir> [--max-edge N] [--blank-outside]

Cuts every clue region marked in the case from its image, for "Trace an Object"-style sharing:
the evidence is read read-only, EXIF orientation applied, then the region cut out. Every crop is
a fresh JPEG with no metadata at all (no EXIF, XMP or ICC). Known items' crops are blurred unless
a reveal is active. Files are named by region id and type (region-000012-object.jpg); crops.json
and crops.csv beside them link each region to its item's SHA-256. Recorded in the audit log.

Options:
  --out <dir>         the folder to write (created if needed)
  --max-edge <n>      downscale so the longest side is at most n pixels
  --blank-outside     keep the full frame and blank everything outside the region
  -h, --help          this help

Exit codes: 0 every crop written, 1 some regions could not be cropped (listed), 2 bad usage.`;

export async function cropsCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    out: { type: 'string', short: 'o' },
    'max-edge': { type: 'string' },
    'blank-outside': { type: 'boolean' },
  });
  if (values.help) {
    console.log(CROPS_HELP);
    return EXIT.OK;
  }
  const [caseDir, ...extra] = positionals;
  if (!caseDir) throw new UsageError('name the case folder whose clue regions to crop');
  if (extra.length) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
  if (!values.out) throw new UsageError('say where to write the crops: --out <dir>');
  const maxEdge = positiveInt(values['max-edge'], '--max-edge');
  let handle: ReturnType<typeof openCaseReadOnly>;
  try {
    handle = openCaseReadOnly(caseDir);
  } catch (error) {
    if (error instanceof CaseError) throw new UsageError(error.message);
    throw error;
  }
  let result: Awaited<ReturnType<typeof writeClueCrops>>;
  try {
    result = await writeClueCrops(handle, values.out, { ...(maxEdge ? { maxEdge } : {}), blankOutside: values['blank-outside'] ?? false });
  } finally {
    handle.close();
  }
  for (const e of result.entries) if (e.error) console.log(`region ${e.region}: not cropped: ${e.error}`);
  console.log(`${result.count} crop(s) written to ${result.destination}${result.failed ? `, ${result.failed} failed` : ''}`);
  const recorded = recordOrWarn(caseDir, result);
  return result.failed ? EXIT.FAILED_FILES : recorded;
}
