import * as prng from 'lib0/prng'

/** A seeded pseudo-random generator in [0, 1) (lib0's PRNG), so every run builds the same data. */
export function seededRandom(seed: number): () => number {
  const generator = prng.create(seed)
  return () => prng.real53(generator)
}
