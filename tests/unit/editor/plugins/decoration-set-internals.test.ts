import { Decoration, DecorationSet } from 'prosemirror-view'
import { describe, expect, it } from 'vitest'
import { decorationSetParts, decorationSetWithForChild, stockForChildOf } from '../../../../editor/plugins/decoration-set-internals'
import { schema } from '../../../../editor/schema'

const CHANGED = 'prosemirror-view internal DecorationSet.local/children changed: see editor/plugins/decoration-set-internals.ts'

const doc = schema.node('doc', null, [
  schema.node('paragraph', null, [schema.text('First block.')]),
  schema.node('paragraph', null, [schema.text('Second block.')]),
  schema.node('paragraph', null, [schema.text('Third block.')]),
])
const starts: number[] = []
doc.forEach((_child, offset) => starts.push(offset))
const inFirst = Decoration.inline(2, 6, { class: 'a' }, { id: 'in-first' })
const inThird = Decoration.inline(starts[2] + 2, starts[2] + 5, { class: 'a' }, { id: 'in-third' })
const across = Decoration.inline(4, starts[1] + 4, { class: 'a' }, { id: 'across' })
const set = DecorationSet.create(doc, [inThird, across, inFirst])

function ids(source: unknown): string[] {
  const found: string[] = []
  ;(source as { forEachSet(f: (set: DecorationSet) => void): void }).forEachSet((member) => {
    for (const decoration of member.find()) found.push(decoration.spec.id as string)
  })
  return found.sort()
}

describe('prosemirror-view DecorationSet internals (decoration-set-internals)', () => {
  it('keeps cross-block decorations in `local` and per-child sets in `children` triples', () => {
    const { local, children } = decorationSetParts(set)
    expect(Array.isArray(local), CHANGED).toBe(true)
    expect(Array.isArray(children), CHANGED).toBe(true)
    expect(
      local.map((decoration) => decoration.spec.id as string),
      CHANGED,
    ).toEqual(['across'])
    expect(children.length, CHANGED).toBe(6)
    expect([children[0], children[1], children[3], children[4]], CHANGED).toEqual([starts[0], starts[1], starts[2], starts[2] + doc.child(2).nodeSize])
    expect(children[2], CHANGED).toBeInstanceOf(DecorationSet)
    expect(ids(children[2]), CHANGED).toEqual(['in-first'])
  })

  it('answers forChild from `local` and `children` alone', () => {
    const parts = decorationSetParts(set)
    doc.forEach((child, offset) => {
      expect(ids(stockForChildOf(parts, offset, child)), `${CHANGED} (forChild at ${offset})`).toEqual(ids(set.forChild(offset, child)))
    })
    expect(ids(stockForChildOf(parts, starts[1], doc.child(1))), CHANGED).toEqual(['across'])
  })

  it('builds a DecorationSet from parts whose other methods read those parts', () => {
    const calls: number[] = []
    const rebuilt = decorationSetWithForChild(decorationSetParts(set), (offset, node) => {
      calls.push(offset)
      return set.forChild(offset, node)
    })
    expect(rebuilt, CHANGED).toBeInstanceOf(DecorationSet)
    expect(
      rebuilt
        .find()
        .map((decoration) => decoration.spec.id as string)
        .sort(),
      CHANGED,
    ).toEqual(['across', 'in-first', 'in-third'])
    expect((rebuilt as unknown as { eq(other: DecorationSet): boolean }).eq(set), CHANGED).toBe(true)
    rebuilt.forChild(starts[2], doc.child(2))
    expect(calls).toEqual([starts[2]])
  })
})
