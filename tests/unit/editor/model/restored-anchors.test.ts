import type { EditorView } from 'prosemirror-view'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { readAnnotations, reanchorAnnotations } from '../../../../editor/model/annotation-store'
import { CONTENT_FRAGMENT } from '../../../../editor/model/doc-layout'
import { onRestoredText, restoredAnchors } from '../../../../editor/model/restored-anchors'
import { reattachOnUndoPlugin } from '../../../../editor/plugins/reattach-on-undo'
import { annotate, createReplicas, findText, resolvedById, send, syncAll } from './support/replicas'

const SENTENCE = 'Pro-Israel Vladimir Putin was elected in 2001 as was the more pro-Russian Ariel Sharon'
const EDIT = 'edit'

function undoManagerOf(replica: Y.Doc): Y.UndoManager {
  return new Y.UndoManager(replica.getXmlFragment(CONTENT_FRAGMENT), { trackedOrigins: new Set([EDIT]) })
}

/** Moves the anchors of annotations an undo brought back, as the editor does after each undo. */
function reattach(replica: Y.Doc): string[] {
  const moves = restoredAnchors(replica, readAnnotations(replica).records)
  reanchorAnnotations(replica, moves, 'reattach')
  return moves.map((move) => move.id)
}

/** Deletes the words `needle` on a replica as an undoable edit. */
function deleteWords(replica: Y.Doc, needle: string, within = needle): void {
  const { run, index } = findText(replica, within)
  replica.transact(() => run.delete(index + within.indexOf(needle), needle.length), EDIT)
}

describe('undoing the deletion of tagged words attaches their annotations again', () => {
  it('for the person undoing and for everyone else', () => {
    const [ada, bea] = createReplicas(2)
    const id = annotate(ada, 'Vladimir Putin was elected in 2001', 'event')
    const quote = annotate(ada, 'Ariel Sharon', 'quote')
    syncAll(ada, bea)
    const undo = undoManagerOf(ada)
    deleteWords(ada, SENTENCE)
    syncAll(ada, bea)
    expect(resolvedById(bea)[id].status).toBe('detached')
    undo.undo()
    send(ada, bea)
    // Yjs restored the words as new content: only Ada's replica knows they are the old ones.
    expect(resolvedById(ada)[id]).toEqual({ status: 'attached', text: 'Vladimir Putin was elected in 2001' })
    expect(resolvedById(bea)[id].status).toBe('detached')
    expect(reattach(ada).sort()).toEqual([id, quote].sort())
    send(ada, bea)
    for (const replica of [ada, bea]) {
      expect(resolvedById(replica)[id]).toEqual({ status: 'attached', text: 'Vladimir Putin was elected in 2001' })
      expect(resolvedById(replica)[quote]).toEqual({ status: 'attached', text: 'Ariel Sharon' })
    }
    // Nothing more to move: a second pass writes nothing.
    expect(reattach(ada)).toEqual([])
  })

  it('redo deletes them again; undo brings them back again', () => {
    const [ada, bea] = createReplicas(2)
    const id = annotate(ada, 'Vladimir Putin was elected in 2001')
    syncAll(ada, bea)
    const undo = undoManagerOf(ada)
    deleteWords(ada, SENTENCE)
    undo.undo()
    reattach(ada)
    undo.redo()
    expect(reattach(ada)).toEqual([])
    syncAll(ada, bea)
    expect(resolvedById(bea)[id].status).toBe('detached')
    undo.undo()
    expect(reattach(ada)).toEqual([id])
    syncAll(ada, bea)
    expect(resolvedById(bea)[id]).toEqual({ status: 'attached', text: 'Vladimir Putin was elected in 2001' })
  })

  it('a whole paragraph deleted and brought back', () => {
    const [ada, bea] = createReplicas(2)
    const id = annotate(ada, '"a true friend of Israel"', 'quote')
    syncAll(ada, bea)
    const undo = undoManagerOf(ada)
    const { run } = findText(ada, SENTENCE)
    const paragraph = run.parent as Y.XmlElement
    const fragment = ada.getXmlFragment(CONTENT_FRAGMENT)
    const index = fragment.toArray().indexOf(paragraph)
    ada.transact(() => fragment.delete(index, 1), EDIT)
    undo.undo()
    expect(reattach(ada)).toEqual([id])
    syncAll(ada, bea)
    expect(resolvedById(bea)[id]).toEqual({ status: 'attached', text: '"a true friend of Israel"' })
  })

  it('words only partly deleted keep their anchors as they are', () => {
    const [ada] = createReplicas(1)
    const id = annotate(ada, 'Vladimir Putin was elected in 2001')
    const undo = undoManagerOf(ada)
    deleteWords(ada, 'Putin', SENTENCE)
    undo.undo()
    expect(reattach(ada)).toEqual([])
    expect(resolvedById(ada)[id]).toEqual({ status: 'attached', text: 'Vladimir Putin was elected in 2001' })
  })

  it('anchors naming content that does not exist, or no item, are left alone', () => {
    const [ada] = createReplicas(1)
    expect(onRestoredText(ada, { item: { client: 999_999, clock: 5 }, assoc: 0 })).toBeNull()
    expect(onRestoredText(ada, { item: { client: ada.clientID, clock: 10 ** 9 }, assoc: -1 })).toBeNull()
    expect(onRestoredText(ada, { tname: CONTENT_FRAGMENT, assoc: 0 })).toBeNull()
  })

  it('the editor plugin does it after each undo, in a step nobody can undo', () => {
    const [ada, bea] = createReplicas(2)
    const id = annotate(ada, 'Vladimir Putin was elected in 2001')
    syncAll(ada, bea)
    const undo = undoManagerOf(ada)
    const pluginView = reattachOnUndoPlugin(undo).spec.view!({} as EditorView)
    deleteWords(ada, SENTENCE)
    undo.undo()
    send(ada, bea)
    expect(resolvedById(bea)[id].status).toBe('attached')
    expect(undo.canUndo()).toBe(false)
    pluginView.destroy?.()
    undo.redo()
    undo.undo()
    send(ada, bea)
    expect(resolvedById(bea)[id].status).toBe('detached')
  })
})
