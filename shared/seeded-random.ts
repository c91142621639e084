// xorshift32: a small seedable generator, the same on every platform — for demo scenes, synthetic
// test cases and fault injection, where the same seed must give the same bytes so a run can be
// replayed. Never for anything secret.
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}
