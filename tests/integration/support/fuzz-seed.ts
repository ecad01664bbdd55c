import { randomInt } from 'node:crypto'
import { onTestFailed } from 'vitest'

/**
 * The seed of a fuzz run: `FUZZ_SEED` from the environment (to replay a run), else a fresh random
 * one. Throws when `FUZZ_SEED` is set but is not an integer in [0, 2^32).
 */
export function fuzzSeed(env: NodeJS.ProcessEnv = process.env): number {
  const given = env.FUZZ_SEED?.trim()
  if (!given) return randomInt(2 ** 32)
  const seed = Number(given)
  if (!/^\d+$/.test(given) || seed >= 2 ** 32) throw new Error(`FUZZ_SEED must be an integer in [0, 2^32), not ${JSON.stringify(env.FUZZ_SEED)}`)
  return seed
}

/** Prints the seed of the running test now and again if it fails, with how to replay it. Call inside the test. */
export function announceSeed(name: string, seed: number): void {
  const replay = `${name} seed ${seed} (replay: FUZZ_SEED=${seed})`
  console.log(replay)
  onTestFailed(() => console.error(`FAILED: ${replay}`))
}
