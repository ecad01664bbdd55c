import { EditorState, TextSelection } from 'prosemirror-state'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { readFindQuery, type FindQuery } from '../../../../editor/model/find-text'
import { annotationPlugin, setSelectedAnnotation } from '../../../../editor/plugins/annotation-plugin'
import { findPlugin, setFindQuery, stepFindMatch } from '../../../../editor/plugins/find-plugin'
import { schema } from '../../../../editor/schema'
import { controlsSignature, createStatePacer } from '../../../../editor/view/state-pacer'
import { alice } from '../model/support/seed'

/** A heading and a paragraph, the caret in the paragraph's text. */
function initialState(): EditorState {
  const doc = schema.node('doc', null, [
    schema.node('heading', { level: 2 }, [schema.text('A heading')]),
    schema.node('paragraph', null, [schema.text('Some words in a paragraph.')]),
  ])
  const state = EditorState.create({ schema, doc, plugins: [annotationPlugin({ ydoc: new Y.Doc(), getUser: () => alice })] })
  return state.apply(state.tr.setSelection(TextSelection.create(state.doc, 20)))
}

const typed = (state: EditorState, text: string) => state.apply(state.tr.insertText(text))

function queryOf(value: string): FindQuery {
  const read = readFindQuery(value, false)
  if (read.kind !== 'query') throw new Error(`not a query: ${read.kind}`)
  return read.query
}

describe('createStatePacer', () => {
  let published: EditorState[]
  beforeEach(() => {
    vi.useFakeTimers()
    published = []
  })
  afterEach(() => vi.useRealTimers())

  it('publishes the first state at once, and typed text once typing pauses', () => {
    const pacer = createStatePacer((state) => published.push(state), { delayMs: 300, maxWaitMs: 2000 })
    let state = initialState()
    pacer.push(state)
    expect(published).toEqual([state])
    for (const key of 'abc') {
      state = typed(state, key)
      pacer.push(state)
      vi.advanceTimersByTime(100)
    }
    expect(published).toHaveLength(1)
    vi.advanceTimersByTime(300)
    expect(published).toHaveLength(2)
    expect(published[1]).toBe(state)
  })

  it('publishes at least every maxWaitMs while typing goes on', () => {
    const pacer = createStatePacer((state) => published.push(state), { delayMs: 300, maxWaitMs: 1000 })
    let state = initialState()
    pacer.push(state)
    for (let key = 0; key < 25; key++) {
      state = typed(state, 'x')
      pacer.push(state)
      vi.advanceTimersByTime(100)
    }
    // 2.5 s of typing: published after about 1 s and 2 s, besides the first state.
    expect(published.length).toBe(3)
  })

  it('publishes at once what changes the controls: a selected range, another block, stored marks, the selected annotation', () => {
    const pacer = createStatePacer((state) => published.push(state))
    let state = initialState()
    pacer.push(state)
    state = typed(state, 'x')
    pacer.push(state)
    expect(published).toHaveLength(1)

    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, 14, 18)))
    pacer.push(state)
    expect(published.at(-1)).toBe(state)

    // The caret into the heading: the toolbar shows another block type.
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, 3)))
    pacer.push(state)
    expect(published.at(-1)).toBe(state)

    state = state.apply(state.tr.addStoredMark(schema.marks.strong.create()))
    pacer.push(state)
    expect(published.at(-1)).toBe(state)

    state = state.apply(setSelectedAnnotation(state.tr, 'some-annotation'))
    pacer.push(state)
    expect(published.at(-1)).toBe(state)
    expect(published).toHaveLength(5)
  })

  it('with find open, publishes a new query or step at once, and matches added by typing once typing pauses', () => {
    const pacer = createStatePacer((state) => published.push(state), { delayMs: 300, maxWaitMs: 2000 })
    let state = initialState()
    state = EditorState.create({ schema, doc: state.doc, selection: state.selection, plugins: [...state.plugins, findPlugin()] })
    pacer.push(state)
    state = state.apply(setFindQuery(state.tr, queryOf('e')))
    pacer.push(state)
    expect(published).toHaveLength(2)
    for (let key = 0; key < 5; key++) {
      state = typed(state, 'e')
      pacer.push(state)
    }
    expect(published).toHaveLength(2)
    state = state.apply(stepFindMatch(state.tr, 1))
    pacer.push(state)
    expect(published).toHaveLength(3)
    expect(published.at(-1)).toBe(state)
  })

  it('flush publishes a waiting state, cancel drops it', () => {
    const pacer = createStatePacer((state) => published.push(state))
    let state = initialState()
    pacer.push(state)
    state = typed(state, 'x')
    pacer.push(state)
    pacer.flush()
    expect(published.at(-1)).toBe(state)
    state = typed(state, 'y')
    pacer.push(state)
    pacer.cancel()
    vi.advanceTimersByTime(5000)
    expect(published).toHaveLength(2)
  })
})

describe('controlsSignature', () => {
  it('is the same for states that differ only in text typed at the caret', () => {
    const state = initialState()
    expect(controlsSignature(typed(state, 'more'))).toBe(controlsSignature(state))
    expect(controlsSignature(state.apply(state.tr.setSelection(TextSelection.create(state.doc, 3))))).not.toBe(controlsSignature(state))
  })
})
