/**
 * The clock shared by every process of the fan-out benchmark: Linux's monotonic clock
 * (`process.hrtime`, CLOCK_MONOTONIC), which is one clock for all processes of the machine, so a
 * time stamped in one generator process can be subtracted from a time read in another. Milliseconds.
 */
export function sharedNowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6
}
