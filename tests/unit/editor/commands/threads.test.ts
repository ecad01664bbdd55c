import { EditorState } from 'prosemirror-state'
import { describe, expect, it } from 'vitest'
import { ySyncPluginKey } from 'y-prosemirror'
import * as Y from 'yjs'
import { reopenThread, resolveThread } from '../../../../editor/commands/threads'
import type { Person } from '../../../../editor/model/annotation'
import { addComment, readAnnotation } from '../../../../editor/model/annotation-store'
import { threadStatusOf } from '../../../../editor/model/comment-thread'
import { annotationPlugin } from '../../../../editor/plugins/annotation-plugin'
import { schema } from '../../../../editor/schema'
import { readContent } from '../../../../editor/yjs/document-content'
import { annotate, createReplicas } from '../model/support/replicas'
import { alice, bob } from '../model/support/seed'

/** An editor state over `ydoc` with every record read, as the editor view keeps it after the first sync. */
function editorOf(ydoc: Y.Doc, user: Person, canAnnotate = true): EditorState {
  const empty = EditorState.create({ schema, plugins: [annotationPlugin({ ydoc, getUser: () => user, canAnnotate: () => canAnnotate })] })
  return empty.apply(empty.tr.replaceWith(0, empty.doc.content.size, readContent(ydoc).content).setMeta(ySyncPluginKey, { isChangeOrigin: true }))
}

const threadOf = (ydoc: Y.Doc, id: string) => {
  const read = readAnnotation(ydoc, id)
  if (read === null || !('record' in read)) throw new Error(`no record ${id}`)
  return threadStatusOf(read.record)
}

/** Runs a command with a dispatch that records what it was given. */
function run(command: ReturnType<typeof resolveThread>, state: EditorState): { applies: boolean; dispatched: number } {
  let dispatched = 0
  const applies = command(state, () => dispatched++)
  return { applies, dispatched }
}

describe('resolveThread / reopenThread', () => {
  it('resolve an open thread with comments as the current person, then reopen it; each applies only when it can', () => {
    const [ydoc] = createReplicas(1)
    const id = annotate(ydoc, 'a special state to us', 'claim', 'claim-1')
    // No comments: nothing to resolve or reopen.
    expect(resolveThread(id)(editorOf(ydoc, bob))).toBe(false)
    expect(reopenThread(id)(editorOf(ydoc, bob))).toBe(false)
    addComment(ydoc, id, alice, 'Sourced?')

    const open = editorOf(ydoc, bob)
    expect(resolveThread(id)(open)).toBe(true)
    expect(reopenThread(id)(open)).toBe(false)
    // Asked without dispatch, nothing is written.
    expect(threadOf(ydoc, id).state).toBe('open')
    expect(run(resolveThread(id), open)).toEqual({ applies: true, dispatched: 0 })
    expect(threadOf(ydoc, id)).toMatchObject({ state: 'resolved', by: bob })

    const resolved = editorOf(ydoc, alice)
    expect(resolveThread(id)(resolved)).toBe(false)
    expect(run(reopenThread(id), resolved).applies).toBe(true)
    expect(threadOf(ydoc, id)).toMatchObject({ state: 'open', by: alice, reopenedByComment: false })
  })

  it('does not apply for a viewer, an unknown annotation, or without the annotation plugin', () => {
    const [ydoc] = createReplicas(1)
    const id = annotate(ydoc, 'a special state to us', 'claim', 'claim-1')
    addComment(ydoc, id, alice, 'Sourced?')
    expect(run(resolveThread(id), editorOf(ydoc, bob, false))).toEqual({ applies: false, dispatched: 0 })
    expect(resolveThread('nope')(editorOf(ydoc, bob))).toBe(false)
    expect(resolveThread(id)(EditorState.create({ schema }))).toBe(false)
    expect(threadOf(ydoc, id).state).toBe('open')
  })
})
