import type { Node as PMNode } from 'prosemirror-model'
import { EditorState } from 'prosemirror-state'
import { ySyncPluginKey, type ProsemirrorBinding } from 'y-prosemirror'
import * as Y from 'yjs'
import { afterEach, describe, expect, it } from 'vitest'
import { caretStickinessPlugin } from '../../../../editor/plugins/caret-stickiness'
import { syncBindingOf } from '../../../../editor/plugins/sync-binding'
import { typedInsertionOf, typedTextPlacementPlugin, yTextPlaceOf } from '../../../../editor/plugins/typed-text-placement'
import { schema } from '../../../../editor/schema'
import { mulberry32 as random } from '../../support/seeded-random'
import { HeadlessEditor, relay, replicasOf } from '../view/support/headless-editor'

const { strong } = schema.marks
const SENTENCE = 'The meeting was held in Moscow.'
const DOC: PMNode = schema.node('doc', null, [schema.node('paragraph', null, [schema.text(SENTENCE)])])
/** A paragraph with a bold word and a line break. */
const MIXED: PMNode = schema.node('doc', null, [
  schema.node('paragraph', null, [schema.text('The '), schema.text('Kremlin', [strong.create()]), schema.text(' said.'), schema.node('hard_break'), schema.text('Next')]),
])

const editors: HeadlessEditor[] = []
afterEach(() => editors.splice(0).forEach((editor) => editor.destroy()))

/** Editors on synced replicas of `content`, with the placement plugin or (control) without it. */
function editorsOn(content: PMNode, count: number, withPlacement: boolean): { people: HeadlessEditor[]; replicas: Y.Doc[] } {
  const replicas = replicasOf(content, count)
  const people = replicas.map((ydoc) => new HeadlessEditor(ydoc, [caretStickinessPlugin()], withPlacement ? [typedTextPlacementPlugin()] : []))
  editors.push(...people)
  return { people, replicas }
}

const END = 1 + SENTENCE.length
const textOf = (editor: HeadlessEditor) => editor.state.doc.textContent

/**
 * Ada types a space at the end; Bea, with her caret before Ada's space, types " X"; Ada, still after
 * her own space, types "Y". Returns the text both end with.
 */
function spaceBesideSpace(withPlacement: boolean): string {
  const { people, replicas } = editorsOn(DOC, 2, withPlacement)
  const [ada, bea] = people
  ada.select(END)
  ada.type(' ')
  relay(replicas[0], replicas[1])
  bea.select(END)
  bea.type(' ')
  bea.type('X')
  relay(replicas[1], replicas[0])
  ada.type('Y')
  relay(replicas[0], replicas[1])
  expect(textOf(bea)).toBe(textOf(ada))
  return textOf(ada)
}

describe('typed text placement: a typed character goes into Yjs where it was typed', () => {
  it('a space typed before someone else’s space is before it: both people’s words stay together', () => {
    expect(spaceBesideSpace(true)).toBe(`${SENTENCE} X Y`)
  })

  it('without it, y-prosemirror puts the space after the other person’s and the words come apart (the bug this fixes)', () => {
    expect(spaceBesideSpace(false)).not.toBe(`${SENTENCE} X Y`)
  })

  it('two people typing words that start with a space at one spot keep them whole, over 40 random interleavings', () => {
    const runs = [' αβγ δεζ ηθι.', ' АБВ ГДЕ ЖЗИ.']
    const broken = (withPlacement: boolean) => {
      let count = 0
      for (let seed = 1; seed <= 40; seed++) {
        const next = random(seed)
        const { people, replicas } = editorsOn(DOC, 2, withPlacement)
        for (const person of people) person.select(END)
        const typed = [0, 0]
        while (typed.some((count, index) => count < runs[index].length)) {
          const who = next() < 0.5 ? 0 : 1
          if (next() < 0.55 && typed[who] < runs[who].length) people[who].type(runs[who][typed[who]++])
          else relay(replicas[who], replicas[1 - who])
        }
        relay(replicas[0], replicas[1])
        relay(replicas[1], replicas[0])
        expect(textOf(people[1])).toBe(textOf(people[0]))
        if (!runs.every((run) => textOf(people[0]).includes(run))) count++
      }
      return count
    }
    expect(broken(true)).toBe(0)
    expect(broken(false)).toBeGreaterThan(0)
  })

  it('typing next to a bold word and a line break writes the same text and marks as y-prosemirror', () => {
    const { people, replicas } = editorsOn(MIXED, 2, true)
    const [ada, bea] = people
    const size = () => ada.state.doc.content.size
    for (const [position, text] of [
      [() => 1 + 'The Kremlin'.length, 's'], // the end of the bold word: bold, as typing there is
      [() => 1 + 'The '.length, 'the '], // the start of the bold word: plain
      [() => size() - 1 - 'Next'.length, '¶'], // just after the line break
      [() => size() - 1 - 'Next'.length - 1, '!'], // just before it
    ] as const) {
      ada.select(position())
      ada.type(text)
    }
    relay(replicas[0], replicas[1])
    expect(bea.state.doc.eq(ada.state.doc)).toBe(true)
    expect(textOf(bea)).toBe('The the Kremlins said.!¶Next')
    const bold: string[] = []
    bea.state.doc.descendants((node) => {
      if (node.isText && strong.isInSet(node.marks)) bold.push(node.text!)
    })
    expect(bold).toEqual(['Kremlins'])
  })
})

describe('typedInsertionOf', () => {
  const state = () => EditorState.create({ schema, doc: DOC })
  it('is the text and position of a plain insertion', () => {
    const tr = state().tr.insertText('ab', 3)
    expect(typedInsertionOf(tr)).toMatchObject({ position: 3, text: 'ab', before: DOC, after: tr.doc })
  })
  it('is null for a deletion, a replacement, two steps, a remote change, a block or an inline node', () => {
    expect(typedInsertionOf(state().tr.delete(2, 4))).toBeNull()
    expect(typedInsertionOf(state().tr.insertText('x', 2, 4))).toBeNull()
    expect(typedInsertionOf(state().tr.insertText('a', 2).insertText('b', 5))).toBeNull()
    expect(typedInsertionOf(state().tr.insertText('a', 2).setMeta(ySyncPluginKey, { isChangeOrigin: true }))).toBeNull()
    expect(typedInsertionOf(state().tr.insert(0, schema.node('paragraph', null, [schema.text('new')])))).toBeNull()
    expect(typedInsertionOf(state().tr.insert(3, schema.node('hard_break')))).toBeNull()
    expect(typedInsertionOf(state().tr.setSelection(state().selection))).toBeNull()
  })
})

describe('yTextPlaceOf', () => {
  function bindingOn(content: PMNode): { binding: ProsemirrorBinding; editor: HeadlessEditor } {
    const { people } = editorsOn(content, 1, true)
    const binding = syncBindingOf(people[0].state)
    if (!binding) throw new Error('no binding')
    return { binding, editor: people[0] }
  }

  it('finds the Y.XmlText and index of a position, across a bold run and a line break', () => {
    const { binding, editor } = bindingOn(MIXED)
    const doc = editor.state.doc
    const paragraph = binding.type.get(0) as Y.XmlElement
    const [first, , second] = paragraph.toArray()
    expect(yTextPlaceOf(binding, doc, 1 + 'The Kr'.length)).toEqual({ text: first, index: 'The Kr'.length })
    expect(yTextPlaceOf(binding, doc, 1 + 'The Kremlin said.'.length)).toEqual({ text: first, index: 'The Kremlin said.'.length })
    expect(yTextPlaceOf(binding, doc, 1 + 'The Kremlin said.'.length + 1)).toEqual({ text: second, index: 0 })
  })

  it('is null when the Yjs text is not the block’s (a change not written yet) or the block is empty', () => {
    const { binding, editor } = bindingOn(DOC)
    const stale = editor.state.doc
    binding.doc.transact(() => ((binding.type.get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'Z'))
    expect(yTextPlaceOf(binding, stale, 3)).toBeNull()
    // A hostile client's embed in the text: not plain text, so the sync plugin handles it.
    const embedded = bindingOn(DOC)
    const embeddedText = (embedded.binding.type.get(0) as Y.XmlElement).get(0) as Y.XmlText
    embedded.binding.doc.transact(() => embeddedText.insertEmbed(3, { href: 'javascript:alert(1)' }))
    expect(yTextPlaceOf(embedded.binding, embedded.editor.state.doc, 2)).toBeNull()
    const empty = bindingOn(schema.node('doc', null, [schema.node('paragraph')]))
    expect(yTextPlaceOf(empty.binding, empty.editor.state.doc, 1)).toBeNull()
  })
})
