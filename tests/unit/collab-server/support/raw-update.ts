import * as encoding from 'lib0/encoding'

/** One hand-written item of a Yjs v1 update: a single plain value (ContentAny) or a new Y.Map. */
export type RawItem = {
  readonly client: number
  readonly clock: number
  readonly origin?: readonly [client: number, clock: number]
  readonly rightOrigin?: readonly [client: number, clock: number]
  /** A root type's name, the parent when the item has neither origin nor `parentId`. */
  readonly root?: string
  /** The item holding the parent type, when the item has neither origin. */
  readonly parentId?: readonly [client: number, clock: number]
  /** The item's key in a map parent (written only when the item has neither origin). */
  readonly key?: string
} & (
  | { readonly value: unknown; readonly values?: undefined; readonly type?: undefined }
  /** Several plain values in one struct (one clock each). */
  | { readonly values: readonly unknown[]; readonly value?: undefined; readonly type?: undefined }
  | { readonly type: 'map'; readonly value?: undefined; readonly values?: undefined }
)

const CONTENT_ANY = 8
const CONTENT_TYPE = 7
const YMAP_TYPE_REF = 1

/**
 * Encodes items as a Yjs v1 update (as `Item.write` does), with an optional delete set, so tests
 * can write updates no Y.Doc would make: gaps, cycles, foreign client ids.
 */
export function encodeRawUpdate(items: readonly RawItem[], deletes: ReadonlyArray<readonly [client: number, clock: number, length: number]> = []): Uint8Array {
  const encoder = encoding.createEncoder()
  const byClient = new Map<number, RawItem[]>()
  for (const item of items) byClient.set(item.client, [...(byClient.get(item.client) ?? []), item])
  encoding.writeVarUint(encoder, byClient.size)
  for (const [client, list] of byClient) {
    encoding.writeVarUint(encoder, list.length)
    encoding.writeVarUint(encoder, client)
    encoding.writeVarUint(encoder, list[0].clock)
    for (const item of list) {
      const info = (item.type === 'map' ? CONTENT_TYPE : CONTENT_ANY) | (item.origin ? 0x80 : 0) | (item.rightOrigin ? 0x40 : 0) | (item.key !== undefined ? 0x20 : 0)
      encoding.writeUint8(encoder, info)
      if (item.origin) item.origin.forEach((part) => encoding.writeVarUint(encoder, part))
      if (item.rightOrigin) item.rightOrigin.forEach((part) => encoding.writeVarUint(encoder, part))
      if (!item.origin && !item.rightOrigin) {
        if (item.parentId) {
          encoding.writeVarUint(encoder, 0)
          item.parentId.forEach((part) => encoding.writeVarUint(encoder, part))
        } else {
          encoding.writeVarUint(encoder, 1)
          encoding.writeVarString(encoder, item.root ?? 'annotations')
        }
        if (item.key !== undefined) encoding.writeVarString(encoder, item.key)
      }
      if (item.type === 'map') {
        encoding.writeVarUint(encoder, YMAP_TYPE_REF)
      } else {
        const values = item.values ?? [item.value]
        encoding.writeVarUint(encoder, values.length)
        for (const value of values) encoding.writeAny(encoder, value as encoding.AnyEncodable)
      }
    }
  }
  const deletesByClient = new Map<number, Array<readonly [number, number]>>()
  for (const [client, clock, length] of deletes) deletesByClient.set(client, [...(deletesByClient.get(client) ?? []), [clock, length]])
  encoding.writeVarUint(encoder, deletesByClient.size)
  for (const [client, ranges] of deletesByClient) {
    encoding.writeVarUint(encoder, client)
    encoding.writeVarUint(encoder, ranges.length)
    for (const [clock, length] of ranges) {
      encoding.writeVarUint(encoder, clock)
      encoding.writeVarUint(encoder, length)
    }
  }
  return encoding.toUint8Array(encoder)
}
