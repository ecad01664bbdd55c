import { EditorState, TextSelection } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { describe, expect, it } from 'vitest'
import { EDITOR_BINDINGS } from '../../../../editor/commands/keymap'
import { FOCUS_TAG_BAR_EVENT, focusTagBar } from '../../../../editor/commands/tag-bar'
import { schema } from '../../../../editor/schema'

/** A paragraph with the characters from `from` to `to` selected (a caret when they are equal). */
function stateSelecting(from: number, to: number): EditorState {
  const doc = schema.node('doc', null, [schema.node('paragraph', null, [schema.text('Some words in a paragraph.')])])
  const state = EditorState.create({ schema, doc })
  return state.apply(state.tr.setSelection(TextSelection.create(state.doc, from, to)))
}

/** A stand-in view whose element counts the focus requests dispatched on it. */
function viewCountingRequests() {
  const dom = new EventTarget()
  const requests: Event[] = []
  dom.addEventListener(FOCUS_TAG_BAR_EVENT, (event) => requests.push(event))
  return { view: { dom } as unknown as EditorView, requests }
}

describe('focusTagBar', () => {
  it('asks the tag bar for focus when text is selected, and only when dispatching', () => {
    const { view, requests } = viewCountingRequests()
    const state = stateSelecting(6, 11)
    expect(focusTagBar(state, undefined, view)).toBe(true)
    expect(requests).toHaveLength(0)
    expect(focusTagBar(state, () => undefined, view)).toBe(true)
    expect(requests).toHaveLength(1)
  })

  it('does not apply to a caret or without a view', () => {
    const { view, requests } = viewCountingRequests()
    expect(focusTagBar(stateSelecting(6, 6), () => undefined, view)).toBe(false)
    expect(focusTagBar(stateSelecting(6, 11), () => undefined)).toBe(false)
    expect(requests).toHaveLength(0)
  })

  it('is bound to Alt-F10 in the editor keymap', () => {
    expect(EDITOR_BINDINGS['Alt-F10']).toBe(focusTagBar)
  })
})
