import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ThumbnailStore } from '../../../../electron/engine/case/thumbnail-store.js';
import { scratchDir } from '../../../fixtures/corpus.js';

describe('ThumbnailStore', () => {
  const sha = 'ab'.repeat(32);

  it('stores by SHA-256 under a two-character fan-out, atomically', () => {
    const store = new ThumbnailStore(path.join(scratchDir(), 'thumbs'));
    expect(store.has(sha)).toBe(false);
    store.write(sha, Buffer.from('webp'));
    expect(store.read(sha)?.toString()).toBe('webp');
    expect(readdirSync(path.join(store.dir, 'ab'))).toEqual([`${sha}.webp`]); // no temp file left
  });

  it('refuses anything that is not a SHA-256 (no path tricks)', () => {
    const store = new ThumbnailStore(scratchDir());
    for (const bad of ['../../etc/passwd', 'AB'.repeat(32), 'ab'.repeat(31), '']) expect(() => store.pathFor(bad)).toThrow();
  });
});
