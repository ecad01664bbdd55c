import { TYPE_LABELS } from '../../../editor/model/annotation-labels'
import type { AnnotationSummary } from '../../../editor/versions/annotation-changes'
import { describeFieldChange } from '../../../editor/versions/change-wording'
import { foldUnchanged, type VersionComparison } from '../../../editor/versions/compare-versions'
import type { BlockDiff } from '../../../editor/versions/text-comparison'

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`

/** One compared block: inserted words underlined green, deleted words struck red. */
function DiffBlockView({ block }: { block: BlockDiff }) {
  const Tag = block.type === 'heading' ? (`h${Math.min(3, Math.max(1, block.level ?? 2))}` as 'h1' | 'h2' | 'h3') : 'p'
  return (
    <Tag className={`diff-block diff-block-${block.kind}`} dir="auto" data-diff={block.kind}>
      {block.segments.map((segment, index) =>
        segment.kind === 'inserted' ? (
          <ins key={index} className="diff-ins" data-testid="diff-ins">
            {segment.text}
          </ins>
        ) : segment.kind === 'deleted' ? (
          <del key={index} className="diff-del" data-testid="diff-del">
            {segment.text}
          </del>
        ) : (
          <span key={index}>{segment.text}</span>
        ),
      )}
      {block.was && <span className="diff-was"> (was {block.was.type === 'heading' ? `heading ${block.was.level ?? ''}`.trim() : 'a paragraph'})</span>}
    </Tag>
  )
}

/** The text of the comparison: changes shown in place, long unchanged stretches folded. */
export function ComparedText({ comparison }: { comparison: VersionComparison }) {
  const stretches = foldUnchanged(comparison.text.blocks)
  if (comparison.text.blocks.every((block) => block.kind === 'same')) {
    return <p className="notice">The text is the same in this version and now.</p>
  }
  return (
    <div className="article-body diff-body" data-testid="compare-text">
      {stretches.map((stretch, index) =>
        stretch.kind === 'shown' ? (
          stretch.blocks.map((block, at) => <DiffBlockView key={`${index}-${at}`} block={block} />)
        ) : (
          <details key={index} className="diff-fold">
            <summary>{count(stretch.blocks.length, 'unchanged paragraph', 'unchanged paragraphs')}</summary>
            {stretch.blocks.map((block, at) => (
              <DiffBlockView key={at} block={block} />
            ))}
          </details>
        ),
      )}
    </div>
  )
}

function AnnotationLine({ annotation }: { annotation: AnnotationSummary }) {
  return (
    <>
      <span className={`type-badge type-${annotation.type}`}>{TYPE_LABELS[annotation.type]}</span> <span className="change-words">“{annotation.exact}”</span>
    </>
  )
}

/** Annotations added, removed and changed since the version, each with what changed, as plain text. */
export function AnnotationChangesList({ comparison }: { comparison: VersionComparison }) {
  const { added, removed, changed } = comparison.annotations
  if (added.length + removed.length + changed.length === 0) return <p className="muted small-text">No annotation changed.</p>
  return (
    <div className="annotation-changes">
      {added.length > 0 && (
        <section aria-label="Annotations added">
          <h3 className="subsection-title">Added {added.length}</h3>
          <ul className="change-list">
            {added.map((annotation) => (
              <li key={annotation.id} className="change-item change-added" data-testid="annotation-added">
                <AnnotationLine annotation={annotation} />
                <span className="change-by"> by {annotation.createdBy.name}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {removed.length > 0 && (
        <section aria-label="Annotations removed">
          <h3 className="subsection-title">Removed {removed.length}</h3>
          <ul className="change-list">
            {removed.map((annotation) => (
              <li key={annotation.id} className="change-item change-removed" data-testid="annotation-removed">
                <AnnotationLine annotation={annotation} />
              </li>
            ))}
          </ul>
        </section>
      )}
      {changed.length > 0 && (
        <section aria-label="Annotations changed">
          <h3 className="subsection-title">Changed {changed.length}</h3>
          <ul className="change-list">
            {changed.map((annotation) => (
              <li key={annotation.id} className="change-item change-changed" data-testid="annotation-changed">
                <AnnotationLine annotation={annotation} />
                <ul className="change-fields">
                  {annotation.changes.map((change) => (
                    <li key={change.field}>{describeFieldChange(change)}</li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  )
}

/** The comparison's counts, for the panel's heading: "+12 words, −5 words". */
export function ComparisonCounts({ comparison }: { comparison: VersionComparison }) {
  const { insertedWords, deletedWords } = comparison.text
  return (
    <p className="diff-counts" data-testid="compare-counts">
      <span className="diff-count-ins">+{count(insertedWords, 'word', 'words')}</span> <span className="diff-count-del">−{count(deletedWords, 'word', 'words')}</span>
    </p>
  )
}
