import { z } from 'zod'
import { describeIssues } from '../../editor/model/describe-issues'

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const
const MAX_TTL_SECONDS = 365 * UNIT_SECONDS.d

/** The default lifetime of a token. */
export const DEFAULT_TTL = '7d'

const ttlSchema = z
  .string()
  .regex(/^[1-9]\d{0,5}[smhd]$/, 'ttl must be a positive whole number followed by s, m, h or d (e.g. 7d, 12h, 30m)')
  .transform((text) => Number(text.slice(0, -1)) * UNIT_SECONDS[text.at(-1) as keyof typeof UNIT_SECONDS])
  .pipe(z.number().max(MAX_TTL_SECONDS, 'ttl must be at most 365d'))

/** A token lifetime could not be read; the message says what a valid one looks like. */
export class TtlError extends Error {
  override readonly name = 'TtlError'
}

/**
 * Parses a token lifetime such as `7d`, `12h`, `30m` or `45s` into seconds (at most 365 days).
 * Throws {@link TtlError} for anything else.
 */
export function parseTtl(text: string): number {
  const parsed = ttlSchema.safeParse(text)
  if (!parsed.success) throw new TtlError(`${describeIssues(parsed.error, '', 1)}; got ${JSON.stringify(text)}`)
  return parsed.data
}
