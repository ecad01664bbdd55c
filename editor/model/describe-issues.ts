import type { z } from 'zod'

/**
 * A zod error as one message naming each field: `attrs.date: must be …; format: Invalid option …`.
 * `root` names the value itself when an issue has no path; `limit` keeps the first few issues.
 */
export function describeIssues(error: z.ZodError, root = 'body', limit = Number.POSITIVE_INFINITY): string {
  return error.issues
    .slice(0, limit)
    .map((issue) => `${issue.path.join('.') || root}: ${issue.message}`)
    .join('; ')
}
