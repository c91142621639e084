// One VICS Media object (already parsed) to a HashSetRecord. Field names and quirks: FORMATS.md,
// "Project VIC — VICS JSON"; the spec is not public, so this accepts what real exports carry.
import {
  FieldProblem, hasHash, parseBool, parseCategory, parseHash, parsePdq, parseSize, show, type HashKind,
} from './fields.js';
import type { HashSetRecord } from './types.js';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** AlternativeHashes names seen in the wild ("SHA256", "SHA-256", "sha_256", "SHA1", "MD5"). */
function altHashKind(name: unknown): HashKind | undefined {
  if (typeof name !== 'string') return undefined;
  const key = name.toLowerCase().replace(/[\s\-_]/g, '');
  return key === 'md5' ? 'md5' : key === 'sha1' ? 'sha1' : key === 'sha256' || key === 'sha2256' ? 'sha256' : undefined;
}

function optionalString(raw: unknown, label: string): string | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number') return String(raw);
  throw new FieldProblem(`${label} ${show(raw)} is not a string`);
}

/**
 * Tags come as an array of strings, an array of {Name} objects, or one string; a single string
 * is split on commas and semicolons (the separators VICS exporters use), blanks dropped.
 */
function parseTags(raw: unknown): string[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  const items = typeof raw === 'string' ? raw.split(/[,;]/) : Array.isArray(raw) ? raw : undefined;
  if (!items) throw new FieldProblem(`Tags ${show(raw)} is not a string or a list`);
  const tags: string[] = [];
  for (const item of items) {
    const text = typeof item === 'string' ? item
      : isObject(item) && typeof (item.Name ?? item.Tag ?? item.Value) === 'string' ? String(item.Name ?? item.Tag ?? item.Value)
      : undefined;
    if (text === undefined) throw new FieldProblem(`Tags entry ${show(item)} is not a string`);
    const trimmed = text.trim();
    if (trimmed) tags.push(trimmed);
  }
  return tags.length ? tags : undefined;
}

/** The last path segment, whichever separator the exporter's OS used. */
const baseName = (p: string): string => p.slice(Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')) + 1);

function fileNameOf(m: Json): string | undefined {
  const files = m.MediaFiles;
  if (Array.isArray(files)) {
    const first: unknown = files[0];
    if (isObject(first) && typeof first.FileName === 'string' && first.FileName) return first.FileName;
  }
  if (typeof m.FileName === 'string' && m.FileName) return m.FileName;
  if (typeof m.RelativeFilePath === 'string' && m.RelativeFilePath) return baseName(m.RelativeFilePath) || undefined;
  return undefined;
}

/** Fills a hash from AlternativeHashes, refusing one that contradicts the main field. */
function mergeAlternative(record: HashSetRecord, kind: HashKind, value: string): void {
  const current = record[kind];
  if (current === undefined) record[kind] = value;
  else if (current !== value) {
    throw new FieldProblem(`AlternativeHashes ${kind.toUpperCase()} '${value}' contradicts ${kind.toUpperCase()} '${current}'`);
  }
}

/**
 * The record for one Media object. A Media with no MD5, SHA-1, SHA-256 or PDQ but a PhotoDNA
 * comes back without hashes (the caller skips it and counts it); with neither it is an error.
 */
export function vicsMediaToRecord(m: unknown, location: HashSetRecord['location']): HashSetRecord {
  if (!isObject(m)) throw new FieldProblem(`a Media record must be a JSON object, found ${show(m)}`);
  const record: HashSetRecord = { location };
  const md5 = parseHash(m.MD5, 'md5', 'MD5');
  const sha1 = parseHash(m.SHA1, 'sha1', 'SHA1');
  // Not in the 1.x/2.0 Media fields, but some exporters put SHA-256 beside MD5 and SHA1.
  const sha256 = parseHash(m.SHA256 ?? m['SHA-256'], 'sha256', 'SHA256');
  if (md5) record.md5 = md5;
  if (sha1) record.sha1 = sha1;
  if (sha256) record.sha256 = sha256;

  const alternatives = m.AlternativeHashes;
  if (alternatives !== undefined && alternatives !== null) {
    if (!Array.isArray(alternatives)) throw new FieldProblem(`AlternativeHashes ${show(alternatives)} is not a list`);
    for (const alt of alternatives) {
      if (!isObject(alt)) throw new FieldProblem(`AlternativeHashes entry ${show(alt)} is not an object`);
      if (typeof alt.HashName === 'string' && alt.HashName.trim().toLowerCase() === 'pdq') {
        const pdq = parsePdq(alt.HashValue, 'AlternativeHashes PDQ');
        if (pdq) record.pdq = pdq;
        continue;
      }
      const kind = altHashKind(alt.HashName);
      if (!kind) continue; // other algorithms (Tiger, …) are not matched here
      const value = parseHash(alt.HashValue, kind, `AlternativeHashes ${String(alt.HashName)}`);
      if (value) mergeAlternative(record, kind, value);
    }
  }

  const photoDna = m.PhotoDNA;
  if (photoDna !== undefined && photoDna !== null && photoDna !== '') {
    if (typeof photoDna !== 'string') throw new FieldProblem(`PhotoDNA ${show(photoDna)} is not a string`);
    record.photoDna = photoDna;
  }
  if (!hasHash(record) && record.photoDna === undefined) {
    throw new FieldProblem('no MD5, SHA1, SHA-256 or PDQ (and no PhotoDNA): nothing to match');
  }

  record.category = parseCategory(m.Category);
  const size = parseSize(m.MediaSize, 'MediaSize');
  if (size !== undefined) record.size = size;
  const fileName = fileNameOf(m);
  if (fileName !== undefined) record.fileName = fileName;
  const mediaId = optionalString(m.MediaID, 'MediaID');
  if (mediaId !== undefined) record.mediaId = mediaId;
  const series = optionalString(m.Series, 'Series');
  if (series !== undefined) record.series = series;
  const tags = parseTags(m.Tags);
  if (tags) record.tags = tags;

  const victim = parseBool(m.VictimIdentified, 'VictimIdentified');
  if (victim !== undefined) record.victimIdentified = victim;
  const offender = parseBool(m.OffenderIdentified, 'OffenderIdentified');
  if (offender !== undefined) record.offenderIdentified = offender;
  const distributed = parseBool(m.IsDistributed, 'IsDistributed');
  if (distributed !== undefined) record.isDistributed = distributed;
  const precategorized = parseBool(m.IsPrecategorized, 'IsPrecategorized');
  if (precategorized !== undefined) record.isPrecategorized = precategorized;
  return record;
}
