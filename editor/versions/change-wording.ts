import { REVIEW_STATE_LABELS, TYPE_LABELS, VERDICT_LABELS } from '../model/annotation-labels'
import type { AnnotationFieldChange } from './annotation-changes'

/** Words longer than this are cut with "…" in a change's description. */
const QUOTE_CHARS = 80

function quote(text: string): string {
  const flat = text.replace(/\s+/gu, ' ').trim()
  return `“${flat.length > QUOTE_CHARS ? `${flat.slice(0, QUOTE_CHARS - 1)}…` : flat}”`
}

/** One change of an annotation as people read it: "verdict: Unreviewed → False", "comments: 0 → 2". Plain text. */
export function describeFieldChange(change: AnnotationFieldChange): string {
  switch (change.field) {
    case 'attachment':
      return change.after === 'detached' ? 'detached: its words were deleted' : 're-attached to words'
    case 'words':
      return `words: ${quote(change.before)} → ${quote(change.after)}`
    case 'type':
      return `type: ${TYPE_LABELS[change.before]} → ${TYPE_LABELS[change.after]}`
    case 'verdict':
      return `verdict: ${VERDICT_LABELS[change.before]} → ${VERDICT_LABELS[change.after]}`
    case 'review':
      return `review: ${change.before ? REVIEW_STATE_LABELS[change.before] : 'none'} → ${change.after ? REVIEW_STATE_LABELS[change.after] : 'none'}`
    case 'attributes':
      return `${change.names.length === 1 ? 'field' : 'fields'} changed: ${change.names.join(', ')}`
    case 'note':
      return !change.before ? `note added: ${quote(change.after)}` : !change.after ? 'note removed' : `note: ${quote(change.before)} → ${quote(change.after)}`
    case 'comments':
      return `comments: ${change.before} → ${change.after}`
    case 'links':
      return `links: ${change.before} → ${change.after}`
    case 'comment-text':
      return `${change.edited === 1 ? 'a comment' : `${change.edited} comments`} edited`
    case 'thread':
      return change.after === 'resolved' ? 'thread resolved' : 'thread reopened'
    case 'link-targets':
      return `${change.changed === 1 ? 'a link' : `${change.changed} links`} retargeted or retyped`
  }
}
