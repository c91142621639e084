import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isInside } from '../../../../electron/engine/ingest/path-safety.js';
import { walk, type WalkedFile, type WalkNote } from '../../../../electron/engine/ingest/walker.js';
import { scratchDir } from '../../../fixtures/corpus.js';

async function collect(root: string, maxDepth?: number) {
  const files: WalkedFile[] = [];
  const notes: WalkNote[] = [];
  for await (const e of walk(root, { maxDepth })) {
    if (e.kind === 'file') files.push(e);
    else notes.push(e);
  }
  return { files, notes };
}

describe('walk', () => {
  it('lists regular files in a stable order (a folder\'s files by name, then its sub-folders) with "/" paths', async () => {
    const root = scratchDir();
    mkdirSync(path.join(root, 'b', 'c'), { recursive: true });
    for (const f of ['z.jpg', 'a.jpg', 'b/y.png', 'b/c/x.gif']) writeFileSync(path.join(root, f), f);
    const { files } = await collect(root);
    expect(files.map((f) => f.relPath)).toEqual(['a.jpg', 'z.jpg', 'b/y.png', 'b/c/x.gif']);
    expect(files[0]!.size).toBe(5);
  });

  it('records symlinks (in and out of the root), loops and FIFOs without following or opening them', async () => {
    const root = scratchDir();
    const outside = scratchDir();
    writeFileSync(path.join(outside, 'secret.jpg'), 'x');
    writeFileSync(path.join(root, 'real.jpg'), 'x');
    symlinkSync(outside, path.join(root, 'out-dir'));
    symlinkSync(path.join(outside, 'secret.jpg'), path.join(root, 'out-file.jpg'));
    symlinkSync('real.jpg', path.join(root, 'in-file.jpg'));
    symlinkSync('loop', path.join(root, 'loop'));
    execFileSync('mkfifo', [path.join(root, 'pipe')]);
    const { files, notes } = await collect(root);
    expect(files.map((f) => f.relPath)).toEqual(['real.jpg']);
    const byPath = Object.fromEntries(notes.map((n) => [n.relPath, n]));
    expect(byPath['out-dir']?.reason).toMatch(/OUTSIDE the evidence root/);
    expect(byPath['out-file.jpg']?.reason).toMatch(/OUTSIDE the evidence root/);
    expect(byPath['in-file.jpg']?.reason).toMatch(/inside the root/);
    expect(byPath['loop']?.reason).toMatch(/dangling or looping/);
    expect(byPath['pipe']).toMatchObject({ note: 'special', reason: expect.stringMatching(/FIFO.*never opened/) });
  });

  it('stops at the depth limit and says so', async () => {
    const root = scratchDir();
    const deep = path.join(root, ...Array.from({ length: 6 }, (_, i) => `d${i}`));
    mkdirSync(deep, { recursive: true });
    writeFileSync(path.join(deep, 'f.jpg'), 'x');
    const { files, notes } = await collect(root, 3);
    expect(files).toEqual([]);
    expect(notes).toEqual([expect.objectContaining({ note: 'too-deep', relPath: 'd0/d1/d2/d3' })]);
  });
});

describe('isInside', () => {
  it('is not fooled by a sibling with the same prefix', () => {
    const base = scratchDir();
    mkdirSync(path.join(base, 'evidence'));
    mkdirSync(path.join(base, 'evidence-old'));
    expect(isInside(path.join(base, 'evidence'), path.join(base, 'evidence-old'))).toBe(false);
    expect(isInside(path.join(base, 'evidence'), path.join(base, 'evidence'))).toBe(true);
    expect(isInside(base, path.join(base, 'evidence'))).toBe(true);
  });
});
