import { EditorState, TextSelection, type Command } from 'prosemirror-state'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { reattachAnnotation, removeAnnotation, selectAnnotation, tagSelection } from '../../../../editor/commands/annotations'
import { EDITOR_BINDINGS } from '../../../../editor/commands/keymap'
import { annotationPlugin } from '../../../../editor/plugins/annotation-plugin'
import { schema } from '../../../../editor/schema'
import { alice } from '../model/support/seed'

/** A paragraph of text with "words" selected; `withPlugin` adds the annotation plugin. */
function stateWithSelection(withPlugin: boolean): EditorState {
  const doc = schema.node('doc', null, [schema.node('paragraph', null, [schema.text('Some words in a paragraph.')])])
  const plugins = withPlugin ? [annotationPlugin({ ydoc: new Y.Doc(), getUser: () => alice })] : []
  const state = EditorState.create({ schema, doc, plugins })
  return state.apply(state.tr.setSelection(TextSelection.create(state.doc, 6, 11)))
}

const commands: Array<[string, Command]> = [
  ['tagSelection(event)', tagSelection('event')],
  ['tagSelection(quote)', tagSelection('quote')],
  ['tagSelection(claim)', tagSelection('claim')],
  ['selectAnnotation(id)', selectAnnotation('some-id')],
  ['selectAnnotation(null)', selectAnnotation(null)],
  ['reattachAnnotation', reattachAnnotation('some-id')],
  ['removeAnnotation', removeAnnotation('some-id')],
  ['Mod-Alt-1', EDITOR_BINDINGS['Mod-Alt-1']],
  ['Mod-Alt-2', EDITOR_BINDINGS['Mod-Alt-2']],
  ['Mod-Alt-3', EDITOR_BINDINGS['Mod-Alt-3']],
]

describe('annotation commands on a state without the annotation plugin', () => {
  it.each(commands)('%s returns false, with or without dispatch', (_name, command) => {
    const state = stateWithSelection(false)
    const dispatched: unknown[] = []
    expect(command(state)).toBe(false)
    expect(command(state, (tr) => dispatched.push(tr))).toBe(false)
    expect(dispatched).toEqual([])
  })
})

describe('annotation commands with the annotation plugin', () => {
  it('tagSelection applies to selected text and selectAnnotation(null) always applies', () => {
    const state = stateWithSelection(true)
    expect(tagSelection('claim')(state)).toBe(true)
    expect(selectAnnotation(null)(state)).toBe(true)
    expect(selectAnnotation('some-id')(state)).toBe(false)
  })
})
