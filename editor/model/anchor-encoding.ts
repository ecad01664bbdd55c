import { fromBase64, toBase64 } from 'lib0/buffer'
import * as Y from 'yjs'
import { relativePositionJSONSchema, type RelativePositionJSON } from './annotation'

/** The longest stored anchor accepted: an encoded relative position is 5–30 bytes (about 40 base64 characters). */
export const MAX_STORED_ANCHOR_CHARS = 200

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/

/**
 * An anchor as data model v2 stores it: the base64 of `Y.encodeRelativePosition`. The encoded
 * form names the item when there is one and leaves out the type (which the item implies).
 */
export function anchorToStored(json: RelativePositionJSON): string {
  return toBase64(Y.encodeRelativePosition(Y.createRelativePositionFromJSON(json)))
}

/** A stored anchor back as relative-position JSON; null when it is not one. */
export function anchorFromStored(stored: string): RelativePositionJSON | null {
  if (stored.length === 0 || stored.length > MAX_STORED_ANCHOR_CHARS || !BASE64.test(stored)) return null
  try {
    const json: unknown = Y.relativePositionToJSON(Y.decodeRelativePosition(fromBase64(stored)))
    // A position must name a type (by id or a non-empty root name) or an item, as a JSON anchor must.
    const checked = relativePositionJSONSchema.safeParse(json)
    return checked.success ? checked.data : null
  } catch {
    return null
  }
}
