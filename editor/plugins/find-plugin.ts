import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state'
import { Mapping, StepMap } from 'prosemirror-transform'
import type { DecorationSet } from 'prosemirror-view'
import { ySyncPluginKey } from 'y-prosemirror'
import { MAX_FIND_MATCHES, type FindQuery } from '../model/find-text'
import { decorateMatches, redecorateMatches } from './find-decorations'
import { createBlockMatchCache, findInDocument, matchIndexFrom, type BlockMatchCache, type FindMatch } from './find-matches'
import { indexedForChildren } from './indexed-decorations'

/** The find plugin's state: the query, its matches in the document, and which one is current. */
export interface FindPluginState {
  /** What is searched for; null while find is closed. */
  readonly query: FindQuery | null
  /** The matches in document order, at most {@link MAX_FIND_MATCHES}. */
  readonly matches: readonly FindMatch[]
  /** True when the document has more matches than `matches` holds. */
  readonly capped: boolean
  /** The index of the current match in `matches`, or -1 when there is none. */
  readonly current: number
  readonly decorations: DecorationSet
  /** The query's matches per text block, so an edit searches only the blocks it changed. */
  readonly cache: BlockMatchCache
  /** Counts the queries set and the steps taken (not edits of the text): see {@link findSignature}. */
  readonly moves: number
}

type FindMeta = { readonly query: FindQuery | null } | { readonly step: 1 | -1 }

const findPluginKey = new PluginKey<FindPluginState>('spanwise-find')

const CLOSED: Omit<FindPluginState, 'decorations'> = { query: null, matches: [], capped: false, current: -1, cache: createBlockMatchCache(), moves: 0 }

function decorate(state: Omit<FindPluginState, 'decorations'>, doc: EditorState['doc']): FindPluginState {
  return { ...state, decorations: decorateMatches(doc, state.matches, state.current) }
}

/** `next` with the previous highlights mapped through `mapping` and changed where they differ. */
function redecorate(prev: FindPluginState, next: Omit<FindPluginState, 'decorations'>, mapping: Mapping, doc: EditorState['doc']): FindPluginState {
  return { ...next, decorations: redecorateMatches(prev.decorations, mapping, doc, next.matches, next.current) }
}

/** A new query (or null: find closed): every block searched afresh, the current match the first at or after `from`. */
function withQuery(prev: FindPluginState, query: FindQuery | null, state: EditorState): FindPluginState {
  const moves = prev.moves + 1
  if (query === null) return decorate({ ...CLOSED, moves }, state.doc)
  const cache = createBlockMatchCache()
  const { matches, capped } = findInDocument(state.doc, query, MAX_FIND_MATCHES, cache)
  return decorate({ query, matches, capped, current: matchIndexFrom(matches, state.selection.from), cache, moves }, state.doc)
}

/** The current match moved one step, wrapping around at either end. */
function stepped(prev: FindPluginState, step: 1 | -1, doc: EditorState['doc']): FindPluginState {
  const count = prev.matches.length
  if (count === 0) return prev
  const current = prev.current === -1 ? (step > 0 ? 0 : count - 1) : (prev.current + step + count) % count
  return redecorate(prev, { ...prev, current, moves: prev.moves + 1 }, new Mapping(), doc)
}

/**
 * The document changed under an open query: only changed blocks are searched again, and the
 * current match stays the one it was (mapped through the change), or becomes the next one when
 * the change removed it. `mapping` maps old positions to new ones.
 */
function afterDocChange(prev: FindPluginState, mapping: Mapping, state: EditorState): FindPluginState {
  if (prev.query === null) return prev
  const { matches, capped } = findInDocument(state.doc, prev.query, MAX_FIND_MATCHES, prev.cache)
  const anchor = prev.current === -1 ? state.selection.from : mapping.map(prev.matches[prev.current].from, 1)
  return redecorate(prev, { ...prev, matches, capped, current: matchIndexFrom(matches, anchor) }, mapping, state.doc)
}

/**
 * How a remote change moved positions, from a character diff of the two documents. y-prosemirror
 * brings a remote change by replacing the whole document, whose own mapping would send every
 * position to an end. Unchanged blocks are the same node objects, so the diff skips them at once.
 * Where a diff cannot tell which of repeated characters changed ("aa" to "aaa") it picks one,
 * which moves the current match at most to a neighbour.
 */
function diffMapping(oldDoc: EditorState['doc'], newDoc: EditorState['doc']): Mapping {
  const start = oldDoc.content.findDiffStart(newDoc.content)
  if (start === null) return new Mapping()
  let { a: oldEnd, b: newEnd } = oldDoc.content.findDiffEnd(newDoc.content)!
  const overlap = start - Math.min(oldEnd, newEnd)
  if (overlap > 0) {
    oldEnd += overlap
    newEnd += overlap
  }
  return new Mapping([new StepMap([start, oldEnd - start, newEnd - start])])
}

function applyTransaction(tr: Transaction, prev: FindPluginState, oldState: EditorState, state: EditorState): FindPluginState {
  const meta = tr.getMeta(findPluginKey) as FindMeta | undefined
  if (meta && 'query' in meta) return withQuery(prev, meta.query, state)
  let next = prev
  if (tr.docChanged && prev.query !== null) {
    const mapping = tr.getMeta(ySyncPluginKey) !== undefined ? diffMapping(oldState.doc, state.doc) : tr.mapping
    next = afterDocChange(prev, mapping, state)
  }
  if (meta && 'step' in meta) next = stepped(next, meta.step, state.doc)
  return next
}

/**
 * Find in the document: highlights every match of the query (see `findInDocument`) as a
 * decoration, the current one with the class `find-match-current` as well, and keeps them in step
 * with every change of the text, local or remote. Costs nothing while find is closed.
 */
export function findPlugin(): Plugin<FindPluginState> {
  return new Plugin<FindPluginState>({
    key: findPluginKey,
    state: {
      init: (_config, state) => decorate(CLOSED, state.doc),
      apply: applyTransaction,
    },
    props: {
      // Looked up per block by binary search, not the stock scan of every decorated block (see indexedForChildren).
      decorations: (state) => {
        const decorations = findPluginKey.getState(state)?.decorations
        return decorations && indexedForChildren(decorations)
      },
    },
  })
}

/** The find plugin's state, or null when the plugin is not installed. */
export function findFindState(state: EditorState): FindPluginState | null {
  return findPluginKey.getState(state) ?? null
}

/** A transaction that searches for `query` (null closes find: no highlights, no matches). */
export function setFindQuery(tr: Transaction, query: FindQuery | null): Transaction {
  return tr.setMeta(findPluginKey, { query })
}

/** A transaction that makes the next (1) or previous (-1) match current, wrapping around. */
export function stepFindMatch(tr: Transaction, step: 1 | -1): Transaction {
  return tr.setMeta(findPluginKey, { step })
}

/**
 * What the find bar must show at once, as a string that changes when it does: the query, and each
 * new search or step (the count and current match they bring). Edits of the text change the count
 * too, but not this: like the rest of typing, they can wait for a pause. Empty while find is closed
 * or the plugin is not installed.
 */
export function findSignature(state: EditorState): string {
  const find = findFindState(state)
  if (!find || find.query === null) return ''
  return `${find.query.matchCase ? 'Aa' : 'aa'}:${find.query.text}|${find.moves}`
}
