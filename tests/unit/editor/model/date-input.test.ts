import { describe, expect, it } from 'vitest'
import { DATE_INPUT_HELP, parseDateInput } from '../../../../editor/model/date-input'

describe('parseDateInput: dates as people type them', () => {
  it.each([
    ['2016', '2016'],
    ['2016-09', '2016-09'],
    ['2016-09-25', '2016-09-25'],
    ['  2016-09  ', '2016-09'],
    ['Sept 2015', '2015-09'],
    ['sept. 2015', '2015-09'],
    ['September 2015', '2015-09'],
    ['September, 2015', '2015-09'],
    ['May 2018', '2018-05'],
    ['25 Sept 2016', '2016-09-25'],
    ['25th of September 2016', '2016-09-25'],
    ['Sept 25, 2016', '2016-09-25'],
    ['September 25th 2016', '2016-09-25'],
    ['2016/09/25', '2016-09-25'],
    ['2016/9', '2016-09'],
    ['09/2016', '2016-09'],
    ['29 February 2016', '2016-02-29'],
    ['', ''],
  ])('%j → %j', (input, value) => {
    expect(parseDateInput(input)).toEqual({ value })
  })

  it.each(['Sept', '2015 Sept', '29 February 2019', 'Septober 2015', '03/04/2016', '2016-13', '32 May 2016', 'yesterday', '2016-09-25T10:00', '١٩٤٨'])(
    '%j is refused with the help text',
    (input) => {
      expect(parseDateInput(input)).toEqual({ error: DATE_INPUT_HELP })
    },
  )

  it('never throws or hangs on hostile input', () => {
    for (const input of ['a'.repeat(100_000), `${'1'.repeat(50_000)} `, '\u0000\u202e2016', ' '.repeat(10_000)])
      expect('error' in parseDateInput(input) || 'value' in parseDateInput(input)).toBe(true)
  })
})
