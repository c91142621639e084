// `lanterne verify`: re-hash every evidence file of a case and compare it with what the ingest
// recorded, re-check the audit chain, and record the verification itself in the audit log.
//
// Files are read in this process, one after another, through the ingest's own reader (read-only,
// O_NOATIME). Not the worker pool: verify decodes nothing hostile — it only hashes — so there is no
// decoder to isolate, and one sequential reader keeps an external disk (the usual home of seized
// media) reading in order instead of seeking between parallel reads. The cost is one core's hash
// speed as the ceiling (MD5 + SHA-1 + SHA-256 of each byte).
//
// Recording the verification appends to the chain it has just checked. That is deliberate: when
// the evidence was last checked, by whom, and with what result is itself part of the custody
// record. The entry carries the head it verified and links after it, so nothing verified changes;
// and if the chain was broken, appendAudit continues from the recorded head, so the new entry does
// not heal the break for the next verify.
import { AuditQueries } from '../case/audit-queries.js';
import type { Db } from '../case/db.js';
import { appendAudit, currentActor, verifyAuditChain, type AuditEntry, type ChainVerification } from './audit-log.js';
import { checkEvidenceFile, evidencePath } from './evidence-check.js';

export interface EvidenceProblem {
  kind: 'missing' | 'changed' | 'unreadable';
  itemId: number;
  /** Absolute path, as the case knows it. */
  path: string;
  detail: string;
}

export interface VerifyProgress {
  done: number;
  total: number;
  bytesDone: number;
  bytesTotal: number;
  problems: number;
  elapsedMs: number;
}

export interface CaseVerification {
  ok: boolean;
  caseDir: string;
  actor: string;
  startedAt: string;
  finishedAt: string;
  elapsedMs: number;
  evidence: {
    /** Every file of the case. */
    files: number;
    /** Re-hashed and found identical. */
    matched: number;
    changed: number;
    missing: number;
    unreadable: number;
    /** Never hashed at ingest (still pending, or unreadable then): nothing recorded to compare with. */
    unhashed: number;
    /** Bytes re-hashed. */
    bytes: number;
    /** The first problems (all of them reach onProblem). */
    problems: EvidenceProblem[];
  };
  chain: ChainVerification;
  /** The case.verified entry, unless record was false. */
  recorded: AuditEntry | null;
}

export interface VerifyOptions {
  /** Append a case.verified entry (default true); needs the case open for writing. */
  record?: boolean;
  onProgress?: (progress: VerifyProgress) => void;
  onProblem?: (problem: EvidenceProblem) => void;
}

const PAGE = 500;
const PROBLEMS_KEPT = 100;
/** How many problems the audit entry names: enough to see what happened, bounded for a wrecked case. */
const PROBLEMS_RECORDED = 20;
const PROGRESS_MS = 200;
/** Hand the event loop back this often, so a host process (the app) stays responsive. */
const YIELD_MS = 50;

export async function verifyCase(handle: { dir: string; db: Db }, options: VerifyOptions = {}): Promise<CaseVerification> {
  const started = Date.now();
  const startedAt = new Date(started).toISOString();
  const queries = new AuditQueries(handle.db);
  const chain = verifyAuditChain(handle.db);
  const totals = queries.evidenceTotals();
  const evidence: CaseVerification['evidence'] = {
    files: 0, matched: 0, changed: 0, missing: 0, unreadable: 0, unhashed: 0, bytes: 0, problems: [],
  };
  let lastProgress = 0;
  let lastYield = Date.now();
  const report = (force: boolean) => {
    const now = Date.now();
    if (!options.onProgress) return;
    // The last file's report is left to the final one, so a log does not get the 100% line twice.
    if (!force && (now - lastProgress < PROGRESS_MS || evidence.files === totals.files)) return;
    lastProgress = now;
    options.onProgress({
      done: evidence.files,
      total: totals.files,
      bytesDone: evidence.bytes,
      bytesTotal: totals.bytes,
      problems: evidence.changed + evidence.missing + evidence.unreadable,
      elapsedMs: now - started,
    });
  };

  for (let page = queries.evidenceAfter(0, PAGE); page.length > 0; page = queries.evidenceAfter(page[page.length - 1]!.id, PAGE)) {
    for (const row of page) {
      evidence.files++;
      if (row.md5 === null && row.sha1 === null && row.sha256 === null) {
        evidence.unhashed++;
        continue;
      }
      const verdict = checkEvidenceFile(row);
      evidence.bytes += verdict.bytes;
      if (verdict.kind === 'ok') {
        evidence.matched++;
      } else {
        evidence[verdict.kind]++;
        const problem: EvidenceProblem = { kind: verdict.kind, itemId: row.id, path: evidencePath(row), detail: verdict.detail };
        if (evidence.problems.length < PROBLEMS_KEPT) evidence.problems.push(problem);
        options.onProblem?.(problem);
      }
      report(false);
      if (Date.now() - lastYield >= YIELD_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        lastYield = Date.now();
      }
    }
  }
  report(true);

  const ok = chain.ok && evidence.changed + evidence.missing + evidence.unreadable === 0;
  const finishedAt = new Date().toISOString();
  const actor = currentActor();
  const recorded = options.record === false
    ? null
    : appendAudit(
        handle.db,
        'case.verified',
        {
          result: ok ? 'passed' : 'failed',
          startedAt,
          evidence: {
            files: evidence.files,
            matched: evidence.matched,
            changed: evidence.changed,
            missing: evidence.missing,
            unreadable: evidence.unreadable,
            unhashed: evidence.unhashed,
            bytes: evidence.bytes,
          },
          problems: evidence.problems.slice(0, PROBLEMS_RECORDED).map((p) => ({ kind: p.kind, item: p.itemId, path: p.path })),
          chain: {
            ok: chain.ok,
            entries: chain.entries,
            head: chain.head,
            ...(chain.ok ? {} : { firstBroken: chain.firstBroken }),
          },
        },
        { actor, at: finishedAt },
      );
  return { ok, caseDir: handle.dir, actor, startedAt, finishedAt, elapsedMs: Date.now() - started, evidence, chain, recorded };
}
