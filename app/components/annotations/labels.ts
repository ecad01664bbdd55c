import type { AnnotationType, Verdict } from '../../../editor/model/annotation'

export const TYPE_LABELS: Record<AnnotationType, string> = { event: 'Event', quote: 'Quote', claim: 'Claim' }

export const VERDICT_LABELS: Record<Verdict, string> = {
  unreviewed: 'Unreviewed',
  supported: 'Supported',
  disputed: 'Disputed',
  false: 'False',
  misleading: 'Misleading',
  unverifiable: 'Unverifiable',
}

/** Shortcut digits of Mod-Alt-1…3, per type. */
export const TYPE_SHORTCUTS: Record<AnnotationType, string> = { event: '1', quote: '2', claim: '3' }
