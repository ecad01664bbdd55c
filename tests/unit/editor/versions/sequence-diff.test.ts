import { describe, expect, it } from 'vitest'
import { diffSequences, type DiffRun } from '../../../../editor/versions/sequence-diff'
import { mulberry32 as random } from '../../support/seeded-random'

/** Applies an edit script to `a`, taking inserted items from `b`: must give `b` back. */
function apply(runs: readonly DiffRun[], a: readonly number[], b: readonly number[]): number[] {
  const result: number[] = []
  let [x, y] = [0, 0]
  for (const run of runs) {
    if (run.kind === 'same') {
      expect(a.slice(x, x + run.count)).toEqual(b.slice(y, y + run.count))
      result.push(...a.slice(x, x + run.count))
      x += run.count
      y += run.count
    } else if (run.kind === 'deleted') x += run.count
    else {
      result.push(...b.slice(y, y + run.count))
      y += run.count
    }
  }
  expect([x, y]).toEqual([a.length, b.length])
  return result
}

const edits = (runs: readonly DiffRun[]) => runs.filter((run) => run.kind !== 'same').reduce((sum, run) => sum + run.count, 0)

describe('diffSequences', () => {
  it('gives the shortest script as runs', () => {
    expect(diffSequences([1, 2, 3, 4], [1, 3, 4, 5])).toEqual([
      { kind: 'same', count: 1 },
      { kind: 'deleted', count: 1 },
      { kind: 'same', count: 2 },
      { kind: 'inserted', count: 1 },
    ])
    // Myers' own example: ABCABBA → CBABAC takes 5 edits.
    const [a, b] = ['ABCABBA', 'CBABAC'].map((text) => [...text].map((char) => char.charCodeAt(0)))
    expect(edits(diffSequences(a, b))).toBe(5)
    expect(apply(diffSequences(a, b), a, b)).toEqual(b)
  })

  it('handles empty and identical sequences', () => {
    expect(diffSequences([], [])).toEqual([])
    expect(diffSequences([], [1, 2])).toEqual([{ kind: 'inserted', count: 2 }])
    expect(diffSequences([1, 2], [])).toEqual([{ kind: 'deleted', count: 2 }])
    expect(diffSequences([1, 2, 3], [1, 2, 3])).toEqual([{ kind: 'same', count: 3 }])
  })

  it('turns any sequence into any other, with no more edits than deleting and inserting everything', () => {
    const next = random(20261205)
    for (let round = 0; round < 300; round++) {
      const a = Array.from({ length: Math.floor(next() * 30) }, () => Math.floor(next() * 5))
      const b = Array.from({ length: Math.floor(next() * 30) }, () => Math.floor(next() * 5))
      const runs = diffSequences(a, b)
      expect(apply(runs, a, b)).toEqual(b)
      expect(edits(runs)).toBeLessThanOrEqual(a.length + b.length)
      // Runs are merged: never two of one kind in a row.
      runs.forEach((run, index) => expect(index === 0 || runs[index - 1].kind !== run.kind).toBe(true))
    }
  })

  it('gives up on the shortest script past its budget: the middle deleted, then inserted, still correct', () => {
    const a = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
    const b = [0, 9, 8, 7, 6, 5, 4, 3, 2, 9]
    const runs = diffSequences(a, b, 10)
    expect(runs).toEqual([
      { kind: 'same', count: 1 },
      { kind: 'deleted', count: 8 },
      { kind: 'inserted', count: 8 },
      { kind: 'same', count: 1 },
    ])
    expect(apply(runs, a, b)).toEqual(b)
  })

  it('stays fast on long sequences with few changes and on long very different ones', () => {
    const long = Array.from({ length: 200_000 }, (_, index) => index % 1000)
    const edited = [...long.slice(0, 50_000), 5000, ...long.slice(50_001, 150_000), ...long.slice(150_010)]
    let started = performance.now()
    const runs = diffSequences(long, edited)
    expect(edits(runs)).toBe(12)
    expect(performance.now() - started).toBeLessThan(2000)

    const other = Array.from({ length: 50_000 }, (_, index) => 1000 + index)
    started = performance.now()
    expect(apply(diffSequences(long.slice(0, 50_000), other), long.slice(0, 50_000), other)).toEqual(other)
    expect(performance.now() - started).toBeLessThan(3000)
  })
})
