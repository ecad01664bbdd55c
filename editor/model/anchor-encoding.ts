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
  let position: Y.RelativePosition
  try {
    position = Y.decodeRelativePosition(fromBase64(stored))
  } catch {
    return null
  }
  // As `Y.relativePositionToJSON` writes it, with plain `{client, clock}` objects. A position must
  // name a type (by id or a non-empty root name) or an item, as a JSON anchor must
  // (relativePositionJSONSchema); this runs for every anchor of every record read, so by hand.
  const json: RelativePositionJSON = {}
  if (position.type) {
    const type = plainId(position.type)
    if (!type) return null
    json.type = type
  }
  if (position.tname) json.tname = position.tname
  if (position.item) {
    const item = plainId(position.item)
    if (!item) return null
    json.item = item
  }
  if (position.assoc != null) {
    if (!Number.isSafeInteger(position.assoc)) return null
    json.assoc = position.assoc
  }
  return json.type || json.tname || json.item ? json : null
}

/** An id as plain data, or undefined when its numbers are not safe non-negative integers. */
function plainId(id: Y.ID): { client: number; clock: number } | undefined {
  const isCount = (value: number) => Number.isSafeInteger(value) && value >= 0
  return isCount(id.client) && isCount(id.clock) ? { client: id.client, clock: id.clock } : undefined
}
