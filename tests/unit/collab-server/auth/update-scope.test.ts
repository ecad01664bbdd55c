import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { changedRoots } from '../../../../collab-server/auth/update-scope'

/** The server's copy: one paragraph of text, a title, and one annotation record with a comment. */
function serverDoc(): Y.Doc {
  const doc = new Y.Doc()
  doc.transact(() => {
    const paragraph = new Y.XmlElement('paragraph')
    paragraph.insert(0, [new Y.XmlText('Hello world')])
    doc.getXmlFragment('prosemirror').insert(0, [paragraph])
    doc.getMap('meta').set('title', 'Doc')
    const record = new Y.Map<unknown>()
    const comments = new Y.Array<unknown>()
    comments.push([{ id: 'c1', text: 'first' }])
    record.set('id', 'a1')
    record.set('type', 'claim')
    record.set('comments', comments)
    doc.getMap('annotations').set('a1', record)
  })
  return doc
}

/** A client synced with `server`. */
function clientOf(server: Y.Doc): Y.Doc {
  const client = new Y.Doc()
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server))
  return client
}

/** The update `change` makes on `client`, as the provider would send it. */
function updateOf(client: Y.Doc, change: (doc: Y.Doc) => void): Uint8Array {
  const updates: Uint8Array[] = []
  const record = (update: Uint8Array) => updates.push(update)
  client.on('update', record)
  client.transact(() => change(client))
  client.off('update', record)
  return Y.mergeUpdates(updates)
}

const textOf = (doc: Y.Doc) => (doc.getXmlFragment('prosemirror').get(0) as Y.XmlElement).get(0) as Y.XmlText
const recordOf = (doc: Y.Doc) => doc.getMap('annotations').get('a1') as Y.Map<unknown>

function newRecord(id: string): Y.Map<unknown> {
  const record = new Y.Map<unknown>()
  record.set('id', id)
  record.set('type', 'event')
  record.set('attrs', { place: 'Moscow' })
  record.set('comments', new Y.Array())
  return record
}

describe('changedRoots', () => {
  it.each<[string, (doc: Y.Doc) => void, string[]]>([
    ['adding a nested Y.Map record to annotations', (doc) => doc.getMap('annotations').set('a2', newRecord('a2')), ['annotations']],
    ['appending to the comment Y.Array inside a record', (doc) => (recordOf(doc).get('comments') as Y.Array<unknown>).push([{ id: 'c2', text: 'reply' }]), ['annotations']],
    ['deleting a comment', (doc) => (recordOf(doc).get('comments') as Y.Array<unknown>).delete(0, 1), ['annotations']],
    ['replacing a field of a record', (doc) => recordOf(doc).set('type', 'quote'), ['annotations']],
    ['deleting an annotation', (doc) => doc.getMap('annotations').delete('a1'), ['annotations']],
    ['inserting text in a paragraph', (doc) => textOf(doc).insert(5, ','), ['prosemirror']],
    ['deleting text', (doc) => textOf(doc).delete(0, 6), ['prosemirror']],
    ['formatting text', (doc) => textOf(doc).format(0, 5, { strong: {} }), ['prosemirror']],
    ['adding a paragraph', (doc) => doc.getXmlFragment('prosemirror').push([new Y.XmlElement('paragraph')]), ['prosemirror']],
    ['setting meta.title', (doc) => doc.getMap('meta').set('title', 'Renamed'), ['meta']],
    ['writing a root type the data model does not list', (doc) => doc.getText('notes').insert(0, 'x'), ['notes']],
    [
      'an annotation and a text edit in one transaction',
      (doc) => {
        doc.getMap('annotations').set('a2', newRecord('a2'))
        textOf(doc).insert(0, 'X')
      },
      ['annotations', 'prosemirror'],
    ],
  ])('%s changes %j', (_name, change, roots) => {
    const server = serverDoc()
    const update = updateOf(clientOf(server), change)
    expect(changedRoots(server, update)).toEqual(new Set(roots))
  })

  it('follows a nested type created earlier in the same update', () => {
    const server = serverDoc()
    const update = updateOf(clientOf(server), (doc) => {
      const record = newRecord('a2')
      doc.getMap('annotations').set('a2', record)
      ;(record.get('comments') as Y.Array<unknown>).push([{ id: 'c', text: 'nested' }])
    })
    expect(changedRoots(server, update)).toEqual(new Set(['annotations']))
  })

  it('finds text typed inside a block created earlier in the same update', () => {
    const server = serverDoc()
    const update = updateOf(clientOf(server), (doc) => {
      const paragraph = new Y.XmlElement('paragraph')
      const text = new Y.XmlText()
      paragraph.insert(0, [text])
      doc.getXmlFragment('prosemirror').push([paragraph])
      text.insert(0, 'sneaky')
    })
    expect(changedRoots(server, update)).toEqual(new Set(['prosemirror']))
  })

  it('counts nothing for an update the server already has', () => {
    const server = serverDoc()
    const client = clientOf(server)
    const update = updateOf(client, (doc) => textOf(doc).insert(0, 'X'))
    Y.applyUpdate(server, update)
    expect(changedRoots(server, update)).toEqual(new Set())
  })

  it('counts nothing for a SyncStep2 that repeats deletions the server already applied', () => {
    const server = serverDoc()
    const viewer = clientOf(server)
    const editor = clientOf(server)
    const deletion = updateOf(editor, (doc) => {
      textOf(doc).delete(0, 6)
      doc.getMap('annotations').delete('a1')
    })
    Y.applyUpdate(server, deletion)
    Y.applyUpdate(viewer, deletion)
    const syncStep2 = Y.encodeStateAsUpdate(viewer, Y.encodeStateVector(server))
    expect(Y.decodeUpdate(syncStep2).ds.clients.size).toBeGreaterThan(0)
    expect(changedRoots(server, syncStep2)).toEqual(new Set())
  })

  it('sees the offline annotation changes a SyncStep2 carries, and only those', () => {
    const server = serverDoc()
    const annotator = clientOf(server)
    Y.applyUpdate(
      server,
      updateOf(clientOf(server), (doc) => textOf(doc).delete(0, 6)),
    )
    Y.applyUpdate(annotator, Y.encodeStateAsUpdate(server))
    annotator.getMap('annotations').set('a2', newRecord('a2'))
    const syncStep2 = Y.encodeStateAsUpdate(annotator, Y.encodeStateVector(server))
    expect(changedRoots(server, syncStep2)).toEqual(new Set(['annotations']))
  })

  it('counts nothing for an edit of a record another client deleted meanwhile (Yjs drops it)', () => {
    const server = serverDoc()
    const annotator = clientOf(server)
    Y.applyUpdate(
      server,
      updateOf(clientOf(server), (doc) => doc.getMap('annotations').delete('a1')),
    )
    const update = updateOf(annotator, (doc) => recordOf(doc).set('note', 'too late'))
    expect(changedRoots(server, update)).toEqual(new Set())
  })

  it('is unresolvable for a deletion of content the server does not have', () => {
    const server = serverDoc()
    const writer = clientOf(server)
    const unseen = updateOf(writer, (doc) => textOf(doc).insert(0, 'unseen '))
    const deleter = clientOf(server)
    Y.applyUpdate(deleter, unseen)
    const deletion = updateOf(deleter, (doc) => textOf(doc).delete(0, 7))
    expect(changedRoots(server, deletion)).toBe('unresolvable')
  })

  it('is unresolvable for an insert next to content the server does not have', () => {
    const server = serverDoc()
    const writer = clientOf(server)
    const unseen = updateOf(writer, (doc) => doc.getMap('annotations').set('a2', newRecord('a2')))
    const other = clientOf(server)
    Y.applyUpdate(other, unseen)
    const update = updateOf(other, (doc) => (doc.getMap('annotations').get('a2') as Y.Map<unknown>).set('note', 'x'))
    expect(changedRoots(server, update)).toBe('unresolvable')
  })

  it('cannot place an item that claims annotations but continues a text item the server has', () => {
    const server = serverDoc()
    textOf(server).insert(11, '!!!!!!')
    const exclamations = server.store.clients.get(server.clientID)!.at(-1)!
    // Hand-made v1 update: a ContentString struct whose first 6 clocks are the server's "!!!!!!", parent "annotations".
    const encoder = encoding.createEncoder()
    for (const value of [1, 1, server.clientID, exclamations.id.clock]) encoding.writeVarUint(encoder, value)
    encoding.writeUint8(encoder, 4)
    encoding.writeVarUint(encoder, 1)
    encoding.writeVarString(encoder, 'annotations')
    encoding.writeVarString(encoder, 'abcdefWXYZ')
    encoding.writeVarUint(encoder, 0)
    const update = encoding.toUint8Array(encoder)

    // Its declared place (annotations) is not the place of its known part (the text): refused whole.
    expect(changedRoots(server, update)).toBe('unresolvable')
    // What it would have done: Yjs appends the unknown tail right after the item before it.
    const victim = clientOf(server)
    Y.applyUpdate(victim, update)
    expect(textOf(victim).toString()).toBe('Hello world!!!!!!WXYZ')
  })

  it('is unresolvable for bytes that are not an update of this document', () => {
    expect(changedRoots(serverDoc(), Uint8Array.of(1, 2, 3))).toBe('unresolvable')
  })

  it('leaves the document unchanged', () => {
    const server = serverDoc()
    const before = Y.encodeStateAsUpdate(server)
    changedRoots(
      server,
      updateOf(clientOf(server), (doc) => textOf(doc).insert(0, 'X')),
    )
    expect(Y.encodeStateAsUpdate(server)).toEqual(before)
  })
})
