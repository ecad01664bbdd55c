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
      const set = DecorationSet.create(doc, decorations)
      const wrapped = indexedForChildren(set)
      expect(wrapped).not.toBe(set)
      expect(wrapped).toBeInstanceOf(DecorationSet)
      expect(indexedForChildren(set)).toBe(wrapped)
      expect((wrapped as unknown as { eq(other: DecorationSet): boolean }).eq(set)).toBe(true)
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

  it('leaves small sets as they are', () => {
    const doc = documentOf(3)
    const set = DecorationSet.create(doc, [Decoration.inline(2, 5, { class: 'x' })])
    expect(indexedForChildren(set)).toBe(set)
  })
})
