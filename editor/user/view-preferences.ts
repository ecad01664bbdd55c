import '../model/zod-setup'
import { z } from 'zod'

/** The document views drawer as this browser left it: the open view (null: closed) and its height in pixels. */
export interface ViewPreferences {
  open: string | null
  height: number | null
}

/** The drawer's height limits, in pixels. */
export const VIEW_HEIGHT_LIMITS = { min: 160, max: 2000 } as const

const storedSchema = z.object({
  open: z.string().max(40).nullable().catch(null),
  height: z.number().int().min(VIEW_HEIGHT_LIMITS.min).max(VIEW_HEIGHT_LIMITS.max).nullable().catch(null),
})

/**
 * Parses the stored drawer preferences (e.g. from localStorage). Anything missing, malformed or
 * out of range reads as its default (closed, default height); a view that no longer exists
 * (not among `views`) as closed.
 */
export function parseViewPreferences(raw: string | null, views: readonly string[]): ViewPreferences {
  const closed: ViewPreferences = { open: null, height: null }
  if (!raw) return closed
  let stored: unknown
  try {
    stored = JSON.parse(raw)
  } catch {
    return closed
  }
  const parsed = storedSchema.safeParse(stored)
  if (!parsed.success) return closed
  const { open, height } = parsed.data
  return { open: open !== null && views.includes(open) ? open : null, height }
}
