// Matching the case against its hash sets, from scratch: exact (whichever hashes a set carries),
// then near (PDQ ≤ 31, quality ≥ 50) against the PDQs the sets carry and against the dihedral
// PDQs of case items known exactly — so a resized or rotated copy of a known image is known even
// when the set only has MD5 and SHA-1. Then each item's status and the near-duplicate clusters.
import type { Db } from '../case/db.js';
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

export function rematchCase(db: Db): MatchSummary {
  const queries = new HashSetQueries(db);
  let clusters = 0;
  db.transaction(() => {
    queries.rebuildExactMatches();
    matchNear(queries);
    queries.updateStatuses();
    clusters = assignClusters(queries);
  })();
  return { ...queries.statusCounts(), clusters };
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
 * Near-duplicate clusters inside the case (PDQ ≤ 31 between trustworthy hashes), by union-find;
 * exact duplicates share a PDQ and so a cluster. Singletons get no cluster.
 */
function assignClusters(queries: HashSetQueries): number {
  const items = queries.itemsWithPdq(PDQ_MIN_QUALITY);
  const index = new PdqIndex<number>();
  items.forEach((item, i) => index.add(item.pdq, i));
  const parent = items.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  items.forEach((item, i) => {
    for (const { payload: j } of index.query(item.pdq, PDQ_MATCH_DISTANCE)) {
      const a = find(i);
      const b = find(j);
      if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
    }
  });
  const members = new Map<number, number[]>();
  items.forEach((_, i) => {
    const root = find(i);
    const group = members.get(root);
    if (group) group.push(i);
    else members.set(root, [i]);
  });
  const assignments = new Map<number, number>();
  for (const group of members.values()) {
    if (group.length < 2) continue;
    // A cluster is named by its lowest item id: stable across re-runs.
    const clusterId = Math.min(...group.map((i) => items[i]!.id));
    for (const i of group) assignments.set(items[i]!.id, clusterId);
  }
  queries.setClusters(assignments);
  return new Set(assignments.values()).size;
}
