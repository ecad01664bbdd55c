import { describe, expect, it } from 'vitest'
import { comparePartialDates, isPartialDate, partialDateEndsBefore, partialDateSchema } from '../../../../editor/model/partial-date'

describe('isPartialDate', () => {
  it('accepts years, months and real days', () => {
    for (const value of ['2016', '2016-01', '2016-12', '2016-09-25', '2016-02-29', '2000-02-29', '2015-04-30']) expect(isPartialDate(value)).toBe(true)
  })

  it('rejects impossible months and days, other formats and surrounding text', () => {
    for (const value of ['2016-13', '2016-00', '2015-02-29', '1900-02-29', '2016-04-31', '2016-09-00', '16', '2016-9', '2016-09-5', '2016/09', '2016-09-25T10:00', ' 2016', '']) {
      expect(isPartialDate(value)).toBe(false)
    }
  })
})

describe('isPartialDate in years 0000–0099 (which Date.UTC reads as 1900–1999)', () => {
  it('knows 0000 and 0004 are leap years and 0001 and 0100 are not', () => {
    expect(['0000-02-29', '0004-02-29', '0001-02-28', '9999-12-31'].map(isPartialDate)).toEqual([true, true, true, true])
    expect(['0001-02-29', '0100-02-29', '0000-02-30'].map(isPartialDate)).toEqual([false, false, false])
  })
})

describe('ordering partial dates', () => {
  it('orders by earliest instant, a year equal to its January', () => {
    expect(comparePartialDates('2016', '2016-01')).toBe(0)
    expect(comparePartialDates('2016-01-01', '2016')).toBe(0)
    expect(Math.sign(comparePartialDates('2016-09', '2016-10'))).toBe(-1)
    expect(Math.sign(comparePartialDates('2017', '2016-12-31'))).toBe(1)
  })

  it('says an end is before a start only when its whole period is over first', () => {
    const cases: Array<[string, string, boolean]> = [
      ['2016-08-31', '2016-09', true],
      ['2015', '2016-01-01', true],
      ['2016-09-24', '2016-09-25', true],
      ['2016-09', '2016-09-25', false],
      ['2016', '2016-09', false],
      ['2016-01', '2016', false],
      ['2016-09-25', '2016-09-25', false],
      ['2017', '2016-12-31', false],
    ]
    expect(cases.map(([end, start]) => partialDateEndsBefore(end, start))).toEqual(cases.map(([, , before]) => before))
  })
})

describe('partialDateSchema', () => {
  it('parses a partial date and explains a bad one', () => {
    expect(partialDateSchema.parse('2016-09')).toBe('2016-09')
    const result = partialDateSchema.safeParse('2016-13')
    expect(result.success).toBe(false)
    expect(result.error?.issues.map((issue) => issue.message)).toEqual(['must be an ISO 8601 date: YYYY, YYYY-MM or YYYY-MM-DD'])
  })
})
