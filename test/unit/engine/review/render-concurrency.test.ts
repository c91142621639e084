// Several renders at once (a clue board asks for many region crops together) must each get their
// own item's pixels: the evidence reader reuses one buffer between reads, and renders interleave
// at their awaits. Regression test for crops that showed another image's bytes half-way down.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { openCaseReadOnly } from '../../../../electron/engine/case/case-folder.js';
import { renderItem } from '../../../../electron/engine/hashsets/render-item.js';
import { ingest } from '../../../../electron/engine/ingest/pipeline.js';
import { scratchDir } from '../../../fixtures/corpus.js';
import { sceneJpeg, writeFixture } from '../../../fixtures/generate.js';

let caseDir: string;

beforeAll(async () => {
  const dir = scratchDir();
  const evidence = path.join(dir, 'evidence');
  mkdirSync(evidence);
  for (const seed of [1, 2, 3, 4, 5, 6]) writeFixture(path.join(evidence, `scene-${seed}.jpg`), await sceneJpeg({ width: 900 + seed * 40, height: 600, seed }));
  caseDir = path.join(dir, 'case');
  await ingest({ caseDir, roots: [evidence], workers: 1 });
});

it('renders of different items at the same time give what each gives alone', async () => {
  const handle = openCaseReadOnly(caseDir);
  try {
    const ids = [1, 2, 3, 4, 5, 6];
    const alone: Buffer[] = [];
    for (const id of ids) {
      const r = await renderItem(handle, id, 'full');
      if (!r.ok) throw new Error(r.error.message);
      alone.push(r.bytes);
    }
    const together = await Promise.all(ids.map((id) => renderItem(handle, id, 'full')));
    together.forEach((r, i) => {
      expect(r.ok && r.bytes.equals(alone[i]!)).toBe(true);
    });
  } finally {
    handle.close();
  }
});
