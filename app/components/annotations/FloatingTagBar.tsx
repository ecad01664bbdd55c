'use client'

import type { EditorState } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { tagSelection, textRangeOfSelection } from '../../../editor/commands/annotations'
import { ANNOTATION_TYPES } from '../../../editor/model/annotation'
import { TYPE_LABELS, TYPE_SHORTCUTS } from './labels'

/** A small bar above selected text: tag it as an event, a quote or a claim. */
export function FloatingTagBar({ view, state, disabled }: { view: EditorView | null; state: EditorState | null; disabled: boolean }) {
  if (!view || !state || disabled || !view.hasFocus()) return null
  const range = textRangeOfSelection(state)
  if (!range) return null
  const start = view.coordsAtPos(range.from)
  const host = view.dom.closest('.article')?.getBoundingClientRect()
  if (!host) return null
  const top = start.top - host.top - 44
  const left = Math.max(8, start.left - host.left)
  return (
    <div className="floating-tag-bar" role="toolbar" aria-label="Tag selection" style={{ top, left }} data-testid="tag-bar">
      {ANNOTATION_TYPES.map((type) => (
        <button
          key={type}
          type="button"
          className={`tag-button type-${type}`}
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => tagSelection(type)(view.state, view.dispatch)}
          title={`Tag as ${TYPE_LABELS[type].toLowerCase()} (Mod-Alt-${TYPE_SHORTCUTS[type]})`}
        >
          {TYPE_LABELS[type]}
        </button>
      ))}
    </div>
  )
}
