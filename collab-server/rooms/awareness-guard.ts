import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { checkAwarenessStateJSON } from '../../editor/session/awareness-state'
import { CloseCode, type CloseCodeValue } from '../../editor/model/close-codes'

/** Awareness client ids one connection may own (a page uses one; a fresh Y.Doc comes on a new socket). */
const MAX_AWARENESS_CLIENTS_PER_PEER = 4

/** What the guard reads of the room's awareness: each client id's current clock. */
export interface AwarenessClocks {
  readonly meta: ReadonlyMap<number, { readonly clock: number }>
}

/**
 * The outcome of {@link guardAwarenessUpdate}: the update to apply (null: nothing left) and the
 * client ids the peer claims with it, or how to close the peer (code and reason).
 */
export type AwarenessGuardResult =
  | { readonly kind: 'apply'; readonly update: Uint8Array | null; readonly claimed: readonly number[] }
  | { readonly kind: 'refuse'; readonly code: CloseCodeValue; readonly reason: string }

interface Entry {
  readonly clientId: number
  readonly clock: number
  readonly json: Uint8Array
}

const utf8 = new TextDecoder()

function readEntries(update: Uint8Array): Entry[] | null {
  try {
    const decoder = decoding.createDecoder(update)
    const entries: Entry[] = []
    const count = decoding.readVarUint(decoder)
    for (let index = 0; index < count; index++) {
      const clientId = decoding.readVarUint(decoder)
      const clock = decoding.readVarUint(decoder)
      entries.push({ clientId, clock, json: decoding.readVarUint8Array(decoder) })
    }
    return decoding.hasContent(decoder) ? null : entries
  } catch {
    return null
  }
}

/** Whether y-protocols' `applyAwarenessUpdate` would set this entry's (non-null) state: its clock is newer. */
function isNewer(room: AwarenessClocks, entry: Entry): boolean {
  return (room.meta.get(entry.clientId)?.clock ?? 0) < entry.clock
}

function encodeEntries(entries: readonly Entry[]): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, entries.length)
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId)
    encoding.writeVarUint(encoder, entry.clock)
    encoding.writeVarUint8Array(encoder, entry.json)
  }
  return encoding.toUint8Array(encoder)
}

/**
 * Filters one peer's awareness update before the room applies it. A client id belongs to the
 * first peer that sets a state for it, until that peer leaves (`owners`; `owned` holds this
 * peer's ids). Entries for ids owned by another peer are dropped silently: y-websocket clients
 * echo every change they receive, so they are echoes (or forgeries). So are entries for unowned
 * ids that would change nothing (stale echoes of a departed peer, removals). Every entry kept is
 * checked against the awareness contract ({@link checkAwarenessStateJSON}). Refused, with a close
 * reason: an update that cannot be decoded, an invalid or oversized state, a claim beyond
 * {@link MAX_AWARENESS_CLIENTS_PER_PEER} ids. Never throws.
 */
export function guardAwarenessUpdate(update: Uint8Array, owned: ReadonlySet<number>, owners: { has(client: number): boolean }, room: AwarenessClocks): AwarenessGuardResult {
  const entries = readEntries(update)
  if (entries === null) return { kind: 'refuse', code: CloseCode.MalformedMessage, reason: 'malformed message: awareness update could not be decoded' }
  const kept: Entry[] = []
  const claimed = new Set<number>()
  for (const entry of entries) {
    const mine = owned.has(entry.clientId)
    if (!mine && owners.has(entry.clientId)) continue
    const check = checkAwarenessStateJSON(utf8.decode(entry.json), entry.json.byteLength)
    if (!check.ok) return { kind: 'refuse', code: CloseCode.MalformedMessage, reason: `malformed message: awareness state ${check.error}` }
    if (!mine) {
      if (check.state === null || !isNewer(room, entry)) continue
      claimed.add(entry.clientId)
      if (owned.size + claimed.size > MAX_AWARENESS_CLIENTS_PER_PEER) {
        return { kind: 'refuse', code: CloseCode.TooManyAwarenessClients, reason: `too many awareness client ids (at most ${MAX_AWARENESS_CLIENTS_PER_PEER} per connection)` }
      }
    }
    kept.push(entry)
  }
  return { kind: 'apply', update: kept.length > 0 ? encodeEntries(kept) : null, claimed: [...claimed] }
}

/**
 * The client ids an update sets a state for at a clock the room has seen already (so y-protocols
 * ignores it): a page announcing itself again after the room removed its state (it reconnected,
 * here or from another instance: y-websocket sends its state unchanged), or an echo. Never throws.
 */
export function staleStateClients(update: Uint8Array, room: AwarenessClocks): number[] {
  const entries = readEntries(update) ?? []
  return entries.filter((entry) => room.meta.has(entry.clientId) && !isNewer(room, entry) && utf8.decode(entry.json) !== 'null').map((entry) => entry.clientId)
}

/**
 * The entries of an awareness update (arriving from another instance) whose client id `keep`
 * accepts and whose state meets the awareness contract, re-encoded (null when none is left), with
 * why the others were dropped; `error` when the update cannot be decoded at all.
 */
export function filterAwarenessEntries(
  update: Uint8Array,
  keep: (client: number) => boolean,
): { readonly update: Uint8Array | null; readonly invalid: readonly string[] } | { readonly error: string } {
  const entries = readEntries(update)
  if (entries === null) return { error: 'awareness update could not be decoded' }
  const invalid: string[] = []
  const kept = entries.filter((entry) => {
    if (!keep(entry.clientId)) return false
    const check = checkAwarenessStateJSON(utf8.decode(entry.json), entry.json.byteLength)
    if (!check.ok) invalid.push(`client ${entry.clientId}: awareness state ${check.error}`)
    return check.ok
  })
  return { update: kept.length > 0 ? encodeEntries(kept) : null, invalid }
}
