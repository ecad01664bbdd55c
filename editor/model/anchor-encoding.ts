import { fromBase64, toBase64 } from 'lib0/buffer'
import * as Y from 'yjs'
import type { RelativePositionJSON } from './annotation'

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
    const position = Y.decodeRelativePosition(fromBase64(stored))
    if (position.type === null && position.tname === null && position.item === null) return null
    return Y.relativePositionToJSON(position) as RelativePositionJSON
  } catch {
    return null
  }
}
