// lanterne hashset import|list|remove — known-material hash sets of a case.
import { CaseError, openCase, openCaseReadOnly } from '../../engine/case/case-folder.js';
import { HashSetQueries } from '../../engine/case/hashset-queries.js';
import { HASH_SET_FORMATS, HashSetFormatError, type HashSetFormat } from '../../engine/hashsets/formats/index.js';
import { HashSetImportError, importHashSet, removeHashSet } from '../../engine/hashsets/import-set.js';
import type { MatchSummary } from '../../engine/hashsets/matcher.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, UsageError } from '../usage-error.js';

export const HASHSET_HELP = `Usage:
  lanterne hashset import <case-dir> <file> [--format auto|${HASH_SET_FORMATS.join('|')}] [--name N] [--kind known|ignorable] [--category C]
  lanterne hashset list <case-dir>
  lanterne hashset remove <case-dir> <name>

Imports a hash set (Project VIC VICS JSON 1.x/2.0, NSRL RDS v3 SQLite or NSRLFile.txt, hashdeep,
md5sum, plain lists, CSV, Interpol ICSE CSV) in one transaction — a malformed record names itself
and leaves the case unchanged — then re-matches the whole case: known material is set aside and
blurred, new material comes first. NSRL sets are 'ignorable' (known-good software) by default,
every other set 'known'. --category gives records that carry none a category number.`;

export async function hashsetCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    format: { type: 'string', short: 'f' },
    name: { type: 'string', short: 'n' },
    kind: { type: 'string', short: 'k' },
    category: { type: 'string', short: 'c' },
  });
  const [action, caseDir, target, ...extra] = positionals;
  if (values.help || !action) {
    console.log(HASHSET_HELP);
    return values.help ? EXIT.OK : EXIT.USAGE;
  }
  if (!caseDir) throw new UsageError('name the case folder');
  if (extra.length) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
  try {
    switch (action) {
      case 'list':
        return list(caseDir);
      case 'import': {
        if (!target) throw new UsageError('name the hash-set file to import');
        const format = values.format ?? 'auto';
        if (format !== 'auto' && !(HASH_SET_FORMATS as readonly string[]).includes(format)) {
          throw new UsageError(`unknown --format ${JSON.stringify(format)}: use auto or ${HASH_SET_FORMATS.join(', ')}`);
        }
        if (values.kind !== undefined && values.kind !== 'known' && values.kind !== 'ignorable') {
          throw new UsageError(`--kind is known or ignorable, not ${JSON.stringify(values.kind)}`);
        }
        const category = values.category === undefined ? undefined : Number(values.category);
        if (category !== undefined && !Number.isInteger(category)) throw new UsageError('--category must be a whole number');
        return await importSet(caseDir, target, {
          format: format as HashSetFormat | 'auto',
          name: values.name,
          kind: values.kind as 'known' | 'ignorable' | undefined,
          category,
        });
      }
      case 'remove': {
        if (!target) throw new UsageError('name the hash set to remove (see: lanterne hashset list)');
        const handle = openCase(caseDir);
        try {
          printMatches(removeHashSet(handle.db, target), `Removed '${target}'.`);
        } finally {
          handle.close();
        }
        return EXIT.OK;
      }
      default:
        throw new UsageError(`unknown action '${action}': use import, list or remove`);
    }
  } catch (error) {
    if (error instanceof CaseError || error instanceof HashSetImportError || error instanceof HashSetFormatError) {
      throw new UsageError(error.message);
    }
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError(`file not found: ${(error as NodeJS.ErrnoException).path ?? target}`);
    throw error;
  }
}

async function importSet(caseDir: string, file: string, options: Parameters<typeof importHashSet>[2]): Promise<number> {
  const handle = openCase(caseDir);
  try {
    const started = Date.now();
    const result = await importHashSet(handle.db, file, {
      ...options,
      onProgress: (n) => process.stderr.write(process.stderr.isTTY ? `\r${n.toLocaleString('en')} records…` : `${n.toLocaleString('en')} records…\n`),
    });
    const seconds = (Date.now() - started) / 1000;
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    const s = result.set;
    console.log(
      `Imported '${s.name}': ${s.records} records (${s.format}${s.version ? ` ${s.version}` : ''}${s.profile ? `, ${s.profile} profile` : ''}, ${s.kind}) in ${seconds.toFixed(1)} s` +
        (s.records >= 10_000 ? ` — ${Math.round(s.records / seconds).toLocaleString('en')} records/s` : '') +
        `; source SHA-256 ${s.source_sha256}`,
    );
    if (result.skipped.count) {
      console.log(`  ${result.skipped.count} records skipped, e.g.:\n    ${result.skipped.examples.slice(0, 5).join('\n    ')}`);
    }
    printMatches(result.matches, '');
    return EXIT.OK;
  } finally {
    handle.close();
  }
}

function list(caseDir: string): number {
  const handle = openCaseReadOnly(caseDir);
  try {
    const sets = new HashSetQueries(handle.db).list();
    if (sets.length === 0) console.log('No hash sets in this case. Import one with: lanterne hashset import <case-dir> <file>');
    for (const s of sets) {
      console.log(`${s.name}\t${s.kind}\t${s.format}${s.version ? ` ${s.version}` : ''}\t${s.records} records\timported ${s.imported_at}\t${s.source_path}\tsha256 ${s.source_sha256}`);
    }
    return EXIT.OK;
  } finally {
    handle.close();
  }
}

function printMatches(m: MatchSummary, prefix: string): void {
  if (prefix) console.log(prefix);
  console.log(`  case now: ${m.known} known, ${m.ignorable} ignorable, ${m.new} new; ${m.clusters} near-duplicate clusters`);
}
