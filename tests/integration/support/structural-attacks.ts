import * as Y from 'yjs'
import { encodeMessage } from '../../../collab-server/protocol'
import { rawAwarenessFrame } from '../../unit/collab-server/support/raw-awareness'
import { encodeRawUpdate, type RawItem } from '../../unit/collab-server/support/raw-update'
import type { Random } from './fuzz-frames'

/** The kinds of structural attack {@link structuralFrame} produces. */
export type AttackKind =
  'clock-gap' | 'foreign-client' | 'pending-delete' | 'cycle' | 'deep-maps' | 'deep-json' | 'v1-record' | 'forged-awareness' | 'malformed-awareness' | 'fake-users' | 'own-record'

const KINDS: readonly AttackKind[] = [
  'clock-gap',
  'foreign-client',
  'pending-delete',
  'cycle',
  'deep-maps',
  'deep-json',
  'v1-record',
  'forged-awareness',
  'malformed-awareness',
  'fake-users',
  'own-record',
]

/** What an attacker can see of the document: who writes under which client id, up to which clock. */
export interface DocView {
  /** Client ids of the good clients, with their current clocks. */
  readonly victims: ReadonlyArray<{ readonly client: number; readonly clock: number }>
}

const update = (items: RawItem[], deletes: Array<[number, number, number]> = []) => encodeMessage({ type: 'sync-update', update: encodeRawUpdate(items, deletes) })

/** Entries a data model 2 record may have: the attacks put what a record must not hold under them. */
const RECORD_ENTRIES = ['base', 'span', 'note', 'updatedAt', 'attr.verdict', 'comment.c1'] as const

function nestedMaps(client: number, depth: number, key: string): RawItem[] {
  return Array.from({ length: depth }, (_, clock) =>
    clock === 0
      ? { client, clock, root: 'annotations', key: `deep-${client}`, type: 'map' as const }
      : { client, clock, parentId: [client, clock - 1] as const, key, type: 'map' as const },
  )
}

/**
 * One frame of a structural attack by an annotator: updates that would stay pending, write under
 * the good clients' ids, nest without bound or form cycles, and awareness that forges or breaks
 * presence; some are well-behaved (a record under the socket's own new client id).
 */
export function structuralFrame(random: Random, view: DocView, own: number): { kind: AttackKind; frame: Uint8Array } {
  const kind = random.pick(KINDS)
  const victim = random.pick(view.victims)
  const fresh = random.int(1_000_000, 2 ** 31)
  switch (kind) {
    case 'clock-gap':
      return {
        kind,
        frame: update([{ client: random.next() < 0.5 ? fresh : victim.client, clock: victim.clock + random.int(1, 5), root: 'annotations', key: 'gap', type: 'map' }]),
      }
    case 'foreign-client':
      return { kind, frame: update([{ client: victim.client, clock: victim.clock, root: 'annotations', key: `shadow-${random.int(0, 99)}`, type: 'map' }]) }
    case 'pending-delete': {
      const length = random.int(1, 30)
      const covers = Array.from({ length }, (_, index) => ({ client: victim.client, clock: victim.clock + 1 + index, root: 'annotations', key: `c${index}`, type: 'map' as const }))
      return { kind, frame: update(covers, [[victim.client, victim.clock + 1, length]]) }
    }
    case 'cycle':
      return {
        kind,
        frame: update([
          { client: fresh, clock: 0, origin: [victim.client, Math.max(0, victim.clock - 1)], rightOrigin: [fresh + 1, 0], value: 'a' },
          { client: fresh + 1, clock: 0, origin: [fresh, 0], value: 'b' },
        ]),
      }
    case 'deep-maps':
      return { kind, frame: update(nestedMaps(fresh, random.pick([4, 64, 1000, 10_000]), random.pick(RECORD_ENTRIES))) }
    case 'deep-json': {
      let value: unknown = 'leaf'
      for (let level = random.int(17, 3000); level > 0; level--) value = [value]
      return {
        kind,
        frame: update([
          { client: fresh, clock: 0, root: 'annotations', key: 'r', type: 'map' },
          { client: fresh, clock: 1, parentId: [fresh, 0], key: random.pick(RECORD_ENTRIES), value },
        ]),
      }
    }
    case 'v1-record': {
      // A record in data model 1's layout (one entry per field, comments in a Y.Array), as a client of the old release writes it; or only its plain fields.
      const record = new Y.Doc()
      record.clientID = fresh
      const map = new Y.Map<unknown>()
      map.set('id', 'v1')
      map.set('type', 'claim')
      map.set('exact', 'words')
      if (random.next() < 0.5) map.set('comments', new Y.Array())
      record.getMap('annotations').set('v1', map)
      return { kind, frame: encodeMessage({ type: 'sync-update', update: Y.encodeStateAsUpdate(record) }) }
    }
    case 'forged-awareness':
      return {
        kind,
        frame: rawAwarenessFrame([victim.client, random.int(10, 1e6), random.next() < 0.5 ? 'null' : JSON.stringify({ user: { name: 'Impostor', color: '#000000' } })]),
      }
    case 'malformed-awareness':
      return {
        kind,
        frame: rawAwarenessFrame([
          own,
          random.int(1, 1e6),
          random.pick([JSON.stringify({ user: { name: 12345 } }), JSON.stringify({ cursor: 'x' }), JSON.stringify({ big: 'y'.repeat(10_000) }), '{"user":']),
        ]),
      }
    case 'fake-users':
      return {
        kind,
        frame: rawAwarenessFrame(
          ...Array.from({ length: random.int(5, 300) }, (_, index) => [fresh + index, 1, JSON.stringify({ user: { name: `fake ${index}`, color: '#123456' } })] as const),
        ),
      }
    case 'own-record': {
      const record = new Y.Doc()
      record.clientID = own
      record.getMap('annotations').set(`own-${own}`, new Y.Map())
      return { kind, frame: encodeMessage({ type: 'sync-update', update: Y.encodeStateAsUpdate(record) }) }
    }
  }
}
