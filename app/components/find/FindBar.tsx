'use client'

import type { EditorState } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { useCallback, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react'
import { selectAnnotation } from '../../../editor/commands/annotations'
import { closeFind, findNext, findPrevious, findTextOfSelection, searchFor } from '../../../editor/commands/find'
import { findInAnnotations } from '../../../editor/model/find-annotations'
import type { AnnotationFindResult } from '../../../editor/model/find-annotations'
import { readFindQuery, sameFindQuery, type FindQuery, type FindQueryResult } from '../../../editor/model/find-text'
import { ariaKeyShortcuts, keyLabel, matchesKey, shortcutHint, shortcutOf, type FindShortcutAction } from '../../../editor/model/shortcuts'
import { findAnnotationState } from '../../../editor/plugins/annotation-plugin'
import { findFindState } from '../../../editor/plugins/find-plugin'
import { revealAnnotation } from '../../../editor/view/reveal-annotation'
import { revealFindMatch } from '../../../editor/view/reveal-find-match'
import { requestComments } from '../annotations/show-comments'
import { useMacKeys } from '../use-mac-keys'
import { FindResults } from './FindResults'

/** How long the query waits after a keystroke before the document is searched, ms. */
const TYPING_PAUSE_MS = 120

/** True when two reads of the find field ask for the same search. */
function sameRead(a: FindQueryResult, b: FindQueryResult): boolean {
  if (a.kind === 'query' && b.kind === 'query') return sameFindQuery(a.query, b.query)
  return a.kind === b.kind
}

/**
 * What the find field holds once it has stayed the same for `delayMs` (an equal read keeps the
 * one settled before), and a function that settles a read at once.
 */
function useSettledRead(read: FindQueryResult, delayMs: number): [FindQueryResult, (read: FindQueryResult) => void] {
  const [settled, setSettled] = useState(read)
  useEffect(() => {
    const timer = setTimeout(() => setSettled((previous) => (sameRead(previous, read) ? previous : read)), delayMs)
    return () => clearTimeout(timer)
  }, [read, delayMs])
  return [settled, setSettled]
}

/** True when `element` is still in the page and can take the focus back. */
function canRefocus(element: HTMLElement | null): element is HTMLElement {
  return element !== null && element.isConnected && element !== document.body
}

/** The find shortcut a keydown is, if any. */
function findShortcutOf(event: KeyboardEvent, mac: boolean): FindShortcutAction | null {
  const actions: FindShortcutAction[] = ['find', 'find-next', 'find-previous']
  return actions.find((action) => shortcutOf(action).keys.some((key) => matchesKey(event, key, mac))) ?? null
}

/** What the count says: "3 of 17", "3 of 1000+", "No matches". */
function countLabel(state: EditorState | null): string {
  const find = state ? findFindState(state) : null
  if (!find?.query) return ''
  if (find.matches.length === 0) return 'No matches'
  return `${(find.current + 1).toLocaleString('en')} of ${find.matches.length.toLocaleString('en')}${find.capped ? '+' : ''}`
}

/**
 * Find in the document (Ctrl/⌘-F anywhere on the page): the query highlights every match in the
 * text as it is typed; Enter / Shift-Enter (or the arrow buttons, Ctrl/⌘-G, F3) move between them;
 * Escape closes find and returns the focus where it was, selecting the current match when that was
 * the text. Annotations whose content matches are listed under the bar. A "Find" button opens it too.
 */
export function FindBar({ view, state }: { view: EditorView | null; state: EditorState | null }) {
  const mac = useMacKeys()
  const [open, setOpen] = useState(false)
  const [text, setText] = useState('')
  const [matchCase, setMatchCase] = useState(false)
  const [focusRequest, setFocusRequest] = useState(0)
  const inputRef = useRef<HTMLInputElement>(null)
  // Where the focus was when find opened: Escape returns it there.
  const openerRef = useRef<HTMLElement | null>(null)
  const inputId = useId()
  const read = useMemo(() => readFindQuery(text, matchCase), [text, matchCase])
  const [settled, settleNow] = useSettledRead(read, TYPING_PAUSE_MS)
  const query: FindQuery | null = open && settled.kind === 'query' ? settled.query : null

  // The document searches for what the field holds once typing pauses, and for nothing while find is closed.
  useEffect(() => {
    if (!view || view.isDestroyed) return
    if (sameFindQuery(findFindState(view.state)?.query ?? null, query)) return
    searchFor(query)(view.state, view.dispatch)
    if (query) revealFindMatch(view)
  }, [view, query])

  useEffect(() => {
    if (focusRequest === 0) return
    inputRef.current?.focus()
    inputRef.current?.select()
  }, [focusRequest])

  // Words selected in the text (not elsewhere, such as the find field itself) are what find starts
  // with, searched at once: the field's earlier text is not searched (and scrolled to) first.
  const openFind = useCallback(() => {
    if (!open) openerRef.current = document.activeElement instanceof HTMLElement ? document.activeElement : null
    const selected = view?.hasFocus() ? findTextOfSelection(view.state) : null
    if (selected !== null) {
      setText(selected)
      settleNow(readFindQuery(selected, matchCase))
    }
    setOpen(true)
    setFocusRequest((value) => value + 1)
  }, [view, open, matchCase, settleNow])

  /**
   * Moves to the next or previous match. When typing has not paused yet, searches for what was
   * typed instead: its first match (at or after the caret) is the one to go to.
   */
  const step = useCallback(
    (direction: 1 | -1) => {
      if (!view) return
      if (read.kind === 'query' && !sameFindQuery(findFindState(view.state)?.query ?? null, read.query)) searchFor(read.query)(view.state, view.dispatch)
      else (direction > 0 ? findNext : findPrevious)(view.state, view.dispatch)
      revealFindMatch(view)
    },
    [view, read],
  )

  // Opened from the text (or from nowhere), find closes with the current match selected there;
  // opened from elsewhere (a note being written), it leaves the selection alone and returns there.
  const close = () => {
    setOpen(false)
    const opener = openerRef.current
    openerRef.current = null
    if (!view) return
    if (canRefocus(opener) && !view.dom.contains(opener)) {
      searchFor(null)(view.state, view.dispatch)
      opener.focus()
      return
    }
    closeFind(view.state, view.dispatch)
    view.focus()
  }

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const action = findShortcutOf(event, mac)
      // A dialog keeps its keys (and the browser's own find works there).
      if (!action || event.defaultPrevented || event.isComposing || document.querySelector('dialog[open], [aria-modal="true"]')) return
      event.preventDefault()
      if (action === 'find' || !open || read.kind !== 'query') openFind()
      else step(action === 'find-next' ? 1 : -1)
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [mac, open, read, openFind, step])

  const pluginState = state && view ? findAnnotationState(state) : null
  const listVersion = pluginState?.listVersion ?? -1
  const liveAnnotations = pluginState?.annotations
  // eslint-disable-next-line react-hooks/exhaustive-deps -- listVersion stands for the annotations' content; liveAnnotations is new on every keystroke
  const annotations = useMemo(() => liveAnnotations ?? [], [listVersion, view])
  const found = useMemo(() => (query ? findInAnnotations(annotations, query) : null), [annotations, query])

  const openAnnotation = ({ id, inComments }: AnnotationFindResult) => {
    if (!view) return
    if (inComments) requestComments(view, id)
    selectAnnotation(id)(view.state, view.dispatch)
    revealAnnotation(view, id)
  }

  const findHint = shortcutHint('find', mac)
  if (!open) {
    return (
      <div className="find-toggle">
        <button
          type="button"
          className="tool find-open"
          title={`Find in the text and the annotations (${findHint})`}
          aria-keyshortcuts={ariaKeyShortcuts('find', mac)}
          disabled={!view}
          onMouseDown={(event) => event.preventDefault()}
          onClick={openFind}
        >
          <SearchIcon /> Find
        </button>
      </div>
    )
  }

  const count = countLabel(state)
  const onFieldKeyDown = (event: ReactKeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter' || event.nativeEvent.isComposing) return
    event.preventDefault()
    step(event.shiftKey ? -1 : 1)
  }
  const onBarKeyDown = (event: ReactKeyboardEvent<HTMLElement>) => {
    if (event.key !== 'Escape' || event.nativeEvent.isComposing) return
    event.preventDefault()
    close()
  }
  const noMatches = !state || (findFindState(state)?.matches.length ?? 0) === 0
  const nextHint = keyLabel(shortcutOf('find-next').keys[0], mac)
  const previousHint = keyLabel(shortcutOf('find-previous').keys[0], mac)

  return (
    <div role="search" className="find-bar" aria-label="Find in the document" data-testid="find-bar" onKeyDown={onBarKeyDown}>
      <div className="find-row">
        <label htmlFor={inputId} className="find-field">
          <SearchIcon />
          <span className="visually-hidden">Find in the document</span>
          <input
            ref={inputRef}
            id={inputId}
            type="text"
            className="find-input"
            placeholder="Find in the text and the annotations"
            value={text}
            spellCheck={false}
            autoComplete="off"
            aria-invalid={read.kind === 'too-long'}
            aria-describedby={`${inputId}-status`}
            onChange={(event) => setText(event.target.value)}
            onKeyDown={onFieldKeyDown}
          />
        </label>
        <span id={`${inputId}-status`} className={`find-count${read.kind === 'too-long' ? ' error' : ''}`} role="status" data-testid="find-count">
          {read.kind === 'too-long' ? read.message : count}
        </span>
        <span className="find-buttons">
          <button
            type="button"
            className="tool find-step"
            aria-label="Previous match"
            title={`Previous match (Shift+Enter, ${previousHint})`}
            disabled={noMatches}
            onClick={() => step(-1)}
          >
            <ChevronIcon up />
          </button>
          <button type="button" className="tool find-step" aria-label="Next match" title={`Next match (Enter, ${nextHint})`} disabled={noMatches} onClick={() => step(1)}>
            <ChevronIcon />
          </button>
          <span className="tool-separator" aria-hidden="true" />
          <button
            type="button"
            className={`tool find-case${matchCase ? ' active' : ''}`}
            aria-pressed={matchCase}
            aria-label="Match case"
            title="Match case"
            onClick={() => setMatchCase(!matchCase)}
          >
            Aa
          </button>
          <button type="button" className="tool find-close" aria-label="Close find" title="Close find (Escape)" onClick={close}>
            ×
          </button>
        </span>
      </div>
      {found && <FindResults found={found} onOpen={openAnnotation} />}
    </div>
  )
}

function SearchIcon() {
  return (
    <svg className="find-icon" viewBox="0 0 20 20" width="16" height="16" aria-hidden="true" focusable="false">
      <circle cx="8.5" cy="8.5" r="5.5" fill="none" stroke="currentColor" strokeWidth="2" />
      <path d="M12.6 12.6 17 17" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
    </svg>
  )
}

function ChevronIcon({ up = false }: { up?: boolean }) {
  return (
    <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true" focusable="false">
      <path d={up ? 'M5 12.5 10 7.5l5 5' : 'M5 7.5l5 5 5-5'} fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  )
}
