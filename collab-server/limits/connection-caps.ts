import { isIPv6 } from 'node:net'

/** Most connections open at once per remote address, per token and per document. */
export interface ConnectionCapLimits {
  readonly perAddress: number
  readonly perToken: number
  readonly perDocument: number
}

/** What a connection is counted under; `token` (a digest of it, never the token) is null without tokens (`AUTH=off`). */
export interface ConnectionKeys {
  readonly address: string
  readonly token: string | null
  readonly docId: string
}

/** Which cap refused a connection. */
export type ConnectionCap = 'address' | 'token' | 'document'

/** The outcome of {@link ConnectionCaps.admit}. */
export type CapAdmission = { readonly ok: true; readonly release: () => void } | { readonly ok: false; readonly cap: ConnectionCap; readonly reason: string }

const REASONS: Record<ConnectionCap, string> = {
  address: 'too many connections from this address',
  token: 'too many connections with this token',
  document: 'too many connections to this document',
}

/** The eight groups of an IPv6 address written with `::` or without (a zone suffix is dropped). */
function ipv6Groups(address: string): string[] {
  const [head, tail] = address.split('%')[0].split('::') as [string, string | undefined]
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  const missing = tail === undefined ? 0 : 8 - left.length - right.length
  return [...left, ...Array<string>(Math.max(0, missing)).fill('0'), ...right]
}

/**
 * The key a remote address is counted under: an IPv4 address as is (also when IPv4-mapped), an
 * IPv6 address by its /64 prefix — one host is given a whole /64, so counting single IPv6
 * addresses would let it open connections without end.
 */
export function addressKey(remoteAddress: string | undefined): string {
  if (!remoteAddress) return 'unknown'
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(remoteAddress)
  if (mapped) return mapped[1]
  if (!isIPv6(remoteAddress)) return remoteAddress
  return `${ipv6Groups(remoteAddress.toLowerCase())
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`
}

/**
 * Counts open connections per remote address, per token and per document, and refuses one more
 * beyond a cap. Counts are taken and given back synchronously, so concurrent handshakes never
 * overshoot a cap.
 */
export class ConnectionCaps {
  private readonly counts: Record<ConnectionCap, Map<string, number>> = { address: new Map(), token: new Map(), document: new Map() }

  constructor(private readonly limits: ConnectionCapLimits) {}

  /** Counts a new connection, or names the cap it would pass (nothing counted then). */
  admit(keys: ConnectionKeys): CapAdmission {
    const entries: Array<[ConnectionCap, string, number]> = [
      ['address', keys.address, this.limits.perAddress],
      ['document', keys.docId, this.limits.perDocument],
    ]
    if (keys.token !== null) entries.push(['token', keys.token, this.limits.perToken])
    for (const [cap, key, limit] of entries) {
      if ((this.counts[cap].get(key) ?? 0) >= limit) return { ok: false, cap, reason: REASONS[cap] }
    }
    for (const [cap, key] of entries) this.counts[cap].set(key, (this.counts[cap].get(key) ?? 0) + 1)
    let released = false
    return {
      ok: true,
      release: () => {
        if (released) return
        released = true
        for (const [cap, key] of entries) this.decrement(cap, key)
      },
    }
  }

  /** Open connections counted under a key. */
  count(cap: ConnectionCap, key: string): number {
    return this.counts[cap].get(key) ?? 0
  }

  private decrement(cap: ConnectionCap, key: string): void {
    const left = (this.counts[cap].get(key) ?? 0) - 1
    if (left > 0) this.counts[cap].set(key, left)
    else this.counts[cap].delete(key)
  }
}
