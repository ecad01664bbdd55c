'use client'

import type { Node as PMNode } from 'prosemirror-model'
import type { EditorState } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { useEffect, useRef, useState, type KeyboardEvent } from 'react'
import { tagSelection, textRangeOfSelection } from '../../../editor/commands/annotations'
import { ANNOTATION_TYPES } from '../../../editor/model/annotation'
import { TYPE_LABELS } from '../../../editor/model/annotation-labels'
import { shortcutHint } from '../../../editor/model/shortcuts'
import { useMacKeys } from '../use-mac-keys'
import { spanText } from '../../../editor/model/resolve-annotations'
import { FOCUS_TAG_BAR_EVENT } from '../../../editor/commands/tag-bar'

/** The index of the button an arrow, Home or End key moves to from `index` among `count`; null for other keys. */
function targetIndex(key: string, index: number, count: number): number | null {
  if (key === 'ArrowRight' || key === 'ArrowDown') return (index + 1) % count
  if (key === 'ArrowLeft' || key === 'ArrowUp') return (index - 1 + count) % count
  if (key === 'Home') return 0
  if (key === 'End') return count - 1
  return null
}

const EXCERPT_CHARS = 40

/**
 * How the bar names the text it tags: its first 40 characters, white space collapsed. Only the
 * start of the range is read, so a select-all of a long document costs no more than a word.
 */
function excerptOf(doc: PMNode, from: number, to: number): string {
  const flat = spanText(doc, from, Math.min(to, from + 4 * EXCERPT_CHARS))
    .replace(/\s+/g, ' ')
    .trim()
  return flat.length > EXCERPT_CHARS || to > from + 4 * EXCERPT_CHARS ? `${flat.slice(0, EXCERPT_CHARS)}…` : flat
}

/**
 * A small bar above selected text: tag it as an event, a quote or a claim. The editor's
 * focus-tag-bar shortcut moves focus to its first button; Tab or the arrow keys move between its
 * buttons, Enter or Space tags, and Escape returns focus to the editor with the selection kept.
 */
export function FloatingTagBar({ view, state, disabled }: { view: EditorView | null; state: EditorState | null; disabled: boolean }) {
  const barRef = useRef<HTMLDivElement | null>(null)
  const [hasFocus, setHasFocus] = useState(false)
  const mac = useMacKeys()
  useEffect(() => {
    if (!view) return
    const takeFocus = () => barRef.current?.querySelector('button')?.focus()
    view.dom.addEventListener(FOCUS_TAG_BAR_EVENT, takeFocus)
    return () => view.dom.removeEventListener(FOCUS_TAG_BAR_EVENT, takeFocus)
  }, [view])

  if (!view || !state || disabled || !(hasFocus || view.hasFocus())) return null
  const range = textRangeOfSelection(state)
  if (!range) return null
  const start = view.coordsAtPos(range.from)
  const host = view.dom.closest('.article')?.getBoundingClientRect()
  if (!host) return null
  const top = start.top - host.top - 44
  const left = Math.max(8, start.left - host.left)
  return (
    <div
      ref={barRef}
      className="floating-tag-bar"
      role="toolbar"
      aria-label={`Tag selection “${excerptOf(state.doc, range.from, range.to)}”`}
      style={{ top, left }}
      data-testid="tag-bar"
      onFocus={() => setHasFocus(true)}
      onBlur={(event) => setHasFocus(event.currentTarget.contains(event.relatedTarget))}
      onKeyDown={(event: KeyboardEvent<HTMLDivElement>) => {
        if (event.key === 'Escape') {
          event.preventDefault()
          view.focus()
          return
        }
        const buttons = [...event.currentTarget.querySelectorAll('button')]
        const next = targetIndex(event.key, buttons.indexOf(event.target as HTMLButtonElement), buttons.length)
        if (next === null) return
        event.preventDefault()
        buttons[next].focus()
      }}
    >
      {ANNOTATION_TYPES.map((type) => (
        <button
          key={type}
          type="button"
          className={`tag-button type-${type}`}
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => {
            tagSelection(type)(view.state, view.dispatch)
            view.focus()
          }}
          title={`Tag as ${TYPE_LABELS[type].toLowerCase()} (${shortcutHint(`tag-${type}`, mac)})`}
        >
          {TYPE_LABELS[type]}
        </button>
      ))}
    </div>
  )
}
