'use client'

import { useSyncExternalStore } from 'react'
import { formatTime } from '../annotations/format-time'

const noSubscription = () => () => {}
const utcFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })

function formatUtc(iso: string): string {
  const time = new Date(iso)
  return Number.isNaN(time.getTime()) ? '' : `${utcFormat.format(time)} UTC`
}

/**
 * A time as people read it ("5 Dec 2026, 14:05") in the reader's own time zone. The server renders
 * it in UTC (it cannot know the reader's zone); the browser replaces that once the page loads.
 */
export function LocalTime({ iso }: { iso: string }) {
  const text = useSyncExternalStore(
    noSubscription,
    () => formatTime(iso),
    () => formatUtc(iso),
  )
  return <time dateTime={iso}>{text}</time>
}
