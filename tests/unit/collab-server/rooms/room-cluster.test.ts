import * as Y from 'yjs'
import { afterEach, describe, expect, it } from 'vitest'
import { Room } from '../../../../collab-server/rooms/room'
import { FakePeer, settle } from '../support/fake-peer'
import { Gate } from '../support/memory-store'
import { MemoryCluster } from '../support/memory-cluster'
import { rawAwarenessUpdate } from '../support/raw-awareness'
import { clientEdit, roomFixture } from '../support/room-fixture'
import { createAnnotation, readAnnotation } from '../../../../editor/model/annotation-store'

/** Adds record `id` as the app does, anchored at the start of the text. */
function annotate(doc: Y.Doc, id: string): void {
  const anchor = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(doc.getXmlFragment('prosemirror'), 0))
  createAnnotation(doc, { id, type: 'claim', start: anchor, end: anchor, exact: '', createdBy: { id: 'u1', name: 'Annotator' } })
}

const ADA = { user: { name: 'Ada', color: '#0072B2' } }

/** Two instances (rooms of one document on one store) linked by an in-memory cluster. */
async function twoInstances() {
  const cluster = new MemoryCluster()
  const fixture = await roomFixture()
  const a = (await Room.load('doc', { ...fixture.deps, cluster: cluster.instance('a') }))!
  const b = (await Room.load('doc', { ...fixture.deps, cluster: cluster.instance('b') }))!
  return { cluster, store: fixture.store, a, b, deps: fixture.deps }
}

function notesOf(room: Room): string {
  return room.doc.getText('notes').toString()
}

function updatesSent(peer: FakePeer): Uint8Array[] {
  return peer.sent.flatMap((message) => (message.type === 'sync-update' || message.type === 'sync-step-2' ? [message.update] : []))
}

describe('Room in a cluster', () => {
  const rooms: Room[] = []
  afterEach(async () => {
    for (const room of rooms.splice(0)) await room.close()
  })

  it('stores a peer’s update once, publishes it, and the other instance relays it without storing it again', async () => {
    const { cluster, store, a, b } = await twoInstances()
    rooms.push(a, b)
    const [ada, bea] = [new FakePeer('ada'), new FakePeer('bea')]
    a.join(ada)
    b.join(bea)
    await Promise.all([a.idle(), b.idle()])
    const appendsBefore = store.calls.appendUpdate ?? 0
    a.receive(ada, { type: 'sync-update', update: clientEdit('hello') })
    await a.idle()
    expect(cluster.log('doc')).toHaveLength(1)
    expect(cluster.log('doc')[0]?.principal).toBe('principal:ada')
    cluster.deliver()
    await b.idle()
    expect(notesOf(b)).toBe('hello')
    expect(updatesSent(bea)).toHaveLength(1)
    expect(store.calls.appendUpdate).toBe(appendsBefore + 1)
    // A's own peer is not sent its update back, and A does not apply its own entry.
    cluster.deliver()
    await a.idle()
    expect(updatesSent(ada)).toHaveLength(0)
  })

  it('applies what another instance published while it read the store before anyone is answered', async () => {
    const cluster = new MemoryCluster()
    const { deps, store } = await roomFixture()
    const a = (await Room.load('doc', { ...deps, cluster: cluster.instance('a') }))!
    rooms.push(a)
    const ada = new FakePeer('ada')
    a.join(ada)
    await a.idle()
    // B follows the stream and reads the store; A's write lands after that read, before B is done.
    const gate = new Gate()
    const readBeforeTheWrite = Object.assign(Object.create(store) as typeof store, {
      loadUpdates: async (id: string) => {
        const rows = await store.loadUpdates(id)
        await gate.opened
        return rows
      },
    })
    const loading = Room.load('doc', { ...deps, store: readBeforeTheWrite, cluster: cluster.instance('b') })
    await settle()
    a.receive(ada, { type: 'sync-update', update: clientEdit('late') })
    await a.idle()
    gate.open()
    const b = (await loading)!
    rooms.push(b)
    expect(notesOf(b)).toBe('late')
  })

  it('lets the remote writer own its client ids: an annotator elsewhere cannot write under them', async () => {
    const { cluster, a, b } = await twoInstances()
    rooms.push(a, b)
    const ada = new FakePeer('ada', 'annotator')
    const mallory = new FakePeer('mallory', 'annotator')
    a.join(ada)
    b.join(mallory)
    await Promise.all([a.idle(), b.idle()])
    // Ada tags a span on A (a new client id, hers from now on).
    const adaDoc = new Y.Doc()
    Y.applyUpdate(adaDoc, Y.encodeStateAsUpdate(a.doc))
    const before = Y.encodeStateVector(adaDoc)
    annotate(adaDoc, 'a1')
    a.receive(ada, { type: 'sync-update', update: Y.encodeStateAsUpdate(adaDoc, before) })
    await a.idle()
    expect(ada.closedWith).toBeNull()
    cluster.deliver()
    await b.idle()
    expect(readAnnotation(b.doc, 'a1')).not.toBeNull()
    // Mallory, on B, writes the next change under Ada's client id: refused there.
    const forged = new Y.Doc()
    Y.applyUpdate(forged, Y.encodeStateAsUpdate(b.doc))
    forged.clientID = adaDoc.clientID
    const forgedBefore = Y.encodeStateVector(forged)
    annotate(forged, 'a2')
    b.receive(mallory, { type: 'sync-update', update: Y.encodeStateAsUpdate(forged, forgedBefore) })
    await b.idle()
    expect(mallory.closedWith).toEqual({ code: 4409, reason: expect.stringMatching(/another writer’s client id/) })
    expect(readAnnotation(b.doc, 'a2')).toBeNull()
  })

  it('owns client ids across the cluster: presence claimed on A protects the id from an annotator on B', async () => {
    const { cluster, a, b } = await twoInstances()
    rooms.push(a, b)
    const ada = new FakePeer('ada', 'editor', 'token:ada')
    const mallory = new FakePeer('mallory', 'annotator', 'token:mallory')
    a.join(ada)
    b.join(mallory)
    await Promise.all([a.idle(), b.idle()])
    cluster.deliverAwareness = false
    const adaClient = 4242
    a.receive(ada, { type: 'awareness', update: rawAwarenessUpdate([adaClient, 1, JSON.stringify(ADA)]) })
    await a.idle()
    expect(cluster.owners('doc').get(adaClient)).toBe('token:ada')
    // B has not heard Ada's presence (no pub/sub delivery here): only the cluster-wide claim protects her id.
    const forged = new Y.Doc()
    Y.applyUpdate(forged, Y.encodeStateAsUpdate(b.doc))
    forged.clientID = adaClient
    const before = Y.encodeStateVector(forged)
    annotate(forged, 'shadow')
    b.receive(mallory, { type: 'sync-update', update: Y.encodeStateAsUpdate(forged, before) })
    await b.idle()
    expect(mallory.closedWith).toEqual({ code: 4409, reason: expect.stringMatching(/another writer’s client id/) })
    expect(readAnnotation(b.doc, 'shadow')).toBeNull()
  })

  it('relays presence across instances, ignores remote entries for its own peers’ ids, and lets the same person move', async () => {
    const { a, b } = await twoInstances()
    rooms.push(a, b)
    const ada = new FakePeer('ada', 'editor', 'token:ada')
    const bea = new FakePeer('bea', 'editor', 'token:bea')
    a.join(ada)
    b.join(bea)
    await Promise.all([a.idle(), b.idle()])
    a.receive(ada, { type: 'awareness', update: rawAwarenessUpdate([7, 1, JSON.stringify(ADA)]) })
    await a.idle()
    await b.idle()
    expect(b.awareness.getStates().get(7)).toEqual(ADA)
    expect(bea.sentTypes).toContain('awareness')

    // Someone else on B claims Ada's id: refused (silently dropped), Ada's state stays.
    const mallory = new FakePeer('mallory', 'editor', 'token:mallory')
    b.join(mallory)
    b.receive(mallory, { type: 'awareness', update: rawAwarenessUpdate([7, 5, JSON.stringify({ user: { name: 'Forged', color: '#000000' } })]) })
    await b.idle()
    expect(b.awareness.getStates().get(7)).toEqual(ADA)
    await a.idle()
    expect(a.awareness.getStates().get(7)).toEqual(ADA)

    // Ada's page moves to B (same token): it takes its id over there.
    const adaMoved = new FakePeer('ada-2', 'editor', 'token:ada')
    b.join(adaMoved)
    b.receive(adaMoved, { type: 'awareness', update: rawAwarenessUpdate([7, 2, JSON.stringify({ user: { name: 'Ada', color: '#009E73' } })]) })
    await b.idle()
    expect(b.awareness.getStates().get(7)).toEqual({ user: { name: 'Ada', color: '#009E73' } })

    // A's stale socket closes: its removal of id 7 does not remove Ada's state on B.
    a.leave(ada)
    await a.idle()
    await b.idle()
    expect(b.awareness.getStates().get(7)).toEqual({ user: { name: 'Ada', color: '#009E73' } })
  })

  it('reads the store again on resync and relays what it lacked', async () => {
    const { cluster, a, b } = await twoInstances()
    rooms.push(a, b)
    const [ada, bea] = [new FakePeer('ada'), new FakePeer('bea')]
    a.join(ada)
    b.join(bea)
    await Promise.all([a.idle(), b.idle()])
    a.receive(ada, { type: 'sync-update', update: clientEdit('lost in transit') })
    await a.idle()
    cluster.logs.get('doc')?.splice(0) // the stream lost it (Redis restarted)
    const follower = [...cluster.followers].find((candidate) => candidate.instance.name === 'b')!
    follower.handlers?.onResync()
    await b.idle()
    expect(notesOf(b)).toBe('lost in transit')
    expect(updatesSent(bea)).toHaveLength(1)
  })

  it('reads the store again, and counts the resync, when a remote update refers to an entry it missed', async () => {
    const cluster = new MemoryCluster()
    const fixture = await roomFixture()
    let resyncs = 0
    const metrics = { updateApplied: () => {}, startPersistenceTimer: () => () => {}, resynced: (documents: number) => (resyncs += documents) }
    const a = (await Room.load('doc', { ...fixture.deps, cluster: cluster.instance('a') }))!
    const b = (await Room.load('doc', { ...fixture.deps, metrics, cluster: cluster.instance('b') }))!
    rooms.push(a, b)
    const ada = new FakePeer('ada')
    a.join(ada)
    await a.idle()
    const writer = new Y.Doc()
    writer.getText('notes').insert(0, 'first ')
    const first = Y.encodeStateAsUpdate(writer)
    const before = Y.encodeStateVector(writer)
    writer.getText('notes').insert(6, 'second')
    a.receive(ada, { type: 'sync-update', update: first })
    await a.idle()
    cluster.logs.get('doc')?.splice(0) // the entry of the first edit was lost
    a.receive(ada, { type: 'sync-update', update: Y.encodeStateAsUpdate(writer, before) })
    await a.idle()
    cluster.deliver()
    await b.idle()
    expect(notesOf(b)).toBe('first second')
    expect(resyncs).toBe(1)
  })
})
