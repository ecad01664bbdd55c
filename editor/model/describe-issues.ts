import type { z } from 'zod'

type Issue = z.ZodError['issues'][number]

function joinIssues(error: z.ZodError, limit: number, describe: (issue: Issue) => string): string {
  return error.issues.slice(0, limit).map(describe).join('; ')
}

/**
 * A zod error as one message naming each field: `attrs.date: must be …; format: Invalid option …`.
 * The formatter of zod issues for the app, the collab server and the CLIs. `root` names the value
 * itself when an issue has no path (`''`: left unnamed); `limit` keeps the first few issues.
 */
export function describeIssues(error: z.ZodError, root = 'body', limit = Number.POSITIVE_INFINITY): string {
  return joinIssues(error, limit, (issue) => {
    const name = issue.path.map(String).join('.') || root
    return name ? `${name}: ${issue.message}` : issue.message
  })
}

/** A zod error as its issues' messages alone, for schemas whose messages name their field ("format must be one of …"). */
export function describeIssueMessages(error: z.ZodError, limit = Number.POSITIVE_INFINITY): string {
  return joinIssues(error, limit, (issue) => issue.message)
}
