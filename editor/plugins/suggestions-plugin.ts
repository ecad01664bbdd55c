import { suggestChanges } from '@handlewithcare/prosemirror-suggest-changes'
import type { Node as PMNode } from 'prosemirror-model'
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state'
import { AddMarkStep, AddNodeMarkStep, RemoveMarkStep, RemoveNodeMarkStep, ReplaceAroundStep, ReplaceStep, type Step } from 'prosemirror-transform'
import { Decoration, DecorationSet } from 'prosemirror-view'
import type * as Y from 'yjs'
import { readSuggestionAuthor, suggestionAuthorsMap, UNKNOWN_SUGGESTER, type SuggestionAuthor } from '../model/suggestion-authors'
import { collectSuggestions, suggestionMarkOf, type TextSuggestion } from '../model/suggestions'
import { authorColor } from '../user/author-color'
import { personColor } from '../user/identity'

/** A suggestion as the app lists it: its text, who made it (null: unknown) and their colour. */
export interface ListedSuggestion extends TextSuggestion {
  author: SuggestionAuthor | null
  /** The author's name, or {@link UNKNOWN_SUGGESTER}. Plain text, never markup. */
  authorName: string
  color: string
}

interface SuggestionsState {
  suggestions: readonly ListedSuggestion[]
  decorations: DecorationSet
}

/** Metadata of a transaction that only says the `suggestions` map changed. */
interface AuthorsChanged {
  authorsChanged: true
}

const suggestionsKey = new PluginKey<SuggestionsState>('spanwise-suggestions')

const SUGGESTION_MARKS = new Set(['insertion', 'deletion', 'modification'])

function sliceHasSuggestions(step: ReplaceStep | ReplaceAroundStep): boolean {
  let found = false
  step.slice.content.descendants((node) => {
    if (node.marks.some((mark) => SUGGESTION_MARKS.has(mark.type.name))) found = true
    return !found
  })
  return found
}

/** Whether a step may add or remove suggestion marks (cheap: looks at the step only). */
function touchesSuggestions(step: Step): boolean {
  if (step instanceof ReplaceStep || step instanceof ReplaceAroundStep) return sliceHasSuggestions(step)
  if (step instanceof AddMarkStep || step instanceof RemoveMarkStep || step instanceof AddNodeMarkStep || step instanceof RemoveNodeMarkStep)
    return SUGGESTION_MARKS.has(step.mark.type.name)
  return false
}

/** Whether any of `from`–`to` of `doc`, or a character either side, carries a suggestion mark (its block included). */
function nearSuggestion(doc: PMNode, from: number, to: number): boolean {
  let found = false
  doc.nodesBetween(Math.max(0, from - 1), Math.min(doc.content.size, to + 1), (node) => {
    if (node.marks.some((mark) => SUGGESTION_MARKS.has(mark.type.name))) found = true
    return !found
  })
  return found
}

/**
 * Whether a step (applied to `doc`) may change a suggestion other than by moving it: it replaces
 * suggested text or text next to it, or moves blocks around. Other steps leave the list as it is.
 */
function mayChangeSuggestions(step: Step, doc: PMNode): boolean {
  if (step instanceof ReplaceAroundStep) return true
  if (step instanceof ReplaceStep) return nearSuggestion(doc, step.from, step.to)
  return false
}

function listSuggestions(doc: PMNode, ydoc: Y.Doc): ListedSuggestion[] {
  return collectSuggestions(doc).map((suggestion) => {
    const author = readSuggestionAuthor(ydoc, suggestion.id)
    // The author's own colour (one of a highlight's shown as a palette colour), else one from their id.
    const color = author?.color ? personColor(author.color) : authorColor(author?.by.id ?? null)
    return { ...suggestion, author, authorName: author?.by.name ?? UNKNOWN_SUGGESTER, color }
  })
}

/** Inline decorations that colour each suggestion as its author's and name them (title, and a label at its start). */
function decorate(doc: PMNode, suggestions: readonly ListedSuggestion[]): DecorationSet {
  if (suggestions.length === 0) return DecorationSet.empty
  const byId = new Map(suggestions.map((suggestion) => [suggestion.id, suggestion]))
  const labelled = new Set<unknown>()
  const decorations: Decoration[] = []
  doc.descendants((node, pos) => {
    const mark = suggestionMarkOf(node.marks)
    const suggestion = mark && byId.get(mark.attrs.id as ListedSuggestion['id'])
    if (!mark || !suggestion) return true
    const kind = mark.type.name
    const attrs = {
      class: `suggestion suggestion-${kind}${labelled.has(suggestion.id) ? '' : ' suggestion-start'}`,
      style: `--suggestion-color: ${suggestion.color}`,
      title: `${kind === 'insertion' ? 'Insertion' : 'Deletion'} suggested by ${suggestion.authorName}`,
      'data-author': suggestion.authorName,
    }
    labelled.add(suggestion.id)
    decorations.push(node.isInline ? Decoration.inline(pos, pos + node.nodeSize, attrs) : Decoration.node(pos, pos + node.nodeSize, attrs))
    return !node.isInline
  })
  return DecorationSet.create(doc, decorations)
}

function build(doc: PMNode, ydoc: Y.Doc): SuggestionsState {
  const suggestions = listSuggestions(doc, ydoc)
  return { suggestions, decorations: decorate(doc, suggestions) }
}

/** Options for {@link suggestionsPlugins}. */
export interface SuggestionsPluginOptions {
  /** The shared document, whose `suggestions` map says who made each suggestion. */
  ydoc: Y.Doc
}

/**
 * The plugins of suggestions (track changes): prosemirror-suggest-changes' own (whether this
 * person is suggesting, never shared; skipping its invisible boundary markers), and ours, which
 * lists the suggestions in the text with their authors and colours them by author.
 */
export function suggestionsPlugins({ ydoc }: SuggestionsPluginOptions): Plugin[] {
  const plugin = new Plugin<SuggestionsState>({
    key: suggestionsKey,
    state: {
      init: (_config, state) => build(state.doc, ydoc),
      apply(tr: Transaction, value: SuggestionsState, _old: EditorState, state: EditorState): SuggestionsState {
        const authorsChanged = (tr.getMeta(suggestionsKey) as AuthorsChanged | undefined)?.authorsChanged === true
        if (authorsChanged) return build(state.doc, ydoc)
        if (!tr.docChanged || (value.suggestions.length === 0 && !tr.steps.some(touchesSuggestions))) return value
        if (tr.steps.some((step, index) => touchesSuggestions(step) || mayChangeSuggestions(step, tr.docs[index]))) return build(state.doc, ydoc)
        // An edit away from every suggestion (a keystroke elsewhere): the suggestions only move.
        return {
          suggestions: value.suggestions.map((suggestion) => ({ ...suggestion, from: tr.mapping.map(suggestion.from), to: tr.mapping.map(suggestion.to, -1) })),
          decorations: value.decorations.map(tr.mapping, tr.doc),
        }
      },
    },
    props: {
      decorations: (state) => suggestionsKey.getState(state)?.decorations,
    },
    view(view) {
      const map = suggestionAuthorsMap(ydoc)
      let changed = false
      const note = () => {
        changed = true
      }
      // Dispatch only once every observer has run: a remote update that brings text too is then
      // in the editor already (dispatching before y-prosemirror's observer would write the stale
      // text back to Yjs).
      const refresh = () => {
        if (!changed || view.isDestroyed) return
        changed = false
        view.dispatch(view.state.tr.setMeta(suggestionsKey, { authorsChanged: true } satisfies AuthorsChanged))
      }
      map.observe(note)
      ydoc.on('afterAllTransactions', refresh)
      return {
        destroy: () => {
          map.unobserve(note)
          ydoc.off('afterAllTransactions', refresh)
        },
      }
    },
  })
  return [suggestChanges(), plugin]
}

/** The suggestions in the text, in document order; empty without the plugin. */
export function getSuggestions(state: EditorState): readonly ListedSuggestion[] {
  return suggestionsKey.getState(state)?.suggestions ?? []
}
