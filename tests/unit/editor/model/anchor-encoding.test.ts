import { toBase64 } from 'lib0/buffer'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { relativePositionJSONSchema } from '../../../../editor/model/annotation'
import { anchorFromStored, anchorToStored } from '../../../../editor/model/anchor-encoding'
import { seededRandom } from '../../../../bench/lib/seeded-random'

describe('stored anchors (base64 of Y.encodeRelativePosition)', () => {
  it('read back as the JSON Yjs writes for an item, a type and a root name, as plain objects', () => {
    const doc = new Y.Doc()
    doc.clientID = 7
    doc.getXmlFragment('prosemirror').insert(0, [new Y.XmlText('Hello')])
    const run = doc.getXmlFragment('prosemirror').get(0) as Y.XmlText
    for (const [index, assoc] of [
      [1, 0],
      [5, -1],
      [5, 0],
    ] as const) {
      const json = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(run, index, assoc))
      const read = anchorFromStored(anchorToStored(json))
      expect(read).toEqual(JSON.parse(JSON.stringify(Y.relativePositionToJSON(Y.decodeRelativePosition(Y.encodeRelativePosition(Y.createRelativePositionFromJSON(json)))))))
      expect(Object.getPrototypeOf(read?.item ?? read?.type)).toBe(Object.prototype)
      expect(relativePositionJSONSchema.safeParse(read).success).toBe(true)
    }
    expect(anchorFromStored(anchorToStored({ tname: 'prosemirror', assoc: 0 }))).toEqual({ tname: 'prosemirror', assoc: 0 })
  })

  it('refuses what names nothing, is not base64 or is too long', () => {
    expect(anchorFromStored('AQAA')).toBeNull() // decodes to {assoc: 0}: no type, root name or item
    expect(anchorFromStored('')).toBeNull()
    expect(anchorFromStored('not base64!')).toBeNull()
    expect(anchorFromStored('A'.repeat(201))).toBeNull()
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, 1) // a root name…
    encoding.writeVarString(encoder, '') // …that is empty
    encoding.writeVarInt(encoder, 0)
    expect(anchorFromStored(toBase64(encoding.toUint8Array(encoder)))).toBeNull()
  })

  it('agrees with relativePositionJSONSchema on 2,000 random byte strings, and never throws', () => {
    const random = seededRandom(3)
    let read = 0
    for (let index = 0; index < 2000; index++) {
      const bytes = Uint8Array.from({ length: 1 + Math.floor(random() * 14) }, () => Math.floor(random() * (index % 2 ? 4 : 256)))
      const stored = toBase64(bytes)
      const anchor = anchorFromStored(stored)
      if (anchor === null) continue
      read++
      expect(relativePositionJSONSchema.safeParse(anchor).success, stored).toBe(true)
    }
    expect(read).toBeGreaterThan(50)
  })
})
