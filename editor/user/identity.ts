import '../model/zod-setup'
import { uuidv4 } from 'lib0/random'
import { z } from 'zod'

/**
 * Cursor and presence colours: Okabe–Ito's colour-blind-safe palette (minus black and yellow,
 * which read poorly as text cursors on white).
 */
export const USER_COLORS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9'] as const

/**
 * A person in a document: what awareness publishes under `user` (y-prosemirror's convention).
 * `id` is a random id made once per browser; it identifies the author of annotations and comments.
 */
export const userIdentitySchema = z.object({
  id: z.string().min(1).max(100),
  name: z.string().trim().min(1, 'name must not be empty').max(60, 'name is longer than 60 characters'),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'color must be a #rrggbb hex colour'),
})
export type UserIdentity = z.infer<typeof userIdentitySchema>

/**
 * Parses a stored identity (e.g. from localStorage); null when absent or malformed. An identity
 * stored before ids existed gets one from `makeId`.
 */
export function parseStoredIdentity(raw: string | null, makeId: () => string = uuidv4): UserIdentity | null {
  if (!raw) return null
  try {
    const stored = JSON.parse(raw) as Record<string, unknown>
    const parsed = userIdentitySchema.safeParse({ id: makeId(), ...stored })
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

/** A colour from the palette, chosen by a seed (e.g. a random number) so colleagues differ. */
export function pickColor(seed: number): string {
  const index = Math.abs(Math.floor(seed)) % USER_COLORS.length
  return USER_COLORS[index]
}
