import { useId, useState } from 'react'
import type { AnnotationFindResult, AnnotationFindResults } from '../../../editor/model/find-annotations'
import { TYPE_LABELS } from '../../../editor/model/annotation-labels'

const plural = (count: number, one: string, many: string) => `${count.toLocaleString('en')} ${count === 1 ? one : many}`

/**
 * The annotations whose content matches find's query, under the find bar: a summary ("Also in 4
 * annotations") that shows or hides the list, and one button per annotation that opens it. Every
 * string comes from other people's annotations: rendered as text, already cut short.
 */
export function FindResults({ found, onOpen }: { found: AnnotationFindResults; onOpen: (result: AnnotationFindResult) => void }) {
  const [expanded, setExpanded] = useState(true)
  const listId = useId()
  if (found.total === 0) return null
  const hidden = found.total - found.results.length
  return (
    <div className="find-results" data-testid="find-annotation-results">
      <button type="button" className="find-results-toggle" aria-expanded={expanded} aria-controls={listId} onClick={() => setExpanded(!expanded)}>
        <span className="find-results-chevron" aria-hidden="true" />
        Also in {plural(found.total, 'annotation', 'annotations')}
      </button>
      {expanded && (
        <ul id={listId} className="find-results-list" aria-label="Annotations that match">
          {found.results.map((result) => (
            <li key={result.id}>
              <button type="button" className="find-result" data-find-result={result.id} onClick={() => onOpen(result)}>
                <span className={`type-badge type-${result.type}`}>{TYPE_LABELS[result.type]}</span>
                <span className="find-result-words">
                  “<bdi>{result.words}</bdi>”
                </span>
                <span className="find-result-where">
                  <span className="find-result-field">{result.field}:</span>{' '}
                  <bdi>
                    {result.excerpt.before}
                    <mark>{result.excerpt.match}</mark>
                    {result.excerpt.after}
                  </bdi>
                  {result.otherFields > 0 && <span className="find-result-more"> · {plural(result.otherFields, 'more field', 'more fields')}</span>}
                </span>
              </button>
            </li>
          ))}
          {hidden > 0 && <li className="find-results-more muted small-text">and {plural(hidden, 'more annotation', 'more annotations')} — refine the search to see them</li>}
        </ul>
      )}
    </div>
  )
}
