import type { Node as PMNode } from 'prosemirror-model'
import type { Plugin } from 'prosemirror-state'
import { afterEach, describe, expect, it } from 'vitest'
import { caretStickinessPlugin } from '../../../../editor/plugins/caret-stickiness'
import { emptyBlockTextPlugin } from '../../../../editor/plugins/empty-block-text'
import { schema } from '../../../../editor/schema'
import { HeadlessEditor, relay, replicasOf } from '../view/support/headless-editor'
import { mulberry32 as random } from '../../support/seeded-random'

const { strong } = schema.marks

/** A heading, a paragraph with bold words and a line break, a Hebrew caption in a quote. */
const ARTICLE: PMNode = schema.node('doc', null, [
  schema.node('heading', { level: 1 }, [schema.text('Israel and Russia')]),
  schema.node('paragraph', null, [schema.text('The '), schema.text('Kremlin', [strong.create()]), schema.text(' said so.'), schema.node('hard_break'), schema.text('Next line')]),
  schema.node('blockquote', null, [schema.node('paragraph', null, [schema.text('ישראל ורוסיה')])]),
])

/** The position just after the first occurrence of `before` (or just before `after`). */
function positionOf(doc: PMNode, text: string, side: 'after' | 'before'): number {
  let found = -1
  doc.descendants((node, pos) => {
    if (found >= 0 || !node.isText) return found < 0
    const index = node.text!.indexOf(text)
    if (index >= 0) found = pos + index + (side === 'after' ? text.length : 0)
    return false
  })
  if (found < 0) throw new Error(`no "${text}" in the document`)
  return found
}

/** Where people put their carets, by what is around the place. */
const SPOTS: Record<string, (doc: PMNode) => number> = {
  'the end of the heading': (doc) => positionOf(doc, 'Russia', 'after'),
  'the start of the paragraph': (doc) => positionOf(doc, 'The ', 'before'),
  'inside the bold word': (doc) => positionOf(doc, 'Krem', 'after'),
  'at the end of the bold word': (doc) => positionOf(doc, 'Kremlin', 'after'),
  'just before the line break': (doc) => positionOf(doc, 'said so.', 'after'),
  'just after the line break': (doc) => positionOf(doc, 'Next', 'before'),
  'inside the Hebrew caption': (doc) => positionOf(doc, 'ישראל', 'after'),
  'the end of the Hebrew caption': (doc) => positionOf(doc, 'ורוסיה', 'after'),
  // Made by the first typist pressing Enter at the end of the heading (see typeTogether).
  'a new empty paragraph': (doc) => positionOf(doc, 'Russia', 'after') + 2,
}

/** What each typist types: letters nobody else uses, so each run can be found in the result. */
const RUNS = ['αβγδεζηθικλμ', 'АБВГДЕЖЗИЙКЛ', 'あいうえおかきくけこさし']

const editors: HeadlessEditor[] = []
afterEach(() => editors.splice(0).forEach((editor) => editor.destroy()))

/**
 * `typists` people put their carets at one spot and type their runs, keystrokes and syncs in a
 * random order drawn from `seed`; returns the text everyone ends with.
 */
function typeTogether(typists: number, spot: (doc: PMNode) => number, seed: number, plugins: () => Plugin[]): string {
  const next = random(seed)
  const replicas = replicasOf(ARTICLE, typists)
  const people = replicas.map((ydoc) => new HeadlessEditor(ydoc, plugins()))
  editors.push(...people)
  if (spot === SPOTS['a new empty paragraph']) {
    const first = people[0]
    first.select(positionOf(first.state.doc, 'Russia', 'after'))
    first.dispatch(first.state.tr.split(first.state.selection.from, 1, [{ type: schema.nodes.paragraph }]))
    for (const to of replicas.slice(1)) relay(replicas[0], to)
  }
  for (const person of people) person.select(spot(person.state.doc))
  const typed = people.map(() => 0)
  while (typed.some((count, index) => count < RUNS[index].length)) {
    const who = Math.floor(next() * typists)
    if (next() < 0.55 && typed[who] < RUNS[who].length) {
      people[who].type(RUNS[who][typed[who]++])
    } else {
      const to = Math.floor(next() * typists)
      if (to !== who) relay(replicas[who], replicas[to])
    }
  }
  for (const from of replicas) for (const to of replicas) if (from !== to) relay(from, to)
  const texts = people.map((person) => person.state.doc.textBetween(0, person.state.doc.content.size, '\n', '⏎'))
  for (const text of texts) expect(text).toBe(texts[0])
  return texts[0]
}

const withStickiness = (): Plugin[] => [caretStickinessPlugin(), emptyBlockTextPlugin()]

describe('caret stickiness: people typing at the same spot keep their words together', () => {
  for (const [where, spot] of Object.entries(SPOTS)) {
    for (const typists of [2, 3]) {
      it(`${typists} typists at ${where}, 40 random interleavings of keystrokes and syncs`, () => {
        for (let seed = 1; seed <= 40; seed++) {
          const text = typeTogether(typists, spot, seed * 7919 + typists, withStickiness)
          for (const run of RUNS.slice(0, typists)) {
            expect(text.includes(run), `seed ${seed * 7919 + typists}: "${run}" is not in one piece in ${JSON.stringify(text)}`).toBe(true)
          }
        }
      })
    }
  }

  it('the text around the spot is left as it was', () => {
    const text = typeTogether(2, SPOTS['inside the bold word'], 42, withStickiness)
    const withoutRuns = text.replace(RUNS[0], '').replace(RUNS[1], '')
    expect(withoutRuns).toBe(ARTICLE.textBetween(0, ARTICLE.content.size, '\n', '⏎'))
  })

  it('without it, y-prosemirror alone interleaves the runs (the bug this fixes)', () => {
    let interleaved = 0
    for (let seed = 1; seed <= 20; seed++) {
      const text = typeTogether(2, SPOTS['the end of the heading'], seed, () => [])
      if (!text.includes(RUNS[0]) || !text.includes(RUNS[1])) interleaved++
    }
    expect(interleaved).toBeGreaterThan(10)
  })

  it('a selected range does not grow with what others type at its edges', () => {
    const [mine, theirs] = replicasOf(ARTICLE, 2)
    const me = new HeadlessEditor(mine, [caretStickinessPlugin()])
    const other = new HeadlessEditor(theirs, [caretStickinessPlugin()])
    editors.push(me, other)
    const from = positionOf(me.state.doc, 'Kremlin', 'before')
    const to = positionOf(me.state.doc, 'Kremlin', 'after')
    me.select(from, to)
    other.select(to)
    other.type('!')
    other.select(from)
    other.type('¡')
    relay(theirs, mine)
    const { from: selFrom, to: selTo } = me.state.selection
    expect(me.state.doc.textBetween(selFrom, selTo)).toBe('Kremlin')
    // Backwards too: the head before the anchor.
    me.select(me.state.selection.to, me.state.selection.from)
    other.select(positionOf(other.state.doc, 'Kremlin', 'after'))
    other.type('?')
    relay(theirs, mine)
    expect(me.state.doc.textBetween(me.state.selection.from, me.state.selection.to)).toBe('Kremlin')
  })
})
