import { TYPE_LABELS, VERDICT_LABELS } from '../../../editor/model/annotation-labels'
import type { SnapshotAnnotation } from '../../../editor/export/snapshot'
import type { Verdict } from '../../../editor/model/annotation'

/** The annotations of a version as they were: type, words, verdict, note, comments. Plain text only. */
export function VersionAnnotations({ annotations }: { annotations: readonly SnapshotAnnotation[] }) {
  if (annotations.length === 0) return <p className="muted small-text">This version has no annotations.</p>
  return (
    <ul className="change-list" data-testid="version-annotations">
      {annotations.map((annotation) => {
        const verdict = annotation.type === 'claim' ? (annotation.attrs as { verdict?: Verdict }).verdict : undefined
        return (
          <li key={annotation.id} className="change-item" data-testid="version-annotation" data-annotation-id={annotation.id}>
            <span className={`type-badge type-${annotation.type}`}>{TYPE_LABELS[annotation.type]}</span>{' '}
            {verdict && verdict !== 'unreviewed' && <span className={`verdict-badge verdict-${verdict}`}>{VERDICT_LABELS[verdict]}</span>}{' '}
            {annotation.state === 'detached' && <span className="warning-badge">Detached</span>} <span className="change-words">“{annotation.exact}”</span>
            {annotation.note && <p className="change-note">{annotation.note}</p>}
            {annotation.comments.length > 0 && <p className="muted small-text">{annotation.comments.length === 1 ? '1 comment' : `${annotation.comments.length} comments`}</p>}
          </li>
        )
      })}
    </ul>
  )
}
