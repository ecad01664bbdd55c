import { EditorState, TextSelection } from 'prosemirror-state'
import { describe, expect, it } from 'vitest'
import { ySyncPluginKey } from 'y-prosemirror'
import { editKindOf, MAX_STEP_MS, UndoGrouper, type EditKind } from '../../../../editor/plugins/undo-grouping'
import { schema } from '../../../../editor/schema'

/** Feeds keystrokes to a grouper and returns the undo steps they make, as the text of each. */
function stepsOf(keys: ReadonlyArray<string | [EditKind, string, number?]>): string[] {
  const grouper = new UndoGrouper()
  const steps: string[] = []
  let now = 1000
  for (const key of keys) {
    const [kind, text, wait] = typeof key === 'string' ? (['insert', key, 50] as const) : [key[0], key[1], key[2] ?? 50]
    now += wait
    if (grouper.before(kind, text, now) || steps.length === 0) steps.push('')
    steps[steps.length - 1] += kind === 'delete' ? '⌫' : text
    if (grouper.after(kind)) steps.push('')
  }
  return steps.filter((step) => step !== '')
}

describe('UndoGrouper: undo steps people expect', () => {
  it('a step is a word with the space before it, however fast the typing', () => {
    expect(stepsOf([...'the quick brown fox'])).toEqual(['the', ' quick', ' brown', ' fox'])
    expect(stepsOf([...' (Ada)'])).toEqual([' (Ada)'])
  })

  it('a long run without spaces is cut after MAX_STEP_MS', () => {
    const keys = Array.from({ length: 100 }, () => ['insert', 'x', 100] as [EditKind, string, number])
    const steps = stepsOf(keys)
    expect(steps.length).toBeGreaterThan(2)
    for (const step of steps) expect(step.length).toBeLessThanOrEqual(MAX_STEP_MS / 100 + 1)
  })

  it('typing and deleting are separate steps; a paste or formatting is a step of its own', () => {
    expect(stepsOf(['a', 'b', ['delete', ''], ['delete', ''], 'c'])).toEqual(['ab', '⌫⌫', 'c'])
    expect(stepsOf(['a', 'b', ['action', 'PASTED'], 'c', 'd'])).toEqual(['ab', 'PASTED', 'cd'])
  })

  it('84 words typed over 30 s are 84 steps, not one', () => {
    const words = Array.from({ length: 84 }, (_, index) => `word${index}`)
    const keys = [...words.join(' ')].map((char) => ['insert', char, 30000 / words.join(' ').length] as [EditKind, string, number])
    expect(stepsOf(keys)).toHaveLength(84)
  })
})

describe('editKindOf: what a transaction is', () => {
  const state = EditorState.create({ doc: schema.node('doc', null, [schema.node('paragraph', null, [schema.text('Hello world')])]) })
  it('typing, deleting, Enter, formatting, paste, remote and history-less changes', () => {
    expect(editKindOf(state.tr.insertText('x', 3))).toEqual({ kind: 'insert', inserted: 'x' })
    expect(editKindOf(state.tr.delete(2, 4))).toEqual({ kind: 'delete', inserted: '' })
    expect(editKindOf(state.tr.setSelection(TextSelection.create(state.doc, 3)).split(3))).toEqual({ kind: 'insert', inserted: '\n' })
    expect(editKindOf(state.tr.addMark(1, 6, schema.marks.strong.create()))).toEqual({ kind: 'action', inserted: '' })
    expect(editKindOf(state.tr.insertText('pasted', 3).setMeta('uiEvent', 'paste'))).toEqual({ kind: 'action', inserted: '' })
    expect(editKindOf(state.tr.insertText('x', 3).setMeta(ySyncPluginKey, { isChangeOrigin: true }))).toBeNull()
    expect(editKindOf(state.tr.insertText('x', 3).setMeta('addToHistory', false))).toBeNull()
    expect(editKindOf(state.tr.setSelection(TextSelection.create(state.doc, 2)))).toBeNull()
  })
})
