import type { Node as PMNode } from 'prosemirror-model'
import { Decoration, DecorationSet } from 'prosemirror-view'
import { describe, expect, it } from 'vitest'
import { indexedForChildren } from '../../../../editor/plugins/indexed-decorations'
import { schema } from '../../../../editor/schema'

/** A seeded pseudo-random generator (mulberry32). */
function random(seed: number) {
  let state = seed >>> 0
  return (max: number) => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * max)
  }
}

/** Every decoration a forChild answer holds, as text (positions relative to the child). */
function described(source: unknown): string[] {
  const found: string[] = []
  ;(source as { forEachSet(f: (set: DecorationSet) => void): void }).forEachSet((set) => {
    for (const decoration of set.find()) found.push(`${decoration.from}-${decoration.to}:${decoration.spec.id as string}`)
  })
  return found.sort()
}

/** ProseMirror's internal `eq`, which decides whether a view's decorations changed. */
function equal(a: DecorationSet, b: DecorationSet): boolean {
  return (a as unknown as { eq(other: DecorationSet): boolean }).eq(b)
}

function documentOf(blocks: number): PMNode {
  return schema.node(
    'doc',
    null,
    Array.from({ length: blocks }, (_, index) => schema.node('paragraph', null, [schema.text(`Block ${index}: some words to highlight here.`)])),
  )
}

describe('indexedForChildren', () => {
  for (const seed of [1, 2, 3]) {
    it(`answers forChild exactly as the stock DecorationSet does (seed ${seed})`, () => {
      const int = random(seed)
      const doc = documentOf(200)
      const starts: number[] = []
      doc.forEach((_child, offset) => starts.push(offset))
      const decorations: Decoration[] = []
      for (let made = 0; made < 600; made++) {
        const block = int(starts.length)
        const from = starts[block] + 1 + int(20)
        // One in five crosses into the following blocks (cross-block decorations stay at the top).
        const to = int(5) === 0 ? Math.min(doc.content.size - 1, starts[Math.min(starts.length - 1, block + 1 + int(3))] + 3 + int(10)) : from + 1 + int(15)
        decorations.push(Decoration.inline(from, to, { class: 'x' }, { id: String(made) }))
      }
      // DecorationSet.create empties the array it is given.
      const set = DecorationSet.create(doc, [...decorations])
      const wrapped = indexedForChildren(set)
      expect(wrapped).not.toBe(set)
      expect(wrapped).toBeInstanceOf(DecorationSet)
      expect(indexedForChildren(set)).toBe(wrapped)
      // The same decorations wrapped again (a set mapped to an equal one) compare equal.
      expect(equal(indexedForChildren(DecorationSet.create(doc, decorations)), wrapped)).toBe(true)
      let decoratedBlocks = 0
      doc.forEach((child, offset) => {
        const expected = described(set.forChild(offset, child))
        expect(described(wrapped.forChild(offset, child)), `block at ${offset}`).toEqual(expected)
        if (expected.length > 0) decoratedBlocks += 1
      })
      expect(decoratedBlocks).toBeGreaterThan(100)
      expect(wrapped.find().length).toBe(set.find().length)
    })
  }

  it('answers none outside the drawn range and exactly the stock answer inside it', () => {
    const int = random(7)
    const doc = documentOf(120)
    const starts: number[] = []
    doc.forEach((_child, offset) => starts.push(offset))
    const decorations = Array.from({ length: 300 }, (_, made) => {
      const block = int(starts.length)
      const from = starts[block] + 1 + int(20)
      const to = int(6) === 0 ? starts[Math.min(starts.length - 1, block + 2)] + 4 : from + 1 + int(15)
      return Decoration.inline(from, to, { class: 'x' }, { id: String(made) })
    })
    const set = DecorationSet.create(doc, decorations)
    const drawn = { from: starts[40] + 5, to: starts[60] + 3 }
    const wrapped = indexedForChildren(set, drawn)
    let inside = 0
    let outside = 0
    doc.forEach((child, offset) => {
      const index = starts.indexOf(offset)
      if (index >= 40 && index <= 60) {
        inside += 1
        expect(described(wrapped.forChild(offset, child)), `block ${index}`).toEqual(described(set.forChild(offset, child)))
      } else {
        outside += described(set.forChild(offset, child)).length > 0 ? 1 : 0
        expect(wrapped.forChild(offset, child), `block ${index}`).toBe(DecorationSet.empty)
      }
    })
    expect(inside).toBe(21)
    expect(outside).toBeGreaterThan(50)
  })

  it('compares the drawn range, so a moved range redraws', () => {
    const doc = documentOf(40)
    const set = DecorationSet.create(doc, [Decoration.inline(2, 5, { class: 'x' }), Decoration.inline(300, 320, { class: 'x' })])
    const all = indexedForChildren(set)
    const top = indexedForChildren(set, { from: 0, to: 100 })
    expect(indexedForChildren(set, { from: 0, to: 100 })).toBe(top)
    expect(equal(indexedForChildren(set, { from: 0, to: 100 }), top)).toBe(true)
    expect(equal(indexedForChildren(DecorationSet.create(doc, set.find()), { from: 0, to: 100 }), top)).toBe(true)
    expect(equal(indexedForChildren(set, { from: 0, to: 400 }), top)).toBe(false)
    expect(equal(indexedForChildren(set), top)).toBe(false)
    expect(equal(top, all)).toBe(false)
    // A set of ProseMirror's own is never taken for a drawn one.
    expect(equal(indexedForChildren(set), set)).toBe(false)
  })

  it('wraps small sets too, answering as the stock set does', () => {
    const doc = documentOf(3)
    const set = DecorationSet.create(doc, [Decoration.inline(2, 5, { class: 'x' }, { id: 'a' })])
    const wrapped = indexedForChildren(set)
    doc.forEach((child, offset) => expect(described(wrapped.forChild(offset, child))).toEqual(described(set.forChild(offset, child))))
    expect(described(wrapped.forChild(0, doc.child(0)))).toEqual(['1-4:a'])
  })
})
