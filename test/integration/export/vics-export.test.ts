// VICS JSON 2.0 export of the examiner's categorisation: read back by Lanterne's own VICS reader
// and imported as a set, every hash and category survives; and every field it writes is one
// FORMATS.md lists for VICS (the check reads the field list from FORMATS.md itself).
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categoryTable } from '../../../shared/review.js';
import { openCase, openCaseReadOnly } from '../../../electron/engine/case/case-folder.js';
import { readHashSet } from '../../../electron/engine/hashsets/formats/index.js';
import { importHashSet } from '../../../electron/engine/hashsets/import-set.js';
import { writeVicsExport } from '../../../electron/engine/export/vics-export.js';
import { CORPUS, scratchDir } from '../../fixtures/corpus.js';
import { buildReviewCase, type ReviewCase } from './review-case.js';

const FORMATS_MD = path.join(path.dirname(CORPUS), 'FORMATS.md');

let built: ReviewCase;
let out: string;

beforeAll(async () => {
  built = await buildReviewCase(scratchDir('lanterne-vics-'));
  out = path.join(built.dir, 'out');
}, 120_000);
afterAll(() => rmSync(built.dir, { recursive: true, force: true }));

interface Categorised { id: number; md5: string; sha1: string; sha256: string; size: number; examiner_category: number }

function categorised(): Categorised[] {
  const h = openCaseReadOnly(built.caseDir);
  try {
    return h.db.prepare('SELECT id, md5, sha1, sha256, size, examiner_category FROM items WHERE examiner_category IS NOT NULL ORDER BY id').all() as Categorised[];
  } finally {
    h.close();
  }
}

async function exportTo(name: string, options: Parameters<typeof writeVicsExport>[2]) {
  const file = `${out}-${name}.json`;
  const h = openCaseReadOnly(built.caseDir);
  try {
    return { file, result: await writeVicsExport(h.db, file, options) };
  } finally {
    h.close();
  }
}

/** The VICS field names FORMATS.md lists: Media fields, their sub-objects, case fields, the context URL template. */
function formatsFieldList() {
  const doc = readFileSync(FORMATS_MD, 'utf8');
  const vics = doc.slice(doc.indexOf('## Project VIC'), doc.indexOf('## NIST'));
  const mediaLine = vics.slice(vics.indexOf('Media fields seen in the wild:'), vics.indexOf('- Quirks'));
  const media = new Set<string>();
  const sub: Record<string, Set<string>> = {};
  for (const [, token] of mediaLine.matchAll(/`([^`]+)`/g)) {
    const name = /^\w+/.exec(token!)![0];
    media.add(name);
    const inner = /\[\{([^}]*)\}\]/.exec(token!);
    if (inner) sub[name] = new Set(inner[1]!.split(',').map((s) => s.trim()));
  }
  const caseLine = /each\s+with ([^)]*?), `Media\[\]`/s.exec(vics)![1]!;
  const caseFields = new Set([...caseLine.matchAll(/`(\w+)`/g)].map((m) => m[1]!));
  const template = /"@odata\.context": "([^"]+)"/.exec(vics)![1]!;
  const context = new RegExp(
    `^${template.replace(/[.$?*+()]/g, (c) => `\\${c}`).replace(/\{([^}]+)\}/g, (_, alts: string) => `(${alts})`)}$`,
  );
  return { media, sub, caseFields, context };
}

function validate(doc: Record<string, unknown>, shape: 'media' | 'cases'): Record<string, unknown>[] {
  const list = formatsFieldList();
  expect(list.media.size).toBeGreaterThan(15); // the list was found, not an empty parse
  expect(Object.keys(doc).sort()).toEqual(['@odata.context', 'value']);
  expect(doc['@odata.context']).toMatch(list.context);
  expect(String(doc['@odata.context']).endsWith(shape === 'cases' ? '#Cases' : '#Media')).toBe(true);
  let media = doc.value as Record<string, unknown>[];
  if (shape === 'cases') {
    expect(media).toHaveLength(1);
    const kase = media[0]!;
    for (const key of Object.keys(kase)) expect(key === 'Media' || list.caseFields.has(key), `case field ${key}`).toBe(true);
    for (const key of list.caseFields) expect(kase, `case field ${key}`).toHaveProperty(key);
    media = kase.Media as Record<string, unknown>[];
  }
  const ids = new Set<unknown>();
  for (const m of media) {
    for (const key of Object.keys(m)) expect(list.media.has(key), `Media field ${key} is not in FORMATS.md`).toBe(true);
    expect(m.MD5).toMatch(/^[0-9A-F]{32}$/);
    expect(m.SHA1).toMatch(/^[0-9A-F]{40}$/);
    expect(Number.isInteger(m.MediaSize) && (m.MediaSize as number) >= 0).toBe(true);
    expect(Number.isInteger(m.Category)).toBe(true);
    expect(categoryTable('Default')[m.Category as number]).toBeDefined();
    expect(typeof m.IsPrecategorized).toBe('boolean');
    expect(ids.has(m.MediaID)).toBe(false);
    ids.add(m.MediaID);
    for (const alt of (m.AlternativeHashes as Record<string, unknown>[] | undefined) ?? []) {
      for (const key of Object.keys(alt)) expect(list.sub['AlternativeHashes']!.has(key)).toBe(true);
    }
  }
  return media;
}

describe('VICS JSON 2.0 export', () => {
  it('holds exactly the examiner categorisation, validates against FORMATS.md, and reads back with every hash and category', async () => {
    const { file, result } = await exportTo('media', {});
    const expected = categorised();
    expect(expected.length).toBe(3);
    expect(result).toMatchObject({ format: 'vics', count: 3, fromExaminer: 3, fromSets: 0, skippedOtherProfile: 0 });
    const text = readFileSync(file, 'utf8');
    const media = validate(JSON.parse(text) as Record<string, unknown>, 'media');
    expect(media).toHaveLength(3);
    expect(text).not.toContain('RelativeFilePath');
    expect(text).not.toContain('holiday'); // no path without --include-paths
    expect(text).not.toContain('same room'); // no tags without --include-tags

    const records = [];
    for await (const r of readHashSet(file, 'auto')) records.push(r);
    expect(records.map((r) => ({ md5: r.md5, sha1: r.sha1, sha256: r.sha256, size: r.size, category: r.category }))).toEqual(
      expected.map((e) => ({ md5: e.md5, sha1: e.sha1, sha256: e.sha256, size: e.size, category: e.examiner_category })),
    );
  });

  it('imported back into the case as a set, matches every categorised item with the examiner category', async () => {
    const { file } = await exportTo('roundtrip', {});
    const h = openCase(built.caseDir);
    try {
      const imported = await importHashSet(h.db, file, { name: 'roundtrip' });
      expect(imported.set).toMatchObject({ format: 'vics', version: '2.0', profile: 'Default', records: 3 });
      const hits = h.db
        .prepare(
          `SELECT i.id, i.examiner_category AS mine, m.category AS theirs FROM matches m JOIN hashsets s ON s.id = m.set_id
           JOIN items i ON i.id = m.item_id WHERE s.name = 'roundtrip' AND m.by = 'sha256' ORDER BY i.id`,
        )
        .all();
      expect(hits).toEqual(categorised().map((c) => ({ id: c.id, mine: c.examiner_category, theirs: c.examiner_category })));
    } finally {
      h.close();
    }
  });

  it('adds set hits only when asked, as precategorised, and paths and tags only when asked', async () => {
    const { file, result } = await exportTo('sethits', { includeSetHits: true, includePaths: true, includeTags: true });
    expect(result).toMatchObject({ fromExaminer: 3, fromSets: 1 });
    const media = validate(JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>, 'media');
    const fromSet = media.filter((m) => m.IsPrecategorized === true);
    expect(fromSet).toHaveLength(1);
    expect(fromSet[0]).toMatchObject({ Category: 1, RelativeFilePath: 'known-one.jpg' });
    const beach = media.find((m) => m.RelativeFilePath === 'holiday/beach-house.jpg')!;
    expect(beach.Tags).toBe('same room, wallpaper blue');
  });

  it('writes the case shape (#Cases) with the case fields FORMATS.md names', async () => {
    const { file, result } = await exportTo('case', { shape: 'cases', caseNumber: 'DEMO-1', contactEmail: 'vid@example.org' });
    expect(result.format).toBe('vics-case');
    const doc = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const media = validate(doc, 'cases');
    expect(media).toHaveLength(3);
    expect((doc.value as Record<string, unknown>[])[0]).toMatchObject({ CaseNumber: 'DEMO-1', ContactEmail: 'vid@example.org', SourceApplicationName: expect.stringMatching(/^Lanterne/) });
    const records = [];
    for await (const r of readHashSet(file, 'auto')) records.push(r);
    expect(records.map((r) => r.category)).toEqual(categorised().map((c) => c.examiner_category));
  });
});
