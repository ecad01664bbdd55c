import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { describeIssueMessages, describeIssues } from '../../../../editor/model/describe-issues'

const schema = z.object({
  format: z.enum(['json', 'csv'], { message: 'format must be json or csv' }),
  attrs: z.object({ date: z.string({ message: 'must be a date' }) }),
  count: z.number({ message: 'must be a number' }),
})

function errorOf(value: unknown, of: z.ZodType = schema): z.ZodError {
  const parsed = of.safeParse(value)
  if (parsed.success) throw new Error('expected a zod error')
  return parsed.error
}

describe('describing zod issues', () => {
  const invalid = { format: 'xml', attrs: { date: 1 }, count: 'x' }

  it('names each field by its path', () => {
    expect(describeIssues(errorOf(invalid))).toBe('format: format must be json or csv; attrs.date: must be a date; count: must be a number')
  })

  it('keeps the first `limit` issues', () => {
    expect(describeIssues(errorOf(invalid), 'body', 2)).toBe('format: format must be json or csv; attrs.date: must be a date')
    expect(describeIssueMessages(errorOf(invalid), 1)).toBe('format must be json or csv')
  })

  it('gives the messages alone when they name their field themselves', () => {
    expect(describeIssueMessages(errorOf(invalid))).toBe('format must be json or csv; must be a date; must be a number')
  })

  it('names an issue without a path by `root`, or not at all when `root` is empty', () => {
    const text = z.string({ message: 'must be text' })
    expect(describeIssues(errorOf(1, text))).toBe('body: must be text')
    expect(describeIssues(errorOf(1, text), 'file')).toBe('file: must be text')
    expect(describeIssues(errorOf(1, text), '')).toBe('must be text')
  })
})
