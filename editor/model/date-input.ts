import { isPartialDate } from './partial-date'

/** The message shown at a date field that cannot be read. */
export const DATE_INPUT_HELP = 'use 2016, 2016-09 or 2016-09-25 (or write it out: Sept 2015, 25 September 2016)'

const MONTHS: ReadonlyArray<readonly string[]> = [
  ['january', 'jan'],
  ['february', 'feb'],
  ['march', 'mar'],
  ['april', 'apr'],
  ['may'],
  ['june', 'jun'],
  ['july', 'jul'],
  ['august', 'aug'],
  ['september', 'sept', 'sep'],
  ['october', 'oct'],
  ['november', 'nov'],
  ['december', 'dec'],
]

/** The month number (1–12) of an English month name or abbreviation ("Sept", "sep.", "September"), or null. */
function monthOf(word: string): number | null {
  const name = word.toLowerCase().replace(/\.$/, '')
  const index = MONTHS.findIndex((names) => names.includes(name))
  return index === -1 ? null : index + 1
}

const pad = (value: number) => String(value).padStart(2, '0')

/** A partial date from its parts, or null when it is not a real date. */
function partial(year: string, month?: number, day?: number): string | null {
  if (!/^\d{4}$/.test(year)) return null
  const value = month === undefined ? year : day === undefined ? `${year}-${pad(month)}` : `${year}-${pad(month)}-${pad(day)}`
  return isPartialDate(value) ? value : null
}

/**
 * Reads a date as people type it into a partial ISO 8601 date (data model: `2016`, `2016-09`,
 * `2016-09-25`). Accepts the ISO forms, `2016/09/25`, month names in English ("Sept 2015",
 * "September 2015", "25 Sept 2016", "Sept 25, 2016", "September 25th 2016") and `09/2016`.
 * Returns `{ value: "" }` for an empty field, `{ value }` when it reads, `{ error }` otherwise.
 * Ambiguous day/month orders with numbers only (`03/04/2016`) are not guessed.
 */
export function parseDateInput(input: string): { value: string } | { error: string } {
  const text = input.trim().replace(/\s+/g, ' ')
  if (text === '') return { value: '' }
  if (isPartialDate(text)) return { value: text }
  const fail = { error: DATE_INPUT_HELP }
  let match = /^(\d{4})[/.](\d{1,2})(?:[/.](\d{1,2}))?$/.exec(text)
  if (match) return wrap(partial(match[1], Number(match[2]), match[3] === undefined ? undefined : Number(match[3])))
  match = /^(\d{1,2})[/.-](\d{4})$/.exec(text)
  if (match) return wrap(partial(match[2], Number(match[1])))
  // "Sept 2015", "September, 2015"
  match = /^([A-Za-z]+\.?),? (\d{4})$/.exec(text)
  if (match) {
    const month = monthOf(match[1])
    return month === null ? fail : wrap(partial(match[2], month))
  }
  // "25 Sept 2016", "25th of September 2016"
  match = /^(\d{1,2})(?:st|nd|rd|th)?(?: of)? ([A-Za-z]+\.?),? (\d{4})$/i.exec(text)
  if (match) {
    const month = monthOf(match[2])
    return month === null ? fail : wrap(partial(match[3], month, Number(match[1])))
  }
  // "Sept 25, 2016", "September 25th 2016"
  match = /^([A-Za-z]+\.?) (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})$/i.exec(text)
  if (match) {
    const month = monthOf(match[1])
    return month === null ? fail : wrap(partial(match[3], month, Number(match[2])))
  }
  return fail
}

function wrap(value: string | null): { value: string } | { error: string } {
  return value === null ? { error: DATE_INPUT_HELP } : { value }
}
