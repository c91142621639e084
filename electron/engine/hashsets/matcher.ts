// Matching the case against its hash sets, from scratch: exact (whichever hashes a set carries),
// then near (PDQ ≤ 31, quality ≥ 50) against the PDQs the sets carry and against the dihedral
// PDQs of case items known exactly — so a resized or rotated copy of a known image is known even
// when the set only has MD5 and SHA-1. Then each item's status and the near-duplicate clusters.
import type { Db } from '../case/db.js';
import { refreshClusterSizes } from '../case/gallery-paging.js';
import { HashSetQueries } from '../case/hashset-queries.js';
import { PDQ_MATCH_DISTANCE, PDQ_MIN_QUALITY } from '../ingest/pdq.js';
import { PdqIndex, splitDihedral } from './pdq-index.js';

export interface MatchSummary {
  new: number;
  known: number;
  ignorable: number;
  clusters: number;
}

interface Reference {
  setId: number;
  entryId: number | null;
  viaItemId: number | null;
  category: number | null;
}

/**
 * `clusters`: recompute the near-duplicate clusters too. They depend only on the case's items, so
 * an ingest recomputes them and a hash-set import or removal does not.
 */
export function rematchCase(db: Db, options: { clusters: boolean }): MatchSummary {
  const queries = new HashSetQueries(db);
  db.transaction(() => {
    queries.rebuildExactMatches();
    matchNear(queries);
    queries.updateStatuses();
    if (options.clusters) {
      assignClusters(queries);
      refreshClusterSizes(db); // the gallery's "largest clusters first" order
    }
  })();
  return { ...queries.statusCounts(), clusters: queries.clusterCount() };
}

function matchNear(queries: HashSetQueries): void {
  // References carried by sets: one hash each, so the item side supplies the 8 dihedral variants.
  const fromSets = new PdqIndex<Reference>();
  for (const e of queries.setPdqEntries()) {
    fromSets.add(e.pdq, { setId: e.set_id, entryId: e.entry_id, viaItemId: null, category: e.category });
  }
  // References from exactly-known items: all 8 variants, so the item side needs only its own hash.
  const fromItems = new PdqIndex<Reference>();
  for (const k of queries.exactlyKnownItemsWithPdq()) {
    for (const variant of splitDihedral(k.pdq_dihedral)) {
      fromItems.add(variant, { setId: k.set_id, entryId: null, viaItemId: k.item_id, category: k.category });
    }
  }
  if (fromSets.size === 0 && fromItems.size === 0) return;
  for (const item of queries.itemsWithPdq(PDQ_MIN_QUALITY)) {
    const best = new Map<number, { ref: Reference; distance: number }>();
    const consider = (hits: { payload: Reference; distance: number }[]) => {
      for (const { payload, distance } of hits) {
        if (payload.viaItemId === item.id) continue;
        const current = best.get(payload.setId);
        if (!current || distance < current.distance) best.set(payload.setId, { ref: payload, distance });
      }
    };
    if (fromItems.size) consider(fromItems.query(item.pdq, PDQ_MATCH_DISTANCE));
    if (fromSets.size) {
      for (const variant of item.pdq_dihedral ? splitDihedral(item.pdq_dihedral) : [Buffer.from(item.pdq, 'hex')]) {
        consider(fromSets.query(variant, PDQ_MATCH_DISTANCE));
      }
    }
    for (const { ref, distance } of best.values()) {
      queries.insertPdqMatch({
        item_id: item.id,
        set_id: ref.setId,
        entry_id: ref.entryId,
        via_item_id: ref.viaItemId,
        distance,
        category: ref.category,
      });
    }
  }
}

/**
 * Near-duplicate clusters inside the case (PDQ ≤ 31 between trustworthy hashes), by union-find
 * over the distinct hashes: exact duplicates share a PDQ, so they are queried once (pairs grow
 * with the square of a family's size; distinct hashes keep that down). Singletons get no cluster.
 */
function assignClusters(queries: HashSetQueries): number {
  const items = queries.itemsWithPdq(PDQ_MIN_QUALITY);
  const hashes: string[] = [];
  const membersOf: number[][] = [];
  const slotOf = new Map<string, number>();
  for (const item of items) {
    let slot = slotOf.get(item.pdq);
    if (slot === undefined) {
      slot = hashes.push(item.pdq) - 1;
      slotOf.set(item.pdq, slot);
      membersOf.push([]);
    }
    membersOf[slot]!.push(item.id);
  }
  const index = new PdqIndex<number>();
  hashes.forEach((hash, slot) => index.add(hash, slot));
  const parent = hashes.map((_, slot) => slot);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  hashes.forEach((hash, slot) => {
    for (const { payload: other } of index.query(hash, PDQ_MATCH_DISTANCE)) {
      const a = find(slot);
      const b = find(other);
      if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
    }
  });
  const groups = new Map<number, number[]>();
  hashes.forEach((_, slot) => {
    const root = find(slot);
    const group = groups.get(root);
    if (group) group.push(...membersOf[slot]!);
    else groups.set(root, [...membersOf[slot]!]);
  });
  const assignments = new Map<number, number>();
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    // A cluster is named by its lowest item id: stable across re-runs.
    const clusterId = group.reduce((a, b) => Math.min(a, b));
    for (const id of group) assignments.set(id, clusterId);
  }
  queries.setClusters(assignments);
  return new Set(assignments.values()).size;
}
