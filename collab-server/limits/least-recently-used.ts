/** Something with a use stamp: a larger `lastUsed` means used more recently. */
export interface UseStamped {
  readonly lastUsed: number
}

/** The item used longest ago (the first such one on a tie), ignoring `except`; null when none is left. */
export function leastRecentlyUsed<T extends UseStamped>(items: Iterable<T>, except?: T): T | null {
  let oldest: T | null = null
  for (const item of items) {
    if (item === except) continue
    if (oldest === null || item.lastUsed < oldest.lastUsed) oldest = item
  }
  return oldest
}
