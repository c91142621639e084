// VICS JSON 2.0 export of the examiner's categorisation, so partners' tools can take it
// (FORMATS.md "Project VIC — VICS JSON", issue 6). Two shapes: a hash set (`#Media`, value[] of
// Media) and a case (`#Cases`, value[] of one case holding Media[]).
//
// What goes in: every item the examiner categorised, with the examiner's category — "my
// categorisation" means the examiner's own decisions. Items only a hash set categorised (the
// examiner never looked, or agreed silently) are left out unless `includeSetHits` is set; then
// they go in with the set's category and IsPrecategorized "true". An examiner category always wins
// over a set's. Items categorised in another profile's table than the export's are skipped and
// counted: VICS numbers mean nothing outside their profile.
//
// Per Media: MediaID (1, 2, … in item order), Category, MD5 and SHA1 upper case, MediaSize,
// AlternativeHashes (SHA256, and PDQ when the item has one of usable quality), IsPrecategorized,
// DateUpdated; RelativeFilePath only with `includePaths` (seized paths can name people and places);
// Tags only with `includeTags` (free text the examiner wrote). Written one Media at a time, so a
// million items never sit in memory.
import { createHash } from 'node:crypto';
import type { Writable } from 'node:stream';
import { categoryTable } from '../../../shared/review.js';
import type { Db } from '../case/db.js';
import { ReportQueries, type VicsExportRow } from '../case/report-queries.js';
import { writeExport, type ExportWritten } from './export-output.js';

export const VICS_CONTEXT_BASE = 'http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml';
/** PDQ below this quality is too flat to match on (FORMATS.md "PDQ"): not worth sending. */
const PDQ_MIN_QUALITY = 50;

export interface VicsExportOptions {
  /** 'media' (a hash set, the default) or 'cases' (one case holding the Media). */
  shape?: 'media' | 'cases';
  /** Also items only a known hash set categorised, with the set's category. Default false. */
  includeSetHits?: boolean;
  /** Add RelativeFilePath (the path inside its evidence root). Default false: paths can be sensitive. */
  includePaths?: boolean;
  /** Add the examiner's tags as Tags. Default false. */
  includeTags?: boolean;
  /** The category table: Default (= US, the default) is the one with public meanings. */
  profile?: 'Default' | 'US' | 'UK' | 'CUSTOM';
  /** For the case shape. */
  caseNumber?: string;
  contactEmail?: string;
  now?: Date;
}

export interface VicsExportResult extends ExportWritten {
  /** Items categorised in another profile's table than the export's, left out. */
  skippedOtherProfile: number;
  fromExaminer: number;
  fromSets: number;
}

export interface VicsMedia {
  MediaID: number;
  Category: number;
  MD5?: string;
  SHA1?: string;
  MediaSize: number;
  AlternativeHashes?: { HashName: string; HashValue: string }[];
  IsPrecategorized: boolean;
  DateUpdated: string;
  RelativeFilePath?: string;
  Tags?: string;
}

/** The version line a package.json would give; kept here so the engine reads no files for it. */
export const SOURCE_APPLICATION = 'Lanterne 0.1.0';

export function vicsContext(profile: string, shape: 'media' | 'cases'): string {
  return `${VICS_CONTEXT_BASE}/${profile}/$metadata#${shape === 'cases' ? 'Cases' : 'Media'}`;
}

/** The same table, under either of its names: US and Default are one table (shared/review.ts). */
function sameTable(a: string | null, b: string): boolean {
  const norm = (p: string | null) => (!p || p === 'US' || p === 'Default' ? 'Default' : p);
  return norm(a) === norm(b);
}

/** Tag names joined the way VICS readers split them: commas and semicolons inside a name become spaces. */
function tagsText(json: string | null): string | undefined {
  if (!json) return undefined;
  const names = (JSON.parse(json) as string[])
    .map((n) => n.replace(/[,;]/g, ' ').replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .sort((a, b) => a.localeCompare(b));
  return names.length ? names.join(', ') : undefined;
}

export function toVicsMedia(
  row: VicsExportRow,
  mediaId: number,
  category: number,
  precategorized: boolean,
  options: { includePaths: boolean; includeTags: boolean; dateUpdated: string },
): VicsMedia {
  const media: VicsMedia = { MediaID: mediaId, Category: category, MediaSize: row.size, IsPrecategorized: precategorized, DateUpdated: options.dateUpdated };
  if (row.md5) media.MD5 = row.md5.toUpperCase();
  if (row.sha1) media.SHA1 = row.sha1.toUpperCase();
  const alternatives: { HashName: string; HashValue: string }[] = [];
  if (row.sha256) alternatives.push({ HashName: 'SHA256', HashValue: row.sha256.toUpperCase() });
  if (row.pdq && (row.pdq_quality ?? 0) >= PDQ_MIN_QUALITY) alternatives.push({ HashName: 'PDQ', HashValue: row.pdq.toLowerCase() });
  if (alternatives.length) media.AlternativeHashes = alternatives;
  if (options.includePaths) media.RelativeFilePath = row.rel_path;
  if (options.includeTags) {
    const tags = tagsText(row.tags_json);
    if (tags) media.Tags = tags;
  }
  return media;
}

/** A stable CaseID for this case: a UUID-shaped digest of when it was created and its first audit entry. */
function caseId(db: Db): string {
  const info = new ReportQueries(db).caseInfo();
  const hex = createHash('sha256').update(`${info['created_at'] ?? ''}|${info['audit_head'] ?? ''}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Writes the export to `out` (a file, written atomically) or a stream; returns what it wrote. */
export async function writeVicsExport(db: Db, out: string | Writable, options: VicsExportOptions = {}): Promise<VicsExportResult> {
  const shape = options.shape ?? 'media';
  const profile = options.profile ?? 'Default';
  const table = categoryTable(profile);
  const dateUpdated = (options.now ?? new Date()).toISOString();
  const flags = { includePaths: options.includePaths ?? false, includeTags: options.includeTags ?? false, dateUpdated };
  const tally = { skippedOtherProfile: 0, fromExaminer: 0, fromSets: 0 };
  const queries = new ReportQueries(db);
  const target = typeof out === 'string' ? { file: out } : { stream: out };

  const written = await writeExport(target, async (w) => {
    await w.write(`{"@odata.context":${JSON.stringify(vicsContext(profile, shape))},"value":[`);
    if (shape === 'cases') {
      const head = {
        CaseID: caseId(db),
        CaseNumber: options.caseNumber ?? '',
        ContactEmail: options.contactEmail ?? '',
        SourceApplicationName: SOURCE_APPLICATION,
      };
      await w.write(`${JSON.stringify(head).slice(0, -1)},"Media":[`);
    }
    let n = 0;
    for (const row of queries.vicsItems(options.includeSetHits ?? false)) {
      let category: number;
      let precategorized: boolean;
      if (row.examiner_category !== null) {
        if (!sameTable(row.examiner_profile, profile) || table[row.examiner_category] === undefined) {
          tally.skippedOtherProfile++;
          continue;
        }
        category = row.examiner_category;
        precategorized = false;
        tally.fromExaminer++;
      } else {
        if (row.set_category === null || !sameTable(row.set_profile, profile) || table[row.set_category] === undefined) {
          tally.skippedOtherProfile++;
          continue;
        }
        category = row.set_category;
        precategorized = true;
        tally.fromSets++;
      }
      n++;
      await w.write(`${n > 1 ? ',' : ''}\n${JSON.stringify(toVicsMedia(row, n, category, precategorized, flags))}`);
    }
    await w.write(shape === 'cases' ? '\n]}]}\n' : '\n]}\n');
    return n;
  });
  return { format: shape === 'cases' ? 'vics-case' : 'vics', ...written, ...tally };
}
