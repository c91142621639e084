// lanterne verify <case-dir>
import { CaseError, openCase } from '../../engine/case/case-folder.js';
import { verifyCase, type CaseVerification, type EvidenceProblem } from '../../engine/audit/verify.js';
import { parseCommandArgs } from '../args.js';
import { formatBytes, formatDuration, ProgressPrinter } from '../progress.js';
import { EXIT, UsageError } from '../usage-error.js';

export const VERIFY_HELP = `Usage: lanterne verify <case-dir> [--quiet]

Re-hashes every evidence file of the case (read-only) and compares its size, MD5, SHA-1 and
SHA-256 with what the ingest recorded; re-checks the case's hash-chained audit log. Names every
missing, changed or unreadable file and the first audit entry that does not hold, then prints a
summary a report can quote: the counts, the time, the case and the head hash of the audit log.

The verification is itself recorded in the audit log (a 'case.verified' entry with its result),
so it needs the case open for writing: not while an ingest runs on it.

Options:
  --quiet             no progress, only the problems and the summary
  -h, --help          this help

Exit codes: 0 every hashed file matches and the audit log is intact, 1 something does not hold,
2 bad usage or no such case.`;

export async function verifyCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { quiet: { type: 'boolean', short: 'q' } });
  if (values.help) {
    console.log(VERIFY_HELP);
    return EXIT.OK;
  }
  const [caseDir, ...extra] = positionals;
  if (!caseDir) throw new UsageError('name the case folder to verify');
  if (extra.length) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}: verify checks one case at a time`);

  let handle;
  try {
    handle = openCase(caseDir);
  } catch (error) {
    if (error instanceof CaseError) throw new UsageError(error.message);
    throw error;
  }
  const printer = new ProgressPrinter(process.stderr, values.quiet ?? false);
  let result: CaseVerification;
  try {
    result = await verifyCase(handle, {
      onProgress: (p) =>
        printer.update({ phase: 'process', done: p.done, failed: p.problems, total: p.total, bytesDone: p.bytesDone, bytesTotal: p.bytesTotal, elapsedMs: p.elapsedMs }),
      onProblem: (problem) => {
        printer.end();
        console.log(describeProblem(problem));
      },
    });
  } finally {
    printer.end();
    handle.close();
  }
  console.log(summary(result));
  // 1, "done, but something does not hold", as for an ingest with failed files.
  return result.ok ? EXIT.OK : EXIT.FAILED_FILES;
}

function describeProblem(p: EvidenceProblem): string {
  return `${p.kind.toUpperCase().padEnd(10)} ${printable(p.path)} (item ${p.itemId}): ${printable(p.detail)}`;
}

function summary(r: CaseVerification): string {
  const e = r.evidence;
  const seconds = r.elapsedMs / 1000;
  const rate = seconds > 0 ? e.bytes / seconds / (1024 * 1024) : 0;
  const lines = [
    '',
    r.ok ? 'Verification PASSED.' : 'Verification FAILED.',
    `  case:         ${printable(r.caseDir)}`,
    `  verified:     ${r.startedAt} to ${r.finishedAt} (${seconds < 60 ? `${seconds.toFixed(1)}s` : formatDuration(r.elapsedMs)}, ${rate.toFixed(1)} MB/s) by ${printable(r.actor)}`,
    `  evidence:     ${e.files} files in the case; ${e.matched} re-hashed (${formatBytes(e.bytes)}) match their recorded size, MD5, SHA-1 and SHA-256; ` +
      `${e.changed} changed, ${e.missing} missing, ${e.unreadable} unreadable` +
      (e.unhashed ? `; ${e.unhashed} never hashed at ingest (nothing recorded to compare with)` : ''),
  ];
  const c = r.chain;
  if (c.ok) {
    lines.push(`  audit log:    ${c.entries} entries, chain intact; head ${c.head ?? '(empty log)'}`);
  } else {
    lines.push(`  audit log:    ${c.entries} entries, chain BROKEN at entry ${c.firstBroken.id}: ${printable(c.firstBroken.reason)}`);
    lines.push(`                last entry's hash ${c.head ?? '(none)'}`);
  }
  if (r.recorded) lines.push(`  recorded as:  audit entry ${r.recorded.id} (case.verified), new head ${r.recorded.hash}`);
  return lines.join('\n');
}

/**
 * Paths come from seized media: a control character or a bidi override in a name could rewrite
 * the terminal line or the report it is pasted into. Those are shown as \u{…} escapes.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (ch) => `\\u{${ch.codePointAt(0)!.toString(16)}}`);
}
