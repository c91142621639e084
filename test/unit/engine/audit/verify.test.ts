// verifyCase on real evidence folders of generated benign files: what it calls changed, missing,
// unreadable and unhashed, and the case.verified entry it leaves.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAudit } from '../../../../electron/engine/audit/audit-log.js';
import { verifyCase, type CaseVerification } from '../../../../electron/engine/audit/verify.js';
import { openCase } from '../../../../electron/engine/case/case-folder.js';
import { ingest } from '../../../../electron/engine/ingest/pipeline.js';
import { scratchDir } from '../../../fixtures/corpus.js';
import { sceneJpeg, writeFixture } from '../../../fixtures/generate.js';

const FILES = ['a.jpg', 'b.jpg', 'sub/c.jpg', 'notes.txt'];

async function makeCase(): Promise<{ caseDir: string; evidence: string }> {
  const dir = scratchDir();
  const evidence = path.join(dir, 'evidence');
  mkdirSync(path.join(evidence, 'sub'), { recursive: true });
  for (const [i, name] of FILES.entries()) {
    writeFixture(path.join(evidence, name), name.endsWith('.jpg') ? await sceneJpeg({ width: 200, height: 150, seed: 100 + i }) : 'a benign note\n');
  }
  const caseDir = path.join(dir, 'case');
  await ingest({ caseDir, roots: [evidence], workers: 1, hashOnly: true });
  return { caseDir, evidence };
}

async function verify(caseDir: string): Promise<CaseVerification> {
  const handle = openCase(caseDir);
  try {
    return await verifyCase(handle);
  } finally {
    handle.close();
  }
}

/** In path order: item ids follow the walk's order, which is the file system's. */
const problems = (r: CaseVerification) =>
  r.evidence.problems.map((p) => ({ kind: p.kind, path: p.path })).sort((a, b) => a.path.localeCompare(b.path));
const detailOf = (r: CaseVerification, file: string) => r.evidence.problems.find((p) => p.path === file)?.detail;

describe('verifyCase', () => {
  it('passes an untouched case and records the result, with the chain head it checked', async () => {
    const { caseDir } = await makeCase();
    const r = await verify(caseDir);
    expect(r.ok).toBe(true);
    expect(r.evidence).toMatchObject({ files: 4, matched: 4, changed: 0, missing: 0, unreadable: 0, unhashed: 0, problems: [] });
    expect(r.chain).toMatchObject({ ok: true, entries: 4 });
    expect(r.recorded).toMatchObject({ id: 5, action: 'case.verified', prev_hash: r.chain.head });
    expect(JSON.parse(r.recorded!.details)).toMatchObject({ result: 'passed', evidence: { matched: 4 }, chain: { ok: true, entries: 4, head: r.chain.head } });
    // The next verify sees the previous one in the chain, intact.
    expect((await verify(caseDir)).chain).toMatchObject({ ok: true, entries: 5, head: r.recorded!.hash });
  });

  it('names the one file whose byte was flipped, with the hashes that differ', async () => {
    const { caseDir, evidence } = await makeCase();
    const file = path.join(evidence, 'sub', 'c.jpg');
    const bytes = readFileSync(file);
    bytes[bytes.length >> 1] = bytes[bytes.length >> 1]! ^ 0x01;
    writeFileSync(file, bytes);
    const r = await verify(caseDir);
    expect(r.ok).toBe(false);
    expect(problems(r)).toEqual([{ kind: 'changed', path: file }]);
    expect(r.evidence.problems[0]!.detail).toMatch(/MD5 recorded [0-9a-f]{32}, now [0-9a-f]{32}; SHA-1 .*; SHA-256 /);
    expect(r.evidence.problems[0]!.detail).not.toMatch(/size/);
    expect(r.evidence).toMatchObject({ matched: 3, changed: 1 });
    expect(JSON.parse(r.recorded!.details)).toMatchObject({ result: 'failed', problems: [{ kind: 'changed', path: file }] });
  });

  it('calls a deleted or moved file missing, and a truncated one changed in size', async () => {
    const { caseDir, evidence } = await makeCase();
    rmSync(path.join(evidence, 'a.jpg'));
    renameSync(path.join(evidence, 'sub'), path.join(evidence, 'moved'));
    writeFileSync(path.join(evidence, 'notes.txt'), 'a benign');
    const r = await verify(caseDir);
    expect(problems(r)).toEqual([
      { kind: 'missing', path: path.join(evidence, 'a.jpg') },
      { kind: 'changed', path: path.join(evidence, 'notes.txt') },
      { kind: 'missing', path: path.join(evidence, 'sub', 'c.jpg') },
    ]);
    expect(detailOf(r, path.join(evidence, 'notes.txt'))).toMatch(/size recorded 14 bytes, now 8/);
  });

  it('never follows a file replaced by a symbolic link, even to an identical copy, nor opens a named pipe', async () => {
    const { caseDir, evidence } = await makeCase();
    const copy = path.join(path.dirname(evidence), 'copy.jpg');
    copyFileSync(path.join(evidence, 'a.jpg'), copy);
    rmSync(path.join(evidence, 'a.jpg'));
    symlinkSync(copy, path.join(evidence, 'a.jpg'));
    rmSync(path.join(evidence, 'b.jpg'));
    execFileSync('mkfifo', [path.join(evidence, 'b.jpg')]);
    const r = await verify(caseDir);
    expect(problems(r)).toEqual([
      { kind: 'changed', path: path.join(evidence, 'a.jpg') },
      { kind: 'changed', path: path.join(evidence, 'b.jpg') },
    ]);
    expect(detailOf(r, path.join(evidence, 'a.jpg'))).toMatch(/symbolic link/);
    expect(detailOf(r, path.join(evidence, 'b.jpg'))).toMatch(/named pipe/);
  });

  it('calls a file the examiner may no longer read unreadable', async (context) => {
    if (process.getuid?.() === 0) context.skip(); // root reads a mode-000 file anyway: nothing to test there
    const { caseDir, evidence } = await makeCase();
    chmodSync(path.join(evidence, 'b.jpg'), 0o000);
    try {
      const r = await verify(caseDir);
      expect(problems(r)).toEqual([{ kind: 'unreadable', path: path.join(evidence, 'b.jpg') }]);
      expect(r.evidence.problems[0]!.detail).toMatch(/EACCES/);
    } finally {
      chmodSync(path.join(evidence, 'b.jpg'), 0o644);
    }
  });

  it('calls a file behind a symbolic-link loop unreadable (testable as root too)', async () => {
    const { caseDir, evidence } = await makeCase();
    rmSync(path.join(evidence, 'sub'), { recursive: true });
    symlinkSync('sub', path.join(evidence, 'sub'));
    const r = await verify(caseDir);
    expect(problems(r)).toEqual([{ kind: 'unreadable', path: path.join(evidence, 'sub', 'c.jpg') }]);
    expect(detailOf(r, path.join(evidence, 'sub', 'c.jpg'))).toMatch(/ELOOP/);
  });

  it('counts files the ingest never hashed apart, without failing on them', async () => {
    const { caseDir } = await makeCase();
    const handle = openCase(caseDir);
    handle.db.prepare(`INSERT INTO items (root_id, rel_path, size) VALUES (1, 'pending.bin', 10)`).run();
    handle.close();
    const r = await verify(caseDir);
    expect(r.ok).toBe(true);
    expect(r.evidence).toMatchObject({ files: 5, matched: 4, unhashed: 1 });
  });

  it('fails on a broken audit chain even when every file matches, and can run without recording', async () => {
    const { caseDir } = await makeCase();
    execFileSync('sqlite3', [path.join(caseDir, 'case.sqlite'), `DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'x' WHERE id = 2;`]);
    const handle = openCase(caseDir);
    try {
      const before = readAudit(handle.db).length;
      const r = await verifyCase(handle, { record: false });
      expect(r.ok).toBe(false);
      expect(r.evidence.matched).toBe(4);
      expect(r.chain).toMatchObject({ ok: false, firstBroken: { id: 2 } });
      expect(r.recorded).toBeNull();
      expect(readAudit(handle.db)).toHaveLength(before);
    } finally {
      handle.close();
    }
  });
});
