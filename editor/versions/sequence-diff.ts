/**
 * Myers' O((N+M)·D) difference of two sequences of numbers (E. Myers, "An O(ND) Difference
 * Algorithm and Its Variations", 1986): the shortest edit script, as runs of kept, deleted and
 * inserted items. Items are numbers so that any tokens (words, blocks) can be compared by an id.
 */

/** One run of the edit script: `count` items kept, deleted from the old sequence, or inserted from the new one. */
export interface DiffRun {
  readonly kind: 'same' | 'deleted' | 'inserted'
  readonly count: number
}

/**
 * Work the search may do before it gives up on a shortest script: about (N+M)·D comparisons. Its
 * memory grows with D², so D is also capped at {@link MAX_EDIT_DISTANCE}.
 */
export const DEFAULT_DIFF_BUDGET = 50_000_000
const MAX_EDIT_DISTANCE = 3000

/**
 * Work units (about one comparison each) that several diffs share: a comparison of two documents
 * passes one to every diff it makes, so its cost is bounded however many blocks changed. Once
 * spent, a diff gives its middle as deleted whole, then inserted whole.
 */
export class DiffBudget {
  spent = 0
  constructor(readonly total: number = DEFAULT_DIFF_BUDGET) {}

  get remaining(): number {
    return Math.max(0, this.total - this.spent)
  }
}

function push(runs: DiffRun[], kind: DiffRun['kind'], count: number): void {
  if (count === 0) return
  const last = runs.at(-1)
  if (last?.kind === kind) runs[runs.length - 1] = { kind, count: last.count + count }
  else runs.push({ kind, count })
}

/**
 * The traces of the search (one copy of the frontier per edit distance), or null when it needs
 * more than the budget allows. Charges the budget (N+M) units per edit distance tried.
 */
function search(a: ArrayLike<number>, b: ArrayLike<number>, budget: DiffBudget): Int32Array[] | null {
  const n = a.length
  const m = b.length
  const max = n + m
  const offset = max + 1
  const maxD = Math.min(MAX_EDIT_DISTANCE, Math.floor(budget.remaining / Math.max(1, max)) - 1)
  if (maxD < 0) return null
  const frontier = new Int32Array(2 * max + 3)
  const traces: Int32Array[] = []
  for (let d = 0; d <= max; d++) {
    if (d > maxD) return null
    budget.spent += max
    traces.push(frontier.slice(offset - d - 1, offset + d + 2))
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && frontier[offset + k - 1] < frontier[offset + k + 1]) ? frontier[offset + k + 1] : frontier[offset + k - 1] + 1
      let y = x - k
      while (x < n && y < m && a[x] === b[y]) {
        x++
        y++
      }
      frontier[offset + k] = x
      if (x >= n && y >= m) return traces
    }
  }
  return traces
}

/** Walks the traces back from the end into the edit script. */
function backtrack(traces: Int32Array[], n: number, m: number): DiffRun[] {
  const reversed: DiffRun[] = []
  let x = n
  let y = m
  for (let d = traces.length - 1; d >= 0; d--) {
    const trace = traces[d]
    // trace[i] holds frontier[k] for k = i - d - 1 (the copy taken before step d ran).
    const at = (k: number) => trace[k + d + 1]
    const k = x - y
    if (d === 0) {
      reversed.push({ kind: 'same', count: x })
      break
    }
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1))
    const previousK = down ? k + 1 : k - 1
    const previousX = at(previousK)
    const previousY = previousX - previousK
    const startX = down ? previousX : previousX + 1
    reversed.push({ kind: 'same', count: x - startX })
    reversed.push(down ? { kind: 'inserted', count: 1 } : { kind: 'deleted', count: 1 })
    x = previousX
    y = previousY
  }
  const runs: DiffRun[] = []
  for (let index = reversed.length - 1; index >= 0; index--) push(runs, reversed[index].kind, reversed[index].count)
  return runs
}

/**
 * The shortest edit script from `a` to `b`. Common prefix and suffix are taken off first; when the
 * middle needs more than `budget` allows (very different long sequences, or a shared budget
 * spent by earlier diffs) it is given as deleted whole, then inserted whole — still a correct
 * script, only not the shortest. A number is a budget of its own.
 */
export function diffSequences(a: ArrayLike<number>, b: ArrayLike<number>, budget: DiffBudget | number = DEFAULT_DIFF_BUDGET): DiffRun[] {
  const shared = typeof budget === 'number' ? new DiffBudget(budget) : budget
  let prefix = 0
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++
  let suffix = 0
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++
  const middleA = Array.prototype.slice.call(a, prefix, a.length - suffix) as number[]
  const middleB = Array.prototype.slice.call(b, prefix, b.length - suffix) as number[]
  const runs: DiffRun[] = []
  push(runs, 'same', prefix)
  const traces = middleA.length > 0 && middleB.length > 0 ? search(middleA, middleB, shared) : null
  if (traces) {
    for (const run of backtrack(traces, middleA.length, middleB.length)) push(runs, run.kind, run.count)
  } else {
    push(runs, 'deleted', middleA.length)
    push(runs, 'inserted', middleB.length)
  }
  push(runs, 'same', suffix)
  return runs
}
