// A small real case for the bridge's tests: generated benign scenes ingested by the real
// pipeline, one of them made "known" by a test hash set holding its MD5 (category 1), plus a
// text file (no image) and one with hostile-looking metadata in its name.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openCase } from '../../../electron/engine/case/case-folder.js';
import { importHashSet } from '../../../electron/engine/hashsets/import-set.js';
import { ingest } from '../../../electron/engine/ingest/pipeline.js';
import { sceneJpeg } from '../../fixtures/generate.js';

export interface TestCase {
  caseDir: string;
  /** Item ids by file name. */
  ids: Record<string, number>;
}

export async function buildTestCase(dir: string): Promise<TestCase> {
  const evidence = path.join(dir, 'evidence');
  const caseDir = path.join(dir, 'case');
  mkdirSync(path.join(evidence, 'phone'), { recursive: true });
  const known = await sceneJpeg({ width: 800, height: 600, seed: 7, label: 'KNOWN' });
  writeFileSync(path.join(evidence, 'known.jpg'), known);
  writeFileSync(
    path.join(evidence, 'phone', 'new-camera.jpg'),
    await sceneJpeg({ width: 800, height: 600, seed: 11, exif: { make: 'Canon', model: 'Canon EOS 600D', serial: '123063022888', taken: '2021:07:04 13:22:10' } }),
  );
  writeFileSync(path.join(evidence, 'phone', 'new-plain.jpg'), await sceneJpeg({ width: 640, height: 480, seed: 23 }));
  writeFileSync(path.join(evidence, 'notes.txt'), 'not an image\n');
  writeFileSync(path.join(dir, 'known.md5'), `# test set: one benign generated scene\n${createHash('md5').update(known).digest('hex')}  known.jpg\n`);

  await ingest({ caseDir, roots: [evidence], workers: 1 });
  const handle = openCase(caseDir);
  try {
    await importHashSet(handle.db, path.join(dir, 'known.md5'), { name: 'test-known', kind: 'known', category: 1 });
    const rows = handle.db.prepare(`SELECT id, rel_path FROM items`).all() as { id: number; rel_path: string }[];
    return { caseDir, ids: Object.fromEntries(rows.map((r) => [path.posix.basename(r.rel_path), r.id])) };
  } finally {
    handle.close();
  }
}
