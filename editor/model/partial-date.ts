import './zod-setup'
import { z } from 'zod'

const PARTIAL_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/** True for an ISO 8601 calendar date at year, month or day precision: `2016`, `2016-09`, `2016-09-25`. */
export function isPartialDate(value: string): boolean {
  const match = PARTIAL_DATE.exec(value)
  if (!match) return false
  const [, year, month, day] = match
  if (month === undefined) return true
  const monthNumber = Number(month)
  if (monthNumber < 1 || monthNumber > 12) return false
  if (day === undefined) return true
  // Not Date.UTC: it reads years 0–99 as 1900–1999 (and 1900 is no leap year, while 0000 is).
  const yearNumber = Number(year)
  const leap = yearNumber % 4 === 0 && (yearNumber % 100 !== 0 || yearNumber % 400 === 0)
  const daysInMonth = monthNumber === 2 ? (leap ? 29 : 28) : DAYS_IN_MONTH[monthNumber - 1]
  const dayNumber = Number(day)
  return dayNumber >= 1 && dayNumber <= daysInMonth
}

/** Orders two partial dates by their earliest instant (`2016` < `2016-01` is false: equal starts). */
export function comparePartialDates(a: string, b: string): number {
  const pad = (value: string) => (value + '-01-01').slice(0, 10)
  return pad(a).localeCompare(pad(b))
}

/**
 * True when the period of partial date `end` is over before the period of `start` begins. They are
 * compared at the coarser precision of the two, so `2016-09` does not end before `2016-09-25`
 * (that month contains the day) while `2016-08-31` does.
 */
export function partialDateEndsBefore(end: string, start: string): boolean {
  const precision = Math.min(end.length, start.length)
  return end.slice(0, precision) < start.slice(0, precision)
}

/** zod schema of a partial ISO 8601 date. */
export const partialDateSchema = z.string().refine(isPartialDate, { message: 'must be an ISO 8601 date: YYYY, YYYY-MM or YYYY-MM-DD' })
