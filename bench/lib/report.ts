/**
 * The shape every benchmark suite returns, and how the runner prints it. A figure that could not
 * be measured is `null` and is printed as "missing", never guessed.
 */

/** One cell: a number (printed with `unit`), text, or null for "not measured". */
export type Cell = number | string | null

/** A table of figures, printed as text by the runner and as Markdown in docs/performance.md. */
export interface Table {
  readonly title: string
  readonly columns: readonly string[]
  readonly rows: readonly (readonly Cell[])[]
}

/**
 * A target from the issue, checked on this run's figures. `actual` and `limit` are in the same
 * unit (usually a ratio, e.g. Spanwise p95 / stock p95 ≤ 1.0). `met` is null when a figure is
 * missing.
 */
export interface TargetCheck {
  readonly name: string
  readonly actual: number | null
  readonly limit: number
  readonly unit: string
  readonly met: boolean | null
}

/** What one suite reports. `raw` holds every measured sample summary for the JSON results. */
export interface SuiteReport {
  readonly suite: string
  readonly tables: readonly Table[]
  readonly targets: readonly TargetCheck[]
  readonly notes: readonly string[]
  readonly raw: unknown
}

/** Passed to every suite. */
export interface BenchContext {
  /** `--quick`: the smallest sizes only, a smoke test for CI (figures are not meaningful). */
  readonly quick: boolean
  /** Project root (absolute). */
  readonly root: string
  /** A scratch directory for this run (data dirs, documents); removed afterwards. */
  readonly workDir: string
  /** Progress lines for the console (stderr). */
  readonly log: (line: string) => void
}

/** A suite: one of fanout, cluster, editor, export, persistence, layout. */
export interface BenchSuite {
  readonly name: string
  run(context: BenchContext): Promise<SuiteReport>
}

/** Builds a target check; `met` is null when `actual` is missing. */
export function target(name: string, actual: number | null, limit: number, unit = '×'): TargetCheck {
  const met = actual === null || !Number.isFinite(actual) ? null : actual <= limit
  return { name, actual: met === null ? null : actual, limit, unit, met }
}

/** a / b, or null when either is missing or b is 0. */
export function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a === null || a === undefined || b === null || b === undefined || b === 0) return null
  return a / b
}
