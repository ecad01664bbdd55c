import type { SourceMetadata } from '../../../editor/model/document-source'
import { isWebUrl } from '../../../editor/model/web-url'
import { joinNames, languageName, readableDate } from '../document-details-fields'

/**
 * The line under the document's title: authors, publisher, publication date, language and a link
 * to the source (a new tab, no referrer). Renders nothing when no source is known, unless `onAdd`
 * is given (an editor), which shows a button to add one.
 */
export function DocumentByline({ source, onAdd }: { source: SourceMetadata; onAdd?: () => void }) {
  const parts = [
    source.authors ? `By ${joinNames(source.authors)}` : null,
    source.publisher ?? null,
    source.published ? readableDate(source.published) : null,
    source.language ? languageName(source.language) : null,
  ].filter((part): part is string => part !== null)
  // The reader validated the URL already; checked again here because this is where it becomes an href.
  const url = isWebUrl(source.url) ? source.url : null
  if (parts.length === 0 && !url) {
    return onAdd ? (
      <button type="button" className="byline-add" onClick={onAdd}>
        Add the source…
      </button>
    ) : null
  }
  return (
    <span className="byline" data-testid="document-byline">
      {parts.map((part, index) => (
        <span key={index} className="byline-part" dir="auto">
          {part}
        </span>
      ))}
      {url && (
        <a className="byline-part" href={url} target="_blank" rel="noopener noreferrer" title={url}>
          Source ↗
        </a>
      )}
    </span>
  )
}
