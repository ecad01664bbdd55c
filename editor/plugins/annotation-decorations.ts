import type { Node as PMNode } from 'prosemirror-model'
import { Decoration, DecorationSet } from 'prosemirror-view'
import { TYPE_LABELS } from '../model/annotation-labels'
import type { ResolvedAnnotation } from '../model/resolve-annotations'

/** The hover text of a highlight: type and summary, and the review warning when it applies. */
function annotationTitle(annotation: ResolvedAnnotation): string {
  const { record } = annotation
  const detail =
    record.type === 'quote'
      ? record.attrs.speaker
      : record.type === 'claim'
        ? [record.attrs.verdict && record.attrs.verdict !== 'unreviewed' ? record.attrs.verdict : '', record.attrs.summary].filter(Boolean).join(' — ')
        : [record.attrs.date, record.attrs.summary].filter(Boolean).join(' — ')
  const warning = annotation.review?.state === 'needs-re-review' ? ' (needs re-review)' : annotation.changedSinceReview ? ' (changed since review)' : ''
  return `${TYPE_LABELS[record.type]}${detail ? `: ${detail}` : ''}${warning}`
}

/** A claim's verdict when it has one other than `unreviewed`, else null. */
function claimVerdict(annotation: ResolvedAnnotation): string | null {
  const { record } = annotation
  return record.type === 'claim' && record.attrs.verdict && record.attrs.verdict !== 'unreviewed' ? record.attrs.verdict : null
}

/** Which annotation is selected and which one flashes (just revealed); their highlights show it. */
export interface Emphasis {
  readonly selectedId: string | null
  readonly flashingId: string | null
}

/** The highlight of one attached annotation; its spec carries `annotationId`. */
function decorationFor(annotation: ResolvedAnnotation, emphasis: Emphasis): Decoration {
  const classes = ['annotation', `annotation-${annotation.type}`]
  if (annotation.changedSinceReview) classes.push('is-changed')
  const verdict = claimVerdict(annotation)
  // The verdict shows in the text: the claim's underline takes its colour and style.
  if (verdict) classes.push(`claim-verdict-${verdict}`)
  if (annotation.id === emphasis.selectedId) classes.push('is-selected')
  if (annotation.id === emphasis.flashingId) classes.push('is-flashing')
  return Decoration.inline(
    annotation.from,
    annotation.to,
    {
      // A wrapper of its own: without nodeName, overlapping inline decorations share one span and
      // the inner one's id, type and title overwrite the outer one's on the words they share.
      nodeName: 'span',
      class: classes.join(' '),
      'data-annotation-id': annotation.id,
      'data-annotation-type': annotation.type,
      ...(verdict ? { 'data-verdict': verdict } : {}),
      title: annotationTitle(annotation),
    },
    { annotationId: annotation.id },
  )
}

/** The highlights of every attached annotation. */
export function decorationsFor(annotations: readonly ResolvedAnnotation[], emphasis: Emphasis): Decoration[] {
  return annotations.filter((a) => a.status === 'attached').map((a) => decorationFor(a, emphasis))
}

/**
 * Swaps the highlights of the annotations `ids` for fresh ones built from `annotations`. Old
 * highlights are looked up only inside `ranges` (where they can be), so the cost follows the
 * number of annotations changed, not the number in the document; when they are a large share of
 * all annotations, every highlight is drawn again instead.
 */
export function redecorate(
  decorations: DecorationSet,
  doc: PMNode,
  ids: ReadonlySet<string>,
  ranges: readonly (readonly [number, number])[],
  annotations: readonly ResolvedAnnotation[],
  emphasis: Emphasis,
): DecorationSet {
  if (ids.size === 0) return decorations
  // Swapping a large share one by one costs more than drawing them all again.
  if (ids.size * 8 > annotations.length) return DecorationSet.create(doc, decorationsFor(annotations, emphasis))
  const stale = new Set<Decoration>()
  for (const [from, to] of ranges) {
    for (const decoration of decorations.find(from, to, (spec: { annotationId: string }) => ids.has(spec.annotationId))) stale.add(decoration)
  }
  const fresh = decorationsFor(
    annotations.filter((a) => ids.has(a.id)),
    emphasis,
  )
  return decorations.remove([...stale]).add(doc, fresh)
}
