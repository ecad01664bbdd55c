import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { decideWrite } from '../../../../collab-server/auth/write-guard'

function setup() {
  const server = new Y.Doc()
  server.getXmlFragment('prosemirror').push([new Y.XmlElement('paragraph')])
  const client = new Y.Doc()
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server))
  const updateOf = (change: (doc: Y.Doc) => void) => {
    const before = Y.encodeStateVector(client)
    change(client)
    return Y.encodeStateAsUpdate(client, before)
  }
  return { server, updateOf }
}

describe('decideWrite', () => {
  it('applies anything from an editor without decoding it', () => {
    expect(decideWrite('editor', new Y.Doc(), Uint8Array.of(0xff))).toEqual({ kind: 'apply' })
  })

  it('ignores an update that changes nothing from a viewer, refuses any change', () => {
    const { server, updateOf } = setup()
    expect(decideWrite('viewer', server, updateOf(() => {}))).toEqual({ kind: 'ignore' })
    expect(decideWrite('viewer', server, updateOf((doc) => doc.getMap('meta').set('title', 'x')))).toEqual({
      kind: 'refuse',
      reason: 'read-only',
      message: 'viewers cannot change the document (this update changes meta)',
    })
  })

  it('applies annotation changes from an annotator and refuses the rest, naming what it touched', () => {
    const { server, updateOf } = setup()
    expect(decideWrite('annotator', server, updateOf((doc) => doc.getMap('annotations').set('a', new Y.Map())))).toEqual({
      kind: 'apply',
    })
    const touchAll = updateOf((doc) =>
      doc.transact(() => {
        doc.getMap('annotations').set('b', 1)
        doc.getMap('meta').set('title', 'x')
        doc.getXmlFragment('prosemirror').push([new Y.XmlElement('paragraph')])
        doc.getText('z'.repeat(60)).insert(0, 'x')
        doc.getArray('another').push([1])
      }),
    )
    expect(decideWrite('annotator', server, touchAll)).toEqual({
      kind: 'refuse',
      reason: 'outside-annotations',
      message: `annotators can only change annotations (this update changes another, meta, prosemirror, …)`,
    })
  })

  it('refuses an update that cannot be placed', () => {
    const { server } = setup()
    const elsewhere = new Y.Doc()
    elsewhere.getMap('annotations').set('a', 1)
    const unseen = Y.encodeStateAsUpdate(elsewhere)
    const follower = new Y.Doc()
    Y.applyUpdate(follower, unseen)
    const before = Y.encodeStateVector(follower)
    follower.getMap('annotations').set('a', 2)
    expect(decideWrite('annotator', server, Y.encodeStateAsUpdate(follower, before))).toEqual({
      kind: 'refuse',
      reason: 'unresolvable',
      message: 'it refers to content the server does not have',
    })
  })
})
