// lanterne cameras <case-dir> [--json]: the camera bodies of a case, told by their serial numbers.
import { listCameras, type CameraRow } from '../../engine/case/camera-queries.js';
import { CaseError, openCaseReadOnly } from '../../engine/case/case-folder.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, UsageError } from '../usage-error.js';

export const CAMERAS_HELP = `Usage: lanterne cameras <case-dir> [--json]

Lists the camera bodies the case's images were taken with: make, model, serial number, how many
items each took, in how many evidence roots, and the first and last capture time (as recorded).
A camera is told by its serial number (the body serial from EXIF, DNG or the maker note, else the
internal serial some makers record instead) together with make and model: the same camera found in
several evidence roots is listed once. Images without a usable serial are not listed.

Options:
  --json      one JSON array instead of a table
  -h, --help  this help`;

export async function camerasCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } });
  if (values.help) {
    console.log(CAMERAS_HELP);
    return EXIT.OK;
  }
  if (positionals.length !== 1) throw new UsageError('give exactly one case folder');
  let handle: ReturnType<typeof openCaseReadOnly>;
  try {
    handle = openCaseReadOnly(positionals[0]!);
  } catch (error) {
    if (error instanceof CaseError) throw new UsageError(error.message);
    throw error;
  }
  try {
    const hasCameras = handle.db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'cameras'`).get() !== undefined;
    if (!hasCameras) throw new UsageError('this case was made by an older Lanterne: run lanterne ingest on it once (nothing is redone) to add the cameras view');
    const cameras = listCameras(handle.db);
    console.log(values.json ? JSON.stringify(cameras, null, 2) : table(cameras));
    return EXIT.OK;
  } finally {
    handle.close();
  }
}

function table(cameras: CameraRow[]): string {
  if (cameras.length === 0) return 'No camera serial numbers in this case.';
  const rows = cameras.map((c) => [
    c.make ?? '?',
    c.model ?? '?',
    c.serialKind === 'internal' ? `${c.serial} (internal)` : c.serial,
    String(c.items),
    String(c.roots),
    c.firstTaken ?? '',
    c.lastTaken ?? '',
  ]);
  const head = ['make', 'model', 'serial', 'items', 'roots', 'first taken', 'last taken'];
  const widths = head.map((h, i) => Math.min(40, Math.max(h.length, ...rows.map((r) => r[i]!.length))));
  const line = (cells: string[]) => cells.map((c, i) => c.slice(0, 40).padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(head), ...rows.map(line), `${cameras.length} camera${cameras.length === 1 ? '' : 's'}`].join('\n');
}
