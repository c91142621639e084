// verify re-hashes a file whose name is not valid UTF-8 by its exact bytes (the walker records
// them in raw_rel_path): an untouched case verifies, and a changed byte is named as changed.
import { mkdirSync, openSync, writeSync, closeSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { verifyCase } from '../../../../electron/engine/audit/verify.js';
import { openCase } from '../../../../electron/engine/case/case-folder.js';
import { ingest } from '../../../../electron/engine/ingest/pipeline.js';
import { scratchDir } from '../../../fixtures/corpus.js';

let evidence: string;
let caseDir: string;
const latin1Name = Buffer.concat([Buffer.from('caf'), Buffer.from([0xe9]), Buffer.from('.txt')]); // "café" in Latin-1

beforeAll(async () => {
  const dir = scratchDir();
  evidence = path.join(dir, 'evidence');
  mkdirSync(evidence);
  writeFileSync(Buffer.concat([Buffer.from(evidence + '/'), latin1Name]), 'a note with a Latin-1 file name\n');
  writeFileSync(path.join(evidence, 'plain.txt'), 'plain\n');
  caseDir = path.join(dir, 'case');
  await ingest({ caseDir, roots: [evidence], workers: 1 });
});

async function verify() {
  const handle = openCase(caseDir);
  try {
    return await verifyCase(handle);
  } finally {
    handle.close();
  }
}

it('verifies an untouched case holding a name that is not valid UTF-8', async () => {
  const result = await verify();
  expect(result.evidence).toMatchObject({ files: 2, matched: 2, missing: 0, changed: 0 });
  expect(result.ok).toBe(true);
});

it('names that file as changed when one of its bytes changes', async () => {
  const fd = openSync(Buffer.concat([Buffer.from(evidence + '/'), latin1Name]), 'r+');
  writeSync(fd, 'A', 0);
  closeSync(fd);
  const result = await verify();
  expect(result.ok).toBe(false);
  expect(result.evidence.problems).toMatchObject([{ kind: 'changed', path: expect.stringContaining('caf\\xE9.txt') }]);
});
