// Where fuzz seeds come from: the shared benign corpus beside the checkout (wherever that is:
// CI clones into a fresh folder), every regular file under a folder, in a stable order.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { CORPUS } from '../fixtures/corpus.js';

export const SEED_CORPUS = process.env['FUZZ_CORPUS'] ?? CORPUS;

export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out.sort();
}
