// Cameras: one row per camera body, so an examiner can see every image one camera took, across
// all evidence roots of the case. A body is told by make, model and serial: Canon, Nikon and
// others number bodies per model, so the serial alone could join two cameras. The serial is the
// best body serial, else an internal serial (Panasonic, Pentax and Fujifilm record only those,
// and they are as unique per body). Placeholder serials that firmware writes for every body
// ("0000000000", "#00000001") link nothing.
import type { CameraInfo } from '../../../shared/api/gallery-model.js';
import type { ExifSummary, SerialNumberRecord } from '../../../shared/model.js';
import { isLinkableSerial } from '../ingest/metadata-depth.js';
import type { Db } from './db.js';

/** One camera body: the contract's CameraInfo (make, model, serial and its kind, items, roots, first and last taken). */
export type CameraRow = CameraInfo;

/** The serial an image's camera is linked by, or null. */
export function linkSerialOf(summary: ExifSummary, all?: SerialNumberRecord[]): { serial: string; kind: 'body' | 'internal' } | null {
  const serials = all ?? (summary.serial ? [{ kind: 'body' as const, value: summary.serial, source: 'summary' }] : []);
  for (const kind of ['body', 'internal'] as const) {
    const found = serials.find((r) => r.kind === kind && isLinkableSerial(r.value));
    if (found) return { serial: found.value, kind };
  }
  return null;
}

/** Links items to cameras as their results are written (inside the caller's transaction). */
export class CameraLinker {
  private readonly upsert;
  private readonly find;
  private readonly setItem;

  constructor(db: Db) {
    this.upsert = db.prepare(
      `INSERT INTO cameras (make, model, serial, serial_kind, link_key) VALUES (?, ?, ?, ?, ?) ON CONFLICT (link_key) DO NOTHING`,
    );
    this.find = db.prepare(`SELECT id FROM cameras WHERE link_key = ?`).pluck();
    this.setItem = db.prepare(`UPDATE items SET camera_id = ? WHERE id = ?`);
  }

  link(itemId: number, summary: ExifSummary | null, serials?: SerialNumberRecord[]): void {
    const serial = summary ? linkSerialOf(summary, serials) : null;
    if (!summary || !serial) {
      this.setItem.run(null, itemId);
      return;
    }
    const key = `${(summary.make ?? '').trim().toLowerCase()}|${(summary.model ?? '').trim()}|${serial.serial}`;
    this.upsert.run(summary.make, summary.model, serial.serial, serial.kind, key);
    this.setItem.run(this.find.get(key) as number, itemId);
  }
}

/** The cameras view of a case: every camera with its counts and capture-time span, most items first. */
export function listCameras(db: Db): CameraRow[] {
  return db
    .prepare(
      `SELECT c.id, c.make, c.model, c.serial, c.serial_kind AS serialKind,
         count(i.id) AS items, count(DISTINCT i.root_id) AS roots,
         min(m.taken) AS firstTaken, max(m.taken) AS lastTaken
       FROM cameras c
       JOIN items i ON i.camera_id = c.id
       LEFT JOIN metadata m ON m.item_id = i.id
       GROUP BY c.id
       ORDER BY items DESC, c.make, c.model, c.serial`,
    )
    .all() as CameraRow[];
}

/** Items of one camera, for the gallery's filter: ids in (root, path) order. */
export function itemsOfCamera(db: Db, cameraId: number): number[] {
  return db.prepare(`SELECT id FROM items WHERE camera_id = ? ORDER BY root_id, rel_path`).pluck().all(cameraId) as number[];
}
