import type { SourceMetadata } from '../../../editor/model/document-source'
import { isWebUrl, webUrlHost } from '../../../editor/model/web-url'
import { joinNames, languageName, readableDate } from '../document-details-fields'

/** The known fields of the document's source, as rows of a `<dl>`: the address as a link (a new tab, no referrer). */
export function DocumentSourceFacts({ source }: { source: SourceMetadata }) {
  return (
    <>
      {isWebUrl(source.url) && (
        <>
          <dt>Source</dt>
          <dd>
            <a href={source.url} target="_blank" rel="noopener noreferrer" title={source.url} data-testid="source-link">
              {webUrlHost(source.url)} ↗
            </a>
          </dd>
        </>
      )}
      {source.publisher && (
        <>
          <dt>Publisher</dt>
          <dd dir="auto">{source.publisher}</dd>
        </>
      )}
      {source.authors && (
        <>
          <dt>{source.authors.length === 1 ? 'Author' : 'Authors'}</dt>
          <dd dir="auto">{joinNames(source.authors)}</dd>
        </>
      )}
      {source.published && (
        <>
          <dt>Published</dt>
          <dd>
            <time dateTime={source.published}>{readableDate(source.published)}</time>
          </dd>
        </>
      )}
      {source.language && (
        <>
          <dt>Language</dt>
          <dd>{languageName(source.language)}</dd>
        </>
      )}
    </>
  )
}
