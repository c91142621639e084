// "Similar images" for the viewer: the members of an item's near-duplicate cluster, nearest first.
// Clusters are built at ingest over PDQ with the dihedral variants (matcher.ts), so a rotated or
// mirrored copy is a member; its distance here is the least over this item's eight variants.
import type { Db } from '../case/db.js';
import { popcount32 } from '../ingest/pdq.js';
import { splitDihedral } from '../hashsets/pdq-index.js';

export interface Neighbour {
  id: number;
  /** PDQ Hamming distance (least over the dihedral variants); null when either has no PDQ. */
  distance: number | null;
}

/** Members of the item's cluster (itself excluded), nearest first, at most `limit`; and how many there are. */
export function clusterNeighbours(db: Db, itemId: number, limit: number): { neighbours: Neighbour[]; total: number } {
  const self = db.prepare('SELECT cluster_id, pdq, pdq_dihedral FROM items WHERE id = ?').get(itemId) as
    | { cluster_id: number | null; pdq: string | null; pdq_dihedral: Uint8Array | null }
    | undefined;
  if (!self || self.cluster_id === null) return { neighbours: [], total: 0 };
  // Clusters are small (near-copies of one picture); read a bounded number of members.
  const members = db
    .prepare('SELECT id, pdq FROM items WHERE cluster_id = ? AND id <> ? ORDER BY id LIMIT 5000')
    .all(self.cluster_id, itemId) as { id: number; pdq: string | null }[];
  const total = (db.prepare('SELECT count(*) AS n FROM items WHERE cluster_id = ? AND id <> ?').get(self.cluster_id, itemId) as { n: number }).n;
  const variants = self.pdq_dihedral ? splitDihedral(self.pdq_dihedral) : self.pdq ? [Buffer.from(self.pdq, 'hex')] : [];
  const scored = members.map((m) => ({ id: m.id, distance: m.pdq && variants.length ? leastDistance(variants, Buffer.from(m.pdq, 'hex')) : null }));
  scored.sort((a, b) => (a.distance ?? 999) - (b.distance ?? 999) || a.id - b.id);
  return { neighbours: scored.slice(0, limit), total };
}

function leastDistance(variants: Uint8Array[], other: Uint8Array): number {
  let best = 256;
  for (const v of variants) {
    let d = 0;
    for (let i = 0; i + 4 <= 32; i += 4) {
      const a = (v[i]! << 24) | (v[i + 1]! << 16) | (v[i + 2]! << 8) | v[i + 3]!;
      const b = (other[i]! << 24) | (other[i + 1]! << 16) | (other[i + 2]! << 8) | other[i + 3]!;
      d += popcount32((a ^ b) >>> 0);
    }
    if (d < best) best = d;
  }
  return best;
}
