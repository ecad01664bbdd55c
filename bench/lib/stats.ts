/** Summary statistics of latency samples (milliseconds). */
export interface LatencySummary {
  readonly count: number
  readonly p50: number | null
  readonly p95: number | null
  readonly p99: number | null
  readonly mean: number | null
  readonly max: number | null
}

/** The q-quantile (0..1) of sorted samples by nearest rank; null when empty. */
function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  return sorted[rank] ?? null
}

/** p50/p95/p99/mean/max of the samples. */
export function summarize(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b)
  const sum = sorted.reduce((total, value) => total + value, 0)
  return {
    count: sorted.length,
    p50: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    p99: quantile(sorted, 0.99),
    mean: sorted.length ? sum / sorted.length : null,
    max: sorted.length ? (sorted.at(-1) ?? null) : null,
  }
}
