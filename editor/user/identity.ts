import '../model/zod-setup'
import { uuidv4 } from 'lib0/random'
import { z } from 'zod'
import { TYPE_COLORS } from '../model/annotation-labels'

/**
 * Cursor and presence colours: white names on them have a contrast of at least 4.5:1 (WCAG AA),
 * and none of them is an annotation type's colour (TYPE_COLORS), so a colleague's cursor is never
 * taken for a highlight.
 */
export const USER_COLORS = ['#007A5E', '#6A3D9A', '#B2182B', '#8C510A', '#00607A', '#4D4D4D'] as const

/**
 * The colour to show for a person: theirs, unless it is an annotation type's colour (chosen
 * before the palette left those out, or sent by another client), which becomes a palette colour.
 */
export function personColor(color: string): string {
  const index = Object.values(TYPE_COLORS).findIndex((typeColor) => typeColor.toLowerCase() === color.toLowerCase())
  return index < 0 ? color : USER_COLORS[index]
}

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
    return parsed.success ? { ...parsed.data, color: personColor(parsed.data.color) } : null
  } catch {
    return null
  }
}

/** A colour from the palette, chosen by a seed (e.g. a random number) so colleagues differ. */
export function pickColor(seed: number): string {
  const index = Math.abs(Math.floor(seed)) % USER_COLORS.length
  return USER_COLORS[index]
}
