import { USER_COLORS } from './identity'

/** A stable colour for an author id, from the people's palette (never a highlight colour); grey when unknown. */
export function authorColor(authorId: string | null): string {
  if (!authorId) return USER_COLORS[USER_COLORS.length - 1]
  let hash = 0
  for (let index = 0; index < authorId.length; index++) hash = (hash * 31 + authorId.charCodeAt(index)) | 0
  return USER_COLORS[Math.abs(hash) % (USER_COLORS.length - 1)]
}
