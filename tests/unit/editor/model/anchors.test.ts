import type { Node as PMNode } from 'prosemirror-model'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { ANCHOR_ASSOC, anchorToJSON, type AnchorSide, type YDocumentMeasurer } from '../../../../editor/model/anchors'
import { spanText } from '../../../../editor/model/resolve-annotations'
import { schema } from '../../../../editor/schema'
import { readContent } from '../../../../editor/yjs/document-content'
import { createReplicas, measurerFor, textRuns } from './support/replicas'
import { seedDocument, seedText } from './support/seed'

const SIDES: AnchorSide[] = ['start', 'end']

/** Round-trips `pos` through a stored (JSON-serialised) anchor; the failures, as readable strings. */
function roundTripFailures(ydoc: Y.Doc, measurer: YDocumentMeasurer, positions: number[]): string[] {
  const failures: string[] = []
  for (const pos of positions) {
    for (const side of SIDES) {
      const relative = measurer.relativePositionAt(pos, side)
      const stored = relative && JSON.parse(JSON.stringify(anchorToJSON(relative)))
      const back = stored && measurerFor(ydoc).resolve(ydoc, stored)
      if (back !== pos) failures.push(`${side} ${pos} → ${back}`)
    }
  }
  return failures
}

/** Every position of `doc`, split by whether it lies inside a text block. */
function positionsOf(doc: PMNode): { inText: number[]; outside: number[] } {
  const inText: number[] = []
  const outside: number[] = []
  for (let pos = 0; pos <= doc.content.size; pos++) (doc.resolve(pos).parent.isTextblock ? inText : outside).push(pos)
  return { inText, outside }
}

describe('YDocumentMeasurer on the seed article', () => {
  const doc = seedDocument()
  const [ydoc] = createReplicas(1, doc)
  const measurer = measurerFor(ydoc)
  const { inText, outside } = positionsOf(doc)
  const caption = doc.child(0)
  const [hebrewLine, secondLine] = seedText.split('\n')

  it('measures the same document ProseMirror sees', () => {
    expect(readContent(ydoc).eq(doc)).toBe(true)
    expect(inText.length).toBe(doc.content.size + 1 - (doc.childCount + 1))
  })

  it('round-trips every position inside a text block, as a start and as an end anchor', () => {
    expect(roundTripFailures(ydoc, measurer, inText)).toEqual([])
  })

  it('round-trips the positions around the hard break of the Hebrew caption', () => {
    expect(caption.child(1).type.name).toBe('hard_break')
    const breakPos = 1 + caption.child(0).nodeSize
    expect(spanText(doc, breakPos - 2, breakPos + 3)).toBe(`${hebrewLine.slice(-2)}\n${secondLine.slice(0, 2)}`)
    expect(roundTripFailures(ydoc, measurer, [1, breakPos - 1, breakPos, breakPos + 1, breakPos + 2, caption.nodeSize - 1])).toEqual([])
    expect(spanText(doc, 1, caption.nodeSize - 1)).toBe(`${hebrewLine}\n${secondLine}`)
  })

  it('keeps text typed exactly at a position after a start anchor and before an end anchor', () => {
    const breakPos = 1 + caption.child(0).nodeSize
    const cases: Array<[number, number, number]> = [
      [1, 0, 0],
      [10, 0, 9],
      [breakPos, 0, hebrewLine.length],
      [breakPos + 1, 1, 0],
      [caption.nodeSize - 1, 1, secondLine.length],
    ]
    for (const [pos, run, index] of cases) {
      const anchors = SIDES.map((side) => anchorToJSON(measurer.relativePositionAt(pos, side)!))
      const editor = new Y.Doc()
      Y.applyUpdate(editor, Y.encodeStateAsUpdate(ydoc))
      textRuns(editor)[run].insert(index, 'ABC')
      expect(anchors.map((json) => measurerFor(editor).resolve(editor, json))).toEqual([pos + 3, pos])
    }
  })

  it('stores the documented assoc for each side', () => {
    expect(ANCHOR_ASSOC).toEqual({ start: 0, end: -1 })
    expect(anchorToJSON(measurer.relativePositionAt(5, 'start')!).assoc).toBe(0)
    expect(anchorToJSON(measurer.relativePositionAt(5, 'end')!).assoc).toBe(-1)
  })

  it('resolves spans across paragraphs and headings to their text with block separators', () => {
    const headingStart = caption.nodeSize + 1
    const heading = doc.child(1)
    const paragraphStart = headingStart + heading.nodeSize
    const cases: Array<[number, number, string]> = [
      [headingStart + 8, paragraphStart + 7, 'of a series\n\n(Part I'],
      [caption.nodeSize - 8, headingStart + 4, `${secondLine.slice(-7)}\n\nPart`],
      [1, paragraphStart, `${hebrewLine}\n${secondLine}\n\nPart II of a series\n\n`],
    ]
    for (const [from, to, text] of cases) {
      const start = anchorToJSON(measurer.relativePositionAt(from, 'start')!)
      const end = anchorToJSON(measurer.relativePositionAt(to, 'end')!)
      expect([measurer.resolve(ydoc, start), measurer.resolve(ydoc, end)]).toEqual([from, to])
      expect(spanText(doc, from, to)).toBe(text)
    }
  })

  it('gives null for positions between blocks and at the document edges', () => {
    expect(outside.length).toBe(doc.childCount + 1)
    expect(outside[0]).toBe(0)
    expect(outside.at(-1)).toBe(doc.content.size)
    for (const side of SIDES) expect(outside.map((pos) => measurer.relativePositionAt(pos, side))).toEqual(outside.map(() => null))
    expect(measurer.relativePositionAt(-1, 'start')).toBeNull()
    expect(measurer.relativePositionAt(doc.content.size + 1, 'end')).toBeNull()
  })
})

describe('YDocumentMeasurer on nested blocks, leading and trailing hard breaks, an empty paragraph', () => {
  const { nodes } = schema
  const doc = nodes.doc.create(null, [
    nodes.blockquote.create(null, [nodes.paragraph.create(null, schema.text('ab')), nodes.blockquote.create(null, [nodes.heading.create({ level: 2 }, schema.text('cd'))])]),
    nodes.paragraph.create(null, [nodes.hard_break.create(), schema.text('x'), nodes.hard_break.create()]),
    nodes.paragraph.create(),
  ])
  const [ydoc] = createReplicas(1, doc)
  const measurer = measurerFor(ydoc)
  const { inText, outside } = positionsOf(doc)

  it('round-trips every text-block position', () => {
    expect(inText).toEqual([2, 3, 4, 7, 8, 9, 13, 14, 15, 16, 18])
    expect(roundTripFailures(ydoc, measurer, inText)).toEqual([])
  })

  it('gives null everywhere else, including the ends of blockquote content', () => {
    expect(outside).toEqual([0, 1, 5, 6, 10, 11, 12, 17, 19])
    for (const side of SIDES) expect(outside.map((pos) => measurer.relativePositionAt(pos, side))).toEqual(outside.map(() => null))
  })

  it('resolves an anchor whose block was deleted to null', () => {
    const anchor = anchorToJSON(measurer.relativePositionAt(14, 'start')!)
    ydoc.getXmlFragment('prosemirror').delete(1, 1)
    expect(measurerFor(ydoc).resolve(ydoc, anchor)).toBeNull()
  })
})
