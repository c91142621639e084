// Near-duplicate search over PDQ hashes: which stored hashes lie within a Hamming distance of a
// query. Hashes are kept as 8 × 32-bit words in one flat Uint32Array and compared with XOR +
// popcount, so a scan touches contiguous memory and allocates nothing.
export class PdqIndex<T> {
  private words = new Uint32Array(8 * 1024);
  private readonly payloads: T[] = [];

  get size(): number {
    return this.payloads.length;
  }

  add(hash: string | Uint8Array, payload: T): void {
    const at = this.payloads.length * 8;
    if (at + 8 > this.words.length) {
      const grown = new Uint32Array(this.words.length * 2);
      grown.set(this.words);
      this.words = grown;
    }
    writeWords(hash, this.words, at);
    this.payloads.push(payload);
  }

  /** Every stored hash within maxDistance bits of the query, nearest first. */
  query(hash: string | Uint8Array, maxDistance: number): { payload: T; distance: number }[] {
    const q = new Uint32Array(8);
    writeWords(hash, q, 0);
    const hits: { payload: T; distance: number }[] = [];
    const words = this.words;
    for (let i = 0, at = 0; i < this.payloads.length; i++, at += 8) {
      let d = 0;
      for (let w = 0; w < 8 && d <= maxDistance; w++) d += popcount32((words[at + w]! ^ q[w]!) >>> 0);
      if (d <= maxDistance) hits.push({ payload: this.payloads[i]!, distance: d });
    }
    return hits.sort((a, b) => a.distance - b.distance);
  }
}

function writeWords(hash: string | Uint8Array, into: Uint32Array, at: number): void {
  if (typeof hash === 'string') {
    if (!/^[0-9a-fA-F]{64}$/.test(hash)) throw new TypeError(`not a PDQ hash: ${JSON.stringify(hash.slice(0, 80))}`);
    for (let w = 0; w < 8; w++) into[at + w] = parseInt(hash.slice(w * 8, w * 8 + 8), 16) >>> 0;
    return;
  }
  if (hash.length !== 32) throw new TypeError(`a PDQ hash is 32 bytes, got ${hash.length}`);
  for (let w = 0; w < 8; w++) {
    const o = w * 4;
    into[at + w] = ((hash[o]! << 24) | (hash[o + 1]! << 16) | (hash[o + 2]! << 8) | hash[o + 3]!) >>> 0;
  }
}

export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** The 8 dihedral variants stored per item: 8 × 32 bytes, in DIHEDRAL_NAMES order. */
export function splitDihedral(blob: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i + 32 <= blob.length; i += 32) out.push(blob.subarray(i, i + 32));
  return out;
}
