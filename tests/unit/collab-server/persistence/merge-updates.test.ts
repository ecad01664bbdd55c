import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { mergeStoredUpdates } from '../../../../collab-server/persistence/merge-updates'

/** The update of every keystroke of `text` typed into a fresh doc. */
function keystrokes(doc: Y.Doc, text: string): Uint8Array[] {
  const updates: Uint8Array[] = []
  const record = (update: Uint8Array) => updates.push(update)
  doc.on('update', record)
  for (const [index, character] of [...text].entries()) doc.getText('body').insert(index, character)
  doc.getText('body').delete(0, 2)
  doc.off('update', record)
  return updates
}

function textOf(...updates: Uint8Array[]): string {
  const doc = new Y.Doc()
  for (const update of updates) Y.applyUpdate(doc, update)
  return doc.getText('body').toString()
}

describe('mergeStoredUpdates', () => {
  it('gives the same document as Y.mergeUpdates, in fewer bytes', () => {
    const source = new Y.Doc()
    const updates = keystrokes(source, 'the quick brown fox jumps over the lazy dog')
    const merged = mergeStoredUpdates(updates)
    expect(textOf(merged)).toBe(source.getText('body').toString())
    expect(textOf(merged)).toBe(textOf(Y.mergeUpdates(updates)))
    expect(Y.encodeStateVectorFromUpdate(merged)).toEqual(Y.encodeStateVector(source))
    expect(merged.byteLength).toBeLessThan(Y.mergeUpdates(updates).byteLength)
  })

  it('keeps content it cannot integrate (a gap) instead of dropping it', () => {
    const updates = keystrokes(new Y.Doc(), 'abcdef')
    const withGap = [updates[0], ...updates.slice(2)]
    const merged = mergeStoredUpdates(withGap)
    // Once the missing update arrives, everything stored is there.
    expect(textOf(merged, updates[1])).toBe('cdef')
  })

  it('returns a single update as it is', () => {
    const [only] = keystrokes(new Y.Doc(), 'a')
    expect(mergeStoredUpdates([only])).toBe(only)
  })
})
