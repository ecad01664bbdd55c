const timeFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' })
const clockFormat = new Intl.DateTimeFormat('en-GB', { timeStyle: 'short' })

/** A stored ISO time as people read it: "5 Dec 2026, 14:02"; "" for none or an invalid time. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return ''
  const time = new Date(iso)
  return Number.isNaN(time.getTime()) ? '' : timeFormat.format(time)
}

/** A time of today as "14:02", any other day as {@link formatTime} does. */
export function formatRecentTime(iso: string, now: Date = new Date()): string {
  const time = new Date(iso)
  if (Number.isNaN(time.getTime())) return ''
  return time.toDateString() === now.toDateString() ? clockFormat.format(time) : timeFormat.format(time)
}
