import type { AnnotationRecord, Person, ThreadEntry, ThreadState } from './annotation'

/**
 * Where an annotation's comment thread stands (docs/data-model.md, "Comment threads"): `open`
 * (being discussed) or `resolved` (folded away until someone needs it again). Derived from the
 * comments and the `thread` entry, never stored, so every replica agrees in any sync order.
 */
export interface ThreadStatus {
  state: ThreadState
  /**
   * Who resolved the thread, or last reopened it, and when — the author and time of the comment
   * that reopened it when a comment did; null for a thread nobody has resolved.
   */
  by: Person | null
  at: string | null
  /** Open again because of a comment dated after the resolution (`by`/`at` are the comment's). */
  reopenedByComment: boolean
  comments: number
}

/**
 * The thread status of a record:
 * - without comments, or without a `thread` entry: `open`;
 * - `thread` says `open` (someone reopened it): `open`, by them;
 * - `thread` says `resolved`: `resolved`, unless a comment is dated after the resolution (one
 *   written at the same time by someone who had not seen it, or later by a client that did not
 *   write `open`): then `open`, reopened by the first such comment.
 * A comment dated exactly at the resolution counts as seen by it.
 */
export function threadStatusOf(record: Pick<AnnotationRecord, 'comments' | 'thread'>): ThreadStatus {
  const comments = record.comments.length
  const entry = record.thread
  if (comments === 0 || !entry) return { state: 'open', by: null, at: null, reopenedByComment: false, comments }
  if (entry.state === 'open') return { state: 'open', by: entry.by, at: entry.at, reopenedByComment: false, comments }
  // Times are compared as instants, never as text ("…:00Z" sorts after "…:00.500Z"); the earliest
  // comment after the resolution is the one that reopened it.
  const resolvedAt = Date.parse(entry.at)
  let later: AnnotationRecord['comments'][number] | null = null
  for (const comment of record.comments) {
    const at = Date.parse(comment.createdAt)
    if (at > resolvedAt && (later === null || at < Date.parse(later.createdAt))) later = comment
  }
  if (later) return { state: 'open', by: later.author, at: later.createdAt, reopenedByComment: true, comments }
  return { state: 'resolved', by: entry.by, at: entry.at, reopenedByComment: false, comments }
}

/**
 * The thread status as exports carry it, in the shape of the `thread` entry (an import writes it
 * back as that entry and reads the same state): null for a thread nobody has resolved.
 */
export function exportedThread(status: ThreadStatus): ThreadEntry | null {
  return status.by && status.at ? { state: status.state, by: status.by, at: status.at } : null
}

/** What a person who may annotate can do with the thread now: resolve it (open, with comments), reopen it, or nothing. */
export function threadAction(status: ThreadStatus): 'resolve' | 'reopen' | null {
  if (status.state === 'resolved') return 'reopen'
  return status.comments > 0 ? 'resolve' : null
}
