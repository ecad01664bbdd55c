import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { z } from 'zod'
import { DEFAULT_KEY_PREFIX } from '../redis-key-prefix'

/**
 * Redis key and channel names of the cluster (one stream, reader hash and awareness channel per
 * document), all under `prefix`: deployments sharing a Redis need different prefixes (pub/sub
 * channels ignore the database number of the URL).
 */
export function clusterKeysFor(prefix: string) {
  const docPrefix = `${prefix}:doc:`
  return {
    updates: (docId: string) => `${docPrefix}${docId}:updates`,
    readers: (docId: string) => `${docPrefix}${docId}:readers`,
    owners: (docId: string) => `${docPrefix}${docId}:owners`,
    awareness: (docId: string) => `${docPrefix}${docId}:awareness`,
    instance: (instanceId: string) => `${prefix}:instance:${instanceId}`,
    revocations: `${prefix}:revocations`,
    /** The document id in an awareness channel's name; null for any other channel. */
    docIdOfAwarenessChannel(channel: string): string | null {
      if (!channel.startsWith(docPrefix) || !channel.endsWith(':awareness')) return null
      const docId = channel.slice(docPrefix.length, -':awareness'.length)
      return docId === '' ? null : docId
    },
  } as const
}

/** The key and channel names of one deployment (see {@link clusterKeysFor}). */
export type ClusterKeys = ReturnType<typeof clusterKeysFor>

/** The key and channel names under the default prefix. */
export const clusterKeys: ClusterKeys = clusterKeysFor(DEFAULT_KEY_PREFIX)

/** The document id in an awareness channel's name under the default prefix; null for any other channel. */
export function docIdOfAwarenessChannel(channel: string): string | null {
  return clusterKeys.docIdOfAwarenessChannel(channel)
}

/** One stream entry: who published it, its store sequence number, the writer, the update. */
export interface StreamEntry {
  readonly origin: string
  readonly seq: number
  readonly principal: string | null
  readonly update: Uint8Array
}

/** The field/value list XADD is given for an entry. */
export function streamFields(entry: StreamEntry): (string | Buffer)[] {
  return ['o', entry.origin, 's', String(entry.seq), 'p', entry.principal ?? '', 'u', Buffer.from(entry.update.buffer, entry.update.byteOffset, entry.update.byteLength)]
}

/** Reads an entry's fields (as XREAD returns them); a message naming what is wrong when they are not an entry. */
export function parseStreamFields(fields: readonly Buffer[]): { ok: true; entry: StreamEntry } | { ok: false; error: string } {
  if (fields.length % 2 !== 0) return { ok: false, error: 'odd number of fields' }
  const values = new Map<string, Buffer>()
  for (let index = 0; index < fields.length; index += 2) values.set(fields[index].toString(), fields[index + 1])
  const origin = values.get('o')?.toString()
  const seq = Number(values.get('s')?.toString())
  const principal = values.get('p')?.toString()
  const update = values.get('u')
  if (!origin) return { ok: false, error: 'no origin instance ("o")' }
  if (!Number.isSafeInteger(seq) || seq < 0) return { ok: false, error: 'no store sequence number ("s")' }
  if (principal === undefined) return { ok: false, error: 'no principal ("p")' }
  if (!update || update.byteLength === 0) return { ok: false, error: 'no update ("u")' }
  return { ok: true, entry: { origin, seq, principal: principal === '' ? null : principal, update: new Uint8Array(update.buffer, update.byteOffset, update.byteLength) } }
}

const AWARENESS_UPDATE = 0
const AWARENESS_QUERY = 1
const RESYNC_REQUEST = 2

/**
 * A message on a document's channel: an awareness update, a query for the instances' presence
 * states, or a request to read the document from the store again (an instance that was cut off
 * from Redis may have stored updates it could not publish).
 */
export type AwarenessMessage =
  | { readonly kind: 'update'; readonly origin: string; readonly principal: string | null; readonly update: Uint8Array }
  | { readonly kind: 'query'; readonly origin: string }
  | { readonly kind: 'resync'; readonly origin: string }

export function encodeAwarenessMessage(message: AwarenessMessage): Buffer {
  const encoder = encoding.createEncoder()
  encoding.writeVarString(encoder, message.origin)
  if (message.kind === 'query' || message.kind === 'resync') {
    encoding.writeVarUint(encoder, message.kind === 'query' ? AWARENESS_QUERY : RESYNC_REQUEST)
  } else {
    encoding.writeVarUint(encoder, AWARENESS_UPDATE)
    encoding.writeVarString(encoder, message.principal ?? '')
    encoding.writeVarUint8Array(encoder, message.update)
  }
  return Buffer.from(encoding.toUint8Array(encoder))
}

/** Decodes an awareness channel message; null when it is not one. */
export function decodeAwarenessMessage(bytes: Uint8Array): AwarenessMessage | null {
  try {
    const decoder = decoding.createDecoder(bytes)
    const origin = decoding.readVarString(decoder)
    const kind = decoding.readVarUint(decoder)
    if (kind === AWARENESS_QUERY && !decoding.hasContent(decoder)) return { kind: 'query', origin }
    if (kind === RESYNC_REQUEST && !decoding.hasContent(decoder)) return { kind: 'resync', origin }
    if (kind !== AWARENESS_UPDATE) return null
    const principal = decoding.readVarString(decoder)
    const update = decoding.readVarUint8Array(decoder)
    if (decoding.hasContent(decoder)) return null
    return { kind: 'update', origin, principal: principal === '' ? null : principal, update }
  } catch {
    return null
  }
}

const revocationSchema = z.strictObject({ docId: z.string().min(1).max(200), generation: z.number().int().nonnegative(), origin: z.string().min(1).max(100) })

/** A revocation spread to the other instances. */
export type RevocationMessage = z.infer<typeof revocationSchema>

/** Parses a revocation message; null when it is not one. */
export function parseRevocation(text: string): RevocationMessage | null {
  try {
    const parsed = revocationSchema.safeParse(JSON.parse(text))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

/** Orders two stream ids ("<ms>-<n>"): negative when `a` comes first. */
export function compareStreamIds(a: string, b: string): number {
  const [aMs = 0n, aSeq = 0n] = a.split('-').map((part) => BigInt(part))
  const [bMs = 0n, bSeq = 0n] = b.split('-').map((part) => BigInt(part))
  if (aMs !== bMs) return aMs < bMs ? -1 : 1
  return aSeq === bSeq ? 0 : aSeq < bSeq ? -1 : 1
}
