'use client'

import type { EditorState } from 'prosemirror-state'
import { TextSelection } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { acceptAllSuggestions, acceptSuggestion, rejectAllSuggestions, rejectSuggestion } from '../../../editor/commands/suggestions'
import { getSuggestions, type ListedSuggestion } from '../../../editor/plugins/suggestions-plugin'
import { formatRecentTime } from '../annotations/format-time'

interface SuggestionListProps {
  view: EditorView | null
  state: EditorState | null
  /** Editors accept and reject; everyone else sees the list without buttons. */
  canDecide: boolean
}

/** The most suggestions listed; the rest are counted (a rogue client could make thousands). */
const MAX_LISTED = 100

function quoted(text: string): string {
  const shown = text.trim() || text
  return `“${shown.length > 80 ? `${shown.slice(0, 80)}…` : shown}”`
}

/** What a suggestion proposes, in words: "Insert “very”", "Delete “brown”", "Replace “a” with “b”". */
function describe({ inserted, deleted }: ListedSuggestion): string {
  if (inserted && deleted) return `Replace ${quoted(deleted)} with ${quoted(inserted)}`
  if (deleted) return `Delete ${quoted(deleted)}`
  return `Insert ${quoted(inserted)}`
}

/** The side panel's list of pending suggestions, with Accept and Reject for editors. */
export function SuggestionList({ view, state, canDecide }: SuggestionListProps) {
  const suggestions = state ? getSuggestions(state) : []
  if (suggestions.length === 0) return null
  const run = (action: (target: EditorView) => boolean) => {
    if (!view) return
    action(view)
    view.focus()
  }
  const show = (suggestion: ListedSuggestion) => {
    if (!view) return
    const position = Math.min(suggestion.from + 1, view.state.doc.content.size)
    view.dispatch(view.state.tr.setSelection(TextSelection.near(view.state.doc.resolve(position))).scrollIntoView())
    view.focus()
  }
  return (
    <section className="panel-section suggestions-panel" aria-labelledby="suggestions-title" data-testid="suggestions-panel">
      <h2 className="panel-title" id="suggestions-title">
        Suggestions <span className="count">{suggestions.length}</span>
      </h2>
      {canDecide && (
        <div className="actions suggestion-all">
          <button type="button" className="button small" onClick={() => run(acceptAllSuggestions)}>
            Accept all
          </button>
          <button type="button" className="button small" onClick={() => run(rejectAllSuggestions)}>
            Reject all
          </button>
        </div>
      )}
      <ul className="suggestion-list">
        {suggestions.slice(0, MAX_LISTED).map((suggestion) => (
          <li key={String(suggestion.id)} className="suggestion-item" data-testid="suggestion-item" style={{ ['--suggestion-color' as string]: suggestion.color }}>
            <button type="button" className="suggestion-summary" onClick={() => show(suggestion)} title="Show it in the text">
              <span className="suggestion-author">
                <span className="suggestion-dot" aria-hidden="true" />
                {suggestion.authorName}
                {suggestion.author && <time dateTime={suggestion.author.at}>{formatRecentTime(suggestion.author.at)}</time>}
              </span>
              <span className="suggestion-change" dir="auto">
                {describe(suggestion)}
              </span>
            </button>
            {canDecide && (
              <span className="actions suggestion-actions">
                <button
                  type="button"
                  className="button small"
                  aria-label={`Accept: ${describe(suggestion)}`}
                  onClick={() => run((target) => acceptSuggestion(suggestion.id)(target.state, target.dispatch))}
                >
                  ✓ Accept
                </button>
                <button
                  type="button"
                  className="button small"
                  aria-label={`Reject: ${describe(suggestion)}`}
                  onClick={() => run((target) => rejectSuggestion(suggestion.id)(target.state, target.dispatch))}
                >
                  ✕ Reject
                </button>
              </span>
            )}
          </li>
        ))}
      </ul>
      {suggestions.length > MAX_LISTED && (
        <p className="notice" data-testid="suggestions-more">
          And {suggestions.length - MAX_LISTED} more{canDecide ? ': Accept all and Reject all take them too' : ''}.
        </p>
      )}
    </section>
  )
}
