import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { afterEach, describe, expect, it } from 'vitest'
import { CloseCode } from '../../../../editor/model/close-codes'
import { filterAwarenessEntries, guardAwarenessUpdate, staleStateClients, type AwarenessClocks } from '../../../../collab-server/rooms/awareness-guard'
import { rawAwarenessUpdate } from '../support/raw-awareness'

const user = { name: 'Ada', color: '#0072B2' }

/** The room's awareness clocks, from [clientId, clock, state] (the state only documents the scene). */
function roomOf(entries: Array<[number, number, unknown]> = []): AwarenessClocks {
  return { meta: new Map(entries.map(([clientId, clock]) => [clientId, { clock }])) }
}

const none = new Set<number>()
const noOwners = new Map<number, unknown>()

describe('guardAwarenessUpdate', () => {
  const awarenesses: Awareness[] = []
  afterEach(() => awarenesses.splice(0).forEach((awareness) => awareness.destroy()))

  it('lets a peer set its own state and claims the id', () => {
    const doc = new Y.Doc()
    const awareness = new Awareness(doc)
    awarenesses.push(awareness)
    awareness.setLocalState({ user })
    const update = encodeAwarenessUpdate(awareness, [doc.clientID])
    expect(guardAwarenessUpdate(update, none, noOwners, roomOf())).toEqual({ kind: 'apply', update, claimed: [doc.clientID] })
  })

  it('keeps a peer’s updates and removal of its own id, claiming nothing new', () => {
    const owned = new Set([5])
    const owners = new Map([[5, 'me']])
    const room = roomOf([[5, 1, { user }]])
    const update = rawAwarenessUpdate([5, 2, JSON.stringify({ user: { ...user, name: 'Ada L.' } })], [5, 3, 'null'])
    expect(guardAwarenessUpdate(update, owned, owners, room)).toEqual({ kind: 'apply', update, claimed: [] })
  })

  it('drops a forged state for an id someone else owns', () => {
    const owners = new Map([[7, 'bob']])
    const forged = rawAwarenessUpdate([7, 99, JSON.stringify({ user: { name: 'Bob (forged)', color: '#000000' } })])
    expect(guardAwarenessUpdate(forged, none, owners, roomOf([[7, 1, { user }]]))).toEqual({ kind: 'apply', update: null, claimed: [] })
  })

  it('drops a removal of someone else’s state', () => {
    const owners = new Map([[7, 'bob']])
    const removal = rawAwarenessUpdate([7, 2, 'null'])
    expect(guardAwarenessUpdate(removal, none, owners, roomOf([[7, 1, { user }]]))).toEqual({ kind: 'apply', update: null, claimed: [] })
  })

  it('drops echoes of other peers’ states silently and keeps the peer’s own entry', () => {
    const owned = new Set([5])
    const owners = new Map<number, unknown>([
      [5, 'me'],
      [7, 'bob'],
      [8, 'carol'],
    ])
    const room = roomOf([
      [5, 1, { user }],
      [7, 4, { user }],
      [8, 2, { user }],
    ])
    const echo = rawAwarenessUpdate([7, 4, JSON.stringify({ user })], [5, 2, JSON.stringify({ user })], [8, 2, JSON.stringify({ user })])
    expect(guardAwarenessUpdate(echo, owned, owners, room)).toEqual({ kind: 'apply', update: rawAwarenessUpdate([5, 2, JSON.stringify({ user })]), claimed: [] })
  })

  it('drops, without claiming, a stale echo of a departed peer and a removal of an unowned id', () => {
    // Client 7 left at clock 4: the room removed its state. An echo of that state changes nothing.
    const room = roomOf([[7, 4, null]])
    const update = rawAwarenessUpdate([7, 4, JSON.stringify({ user })], [9, 1, 'null'])
    expect(guardAwarenessUpdate(update, none, noOwners, room)).toEqual({ kind: 'apply', update: null, claimed: [] })
  })

  it('lets a peer own up to 4 ids and closes it on the 5th', () => {
    const state = JSON.stringify({ user })
    const four = rawAwarenessUpdate([1, 1, state], [2, 1, state], [3, 1, state], [4, 1, state])
    expect(guardAwarenessUpdate(four, none, noOwners, roomOf())).toEqual({ kind: 'apply', update: four, claimed: [1, 2, 3, 4] })
    const owned = new Set([1, 2, 3, 4])
    const owners = new Map([...owned].map((id) => [id, 'me']))
    expect(guardAwarenessUpdate(rawAwarenessUpdate([5, 1, state]), owned, owners, roomOf())).toEqual({
      kind: 'refuse',
      code: CloseCode.TooManyAwarenessClients,
      reason: 'too many awareness client ids (at most 4 per connection)',
    })
  })

  it('closes on 300 fake users in one update', () => {
    const state = JSON.stringify({ user })
    const fakes = rawAwarenessUpdate(...Array.from({ length: 300 }, (_, index): [number, number, string] => [1000 + index, 1, state]))
    expect(guardAwarenessUpdate(fakes, none, noOwners, roomOf())).toMatchObject({ kind: 'refuse', code: 4422 })
  })

  it.each([
    ['{"user":{"name":12345}}', 'malformed message: awareness state user.name: Invalid input: expected string, received number'],
    [JSON.stringify({ user, blob: 'x'.repeat(100_000) }), 'malformed message: awareness state is 100051 bytes (at most 4096)'],
    ['{"user":', 'malformed message: awareness state is not JSON'],
    ['[]', 'malformed message: awareness state is not an object'],
  ])('closes with 4422 on a state %#', (json, reason) => {
    expect(guardAwarenessUpdate(rawAwarenessUpdate([5, 1, json]), none, noOwners, roomOf())).toEqual({ kind: 'refuse', code: CloseCode.MalformedMessage, reason })
  })

  it('closes on an invalid state for the peer’s own id even when the clock is stale', () => {
    const result = guardAwarenessUpdate(rawAwarenessUpdate([5, 1, '{"user":{"name":12345}}']), new Set([5]), new Map([[5, 'me']]), roomOf([[5, 3, { user }]]))
    expect(result).toMatchObject({ kind: 'refuse', code: 4422 })
  })

  it.each([
    ['an empty update', new Uint8Array()],
    ['a truncated entry', rawAwarenessUpdate([5, 1, '{}']).subarray(0, 4)],
    ['trailing bytes', Uint8Array.from([...rawAwarenessUpdate([5, 1, '{}']), 0])],
    ['a count larger than the entries', Uint8Array.of(0x03, 0x05, 0x01, 0x02, 0x7b, 0x7d)],
  ])('closes with 4422 on %s, without throwing', (_name, update) => {
    expect(guardAwarenessUpdate(update, none, noOwners, roomOf())).toEqual({
      kind: 'refuse',
      code: CloseCode.MalformedMessage,
      reason: 'malformed message: awareness update could not be decoded',
    })
  })
})

describe('filterAwarenessEntries (awareness from other instances)', () => {
  it('keeps the accepted ids with valid states and names what it dropped as invalid', () => {
    const update = rawAwarenessUpdate([1, 1, JSON.stringify({ user })], [2, 1, JSON.stringify({ user })], [3, 1, '{"user":{"name":12345}}'])
    const result = filterAwarenessEntries(update, (client) => client !== 2)
    expect(result).toEqual({ update: rawAwarenessUpdate([1, 1, JSON.stringify({ user })]), invalid: [expect.stringContaining('client 3: awareness state user.name')] })
  })

  it('reports an update that cannot be decoded', () => {
    expect(filterAwarenessEntries(new Uint8Array([0xff, 0xff]), () => true)).toEqual({ error: 'awareness update could not be decoded' })
  })
})

describe('staleStateClients', () => {
  it('names the ids set at a clock the room has seen already, not newer ones, removals or unknown ids', () => {
    const update = rawAwarenessUpdate([1, 5, JSON.stringify({ user })], [2, 6, JSON.stringify({ user })], [3, 5, 'null'], [4, 1, JSON.stringify({ user })])
    const room = roomOf([1, 2, 3].map((client): [number, number, unknown] => [client, 5, null]))
    expect(staleStateClients(update, room)).toEqual([1])
    expect(staleStateClients(new Uint8Array([0xff]), roomOf())).toEqual([])
  })
})
