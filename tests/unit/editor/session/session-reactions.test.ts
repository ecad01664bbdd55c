import { describe, expect, it } from 'vitest'
import {
  RECREATED_RELOAD_GUARD_MS,
  editorAbilities,
  localCopyStateAfterLoad,
  localCopyStateOf,
  reactionToState,
  shouldReloadForRecreated,
} from '../../../../editor/session/session-reactions'

describe('session reactions', () => {
  it('restarts after a refused update, telling what was discarded', () => {
    expect(reactionToState({ status: 'refused', code: 4409, reason: 'update refused: read-only' })).toEqual({ kind: 'restart', discarded: 'update refused: read-only' })
    expect(reactionToState({ status: 'refused', code: 4409 })).toEqual({ kind: 'restart', discarded: 'a change was refused' })
  })

  it('reloads for a re-created document', () => {
    expect(reactionToState({ status: 'refused', code: 4410, reason: 'recreated' })).toEqual({ kind: 'reload' })
  })

  it('shows any other state, refused or not', () => {
    expect(reactionToState({ status: 'refused', code: 4404, reason: 'not found' })).toEqual({ kind: 'show', refused: true })
    expect(reactionToState({ status: 'connected' })).toEqual({ kind: 'show', refused: false })
    expect(reactionToState({ status: 'reconnecting', code: 4409 })).toEqual({ kind: 'show', refused: false })
  })

  it('reports the local copy as none, loading or loaded', () => {
    expect(localCopyStateOf(null)).toBe('none')
    expect(localCopyStateOf({ isLoaded: () => false })).toBe('loading')
    expect(localCopyStateOf({ isLoaded: () => true })).toBe('loaded')
    expect(localCopyStateAfterLoad(true)).toBe('loaded')
    expect(localCopyStateAfterLoad(false)).toBe('none')
  })

  it('lets the person edit and annotate as their role allows, until the session is refused', () => {
    expect(editorAbilities(false, { editText: true, annotate: true })).toEqual({ editable: true, textLocked: false, canAnnotate: true })
    expect(editorAbilities(false, { editText: false, annotate: true })).toEqual({ editable: true, textLocked: true, canAnnotate: true })
    expect(editorAbilities(false, { editText: false, annotate: false })).toEqual({ editable: false, textLocked: true, canAnnotate: false })
    expect(editorAbilities(true, { editText: true, annotate: true })).toEqual({ editable: false, textLocked: false, canAnnotate: false })
  })

  it('reloads for a re-created document at most once within the guard time', () => {
    const now = 1_700_000_000_000
    expect(shouldReloadForRecreated(0, now)).toBe(true)
    expect(shouldReloadForRecreated(Number.NaN, now)).toBe(true)
    expect(shouldReloadForRecreated(now - 1000, now)).toBe(false)
    expect(shouldReloadForRecreated(now - RECREATED_RELOAD_GUARD_MS, now)).toBe(true)
  })
})
