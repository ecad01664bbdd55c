import { afterEach, beforeEach, vi } from 'vitest'

/** Times of the changes in merge tests, a minute apart. */
export const T0 = '2026-11-26T09:00:00.000Z'
export const T1 = '2026-11-26T09:01:00.000Z'
export const T2 = '2026-11-26T09:02:00.000Z'
export const T3 = '2026-11-26T09:03:00.000Z'

/** Fakes `Date` for every test of the calling file, starting at {@link T0}. */
export function useFakeClock(): void {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date(T0))
  })
  afterEach(() => vi.useRealTimers())
}

/** Runs `change` as if made at `time`. */
export function at<T>(time: string, change: () => T): T {
  vi.setSystemTime(new Date(time))
  return change()
}
