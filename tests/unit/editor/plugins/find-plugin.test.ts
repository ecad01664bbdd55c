import type { Node as PMNode } from 'prosemirror-model'
import { EditorState, TextSelection } from 'prosemirror-state'
import { describe, expect, it } from 'vitest'
import { ySyncPluginKey } from 'y-prosemirror'
import { closeFind, findNext, findPrevious, findTextOfSelection, searchFor } from '../../../../editor/commands/find'
import { readFindQuery, type FindQuery } from '../../../../editor/model/find-text'
import { findFindState, findPlugin, findSignature } from '../../../../editor/plugins/find-plugin'
import { schema } from '../../../../editor/schema'

const { paragraph } = schema.nodes
const doc = (...texts: string[]) =>
  schema.node(
    'doc',
    null,
    texts.map((value) => paragraph.create(null, value ? schema.text(value) : [])),
  )

function queryOf(value: string, matchCase = false): FindQuery {
  const read = readFindQuery(value, matchCase)
  if (read.kind !== 'query') throw new Error(`not a query: ${read.kind}`)
  return read.query
}

function stateWith(document: PMNode, caret = 1): EditorState {
  const state = EditorState.create({ schema, doc: document, plugins: [findPlugin()] })
  return state.apply(state.tr.setSelection(TextSelection.create(state.doc, caret)))
}

/** Runs a command and returns the state after it; fails the test when the command does not apply. */
function run(state: EditorState, command: (state: EditorState, dispatch: (tr: EditorState['tr']) => void) => boolean): EditorState {
  let next = state
  expect(command(state, (tr) => (next = state.apply(tr)))).toBe(true)
  return next
}

/** The highlights drawn: each match's text, the current one marked with `*`. */
function highlights(state: EditorState): string[] {
  return findFindState(state)!
    .decorations.find()
    .map((decoration) => {
      const current = (decoration.spec as { current: boolean }).current
      return `${current ? '*' : ''}${state.doc.textBetween(decoration.from, decoration.to)}@${decoration.from}`
    })
}

const TEXT = ['Putin met Erdoğan.', 'Then Putin flew to Sochi, where PUTIN spoke.']

describe('findPlugin', () => {
  it('highlights every match, the first one at or after the caret as current', () => {
    const start = stateWith(doc(...TEXT), 25)
    const state = run(start, searchFor(queryOf('putin')))
    expect(highlights(state)).toEqual(['Putin@1', '*Putin@26', 'PUTIN@53'])
    expect(findFindState(state)!.current).toBe(1)
  })

  it('steps to the next and previous match, wrapping around at both ends', () => {
    let state = run(stateWith(doc(...TEXT)), searchFor(queryOf('putin')))
    const currents: number[] = [findFindState(state)!.current]
    for (let step = 0; step < 3; step++) currents.push(findFindState((state = run(state, findNext)))!.current)
    expect(currents).toEqual([0, 1, 2, 0])
    state = run(state, findPrevious)
    expect(findFindState(state)!.current).toBe(2)
    expect(highlights(state)[2]).toBe('*PUTIN@53')
  })

  it('follows local edits: a new occurrence is counted and the current match stays the one it was', () => {
    let state = run(stateWith(doc(...TEXT)), searchFor(queryOf('putin')))
    state = run(state, findNext)
    expect(highlights(state)[1]).toBe('*Putin@26')
    state = state.apply(state.tr.insertText('Putin! ', 1))
    expect(highlights(state)).toEqual(['Putin@1', 'Putin@8', '*Putin@33', 'PUTIN@60'])
    // Deleting the current match makes the next one current.
    state = state.apply(state.tr.delete(33, 38))
    expect(highlights(state)).toEqual(['Putin@1', 'Putin@8', '*PUTIN@55'])
  })

  it('follows remote edits (the whole document replaced, unchanged blocks reused) the same way', () => {
    let state = run(stateWith(doc(...TEXT)), searchFor(queryOf('putin')))
    state = run(state, findNext)
    const shown = findSignature(state)
    const [first, second] = [state.doc.child(0), state.doc.child(1)]
    const edited = schema.node('doc', null, [paragraph.create(null, schema.text('Putin and Putin met Erdoğan.')), second])
    expect(edited.child(1)).toBe(second)
    state = state.apply(state.tr.replaceWith(0, state.doc.content.size, edited.content).setMeta(ySyncPluginKey, { isChangeOrigin: true }))
    expect(first).not.toBe(state.doc.child(0))
    expect(highlights(state)).toEqual(['Putin@1', 'Putin@11', '*Putin@36', 'PUTIN@63'])
    // The count and current match changed with the text: the find bar may show them once typing pauses.
    expect(findSignature(state)).toBe(shown)
  })

  it('after many edits and steps, draws the same highlights as a search made afresh (they are changed, not rebuilt)', () => {
    const paragraphs = Array.from({ length: 40 }, (_, index) => `Paragraph ${index}: Putin, putin and PUTIN met.`)
    let state = run(stateWith(doc(...paragraphs)), searchFor(queryOf('putin')))
    const edits = [
      (s: EditorState) => s.tr.insertText('Putin ', 30),
      (s: EditorState) => s.tr.delete(40, 47),
      (s: EditorState) => s.tr.insertText('pu', 200).insertText('tin', 202),
      (s: EditorState) => s.tr.split(300),
      (s: EditorState) => s.tr.join(301),
      (s: EditorState) => s.tr.delete(500, 700),
    ]
    for (const edit of edits) {
      state = run(state.apply(edit(state)), findNext)
      const fresh = run(state, searchFor(queryOf('putin')))
      // The fresh search picks the match at the caret as current: compare the matches drawn, and the current one separately.
      expect(highlights(state).map((entry) => entry.replace('*', ''))).toEqual(highlights(fresh).map((entry) => entry.replace('*', '')))
      expect(highlights(state).filter((entry) => entry.startsWith('*'))).toHaveLength(1)
      expect(highlights(state).findIndex((entry) => entry.startsWith('*'))).toBe(findFindState(state)!.current)
    }
  })

  it('matches case when asked, and shows no match for a query absent from the text', () => {
    let state = run(stateWith(doc(...TEXT)), searchFor(queryOf('PUTIN', true)))
    expect(highlights(state)).toEqual(['*PUTIN@53'])
    state = run(state, searchFor(queryOf('Medvedev')))
    expect(highlights(state)).toEqual([])
    expect(findFindState(state)!.current).toBe(-1)
    expect(findNext(state)).toBe(false)
    expect(findSignature(state)).toBe('aa:Medvedev|2')
  })

  it('closing selects the current match and removes every highlight', () => {
    let state = run(stateWith(doc(...TEXT)), searchFor(queryOf('putin')))
    state = run(state, findPrevious)
    state = run(state, closeFind)
    expect(state.doc.textBetween(state.selection.from, state.selection.to)).toBe('PUTIN')
    expect(findFindState(state)!.query).toBeNull()
    expect(highlights(state)).toEqual([])
    expect(findSignature(state)).toBe('')
    expect(closeFind(state)).toBe(false)
  })

  it('costs nothing while closed: edits leave its state as it was', () => {
    const state = stateWith(doc(...TEXT))
    const before = findFindState(state)
    expect(findFindState(state.apply(state.tr.insertText('Putin ', 1)))).toBe(before)
  })

  it('stops at 1000 highlights and says there are more', () => {
    const state = run(stateWith(doc('ab '.repeat(1200))), searchFor(queryOf('ab')))
    expect(findFindState(state)!.decorations.find()).toHaveLength(1000)
    expect(findFindState(state)!.capped).toBe(true)
  })

  it('its signature changes with each search and step, not with edits of the text (a redraw for each keystroke)', () => {
    let state = run(stateWith(doc(...TEXT)), searchFor(queryOf('putin')))
    const signatures = [findSignature(state)]
    state = run(state, findNext)
    signatures.push(findSignature(state))
    state = run(state, searchFor(queryOf('Putin', true)))
    signatures.push(findSignature(state))
    expect(signatures).toEqual(['aa:putin|1', 'aa:putin|2', 'Aa:Putin|3'])
    state = state.apply(state.tr.insertText('Putin Putin ', 1))
    expect(findFindState(state)!.matches).toHaveLength(4)
    expect(findSignature(state)).toBe('Aa:Putin|3')
  })

  it('commands do not apply without the plugin', () => {
    const bare = EditorState.create({ schema, doc: doc(...TEXT) })
    expect([searchFor(queryOf('putin'))(bare), findNext(bare), findPrevious(bare), closeFind(bare)]).toEqual([false, false, false, false])
  })
})

describe('findTextOfSelection', () => {
  const select = (from: number, to: number) => {
    const state = stateWith(doc(...TEXT))
    return state.apply(state.tr.setSelection(TextSelection.create(state.doc, from, to)))
  }

  it('is the selected words within a block, and nothing for a caret, a selection across blocks or blank text', () => {
    expect(findTextOfSelection(select(1, 6))).toBe('Putin')
    expect(findTextOfSelection(select(3, 3))).toBeNull()
    expect(findTextOfSelection(select(15, 25))).toBeNull()
    expect(findTextOfSelection(select(6, 7))).toBeNull()
  })
})
